"""RSS 0.9x/1.0/2.0, RDF and Atom 0.3/1.0 through feedparser: one record per item.

feedparser decodes every encoding it knows (UTF-16/32, cp1252, legacy CJK),
tracks ``xml:base`` and recovers what it can from ill-formed XML (``bozo``:
we say so in one line naming the file). It is given the bytes as a stream, so
it never fetches anything.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from parsers.formats.common import FormatResult, build_article, clean_text, parse_date, split_names
from parsers.formats.html_blocks import html_to_blocks, html_to_text, looks_like_html
from parsers.model import Article, Block, Dropped, Link, Origin
from parsers.sanitize import SANITIZED_REASON, keeping_originals

__all__ = ["SPLIT_MIN_BYTES", "parse_feed", "split_feed"]

#: Item keys mapped to a field (the others are kept in ``dropped`` when they hold text).
_MAPPED = frozenset(
    {
        "title",
        "title_detail",
        "link",
        "links",
        "id",
        "guidislink",
        "published",
        "published_parsed",
        "updated",
        "updated_parsed",
        "created",
        "created_parsed",
        "author",
        "author_detail",
        "authors",
        "summary",
        "summary_detail",
        "content",
        "enclosures",
        "href",
        "dc_source",
    }
)
#: Keys kept as a dropped line when present (tags, comments URL, media credits …).
_KEPT = ("tags", "comments", "media_credit", "rights", "source", "media_content")


#: A feed this big is parsed in two halves at once, the second in another process
#: (forked when this program has no other thread, else spawned): feedparser is pure
#: Python (about 9 MB/s on one core), so one big feed would otherwise stay under
#: 10 MB/s whatever we do with its records.
SPLIT_MIN_BYTES = 4_000_000
_ITEM_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>]")
_ITEM_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>")


def parse_feed(data: bytes, path: str, parallel: bool = False) -> FormatResult:
    """Parse a feed document; never raises.

    ``parallel``: a big feed may be split across two processes (the caller is a
    program whose main module can be spawned: the CLI, the load pipeline).
    """
    if parallel and len(data) >= SPLIT_MIN_BYTES:
        halves = split_feed(data)
        if halves is not None:
            result = _parse_halves(halves, path)
            if result is not None:
                return result
    return _parse_whole(data, path)


def split_feed(data: bytes) -> tuple[bytes, bytes] | None:
    """Two well-formed feeds holding the first and second half of ``data``'s items.

    Each half repeats the feed's head (everything before the first item) and
    tail (everything after the last one). ``None`` when the file does not split
    cleanly (UTF-16/32, too few items, items not where we expect them).
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        return None
    starts = [m.start() for m in _ITEM_START.finditer(data)]
    if len(starts) < 2:
        return None
    last_end = None
    for m in _ITEM_END.finditer(data, starts[-1]):
        last_end = m.end()
    if last_end is None:
        return None
    mid = starts[len(starts) // 2]
    head, tail = data[: starts[0]], data[last_end:]
    return head + data[starts[0] : mid] + tail, head + data[mid:last_end] + tail


def _parse_halves(halves: tuple[bytes, bytes], path: str) -> FormatResult | None:
    """Both halves at once (the second in a spawned process); ``None``: parse whole."""
    import multiprocessing

    if multiprocessing.parent_process() is not None or (os.cpu_count() or 1) < 2:
        return None  # already in a worker (the pipeline's pool), or one core
    import concurrent.futures as cf
    import threading

    # fork starts the helper in ~0.05 s of CPU; spawn re-imports feedparser and lxml
    # (~0.2 s of CPU, 1-2 s of wall on a busy machine). Fork only with no other
    # thread (the CLI): forking a threaded program (the app) can deadlock the child.
    single = threading.active_count() == 1
    method = "fork" if single and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    try:
        ctx = multiprocessing.get_context(method)
        with cf.ProcessPoolExecutor(1, mp_context=ctx) as pool:
            second = pool.submit(_parse_whole, halves[1], path)
            first = _parse_whole(halves[0], path)
            rest = second.result()
    except (OSError, ValueError, RuntimeError, cf.process.BrokenProcessPool):
        return None
    if first.warnings or rest.warnings or first.format != rest.format:
        return None  # ill-formed somewhere: the whole file, as feedparser recovers it
    n = len(first.articles)
    first.articles.extend(
        replace(a, origin=Origin(a.origin.path, a.origin.line + n)) for a in rest.articles
    )
    return first


def _parse_whole(data: bytes, path: str) -> FormatResult:
    import feedparser

    try:
        d = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # feedparser bugs on pathological input
        return FormatResult("rss", warnings=[f"unreadable feed ({type(exc).__name__}: {exc})"])
    if d.get("bozo") and _incomplete(d):
        fixed = _close_unclosed(data)
        if fixed != data:
            try:
                d2 = feedparser.parse(
                    io.BytesIO(fixed), sanitize_html=False, resolve_relative_uris=False
                )
                if _complete_count(d2) > _complete_count(d):
                    d2["bozo"], d2["bozo_exception"] = 1, d.get("bozo_exception")
                    d = d2
            except Exception:
                pass
    version = str(d.get("version") or "")
    fmt = "atom" if version.startswith("atom") else "rss"
    result = FormatResult(fmt)
    feed = d.get("feed", {})
    with keeping_originals() as head:  # the feed's own fields: kept with its first item
        source = html_to_text(str(feed.get("title") or "")) or _host(str(feed.get("link") or ""))
        feed_link = clean_text(str(feed.get("link") or ""))
        feed_authors = _authors(feed)
    if d.get("bozo"):
        what = _bozo_text(d.get("bozo_exception"))
        if what:
            result.warnings.append(f"ill-formed feed, read what could be recovered ({what})")
    entries = d.get("entries") or []
    if not entries and not feed:
        result.warnings.append("no feed items found")
    for i, e in enumerate(entries, start=1):
        try:
            with keeping_originals():
                result.articles.append(_entry(e, i, path, source, feed_link, feed_authors, fmt))
        except Exception as exc:  # one odd item must not lose the others
            result.warnings.append(f"item {i} skipped ({type(exc).__name__}: {_one_line(exc)})")
    if head and result.articles:
        first = result.articles[0]
        kept = tuple(Dropped(0, s, SANITIZED_REASON) for s in dict.fromkeys(head))
        result.articles[0] = replace(first, dropped=(*first.dropped, *kept))
    return result


def _one_line(exc: BaseException) -> str:
    from parsers.sanitize import visible

    return visible(str(exc))[:200]


_UNCLOSED = re.compile(
    rb"<(title|link|pubDate|guid|author|dc:creator|dc:date|category|published|updated|id)"
    rb"((?:\s[^<>]*)?)>([^<\r\n]*\S[^<\r\n]*)(?=\r?\n)"
)


def _close_unclosed(data: bytes) -> bytes:
    """Close one-line text elements left open at the end of their line (hand-edited feeds)."""
    return _UNCLOSED.sub(rb"<\1\2>\3</\1>", data)


def _complete_count(d: Any) -> int:
    return sum(1 for e in d.get("entries") or () if e.get("title") and e.get("link"))


def _incomplete(d: Any) -> bool:
    entries = d.get("entries") or ()
    return not entries or _complete_count(d) < len(entries)


_get = dict.get  # FeedParserDict.get runs its key-alias logic on every call: bypassed


def _bozo_text(exc: object) -> str:
    if exc is None:
        return ""
    name = type(exc).__name__
    if name == "CharacterEncodingOverride":
        return ""  # declared encoding was wrong but the document decoded: not worth a warning
    msg = clean_text(str(exc))[:120]
    return f"{name}: {msg}" if msg else name


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^()]+)\)\s*$")


