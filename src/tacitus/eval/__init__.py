"""`tacitus eval NAME`: loaders and scorers for the public development sets in ../shared/eval."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from ..errors import EvalDataMissing, InputError
from ..settings import Settings
from .metrics import Report

__all__ = ["run_eval", "shared_dir", "EVALS", "EvalSet"]


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


@dataclass(frozen=True)
class EvalSet:
    """Where a dev set lives (under ../shared, or None for a set shipped in the package) and which loader
    scores it (`module.function(path, settings, limit)`, or `(settings, limit)` for our own sets)."""

    module: str
    function: str
    path: str | None

    def run(self, settings: Settings, limit: int | None) -> Report:
        loader = getattr(import_module(f"{__name__}.{self.module}"), self.function)
        if self.path is None:
            return loader(settings, limit)
        return loader(shared_dir(settings) / self.path, settings, limit)


_SETS = {
    "factuality": EvalSet("factuality", "evaluate", None),
    "plv-train": EvalSet("plv", "evaluate", "eval/plv-train"),
    "petrarch2-validation": EvalSet("petrarch", "evaluate", "eval/petrarch2-validation"),
    "meantime-en": EvalSet("meantime", "evaluate", "eval/meantime-en"),
    "ngec-actor-coding-cases": EvalSet("ngec", "evaluate", "eval/ngec-actor-coding-cases"),
    "tempeval3-platinum": EvalSet("tempeval", "evaluate", "eval/tempeval3-platinum"),
    "geoparsing-gritta": EvalSet("gritta", "evaluate", "eval/geoparsing-gritta"),
    "event-location-halterman": EvalSet("halterman", "evaluate", "eval/event-location-halterman"),
    "ecbplus": EvalSet("ecbplus", "evaluate", "eval/ecbplus"),
    "basil_triplets": EvalSet("clusters", "evaluate_basil", "corpora/basil_triplets"),
    "allsides_roundups_neus_2021": EvalSet("clusters", "evaluate_roundups", "corpora/allsides_roundups_neus_2021"),
}
_ALIASES = {"petrarch": "petrarch2-validation", "meantime": "meantime-en", "ngec": "ngec-actor-coding-cases",
            "tempeval": "tempeval3-platinum", "gritta": "geoparsing-gritta",
            "halterman": "event-location-halterman", "basil": "basil_triplets",
            "roundups": "allsides_roundups_neus_2021"}
EVALS: dict[str, EvalSet] = {**_SETS, **{alias: _SETS[name] for alias, name in _ALIASES.items()}}


def run_eval(name: str, settings: Settings | None = None, limit: int | None = None) -> Report:
    if name not in EVALS:
        raise InputError(f"unknown evaluation set {name!r}; known: {', '.join(sorted(EVALS))}")
    return EVALS[name].run(settings or Settings(), limit)
