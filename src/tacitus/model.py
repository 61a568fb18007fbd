"""Typed records that travel between stages, and their JSON shapes (../shared/spec/event-record.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EVENT_SCHEMA", "DOC_SCHEMA", "REJECT_SCHEMA", "PLOVER_TYPES",
    "Article", "Doc", "Span", "Participant", "Event", "Reject",
]

EVENT_SCHEMA = "tacitus.event/1"
DOC_SCHEMA = "tacitus.doc/1"
REJECT_SCHEMA = "tacitus.reject/1"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class Article:
    """Raw input as read by `ingest`: nothing cleaned, nothing derived except the id."""

    text: str | bytes
    doc_id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None      # ISO date, or None
    origin: str | None = None         # where it was read from (path, "stdin", "line 3 of x.jsonl")
    kind: str = "txt"                 # "txt" (first line = title), "html", or "json" (fields given)


@dataclass(frozen=True)
class Span:
    """A piece of the cleaned document text: `doc.text[start:end] == text`."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Doc:
    """A cleaned article. Every offset Tacitus emits indexes `text`."""

    doc_id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    dateline: Span | None = None      # the report's origin ("Washington:"), never an event location
    body_start: int = 0               # offset where the body starts (after title and dateline)

    @property
    def published_date(self) -> dt.date | None:
        """The article date as a date (None when absent or not ISO): what relative dates are read against."""
        try:
            return dt.date.fromisoformat(self.published[:10]) if self.published else None
        except ValueError:
            return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": DOC_SCHEMA, "doc_id": self.doc_id, "title": self.title,
            "published": self.published, "url": self.url, "outlet": self.outlet, "text": self.text,
            "dateline": self.dateline.to_dict() if self.dateline else None,
        }


@dataclass(frozen=True)
class Participant:
    """An actor or recipient mention. Codes (name, country, sector, kb_id) belong to the `actors` stage."""

    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "sector": self.sector,
                "kb_id": self.kb_id, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Event:
    """One event mention, tied to its evidence. Fields owned by later stages stay None until they run."""

    id: str
    doc_id: str
    event_type: str
    mode: str | None
    context: tuple[str, ...]
    cameo: str | None
    quad_class: int | None
    goldstein: float | None
    actor: tuple[Participant, ...]
    recipient: tuple[Participant, ...]
    sentence: Span
    trigger: Span
    confidence: float
    pipeline: dict[str, Any]
    speaker: Span | None = None
    location: dict[str, Any] | None = None
    date: str | None = None
    date_precision: str | None = None
    date_end: str | None = None
    date_text: str | None = None
    factuality: str | None = None
    marks: tuple[str, ...] = ()                # secondary factuality classes (a reported hedge: "reported")
    speaker_resolved: Span | None = None       # who a pronoun speaker is ("He" -> "General Milley")
    speaker_actor: Participant | None = None   # the speaker coded like an actor (the `actors` stage)
    counts: dict[str, int | None] = field(
        default_factory=lambda: {"killed": None, "injured": None, "arrested": None, "missing": None})
    count_mentions: tuple[dict[str, Any], ...] = ()    # each stated number: kind, value, bounds, span
    cluster_id: str | None = None
    sources: tuple[str, ...] = ()
    evidence_source: str = ""         # which coder found it: "pattern", "pattern+model", "model"

    def _speaker_dict(self) -> dict[str, Any] | None:
        if self.speaker is None:
            return None
        codes = self.speaker_actor
        return {**self.speaker.to_dict(),
                "resolved": self.speaker_resolved.to_dict() if self.speaker_resolved else None,
                "name": codes.name if codes else None, "country": codes.country if codes else None,
                "sector": codes.sector if codes else None, "kb_id": codes.kb_id if codes else None}

    def to_dict(self) -> dict[str, Any]:
        """The contract shape of ../shared/spec/event-record.md. Added fields: `evidence.coder`,
        `modality.marks`, `modality.speaker.resolved` and the speaker's codes (name, country, sector,
        kb_id), `counts.missing`, `count_mentions`."""
        return {
            "schema": EVENT_SCHEMA,
            "id": self.id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "actor": [p.to_dict() for p in self.actor],
            "recipient": [p.to_dict() for p in self.recipient],
            "location": self.location,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_end": self.date_end,
            "date_text": self.date_text,
            "modality": {"factuality": self.factuality, "marks": list(self.marks),
                         "speaker": self._speaker_dict()},
            "counts": dict(self.counts),
            "count_mentions": list(self.count_mentions),
            "evidence": {"sentence": self.sentence.text, "start": self.sentence.start,
                         "end": self.sentence.end, "trigger": self.trigger.to_dict(),
                         "coder": self.evidence_source},
            "cluster_id": self.cluster_id,
            "sources": list(self.sources) or [self.doc_id],
            "confidence": round(self.confidence, 3),
            "pipeline": self.pipeline,
        }


@dataclass(frozen=True)
class Reject:
    """An input that is not an article, with the reason. Never silence, never a crash."""

    doc_id: str
    reason: str
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"schema": REJECT_SCHEMA, "doc_id": self.doc_id, "reason": self.reason, "origin": self.origin}
