"""Feed bytes -> :class:`FeedItem` records, the one seam between fetching and parsing.

The records come from :func:`parsers.formats.parse_document`, so a feed reads
the same from a subscription as from a file. This module adds only what a
subscription needs on top: the dedup key of each entry (its GUID, else its
link, else its article id) and a clear error when the URL serves something
other than a feed (an HTML page: naming the feed the page announces, if any).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from parsers import sanitize
from parsers.files import InputError
from parsers.model import Article, Origin
from parsers.subscriptions.library import FeedItem

__all__ = [
    "FEED_FORMATS",
    "FeedError",
    "ParsedFeed",
    "discover_feed_links",
    "entry_ids",
    "parse_feed",
]

#: The formats (of :mod:`parsers.formats`) a subscription accepts.
FEED_FORMATS = ("rss", "atom", "jsonfeed")


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


# -- feed autodiscovery ---------------------------------------------------------

_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
}


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        a = {k: (v or "") for k, v in attrs}
        rels = a.get("rel", "").lower().split()
        if "alternate" in rels and a.get("type", "").lower() in _FEED_TYPES and a.get("href"):
            self.links.append(a["href"])


def discover_feed_links(body: bytes, base_url: str) -> list[str]:
    """The feeds an HTML page announces (``<link rel="alternate" type="…rss+xml">``)."""
    finder = _LinkFinder()
    try:
        finder.feed(body[: 512 * 1024].decode("utf-8", "replace"))
    except Exception:
        return []
    seen: list[str] = []
    for href in finder.links:
        url = urljoin(base_url, clean(href))
        if urlsplit(url).scheme in ("http", "https") and url not in seen:
            seen.append(url)
    return seen


# -- entry ids (GUIDs) ----------------------------------------------------------

_ITEM = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)(?P<attrs>(?:\s[^>]*)?>)(?P<body>.*?)"
    rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>",
    re.S,
)
_GUID = re.compile(rb"<(?:guid|id|atom:id)(?:\s[^>]*)?>(?P<v>.*?)</(?:guid|id|atom:id)\s*>", re.S)
_ABOUT = re.compile(rb"""rdf:about\s*=\s*["'](?P<v>[^"']*)["']""")
_CDATA = re.compile(r"^<!\[CDATA\[(.*)\]\]>$", re.S)


def _xml_text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip()
    m = _CDATA.match(text)
    return clean(m.group(1) if m else html.unescape(text))


def entry_ids(body: bytes, fmt: str) -> list[str] | None:
    """Each entry's own id (RSS ``guid``, Atom ``id``, RDF ``rdf:about``, JSON Feed ``id``),
    in feed order ("" where an entry has none); None when they cannot be read reliably."""
    if fmt == "jsonfeed":
        try:
            items = json.loads(body).get("items")
        except (ValueError, AttributeError, UnicodeDecodeError):
            return None
        if not isinstance(items, list):
            return None
        return [clean(str(i.get("id") or "")) if isinstance(i, dict) else "" for i in items]
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in body[:64]:
        return None  # UTF-16/32: not worth a byte-level scan
    ids = []
    for m in _ITEM.finditer(body):
        guid = _GUID.search(m.group("body"))
        about = _ABOUT.search(m.group("attrs"))
        ids.append(
            _xml_text(guid.group("v")) if guid else _xml_text(about.group("v")) if about else ""
        )
    return ids


def _key(article: Article, guid: str) -> str:
    if guid:
        return f"guid:{guid}"
    if article.url:
        return f"link:{article.url}"
    return f"id:{article.id}"


# -- the seam -------------------------------------------------------------------


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Parse a fetched feed; raise :class:`FeedError` for an HTML page or a non-feed."""
    from parsers.formats import detect_format, gunzip, parse_document

    if not body.strip():
        raise FeedError("empty response")
    try:
        if body.startswith(b"\x1f\x8b"):  # served gzipped without saying so
            body = gunzip(body, url)
        fmt = detect_format(body, urlsplit(url).path)
    except InputError as exc:
        raise FeedError(f"unreadable response: {exc.reason}") from None
    if fmt == "html":
        found = discover_feed_links(body, url)
        hint = f"; the page names a feed: {found[0]}" if found else ""
        raise FeedError(f"the URL serves an HTML page, not a feed{hint}", found[0] if found else "")
    if fmt not in FEED_FORMATS:
        kind = content_type.split(";")[0].strip() or fmt
        raise FeedError(f"not a feed (the server sent {clean(kind)[:60]}, read as {fmt})")
    try:
        result = parse_document(body, url, fmt)
    except InputError as exc:
        raise FeedError(f"unreadable feed: {exc.reason}") from None
    if not result.articles and result.warnings:
        raise FeedError(f"not a readable feed: {clean(result.warnings[0])[:160]}")
    ids = entry_ids(body, fmt)
    items: list[FeedItem] = []
    seen: set[str] = set()
    for a in result.articles:
        index = a.origin.line - 1
        guid = ids[index] if ids is not None and 0 <= index < len(ids) else ""
        key = _key(a, guid)
        if key in seen:  # a feed repeating an entry keeps its first copy
            continue
        seen.add(key)
        # An entry's position in the feed moves as items arrive: not part of the record.
        items.append(FeedItem(key, replace(a, origin=Origin(url, 0))))
    title = items[0].article.source if items else ""
    warning = clean("; ".join(result.warnings))[:200]
    return ParsedFeed(title, _site_link(body, fmt), tuple(items), warning)


_CHANNEL_LINK = re.compile(rb"<link>\s*(?P<v>[^<]+?)\s*</link>")
_ATOM_ALT = re.compile(rb"<link\b[^>]*\brel=[\"']alternate[\"'][^>]*>")
_HREF = re.compile(rb"""href\s*=\s*["'](?P<v>[^"']+)["']""")


def _site_link(body: bytes, fmt: str) -> str:
    """The site the feed belongs to (for OPML ``htmlUrl``); '' when not found cheaply."""
    head = body[:8192]
    if fmt == "jsonfeed":
        m = re.search(rb'"home_page_url"\s*:\s*"(?P<v>[^"]+)"', head)
    elif fmt == "atom":
        alt = _ATOM_ALT.search(head)
        m = _HREF.search(alt.group()) if alt else None
    else:
        m = _CHANNEL_LINK.search(head)
    link = _xml_text(m.group("v")) if m else ""
    return link if urlsplit(link).scheme in ("http", "https") else ""
