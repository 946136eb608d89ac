"""``newsdesk parse`` output read back by ``newsdesk parse``: the same records, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import DUMPS
from tests.unit.formats.scoring import FIXTURES
from tui.cli import main


def _parse(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["parse", *args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "source",
    [DUMPS / "basic.txt", DUMPS / "captions.txt", FIXTURES / "feeds" / "rss2_cdata.xml"],
    ids=lambda p: p.name,
)
def test_jsonl_export_round_trips_exactly(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _parse(capsys, str(source), "--no-entities")
    export = tmp_path / "export.jsonl"
    export.write_text(first, encoding="utf-8")
    again = _parse(capsys, str(export), "--no-entities")
    assert again == first and first.count("\n") >= 1


def test_json_array_export_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _parse(capsys, str(DUMPS / "basic.txt"), "--no-entities", "--format", "json")
    export = tmp_path / "export.json"
    export.write_text(first, encoding="utf-8")
    assert _parse(capsys, str(export), "--no-entities", "--format", "json") == first


def test_parse_command_reads_every_format_and_forces_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _parse(capsys, str(FIXTURES), "--no-entities")
    assert out.count("\n") >= 35  # every fixture's records (expectation files add a few)
    forced = _parse(capsys, str(FIXTURES / "feeds" / "rss2_cdata.xml"), "--from", "text")
    assert forced.count("\n") == 1


def test_check_applies_to_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    _parse(capsys, str(FIXTURES / "text" / "bbc_business_001.txt"), "--no-entities", "--check")


def test_entities_command_reads_feeds(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["entities", str(FIXTURES / "feeds" / "rss2_cdata.xml"), "--json"]) == 0
    out = capsys.readouterr().out
    assert "Port Authority" in out and "CDATA" not in out
