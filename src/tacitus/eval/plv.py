"""plv-train (Hu et al. 2024): one PLOVER type per marked (source, target) pair in a news sentence.

Two settings:
- pair mode: the gold pair is given (`tacitus.classify_pair`), the engine only types the relation;
- end to end: the engine codes the raw sentence; an event counts for the pair when its actor overlaps
  the marked source and one of its participants the marked target (else any event touching both);
  no such event is a NONE prediction, i.e. a miss.
The set labels CAMEO's root 08 YIELD, which PLOVER splits into CONCEDE (verbal) and RETREAT (material:
releases, withdrawals; official CAMEO->PLOVER table, 084-087). The set has no RETREAT label, so both
of ours score as YIELD here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..api import classify_pair, pipeline
from ..model import Article, Event
from ..settings import Settings
from .metrics import NONE, Report, classification, reliability

__all__ = ["Pair", "load", "evaluate"]

_YIELD = "YIELD"
_AS_YIELD = {"CONCEDE": _YIELD, "RETREAT": _YIELD}
_TAG = re.compile(r"</?[st]>")


@dataclass(frozen=True)
class Pair:
    id: str
    text: str
    source: tuple[int, int] | None
    target: tuple[int, int] | None
    label: str


def _unmark(marked: str) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
    text, spans, pos, opened = [], {}, 0, {}
    for piece in re.split(r"(</?[st]>)", marked):
        if _TAG.fullmatch(piece or "x"):
            name = piece.strip("</>")
            if piece.startswith("</"):
                spans[name] = (opened[name], pos)
            else:
                opened[name] = pos
        else:
            text.append(piece)
            pos += len(piece)
    return "".join(text), spans.get("s"), spans.get("t")     # a few pairs mark only one side


def load(folder: Path, limit: int | None = None) -> list[Pair]:
    path = folder / "PLV_train.tsv"
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text, src, tgt = _unmark(row["marked_sentence"])
            out.append(Pair(row["sentence_id"], text, src, tgt, row["gold_root"]))
            if limit and len(out) >= limit:
                break
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match(events: list[Event], pair: Pair) -> Event | None:
    def spans(parts):
        return [(p.start, p.end) for p in parts]

    def touches(span, parts):
        return span is None or any(_overlap(s, span) for s in parts)

    strict = [e for e in events if touches(pair.source, spans(e.actor))
              and touches(pair.target, spans(e.recipient) + spans(e.actor))]
    loose = [e for e in events if touches(pair.source, spans(e.actor) + spans(e.recipient))
             and touches(pair.target, spans(e.actor) + spans(e.recipient))]
    chosen = strict or loose
    return max(chosen, key=lambda e: e.confidence) if chosen else None


def _mark(pair: Pair) -> str:
    marks = []
    for span, tag in ((pair.source, "s"), (pair.target, "t")):
        if span:
            marks += [(span[0], f"<{tag}>"), (span[1], f"</{tag}>")]
    marks.sort(reverse=True)
    text = pair.text
    for pos, tag in marks:
        text = text[:pos] + tag + text[pos:]
    return text


def evaluate(folder: Path, settings: Settings, limit: int | None = None) -> Report:
    pairs = load(folder, limit)
    gold = [p.label for p in pairs]
    report = Report("plv-train", len(pairs))
    # Pair mode.
    results = [classify_pair(p.text, p.source, p.target, settings) for p in pairs]
    pair_pred = [_AS_YIELD.get(r.event_type, r.event_type) for r in results]
    report.sections["pair mode (gold source/target given)"] = classification(gold, pair_pred)
    report.reliabilities["pair mode"] = reliability([r.confidence for r in results],
                                                   [g == p for g, p in zip(gold, pair_pred)])
    # End to end.
    articles = [Article(text=p.text, doc_id=f"plv-{p.id}", kind="json") for p in pairs]
    e2e_pred, confs, right = [], [], []
    for pair, result in zip(pairs, pipeline(settings).run(articles)):
        event = _match(result.events, pair)
        predicted = _AS_YIELD.get(event.event_type, event.event_type) if event else NONE
        e2e_pred.append(predicted)
        if event:
            confs.append(event.confidence)
            right.append(predicted == pair.label)
    report.sections["end to end (raw sentence; NONE = no event linking the pair)"] = classification(gold, e2e_pred)
    report.reliabilities["end to end, matched events"] = reliability(confs, right)
    report.figures["end-to-end pairs with a linking event"] = round(len(confs) / max(1, len(pairs)), 4)
    for pair, p_pred, e_pred in zip(pairs, pair_pred, e2e_pred):
        if p_pred != pair.label or e_pred != pair.label:
            report.errors.append(f"gold {pair.label:9} pair {p_pred:9} e2e {e_pred:9} | {_mark(pair)}")
    return report
