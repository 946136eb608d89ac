"""Which format is this file? Decided from its content; the name only breaks ties.

Looks at the first bytes: gzip magic, XML/feed roots (``<rss``, ``<feed``,
``<rdf:RDF``), HTML (``<!doctype html``, ``<html``), JSON (``{`` / ``[``, JSONL
when the first two lines are each a whole object, a JSON Feed by its
``version``), reader markdown (``Title:`` … ``Markdown Content:``), scraped
dumps (a ``<Source> <timestamp>`` header or a paywall line), and otherwise a
plain-text article.
"""

from __future__ import annotations

import json
import re

__all__ = ["FORMATS", "detect_format", "sniff_text_prefix"]

#: Every format name ``--format`` accepts.
FORMATS = ("dump", "rss", "atom", "jsonfeed", "json", "jsonl", "markdown", "html", "text")
_PROBE = 65536
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FEED_ROOT = re.compile(
    rb"<(?:[\w-]+:)?(rss|feed|RDF|channel)[\s>/]",
    re.IGNORECASE,
)
_HTML_ROOT = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<title[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_SUFFIX_HINT = {
    ".rss": "rss",
    ".atom": "atom",
    ".rdf": "rss",
    ".xml": "rss",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


def sniff_text_prefix(data: bytes) -> str:
    """The first bytes as text for sniffing: BOMs and UTF-16/32 handled, errors replaced."""
    head = data[:_PROBE]
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "replace")
    if len(head) >= 4 and head[0] == 0 and head[1] != 0:
        return head.decode("utf-16-be", "replace")
    if len(head) >= 4 and head[1] == 0 and head[0] != 0 and head[3] == 0:
        return head.decode("utf-16-le", "replace")
    return head.decode("utf-8", "replace")


def detect_format(data: bytes, name: str = "") -> str:
    """The format name of ``data`` (one of :data:`FORMATS`); never raises."""
    text = sniff_text_prefix(data).lstrip("\ufeff")
    start = text.lstrip()[:1]
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    suffix = low[low.rfind(".") :] if "." in low.rsplit("/", 1)[-1] else ""
    if start == "<":
        return _markup_format(text)
    if start in ("{", "["):
        return _json_format(data, text, suffix)
    from parsers.formats.markdown import looks_like_reader_markdown

    if looks_like_reader_markdown(text):
        return "markdown"
    if _looks_like_dump(text):
        return "dump"
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix in (".html", ".htm", ".xhtml") and "<" in text:
        return "html"
    return "text"


def _markup_format(text: str) -> str:
    b = text[:_PROBE].encode("utf-8", "replace")
    body = _XML_DECL.sub(b"", b, count=1)
    if _HTML_ROOT.match(body):
        return "html"
    m = _FEED_ROOT.search(body[:8192])
    if m:
        root = m.group(1).lower()
        return "atom" if root == b"feed" else "rss"
    if b"<html" in body[:4096].lower() or b"<p" in body[:4096].lower():
        return "html"
    return "rss" if b.lstrip().startswith(b"<?xml") else "html"


def _json_format(data: bytes, text: str, suffix: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        if '"https://jsonfeed.org/version/' in stripped[:4096]:
            return "jsonfeed"
        lines = [s for s in stripped.split("\n", 3)[:3] if s.strip()]
        if len(lines) >= 2 and all(_whole_object(s) for s in lines[:2]):
            return "jsonl"
        if suffix in (".jsonl", ".ndjson") and lines and _whole_object(lines[0]):
            return "jsonl"
    return "json"


def _whole_object(line: str) -> bool:
    s = line.strip()
    if not (s.startswith("{") and s.endswith("}")):
        return False
    try:
        return isinstance(json.loads(s), dict)
    except (ValueError, RecursionError):
        return False


def _looks_like_dump(text: str) -> bool:
    """A dump header among the first non-blank lines, or a paywall line near the top."""
    from parsers.dump import furniture as F
    from parsers.dump.dates import parse_header_time

    seen = 0
    for raw in text[:_PROBE].splitlines():
        s = raw.strip().lstrip("\ufeff\u200b").strip()
        if not s:
            continue
        if parse_header_time(s) is not None:
            return True
        if s.startswith(F.PAYWALL_PREFIXES):
            return True
        seen += 1
        if seen >= 40:
            break
    return False
