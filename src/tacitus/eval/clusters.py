"""Story clustering on multi-outlet corpora: BASIL triplets and AllSides roundups.

Both corpora group articles by real-world story (BASIL: one event covered by Fox, NYT and HuffPost;
AllSides: one headline roundup of two or three outlets). Tacitus codes every article, clusters the events
across articles (`corpus.cluster.EventClusterer`) and groups the documents into stories
(`corpus.cluster.doc_clusters`). Reported:
- event-cluster purity: the share of events whose cluster's majority story is their own story (over all
  clusters, and over clusters spanning several documents, the ones deduplication creates);
- the number of event clusters spanning several documents and several outlets;
- document clustering against the story ids: purity, inverse purity, B³ and pairwise P/R/F1.
AllSides articles carry no date of their own; the roundup's date stands in as their publication date.

The scorers (`bcubed`, `pairwise`, `purity`) are shared with `eval.ecbplus`.

The event embedder is `settings.embedder` when Settings has that field ("hashing" otherwise), or the
`embedder` argument ("hashing" | "minilm" | an Embedder); "seconds to cluster" and "events per second"
include encoding the events and the article leads.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import pipeline
from ..corpus.cluster import Embedder, EventClusterer, doc_clusters
from ..corpus.embed import make_embedder
from ..corpus.neardup import NearDupIndex, signature
from ..model import Article
from ..settings import Settings
from .metrics import Report

__all__ = ["Story", "bcubed", "pairwise", "purity", "code_corpus", "resolve_embedder", "score_clustering",
           "load_basil",
           "load_roundups", "evaluate_basil", "evaluate_roundups"]


@dataclass(frozen=True)
class Story:
    """One gold-labelled article: its story id and what the pipeline needs."""

    doc_id: str
    story: str
    text: str
    title: str | None
    outlet: str | None
    published: str | None


def _prf(p: float, r: float) -> tuple[float, float, float]:
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of a clustering (item -> cluster) against gold (item -> class)."""
    items = [i for i in gold if i in pred]
    if not items:
        return 0.0, 0.0, 0.0
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        shared = len(by_pred[pred[i]] & by_gold[gold[i]])
        p += shared / len(by_pred[pred[i]])
        r += shared / len(by_gold[gold[i]])
    return _prf(p / len(items), r / len(items))


def _pairs(groups: Mapping[str, str], items: Sequence[str]) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(groups[i] for i in items).values())


