"""`tacitus ingest`: inputs -> the pipeline -> the store, idempotent and resumable.

An input already stored (same raw text, or same URL) is skipped before any work. Each batch is coded, its
documents linked to earlier wire copies (near-duplicate signatures), its events assigned to clusters, and
then everything the batch changed — documents, events, actor mentions, rejects, touched clusters with
their corroboration — is written in one transaction. Kill the process at any point and run it again: the
store holds exactly the whole batches written before, and the run carries on from there, rebuilding the
near-duplicate index and the clusterer from what is stored.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import Article, Reject
from ..pipeline import Pipeline
from ..settings import Settings
from ..stages.ingest import read_paths
from ..store import Store, StoredDoc
from .cluster import EventClusterer
from .embed import make_embedder
from .corroborate import cluster_record
from .neardup import NearDupIndex, signature

__all__ = ["IngestReport", "ingest", "input_hash"]


@dataclass
class IngestReport:
    run_id: str
    store: str
    read: int = 0
    skipped: int = 0
    documents: int = 0
    rejects: int = 0
    events: int = 0
    wire_copies: int = 0
    clusters_touched: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def render(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (f"ingest {self.run_id} -> {self.store}: read {self.read}, skipped {self.skipped} already stored, "
                f"added {self.documents} documents ({self.wire_copies} wire copies) and {self.events} events, "
                f"{self.rejects} rejects; {self.clusters_touched} clusters touched; "
                f"{self.seconds:.1f} s ({rate:.2f} documents/s)\n")


def input_hash(item: Article | Reject) -> str:
    """What makes two inputs the same article: the raw text (a reject: its origin and reason)."""
    if isinstance(item, Reject):
        raw = f"reject\0{item.origin}\0{item.doc_id}\0{item.reason}".encode()
    else:
        raw = item.text if isinstance(item.text, bytes) else item.text.encode("utf-8", "surrogatepass")
    return hashlib.sha1(raw).hexdigest()


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _Ingest:
    def __init__(self, store: Store, settings: Settings, pipe: Pipeline | None) -> None:
        self.store, self.settings = store, settings
        self.pipe = pipe or Pipeline(settings)
        self.hashes, self.urls = store.seen_inputs()
        self.doc_ids = store.doc_ids()
        self.neardup = NearDupIndex.from_pairs(store.signatures())
        self.clusterer = EventClusterer(store.cluster_states(), embedder=make_embedder(settings.embedder))
        self.docs = store.document_info()

    def fresh(self, batch: list[Article | Reject], report: IngestReport) -> list[tuple[str, Article | Reject]]:
        """The inputs of a batch not stored yet (nor repeated earlier in the batch)."""
        out = []
        for item in batch:
            key = input_hash(item)
            url = item.url if isinstance(item, Article) else None
            if key in self.hashes or (url and url in self.urls):
                report.skipped += 1
                continue
            self.hashes.add(key)
            if url:
                self.urls.add(url)
            out.append((key, item))
        return out

    def unique_id(self, doc_id: str, key: str) -> str:
        """Two different articles given the same id keep both: the later one gets its hash appended."""
        if doc_id in self.doc_ids:
            doc_id = f"{doc_id}~{key[:8]}"
        self.doc_ids.add(doc_id)
        return doc_id

    def run_batch(self, run_id: str, batch: list[tuple[str, Article | Reject]], report: IngestReport,
                  skipped: int) -> None:
        keys = {id(item): key for key, item in batch}
        articles = [item for _, item in batch]
        docs: list[StoredDoc] = []
        rejects: list[tuple[str, str, str, str | None]] = []
        events: list[dict[str, Any]] = []
        for item, result in zip(articles, self.pipe.run(articles)):
            key = keys[id(item)]
            if result.reject is not None or result.doc is None:
                r = result.reject
                rejects.append((key, r.doc_id, r.reason, r.origin))
                continue
            doc = result.doc
            doc_id = self.unique_id(doc.doc_id, key)
            sig = signature(doc.text)
            canonical = self.neardup.add(doc_id, sig) or doc_id
            report.wire_copies += canonical != doc_id
            docs.append(StoredDoc(doc_id, key, doc.url, doc.title, doc.published, doc.outlet, doc.text,
                                  doc.dateline.to_dict() if doc.dateline else None,
                                  getattr(item, "origin", None), sig, canonical))
            self.docs[doc_id] = {"outlet": doc.outlet, "published": doc.published, "canonical": canonical,
                                 "url": doc.url, "title": doc.title, "text": doc.text[:600]}
            for event in result.events:
                record = event.to_dict()
                record["doc_id"] = doc_id
                events.append(record)
        assignments = self.clusterer.assign(events, self.docs)
        for record in events:
            record["cluster_id"] = assignments.get(record["id"])
        clusters = self._cluster_rows(events, set(assignments.values()))
        self.store.write_batch(run_id, docs, events, rejects, clusters, skipped)
        report.documents += len(docs)
        report.rejects += len(rejects)
        report.events += len(events)
        report.clusters_touched += len(clusters)

    def _cluster_rows(self, new: list[dict[str, Any]], touched: set[str]) -> list[dict[str, Any]]:
        if not touched:
            return []
        members: dict[str, dict[str, dict[str, Any]]] = {}
        for record in self.store.events_in_clusters(touched) + new:
            if record.get("cluster_id") in touched:
                members.setdefault(record["cluster_id"], {})
                members[record["cluster_id"]][record["id"]] = record   # stored ∪ new, each event once
        states = {s["cluster_id"]: s for s in self.clusterer.states(touched)}   # O(batch), not O(store)
        rows = []
        for cluster_id, by_id in members.items():
            record = cluster_record(cluster_id, list(by_id.values()), self.docs)
            loc = record.get("location") or {}
            rows.append({"cluster_id": cluster_id, "event_type": record.get("event_type"), "date": record.get("date"),
                         "location_country": loc.get("country"), "num_articles": record.get("num_articles"),
                         "num_sources": record.get("num_sources"), "num_events": len(by_id),
                         "state": states.get(cluster_id), "record": record})
        return rows


def ingest(paths: Iterable[str | Path], store_path: str | Path, settings: Settings | None = None,
           published: str | None = None, progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
           pipe: Pipeline | None = None, limit: int | None = None) -> IngestReport:
    """Read `paths` into the store at `store_path`; see the module docstring for the guarantees."""
    settings = settings or Settings()
    started = time.perf_counter()
    paths = [str(p) for p in paths]
    with Store(store_path) as store:
        job = _Ingest(store, settings, pipe)
        run_id = f"run_{time.strftime('%Y%m%dT%H%M%S')}_{uuid.uuid4().hex[:6]}"
        store.begin_run(run_id, __version__, job.pipe.components, asdict(settings), paths)
        report = IngestReport(run_id, str(store_path))
        items: Iterable[Article | Reject] = read_paths(paths, published)
        if limit is not None:
            items = islice(items, limit)                 # the first `limit` inputs (stored ones count too)
        if progress is not None:
            items = progress(items)
        for batch in _batches(items, settings.batch_size):
            report.read += len(batch)
            before = report.skipped
            fresh = job.fresh(batch, report)
            job.run_batch(run_id, fresh, report, report.skipped - before)
        store.finish_run(run_id)
    report.seconds = time.perf_counter() - started
    return report
