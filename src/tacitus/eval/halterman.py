"""event-location-halterman: which place (if any) a sentence gives for one event verb.

Each record marks an event VERB and the LOCATION span(s) where that event happened (none: the sentence
does not say). Tacitus parses the sentence, finds its toponyms, takes the VERB's token as the trigger and
asks `stages.places.location_for_trigger` (the logic `locate_events` uses) for the location.
Scored two ways, on the RELABEL records (496, the adjudicated gold set) and on all accepted records:
- accuracy over the two-way outcome: right when both say "no location", or the predicted span overlaps
  a gold LOCATION span;
- location linking P/R/F1: precision over predicted locations, recall over records with a gold location
  (a wrong span counts against both); and the "no location" class scored as its own class.
Gold offsets are rebuilt from token offsets (upstream zip) where a record's character offsets are wrong.
Single sentences carry no paragraph, so only the trigger and sentence rules apply.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..api import pipeline
from ..places.gazetteer import Gazetteer
from ..places.toponyms import find_toponyms
from ..settings import Settings
from ..stages.places import location_for_trigger
from .metrics import Report, classification

__all__ = ["Record", "load", "evaluate"]

_NO = "no location"
_YES = "location"


@dataclass(frozen=True)
class Record:
    id: str
    relabel: bool
    text: str
    verb: tuple[int, int]
    locations: tuple[tuple[int, int], ...]


def _token_spans(folder: Path) -> list[tuple[tuple[str, str, str], list[tuple[int, int, str]]]]:
    """Per upstream record, in file order: its (source, id, text) and its spans with character offsets
    rebuilt from their token offsets (empty where the token offsets are unusable).

    Some records (many RELABEL ones) carry wrong character offsets but right token offsets; the slim
    file keeps only the former. Records are matched by position, not by id: the same id and sentence
    recur under other sources and other verbs (a RELABEL record and its raw annotation share both), so
    a lookup by id and text would hand one record another's spans."""
    upstream = folder / "labeled_text.jsonl.zip"
    if not upstream.is_file():
        return []
    with zipfile.ZipFile(upstream) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".jsonl") and "__MACOSX" not in n)
        rows = json.loads(archive.read(name))
    out = []
    for row in rows:
        tokens = row.get("tokens") or []
        spans = []
        for span in row.get("spans") or []:
            a, b = span.get("token_start"), span.get("token_end")
            if a is None or b is None or not (0 <= a <= b < len(tokens)):
                spans = []
                break
            spans.append((tokens[a]["start"], tokens[b]["end"], span["label"]))
        out.append(((str(row.get("source", "")), str(row.get("_id", row.get("doc_id", ""))), row["text"]), spans))
    return out


def load(path: Path, limit: int | None = None) -> list[Record]:
    """Accepted records (answer "accept", or RELABEL gold) that mark exactly one VERB."""
    out = []
    repaired = _token_spans(path.parent)
    with path.open(encoding="utf-8") as handle:
        for position, line in enumerate(handle):
            row = json.loads(line)
            relabel = row.get("source") == "RELABEL" or bool(row.get("gold_relabel"))
            if row.get("answer") != "accept" and not relabel:
                continue
            key, rebuilt = repaired[position] if position < len(repaired) else (None, [])
            if key != (str(row.get("source", "")), str(row["id"]), row["text"]):
                rebuilt = []
            spans = rebuilt or [(s["start"], s["end"], s["label"]) for s in row["spans"]]
            verbs = [(a, b) for a, b, label in spans if label == "VERB"]
            if len(verbs) != 1:
                continue
            locs = tuple((a, b) for a, b, label in spans if label == "LOCATION" and b > a)
            out.append(Record(str(row["id"]), relabel, row["text"], verbs[0], locs))
    return out[:limit] if limit else out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(path: Path, settings: Settings, limit: int | None = None) -> Report:
    folder = path if path.is_dir() else path.parent
    records = load(folder / "event_location_slim.jsonl", limit)
    nlp = pipeline(settings).parser.nlp
    gazetteer = Gazetteer.load(settings)
    report = Report("event-location-halterman (event -> location span)", len(records))
    outcomes: dict[str, list[tuple[str, str, bool]]] = {"RELABEL": [], "accepted": []}
    for record, parsed in zip(records, nlp.pipe([r.text for r in records], batch_size=settings.batch_size)):
        span = parsed.char_span(*record.verb, alignment_mode="expand")
        if span is None or not len(span):
            continue
        toponyms = find_toponyms(parsed, gazetteer)
        found = location_for_trigger(span.root, toponyms, text=record.text)
        gold = _YES if record.locations else _NO
        pred = _YES if found else _NO
        right = (gold == pred == _NO) or (found is not None and any(
            _overlaps((found.start, found.end), loc) for loc in record.locations))
        outcomes["accepted"].append((gold, pred, right))
        if record.relabel:
            outcomes["RELABEL"].append((gold, pred, right))
        if not right:
            shown = f"{found.text!r}" if found else "none"
            golds = ", ".join(repr(record.text[a:b]) for a, b in record.locations) or "none"
            report.errors.append(f"{'RELABEL ' if record.relabel else ''}{record.id}: verb "
                                 f"{record.text[record.verb[0]:record.verb[1]]!r} got {shown}, gold {golds} | "
                                 f"{record.text[:200]}")
    for name, rows in outcomes.items():
        _score(report, name, rows)
    return report


def _score(report: Report, name: str, rows: list[tuple[str, str, bool]]) -> None:
    if not rows:
        return
    n = len(rows)
    right = sum(r for _, _, r in rows)
    tp = sum(1 for g, p, r in rows if g == p == _YES and r)
    n_pred = sum(1 for _, p, _ in rows if p == _YES)
    n_gold = sum(1 for g, _, _ in rows if g == _YES)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    f = report.figures
    f[f"{name} n"] = n
    f[f"{name} accuracy"] = round(right / n, 4)
    f[f"{name} location P"], f[f"{name} location R"], f[f"{name} location F1"] = (
        round(precision, 4), round(recall, 4), round(f1, 4))
    # the two-way view: a location of the wrong span counts as a miss of the gold's class
    gold = [g for g, _, _ in rows]
    pred = [p if (p == _NO or r) else "wrong span" for _, p, r in rows]
    report.sections[f"{name}: location vs no location"] = classification(gold, pred, (_YES, _NO))
