"""Stage `code`: a parsed Doc -> list[Event], each tied to its evidence sentence and trigger.

Two coders vote. The patterns (coder/patterns.py) find the trigger and the participants and propose a
type with a prior; the classifier (coder/classifier.py) scores all 16 types plus "no event" from the
parse around the participants. The mixture

    q(type) = w * p_model(type) + (1 - w) * p_pattern(type)

decides the type, and q of the chosen type is the event's `confidence` (reliability measured by
`tacitus eval`). Where no pattern fires, the model alone may propose an event between the sentence's
subject and object, with a stricter threshold.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..coder.classifier import NONE, Classifier, pair_features
from ..coder.patterns import Mention, find_mentions
from ..coder.spans import is_participant, participant_span
from ..model import Doc, Event, Participant, Span
from ..modality.factuality import is_commitment
from ..ontology import MODES, assault_cameo, cameo_for, context_cues, goldstein, quad_class

__all__ = ["Coder", "Scored"]

log = logging.getLogger(__name__)

_MODEL_ONLY_MIN = 0.60       # a model-only event needs this much probability (patterns found nothing)
_PURPOSE_PENALTY = 0.75      # "... to fight the IS": an infinitive of purpose is an intention, not a deed
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_MAX_SENT_TOKENS = 250       # longer "sentences" are lists, tables or run-on debris, not prose: skipped


@dataclass(frozen=True)
class Scored:
    event_type: str
    confidence: float
    source: str
    probs: dict[str, float]


class Coder:
    def __init__(self, classifier: Classifier, model_weight: float = 0.55, min_confidence: float = 0.3,
                 components: dict[str, str] | None = None) -> None:
        self.classifier = classifier
        self.w = model_weight
        self.min_confidence = min_confidence
        self.components = components or {}

    # -- scoring ------------------------------------------------------------------------------------
    def score(self, sent: SpacySpan, mention: Mention | None, source: tuple[int, int] | None,
              target: tuple[int, int] | None) -> Scored:
        anchor = mention.head if mention is not None else None
        probs = self.classifier.proba(pair_features(sent, source, target, anchor))
        if mention is None:
            best = max((t for t in probs if t != NONE), key=probs.get)
            return Scored(best, probs[best], "model", probs)
        prior = mention.prior * (_PURPOSE_PENALTY if mention.purpose else 1.0)
        mixed = {t: self.w * p for t, p in probs.items()}
        mixed[mention.event_type] += (1 - self.w) * prior
        mixed[NONE] += (1 - self.w) * (1 - prior)
        best = max((t for t in mixed if t != NONE), key=mixed.get)
        if mention.event_type == "THREATEN" and is_commitment(mention.rule):
            # a promised attack is a threat ("promised to hunt down"): the model sees words, not the
            # composition, and its vote for the governing verb alone ("promise" = AGREE) must not undo it
            best = mention.event_type
        agrees = best == mention.event_type
        return Scored(best, mixed[best], "pattern+model" if agrees else "model-over-pattern", probs)

    # -- events -------------------------------------------------------------------------------------
    def code(self, doc: Doc, parsed: SpacyDoc) -> list[Event]:
        floor = _floor(parsed, doc.body_start)
        events: list[Event] = []
        for sent in parsed.sents:
            if sent.end <= floor or not sent.text.strip():
                continue
            if len(sent) > _MAX_SENT_TOKENS:
                log.info("%s: skipped a %d-token sentence at offset %d", doc.doc_id, len(sent), sent.start_char)
                continue
            mentions = find_mentions(sent, floor)
            for m in mentions:
                src = _char_span(m.actors[0], floor) if m.actors else None
                tgt = _char_span(m.recipients[0], floor) if m.recipients else None
                scored = self.score(sent, m, src, tgt)
                if scored.confidence >= self.min_confidence:
                    events.append(self._event(doc, sent, m, scored, floor))
            if not mentions:
                events += self._model_only(doc, sent, floor)
        return events

    def _model_only(self, doc: Doc, sent: SpacySpan, floor: int) -> list[Event]:
        root = sent.root
        if root.pos_ != "VERB" or root.i < floor:
            return []
        # Without a trigger word to go on, only a relation between two named parties is worth proposing.
        subj = [c for c in root.children if c.dep_ == "nsubj" and is_participant(c)]
        obj = [c for c in root.children if c.dep_ in {"dobj", "obj"}]
        obj += [p for c in root.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        obj = [o for o in obj if is_participant(o) and o.ent_type_ in _NAMED]
        if not subj or not obj:
            return []
        scored = self.score(sent, None, _char_span(subj[0], floor), _char_span(obj[0], floor))
        if scored.probs[NONE] >= scored.confidence or scored.confidence < max(_MODEL_ONLY_MIN, self.min_confidence):
            return []
        m = Mention(root, [root], scored.event_type, None, None, 0.0, "model", [subj[0]], [obj[0]])
        return [self._event(doc, sent, m, scored, floor)]

    def _event(self, doc: Doc, sent: SpacySpan, m: Mention, scored: Scored, floor: int) -> Event:
        event_type = scored.event_type
        mode = m.mode if event_type == m.event_type and m.mode in MODES[event_type] else None
        hint = m.cameo if event_type == m.event_type else None
        cameo = cameo_for(event_type, mode, hint)
        if event_type == "ASSAULT":
            cameo = assault_cameo(cameo, [t.lemma_ for a in m.actors for t in participant_span(a, floor)])
        trig_start, trig_end = m.trigger[0].idx, m.trigger[-1].idx + len(m.trigger[-1])
        sentence = _sentence_span(doc.text, sent)
        speaker = None
        if m.speaker is not None:
            s = participant_span(m.speaker, floor)
            speaker = Span(doc.text[s.start_char:s.end_char], s.start_char, s.end_char)
        return Event(
            id=_event_id(doc.doc_id, trig_start, trig_end, event_type, self.components),
            doc_id=doc.doc_id, event_type=event_type, mode=mode, context=_contexts(sentence.text),
            cameo=cameo, quad_class=quad_class(cameo, event_type), goldstein=goldstein(cameo),
            actor=_participants(doc.text, m.actors, floor), recipient=_participants(doc.text, m.recipients, floor),
            sentence=sentence, trigger=Span(doc.text[trig_start:trig_end], trig_start, trig_end),
            confidence=scored.confidence, pipeline=self._pipeline(), speaker=speaker,
            evidence_source=f"{scored.source}:{m.rule}",
        )

    def _pipeline(self) -> dict[str, Any]:
        return {"version": self.components.get("tacitus", ""), "components": dict(self.components)}


def _floor(parsed: SpacyDoc, body_start: int) -> int:
    """First token index at or after the body start (tokens before it are the blanked dateline)."""
    for tok in parsed:
        if tok.idx >= body_start and not tok.is_space:
            return tok.i
    return len(parsed)


def _char_span(token: Token, floor: int) -> tuple[int, int]:
    span = participant_span(token, floor)
    return span.start_char, span.end_char


def _participants(text: str, tokens: list[Token], floor: int) -> tuple[Participant, ...]:
    out, seen = [], set()
    for tok in tokens:
        span = participant_span(tok, floor)
        key = (span.start_char, span.end_char)
        if key in seen or not span.text.strip():
            continue
        seen.add(key)
        out.append(Participant(text[span.start_char:span.end_char], span.start_char, span.end_char))
    return tuple(out)


def _sentence_span(text: str, sent: SpacySpan) -> Span:
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(text[start:end], start, end)


def _contexts(sentence: str) -> tuple[str, ...]:
    low = sentence.lower()
    found = []
    for context, cues in context_cues():
        if any(re.search(rf"\b{re.escape(cue)}", low) for cue in cues):
            found.append(context)
    return tuple(found)


def _event_id(doc_id: str, start: int, end: int, event_type: str, components: dict[str, str]) -> str:
    key = "|".join([doc_id, str(start), str(end), event_type, components.get("tacitus", ""),
                    components.get("classifier", ""), components.get("lexicon", "")])
    return "ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
