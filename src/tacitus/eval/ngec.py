"""ngec-actor-coding-cases (NGEC/POLECAT unit-test expectations): country and sector of actor phrases.

Each case is a phrase ("two Chinese warplanes"), sometimes a context word and a query date. We parse the
phrase, code it with the actors stage (`ActorStage.code_span`, the same call the pipeline makes) and
compare: country accuracy over cases with an expected country ("" = none expected), sector accuracy over
cases with an expected first code, joint accuracy over cases with both, and abstention on `expect_none`
cases (we abstain when neither country nor sector is coded). "Today" means the day the upstream tests were
written (their commit, 2025-08-13), so the score does not drift with the calendar. The one case flagged
`suspect_swapped_fields` upstream is left out. Wikipedia titles are not scored: Tacitus links to its own KB.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..actors.resolve import Memory
from ..api import pipeline
from ..settings import Settings
from .metrics import Report

__all__ = ["Case", "load", "evaluate"]

_TODAY = dt.date(2025, 8, 13)


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    context: str
    when: dt.date | None
    country: str | None          # None: not asked; "" : none expected
    sector: str | None
    expect_none: bool


def _when(value: str | None) -> dt.date | None:
    if not value or value.lower() == "today":
        return _TODAY
    for parse in (dt.date.fromisoformat, *(_strptime(f) for f in _FORMATS)):
        try:
            return parse(value.strip())
        except ValueError:
            continue
    raise ValueError(f"unreadable query_date {value!r}")       # a case silently undated would score wrong


_FORMATS = ("%d %B %Y", "%B %d, %Y")        # "1 July 2021", "October 1, 2021": the upstream tests' other forms


def _strptime(fmt: str):
    return lambda value: dt.datetime.strptime(value, fmt).date()


def load(path: Path) -> list[Case]:
    cases = []
    with open(path / "actor_coding_gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("suspect_swapped_fields"):
                continue
            cases.append(Case(row["test"], row["actor_text"], row.get("context") or "", _when(row.get("query_date")),
                              row.get("expected_country") if "expected_country" in row else None,
                              row.get("expected_code_1") if "expected_code_1" in row else None,
                              bool(row.get("expect_none"))))
    return cases


def evaluate(path: Path, settings: Settings, limit: int | None = None) -> Report:
    cases = load(path)[:limit] if limit else load(path)
    pipe = pipeline(settings)
    nlp, stage = pipe.parser.nlp, pipe.actors          # the pipeline's own stage, gazetteer included
    country_ok, sector_ok, joint_ok = [], [], []
    abstained, errors = [], []
    for case, parsed in zip(cases, nlp.pipe([c.text for c in cases])):
        memory = Memory(case.when)
        if case.context:
            stage.resolver.code(case.context, memory)          # the context names the country in focus
        coded = stage.code_span(parsed[:], memory)
        ours_c, ours_s = coded.country or "", coded.sector or ""
        if case.country is not None:
            country_ok.append(ours_c == case.country)
        if case.sector is not None:
            sector_ok.append(ours_s == case.sector)
        if case.country is not None and case.sector is not None:
            joint_ok.append(ours_c == case.country and ours_s == case.sector)
        abstained.append((not ours_c and not ours_s, case.expect_none))
        wrong = (case.country is not None and ours_c != case.country) or \
            (case.sector is not None and ours_s != case.sector)
        if wrong:
            errors.append(f"{case.text!r} ({case.when}): gold {case.country or '-'}/{case.sector or '-'}, "
                          f"ours {ours_c or '-'}/{ours_s or '-'} [{coded.kb_id or coded.name}]")
    ours_abstain = [gold for ours, gold in abstained if ours]
    gold_none = [ours for ours, gold in abstained if gold]
    report = Report("ngec-actor-coding-cases", len(cases))
    rate = lambda xs: round(sum(xs) / len(xs), 4) if xs else 0.0  # noqa: E731
    report.figures = {
        "country_accuracy": rate(country_ok), "country_n": len(country_ok),
        "sector_accuracy": rate(sector_ok), "sector_n": len(sector_ok),
        "joint_accuracy": rate(joint_ok), "joint_n": len(joint_ok),
        "abstention_precision": rate(ours_abstain), "abstentions": len(ours_abstain),
        "abstention_recall": rate(gold_none), "expect_none_n": len(gold_none),
    }
    report.notes = ["country: ISO-3 or PLOVER's IGO/UNO/EUR/NGO; sector: PLOVER's first code; '' = none expected",
                    "abstention: neither country nor sector coded; precision = share of our abstentions that "
                    "are expect_none cases"]
    report.errors = errors
    return report
