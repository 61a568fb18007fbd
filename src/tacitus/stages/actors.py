"""Stage `actors`: events + parse -> each actor, recipient and speaker coded (name, country, sector, kb_id).

Mentions are coded in text order, so that what the document has said so far is known when a later mention
needs it: acronyms it defined, surnames of people it named, the entities it talked about. A pronoun takes the
codes of its antecedent (the subject the text named last: modality/speakers.py); a definite description ("the
General", "the militants") those of the latest entity it fits. The mention's own `text` and offsets never
change: only the codes are filled in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan

from ..actors.kb import KnowledgeBase, load_kb
from ..actors.resolve import UNCODED, Coded, Memory, Resolver
from ..coder.spans import participant_span
from ..model import Doc, Event, Participant
from ..modality.speakers import agrees, antecedent

__all__ = ["ActorStage"]

_PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "it", "his", "its", "their"})
_GROUP_PRONOUNS = frozenset({"they", "them", "it", "its", "their"})
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


class ActorStage:
    def __init__(self, kb: KnowledgeBase | None = None,
                 place_country: Callable[[str], str | None] | None = None) -> None:
        self.kb = kb or load_kb()
        self.resolver = Resolver(self.kb, place_country)
        self.version = f"actors-kb-{self.kb.digest.hexdigest()[:8]}"

    def code_span(self, span: SpacySpan, memory: Memory) -> Coded:
        """Code one mention given as a spaCy span (its parse says which word is the head, which are names)."""
        base = span.start_char
        return self.resolver.code(
            span.text, memory, head=span.root.idx - base,
            person_name=span.root.ent_type_ == "PERSON",
            proper=frozenset(t.idx - base for t in span if t.pos_ == "PROPN"),
            lemmas={t.idx - base: t.lemma_ for t in span})

    def __call__(self, events: list[Event], doc: Doc, parsed: SpacyDoc) -> list[Event]:
        published = doc.published_date
        memory = Memory(published)
        self.resolver.learn_acronyms(doc.text, memory)
        wanted: dict[tuple[int, int], SpacySpan] = {}
        on: dict[tuple[int, int], dt.date | None] = {}          # the date a mention is read at: its event's
        for event in events:
            # the dates stage writes ISO dates: an event dated by its own words is read at that date
            when = dt.date.fromisoformat(event.date) if event.date and event.date_text else memory.when
            for p in (*event.actor, *event.recipient, *((event.speaker,) if event.speaker else ())):
                found = parsed.char_span(p.start, p.end, alignment_mode="expand")
                if found is not None and len(found):
                    wanted[(p.start, p.end)] = found
                    on.setdefault((p.start, p.end), when)
        context = [e for e in parsed.ents if e.label_ in _ENTITY_LABELS]
        memory.focus = self._focus(context, published)     # "the police" in the first line of an Angolan story
        codes: dict[tuple[int, int], Coded] = {}
        for span in sorted([*wanted.values(), *context], key=lambda s: s.start_char):
            key = (span.start_char, span.end_char)
            if key not in codes:
                memory.when = on.get(key, published) or published
                codes[key] = self._code_in_context(span, memory, codes)
        memory.when = published
        return [self._apply(event, codes) for event in events]

    def _focus(self, context: list[SpacySpan], published: dt.date | None) -> Counter:
        """The countries the whole document names, counted before any mention is coded: what the story is
        about is known from its first line on."""
        scratch = Memory(published)
        for span in context:
            self.code_span(span, scratch)
        return scratch.focus

    def _code_in_context(self, span: SpacySpan, memory: Memory, codes: dict[tuple[int, int], Coded]) -> Coded:
        root = span.root
        if len(span) == 1 and root.lower_ in _PRONOUNS:
            ante = antecedent(root)
            if ante is None:
                return UNCODED
            ante_span = participant_span(ante)
            key = (ante_span.start_char, ante_span.end_char)
            coded = codes.get(key) or self.code_span(ante_span, memory)
            # the KB names the person "the president" was: "she" is not Donald Trump; "they" is nobody one
            # person (an ORG-tagged name had let "They're allowed to kill our people" become Trump)
            if coded.person and root.lower_ in _GROUP_PRONOUNS:
                return UNCODED
            return coded if not coded.person or agrees(root.lower_, coded.name) else UNCODED
        first = span.doc[span.start - 1] if span.start > 0 else None
        # "the General", "the militants": common nouns (or a rank) after "the", no name of their own
        if first is not None and first.lower_ == "the" and all(
                t.pos_ in {"NOUN", "ADJ"} or t.lower_ in self.kb.sectors for t in span):
            prior = self.resolver.code_pronoun_free(span.text, memory)
            if prior is not None:
                return prior
        return self.code_span(span, memory)

    @staticmethod
    def _coded(p: Participant, codes: dict[tuple[int, int], Coded]) -> Participant:
        c = codes.get((p.start, p.end), UNCODED)
        return replace(p, name=c.name or p.text, country=c.country, sector=c.sector, kb_id=c.kb_id)

    def _apply(self, event: Event, codes: dict[tuple[int, int], Coded]) -> Event:
        speaker = None
        if event.speaker is not None:
            s = event.speaker
            speaker = self._coded(Participant(s.text, s.start, s.end), codes)
        return replace(event, actor=tuple(self._coded(p, codes) for p in event.actor),
                       recipient=tuple(self._coded(p, codes) for p in event.recipient),
                       speaker_actor=speaker)
