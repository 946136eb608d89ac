"""Reader markdown dumps: ``Title:`` / ``URL Source:`` / ``Published Time:`` /
``Warning:`` headers, then ``Markdown Content:`` and the page as markdown.

The body goes through markdown-it (installed with Rich) to HTML and then to
blocks like any HTML body: headings become subheads, lists keep markers, links
are kept. A heading that repeats the title, "Skip to content" links and image
lines are dropped (kept in ``dropped``); a "By …" line becomes the byline. A
dump of an error page (an HTTP 4xx/5xx warning, a CAPTCHA wall) is kept, with
the kicker "Error page" and a warning.
"""

from __future__ import annotations

import re

from parsers.formats.common import FormatResult, build_article, clean_text, parse_date, split_names
from parsers.formats.html_blocks import html_to_blocks
from parsers.model import Block, Dropped

__all__ = ["HEADER_KEYS", "looks_like_reader_markdown", "parse_markdown"]

HEADER_KEYS = (
    "Title",
    "URL Source",
    "Published Time",
    "Warning",
    "Description",
    "Markdown Content",
)
_HEADER = re.compile(
    r"^(Title|URL Source|Published Time|Warning|Description|[A-Z][\w ]{1,30}):\s?(.*)$"
)
_ERROR_WARNING = re.compile(r"\berror (?:4\d\d|5\d\d)\b|CAPTCHA|Too Many Requests", re.IGNORECASE)
_ERROR_TITLES = re.compile(
    r"^(?:just a moment|attention required|access denied|403 forbidden|404 not found|"
    r"429 too many requests|too many requests|are you a robot|security check|"
    r"page not found|error \d{3})\b",
    re.IGNORECASE,
)
_SKIP_LINK = re.compile(
    r"^(?:skip to (?:main )?(?:content|navigation|main)|jump to (?:content|navigation))$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^by\s+\S", re.IGNORECASE)
_MARKER = re.compile(r"^(?:• |\d+\. )")
_LONG = 80  # a paragraph this long is article text: menus sit outside such paragraphs


def looks_like_reader_markdown(text: str) -> bool:
    """A ``Title:`` or ``URL Source:`` header near the top and a ``Markdown Content:`` line."""
    head = text[:4096].lstrip("\ufeff")
    return head.startswith(("Title:", "URL Source:")) and "\nMarkdown Content:" in text[:65536]


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s.casefold()).strip()


def parse_markdown(text: str, path: str) -> FormatResult:
    """One record per reader dump; a plain markdown file also works (title = first heading)."""
    result = FormatResult("markdown")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    headers: dict[str, str] = {}
    warnings: list[str] = []
    dropped: list[Dropped] = []
    lines = text.split("\n")
    body_start = 0
    if looks_like_reader_markdown(text):
        for i, line in enumerate(lines):
            if line.startswith("Markdown Content:"):
                rest = line[len("Markdown Content:") :].strip()
                body_start = i + 1
                if rest:
                    lines.insert(i + 1, rest)
                break
            m = _HEADER.match(line)
            if m:
                key, value = m.group(1), m.group(2).strip()
                if key == "Warning":
                    warnings.append(value)
                    dropped.append(Dropped(i + 1, line, "reader warning"))
                elif key in ("Title", "URL Source", "Published Time", "Description"):
                    headers.setdefault(key, value)
                else:
                    dropped.append(Dropped(i + 1, line, "reader header"))
            elif line.strip():
                dropped.append(Dropped(i + 1, line, "reader header"))
    body_md = "\n".join(lines[body_start:])
    title = clean_text(headers.get("Title", ""))
    url = clean_text(headers.get("URL Source", ""))
    blocks, links, byline = _body(body_md, url, title, dropped)
    if not title:
        first = next((b for b in blocks if b.kind == "subhead"), None)
        if first is not None:
            title = first.text
            blocks = [b for b in blocks if b is not first]
    error = any(_ERROR_WARNING.search(w) for w in warnings) or bool(_ERROR_TITLES.match(title))
    kicker = ""
    if error:
        kicker = "Error page"
        why = next((w for w in warnings if _ERROR_WARNING.search(w)), title)
        result.warnings.append(f"the page is an error page, kept and flagged ({clean_text(why)})")
    result.articles.append(
        build_article(
            path=path,
            line=1,
            title=title,
            source=_host(url) or "unknown",
            blocks=blocks,
            url=url,
            published=parse_date(headers.get("Published Time")),
            byline=byline,
            dek=clean_text(headers.get("Description", "")),
            kicker=kicker,
            links=links,
            dropped=dropped,
        )
    )
    return result


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _body(
    md: str, url: str, title: str, dropped: list[Dropped]
) -> tuple[list[Block], list, tuple[str, ...]]:
    from markdown_it import MarkdownIt

    try:
        html = MarkdownIt("commonmark", {"html": False}).enable("table").render(md)
    except Exception:  # markdown-it on pathological nesting
        html = "<p>" + md.replace("<", "&lt;") + "</p>"
    body = html_to_blocks(html, url)
    blocks: list[Block] = []
    byline: tuple[str, ...] = ()
    link_texts = {k.text for k in body.links}
    ntitle = _norm(title)
    nshort = _norm(re.split(r"\s[|–—]\s|\s-\s", title)[0])  # without " | Site name"
    seen_long = False
    for b in body.blocks:
        nb = _norm(b.text)
        if _SKIP_LINK.match(b.text):
            dropped.append(Dropped(0, b.text, "navigation link"))
            continue
        if (
            ntitle
            and nb
            and not seen_long
            and (nb in (ntitle, nshort) or (ntitle.startswith(nb) and len(nb) > 12))
        ):
            dropped.append(Dropped(0, b.text, "repeated headline"))
            continue
        if not byline and not seen_long and _BYLINE.match(b.text) and len(b.text) < 150:
            byline = split_names(b.text)
            if byline:
                continue
        seen_long = seen_long or (b.kind == "paragraph" and len(b.text) >= _LONG)
        blocks.append(Block(b.kind, b.text, len(blocks) + 1))
    return _trim_link_edges(blocks, link_texts, dropped), body.links, byline


def _link_only(text: str, link_texts: set[str]) -> bool:
    """Whether a block is nothing but link texts (a menu entry, a "Read more" list)."""
    rest = _MARKER.sub("", text)
    for t in sorted((t for t in link_texts if t and t in rest), key=len, reverse=True):
        rest = rest.replace(t, " ")
    return not re.sub(r"[\s|·•,;:/>»›-]+", "", rest)


def _trim_link_edges(
    blocks: list[Block], link_texts: set[str], dropped: list[Dropped]
) -> list[Block]:
    """Menus and link lists before the first and after the last long paragraph go to
    ``dropped``; links inside the article stay."""
    longs = [i for i, b in enumerate(blocks) if b.kind == "paragraph" and len(b.text) >= _LONG]
    if not longs:
        return blocks
    first, last = longs[0], longs[-1]
    kept: list[Block] = []
    for i, b in enumerate(blocks):
        if (i < first or i > last) and _link_only(b.text, link_texts):
            dropped.append(Dropped(0, b.text, "navigation link"))
        else:
            kept.append(Block(b.kind, b.text, len(kept) + 1))
    while kept and kept[-1].kind == "subhead":  # a heading left with nothing under it
        dropped.append(Dropped(0, kept.pop().text, "page furniture"))
    return kept
