"""Dates from article text: temporal expressions (`timex`), their calendar periods (`calendar`) and
the words they belong to (`attach`), used by the `dates` stage to date each event."""

from __future__ import annotations

from .attach import orient, owner, tense
from .calendar import Reading
from .timex import Timex, duration_range, find_timexes, oriented

__all__ = ["Timex", "Reading", "find_timexes", "oriented", "duration_range", "orient", "owner", "tense"]
