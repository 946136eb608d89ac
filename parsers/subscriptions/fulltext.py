"""Full text for summary-only feeds: fetch the article's page, keep its main text.

The page comes through the same polite :class:`~parsers.subscriptions.fetch.Fetcher`
as the feeds (User-Agent, per-origin spacing, Retry-After, size and time caps);
its text is decoded and run through the sanitiser (:mod:`parsers.sanitize`)
before trafilatura (the ``html`` extra, :mod:`parsers.formats.html_page`)
extracts the main text, so no escape sequence's payload survives as text. The
text is kept in the library (user data) beside the feed's record; failures are
one-line messages, never exceptions.
"""

from __future__ import annotations

import asyncio
import codecs
from collections.abc import Sequence
from dataclasses import dataclass

from parsers import sanitize
from parsers.files import InputError, decode_bytes
from parsers.model import Article, Block
from parsers.subscriptions.fetch import Fetcher, FetchOptions
from parsers.subscriptions.library import Entry, Library

__all__ = [
    "INSTALL_HINT",
    "FullTextError",
    "FullTextOutcome",
    "available",
    "extract_text",
    "fetch_entry",
    "full_text",
]

INSTALL_HINT = "full text needs the 'html' extra: pip install 'newsdesk[html]'"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


def available() -> bool:
    """Whether the extractor (trafilatura, the ``html`` extra) is installed."""
    import importlib.util

    return importlib.util.find_spec("trafilatura") is not None


class FullTextError(Exception):
    """The page gave no article text; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class FullTextOutcome:
    """The article with its full text in, or the reason there is none."""

    article: Article | None
    error: str = ""


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return ""


def page_text(body: bytes, url: str, content_type: str = "") -> str:
    """The page as sanitised text (the declared charset, else UTF-8 / cp1252)."""
    charset = _charset(content_type)
    if charset:
        try:
            if codecs.lookup(charset).name != "utf-8":
                return sanitize.clean(body.decode(charset, "replace"))
        except LookupError:
            pass
    try:
        return sanitize.clean(decode_bytes(body, url).text)
    except InputError as exc:
        raise FullTextError(f"not a web page ({exc.reason})") from None


def extract_text(body: bytes, url: str, content_type: str = "") -> tuple[Block, ...]:
    """The main text of an article page as blocks; raises :class:`FullTextError`."""
    kind = content_type.split(";")[0].strip().lower()
    if kind not in _HTML_TYPES:
        raise FullTextError(f"not a web page (the server sent {sanitize.visible(kind)[:60]})")
    text = page_text(body, url, content_type)
    try:
        import trafilatura  # noqa: F401  (the optional extra)
    except ImportError:
        raise FullTextError(INSTALL_HINT) from None
    from parsers.formats.html_page import parse_html

    result = parse_html(text.encode("utf-8"), url)
    blocks = tuple(b for a in result.articles for b in a.blocks)
    if not blocks:
        reason = result.warnings[0] if result.warnings else "no article text found on the page"
        raise FullTextError(sanitize.visible(reason)[:160])
    return blocks


async def fetch_entry(fetcher: Fetcher, library: Library, entry: Entry) -> FullTextOutcome:
    """Fetch ``entry``'s page, extract and keep its text. A lasting failure (a 4xx,
    a page with no article text) is kept too, so a refresh does not ask again; a
    passing one (a timeout, a 5xx, a 429, the extractor not installed) is not.
    Library calls stay on the calling thread."""
    url = entry.article.url
    res = await fetcher.fetch(url, accept=PAGE_ACCEPT)
    error = res.error
    lasting = 400 <= res.status < 500 and res.status not in (408, 429)
    blocks: Sequence[Block] = ()
    if not error:
        try:
            blocks = await asyncio.to_thread(extract_text, res.body, res.final_url or url,
                                             res.content_type)  # fmt: skip
        except FullTextError as exc:
            error = str(exc)
            lasting = error != INSTALL_HINT
    if error and not lasting:
        return FullTextOutcome(None, error)
    article = library.save_full_text(entry.sub_id, entry.key, url, blocks, error)
    if error:
        return FullTextOutcome(None, error)
    if article is None:
        return FullTextOutcome(None, "the article left the library meanwhile")
    return FullTextOutcome(article)


def full_text(
    library: Library, article_id: str, options: FetchOptions | None = None
) -> FullTextOutcome:
    """Fetch the full text of the stored article ``article_id`` now (blocking)."""
    entry = library.entry(article_id)
    if entry is None:
        return FullTextOutcome(None, "this article is not from a subscription (not in the library)")
    if not entry.article.url:
        return FullTextOutcome(None, "this article has no link to fetch its page from")

    async def run() -> FullTextOutcome:
        async with Fetcher(options or FetchOptions()) as fetcher:
            return await fetch_entry(fetcher, library, entry)

    return asyncio.run(run())
