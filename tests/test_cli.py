"""The command line, as a researcher uses it: outputs, offsets, exit codes, help."""

import json
from importlib import resources
from pathlib import Path

from tacitus.cli import main


def _samples() -> Path:
    with resources.as_file(resources.files("tacitus.data").joinpath("samples")) as p:
        return Path(p)


def test_code_jsonl_with_docs_offsets_index_the_doc_text(tmp_path, capsys):
    rc = main(["code", str(_samples()), "--with-docs", "--no-progress"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rc == 0
    docs = {d["doc_id"]: d for d in out if d["schema"] == "tacitus.doc/1"}
    events = [e for e in out if e["schema"] == "tacitus.event/1"]
    assert len(docs) >= 8 and len(events) >= 40
    assert len({e["event_type"] for e in events}) >= 10          # the samples cover many types
    for e in events:
        text = docs[e["doc_id"]]["text"]
        for p in e["actor"] + e["recipient"] + [e["evidence"]["trigger"]]:
            assert text[p["start"]:p["end"]] == p["text"]


def test_rejects_are_written_and_exit_code_says_so(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Clashes\nRebels attacked a police post near the border.", encoding="utf-8")
    rc = main(["code", str(tmp_path), "--no-progress"])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rc == 3
    assert any(x["schema"] == "tacitus.reject/1" and x["doc_id"] == "empty" for x in lines)
    assert any(x["schema"] == "tacitus.event/1" for x in lines)


def test_table_format_and_output_file(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Talks\nThe foreign minister met his Chinese counterpart in Beijing.", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["code", str(src), "--format", "table", "-o", str(out), "--no-progress"]) == 0
    assert "CONSULT" in out.read_text(encoding="utf-8")


def test_bad_paths_and_dates_are_usage_errors(capsys):
    assert main(["code", "/no/such/file.txt"]) == 2
    assert main(["code", str(_samples()), "--published", "last Tuesday"]) == 2
    assert "not a date" in capsys.readouterr().err


def test_unknown_eval_set_is_a_usage_error(capsys):
    assert main(["eval", "no-such-set"]) == 2


def test_help_explains_inputs_outputs_and_exit_codes(capsys):
    try:
        main(["code", "--help"])
    except SystemExit as exc:
        assert exc.code == 0
    text = capsys.readouterr().out
    assert "exit codes" in text and "tacitus.reject/1" in text and "--published" in text
