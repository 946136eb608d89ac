"""Refresh subscriptions: fetch them politely, parse what changed, merge into the library.

Each feed ends in one :class:`FeedReport` (new articles, not modified, or its
error); a failing feed keeps its articles and never stops the others. For a
subscription with ``full_text``, the pages of its new articles are fetched
through the same fetcher (so the same politeness) and their text kept. Runs
its own event loop (``refresh``) or inside one (``refresh_async``); the library
is only touched from the calling thread.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import httpx

from parsers.model import Article
from parsers.subscriptions.feeds import FeedError, ParsedFeed, parse_feed
from parsers.subscriptions.fetch import Fetcher, FetchOptions, FetchResult, HostGate
from parsers.subscriptions.fulltext import INSTALL_HINT, available, fetch_entry
from parsers.subscriptions.library import Library, Subscription

__all__ = ["FeedReport", "refresh", "refresh_async"]

Outcome = Literal["updated", "not-modified", "error", "skipped"]


@dataclass(frozen=True, slots=True)
class FeedReport:
    """How one subscription's refresh went."""

    sub_id: int
    name: str
    url: str
    outcome: Outcome
    new: int = 0
    updated: int = 0
    error: str = ""
    moved_to: str = ""
    warning: str = ""
    #: The feed an HTML page served in place of the feed announces, if any.
    feed_link: str = ""
    #: The new articles themselves (``new`` of them).
    added: tuple[Article, ...] = field(default=(), repr=False)
    #: The edited ones (``updated`` of them), under the ids they already had.
    changed: tuple[Article, ...] = field(default=(), repr=False)
    #: Pages fetched for their full text, and how many of those failed.
    full_texts: int = 0
    full_text_errors: int = 0

    def summary(self) -> str:
        """One line for the terminal: ``name: 3 new`` / ``not modified`` / the error."""
        if self.outcome == "updated":
            text = f"{self.new} new" + (f", {self.updated} updated" if self.updated else "")
            if self.full_texts:
                text += f", {self.full_texts} full text{'s' if self.full_texts != 1 else ''}"
            if self.full_text_errors:
                n = self.full_text_errors
                text += f" ({n} page{'s' if n != 1 else ''} failed)"
        elif self.outcome == "not-modified":
            text = "not modified"
        elif self.outcome == "skipped":
            text = self.error
        else:
            text = f"error: {self.error}"
        if self.moved_to:
            text += f" (moved permanently; now {self.moved_to})"
        if self.warning:
            text += f" (warning: {self.warning})"
        return f"{self.name}: {text}"


def _interleave(subs: Sequence[Subscription]) -> list[Subscription]:
    """Round-robin by origin, so one busy host never holds every fetch slot."""
    by_origin: dict[str, list[Subscription]] = defaultdict(list)
    for s in subs:
        by_origin[HostGate.origin(s.url)].append(s)
    queues = list(by_origin.values())
    out: list[Subscription] = []
    while queues:
        out.extend(q.pop(0) for q in queues)
        queues = [q for q in queues if q]
    return out


@dataclass(frozen=True, slots=True)
class _Parsed:
    digest: str = ""
    unchanged: bool = False
    feed: ParsedFeed | None = None
    error: str = ""
    feed_link: str = ""


def _parse(sub: Subscription, res: FetchResult) -> _Parsed:
    """The CPU part of a fetch (hash, parse): pure, so it can run off the event loop."""
    if res.error or res.not_modified:
        return _Parsed()
    digest = hashlib.blake2b(res.body, digest_size=16).hexdigest()
    if digest == sub.body_hash and sub.status != "error":
        # No validators from the server, but the same bytes as last time: nothing to parse.
        return _Parsed(digest, unchanged=True)
    try:
        feed = parse_feed(res.body, res.final_url or sub.url, res.content_type)
    except FeedError as exc:
        return _Parsed(digest, error=str(exc), feed_link=exc.feed_link)
    return _Parsed(digest, feed=feed)


