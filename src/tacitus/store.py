"""The corpus store: one DuckDB file. This module is the only place SQL lives.

Tables: `documents` (cleaned text, outlet, date, the raw-input hash and URL that make ingest idempotent,
the near-duplicate signature and canonical copy), `rejects`, `events` (queryable columns plus the whole
contract record as JSON), `actor_mentions` (one row per actor, recipient and speaker), `clusters` (the
clusterer's state, NumArticles/NumSources and the `tacitus.cluster/1` record with its corroboration) and
`runs` (who ingested what, with which component versions). `schema_migrations` records the applied
migrations; `MIGRATIONS` only ever grows.

Every batch of documents is written in one transaction together with its events and the clusters they
touched: a process killed at any point leaves the store as it was after the last whole batch.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import duckdb

from .errors import InputError, TacitusError

__all__ = ["Store", "StoreError", "StoredDoc", "MIGRATIONS", "EXPORT_FORMATS", "GDELT_COLUMNS"]


class StoreError(TacitusError):
    """The store file cannot be opened or is from a newer Tacitus."""


MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "documents, rejects, events, actor mentions, clusters and runs", [
        """CREATE TABLE runs (
            run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, tacitus_version VARCHAR,
            components JSON, settings JSON, inputs JSON,
            documents_added INTEGER DEFAULT 0, events_added INTEGER DEFAULT 0, rejects_added INTEGER DEFAULT 0,
            skipped INTEGER DEFAULT 0)""",
        """CREATE TABLE documents (
            doc_id VARCHAR PRIMARY KEY, url VARCHAR, input_hash VARCHAR NOT NULL, title VARCHAR,
            published DATE, outlet VARCHAR, text VARCHAR, dateline JSON, origin VARCHAR,
            signature JSON, canonical_doc_id VARCHAR, run_id VARCHAR, ingested_at TIMESTAMP)""",
        "CREATE UNIQUE INDEX documents_input_hash ON documents (input_hash)",
        "CREATE INDEX documents_url ON documents (url)",
        """CREATE TABLE rejects (
            input_hash VARCHAR PRIMARY KEY, doc_id VARCHAR, reason VARCHAR, origin VARCHAR, run_id VARCHAR)""",
        """CREATE TABLE events (
            id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, event_type VARCHAR, mode VARCHAR, cameo VARCHAR,
            quad_class INTEGER, goldstein DOUBLE, date DATE, date_precision VARCHAR, date_end DATE,
            date_text VARCHAR, factuality VARCHAR, confidence DOUBLE, location_name VARCHAR,
            location_country VARCHAR, lat DOUBLE, lon DOUBLE, killed INTEGER, injured INTEGER,
            arrested INTEGER, cluster_id VARCHAR, record JSON, run_id VARCHAR)""",
        "CREATE INDEX events_doc ON events (doc_id)",
        "CREATE INDEX events_cluster ON events (cluster_id)",
        """CREATE TABLE actor_mentions (
            event_id VARCHAR, role VARCHAR, position INTEGER, text VARCHAR, name VARCHAR, country VARCHAR,
            sector VARCHAR, kb_id VARCHAR, start_char INTEGER, end_char INTEGER)""",
        "CREATE INDEX actor_mentions_event ON actor_mentions (event_id)",
        """CREATE TABLE clusters (
            cluster_id VARCHAR PRIMARY KEY, event_type VARCHAR, date DATE, location_country VARCHAR,
            num_articles INTEGER, num_sources INTEGER, num_events INTEGER, state JSON, record JSON,
            updated_run VARCHAR)""",
    ]),
]

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "gdelt")

# GDELT 2.0 event table, in its column order (GDELT-Event_Codebook-V2.0); ours are appended after these.
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)


@dataclass(frozen=True)
class StoredDoc:
    """What the writer needs to know about one document of a batch."""

    doc_id: str
    input_hash: str
    url: str | None
    title: str | None
    published: str | None
    outlet: str | None
    text: str
    dateline: dict[str, Any] | None
    origin: str | None
    signature: Sequence[int]
    canonical_doc_id: str


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


class Store:
    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path} (run `tacitus ingest` first)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        self.con.execute("SET enable_progress_bar = false")      # ours is on stderr; DuckDB's would garble it
        if not read_only:
            self.migrate()
        self._check_version()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                         "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)")
        done = {v for (v,) in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for version, description, statements in MIGRATIONS:
            if version in done:
                continue
            with self.transaction():
                for sql in statements:
                    self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, description])
            applied.append(version)
        return applied

    def _check_version(self) -> None:
        try:
            (newest,) = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        except duckdb.CatalogException as exc:
            raise StoreError(f"{self.path} is not a Tacitus store") from exc
        known = MIGRATIONS[-1][0]
        if newest is None or newest > known:
            raise StoreError(f"{self.path} has schema version {newest}; this Tacitus knows up to {known}")

    def schema_version(self) -> int:
        return self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- ingest ----------------------------------------------------------------------------------------
    def seen_inputs(self) -> tuple[set[str], set[str]]:
        """Input hashes and URLs already stored (documents or rejects): what an ingest must skip."""
        hashes = {h for (h,) in self.con.execute(
            "SELECT input_hash FROM documents UNION ALL SELECT input_hash FROM rejects").fetchall()}
        urls = {u for (u,) in self.con.execute("SELECT url FROM documents WHERE url IS NOT NULL").fetchall()}
        return hashes, urls

    def doc_ids(self) -> set[str]:
        return {d for (d,) in self.con.execute("SELECT doc_id FROM documents").fetchall()}

    def signatures(self) -> list[tuple[str, list[int]]]:
        """(doc_id, near-duplicate signature) in ingest order, to rebuild the near-duplicate index."""
        rows = self.con.execute("SELECT doc_id, signature FROM documents ORDER BY ingested_at, doc_id").fetchall()
        return [(d, json.loads(s)) for d, s in rows if s]

    def document_info(self, lead_chars: int = 600) -> dict[str, dict[str, Any]]:
        """doc_id -> outlet, published, canonical, url, title and the text's opening: what clustering and
        corroboration need of each document (the opening says which story its events belong to)."""
        rows = self.con.execute("SELECT doc_id, outlet, published, canonical_doc_id, url, title, "
                                "substr(text, 1, ?) FROM documents", [lead_chars]).fetchall()
        return {d: {"outlet": o, "published": p.isoformat() if p else None, "canonical": c or d, "url": u,
                    "title": t, "text": x} for d, o, p, c, u, t, x in rows}

    def cluster_states(self, chunk: int = 2000) -> Iterator[dict[str, Any]]:
        """The clusterer's saved states, read a chunk at a time: the clusterer builds from each as it comes,
        so the whole store's states (gigabytes of parsed JSON for a large corpus) are never held at once."""
        cursor = self.con.execute("SELECT state FROM clusters ORDER BY cluster_id")
        while rows := cursor.fetchmany(chunk):
            yield from (json.loads(s) for (s,) in rows if s)

    def begin_run(self, run_id: str, version: str, components: dict[str, Any], settings: dict[str, Any],
                  inputs: list[str]) -> None:
        self.con.execute("INSERT INTO runs (run_id, started_at, tacitus_version, components, settings, inputs) "
                         "VALUES (?, now(), ?, ?, ?, ?)",
                         [run_id, version, _dump(components), _dump(settings), _dump(inputs)])

    def finish_run(self, run_id: str) -> None:
        self.con.execute("UPDATE runs SET finished_at = now() WHERE run_id = ?", [run_id])

    def write_batch(self, run_id: str, docs: Iterable[StoredDoc], events: Iterable[dict[str, Any]],
                    rejects: Iterable[tuple[str, str, str, str | None]], clusters: Iterable[dict[str, Any]],
                    skipped: int = 0) -> None:
        """One transaction: the documents, their events and actor mentions, the rejects, the touched clusters
        and the run's counters. `rejects` are (input_hash, doc_id, reason, origin); `clusters` rows have
        cluster_id, event_type, date, location_country, num_articles, num_sources, num_events, state, record."""
        docs, events, rejects, clusters = list(docs), list(events), list(rejects), list(clusters)
        with self.transaction():
            self._bulk("INSERT INTO documents SELECT *, now() FROM {batch}",
                       [[d.doc_id, d.url, d.input_hash, d.title, _date(d.published), d.outlet, d.text,
                         _dump(d.dateline), d.origin, _dump(list(d.signature)), d.canonical_doc_id, run_id]
                        for d in docs])
            if events:
                self._bulk("INSERT INTO events SELECT * FROM {batch} ON CONFLICT (id) DO NOTHING",
                           [_event_row(e, run_id) for e in events])
                ids = [e["id"] for e in events]
                self.con.execute("DELETE FROM actor_mentions WHERE event_id IN (SELECT unnest(?))", [ids])
                self._bulk("INSERT INTO actor_mentions SELECT * FROM {batch}",
                           [m for e in events for m in _mention_rows(e)])
            self._bulk("INSERT INTO rejects SELECT * FROM {batch} ON CONFLICT DO NOTHING",
                       [[h, d, r, o, run_id] for h, d, r, o in rejects])
            self._bulk("INSERT OR REPLACE INTO clusters SELECT * FROM {batch}",
                       [[c["cluster_id"], c.get("event_type"), _date(c.get("date")), c.get("location_country"),
                         c.get("num_articles"), c.get("num_sources"), c.get("num_events"), _dump(c.get("state")),
                         _dump(c.get("record")), run_id] for c in clusters])
            self.con.execute(
                "UPDATE runs SET documents_added = documents_added + ?, events_added = events_added + ?, "
                "rejects_added = rejects_added + ?, skipped = skipped + ? WHERE run_id = ?",
                [len(docs), len(events), len(rejects), skipped, run_id])

    def _bulk(self, statement: str, rows: list[list[Any]]) -> None:
        """Run `statement` over `rows` in one go: the rows become a registered frame of text columns that
        the INSERT casts to the table's types (executemany would run one statement per row, and a batch
        writes thousands)."""
        if not rows:
            return
        import pandas as pd                        # only the corpus commands need it

        text = [[None if v is None else v.isoformat() if isinstance(v, dt.date) else str(v) for v in row]
                for row in rows]
        frame = pd.DataFrame(text, columns=[f"c{i}" for i in range(len(rows[0]))], dtype=object)
        self.con.register("tacitus_batch", frame)
        try:
            self.con.execute(statement.format(batch="tacitus_batch"))
        finally:
            self.con.unregister("tacitus_batch")

    def events_in_clusters(self, cluster_ids: Iterable[str]) -> list[dict[str, Any]]:
        rows = self.con.execute("SELECT record FROM events WHERE cluster_id IN (SELECT unnest(?)) ORDER BY id",
                                [list(cluster_ids)]).fetchall()
        return [json.loads(r) for (r,) in rows]

    # -- reading ---------------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "events", "clusters", "rejects", "runs"):
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return out

    def sql(self, query: str, params: Sequence[Any] | None = None) -> "Any":
        """Any read query, as a pandas DataFrame."""
        try:
            return self.con.execute(query, params or []).df()
        except duckdb.Error as exc:
            raise InputError(f"SQL error: {exc}") from exc

    def events_frame(self, **filters: Any) -> Any:
        where, params = _filters(filters, _EVENT_FILTERS)
        return self.sql(f"SELECT * EXCLUDE (record) FROM events {where} ORDER BY date, id", params)

    def clusters_frame(self, **filters: Any) -> Any:
        where, params = _filters(filters, _CLUSTER_FILTERS)
        return self.sql(f"SELECT * EXCLUDE (state, record) FROM clusters {where} "
                        f"ORDER BY num_sources DESC, cluster_id", params)

    def cluster_record(self, cluster_id: str) -> dict[str, Any] | None:
        row = self.con.execute("SELECT record FROM clusters WHERE cluster_id = ?", [cluster_id]).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def find_clusters(self, prefix: str) -> list[str]:
        return [c for (c,) in self.con.execute(
            "SELECT cluster_id FROM clusters WHERE cluster_id LIKE ? ORDER BY cluster_id", [prefix + "%"]).fetchall()]

    def event_records(self) -> Iterator[dict[str, Any]]:
        for (record,) in self.con.execute("SELECT record FROM events ORDER BY doc_id, id").fetchall():
            yield json.loads(record)

    def cluster_records(self) -> Iterator[dict[str, Any]]:
        for (record,) in self.con.execute(
                "SELECT record FROM clusters WHERE record IS NOT NULL ORDER BY cluster_id").fetchall():
            yield json.loads(record)

    def export_table(self, query: str, path: str, fmt: str) -> None:
        """Write a query's rows with DuckDB's own writers (CSV with a header, or Parquet)."""
        options = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
        escaped = path.replace("'", "''")
        self.con.execute(f"COPY ({query}) TO '{escaped}' {options}")

    def event_table_query(self) -> str:
        """The flat per-event table exported as CSV/Parquet: columns, actors joined, no JSON."""
        return ("SELECT e.* EXCLUDE (record, run_id), d.outlet, d.url, d.published, "
                "(SELECT string_agg(coalesce(m.name, m.text) || ' [' || coalesce(m.country, '') || ' ' || "
                "coalesce(m.sector, '') || ']', '; ' ORDER BY m.position) FROM actor_mentions m "
                "WHERE m.event_id = e.id AND m.role = 'actor') AS actors, "
                "(SELECT string_agg(coalesce(m.name, m.text) || ' [' || coalesce(m.country, '') || ' ' || "
                "coalesce(m.sector, '') || ']', '; ' ORDER BY m.position) FROM actor_mentions m "
                "WHERE m.event_id = e.id AND m.role = 'recipient') AS recipients "
                "FROM events e LEFT JOIN documents d USING (doc_id) ORDER BY e.date, e.id")

    def cluster_table_query(self) -> str:
        return "SELECT * EXCLUDE (state, record) FROM clusters ORDER BY cluster_id"

    def gdelt_rows(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(event record, document info) pairs for the GDELT-layout export, in event order."""
        rows = self.con.execute(
            "SELECT e.record, d.url, d.published, c.num_articles, c.num_sources, c.num_events, r.started_at, "
            "strpos(d.text || chr(10), chr(10)) "
            "FROM events e LEFT JOIN documents d USING (doc_id) LEFT JOIN clusters c USING (cluster_id) "
            "LEFT JOIN runs r ON r.run_id = e.run_id ORDER BY e.date, e.id").fetchall()
        for record, url, published, n_articles, n_sources, n_events, started, lead_end in rows:
            yield json.loads(record), {"url": url, "published": published, "num_articles": n_articles,
                                       "num_sources": n_sources, "num_events": n_events, "added": started,
                                       "lead_end": lead_end}


_EVENT_FILTERS = {"event_type": "event_type = ?", "doc_id": "doc_id = ?", "cluster_id": "cluster_id = ?",
                  "factuality": "factuality = ?", "country": "location_country = ?",
                  "since": "date >= ?", "until": "date <= ?", "min_confidence": "confidence >= ?",
                  "actor_country": "id IN (SELECT event_id FROM actor_mentions WHERE role = 'actor' AND country = ?)",
                  "recipient_country": ("id IN (SELECT event_id FROM actor_mentions "
                                        "WHERE role = 'recipient' AND country = ?)")}
_CLUSTER_FILTERS = {"event_type": "event_type = ?", "country": "location_country = ?", "since": "date >= ?",
                    "until": "date <= ?", "min_sources": "num_sources >= ?", "cluster_id": "cluster_id = ?"}


def _filters(filters: dict[str, Any], known: dict[str, str]) -> tuple[str, list[Any]]:
    unknown = set(filters) - set(known)
    if unknown:
        raise InputError(f"unknown filter(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
    clauses, params = [], []
    for name, value in filters.items():
        if value is None:
            continue
        clauses.append(known[name])
        params.append(value)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _event_row(e: dict[str, Any], run_id: str) -> list[Any]:
    loc = e.get("location") or {}
    counts = e.get("counts") or {}
    return [e["id"], e["doc_id"], e.get("event_type"), e.get("mode"), e.get("cameo"), e.get("quad_class"),
            e.get("goldstein"), _date(e.get("date")), e.get("date_precision"), _date(e.get("date_end")),
            e.get("date_text"), (e.get("modality") or {}).get("factuality"), e.get("confidence"),
            loc.get("name"), loc.get("country"), loc.get("lat"), loc.get("lon"), counts.get("killed"),
            counts.get("injured"), counts.get("arrested"), e.get("cluster_id"), _dump(e), run_id]


def _mention_rows(e: dict[str, Any]) -> list[list[Any]]:
    rows = []
    speaker = (e.get("modality") or {}).get("speaker")
    parts = [("actor", p) for p in e.get("actor", [])] + [("recipient", p) for p in e.get("recipient", [])]
    parts += [("speaker", speaker)] if speaker else []
    for position, (role, p) in enumerate(parts):
        rows.append([e["id"], role, position, p.get("text"), p.get("name"), p.get("country"), p.get("sector"),
                     p.get("kb_id"), p.get("start"), p.get("end")])
    return rows
