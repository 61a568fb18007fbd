"""Stage `dates`: events + their parsed Doc -> events with date, date_precision, date_end and date_text.

Every temporal expression of the article is found once (`dates.timex.find_timexes`, relative to the
article date). Each event then takes the expression that belongs to it: one attached in the dependency
tree to its trigger ("attacked on Tuesday", "the bombing last week"), else one attached to the verb
its trigger hangs from in the same clause ("launched an attack on Tuesday", "began shelling on Friday"),
else one attached to nothing in the sentence. An expression attached to another event or verb is that
one's, never ours: in "Biden promised revenge for the bombing last week" the bombing is dated last week
and the promise keeps the article date. Ambiguous expressions follow the event's tense ("will meet on
Friday" ahead, "met on Friday" back). A length of time dates an event only when it can be laid out
("has lasted for three weeks" ends at the article date, "for the 19 years that followed" starts at the
date told before it). Without any, the event gets the article date at precision "day" and no
date_text; with no article date either, a relative expression cannot be resolved and the date is null.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from ..coder.spans import head_at
from ..dates.attach import host, owner, tense
from ..dates.calendar import Reading, period_end
from ..dates.timex import Timex, duration_range, find_timexes, oriented
from ..model import Doc, Event

__all__ = ["date_events", "trigger_tokens"]

_AFTER = re.compile(r"^[\s\w]{0,20}?\b(?:that\s+followed|following|after(?:wards)?|later|since\s+then)\b", re.I)



# prepositions that put their object before or after the clause's own time
_SEQUENCE = frozenset({"after", "before", "following", "since", "until", "till", "ahead", "prior", "preceding"})


def trigger_tokens(events: list[Event], parsed: SpacyDoc) -> list[Token | None]:
    """The head token of each event's trigger (None where the trigger does not align with the parse)."""
    return [head_at(parsed, e.trigger.start, e.trigger.end) for e in events]


def _shares_clause(trigger: Token, verb: Token) -> bool:
    """Whether `verb` is the predicate `trigger` belongs to without crossing into another clause, or
    into a phrase that sets the trigger at another time ("flights resumed today after the attack")."""
    if host(trigger).i == verb.i:
        node = trigger
        while node.i != verb.i and node.head.i != node.i:
            if node.dep_ == "prep" and node.lower_ in _SEQUENCE:
                return False
            node = node.head
        return True
    for a, b in ((trigger, verb), (verb, trigger)):      # coordinated or chained verbs ("began attacking")
        if a.head.i == b.i and a.dep_ in ("xcomp", "conj"):
            return True
    return False


def _simultaneous(trigger: Token, verb: Token) -> bool:
    """Clauses that happen at the time of the one they hang on: "when it released ..." and a
    subjectless participle ("Speaking in 1995, he said ...")."""
    if trigger.dep_ == "advcl" and trigger.head.i == verb.i:
        return any(c.dep_ == "mark" and c.lower_ in ("when", "as", "while") for c in trigger.children)
    if verb.dep_ == "advcl" and verb.head.i == host(trigger).i and verb.tag_ in ("VBG", "VBN"):
        return not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children)
    return False


def _duration_reading(t: Timex, trigger: Token, parsed: SpacyDoc, dated: list[Timex],
                      published: dt.date | None) -> Timex | None:
    """A length of time laid out on the calendar, or None when nothing says where it sits."""
    if t.date is not None or t.value is None:
        return t if t.date is not None else None
    follows = _AFTER.match(parsed.text[t.end:t.end + 40])
    earlier = [d for d in dated if d.end <= t.start and d.date]
    if follows and earlier:
        ref = earlier[-1]
        start = period_end(_as_reading(ref)) or dt.date.fromisoformat(ref.date)
        r = duration_range(t.value, start, forward=True)
    elif published is not None and _perfect_or_future(trigger):
        r = duration_range(t.value, published, forward=tense(trigger) == "future")
    else:
        r = None
    if r is None:
        return None
    return replace(t, date=r.date.isoformat(), date_end=r.date_end.isoformat(), precision="range")


