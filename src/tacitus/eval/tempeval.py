"""tempeval3-platinum (TimeML): temporal expression extraction and normalisation, and event anchoring.

Each .tml document gives its creation time (DCT), used as the article date, then body text with inline
TIMEX3 and EVENT elements and, after it, MAKEINSTANCE and TLINK elements. Scored, as TempEval-3 does:
- extraction of TIMEX3 of type DATE, DURATION and TIME: strict (same span) and relaxed (overlapping)
  P/R/F1. SET expressions ("every week") never date an event, so they are left out of both sides.
  Ranges we join ("between 2003 and 2011", "since 2001") are scored as their parts, as TimeML has them.
- type accuracy and value accuracy on relaxed matches, and value accuracy over every gold DATE
  (a missed one counts as wrong). Values are scored twice: from the text alone (`find_timexes`), and
  with the direction of ambiguous expressions read off the parse ("met on Friday" back, "will meet on
  Friday" ahead), which is what the dates stage does.
- event anchoring: every EVENT linked by an inclusion/simultaneity TLINK to a DATE TIMEX with a day
  value, dated by the `dates` stage (our own event list built from the gold EVENT spans): exact and
  within one day; and for month/year values, whether our date falls in the gold period.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..api import pipeline
from ..dates.attach import orient
from ..dates.calendar import month_end
from ..dates.timex import Timex, find_timexes
from ..model import Doc, Event, Span
from ..settings import Settings
from ..stages.dates import date_events
from .metrics import Report

__all__ = ["Gold", "Document", "load", "evaluate"]

_SCORED = ("DATE", "DURATION", "TIME")
_ANCHOR_RELS = {"IS_INCLUDED", "INCLUDES", "DURING", "DURING_INV", "SIMULTANEOUS", "IDENTITY"}
_TAG = re.compile(r"<(/?)(TIMEX3|EVENT|[A-Za-z]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    text: str
    attrs: dict[str, str]


@dataclass
class Document:
    name: str
    text: str
    dct: dt.date | None
    timexes: list[Gold] = field(default_factory=list)
    events: list[Gold] = field(default_factory=list)
    anchors: list[tuple[str, str]] = field(default_factory=list)    # (event id, timex id)


def _body(raw: str) -> tuple[str, list[Gold], list[Gold]]:
    """The plain text inside <TEXT>, with the TIMEX3 and EVENT elements as character spans of it."""
    inner = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    out: list[str] = []
    pos, length = 0, 0
    open_tags: dict[str, tuple[int, dict[str, str]]] = {}
    timexes, events = [], []
    for m in _TAG.finditer(inner):
        chunk = html.unescape(inner[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1) == "/", m.group(2)
        if name not in ("TIMEX3", "EVENT"):
            continue
        if not closing:
            open_tags[name] = (length, dict(_ATTR.findall(m.group(3))))
            continue
        start, attrs = open_tags.pop(name)
        text = "".join(out)[start:length]
        (timexes if name == "TIMEX3" else events).append(Gold(start, length, text, attrs))
    out.append(html.unescape(inner[pos:]))
    return "".join(out), timexes, events


def _document(path: Path) -> Document:
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"|'
                          r'value="([^"]+)"[^>]*functionInDocument="CREATION_TIME"', raw)
    dct = None
    if dct_match:
        try:
            dct = dt.date.fromisoformat((dct_match.group(1) or dct_match.group(2))[:10])
        except ValueError:
            dct = None
    text, timexes, events = _body(raw)
    instances = {a["eiid"]: a["eventID"] for a in
                 (dict(_ATTR.findall(m)) for m in re.findall(r"<MAKEINSTANCE([^>]*)>", raw))
                 if "eiid" in a and "eventID" in a}
    anchors = []
    for attrs in (dict(_ATTR.findall(m)) for m in re.findall(r"<TLINK([^>]*)>", raw)):
        if attrs.get("relType") not in _ANCHOR_RELS:
            continue
        if "eventInstanceID" in attrs and "relatedToTime" in attrs:
            eid = instances.get(attrs["eventInstanceID"])
            if eid:
                anchors.append((eid, attrs["relatedToTime"]))
        elif "timeID" in attrs and "relatedToEventInstance" in attrs:
            eid = instances.get(attrs["relatedToEventInstance"])
            if eid:
                anchors.append((eid, attrs["timeID"]))
    return Document(path.stem, text, dct, timexes, events, anchors)


def load(folder: Path, limit: int | None = None) -> list[Document]:
    docs = [_document(p) for p in sorted(folder.glob("*.tml"))]
    return docs[:limit] if limit else docs


def _flat(timexes: list[Timex]) -> list[Timex]:
    out: list[Timex] = []
    for t in timexes:
        out.extend(t.parts or (t,))
    return [t for t in out if t.type in _SCORED]


def _prf(matched_pred: int, n_pred: int, matched_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = matched_pred / n_pred if n_pred else 0.0
    r = matched_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _match(gold: list[Gold], pred: list[Timex], strict: bool) -> dict[int, int]:
    """Gold index -> prediction index, each used once; relaxed = the spans overlap."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            hit = (p.start, p.end) == (g.start, g.end) if strict else p.start < g.end and g.start < p.end
            if hit:
                pairs[gi] = pi
                used.add(pi)
                break
    return pairs


