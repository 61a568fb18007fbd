"""petrarch2-validation unit tests: CAMEO event codes on stylised sentences with toy (Tolkien) actors.

Scored at the CAMEO root (first two digits), which is what a PLOVER engine can be held to:
- per sentence, the gold root set vs the roots of the events Tacitus emits;
- coding recall (gold codings whose root Tacitus emits), event precision (emitted events whose root
  is gold), false-positive rate on the "noevents" sentences;
- root accuracy on single-coding sentences: the most confident event's root vs the gold root.
Sentences coded with the unit-test dictionary's private codes (9xx, 2xx, 3xx, 8xx: no CAMEO root) are
left out. The tests also use pre-1.0 CAMEO codes (032/033 for visits, 064 for restoring diplomatic ties,
041 for welcoming), so expect disagreements that are the codebook's, not the coder's; --errors lists them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..api import pipeline
from ..model import Article
from ..settings import Settings
from .metrics import NONE, Report, classification

__all__ = ["Item", "load", "evaluate"]


@dataclass(frozen=True)
class Item:
    id: str
    category: str
    text: str
    roots: tuple[str, ...]        # gold CAMEO roots, empty for "noevents"


def load(folder: Path, limit: int | None = None) -> list[Item]:
    tree = ET.parse(folder / "PETR.UnitTest.records.xml")
    out = []
    for sent in tree.getroot().iter("Sentence"):
        text_el = sent.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        codes = [c.get("eventcode", "") for c in sent.findall("EventCoding") if c.get("eventcode")]
        text = re.sub(r"\s+", " ", text_el.text).strip()
        roots = {c[:2] for c in codes}
        if any(not (r.isdigit() and 1 <= int(r) <= 20) for r in roots):
            continue            # a test-only code of the unit-test dictionary (9xx, 2xx, 3xx, 8xx): no CAMEO root
        out.append(Item(sent.get("id", ""), sent.get("category", ""), text, tuple(sorted(roots))))
        if limit and len(out) >= limit:
            break
    return out


def evaluate(folder: Path, settings: Settings, limit: int | None = None) -> Report:
    items = load(folder, limit)
    report = Report("petrarch2-validation (unit tests, CAMEO root)", len(items))
    articles = [Article(text=i.text, doc_id=i.id, kind="json") for i in items]
    hit = n_gold = correct_events = n_events = exact = fp_noevent = n_noevent = 0
    single_gold, single_pred = [], []
    for item, result in zip(items, pipeline(settings).run(articles)):
        roots = [e.cameo[:2] for e in result.events if e.cameo]
        predicted = set(roots)
        n_events += len(roots)
        correct_events += sum(1 for r in roots if r in item.roots)
        if not item.roots:
            n_noevent += 1
            fp_noevent += bool(roots)
        n_gold += len(item.roots)
        hit += sum(1 for r in item.roots if r in predicted)
        exact += predicted == set(item.roots)
        if len(item.roots) == 1:
            top = max(result.events, key=lambda e: e.confidence, default=None)
            single_gold.append(item.roots[0])
            single_pred.append(top.cameo[:2] if top and top.cameo else NONE)
        if predicted != set(item.roots):
            report.errors.append(f"{item.id:14} gold {','.join(item.roots) or '-':8} got "
                                 f"{','.join(sorted(predicted)) or '-':8} | {item.text}")
    report.figures.update({
        "coding root recall": round(hit / max(1, n_gold), 4),
        "event root precision": round(correct_events / max(1, n_events), 4),
        "sentences with exactly the gold root set": round(exact / max(1, len(items)), 4),
        "noevents sentences with a false event": f"{fp_noevent}/{n_noevent}",
    })
    report.sections["root accuracy, single-coding sentences (top event)"] = classification(single_gold, single_pred)
    return report
