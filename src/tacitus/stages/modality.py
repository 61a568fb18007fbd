"""Stage `modality`: events + their parsed Doc -> events with factuality, marks, speaker and counts.

Factuality and counts are read off the parse around each trigger (modality/factuality.py,
modality/counts.py); a pronoun speaker is resolved to the subject the text named before
(modality/speakers.py). Counts go to the event they belong to: in a sentence with several events,
a number of dead or injured belongs to the nearest attack, a number of arrested to the nearest
arrest, never to a threat or a statement. Last, PLOVER's rule for intentions: a future cooperative act
is an AGREE, an announced retreat a CONCEDE (not where the future is only a maybe: "could sign").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from ..coder.spans import head_at, participant_span
from ..model import Doc, Event, Span
from ..modality.counts import Count, counts_near
from ..modality.factuality import Factuality, factuality_of, governors, is_commitment
from ..modality.speakers import antecedent
from ..ontology import as_intention, goldstein, quad_class

__all__ = ["assess", "judge", "FACTS"]

FACTS = frozenset({"asserted", "reported"})           # what `--facts-only` keeps
_COUNT_TYPES = {"killed": {"ASSAULT"}, "injured": {"ASSAULT"}, "missing": {"ASSAULT"},
                "arrested": {"COERCE"}}
_SPEAKING = {"hint", "suggest", "signal", "indicate", "propose", "announce", "promise", "vow", "pledge",
             "threaten", "warn", "say", "tell", "claim", "declare", "insist"}


def _token_at(parsed: SpacyDoc, span: Span | None) -> Token | None:
    return head_at(parsed, span.start, span.end) if span is not None else None


def _speaking_subject(trigger: Token) -> Token | None:
    """The subject of a speaking verb the event hangs from ("Milley hinted at possible cooperation")."""
    for tok in governors(trigger):
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if tok.lemma_ in _SPEAKING and subj:
            return subj[0]
    return None


def _as_span(doc: Doc, token: Token) -> Span:
    s = participant_span(token)
    return Span(doc.text[s.start_char:s.end_char], s.start_char, s.end_char)


def _assign_counts(parsed: SpacyDoc, events: list[Event], triggers: list[Token | None]) -> dict[int, list[Count]]:
    """Counts per event index: each number goes to the nearest event of a fitting type in its sentence."""
    out: dict[int, list[Count]] = {}
    by_sentence: dict[int, list[int]] = {}
    for i, tok in enumerate(triggers):
        if tok is not None:
            by_sentence.setdefault(tok.sent.start, []).append(i)
    for start, idx in by_sentence.items():
        sent = triggers[idx[0]].sent
        for count in counts_near(list(sent)):
            fitting = [i for i in idx if events[i].event_type in _COUNT_TYPES[count.kind]]
            if not fitting:
                continue
            at = parsed.char_span(count.start, count.end, alignment_mode="expand").start
            best = min(fitting, key=lambda i: (abs(triggers[i].i - at), triggers[i].i > at))
            out.setdefault(best, []).append(count)
    return out


def _totals(counts: list[Count]) -> dict[str, int | None]:
    totals: dict[str, int | None] = {"killed": None, "injured": None, "arrested": None, "missing": None}
    for c in counts:
        totals[c.kind] = (totals[c.kind] or 0) + c.value
    return totals


def judge(trigger: Token, published: dt.date | None, rule: str = "",
          speaker: Token | None = None) -> tuple[Factuality, Token | None]:
    """Factuality of one trigger and who the text attributes it to (the coder's speaker, if it found one)."""
    speaker = speaker if speaker is not None else _speaking_subject(trigger)
    return factuality_of(trigger, published, attributed=speaker is not None, commitment=is_commitment(rule)), speaker


def assess(events: list[Event], doc: Doc, parsed: SpacyDoc) -> list[Event]:
    published = doc.published_date
    triggers = [_token_at(parsed, e.trigger) for e in events]
    counts = _assign_counts(parsed, events, triggers)
    out = []
    for i, (event, trig) in enumerate(zip(events, triggers)):
        if trig is None:
            out.append(event)
            continue
        rule = event.evidence_source.partition(":")[2]
        fact, speaker_tok = judge(trig, published, rule, _token_at(parsed, event.speaker))
        speaker = event.speaker or (_as_span(doc, speaker_tok) if speaker_tok is not None else None)
        resolved = None
        if speaker_tok is not None and speaker_tok.pos_ == "PRON":
            ante = antecedent(speaker_tok)
            resolved = _as_span(doc, ante) if ante is not None else None
        mine = counts.get(i, [])
        event = replace(event, factuality=fact.factuality, marks=fact.marks, speaker=speaker,
                        speaker_resolved=resolved, counts=_totals(mine),
                        count_mentions=tuple(c.to_dict() for c in mine))
        out.append(event if fact.speculative else _intention(event))
    return out


def _intention(event: Event) -> Event:
    """PLOVER codes a future cooperative act as AGREE, an announced retreat as CONCEDE and an announced
    attack or sanction as THREATEN. (`assess` does not ask where the future is only a modal's maybe:
    "Trump could sign the bills" states no intention and keeps its type.)"""
    target = as_intention(event.event_type) if event.factuality == "future" else None
    if target is None:
        return event
    event_type, cameo, mode = target
    return replace(event, event_type=event_type, mode=mode, cameo=cameo, goldstein=goldstein(cameo),
                   quad_class=quad_class(cameo, event_type),
                   evidence_source=f"{event.evidence_source}+future-{event.event_type.lower()}")