def _event(doc_id: str, g: Gold, i: int) -> Event:
    span = Span(g.text, g.start, g.end)
    return Event(id=f"{doc_id}-{i}", doc_id=doc_id, event_type="", mode=None, context=(), cameo=None,
                 quad_class=None, goldstein=None, actor=(), recipient=(), sentence=span, trigger=span,
                 confidence=1.0, pipeline={})


def _period(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a gold value written as YYYY, YYYY-MM or YYYY-Www; else None."""
    if re.fullmatch(r"\d{4}", value):
        return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    if re.fullmatch(r"\d{4}-\d\d", value):
        y, m = int(value[:4]), int(value[5:])
        return dt.date(y, m, 1), month_end(y, m)
    if re.fullmatch(r"\d{4}-W\d\d", value):
        monday = dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        return monday, monday + dt.timedelta(days=6)
    return None


class _Tally:
    def __init__(self) -> None:
        self.n = {k: 0 for k in ("gold", "pred", "strict_gold", "strict_pred", "relaxed_gold", "relaxed_pred",
                                 "type_ok", "value_ok", "value_ok_parse", "date_gold", "date_ok",
                                 "anchor_day", "anchor_exact", "anchor_1day", "anchor_coarse", "anchor_in")}
        self.errors: list[str] = []


def _score_doc(doc: Document, parsed, tally: _Tally) -> None:
    gold = [g for g in doc.timexes if g.attrs.get("type") in _SCORED]
    found = find_timexes(doc.text, doc.dct)
    pred = _flat(found)
    pred_parse = [orient(t, parsed) for t in pred]
    n = tally.n
    n["gold"] += len(gold)
    n["pred"] += len(pred)
    strict = _match(gold, pred, strict=True)
    relaxed = _match(gold, pred, strict=False)
    n["strict_gold"] += len(strict)
    n["strict_pred"] += len(set(strict.values()))
    n["relaxed_gold"] += len(relaxed)
    n["relaxed_pred"] += len(set(relaxed.values()))
    for gi, pi in relaxed.items():
        g, p, q = gold[gi], pred[pi], pred_parse[pi]
        value = g.attrs.get("value", "")
        n["type_ok"] += p.type == g.attrs.get("type")
        n["value_ok"] += p.value == value
        n["value_ok_parse"] += q.value == value
        if q.value != value:
            ctx = doc.text[max(0, g.start - 50):g.start].replace("\n", " ")
            tally.errors.append(f"value  {doc.name}: [[{g.text}]] gold {g.attrs.get('type')} {value} "
                                f"ours {q.type} {q.value} ({q.text!r}) | ...{ctx}")
    for gi, g in enumerate(gold):
        if g.attrs.get("type") == "DATE":
            n["date_gold"] += 1
            n["date_ok"] += gi in relaxed and pred_parse[relaxed[gi]].value == g.attrs.get("value")
            if gi not in relaxed:
                tally.errors.append(f"missed {doc.name}: [[{g.text}]] gold DATE {g.attrs.get('value')}")
    matched_pred = set(relaxed.values())
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            tally.errors.append(f"extra  {doc.name}: [[{p.text}]] ours {p.type} {p.value}")
    _score_anchors(doc, parsed, found, tally)


def _score_anchors(doc: Document, parsed, found: list[Timex], tally: _Tally) -> None:
    events = {g.attrs.get("eid"): _event(doc.name, g, i) for i, g in enumerate(doc.events)}
    tx = {g.attrs.get("tid"): g for g in doc.timexes}
    ours = Doc(doc_id=doc.name, text=doc.text, published=doc.dct.isoformat() if doc.dct else None)
    dated = dict(zip(events, date_events(list(events.values()), ours, parsed, found)))
    n = tally.n
    for eid, tid in doc.anchors:
        g = tx.get(tid)
        if g is None or eid not in dated or g.attrs.get("type") != "DATE":
            continue
        value, got = g.attrs.get("value", ""), dated[eid].date
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            n["anchor_day"] += 1
            n["anchor_exact"] += got == value
            n["anchor_1day"] += bool(got) and abs((dt.date.fromisoformat(got)
                                                   - dt.date.fromisoformat(value)).days) <= 1
        elif _period(value) is not None:
            n["anchor_coarse"] += 1
            lo, hi = _period(value)
            inside = bool(got) and lo <= dt.date.fromisoformat(got) <= hi
            n["anchor_in"] += inside
            if not inside:
                ev = next(e for e in doc.events if e.attrs.get("eid") == eid)
                ctx = doc.text[max(0, ev.start - 60):ev.end + 60].replace("\n", " ")
                tally.errors.append(f"anchor {doc.name}: event [[{ev.text}]] gold [[{g.text}]] {value} ours {got} "
                                    f"({dated[eid].date_text!r}) | {ctx}")


def evaluate(folder: Path, settings: Settings, limit: int | None = None) -> Report:
    docs = load(folder, limit)
    nlp = pipeline(settings).parser.nlp
    tally = _Tally()
    for doc, parsed in zip(docs, nlp.pipe([d.text for d in docs], batch_size=8)):
        _score_doc(doc, parsed, tally)
    n = tally.n
    report = Report("tempeval3-platinum (TIMEX3 extraction and normalisation)", n["gold"])
    report.notes.append("types DATE, DURATION, TIME scored; SET left out of gold and predictions; "
                        "joined ranges scored as their parts; DCT = article date")
    f = report.figures
    for kind in ("strict", "relaxed"):
        p, r, f1 = _prf(n[f"{kind}_pred"], n["pred"], n[f"{kind}_gold"], n["gold"])
        f[f"{kind} span P"], f[f"{kind} span R"], f[f"{kind} span F1"] = round(p, 4), round(r, 4), round(f1, 4)
    matched = n["relaxed_gold"] or 1
    f["type accuracy on matched"] = round(n["type_ok"] / matched, 4)
    f["value accuracy on matched (text only)"] = round(n["value_ok"] / matched, 4)
    f["value accuracy on matched (with parse tense)"] = round(n["value_ok_parse"] / matched, 4)
    f["value accuracy over all gold DATE"] = round(n["date_ok"] / (n["date_gold"] or 1), 4)
    f["anchoring: events linked to a day"] = n["anchor_day"]
    f["anchoring: exact day"] = round(n["anchor_exact"] / (n["anchor_day"] or 1), 4)
    f["anchoring: within one day"] = round(n["anchor_1day"] / (n["anchor_day"] or 1), 4)
    f["anchoring: events linked to a week/month/year"] = n["anchor_coarse"]
    f["anchoring: date inside that week/month/year"] = round(n["anchor_in"] / (n["anchor_coarse"] or 1), 4)
    report.errors.extend(tally.errors)
    return report
