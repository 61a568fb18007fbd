"""Our own factuality test set (data/eval/factuality.jsonl): 180 sentences we wrote, 25+ per class,
with the hard cases (nested reporting, negated hedges, quotes, future vs past, conditionals, denials).

Each sentence is coded end to end; the event whose trigger overlaps the labelled trigger is compared
on its primary class, its marks and its speaker. Where the coder finds no event on that trigger, the
modality stage judges the trigger word directly (so the score measures modality, not event recall);
how often that happened is reported.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import resources

from ..api import pipeline
from ..model import Article
from ..modality.factuality import CLASSES
from ..settings import Settings
from ..stages.modality import judge
from .metrics import Report, classification

__all__ = ["Item", "load", "evaluate"]


@dataclass(frozen=True)
class Item:
    text: str
    trigger: tuple[int, int]
    label: str
    marks: tuple[str, ...]
    speaker: str | None
    published: str


def load(limit: int | None = None) -> list[Item]:
    raw = resources.files("tacitus.data").joinpath("eval", "factuality.jsonl").read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        start = rec["text"].index(rec["trigger"])
        out.append(Item(rec["text"], (start, start + len(rec["trigger"])), rec["factuality"],
                        tuple(sorted(rec["marks"])), rec["speaker"], rec["published"]))
        if limit and len(out) >= limit:
            break
    return out


def evaluate(settings: Settings, limit: int | None = None) -> Report:
    items = load(limit)
    pipe = pipeline(settings)
    report = Report("factuality (our own 180 sentences)", len(items))
    gold, pred = [], []
    marks_right = speaker_right = fallback = 0
    articles = [Article(text=i.text, doc_id=f"f{n}", published=i.published, kind="json") for n, i in enumerate(items)]
    for item, result in zip(items, pipe.run(articles)):
        events = [e for e in result.events if e.trigger.start < item.trigger[1] and item.trigger[0] < e.trigger.end]
        if events:
            e = events[0]
            got, marks = e.factuality, tuple(sorted(e.marks))
            speaker = e.speaker.text if e.speaker else None
        else:
            fallback += 1
            parsed = pipe.parser.parse_text(item.text)
            token = parsed.char_span(*item.trigger, alignment_mode="expand").root
            fact, spk = judge(token, dt.date.fromisoformat(item.published))
            got, marks, speaker = fact.factuality, tuple(sorted(fact.marks)), spk.text if spk is not None else None
        gold.append(item.label)
        pred.append(got)
        marks_right += marks == item.marks
        # a speaker is right when our span and the gold one overlap (we give the head phrase, gold may be longer)
        speaker_ok = (speaker is None) == (item.speaker is None) and (
            speaker is None or speaker in item.speaker or item.speaker in speaker)
        speaker_right += speaker_ok
        if got != item.label or not speaker_ok:
            report.errors.append(f"gold {item.label:12} got {got:12} speaker {str(speaker):20} (gold "
                                 f"{item.speaker}) | {item.text}")
    report.sections["primary factuality class"] = classification(gold, pred, CLASSES)
    report.figures.update({"marks exactly right": round(marks_right / max(1, len(items)), 4),
                           "speaker right (none, or overlapping the gold span)": round(
                               speaker_right / max(1, len(items)), 4),
                           "judged without a coded event on the trigger": fallback})
    return report
