"""Saved HTML article pages: main text with trafilatura, metadata from the page.

trafilatura removes navigation, ads, related links and comments and reads the
title, author, date, url and site name from the page's metadata (JSON-LD, Open
Graph, ``<meta>``). It is the optional extra ``newsdesk[html]``: without it a
page is reported with the command to install it.
"""

from __future__ import annotations

import re
from typing import Any

from parsers.formats.common import FormatResult, build_article, clean_text, parse_date, split_names
from parsers.model import Block, Dropped, Link
from parsers.sanitize import keeping_originals

__all__ = ["INSTALL_HINT", "parse_html"]

INSTALL_HINT = "saved HTML pages need the 'html' extra: pip install 'newsdesk[html]'"
_LONG = 80  # a block this long is article text, not furniture
_SHORT = 60
_SENTENCE_END = frozenset('.!?"”’)…')  # a short line ending like this is prose: kept
_BY = re.compile(r"^by\s+\S", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|all rights reserved|reproduction without", re.I)
_DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def parse_html(data: bytes, path: str) -> FormatResult:
    """One record for the page's article; never raises."""
    result = FormatResult("html")
    try:
        import trafilatura
    except ImportError:
        result.warnings.append(INSTALL_HINT)
        return result
    try:
        doc = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_links=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # trafilatura on pathological markup
        result.warnings.append(f"HTML page unreadable ({type(exc).__name__}: {exc})"[:200])
        return result
    if isinstance(doc, dict) or doc is None or getattr(doc, "body", None) is None:
        result.warnings.append("no article text found in the HTML page")
        return result
    with keeping_originals():
        _add_page(result, doc, path)
    return result


def _add_page(result: FormatResult, doc: Any, path: str) -> None:
    """The page's record (inside a block that keeps the originals of cleaned values)."""
    url = clean_text(str(getattr(doc, "url", "") or ""))
    blocks, links = body_blocks(doc.body)
    title = clean_text(str(getattr(doc, "title", "") or ""))
    byline = split_names(str(getattr(doc, "author", "") or ""))
    blocks, dropped, found = trim_edges(blocks, title)
    byline = byline or found
    if not blocks:
        result.warnings.append("no article text found in the HTML page")
    source = (
        clean_text(str(getattr(doc, "sitename", "") or ""))
        or clean_text(str(getattr(doc, "hostname", "") or ""))
        or "unknown"
    )
    published = parse_date(getattr(doc, "date", None))
    dek = clean_text(str(getattr(doc, "description", "") or ""))
    if blocks and dek and blocks[0].text.startswith(dek):
        dek = ""
    result.articles.append(
        build_article(
            path=path,
            line=1,
            title=title,
            source=source,
            blocks=blocks,
            url=url,
            published=published,
            byline=byline,
            dek=dek,
            links=links,
            dropped=dropped,
        )
    )


_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "div", "code"})


def _text(el: Any) -> str:
    """Text of an element, a line break (``lb``) read as a space."""
    parts: list[str] = []
    if el.text:
        parts.append(el.text)
    for child in el:
        if child.tag == "lb":
            parts.append(" ")
        else:
            parts.append(_text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def body_blocks(body: Any) -> tuple[list[Block], list[Link]]:
    """trafilatura's XML body (``p``, ``head``, ``list/item``, ``quote``, ``table``) to blocks."""
    blocks: list[Block] = []
    links: list[Link] = []
    seen: set[str] = set()

    def add(kind: str, text: str) -> None:
        t = clean_text(text)
        if t:
            blocks.append(Block(kind, t, len(blocks) + 1))  # type: ignore[arg-type]

    def walk(el: Any, marker: str = "") -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        for ref in el.iter("ref"):
            target = str(ref.get("target") or "")
            if target and target not in seen:
                seen.add(target)
                links.append(Link(target, clean_text("".join(ref.itertext())), "link"))
        if tag == "head":
            add("subhead", _text(el))
        elif tag == "list":
            ordered = str(el.get("rend") or "") in ("ol", "1")
            n = 0
            for item in el:
                if item.tag == "item":
                    n += 1
                    add("paragraph", (f"{n}. " if ordered else "• ") + _text(item))
        elif tag == "table":
            for row in el.iter("row"):
                if any(len(c) and c[0].tag in _BLOCK_TAGS for c in row):
                    for cell in row:  # a layout table: its cells hold the page
                        walk(cell)
                else:
                    add("paragraph", " | ".join(clean_text(_text(c)) for c in row))
        elif tag in ("p", "quote", "code", "lb") or not len(el):
            add("paragraph", _text(el))
        else:
            if el.text and el.text.strip():
                add("paragraph", el.text)
            for child in el:
                walk(child)
                if child.tail and child.tail.strip():
                    add("paragraph", child.tail)

    for child in body:
        walk(child)
    return blocks, links


def trim_edges(
    blocks: list[Block], title: str
) -> tuple[list[Block], list[Dropped], tuple[str, ...]]:
    """Take page furniture off both ends of the extracted text (kept as dropped).

    Before the first long paragraph: short lines that do not end like a sentence
    (section menus), the headline again, a "By …" line (which gives the byline).
    After the last one: such short lines (headline lists, weather boxes) and
    copyright notices; "He declined to comment." stays. Subheads between
    long paragraphs stay.
    """
    longs = [i for i, b in enumerate(blocks) if b.kind == "paragraph" and len(b.text) >= _LONG]
    if not longs:
        return blocks, [], ()
    first, last = longs[0], longs[-1]
    dropped: list[Dropped] = []
    byline: tuple[str, ...] = ()
    kept: list[Block] = []
    ntitle = title.casefold()
    for i, b in enumerate(blocks):
        edge = i < first or i > last
        if b.text.casefold() == ntitle and i <= first:
            dropped.append(Dropped(b.line, b.text, "repeated headline"))
        elif edge and i < first and _BY.match(b.text) and len(b.text) < 150:
            byline = byline or split_names(re.split(r"\s[–—|-]\s", b.text)[0])
            dropped.append(Dropped(b.line, b.text, "byline"))
        elif _COPYRIGHT.search(b.text) and len(b.text) < 200:
            dropped.append(Dropped(b.line, b.text, "copyright notice"))
        elif (
            edge
            and len(b.text) < _SHORT
            and not (b.kind == "subhead" and i < first)
            and not (b.kind == "paragraph" and b.text[-1] in _SENTENCE_END)
        ):
            dropped.append(Dropped(b.line, b.text, "page furniture"))
        else:
            kept.append(Block(b.kind, b.text, len(kept) + 1))
    return kept, dropped, byline
