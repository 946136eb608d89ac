"""``newsdesk parse``: output shape, errors and exit codes."""

from __future__ import annotations

import json

from tests.support import DUMPS
from tui.cli import main


def test_parse_jsonl_keys_and_iso_dates(capsys):
    assert main(["parse", "--no-entities", str(DUMPS / "furniture.txt")]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    rec = json.loads(out[0])
    for key in (
        "id",
        "source",
        "retrieved",
        "published",
        "updated",
        "title",
        "kicker",
        "dek",
        "byline",
        "contributors",
        "dateline",
        "url",
        "blocks",
        "paragraphs",
        "captions",
        "truncated",
        "origin",
        "dropped",
    ):
        assert key in rec
    assert rec["published"][:4].isdigit() and "T" in rec["published"]
    assert rec["origin"]["line"] >= 1


def test_parse_json_array_walks_directories(capsys):
    assert main(["parse", "--no-entities", "--format", "json", "--check", str(DUMPS)]) == 1
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    titles = {r["title"] for r in records}
    assert len(records) >= 10 and "" not in titles
    # the bad fixtures are named, one line each, and did not stop the others
    errors = [ln for ln in captured.err.splitlines() if "error:" in ln]
    assert any("empty.txt: empty file" in ln for ln in errors)
    assert not any("lossless" in ln for ln in captured.err.splitlines())


def test_parse_missing_file_is_an_error_but_others_parse(capsys, tmp_path):
    good = DUMPS / "basic.txt"
    code = main(["parse", "--no-entities", str(tmp_path / "missing.txt"), str(good)])
    captured = capsys.readouterr()
    assert code == 1
    assert "missing.txt: no such file" in captured.err
    assert len(captured.out.strip().splitlines()) == 2


def test_parse_reports_cp1252_fallback(capsys):
    assert main(["parse", "--no-entities", str(DUMPS / "cp1252.txt")]) == 0
    assert "decoded as cp1252" in capsys.readouterr().err


def test_app_refuses_stdin_with_a_clear_message(capsys):
    assert main(["-"]) == 2
    err = capsys.readouterr().err
    assert "stdin" in err and err.count("\n") == 1
