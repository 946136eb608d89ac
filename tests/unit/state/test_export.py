"""Export: JSONL is ``parse``'s records, CSV is spreadsheet-safe, Markdown is inert."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from parsers.export import CSV_COLUMNS, write, write_csv, write_file, write_markdown
from parsers.state import StateStore
from tests.support import SAMPLES
from tests.support.articles import sample_articles
from tui.cli import main


def _jsonl(text: str) -> dict[str, dict]:
    recs = [json.loads(line) for line in text.splitlines() if line.strip()]
    return {r["id"]: r for r in recs}


def test_jsonl_export_is_the_same_records_as_parse(capsys):
    paths = [str(SAMPLES)]
    assert main(["parse", *paths]) == 0
    parsed = _jsonl(capsys.readouterr().out)
    assert main(["export", "--format", "jsonl", *paths]) == 0
    cap = capsys.readouterr()
    exported = _jsonl(cap.out)
    assert len(parsed) >= 10
    assert exported == parsed
    assert f"{len(parsed)} articles of {len(parsed)} to stdout" in cap.err


def test_jsonl_export_reads_back_through_the_formats_reader(tmp_path, capsys):
    formats = pytest.importorskip("parsers.formats")
    out = tmp_path / "out.jsonl"
    assert main(["export", "--format", "jsonl", "-o", str(out), str(SAMPLES)]) == 0
    capsys.readouterr()
    data = out.read_bytes()
    result = formats.parse_document(data, str(out))
    back = {a.id: a.to_dict() for a in result.articles}
    assert back == _jsonl(data.decode())


def test_csv_has_a_row_per_article_with_entity_columns():
    arts = sample_articles()
    buf = io.StringIO()
    assert write_csv(arts, buf) == len(arts)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == len(arts)
    for a, row in zip(arts, rows, strict=True):
        assert a.entities is not None
        assert row["id"] == a.id and row["title"] == a.title
        assert row["people"].split(";") == [e.name for e in a.entities.people] or (
            not a.entities.people and row["people"] == ""
        )
        assert row["countries"] == ";".join(e.name for e in a.entities.countries)


def test_csv_cells_cannot_run_as_formulas():
    a = replace(sample_articles()[0], title='=HYPERLINK("http://evil","x")', dek="+1", kicker="@x")
    buf = io.StringIO()
    write_csv([a], buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["title"] == '\'=HYPERLINK("http://evil","x")'
    assert row["dek"] == "'+1" and row["kicker"] == "'@x"


def test_markdown_digest_is_readable_and_inert():
    a = sample_articles()[0]
    evil = replace(
        a,
        title="# Big [click](javascript:alert(1)) <script>",
        dek="*bold* `code`",
        url="javascript:alert(1)",
    )
    good = replace(a, url="https://example.org/a?b=1")
    buf = io.StringIO()
    assert write_markdown([evil, good], buf, "person:Putin") == 2
    text = buf.getvalue()
    assert text.startswith("# person:Putin\n\n2 articles.")
    assert "## \\# Big \\[click\\](javascript:alert(1)) \\<script\\>" in text
    assert "\\*bold\\* \\`code\\`" in text
    assert "javascript:alert(1)>" not in text and "<https://example.org/a?b=1>" in text
    assert a.source in text


def test_write_file_is_atomic_and_leaves_no_temporaries(tmp_path):
    out = tmp_path / "digest.md"
    out.write_text("old")
    arts = sample_articles()

    def boom():
        yield arts[0]
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_file("md", boom(), out)
    assert out.read_text() == "old"
    assert write_file("csv", arts, out) == len(arts)
    assert out.read_text(encoding="utf-8").startswith("id,published")
    assert [p.name for p in tmp_path.iterdir()] == ["digest.md"]
    with pytest.raises(ValueError):
        write("pdf", arts, io.StringIO())


def test_export_filter_is_starred_prints_exactly_the_starred_article(tmp_path, capsys):
    assert main(["parse", "--no-entities", str(SAMPLES)]) == 0
    ids = list(_jsonl(capsys.readouterr().out))
    with StateStore() as s:
        s.toggle("starred", ids[3])
        s.set_flag("read", ids[:5])
    out = tmp_path / "starred.jsonl"
    args = ["export", "--filter", "is:starred", "--format", "jsonl", "-o", str(out)]
    assert main([*args, str(SAMPLES)]) == 0
    assert list(_jsonl(out.read_text())) == [ids[3]]
    assert main(["export", "--filter", "is:unread", "--format", "jsonl", str(SAMPLES)]) == 0
    assert set(_jsonl(capsys.readouterr().out)) == set(ids[5:])


def test_export_a_saved_view_with_its_sort_and_an_extra_filter(capsys):
    with StateStore() as s:
        s.save_view("Oldest Ledger", "source:ledger", "oldest")
    assert main(["export", "--view", "oldest ledger", "--format", "jsonl", str(SAMPLES)]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert recs and all("Ledger" in r["source"] for r in recs)
    dates = [r["published"] for r in recs]
    assert dates == sorted(dates)
    argv = ["export", "--view", "Oldest Ledger", "--filter=-wheat", "--format", "md"]
    assert main([*argv, str(SAMPLES)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# newsdesk: Oldest Ledger · -wheat")
    assert "Wheat" not in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--view", "nope"], "no saved view named 'nope'"),
        (["--filter", "person:"], "--filter: empty value"),
        (["--filter", "is:later"], "'is:' takes one of"),
    ],
)
def test_export_usage_errors_exit_2_with_one_line(argv, message, capsys):
    assert main(["export", *argv, "--format", "csv", str(SAMPLES)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