def pairwise(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1: over pairs of items put together."""
    items = [i for i in gold if i in pred]
    both = sum(n * (n - 1) // 2 for n in Counter((pred[i], gold[i]) for i in items).values())
    n_pred, n_gold = _pairs(pred, items), _pairs(gold, items)
    return _prf(both / n_pred if n_pred else 1.0, both / n_gold if n_gold else 1.0)


def purity(pred: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """Share of items whose predicted cluster's majority gold class is their own class."""
    items = [i for i in gold if i in pred]
    members = defaultdict(list)
    for i in items:
        members[pred[i]].append(gold[i])
    return sum(Counter(v).most_common(1)[0][1] for v in members.values()) / len(items) if items else 0.0


def code_corpus(stories: Sequence[Story], settings: Settings) -> tuple[dict[str, dict[str, Any]],
                                                                      list[dict[str, Any]]]:
    """Run the pipeline; return the docs (with their near-duplicate canonical) and the event records."""
    articles = [Article(text=s.text, doc_id=s.doc_id, title=s.title, outlet=s.outlet, published=s.published,
                        kind="json") for s in stories]
    docs: dict[str, dict[str, Any]] = {}
    events: list[dict[str, Any]] = []
    index = NearDupIndex()
    for result in pipeline(settings).run(articles):
        if result.doc is None:
            continue
        doc = result.doc.to_dict()
        canonical = index.add(doc["doc_id"], signature(doc["text"])) or doc["doc_id"]
        docs[doc["doc_id"]] = {**doc, "canonical": canonical}
        events.extend(e.to_dict() for e in result.events)
    return docs, events


def resolve_embedder(settings: Settings | None, embedder: Embedder | str | None = None) -> Embedder:
    """The embedder an eval uses: the argument, else `settings.embedder` where Settings has it, else hashing."""
    if embedder is None or isinstance(embedder, str):
        return make_embedder(embedder or str(getattr(settings, "embedder", "") or "hashing"))
    return embedder


def score_clustering(report: Report, stories: Sequence[Story], docs: Mapping[str, Mapping[str, Any]],
                     events: Sequence[Mapping[str, Any]], levels: Mapping[str, Mapping[str, str]],
                     embedder: Embedder | str | None = None, threshold: float | None = None) -> dict[str, str]:
    """Cluster events (with `embedder`, at `threshold`: the clusterer's defaults when None) and documents;
    add event-cluster and document-clustering figures per gold level. Returns the document groups
    (doc id -> story id)."""
    clusterer = EventClusterer(embedder=resolve_embedder(None, embedder), threshold=threshold)
    started = time.perf_counter()
    assignment = clusterer.assign(events, docs)
    event_seconds = time.perf_counter() - started
    stories_of = doc_clusters(events, assignment, docs, {d: doc["text"] for d, doc in docs.items()})
    f = report.figures
    f["event threshold"] = clusterer.threshold
    report.notes.append(f"event embedder: {clusterer.embedder.name}")
    f["seconds to cluster"] = round(time.perf_counter() - started, 2)
    f["events per second (event clustering, encoding included)"] = round(len(events) / max(event_seconds, 1e-9), 1)
    f["documents coded"] = len(docs)
    f["events"] = len(events)
    f["wire copies found"] = sum(1 for d, doc in docs.items() if doc["canonical"] != d)
    members: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for e in events:
        members[assignment[e["id"]]].append(e)
    multi = {c for c, evs in members.items() if len({e["doc_id"] for e in evs}) > 1}
    outlets = {c for c in multi if len({docs[e["doc_id"]].get("outlet") for e in members[c]}) > 1}
    f["event clusters"] = len(members)
    f["event clusters over several documents"] = len(multi)
    f["event clusters over several outlets"] = len(outlets)
    for level, gold_docs in levels.items():
        gold = {e["id"]: gold_docs[e["doc_id"]] for e in events if e["doc_id"] in gold_docs}
        f[f"{level}: event-cluster purity"] = round(purity(assignment, gold), 4)
        in_multi = {i: g for i, g in gold.items() if assignment[i] in multi}
        f[f"{level}: event-cluster purity, multi-document clusters"] = round(purity(assignment, in_multi), 4)
        inverse = purity({d: gold_docs[d] for d in stories_of}, {d: stories_of[d] for d in stories_of
                                                                  if d in gold_docs})
        f[f"{level}: document purity"] = round(purity(stories_of, gold_docs), 4)
        f[f"{level}: document inverse purity"] = round(inverse, 4)
        for name, scorer in (("B3", bcubed), ("pairwise", pairwise)):
            p, r, f1 = scorer(stories_of, gold_docs)
            f[f"{level}: document {name} P"], f[f"{level}: document {name} R"] = round(p, 4), round(r, 4)
            f[f"{level}: document {name} F1"] = round(f1, 4)
    f["document clusters"] = len(set(stories_of.values()))
    return stories_of


def load_basil(path: Path, limit: int | None = None) -> list[Story]:
    folder = path if path.is_dir() else path.parent
    with gzip.open(folder / "basil_articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    out = [Story(r["uuid"], r["triplet_uuid"], r["text"], r.get("title"), r.get("source"), r.get("date"))
           for r in rows if r.get("text")]
    return out[:limit] if limit else out


def load_roundups(path: Path, limit: int | None = None) -> list[Story]:
    """Articles of every roundup, the roundup's date standing in for their publication date."""
    folder = path if path.is_dir() else path.parent
    out = []
    with gzip.open(folder / "roundups_2021-04_2021-10.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            for i, a in enumerate(row.get("articles") or []):
                if a.get("text"):
                    out.append(Story(f"{row['cluster_id']}-{i}", str(row["cluster_id"]), a["text"],
                                     a.get("title"), a.get("outlet"), (row.get("date") or "")[:10] or None))
    return out[:limit] if limit else out


def _evaluate(name: str, stories: list[Story], settings: Settings, embedder: Embedder | str | None) -> Report:
    report = Report(name, len(stories))
    embedder = resolve_embedder(settings, embedder)       # before coding: a missing model fails fast
    docs, events = code_corpus(stories, settings)
    score_clustering(report, stories, docs, events, {"story": {s.doc_id: s.story for s in stories}}, embedder)
    report.notes.append("event clusters: EventClusterer defaults for the embedder; documents: doc_clusters defaults "
                        "(TF-IDF of the texts + shared event clusters, average link, publication dates "
                        "at most 3 days apart)")
    return report


def evaluate_basil(path: Path, settings: Settings, limit: int | None = None,
                   embedder: Embedder | str | None = None) -> Report:
    return _evaluate("basil-triplets (story clustering, 3 outlets per event)", load_basil(path, limit), settings,
                     embedder)


def evaluate_roundups(path: Path, settings: Settings, limit: int | None = None,
                      embedder: Embedder | str | None = None) -> Report:
    report = _evaluate("allsides-roundups-2021 (story clustering, 2-3 outlets per roundup)",
                       load_roundups(path, limit), settings, embedder)
    report.notes.append("articles are lead paragraphs only; the roundup date is their publication date")
    return report
