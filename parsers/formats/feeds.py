"""RSS 0.9x/1.0/2.0, RDF and Atom 0.3/1.0 through feedparser: one record per item.

feedparser decodes every encoding it knows (UTF-16/32, cp1252, legacy CJK),
tracks ``xml:base`` and recovers what it can from ill-formed XML (``bozo``:
we say so in one line naming the file). It is given the bytes as a stream, so
it never fetches anything.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from parsers.formats.common import FormatResult, build_article, clean_text, parse_date, split_names
from parsers.formats.html_blocks import html_to_blocks, html_to_text, looks_like_html
from parsers.model import Article, Block, Dropped, Link

__all__ = ["parse_feed"]

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


def parse_feed(data: bytes, path: str) -> FormatResult:
    """Parse a feed document; never raises."""
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
    source = html_to_text(str(feed.get("title") or "")) or _host(str(feed.get("link") or ""))
    feed_link = str(feed.get("link") or "")
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
            result.articles.append(_entry(e, i, path, source, feed_link, feed_authors, fmt))
        except Exception as exc:  # one odd item must not lose the others
            result.warnings.append(f"item {i} skipped ({type(exc).__name__}: {exc})")
    return result


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
    raw = str(obj.get("author") or "")
    m = _EMAIL_NAME.match(raw)
    if m:  # RSS "email (Name)": feedparser's own split of it can cut the name
        return split_names(m.group("name"))
    authors = obj.get("authors")
    names: list[str] = []
    if authors:
        for a in authors:
            if isinstance(a, dict) and a.get("name"):
                names.extend(split_names(str(a["name"])))
            elif isinstance(a, dict) and a.get("email"):
                names.append(str(a["email"]))
    if not names and obj.get("author"):
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
    title = html_to_text(str(e.get("title") or ""))
    link = _alternate(e, feed_link)
    published = _when(e, "published") or _when(e, "created")
    updated = _when(e, "updated")
    if published is None:
        published = updated
    byline = _authors(e) or (feed_authors if fmt == "atom" else ())
    summary = _detail_html(e.get("summary_detail")) or str(e.get("summary") or "")
    contents = [c for c in e.get("content") or () if isinstance(c, dict) and c.get("value")]
    body_html, base = "", link
    if contents:
        best = max(contents, key=lambda c: len(str(c.get("value") or "")))
        body_html = _detail_html(best)
        base = str(best.get("base") or link)
    dek = ""
    if body_html:
        dek = html_to_text(summary)  # summary beside full content: the dek
    else:
        body_html = summary
        detail = e.get("summary_detail")
        if isinstance(detail, dict) and detail.get("base"):
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
        if e.get(k)
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
    value = str(detail.get("value") or "")
    if detail.get("type") == "text/plain" and "<" in value:
        import html

        return html.escape(value)
    return value


def _alternate(e: Any, feed_link: str) -> str:
    link = ""
    for k in e.get("links") or ():
        if isinstance(k, dict) and k.get("rel", "alternate") == "alternate" and k.get("href"):
            link = str(k["href"])
            break
    if not link:
        link = str(e.get("link") or "")
    if not link and e.get("guidislink") is not False:
        guid = str(e.get("id") or "")
        if guid.startswith(("http://", "https://")):
            link = guid
    if not link:
        guid = str(e.get("id") or "")
        if guid.startswith(("http://", "https://")):
            link = guid
    if link and feed_link and "://" not in link:
        with contextlib.suppress(ValueError):
            link = urljoin(feed_link, link)
    return clean_text(link)


def _enclosures(e: Any, base: str) -> list[Link]:
    out: list[Link] = []
    seen: set[str] = set()
    cands = [k for k in e.get("links") or () if isinstance(k, dict) and k.get("rel") == "enclosure"]
    cands += [k for k in e.get("enclosures") or () if isinstance(k, dict)]
    for k in cands:
        href = str(k.get("href") or k.get("url") or "")
        if not href or href in seen:
            continue
        seen.add(href)
        if base and "://" not in href:
            with contextlib.suppress(ValueError):
                href = urljoin(base, href)
        kind = str(k.get("type") or "")
        length = str(k.get("length") or "")
        text = " ".join(x for x in (kind, f"{length} bytes" if length.isdigit() else "") if x)
        out.append(Link(clean_text(href), text, "enclosure"))
    return out
