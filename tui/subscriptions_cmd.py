"""``newsdesk subscribe/unsubscribe/subscriptions/refresh/import-opml/export-opml``.

Thin commands over :mod:`parsers.subscriptions`. Everything printed from a feed
or a URL is data: shown as plain text, with control characters escaped so a
hostile feed title cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from parsers.subscriptions import FeedReport, FetchOptions, Library, Subscription

__all__ = ["COMMANDS", "library_paths", "main"]

_BIDI = re.compile("[\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """``text`` safe for a terminal: control and bidi-override characters shown as escapes."""
    from parsers.sanitize import visible

    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", visible(text))


def _err(message: str) -> int:
    print(f"newsdesk: error: {plain(message)}", file=sys.stderr)
    return 1


def _open_library() -> Library:
    from parsers.subscriptions import Library, library_path

    return Library(library_path())


def _normalise_url(url: str) -> str | None:
    from urllib.parse import urlsplit

    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _resolve(library: Library, refs: Sequence[str]) -> list[Subscription] | str:
    """The subscriptions ``refs`` name, or the error message for the first bad one."""
    found: dict[int, Subscription] = {}
    for ref in refs:
        subs = library.find(ref)
        if not subs:
            return f"no subscription with URL or name {ref!r}"
        if len(subs) > 1:
            urls = ", ".join(s.url for s in subs)
            return f"{ref!r} names {len(subs)} subscriptions ({urls}); use the URL"
        found.setdefault(subs[0].id, subs[0])
    return list(found.values())


def _print_report(report: FeedReport, out: TextIO) -> None:
    print(plain(report.summary()), file=out, flush=True)


#: Fetch limits for the commands (tests shorten them).
OPTIONS: FetchOptions | None = None


def _refresh(library: Library, subs: Sequence[Subscription], jobs: int | None) -> list[FeedReport]:
    from dataclasses import replace

    from parsers.subscriptions import FetchOptions, refresh

    options = OPTIONS or FetchOptions()
    if jobs:
        options = replace(options, max_concurrency=jobs)
    return refresh(library, subs, options=options, on_report=lambda r: _print_report(r, sys.stdout))


# -- commands -----------------------------------------------------------------


def _subscribe(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="newsdesk subscribe", description="Follow a feed (RSS, Atom, RDF) by its URL."
    )
    ap.add_argument("url", metavar="URL")
    ap.add_argument("--name", default="", help="a name to show instead of the feed's title")
    ap.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    ap.add_argument("--no-fetch", action="store_true", help="do not fetch the feed now")
    ap.add_argument(
        "--full-text",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="for summary-only feeds: fetch each new article's page and keep its main "
        "text (needs the 'html' extra); --no-full-text turns it off again",
    )
    args = ap.parse_args(argv)
    url = _normalise_url(args.url)
    if url is None:
        return _err(f"not an http(s) URL: {args.url}")
    tags = [t.strip() for t in args.tag if t.strip()]
    with _open_library() as library:
        sub, created = library.add(url, args.name.strip(), tags)
        toggled = args.full_text is not None and args.full_text != sub.full_text
        if toggled:
            library.set_full_text(sub.id, args.full_text)
            sub = library.get(sub.id) or sub
        verb = "subscribed to" if created else "already subscribed to"
        shown = sub.url if sub.display_name == sub.url else f"{sub.display_name} ({sub.url})"
        print(plain(f"{verb} {shown}"))
        if toggled and not created:
            print(f"full text: {'on' if sub.full_text else 'off'}")
        if sub.full_text:
            from parsers.subscriptions.fulltext import INSTALL_HINT, available

            if not available():
                print(f"newsdesk: warning: {INSTALL_HINT}", file=sys.stderr)
        if args.no_fetch:
            return 0
        reports = _refresh(library, [sub], None)
        found = reports[0].feed_link if reports else ""
        if created and found and not library.by_url(found):
            # The URL was a web page announcing its feed: follow that instead.
            library.move(sub.id, found)
            print(plain(f"following the page's feed instead: {found}"))
            moved = library.get(sub.id)
            reports = _refresh(library, [moved] if moved else [], None)
        return 0 if all(r.outcome != "error" for r in reports) else 1


def _unsubscribe(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="newsdesk unsubscribe",
        description="Stop following a feed; its stored articles are removed with it.",
    )
    ap.add_argument("ref", metavar="URL|NAME")
    args = ap.parse_args(argv)
    with _open_library() as library:
        subs = _resolve(library, [args.ref])
        if isinstance(subs, str):
            return _err(subs)
        sub = subs[0]
        removed = library.remove(sub.id)
    print(plain(f"unsubscribed from {sub.display_name} ({sub.url}); {removed} articles removed"))
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp)) if stamp else "never"


def _status(sub: Subscription) -> str:
    if sub.status == "error":
        return f"error: {sub.error}"
    return {"new": "not fetched yet", "not-modified": "ok (not modified)"}.get(sub.status, "ok")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _subscriptions(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="newsdesk subscriptions",
        description="List subscriptions and how their last fetch went.",
    )
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    args = ap.parse_args(argv)
    with _open_library() as library:
        subs = library.subscriptions()
    if args.json:
        rows: list[dict[str, Any]] = [
            {"name": s.display_name, "url": s.url, "tags": list(s.tags),
             "last_fetched": s.last_fetched, "status": s.status, "error": s.error,
             "articles": s.article_count, "full_text": s.full_text}
            for s in subs
        ]  # fmt: skip
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not subs:
        print("no subscriptions yet: newsdesk subscribe URL, or newsdesk import-opml FILE")
        return 0
    header = ("NAME", "URL", "TAGS", "LAST FETCHED", "STATUS", "ARTICLES")
    table = [
        (
            _clip(plain(s.display_name), 32),
            _clip(plain(s.url), 56),
            _clip(plain(", ".join([*s.tags, *(["(full text)"] if s.full_text else [])])), 24),
            _when(s.last_fetched),
            _clip(plain(_status(s)), 60),
            str(s.article_count),
        )
        for s in subs
    ]
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    for row in [header, *table]:
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths[:-1], strict=True)]
        print("  ".join([*cells, row[-1].rjust(widths[-1])]).rstrip())
    return 0


def _refresh_command(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="newsdesk refresh",
        description="Fetch subscriptions now (all, or those named) and store new articles.",
    )
    ap.add_argument("refs", nargs="*", metavar="NAME|URL")
    ap.add_argument("--jobs", type=int, default=None, help="parallel fetches (default 8)")
    args = ap.parse_args(argv)
    with _open_library() as library:
        subs = _resolve(library, args.refs) if args.refs else library.subscriptions()
        if isinstance(subs, str):
            return _err(subs)
        if not subs:
            print("no subscriptions yet: newsdesk subscribe URL, or newsdesk import-opml FILE")
            return 0
        reports = _refresh(library, subs, args.jobs)
    new = sum(r.new for r in reports)
    errors = sum(r.outcome == "error" for r in reports)
    print(
        f"{_count(len(reports), 'feed')} refreshed: {_count(new, 'new article')}, "
        f"{_count(errors, 'error')}"
    )
    return 1 if errors else 0


def _import_opml(argv: Sequence[str]) -> int:
    from parsers.subscriptions import OpmlError, read_opml

    ap = argparse.ArgumentParser(
        prog="newsdesk import-opml",
        description="Subscribe to every feed of an OPML file (folders become tags).",
    )
    ap.add_argument("file", metavar="FILE", help="an OPML file, or - for stdin")
    args = ap.parse_args(argv)
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        return _err(f"{args.file}: {exc.strerror or exc}")
    try:
        feeds = read_opml(data)
    except OpmlError as exc:
        return _err(f"{args.file}: {exc}")
    added = 0
    with _open_library() as library:
        for feed in feeds:
            sub, created = library.add(feed.url, feed.name, feed.tags)
            if feed.full_text and not sub.full_text:
                library.set_full_text(sub.id, True)
            added += created
    print(f"imported {len(feeds)} feeds: {added} new, {len(feeds) - added} already subscribed")
    if added:
        print("run 'newsdesk refresh' to fetch them")
    return 0


def _export_opml(argv: Sequence[str]) -> int:
    from parsers.subscriptions import write_opml

    ap = argparse.ArgumentParser(
        prog="newsdesk export-opml", description="Write the subscriptions as OPML 2.0."
    )
    ap.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    args = ap.parse_args(argv)
    with _open_library() as library:
        text = write_opml(library.subscriptions())
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            return _err(f"{args.output}: {exc.strerror or exc}")
    else:
        sys.stdout.write(text)
    return 0


def library_paths() -> list[str]:
    """What ``newsdesk`` with no PATH opens: the library's folder of feeds, or nothing
    (then the bundled sample) while it is empty or cannot be read (said on stderr)."""
    from parsers.subscriptions import LibraryError, library_path
    from parsers.subscriptions.library import Library
    from parsers.subscriptions.snapshot import write_snapshot

    path = library_path()
    if not path.exists():
        return []
    try:
        with Library(path) as library:
            folder = write_snapshot(library)
    except (LibraryError, OSError) as exc:
        print(f"newsdesk: warning: library not opened: {plain(str(exc))}", file=sys.stderr)
        return []
    return [str(folder)] if folder else []


_HANDLERS: dict[str, Callable[[Sequence[str]], int]] = {
    "subscribe": _subscribe,
    "unsubscribe": _unsubscribe,
    "subscriptions": _subscriptions,
    "refresh": _refresh_command,
    "import-opml": _import_opml,
    "export-opml": _export_opml,
}
COMMANDS: tuple[str, ...] = tuple(_HANDLERS)


def main(command: str, argv: Sequence[str]) -> int:
    """Run one subscriptions subcommand; library problems are one-line errors."""
    from parsers.subscriptions import LibraryError

    try:
        return _HANDLERS[command](argv)
    except LibraryError as exc:
        return _err(str(exc))
