"""Stage `ingest`: every input form becomes Articles, or Rejects that say why."""

import gzip
import io
import json

import pytest

from tacitus.errors import InputError
from tacitus.model import Article, Reject
from tacitus.stages.ingest import read_paths, read_stream


def test_txt_file_keeps_bytes_and_uses_file_stem_as_id(tmp_path):
    path = tmp_path / "goma-clashes.txt"
    path.write_text("Rebels seize town\nRebels seized the town on Tuesday.\n", encoding="utf-8")
    (article,) = read_paths([path], published="2024-03-05")
    assert article.doc_id == "goma-clashes" and article.kind == "txt"
    assert article.published == "2024-03-05"


def test_jsonl_records_take_their_fields_and_corpus_spellings(tmp_path):
    path = tmp_path / "batch.jsonl.gz"
    lines = [{"id": "a1", "text": "Police arrested two men.", "outlet": "Wire", "published": "2024-01-02"},
             {"text": "Troops withdrew from the town.", "source": "Daily", "date_iso": "2023-12-30",
              "url": "https://example.org/x"}]
    path.write_bytes(gzip.compress("\n".join(json.dumps(x) for x in lines).encode()))
    a, b = read_paths([path])
    assert (a.doc_id, a.outlet, a.published) == ("a1", "Wire", "2024-01-02")
    assert b.outlet == "Daily" and b.published == "2023-12-30" and b.doc_id.startswith("url-")


def test_json_without_text_is_a_reject_not_an_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "no body"}\n{"text": 5}\nnot json\n[1, 2]\n', encoding="utf-8")
    rejects = list(read_paths([path]))
    assert all(isinstance(r, Reject) for r in rejects)
    reasons = " | ".join(r.reason for r in rejects)
    assert "no 'text' field" in reasons and "not a string" in reasons and "invalid JSON" in reasons


def test_folder_reads_known_suffixes_only_in_sorted_order(tmp_path):
    (tmp_path / "b.txt").write_text("T\nBody b.", encoding="utf-8")
    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert [i.doc_id for i in items] == ["a", "b"] and items[0].kind == "html"


def test_stdin_is_sniffed():
    (art,) = read_stream(b"Headline\nBody text.", "stdin")
    assert isinstance(art, Article) and art.kind == "txt"
    (rec,) = read_stream(b'{"text": "Body."}\n', "stdin")
    assert rec.kind == "json"
    (page,) = read_stream(b"<html></html>", "stdin")
    assert page.kind == "html"
    items = list(read_paths(["-"], stdin=io.BytesIO(b'{"id": "s1", "text": "x y"}')))
    assert items[0].doc_id == "s1"


def test_missing_path_is_an_input_error():
    with pytest.raises(InputError, match="no such file"):
        list(read_paths(["/nonexistent/article.txt"]))
