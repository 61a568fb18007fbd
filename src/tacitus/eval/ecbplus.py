"""ECB+ document clustering: are articles about one seminal event grouped, and similar events kept apart?

Each of the 982 documents belongs to a topic (e.g. "celebrity checks into rehab") and, within it, to one
of two subtopics: two different real-world events of the same kind. Tacitus codes every document, clusters
its events across documents and groups the documents (`corpus.cluster.doc_clusters`: TF-IDF cosine of
the texts plus the share of event clusters two documents have in common, average link). Scored with B³
and pairwise P/R/F1 against the 86 topic×subtopic clusters (`cluster_id`) and against the 43 topics, plus
the number of document pairs from the same topic but different subtopics that were put together (the
hard confusions).

ECB+ documents carry no publication date. They are coded undated: relative expressions ("on Tuesday")
stay unresolved, so only dates written out in the text ("May 3, 2013") reach the events; the clusterer's
date gate applies only between dated events, and the document step's date gate never fires. Telling the
two subtopics apart therefore rests on names, places and explicit dates in the text.

The event embedder is the `embedder` argument, else `settings.embedder` where Settings has it, else hashing.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from urllib.parse import urlparse

from ..corpus.cluster import Embedder
from ..settings import Settings
from .clusters import Story, code_corpus, resolve_embedder, score_clustering
from .metrics import Report

__all__ = ["load", "evaluate"]


def load(path: Path, limit: int | None = None) -> list[Story]:
    """The documents of ecbplus_docs.jsonl; the outlet is the source URL's host where there is one."""
    folder = path if path.is_dir() else path.parent
    out = []
    with (folder / "ecbplus_docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            host = urlparse(row["source_url"]).netloc.removeprefix("www.") if row.get("source_url") else None
            out.append(Story(row["doc_name"], row["cluster_id"], row["text"], None, host or None, None))
    return out[:limit] if limit else out


def evaluate(path: Path, settings: Settings, limit: int | None = None,
             embedder: Embedder | str | None = None) -> Report:
    stories = load(path, limit)
    report = Report("ecbplus (document clustering by seminal event)", len(stories))
    embedder = resolve_embedder(settings, embedder)       # before coding: a missing model fails fast
    docs, events = code_corpus(stories, settings)
    gold_cluster = {s.doc_id: s.story for s in stories}
    gold_topic = {s.doc_id: s.story.split("_")[0] for s in stories}
    groups = score_clustering(report, stories, docs, events, {"cluster": gold_cluster, "topic": gold_topic},
                              embedder)
    # the hard confusions: same topic, different subtopic, same predicted group
    members: dict[str, list[str]] = {}
    for d, g in groups.items():
        members.setdefault(g, []).append(d)
    confused = sum(1 for ids in members.values() for a, b in combinations(ids, 2)
                   if gold_topic[a] == gold_topic[b] and gold_cluster[a] != gold_cluster[b])
    report.figures["same-topic, different-subtopic pairs merged"] = confused
    report.notes.append("documents are undated: only dates written out in the text reach the events")
    return report
