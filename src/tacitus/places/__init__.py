"""Places: a gazetteer index, toponym recognition and disambiguation (the `places` stage uses these)."""

from __future__ import annotations

from .gazetteer import Gazetteer, Place, distance_km, normalise
from .toponyms import Toponym, find_toponyms

__all__ = ["Gazetteer", "Place", "Toponym", "find_toponyms", "distance_km", "normalise"]
