"""Forcing the input format: ``--from NAME`` everywhere, ``--format NAME`` where a
command has no output format (the app, ``entities``); on ``parse`` and ``export``
``--format``/``--to`` stay the output format and an input name there is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from parsers.formats import INPUT_FORMAT_ENV
from parsers.store.location import NO_CACHE_ENV
from tui.cli import forcing_format, main

_RECORD = {
    "title": "Ferry fares rise in Oslo",
    "text": "Fares rise in April, the Norwegian operator said.",
    "url": "https://x.example/f",
    "note": "Filed by the desk in Berlin, Germany.",  # an unknown key: ignored as JSON
}


@pytest.fixture
def export_file(tmp_path: Path) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(_RECORD, indent=1), encoding="utf-8")
    return path


def _lines(out: str) -> list[dict]:
    return [json.loads(s) for s in out.splitlines() if s.strip()]


def test_parse_from_forces_the_input_format(export_file: Path, capsys) -> None:
    assert main(["parse", "--no-entities", str(export_file)]) == 0
    (detected,) = _lines(capsys.readouterr().out)
    assert detected["title"] == "Ferry fares rise in Oslo"
    for flag in ("--from", "--input-format"):
        assert main(["parse", "--no-entities", flag, "text", str(export_file)]) == 0
        (forced,) = _lines(capsys.readouterr().out)
        assert forced["title"] == "{"  # the plain-text reading: line 1 is the headline


def test_parse_format_and_to_are_the_output_format(export_file: Path, capsys) -> None:
    for flag in ("--format", "--to"):
        assert main(["parse", "--no-entities", flag, "json", str(export_file)]) == 0
        records = json.loads(capsys.readouterr().out)
        assert isinstance(records, list) and records[0]["url"] == "https://x.example/f"


@pytest.mark.parametrize("command", ["parse", "export"])
def test_an_input_format_given_to_an_output_format_points_at_from(
    command: str, export_file: Path, capsys
) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--format", "rss", str(export_file)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--from rss" in err and "output format" in err


def test_entities_takes_format_and_from(export_file: Path, capsys) -> None:
    def names(argv: list[str]) -> list[str]:
        assert main(["entities", "--json", *argv, str(export_file)]) == 0
        return sorted(r["name"] for r in json.loads(capsys.readouterr().out))

    detected = names([])
    assert "Oslo" in detected
    as_text = names(["--format", "text"])
    assert as_text == names(["--from", "text"]) == names(["--input-format", "text"])
    assert "Berlin" in as_text and "Berlin" not in detected  # every line is text now
    assert INPUT_FORMAT_ENV not in os.environ  # restored after the command


def test_export_from_forces_the_input_format(export_file: Path, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    assert main(["export", "--format", "jsonl", "--from", "text", str(export_file)]) == 0
    (forced,) = _lines(capsys.readouterr().out)
    assert forced["title"] == "{"
    assert main(["export", "--to", "jsonl", str(export_file)]) == 0
    (detected,) = _lines(capsys.readouterr().out)
    assert detected["title"] == "Ferry fares rise in Oslo"
    assert INPUT_FORMAT_ENV not in os.environ


@pytest.mark.parametrize("flag", ["--format", "--from", "--input-format"])
def test_the_app_forces_the_format_for_its_load_without_the_cache(
    flag: str, export_file: Path, monkeypatch
) -> None:
    seen: dict[str, object] = {}

    def fake_run(app) -> int:
        seen["env"] = os.environ.get(INPUT_FORMAT_ENV)
        seen["no_cache"] = os.environ.get(NO_CACHE_ENV)
        seen["use_cache"] = app.use_cache
        return 0

    monkeypatch.setattr("tui.app.run_app", fake_run)
    # (the app turns the collector off until its load ends: not in a test process)
    monkeypatch.setattr("parsers.perf.gc_off_for_startup", lambda: None)
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    assert main([flag, "text", str(export_file)]) == 0
    assert seen == {"env": "text", "no_cache": "1", "use_cache": False}
    assert INPUT_FORMAT_ENV not in os.environ and NO_CACHE_ENV not in os.environ


def test_a_forced_format_reaches_the_load_pipeline(export_file: Path) -> None:
    from parsers.pipeline import load_paths

    with forcing_format("text"):
        forced = load_paths([str(export_file)], use_cache=False)
    detected = load_paths([str(export_file)], use_cache=False)
    assert [a.title for a in forced.articles] == ["{"]
    assert [a.title for a in detected.articles] == ["Ferry fares rise in Oslo"]


def test_an_unknown_format_is_refused_on_every_command(export_file: Path, capsys) -> None:
    for argv in (["--format", "yaml"], ["entities", "--from", "yaml"], ["parse", "--from", "x"]):
        with pytest.raises(SystemExit) as exc:
            main([*argv, str(export_file)])
        assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
