"""petrarch2-validation unit tests: event codes on stylised sentences with toy (Tolkien) actors.

The folder README calls the codes CAMEO, but the unit-test verb dictionary (PETR.Validate.verbs.txt)
shows they are WEIS codes, CAMEO's predecessor: ARREST [212], ATTACK [223], BLAME [121], MEET [031],
VISIT [032], RESTORE (ties) [064], BANISH [201]. A CAMEO-root comparison would score the codebook,
not the coder, so each gold code is mapped to the PLOVER type(s) it corresponds to (WEIS's 22 roots,
McClelland's codebook) and Tacitus is scored on PLOVER types:
- type recall over gold codings, type precision over emitted events, exact type-set match per sentence;
- accuracy on single-coding sentences (most confident event vs gold), with per-type P/R/F1;
- the false-event rate on the "noevents" sentences.
WEIS 01 YIELD covers PLOVER's CONCEDE and RETREAT and is scored as YIELD. Codes outside WEIS (the
dictionary's private 3xx/8xx/9xx and 4-digit test codes) and WEIS 02 COMMENT (no PLOVER event) are
left out of the type scores; the sentences are still run, so crashes would show.
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

__all__ = ["Item", "load", "evaluate", "weis_to_plover"]

_YIELD = "YIELD"
# WEIS root -> PLOVER type. Sub-codes that belong elsewhere are listed in _WEIS_SUB.
_WEIS_ROOT = {"01": _YIELD, "03": "CONSULT", "04": "SUPPORT", "05": "AGREE", "06": "SUPPORT", "07": "AID",
              "08": "AGREE", "09": "REQUEST", "10": "AGREE", "11": "REJECT", "12": "ACCUSE", "13": "ACCUSE",
              "14": "REJECT", "15": "REQUEST", "16": "THREATEN", "17": "THREATEN", "18": "PROTEST",
              "19": "SANCTION", "20": "SANCTION", "21": "COERCE", "22": "ASSAULT"}
_WEIS_SUB = {"061": "CONCEDE", "063": "AID", "065": "CONCEDE", "066": _YIELD, "182": "MOBILIZE"}
_AS_YIELD = {"CONCEDE": _YIELD, "RETREAT": _YIELD}


def weis_to_plover(code: str) -> str | None:
    """The PLOVER type of a WEIS code, or None (comment, or not a WEIS code)."""
    if not re.fullmatch(r"\d{3}", code):
        return None
    if code in _WEIS_SUB:
        return _AS_YIELD.get(_WEIS_SUB[code], _WEIS_SUB[code])
    return _WEIS_ROOT.get(code[:2])


@dataclass(frozen=True)
class Item:
    id: str
    category: str
    text: str
    types: tuple[str, ...]          # gold PLOVER types; empty for "noevents"
    scorable: bool                  # False when a gold code has no PLOVER type


def load(folder: Path, limit: int | None = None) -> list[Item]:
    tree = ET.parse(folder / "PETR.UnitTest.records.xml")
    out = []
    for sent in tree.getroot().iter("Sentence"):
        text_el = sent.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        codes = [c.get("eventcode", "") for c in sent.findall("EventCoding") if c.get("eventcode")]
        types = [weis_to_plover(c) for c in codes]
        out.append(Item(sent.get("id", ""), sent.get("category", ""), re.sub(r"\s+", " ", text_el.text).strip(),
                        tuple(sorted({t for t in types if t})), all(types)))
        if limit and len(out) >= limit:
            break
    return out


def evaluate(folder: Path, settings: Settings, limit: int | None = None) -> Report:
    items = load(folder, limit)
    scorable = [i for i in items if i.scorable]
    report = Report("petrarch2-validation (unit tests; WEIS codes scored as PLOVER types)", len(scorable))
    report.notes.append(f"{len(items)} sentences run; {len(items) - len(scorable)} left out of the scores "
                        "(gold codes with no PLOVER type: WEIS comments or the dictionary's private codes)")
    articles = [Article(text=i.text, doc_id=i.id, kind="json") for i in items]
    hit = n_gold = right_events = n_events = exact = fp_noevent = n_noevent = 0
    single_gold, single_pred = [], []
    for item, result in zip(items, pipeline(settings).run(articles)):
        if not item.scorable:
            continue
        types = [_AS_YIELD.get(e.event_type, e.event_type) for e in result.events]
        predicted = set(types)
        n_events += len(types)
        right_events += sum(1 for t in types if t in item.types)
        if not item.types:
            n_noevent += 1
            fp_noevent += bool(types)
        n_gold += len(item.types)
        hit += sum(1 for t in item.types if t in predicted)
        exact += predicted == set(item.types)
        if len(item.types) == 1:
            top = max(result.events, key=lambda e: e.confidence, default=None)
            single_gold.append(item.types[0])
            single_pred.append(_AS_YIELD.get(top.event_type, top.event_type) if top else NONE)
        if predicted != set(item.types):
            report.errors.append(f"{item.id:14} gold {','.join(item.types) or '-':18} got "
                                 f"{','.join(sorted(predicted)) or '-':18} | {item.text}")
    report.figures.update({
        "gold type recall": round(hit / max(1, n_gold), 4),
        "event type precision": round(right_events / max(1, n_events), 4),
        "sentences with exactly the gold type set": round(exact / max(1, len(scorable)), 4),
        "noevents sentences with a false event": f"{fp_noevent}/{n_noevent}",
    })
    report.sections["type accuracy, single-coding sentences (most confident event)"] = classification(
        single_gold, single_pred)
    return report
