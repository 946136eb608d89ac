"""An HTML fragment (feed content, a JSON ``content`` field) to clean body blocks.

Paragraph-level elements become paragraph blocks, headings become subheads,
list items keep their marker ("• ", "1. "), ``<br>`` separates paragraphs,
scripts, styles, forms and embedded frames are dropped (their text never shows),
and every ``<a href>`` is kept as a numbered :class:`~parsers.model.Link`
(resolved against ``base``). Built on lxml's forgiving HTML parser, so any
input gives what it can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from parsers.formats.common import clean_text
from parsers.model import Block, Link

__all__ = ["HtmlBody", "html_to_blocks", "html_to_text", "looks_like_html"]

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "form",
        "button",
        "select",
        "textarea",
        "svg",
        "math",
        "head",
        "title",
        "meta",
        "link",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "hr",
        "address",
        "center",
        "body",
        "html",
        "details",
        "summary",
        "nav",
    }
)
_TAG_HINT = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*[\s>/]|!--)")


def looks_like_html(s: str) -> bool:
    """Whether a text field holds markup rather than plain text."""
    return "<" in s and _TAG_HINT.search(s) is not None


@dataclass(slots=True)
class HtmlBody:
    """Blocks and links of one fragment."""

    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


class _Walker:
    def __init__(self, base: str) -> None:
        self.base = base
        self.out = HtmlBody()
        self.buf: list[str] = []
        self.kind = "paragraph"
        self.seen_links: set[str] = set()

    def flush(self) -> None:
        if not self.buf:
            self.kind = "paragraph"
            return
        text = clean_text("".join(self.buf))
        self.buf.clear()
        if text:
            kind = self.kind if self.kind == "subhead" else "paragraph"
            self.out.blocks.append(Block(kind, text, len(self.out.blocks) + 1))  # type: ignore[arg-type]
        self.kind = "paragraph"

    def link(self, href: str, text: str) -> None:
        href = href.strip()
        if not href or href.startswith(("javascript:", "#", "data:")):
            return
        try:
            url = join_url(self.base, href) if self.base else href
        except ValueError:
            url = href
        if url not in self.seen_links:
            self.seen_links.add(url)
            self.out.links.append(Link(url, clean_text(text), "link"))

    def walk(self, el: object, list_stack: list[list[int] | None]) -> None:
        tag = el.tag  # type: ignore[attr-defined]
        if not isinstance(tag, str):  # comments, processing instructions
            self.tail(el)
            return
        # (lxml's HTML parser gives lower-case names without a namespace)
        name = tag if tag.islower() and "}" not in tag else tag.rsplit("}", 1)[-1].lower()
        if name in _SKIP:
            self.tail(el)
            return
        if name == "br":
            self.flush()
            self.tail(el)
            return
        block = name in _BLOCK or name in _HEADINGS or name == "li"
        if block:
            self.flush()
        if name in _HEADINGS:
            self.kind = "subhead"
        if name in ("ul", "ol", "menu"):
            list_stack = [*list_stack, [0] if name == "ol" else None]
        marker = ""
        if name == "li":
            counter = list_stack[-1] if list_stack else None
            if counter is not None:
                counter[0] += 1
                marker = f"{counter[0]}. "
            else:
                marker = "• "
            self.buf.append(marker)
        if name in ("td", "th") and self.buf:
            self.buf.append(" ")
        text = el.text  # type: ignore[attr-defined]
        if text:
            self.buf.append(text)
        for child in el:  # type: ignore[attr-defined]
            self.walk(child, list_stack)
        if name == "a":
            href = el.get("href")  # type: ignore[attr-defined]
            if href:
                self.link(href, _text_content(el))
        if marker and clean_text("".join(self.buf)) == marker.strip():
            self.buf.clear()  # an empty list item
        if block:
            self.flush()
        self.tail(el)

    def tail(self, el: object) -> None:
        tail = el.tail  # type: ignore[attr-defined]
        if tail:
            self.buf.append(tail)


@lru_cache(maxsize=256)
def _origin(base: str) -> str | None:
    """``scheme://host`` of an http(s) ``base`` with a host, else ``None``."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def join_url(base: str, href: str) -> str:
    """``urljoin(base, href)``, without its cost for a root-relative path ``href``
    ("/topics/ferry": the base's scheme and host, then ``href`` as it is)."""
    if href[:1] == "/" and _PLAIN_PATH.fullmatch(href) and "/." not in href:
        origin = _origin(base)
        if origin is not None:
            return origin + href
    return urljoin(base, href)


#: A path urljoin leaves as it is: no "//" host, dot segment, query, fragment,
#: parameters or space.
_PLAIN_PATH = re.compile(r"/(?!/)[^?#;\\\s]*")


def _text_content(el: object) -> str:
    try:
        return "".join(el.itertext())  # type: ignore[attr-defined]
    except (ValueError, AttributeError, TypeError):
        return ""


def _parse_fragment(html: str) -> object | None:
    """The fragment's ``<body>`` as plain lxml elements (no HtmlElement class lookup)."""
    from lxml import etree

    parser = etree.HTMLParser(recover=True, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(f"<html><body>{html}</body></html>", parser)
    except (ValueError, TypeError, etree.LxmlError):
        # a str with an encoding declaration is refused: go through UTF-8 bytes
        data = html.encode("utf-8", "replace")
        try:
            root = etree.fromstring(
                b"<html><head><meta charset='utf-8'></head><body>" + data, parser
            )
        except (ValueError, TypeError, etree.LxmlError):
            return None
    if root is None:
        return None
    body = root.find("body")
    return body if body is not None else root


def html_to_blocks(html: str, base: str = "") -> HtmlBody:
    """Blocks (numbered 1, 2, …) and links of an HTML fragment; never raises."""
    html = html.replace("\x00", "")
    if not html.strip():
        return HtmlBody()
    root = _parse_fragment(html)
    if root is None:
        return HtmlBody(blocks=[Block("paragraph", clean_text(re.sub(r"<[^>]*>", " ", html)), 1)])
    w = _Walker(base)
    w.walk(root, [])
    w.flush()
    return w.out


def html_to_text(html: str) -> str:
    """Markup removed, entities decoded, one line (titles, summaries)."""
    if not looks_like_html(html) and "&" not in html:
        return clean_text(html)
    body = html_to_blocks(html)
    return clean_text(" ".join(b.text for b in body.blocks))