def _authors(obj: Any) -> tuple[str, ...]:
    raw = str(_get(obj, "author") or "")
    m = _EMAIL_NAME.match(raw)
    if m:  # RSS "email (Name)": feedparser's own split of it can cut the name
        return split_names(m.group("name"))
    authors = _get(obj, "authors")
    names: list[str] = []
    if authors:
        for a in authors:
            if isinstance(a, dict) and _get(a, "name"):
                names.extend(split_names(str(a["name"])))
            elif isinstance(a, dict) and _get(a, "email"):
                names.append(str(a["email"]))
    if not names and _get(obj, "author"):
        names.extend(split_names(str(obj["author"])))
    return tuple(dict.fromkeys(names))


def _when(e: Any, key: str) -> datetime | None:
    # dict.get: FeedParserDict.get maps a missing "published" to "updated" (and warns)
    raw = dict.get(e, key)
    if isinstance(raw, str):
        d = parse_date(raw)
        if d is not None and d.tzinfo is not None:
            return d
    parsed = dict.get(e, f"{key}_parsed")
    if isinstance(parsed, time.struct_time):
        try:
            return datetime(*parsed[:6], tzinfo=UTC)
        except (ValueError, OverflowError):
            return None
    return None


def _entry(
    e: Any,
    index: int,
    path: str,
    source: str,
    feed_link: str,
    feed_authors: tuple[str, ...],
    fmt: str,
) -> Article:
    title = _title(e)
    link = _alternate(e, feed_link)
    published = _when(e, "published") or _when(e, "created")
    updated = _when(e, "updated")
    if published is None:
        published = updated
    byline = _authors(e) or (feed_authors if fmt == "atom" else ())
    summary = _detail_html(_get(e, "summary_detail")) or str(_get(e, "summary") or "")
    contents = [c for c in _get(e, "content") or () if isinstance(c, dict) and _get(c, "value")]
    body_html, base = "", link
    if contents:
        best = max(contents, key=lambda c: len(str(_get(c, "value") or "")))
        body_html = _detail_html(best)
        base = str(_get(best, "base") or link)
    dek = ""
    if body_html:
        dek = html_to_text(summary)  # summary beside full content: the dek
    else:
        body_html = summary
        detail = _get(e, "summary_detail")
        if isinstance(detail, dict) and _get(detail, "base"):
            base = str(detail["base"])
    blocks: list[Block] = []
    links: list[Link] = []
    if body_html:
        if looks_like_html(body_html) or "&" in body_html:
            body = html_to_blocks(body_html, base)
            blocks, links = body.blocks, body.links
        else:
            blocks = [Block("paragraph", t, i) for i, t in enumerate(_paras(body_html), 1)]
    if dek and blocks and dek == blocks[0].text and len(blocks) == 1:
        dek = ""  # summary and content say the same: one copy
    for enc in _enclosures(e, link):
        if enc.url not in {k.url for k in links}:
            links.append(enc)
    dropped = [
        Dropped(0, f"{k}: {clean_text(_flat(e[k]))[:500]}", "unmapped feed field")
        for k in _KEPT
        if _get(e, k)
    ]
    return build_article(
        path=path,
        line=index,
        title=title,
        source=source,
        blocks=blocks,
        url=link,
        published=published,
        updated=updated,
        byline=byline,
        dek=dek,
        links=links,
        dropped=dropped,
    )


