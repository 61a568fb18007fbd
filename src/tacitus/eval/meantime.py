"""meantime-en (NewsReader MEANTIME, Wikinews): factuality of every annotated event mention.

Each EVENT_MENTION carries polarity, certainty, time and special_cases. Mapped to our classes with our
precedence (negated > hypothetical > future > hedged > asserted):
  polarity NEG -> negated; special_cases COND_IF_CLAUSE / COND_MAIN_CLAUSE -> hypothetical;
  time FUTURE -> future; certainty POSSIBLE / PROBABLE -> hedged; else asserted.
A mention is left out where an attribute that could change its class is UNDERSPECIFIED or empty (a
conditional with underspecified certainty still counts; a future with unknown polarity does not), and
where it is generic (special_cases GEN).
MEANTIME annotates neither attribution nor background, so our "reported" and "historical" count as
"asserted" here (they are statements about who says it and when, not about whether it happened).
Tacitus classifies the mention's own token with `modality.factuality.factuality_of`, on a spaCy parse
of the sentence rebuilt from the corpus tokens; the document creation time is the article date.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..api import pipeline
from ..modality.factuality import factuality_of
from ..settings import Settings
from .metrics import Report, classification

__all__ = ["Mention", "load", "evaluate", "gold_class"]

_LABELS = ("asserted", "hedged", "negated", "hypothetical", "future")
_AS_ASSERTED = {"reported": "asserted", "historical": "asserted"}


@dataclass(frozen=True)
class Mention:
    doc: str
    sentence: str
    start: int            # character offset of the mention's first token in `sentence`
    label: str
    published: dt.date | None


def gold_class(attrs: dict[str, str]) -> str | None:
    """Our class for one mention, or None where its attributes leave it open.

    The class is the first in our precedence that the attributes decide; a mention is left out only where
    an attribute that could still change its class is missing or UNDERSPECIFIED (a conditional with
    underspecified certainty is still hypothetical; a future with unknown polarity may be negated)."""
    pol, cert, time, special = (attrs.get(k, "") for k in ("polarity", "certainty", "time", "special_cases"))
    known = {"": False, "UNDERSPECIFIED": False}
    if special == "GEN" or not known.get(pol, True):
        return None
    if pol == "NEG":
        return "negated"
    if special in {"COND_IF_CLAUSE", "COND_MAIN_CLAUSE"}:
        return "hypothetical"
    if not known.get(time, True):
        return None
    if time == "FUTURE":
        return "future"
    if not known.get(cert, True):
        return None
    if cert in {"POSSIBLE", "PROBABLE"}:
        return "hedged"
    return "asserted"


def _dct(root: ET.Element) -> dt.date | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            try:
                return dt.date.fromisoformat(timex.get("value", "")[:10])
            except ValueError:
                return None
    return None


def load(folder: Path, limit: int | None = None) -> list[Mention]:
    out: list[Mention] = []
    for path in sorted((folder / "intra_cross-doc_annotation").rglob("*.xml")):
        root = ET.parse(path).getroot()
        sentences: dict[str, list[tuple[str, str]]] = {}
        for tok in root.iter("token"):
            sentences.setdefault(tok.get("sentence", ""), []).append((tok.get("t_id", ""), tok.text or ""))
        where: dict[str, tuple[str, int]] = {}
        texts: dict[str, str] = {}
        for sid, toks in sentences.items():
            pos, parts = 0, []
            for tid, word in toks:
                where[tid] = (sid, pos)
                parts.append(word)
                pos += len(word) + 1
            texts[sid] = " ".join(parts)
        published = _dct(root)
        markables = root.find("Markables")
        for ev in (markables.iter("EVENT_MENTION") if markables is not None else []):
            label = gold_class(ev.attrib)
            anchors = [a.get("t_id", "") for a in ev.findall("token_anchor")]
            if label is None or not anchors or anchors[0] not in where:
                continue
            sid, start = where[anchors[0]]
            out.append(Mention(path.stem, texts[sid], start, label, published))
            if limit and len(out) >= limit:
                return out
    return out


def evaluate(folder: Path, settings: Settings, limit: int | None = None) -> Report:
    mentions = load(folder, limit)
    nlp = pipeline(settings).parser.nlp
    parsed = {}
    for text, doc in zip(sorted({m.sentence for m in mentions}),
                         nlp.pipe(sorted({m.sentence for m in mentions}), batch_size=64)):
        parsed[text] = doc
    gold, pred = [], []
    report = Report("meantime-en (event factuality)", len(mentions))
    for m in mentions:
        doc = parsed[m.sentence]
        token = next((t for t in doc if t.idx >= m.start), doc[len(doc) - 1])
        got = factuality_of(token, m.published).factuality
        got = _AS_ASSERTED.get(got, got)
        gold.append(m.label)
        pred.append(got)
        if got != m.label:
            report.errors.append(f"gold {m.label:12} got {got:12} | {m.sentence[:m.start]}[[{token.text}]]"
                                 f"{m.sentence[m.start + len(token.text):][:120]}")
    report.sections["factuality per class"] = classification(gold, pred, _LABELS)
    return report
