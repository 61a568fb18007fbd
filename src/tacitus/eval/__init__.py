"""`tacitus eval NAME`: loaders and scorers for the public development sets in ../shared/eval."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import EvalDataMissing, InputError
from ..settings import Settings
from .metrics import Report

__all__ = ["run_eval", "shared_dir", "EVALS"]


def shared_dir(settings: Settings | None = None) -> Path:
    """Where ../shared lives: the setting, else beside the working directory or the source checkout."""
    configured = (settings.shared_dir if settings else "") or os.environ.get("TACITUS_SHARED_DIR", "")
    if configured:          # an explicit place is the only place looked at
        candidates = [Path(configured)]
    else:
        here = Path(__file__).resolve()
        candidates = [Path.cwd() / "shared", Path.cwd().parent / "shared", here.parents[3].parent / "shared"]
    for candidate in candidates:
        if (candidate / "eval").is_dir():
            return candidate
    raise EvalDataMissing("../shared is not on this machine (looked in: "
                          + ", ".join(str(c) for c in candidates) + "); set TACITUS_SHARED_DIR")


def _plv(settings: Settings, limit: int | None) -> Report:
    from .plv import evaluate

    return evaluate(shared_dir(settings) / "eval" / "plv-train", settings, limit)


def _petrarch(settings: Settings, limit: int | None) -> Report:
    from .petrarch import evaluate

    return evaluate(shared_dir(settings) / "eval" / "petrarch2-validation", settings, limit)


def _meantime(settings: Settings, limit: int | None) -> Report:
    from .meantime import evaluate

    return evaluate(shared_dir(settings) / "eval" / "meantime-en", settings, limit)


def _ngec(settings: Settings, limit: int | None) -> Report:
    from .ngec import evaluate

    return evaluate(shared_dir(settings) / "eval" / "ngec-actor-coding-cases", settings, limit)


def _tempeval(settings: Settings, limit: int | None) -> Report:
    from .tempeval import evaluate

    return evaluate(shared_dir(settings) / "eval" / "tempeval3-platinum", settings, limit)


def _gritta(settings: Settings, limit: int | None) -> Report:
    from .gritta import evaluate

    return evaluate(shared_dir(settings) / "eval" / "geoparsing-gritta", settings, limit)


def _halterman(settings: Settings, limit: int | None) -> Report:
    from .halterman import evaluate

    return evaluate(shared_dir(settings) / "eval" / "event-location-halterman", settings, limit)


def _ecbplus(settings: Settings, limit: int | None) -> Report:
    from .ecbplus import evaluate

    return evaluate(shared_dir(settings) / "eval" / "ecbplus", settings, limit)


def _basil(settings: Settings, limit: int | None) -> Report:
    from .clusters import evaluate_basil

    return evaluate_basil(shared_dir(settings) / "corpora" / "basil_triplets", settings, limit)


def _roundups(settings: Settings, limit: int | None) -> Report:
    from .clusters import evaluate_roundups

    return evaluate_roundups(shared_dir(settings) / "corpora" / "allsides_roundups_neus_2021", settings, limit)


def _factuality(settings: Settings, limit: int | None) -> Report:
    from .factuality import evaluate

    return evaluate(settings, limit)      # our own set, shipped in the package: no ../shared needed


EVALS: dict[str, Callable[[Settings, int | None], Report]] = {
    "factuality": _factuality,
    "plv-train": _plv, "petrarch2-validation": _petrarch, "petrarch": _petrarch,
    "meantime": _meantime, "meantime-en": _meantime,
    "ngec-actor-coding-cases": _ngec, "ngec": _ngec,
    "tempeval3-platinum": _tempeval, "tempeval": _tempeval,
    "geoparsing-gritta": _gritta, "gritta": _gritta,
    "event-location-halterman": _halterman, "halterman": _halterman,
    "ecbplus": _ecbplus, "basil": _basil, "basil_triplets": _basil,
    "roundups": _roundups, "allsides_roundups_neus_2021": _roundups,
}


def run_eval(name: str, settings: Settings | None = None, limit: int | None = None) -> Report:
    if name not in EVALS:
        raise InputError(f"unknown evaluation set {name!r}; known: {', '.join(sorted(EVALS))}")
    return EVALS[name](settings or Settings(), limit)
