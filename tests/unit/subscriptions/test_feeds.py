"""Feed bytes -> library items: the same records as from a file, keyed by GUID."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from parsers.formats import parse_document
from parsers.model import Origin
from parsers.subscriptions.feeds import FeedError, entry_ids, parse_feed
from tests.support import REPO

FEEDS = REPO / "tests" / "fixtures" / "formats" / "feeds"
FIXTURES = sorted(
    p for p in FEEDS.iterdir() if p.suffix in (".xml", ".json") and ".expected." not in p.name
)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_a_subscription_reads_a_feed_as_a_file_does(path: Path) -> None:
    data = path.read_bytes()
    url = "https://feeds.example/" + path.name
    from_file = parse_document(data, str(path)).articles
    feed = parse_feed(data, url)
    assert [i.article for i in feed.items] == [replace(a, origin=Origin(url, 0)) for a in from_file]
    assert len({i.key for i in feed.items}) == len(feed.items)


def test_keys_are_guids_then_links() -> None:
    keys = [i.key for i in parse_feed((FEEDS / "rss2_cdata.xml").read_bytes(), "https://h/").items]
    assert all(k.startswith(("guid:", "link:")) for k in keys)
    assert sum(k.startswith("guid:") for k in keys) == 3  # the three items that carry one


@pytest.mark.parametrize(
    ("body", "fmt", "expected"),
    [
        (b"<rss><channel><item><guid isPermaLink='false'>a-1</guid></item>"
         b"<item><title>no guid</title></item><item><guid><![CDATA[x&y]]></guid></item>"
         b"</channel></rss>", "rss", ["a-1", "", "x&y"]),
        (b"<feed><entry><id>tag:x,2026:1</id></entry><entry xml:lang='en'><title>t</title>"
         b"<id>urn:2&amp;3</id></entry></feed>", "atom", ["tag:x,2026:1", "urn:2&3"]),
        (b"<rdf:RDF><item rdf:about='https://r/1'><title>t</title></item></rdf:RDF>",
         "rss", ["https://r/1"]),
        (b'{"items": [{"id": "j1"}, {"id": 2}, {}]}', "jsonfeed", ["j1", "2", ""]),
    ],
)  # fmt: skip
def test_entry_ids(body: bytes, fmt: str, expected: list[str]) -> None:
    assert entry_ids(body, fmt) == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b"<!DOCTYPE html><html><body>Hello</body></html>",
            "the URL serves an HTML page, not a feed",
        ),
        (b'{"name": "not a feed"}', "not a feed (the server sent application/json, read as json)"),
        (b" \n", "empty response"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a feed (the server sent application/json"),
    ],
)
def test_non_feeds_are_clear_errors(body: bytes, message: str) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(body, "https://site.example/feed", "application/json")
    assert str(info.value).startswith(message)


def test_gzip_served_without_content_encoding() -> None:
    import gzip

    data = (FEEDS / "rss2_cdata.xml").read_bytes()
    assert parse_feed(gzip.compress(data), "https://h/") == parse_feed(data, "https://h/")
