"""Detection, gzip, forcing a format, warnings and the records' shared fields."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from parsers.files import InputError
from parsers.formats import FORMATS, detect_format, gunzip, parse_document
from parsers.formats.common import parse_date, split_names, title_from_text
from parsers.formats.html_blocks import html_to_blocks
from tests.support import DUMPS
from tests.unit.formats.scoring import FIXTURES

RSS = (FIXTURES / "feeds" / "rss2_cdata.xml").read_bytes()


@pytest.mark.parametrize("path", sorted(DUMPS.glob("*.txt")), ids=lambda p: p.name)
def test_every_dump_fixture_is_detected_as_a_dump(path: Path) -> None:
    data = path.read_bytes()
    if data.strip():
        assert detect_format(data, path.name) == "dump"


def test_detection_uses_content_not_the_name() -> None:
    assert detect_format(RSS, "notes.txt") == "rss"
    md = (FIXTURES / "markdown" / "reader_429.md").read_bytes()
    assert detect_format(md, "page.html") == "markdown"
    text = (FIXTURES / "text" / "bbc_business_001.txt").read_bytes()
    assert detect_format(text, "story.json") == "text"
    assert detect_format(b'{"title": "a"}\n{"title": "b"}\n', "x.json") == "jsonl"
    assert detect_format(b'[{"title": "a"}]', "x.jsonl") == "json"


def test_gzip_is_read_transparently_and_a_bomb_is_refused() -> None:
    result = parse_document(gzip.compress(RSS), "feed.xml.gz")
    assert result.format == "rss" and len(result.articles) == 5
    two = gzip.compress(b"Headline\n\n") + gzip.compress(b"Body text here.\n")
    assert gunzip(two, "x.gz") == b"Headline\n\nBody text here.\n"
    with pytest.raises(InputError, match="gzip"):
        parse_document(b"\x1f\x8b\x08\x00garbage", "bad.gz")


def test_forced_format_overrides_detection() -> None:
    result = parse_document(RSS, "feed.xml", forced="text")
    assert result.format == "text" and len(result.articles) == 1
    with pytest.raises(InputError, match="unknown format"):
        parse_document(RSS, "feed.xml", forced="pdf")
    assert set(FORMATS) >= {"dump", "rss", "atom", "json", "jsonl", "markdown", "html", "text"}


def test_empty_and_binary_inputs_are_errors_not_records() -> None:
    for data in (b"", b"  \n\t"):
        with pytest.raises(InputError):
            parse_document(data, "x")
    with pytest.raises(InputError, match="binary"):
        parse_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 50, "x.bin")


def test_feed_items_keep_links_enclosures_and_unmapped_fields() -> None:
    a = parse_document(RSS, "feed.xml").articles[0]
    assert [k.rel for k in a.links].count("enclosure") == 1
    numbered = [k.url for k in a.links if k.rel == "link"]
    assert numbered[0] == "https://www.harborgazette.example/topics/port-authority"
    assert any(d.reason == "unmapped feed field" and "Transport" in d.text for d in a.dropped)
    assert a.to_dict()["links"][0]["rel"] == "link"
    assert a.published is not None and a.published.tzinfo is not None


def test_json_warnings_name_the_bad_lines() -> None:
    data = (FIXTURES / "json" / "dataset.jsonl").read_bytes()
    result = parse_document(data, "dataset.jsonl")
    joined = " | ".join(result.warnings)
    assert "line 5" in joined and "not a JSON object" in joined and "no title or text" in joined


def test_unknown_json_shape_is_a_warning() -> None:
    result = parse_document(json.dumps({"name_x": 1, "deps": [1, 2]}).encode(), "package.json")
    assert result.articles == [] and result.warnings


def test_html_blocks_drop_scripts_and_keep_list_markers() -> None:
    body = html_to_blocks(
        "<h2>Head</h2><p>One<br>Two</p><script>x()</script><ol><li>a</li><li></li><li>b</li></ol>"
        '<ul><li>c <a href="/u">link</a></li></ul>',
        "https://h.example/p/",
    )
    assert [(b.kind, b.text) for b in body.blocks] == [
        ("subhead", "Head"),
        ("paragraph", "One"),
        ("paragraph", "Two"),
        ("paragraph", "1. a"),
        ("paragraph", "3. b"),
        ("paragraph", "• c link"),
    ]
    assert [k.url for k in body.links] == ["https://h.example/u"]


def test_helpers() -> None:
    assert split_names("By Joseph Camilleri and Maria Borg") == ("Joseph Camilleri", "Maria Borg")
    assert split_names([{"name": "A B"}, "C D; E F"]) == ("A B", "C D", "E F")
    assert split_names("x@y.example (Tom Ferreira)") == ("Tom Ferreira",)
    d = parse_date("Mon, 2 Mar 2026 17:05:00 EST")
    assert d is not None and d.utcoffset() is not None and d.hour == 17
    assert parse_date(1772611200) is not None and parse_date("soon") is None
    assert parse_date(10**20) is None and parse_date(True) is None
    assert title_from_text("Short. More text follows here.") == "Short. More text follows here."
    assert title_from_text("The ferry timetable changes on Sunday. Check.") == (
        "The ferry timetable changes on Sunday."
    )


def test_a_big_feed_parsed_in_halves_equals_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from parsers.formats import feeds

    whole = feeds.parse_feed(RSS, "feed.xml")
    halves = feeds.split_feed(RSS)
    assert halves is not None
    a, b = (feeds.parse_feed(h, "feed.xml").articles for h in halves)
    assert [x.title for x in a + b] == [x.title for x in whole.articles]
    monkeypatch.setattr(feeds, "SPLIT_MIN_BYTES", 1)
    assert feeds.parse_feed(RSS, "feed.xml").articles == whole.articles  # not parallel
    split = feeds.parse_feed(RSS, "feed.xml", parallel=True)  # second half spawned
    assert [(x.id, x.origin.line) for x in split.articles] == [
        (x.id, x.origin.line) for x in whole.articles
    ]
    ill = (FIXTURES / "feeds" / "illformed_rss.xml").read_bytes()
    assert len(feeds.parse_feed(ill, "ill.xml", True).articles) == 3  # halves fail: whole


def test_html_without_the_extra_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails
    page = (FIXTURES / "html" / "harbor_article.html").read_bytes()
    result = parse_document(page, "page.html")
    assert result.articles == []
    assert result.warnings == [
        "saved HTML pages need the 'html' extra: pip install 'newsdesk[html]'"
    ]


def test_a_gzip_bomb_is_refused_at_the_input_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_MAX_INPUT_MB", "1")
    bomb = gzip.compress(b"a" * (3 << 20))
    with pytest.raises(InputError, match="expands beyond 1 MiB"):
        parse_document(bomb, "bomb.txt.gz")


def test_a_plain_text_feed_title_keeps_its_angle_brackets() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        b"<title>Vote &lt;Yes&gt; campaign</title><link>http://a.example/</link></item>"
        b"</channel></rss>"
    )
    assert parse_document(feed, "f.xml").articles[0].title == "Vote <Yes> campaign"


def test_html_page_edges_lose_menus_but_keep_a_short_last_sentence() -> None:
    from parsers.formats.html_page import trim_edges
    from parsers.model import Block

    long = "The council voted on Monday to raise the levy charged on every crossing of the harbour."
    blocks = [
        Block("paragraph", "Sections", 1),
        Block("paragraph", "By Ana Lima – 3 March 2026", 2),
        Block("paragraph", long, 3),
        Block("paragraph", "He declined to comment.", 4),
        Block("paragraph", "Latest headlines", 5),
        Block("paragraph", "© Harbor Gazette 2026", 6),
    ]
    kept, dropped, byline = trim_edges(blocks, "Title")
    assert [b.text for b in kept] == [long, "He declined to comment."]
    assert byline == ("Ana Lima",)
    assert [d.reason for d in dropped] == [
        "page furniture",
        "byline",
        "page furniture",
        "copyright notice",
    ]
