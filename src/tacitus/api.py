"""The Python API. The CLI (and later the REST API and batch runner) call only these functions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .coder.classifier import NONE, dep_path, head_of
from .coder.patterns import find_mentions
from .errors import InputError
from .model import Article, Event, Reject
from .ontology import as_intention
from .pipeline import Pipeline, Result
from .settings import Settings
from .stages.clean import normalise_date
from .stages.ingest import article_from_record, content_id, read_paths
from .stages.modality import judge

if TYPE_CHECKING:
    from .corpus import Corpus
    from .corpus.ingest import IngestReport

__all__ = ["code", "code_paths", "classify_pair", "pipeline", "PairResult", "RejectedInput",
           "open_corpus", "ingest", "export"]


class RejectedInput(InputError):
    """`tacitus.code` was given something that is not an article; `.reject` says why."""

    def __init__(self, reject: Reject) -> None:
        super().__init__(f"not an article: {reject.reason}")
        self.reject = reject


@lru_cache(maxsize=2)
def pipeline(settings: Settings | None = None) -> Pipeline:
    """The shared pipeline for these settings (loading spaCy and the classifier costs about a second)."""
    return Pipeline(settings or Settings())


def _check_date(published: str | None) -> str | None:
    if published is None:
        return None
    value = normalise_date(published)
    if value is None:
        raise InputError(f"not a date (want YYYY-MM-DD): {published!r}")
    return value


def code(article: str | Article | dict[str, Any], published: str | None = None,
         settings: Settings | None = None) -> list[Event]:
    """Code one article: a text (body only), an Article, or a dict like a JSON input line."""
    published = _check_date(published)
    if isinstance(article, str):
        item: Article | Reject = Article(text=article, doc_id=content_id(article), published=published,
                                         kind="json")
    elif isinstance(article, dict):
        item = article_from_record(article, "api", published)
    elif isinstance(article, Article):
        item = article
    else:
        raise InputError(f"cannot code a {type(article).__name__}: give a str, dict or Article")
    result = next(pipeline(settings).run([item]))
    if result.reject is not None:
        raise RejectedInput(result.reject)
    return result.events


def code_paths(paths: Iterable[str | Path], published: str | None = None,
               settings: Settings | None = None) -> Iterator[Result]:
    """Code every article under `paths` ("-" = stdin); one Result per input, rejects included."""
    return pipeline(settings).run(read_paths(paths, _check_date(published)))


@dataclass(frozen=True)
class PairResult:
    """The event type between a given source and target ("gold actors given" setting)."""

    event_type: str
    confidence: float
    probs: dict[str, float]      # the classifier's probabilities, "NONE" included


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def classify_pair(sentence: str, source: tuple[int, int] | None, target: tuple[int, int] | None = None,
                  settings: Settings | None = None) -> PairResult:
    """Type of the relation from `sentence[source[0]:source[1]]` to `sentence[target[0]:target[1]]`.

    Either side may be None when the sentence does not name it, not both."""
    if source is None and target is None:
        raise InputError("classify_pair needs a source span, a target span, or both")
    for name, span in (("source", source), ("target", target)):
        if span is None:
            continue
        a, b = span if isinstance(span, tuple) and len(span) == 2 else (-1, -1)
        if not (0 <= a < b <= len(sentence)):
            raise InputError(f"{name} span {a}:{b} is outside the sentence (length {len(sentence)})")
    pipe = pipeline(settings)
    parsed = pipe.parser.parse_text(sentence)
    best: tuple[float, Any] | None = None
    for sent in parsed.sents:
        anchor = source or target
        if not sent.start_char <= anchor[0] < sent.end_char:
            continue
        heads = [h for h in (head_of(sent, source), head_of(sent, target)) if h is not None]
        between, lca = dep_path(heads[0], heads[-1]) if heads else ([], sent.root)
        on_path = {t.i for t in between} | {lca.i}
        for m in find_mentions(sent):
            actors = [(t.idx, t.idx + len(t)) for t in m.actors]
            everyone = actors + [(t.idx, t.idx + len(t)) for t in m.recipients]
            # a pattern links the pair when its participants' heads fall inside the given spans; failing
            # that, a trigger on the dependency path between the two still names their relation
            link = (source is not None and any(_overlaps(s, source) for s in actors)) + (
                target is not None and any(_overlaps(s, target) for s in everyone))
            if link == 0 and m.head.i in on_path:
                link = 0.5
            if link == 0:
                continue
            scored = pipe.coder.score(sent, m, source, target)
            key = (link, scored.confidence)
            if best is None or key > best[0]:
                best = (key, scored, m)
    if best is not None:
        _, scored, m = best
        event_type = scored.event_type
        intention = as_intention(event_type)
        if intention and judge(m.head, None, m.rule)[0].factuality == "future":
            event_type = intention[0]             # PLOVER: a future cooperative act is an AGREE
        return PairResult(event_type, scored.confidence, scored.probs)
    sent = next((s for s in parsed.sents if s.start_char <= (source or target)[0] < s.end_char), parsed[:])
    scored = pipe.coder.score(sent, None, source, target)
    ranked = {t: p for t, p in scored.probs.items() if t != NONE}
    top = max(ranked, key=ranked.get)
    return PairResult(top, ranked[top] / max(1e-9, sum(ranked.values())), scored.probs)


# -- corpus mode ------------------------------------------------------------------------------------------

def open_corpus(path: str | Path | None = None, settings: Settings | None = None) -> "Corpus":
    """A store written by `ingest`, for reading: `.events()`, `.clusters()`, `.cluster(id)`, `.sql()`.
    Exposed as `tacitus.open`."""
    from .corpus import Corpus

    return Corpus(path or (settings or Settings()).store)


def ingest(paths: Iterable[str | Path], store: str | Path | None = None, settings: Settings | None = None,
           published: str | None = None, progress: Any = None, limit: int | None = None) -> "IngestReport":
    """Code `paths` into the store (idempotent, resumable; see tacitus.corpus.ingest)."""
    from .corpus.ingest import ingest as run

    settings = settings or Settings()
    published = _check_date(published)
    return run(paths, store or settings.store, settings, published, progress, pipe=pipeline(settings), limit=limit)


def export(fmt: str, per: str = "event", store: str | Path | None = None, out: Any = None,
           path: str | Path | None = None, settings: Settings | None = None) -> int:
    """Write the store as jsonl, csv, parquet or gdelt rows; returns the number of rows."""
    from .corpus.export import export as run
    from .store import Store

    with Store(store or (settings or Settings()).store, read_only=True) as opened:
        return run(opened, fmt, per, out, path)