def _apply(library: Library, sub: Subscription, res: FetchResult, parsed: _Parsed) -> FeedReport:
    """Merge one fetch into the library (only ever from the library's thread)."""
    moved = ""
    if res.moved_to and library.move(sub.id, res.moved_to):
        moved = res.moved_to

    def report(outcome: Outcome, name: str = sub.display_name, **more: Any) -> FeedReport:
        return FeedReport(sub.id, name, moved or sub.url, outcome, moved_to=moved, **more)

    if res.skipped:
        return report("skipped", error=res.error)
    error = res.error or parsed.error
    if error:
        library.record_error(sub.id, error, res.retry_at)
        return report("error", error=error, feed_link=parsed.feed_link)
    if res.not_modified or parsed.unchanged:
        library.record_not_modified(sub.id, res.etag or None, res.last_modified or None)
        return report("not-modified")
    feed = parsed.feed
    assert feed is not None
    stored = library.store(
        sub.id,
        feed.items,
        title=feed.title,
        site_url=feed.site_url,
        etag=res.etag,
        last_modified=res.last_modified,
        body_hash=parsed.digest,
    )
    name = sub.name or feed.title or sub.display_name
    return report(
        "updated",
        name,
        new=stored.new,
        updated=stored.updated,
        warning=feed.warning,
        added=stored.added,
        changed=stored.changed,
    )


#: Pages fetched for their full text per subscription and refresh (the rest wait for
#: the next one: a new feed of 100 items should not mean 100 requests to one site).
FULL_TEXT_LIMIT = 25


async def _full_texts(fetcher: Fetcher, library: Library, report: FeedReport) -> FeedReport:
    """Fetch the pages of a full-text feed's articles that have no text yet."""
    entries = library.without_full_text(report.sub_id)[:FULL_TEXT_LIMIT]
    if not entries:
        return report
    if not available():  # said once per feed; the pages wait until it is installed
        return replace(report, warning="; ".join(w for w in (report.warning, INSTALL_HINT) if w))
    outcomes = await asyncio.gather(*(fetch_entry(fetcher, library, e) for e in entries))
    texts = {o.article.id: o.article for o in outcomes if o.article is not None}
    return replace(
        report,
        added=tuple(texts.get(a.id, a) for a in report.added),
        changed=tuple(texts.get(a.id, a) for a in report.changed),
        full_texts=len(texts),
        full_text_errors=len(outcomes) - len(texts),
    )


async def refresh_async(
    library: Library,
    subs: Sequence[Subscription] | None = None,
    *,
    options: FetchOptions | None = None,
    on_report: Callable[[FeedReport], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    now: Callable[[], float] = time.time,
) -> list[FeedReport]:
    """Refresh ``subs`` (default: all); reports come in completion order."""
    subs = library.subscriptions() if subs is None else list(subs)
    reports: list[FeedReport] = []

    def done(report: FeedReport) -> None:
        reports.append(report)
        if on_report is not None:
            on_report(report)

    due: list[Subscription] = []
    for sub in subs:
        if sub.retry_at and sub.retry_at > now():
            when = time.strftime("%H:%M", time.localtime(sub.retry_at))
            done(FeedReport(sub.id, sub.display_name, sub.url, "skipped",
                            error=f"skipped: the server asked to wait until {when}"))  # fmt: skip
        else:
            due.append(sub)

    async with Fetcher(options or FetchOptions(), transport=transport) as fetcher:

        async def one(sub: Subscription) -> tuple[Subscription, FetchResult]:
            return sub, await fetcher.fetch(sub.url, sub.etag, sub.last_modified)

        async def pages(report: FeedReport) -> None:
            done(await _full_texts(fetcher, library, report))

        tasks = [asyncio.ensure_future(one(s)) for s in _interleave(due)]
        later: list[asyncio.Future[None]] = []
        try:
            for next_done in asyncio.as_completed(tasks):
                sub, res = await next_done
                # Parsing is CPU work: off the loop, so other downloads keep going.
                parsed = await asyncio.to_thread(_parse, sub, res)
                report = _apply(library, sub, res, parsed)
                if sub.full_text and report.outcome in ("updated", "not-modified"):
                    later.append(asyncio.ensure_future(pages(report)))
                else:
                    done(report)
            if later:
                await asyncio.gather(*later)
        finally:
            for t in tasks:
                t.cancel()
            for page in later:
                page.cancel()
    return reports


def refresh(
    library: Library,
    subs: Sequence[Subscription] | None = None,
    *,
    options: FetchOptions | None = None,
    on_report: Callable[[FeedReport], None] | None = None,
) -> list[FeedReport]:
    """Blocking :func:`refresh_async` with its own event loop (CLI, worker threads)."""
    return asyncio.run(refresh_async(library, subs, options=options, on_report=on_report))
