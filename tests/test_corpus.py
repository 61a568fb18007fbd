"""Corpus mode: the store, idempotent and resumable ingest (kill -9 included), exports and the API."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

import tacitus
from tacitus.corpus.export import EXTRA_GDELT_COLUMNS
from tacitus.settings import Settings
from tacitus.store import GDELT_COLUMNS, MIGRATIONS, Store

OUTLETS = ("Harbour Gazette", "Inland Courier", "Evening Ledger")


def _samples() -> list[tuple[str, str]]:
    folder = resources.files("tacitus.data").joinpath("samples")
    out = []
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".txt")):
        title, _, body = folder.joinpath(name).read_text(encoding="utf-8").partition("\n")
        out.append((title, body))
    return out


def write_corpus(path: Path) -> int:
    """Our ten sample articles, each carried by three outlets (the second and third as lightly edited
    copies of the first), plus an exact duplicate line and a line that is no article: 32 lines."""
    lines = []
    for n, (title, body) in enumerate(_samples()):
        for k, outlet in enumerate(OUTLETS):
            text = body if k == 0 else body + f"\nThis report was carried by {outlet}."
            lines.append({"id": f"s{n:02d}-{k}", "title": title, "text": text, "outlet": outlet,
                          "url": f"https://{outlet.split()[0].lower()}.example/{n}", "published": "2026-02-16"})
    lines.append(dict(lines[0], id="s00-again"))                      # the same article under another id
    lines.append({"id": "junk", "text": "\x00\x01\x02 binary noise \x03" * 20})
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return len(lines)


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    write_corpus(path)
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus_file) -> Path:
    """One uninterrupted ingest: what every other run must end up equal to."""
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    tacitus.ingest([corpus_file], db, Settings(batch_size=4))
    return db


def _snapshot(db: Path) -> dict:
    with Store(db, read_only=True) as store:
        q = store.con.execute
        return {
            "documents": sorted(r[0] for r in q("SELECT doc_id FROM documents").fetchall()),
            "events": sorted(q("SELECT id, cluster_id FROM events").fetchall()),
            "rejects": sorted(r[0] for r in q("SELECT doc_id FROM rejects").fetchall()),
            "mentions": q("SELECT count(*) FROM actor_mentions").fetchone()[0],
            "duplicate_events": q("SELECT count(*) - count(DISTINCT id) FROM events").fetchone()[0],
            "clusters": sorted(r[0] for r in q("SELECT cluster_id FROM clusters").fetchall()),
        }


def test_ingest_stores_each_article_once_and_rejects_junk(reference):
    snap = _snapshot(reference)
    assert len(snap["documents"]) == 30                     # 31 articles, one of them twice
    assert snap["rejects"] == ["junk"]
    assert snap["events"] and snap["duplicate_events"] == 0
    with Store(reference, read_only=True) as store:
        copies = store.con.execute("SELECT count(*) FROM documents WHERE canonical_doc_id <> doc_id").fetchone()[0]
    assert copies == 20                                      # the edited copies are linked to their original


def test_ingest_again_changes_nothing(tmp_path, corpus_file, reference):
    db = tmp_path / "twice.duckdb"
    first = tacitus.ingest([corpus_file], db, Settings(batch_size=4))
    second = tacitus.ingest([corpus_file], db, Settings(batch_size=4))
    assert first.documents == 30 and second.documents == 0 and second.skipped == second.read
    assert _snapshot(db) == _snapshot(reference)


def test_kill_9_at_several_points_loses_and_duplicates_nothing(tmp_path, corpus_file, reference):
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "TACITUS_BATCH_SIZE": "4"}
    command = [sys.executable, "-m", "tacitus", "ingest", str(corpus_file), "--db", str(db), "--no-progress"]
    for delay in (3.0, 5.0, 7.0, 9.0):
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 3), done.stderr
    assert _snapshot(db) == _snapshot(reference)


def test_store_schema_is_versioned(tmp_path):
    db = tmp_path / "empty.duckdb"
    with Store(db) as store:
        assert store.schema_version() == MIGRATIONS[-1][0]
        assert store.migrate() == []                         # nothing left to apply
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == 0


def test_open_gives_dataframes_and_sql(reference):
    with tacitus.open(reference) as corpus:
        events = corpus.events()
        assert len(events) == len(_snapshot(reference)["events"])
        assaults = corpus.events(event_type="ASSAULT")
        assert set(assaults["event_type"]) == {"ASSAULT"}
        clusters = corpus.clusters(event_type="ASSAULT", min_sources=1)
        assert len(clusters) and (clusters["num_sources"] >= 1).all() and clusters["num_articles"].max() == 3
        outlets = corpus.sql("SELECT outlet, count(*) AS n FROM documents GROUP BY outlet ORDER BY outlet")
        assert list(outlets["outlet"]) == sorted(OUTLETS)
        with pytest.raises(tacitus.InputError):
            corpus.events(colour="red")


def test_copies_of_one_story_are_one_event_with_three_sources(reference):
    with tacitus.open(reference) as corpus:
        top = corpus.clusters(event_type="ASSAULT").iloc[0]
        record = corpus.cluster(top["cluster_id"])
    assert record["schema"] == "tacitus.cluster/1"
    assert record["num_articles"] == 3
    assert record["num_sources"] == 1        # three outlets, but all copies of one original: one source
    assert len(record["sources"]) == 3


def test_exports(reference, tmp_path):
    buf = io.StringIO()
    n = tacitus.export("jsonl", "event", reference, out=buf)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert n == len(lines) and all(e["schema"] == "tacitus.event/1" and e["cluster_id"] for e in lines)
    assert any(len(e["sources"]) > 1 for e in lines)
    buf = io.StringIO()
    tacitus.export("jsonl", "cluster", reference, out=buf)
    assert all(json.loads(x)["schema"] == "tacitus.cluster/1" for x in buf.getvalue().splitlines())
    buf = io.StringIO()
    tacitus.export("gdelt", "event", reference, out=buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue()), delimiter="\t"))
    assert tuple(rows[0]) == GDELT_COLUMNS + EXTRA_GDELT_COLUMNS and len(rows) == n + 1
    first = dict(zip(rows[0], rows[1]))
    assert first["SQLDATE"].isdigit() and len(first["SQLDATE"]) == 8 and first["EventRootCode"]
    parquet = tmp_path / "events.parquet"
    assert tacitus.export("parquet", "event", reference, path=parquet) == n
    with Store(reference, read_only=True) as store:
        assert store.sql(f"SELECT count(*) AS n FROM '{parquet}'")["n"][0] == n
    buf = io.StringIO()
    assert tacitus.export("csv", "cluster", reference, out=buf) == len(_snapshot(reference)["clusters"])


def test_cli_show_and_bad_store(reference, tmp_path):
    from tacitus.cli import main

    with tacitus.open(reference) as corpus:
        cluster_id = corpus.clusters().iloc[0]["cluster_id"]
    proc = subprocess.run([sys.executable, "-m", "tacitus", "show", cluster_id[:10], "--db", str(reference)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and cluster_id in proc.stdout and "sources:" in proc.stdout
    assert main(["show", "cl_nothing", "--db", str(reference)]) == 2
    assert main(["export", "--db", str(tmp_path / "missing.duckdb")]) == 1
