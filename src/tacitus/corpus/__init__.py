"""Corpus mode: many articles in one DuckDB store, wire copies linked, events clustered across outlets.

    corpus = tacitus.open("tacitus.duckdb")
    corpus.events(event_type="ASSAULT", country="AFG")     # a pandas DataFrame, one row per event mention
    corpus.clusters(min_sources=2)                         # one row per real-world event
    corpus.cluster("cl_9a07...")                           # the tacitus.cluster/1 record, corroboration included
    corpus.sql("SELECT outlet, count(*) FROM documents GROUP BY 1")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["Corpus", "open_corpus"]


class Corpus:
    """A read-only view of a store. Filters: see `Store.events_frame` / `Store.clusters_frame`."""

    def __init__(self, path: str | Path) -> None:
        from ..store import Store

        self.store = Store(path, read_only=True)

    def events(self, **filters: Any) -> Any:
        return self.store.events_frame(**filters)

    def clusters(self, **filters: Any) -> Any:
        return self.store.clusters_frame(**filters)

    def cluster(self, cluster_id: str) -> dict[str, Any] | None:
        return self.store.cluster_record(cluster_id)

    def sql(self, query: str, *params: Any) -> Any:
        return self.store.sql(query, list(params))

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def open_corpus(path: str | Path = "tacitus.duckdb") -> Corpus:
    """Open a store written by `tacitus ingest` for reading."""
    return Corpus(path)
