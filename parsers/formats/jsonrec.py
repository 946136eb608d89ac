"""JSON and JSONL article exports, JSON Feed, and newsdesk's own ``parse`` output.

One object, an array, one object per line, or an object wrapping a list
(``{"articles": [...]}``, ``{"items": [...]}``, Elasticsearch ``hits``). Field
names are those news tools write (news-please, newspaper4k, trafilatura,
schema.org, NewsAPI, ``{title, text, date, url}`` datasets); unknown keys are
ignored. A record of newsdesk's own shape (``id``, ``blocks``, ``origin``) is
read back as it was written, so export -> import round-trips exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from parsers.formats.common import (
    FormatResult,
    build_article,
    clean_text,
    parse_date,
    split_names,
    text_blocks,
    unescape_references,
)
from parsers.formats.html_blocks import html_to_blocks, html_to_text, looks_like_html
from parsers.model import Article, Block, Link
from parsers.sanitize import keeping_originals

__all__ = ["is_article_like", "parse_json", "parse_jsonl"]

_TITLE = ("title", "headline", "webTitle", "title_page", "title_rss", "name")
_TEXT = (
    "maintext",
    "articleBody",
    "article_body",
    "text",
    "content",
    "body",
    "full_text",
    "fulltext",
    "bodyText",
    "article",
    "content_html",
    "content_text",
    "raw_text",
)
_DATE = (
    "date_publish",
    "published",
    "published_at",
    "publishedAt",
    "datePublished",
    "date_published",
    "publish_date",
    "publication_date",
    "pubDate",
    "pub_date",
    "webPublicationDate",
    "date",
    "created_at",
    "createdAt",
    "timestamp",
    "time",
)
_UPDATED = ("date_modify", "updated", "updated_at", "dateModified", "date_modified", "modified")
_RETRIEVED = ("date_download", "retrieved", "crawled", "crawled_at", "scraped_at", "fetched")
_URL = ("canonical_link", "canonical_url", "url", "link", "webUrl", "uri", "href", "permalink")
_AUTHORS = ("authors", "author", "byline", "creator", "creators", "writer", "by", "author_name")
_DEK = (
    "description",
    "summary",
    "dek",
    "excerpt",
    "meta_description",
    "standfirst",
    "subtitle",
    "subheadline",
    "abstract",
    "lead",
    "teaser",
)
_SOURCE = (
    "publisher",
    "source",
    "source-hostname",
    "site_name",
    "sitename",
    "source_name",
    "source_domain",
    "domain",
    "hostname",
    "feed",
)
_ALL_KEYS = frozenset((*_TITLE, *_TEXT, *_DATE, *_URL, *_AUTHORS, *_DEK))
_WRAPPERS = ("articles", "items", "data", "results", "records", "documents", "docs", "entries")
_CUT = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")
_OWN_KEYS = frozenset({"id", "source", "title", "blocks", "origin"})


def is_article_like(obj: object) -> bool:
    """Whether a JSON value is an article record (has at least one known field)."""
    if not isinstance(obj, dict | Mapping):
        return False
    return not _ALL_KEYS.isdisjoint(obj.keys()) or "_source" in obj


def parse_json(text: str, path: str) -> FormatResult:
    """A JSON document: one record, an array of them, a wrapper, or a JSON Feed."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        result = parse_jsonl(text, path)  # concatenated objects, or a broken array
        if result.articles:
            return result
        return FormatResult("json", warnings=[f"not valid JSON ({_short(exc)})"])
    if isinstance(doc, dict) and str(doc.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        return _json_feed(doc, path)
    result = FormatResult("json")
    records = list(_records(doc))
    if not records:
        result.warnings.append("no article records found in the JSON document")
    for i, rec in enumerate(records, start=1):
        _add(result, rec, path, i)
    return result


def parse_jsonl(text: str, path: str) -> FormatResult:
    """One JSON value per line; bad lines are warned about (first few by number)."""
    result = FormatResult("jsonl")
    bad: list[int] = []
    other: list[int] = []
    loads = json.loads
    for lineno, line in enumerate(text.split("\n"), start=1):
        s = line.strip()
        if not s:
            continue
        try:
            rec = loads(s)
        except (ValueError, RecursionError):
            bad.append(lineno)
            continue
        if isinstance(rec, dict):
            _add(result, rec, path, lineno)
        else:
            other.append(lineno)
    if bad:
        result.warnings.append(f"{len(bad)} line(s) not valid JSON, skipped (line {_nums(bad)})")
    if other:
        result.warnings.append(
            f"{len(other)} line(s) not a JSON object, skipped (line {_nums(other)})"
        )
    return result


def _nums(ns: list[int]) -> str:
    head = ", ".join(map(str, ns[:5]))
    return head + (f", … (+{len(ns) - 5})" if len(ns) > 5 else "")


def _short(exc: BaseException) -> str:
    return clean_text(str(exc))[:100] or type(exc).__name__


def _records(doc: Any, depth: int = 0) -> Iterator[Mapping[str, Any]]:
    if depth > 4:
        return
    if isinstance(doc, list):
        for x in doc:
            if isinstance(x, dict):
                if is_article_like(x):
                    yield x
                else:
                    yield from _records(x, depth + 1)
        return
    if not isinstance(doc, dict):
        return
    if "hits" in doc and isinstance(doc["hits"], dict):  # Elasticsearch
        yield from _records(doc["hits"].get("hits"), depth + 1)
        return
    for key in _WRAPPERS:
        v = doc.get(key)
        if isinstance(v, list) and any(isinstance(x, dict) for x in v):
            yield from _records(v, depth + 1)
            return
    if "response" in doc and isinstance(doc["response"], dict):  # Guardian API
        yield from _records(doc["response"], depth + 1)
        return
    if is_article_like(doc):
        yield doc


def _add(result: FormatResult, rec: Mapping[str, Any], path: str, line: int) -> None:
    where = f"line {line}" if result.format == "jsonl" else f"record {line}"
    try:
        with keeping_originals():
            art, problem = _record(rec, path, line)
    except Exception as exc:  # a record shape we did not foresee: say so, go on
        result.warnings.append(f"{where} skipped ({type(exc).__name__}: {_short(exc)})")
        return
    if problem:
        result.warnings.append(f"{where}: {problem}")
    if art is not None:
        result.articles.append(art)


def _own(rec: Mapping[str, Any]) -> Article | None:
    """A record newsdesk wrote itself (``parse --format jsonl``), read back exactly."""
    if not rec.keys() >= _OWN_KEYS or not isinstance(rec.get("blocks"), list):
        return None
    from parsers.store.codec import article_from_dict

    try:
        return article_from_dict(rec)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _first(rec: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = rec.get(k)
        if v not in (None, "", [], {}):
            return v
    return None


def _str(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, dict):
        return _str(v.get("name") or v.get("value") or v.get("@value") or "")
    if isinstance(v, list):
        return "\n\n".join(_str(x) for x in v if x)
    if isinstance(v, int | float) and not isinstance(v, bool):
        return str(v)
    return ""


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def _plain(s: str) -> str:
    """A one-line field (title, dek): markup removed, or else character references decoded."""
    if looks_like_html(s):
        return html_to_text(s)
    return clean_text(unescape_references(s) if "&" in s else s)


def _record(rec: Mapping[str, Any], path: str, line: int) -> tuple[Article | None, str]:
    own = _own(rec)
    if own is not None:
        return own, ""
    if "_source" in rec and isinstance(rec["_source"], dict):
        rec = rec["_source"]
    if not is_article_like(rec):
        keys = ", ".join(list(map(str, rec.keys()))[:6])
        return None, f"no article fields, skipped (keys: {keys})"
    title_raw = _str(_first(rec, _TITLE))
    title = _plain(title_raw)
    text = _str(_first(rec, _TEXT))
    truncated = False
    if text.rstrip().endswith(" chars]") and _CUT.search(text):
        text, truncated = _CUT.sub("", text), True
    url = ""
    for k in _URL:
        v = _str(rec.get(k))
        if v.strip():
            url = clean_text(v)
            break
    src_val = rec.get("source")
    if not url and isinstance(src_val, str) and _is_url(src_val.strip()):
        url = src_val.strip()
    source = ""
    for k in _SOURCE:
        v = _str(rec.get(k)).strip()
        if v and not _is_url(v) and v != "None":
            source = clean_text(v)
            break
    if not source:
        source = _host(_str(rec.get("source_url"))) or _host(url) or "unknown"
    updated = parse_date(_first(rec, _UPDATED))
    published = parse_date(_first(rec, _DATE)) or updated  # as a feed's updated stands in
    dek = _plain(_str(_first(rec, _DEK)))
    blocks: list[Block] = []
    links: list[Link] = []
    if text:
        if looks_like_html(text):
            body = html_to_blocks(text, url)
            blocks, links = body.blocks, body.links
        else:
            blocks = text_blocks(text)
    if dek and not text:
        pass  # the description alone: a dek, not a body
    if dek and blocks and len(blocks) == 1 and blocks[0].text == dek:
        dek = ""
    authors = split_names(_first(rec, _AUTHORS) or "")
    problem = "" if (title or blocks) else "no title or text (kept with what could be read)"
    art = build_article(
        path=path,
        line=line,
        title=title,
        source=source,
        blocks=blocks,
        url=url,
        published=published,
        updated=updated,
        retrieved=parse_date(_first(rec, _RETRIEVED)),
        byline=authors,
        dek=dek,
        links=links,
        truncated=truncated,
    )
    return art, problem


def _json_feed(doc: Mapping[str, Any], path: str) -> FormatResult:
    result = FormatResult("jsonfeed")
    source = clean_text(_str(doc.get("title"))) or _host(_str(doc.get("home_page_url")))
    feed_authors = split_names(doc.get("authors") or doc.get("author") or [])
    items = doc.get("items")
    if not isinstance(items, list):
        result.warnings.append("JSON Feed without an items list")
        return result
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            result.warnings.append(f"item {i} is not an object, skipped")
            continue
        try:
            with keeping_originals():
                result.articles.append(_feed_item(item, i, path, source, feed_authors))
        except Exception as exc:
            result.warnings.append(f"item {i} skipped ({type(exc).__name__}: {_short(exc)})")
    return result


def _feed_item(
    item: Mapping[str, Any], i: int, path: str, source: str, feed_authors: tuple[str, ...]
) -> Article:
    url = clean_text(_str(item.get("url") or item.get("external_url")))
    if not url and _is_url(_str(item.get("id"))):
        url = _str(item.get("id"))
    html = _str(item.get("content_html"))
    blocks: list[Block] = []
    links: list[Link] = []
    if html:
        body = html_to_blocks(html, url)
        blocks, links = body.blocks, body.links
    else:
        blocks = text_blocks(_str(item.get("content_text")))
    for att in item.get("attachments") or ():
        if isinstance(att, dict) and _str(att.get("url")):
            size = att.get("size_in_bytes")
            text = " ".join(
                x for x in (_str(att.get("mime_type")), f"{size} bytes" if size else "") if x
            )
            links.append(Link(_str(att["url"]), text, "enclosure"))
    return build_article(
        path=path,
        line=i,
        title=html_to_text(_str(item.get("title"))),
        source=source,
        blocks=blocks,
        url=url,
        published=parse_date(item.get("date_published")),
        updated=parse_date(item.get("date_modified")),
        byline=split_names(item.get("authors") or item.get("author") or []) or feed_authors,
        dek=html_to_text(_str(item.get("summary"))),
        links=links,
    )