def _title(e: Any) -> str:
    """The title as text: markup removed only when feedparser says it is markup."""
    raw = str(_get(e, "title") or "")
    detail = _get(e, "title_detail")
    if isinstance(detail, dict) and _get(detail, "type") == "text/plain":
        return clean_text(raw)  # entities already decoded; "<Yes>" is text here
    return html_to_text(raw)


def _flat(v: Any) -> str:
    if isinstance(v, list):
        return ", ".join(_flat(x) for x in v)
    if isinstance(v, dict):
        return str(v.get("term") or v.get("name") or v.get("url") or v.get("href") or "")
    return str(v)


def _paras(text: str) -> list[str]:
    from parsers.formats.common import text_blocks

    return [b.text for b in text_blocks(text)]


def _detail_html(detail: Any) -> str:
    """The HTML of a feedparser text construct (plain text escaped first)."""
    if not isinstance(detail, dict):
        return ""
    value = str(_get(detail, "value") or "")
    if _get(detail, "type") == "text/plain" and "<" in value:
        import html

        return html.escape(value)
    return value


def _alternate(e: Any, feed_link: str) -> str:
    link = ""
    for k in _get(e, "links") or ():
        if isinstance(k, dict) and _get(k, "rel", "alternate") == "alternate" and _get(k, "href"):
            link = str(k["href"])
            break
    if not link:
        link = str(_get(e, "link") or "")
    if not link and _get(e, "guidislink") is not False:
        guid = str(_get(e, "id") or "")
        if guid.startswith(("http://", "https://")):
            link = guid
    if not link:
        guid = str(_get(e, "id") or "")
        if guid.startswith(("http://", "https://")):
            link = guid
    if link and feed_link and "://" not in link:
        with contextlib.suppress(ValueError):
            link = urljoin(feed_link, link)
    return clean_text(link)


def _enclosures(e: Any, base: str) -> list[Link]:
    out: list[Link] = []
    seen: set[str] = set()
    cands = [
        k for k in _get(e, "links") or () if isinstance(k, dict) and _get(k, "rel") == "enclosure"
    ]
    cands += [k for k in _get(e, "enclosures") or () if isinstance(k, dict)]
    for k in cands:
        href = str(_get(k, "href") or _get(k, "url") or "")
        if not href or href in seen:
            continue
        seen.add(href)
        if base and "://" not in href:
            with contextlib.suppress(ValueError):
                href = urljoin(base, href)
        kind = str(_get(k, "type") or "")
        length = str(_get(k, "length") or "")
        text = " ".join(x for x in (kind, f"{length} bytes" if length.isdigit() else "") if x)
        out.append(Link(clean_text(href), text, "enclosure"))
    return out
