"""Feed bytes -> :class:`FeedItem` records, the one seam between fetching and parsing.

``parse_feed(body, url)`` is the interface the refresh uses. Until the formats
package's feed mapper is available it maps feedparser's result here, thinly;
afterwards this module only adds what a subscription needs on top of it: the
dedup key of each entry (GUID, else link, else article id) and a clear error
when the URL serves an HTML page instead of a feed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsers import sanitize
from parsers.model import Article, Block, Origin, make_id
from parsers.subscriptions.library import FeedItem

__all__ = ["FeedError", "ParsedFeed", "discover_feed_links", "looks_like_html", "parse_feed"]


class FeedError(Exception):
    """The body is not a feed; the message says what it is instead.

    ``feed_link`` is the feed an HTML page announces, if it names one.
    """

    def __init__(self, message: str, feed_link: str = "") -> None:
        super().__init__(message)
        self.feed_link = feed_link


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    site_url: str
    items: tuple[FeedItem, ...]
    warning: str = ""


_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """One line of inert text: terminal sequences and controls gone, spaces folded."""
    return _SPACE.sub(" ", sanitize.clean(text)).strip()


def looks_like_html(body: bytes, content_type: str = "") -> bool:
    """An HTML page rather than a feed (by content first, then by the header)."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<rss", b"<feed", b"<rdf", b"<?xml")) and b"<html" not in head[:200]:
        return False
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:1024]:
        return True
    return "html" in content_type.lower() and "xml" not in content_type.lower()


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        a = {k: (v or "") for k, v in attrs}
        kind = a.get("type", "").lower()
        rels = a.get("rel", "").lower().split()
        if "alternate" in rels and kind in _FEED_TYPES and a.get("href"):
            self.links.append((a["href"], kind))


_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
}


def discover_feed_links(body: bytes, base_url: str) -> list[str]:
    """The feeds an HTML page announces (``<link rel="alternate" type="…rss+xml">``)."""
    finder = _LinkFinder()
    try:
        finder.feed(body[: 512 * 1024].decode("utf-8", "replace"))
    except Exception:
        return []
    seen: list[str] = []
    for href, _kind in finder.links:
        url = urljoin(base_url, href.strip())
        if urlsplit(url).scheme in ("http", "https") and url not in seen:
            seen.append(url)
    return seen


class _Blocks(HTMLParser):
    """Feed HTML -> paragraph and subhead blocks (lists keep a bullet)."""

    _HEAD = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
    _BREAK = _HEAD | frozenset(
        "p div br li blockquote pre tr section article ul ol figure figcaption table".split()
    )
    _SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._buf: list[str] = []
        self._kind = "paragraph"
        self._skip = 0

    def _flush(self) -> None:
        text = clean("".join(self._buf))
        if text and text != "•":
            self.blocks.append((self._kind, text))
        self._buf = []
        self._kind = "paragraph"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BREAK:
            self._flush()
            if tag in self._HEAD:
                self._kind = "subhead"
            elif tag == "li":
                self._buf.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BREAK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[tuple[str, str]]:
    """(kind, text) blocks of an HTML fragment (plain text passes through as paragraphs)."""
    if "<" not in html:
        return [("paragraph", clean(p)) for p in re.split(r"\n\s*\n", html) if clean(p)]
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def html_text(html: str) -> str:
    return " ".join(t for _, t in html_blocks(html))


def _when(entry: Any, name: str) -> datetime | None:
    # dict.get: FeedParserDict's own get maps a missing updated_parsed to published_parsed
    parsed = dict.get(entry, f"{name}_parsed")
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _entry_article(entry: Any, source: str, url: str) -> Article:
    title = html_text(entry.get("title", "")) or "(untitled)"
    published = _when(entry, "published") or _when(entry, "updated")
    updated = _when(entry, "updated")
    summary = entry.get("summary", "") or ""
    contents = entry.get("content") or []
    body_html = contents[0].get("value", "") if contents else summary
    blocks = tuple(
        Block("subhead" if kind == "subhead" else "paragraph", text, 0)
        for kind, text in html_blocks(body_html)
    )
    dek = html_text(summary) if contents and summary else ""
    authors = tuple(
        clean(a.get("name", "")) for a in entry.get("authors", []) if clean(a.get("name", ""))
    )
    if not authors and entry.get("author"):
        authors = (clean(entry["author"]),)
    link = clean(entry.get("link", ""))
    return Article(
        id=make_id(source, title, published),
        source=source,
        retrieved=None,
        published=published,
        updated=updated,
        title=title,
        dek=dek,
        byline=authors,
        url=urljoin(url, link) if link else "",
        blocks=blocks,
        origin=Origin(url, 0),
    )


def entry_key(entry: Any, article: Article) -> str:
    """Dedup key: the GUID, else the link, else the article id."""
    guid = clean(str(entry.get("id", "") or ""))
    if guid:
        return f"guid:{guid}"
    if article.url:
        return f"link:{article.url}"
    return f"id:{article.id}"


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Parse a fetched feed; raise :class:`FeedError` for an HTML page or non-feed."""
    import feedparser

    if looks_like_html(body, content_type):
        found = discover_feed_links(body, url)
        hint = f"; the page names a feed: {found[0]}" if found else ""
        raise FeedError(f"the URL serves an HTML page, not a feed{hint}", found[0] if found else "")
    # No content-location: feedparser would resolve a relative GUID against the feed URL,
    # and the dedup keys would change when the feed moves.
    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({clean(str(reason))[:120]})" if reason else ""
        raise FeedError(f"not a feed: no RSS, Atom or RDF content found{detail}")
    feed = parsed.feed
    source = html_text(feed.get("title", "")) or urlsplit(url).hostname or url
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        article = _entry_article(entry, source, url)
        key = entry_key(entry, article)
        if key not in seen:  # a feed repeating an entry keeps its first copy
            seen.add(key)
            items.append(FeedItem(key, article))
    warning = ""
    soft = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), soft):
        warning = f"ill-formed feed, read what could be recovered: {parsed.get('bozo_exception')}"
    return ParsedFeed(source, clean(feed.get("link", "")), tuple(items), clean(warning)[:200])