def _as_reading(t: Timex) -> Reading:
    return Reading(t.value or "", dt.date.fromisoformat(t.date),
                   dt.date.fromisoformat(t.date_end) if t.date_end else None, t.precision)


def _perfect_or_future(trigger: Token) -> bool:
    verb = host(trigger)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux & {"has", "have", "'ve", "will", "'ll", "shall"}) or verb.tag_ == "VBG" and bool(
        aux & {"has", "have", "is", "are", "'s", "'re"})


def _usable(t: Timex, trigger: Token, parsed: SpacyDoc, sentence: list[Timex],
            published: dt.date | None) -> Timex | None:
    """The reading of `t` that dates the event, or None when `t` cannot date it."""
    if t.type == "SET":
        return None
    if t.value == "PRESENT_REF" and published is not None:
        return replace(t, date=published.isoformat(), precision="day")
    if t.type == "DURATION":
        return _duration_reading(t, trigger, parsed, sentence, published)
    if t.date is None:
        return None
    way = tense(trigger)
    return oriented(t, future=way == "future") if way != "present" else t


def _choose(trigger: Token, sentence: list[Timex], owners: list[Token | None], triggers: set[int],
            parsed: SpacyDoc, published: dt.date | None) -> Timex | None:
    """The expression of the sentence that dates this trigger's event (see the module docstring)."""
    tiers: list[list[Timex]] = [[], [], []]
    for t, own in zip(sentence, owners):
        if own is not None and own.i == trigger.i:
            tiers[0].append(t)
        elif own is not None and (_simultaneous(trigger, own)
                                  or own.i not in triggers and _shares_clause(trigger, own)):
            tiers[1].append(t)
        elif own is None:
            tiers[2].append(t)
    for tier in tiers:
        readings = [r for r in (_usable(t, trigger, parsed, sentence, published) for t in tier) if r is not None]
        if readings:
            # a calendar date over a length of time; then the nearest to the trigger
            return min(readings, key=lambda r: (r.type == "DURATION", abs(r.start - trigger.idx)))
    return None


def _with_date(event: Event, t: Timex | None, published: dt.date | None) -> Event:
    if t is None:
        return replace(event, date=published.isoformat() if published else None,
                       date_precision="day" if published else None, date_end=None, date_text=None)
    return replace(event, date=t.date, date_precision=t.precision,
                   date_end=t.date_end if t.precision == "range" else None, date_text=t.text)


def date_events(events: list[Event], doc: Doc, parsed: SpacyDoc,
                timexes: list[Timex] | None = None) -> list[Event]:
    """Each event with its date fields set from the expression that belongs to it (else the article date)."""
    published = doc.published_date
    if timexes is None:
        timexes = find_timexes(doc.text, published)
    timexes = sorted(timexes, key=lambda t: t.start)
    starts = [t.start for t in timexes]
    tokens = trigger_tokens(events, parsed)
    triggers = {tok.i for tok in tokens if tok is not None}
    by_sentence: dict[int, tuple[list[Timex], list[Token | None]]] = {}
    out = []
    for event, tok in zip(events, tokens):
        if tok is None:
            out.append(_with_date(event, None, published))
            continue
        sent = tok.sent
        if sent.start not in by_sentence:         # one pass over a sentence's expressions, shared by its events
            lo = bisect.bisect_left(starts, sent.start_char)
            hi = bisect.bisect_left(starts, sent.end_char)
            inside = timexes[lo:hi]
            by_sentence[sent.start] = (inside, [owner(t, parsed, triggers) for t in inside])
        inside, owners = by_sentence[sent.start]
        out.append(_with_date(event, _choose(tok, inside, owners, triggers, parsed, published), published))
    return out
