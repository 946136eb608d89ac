"""The command line says what is wrong with its inputs (issue 15 item 6):
the same file twice is parsed once, an empty directory is an error, a missing
path is an error in one format for every command, and ``newsdesk TYPO`` errors
on the command line instead of opening an app with nothing in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import DUMPS
from tui.cli import main

BASIC = DUMPS / "basic.txt"


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_parse_the_same_file_twice_gives_each_record_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["parse", "--no-entities", str(BASIC)]) == 0
    once = _records(capsys.readouterr().out)
    link = tmp_path / "again.txt"
    link.symlink_to(BASIC)
    assert main(["parse", "--no-entities", str(BASIC), str(BASIC), str(link)]) == 0
    assert _records(capsys.readouterr().out) == once
    assert once


def test_parse_an_empty_directory_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.bin").write_bytes(b"\0\1")  # not an input suffix
    assert main(["parse", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"newsdesk: error: {tmp_path}: no input files in this directory\n"


def test_entities_of_a_missing_path_errors_like_parse(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "nonexistent")
    assert main(["parse", missing]) == 1
    parse_err = capsys.readouterr().err
    assert main(["entities", missing]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no empty table
    assert captured.err == parse_err
    assert parse_err.startswith("newsdesk: error: ")


def test_entities_of_an_empty_directory_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["entities", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no input files in this directory" in captured.err


def test_app_with_a_mistyped_path_errors_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.app

    def no_app(**_: object) -> None:
        raise AssertionError("the app must not open")

    monkeypatch.setattr(tui.app, "make_app", no_app)
    missing = str(tmp_path / "dumsp")
    assert main([missing]) == 2
    assert capsys.readouterr().err == f"newsdesk: error: {missing}: no such file or directory\n"
    assert main([str(tmp_path)]) == 2
    assert "no input files in this directory" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    from tests.support import REPO

    with open(REPO / "pyproject.toml", "rb") as f:
        expected = tomllib.load(f)["project"]["version"]
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"newsdesk {expected}\n"
