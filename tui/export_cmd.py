"""``newsdesk export [--filter Q] [--view NAME] --format jsonl|csv|md [-o FILE] PATH...``.

Loads the dumps (through the cache, like the app), applies a saved view and/or
a filter query (both: their terms AND together; ``is:unread`` / ``is:starred``
read the user's state store) and writes the result in the view's sort order
(``--sort`` overrides it), to FILE (atomically) or stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence

from parsers.corpus.index import SORTS
from parsers.corpus.query import FilterState, QueryError, parse_query
from parsers.export import FORMATS, write, write_file
from parsers.model import Article
from parsers.sanitize import visible

__all__ = ["build_parser", "combine", "run"]


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="newsdesk export",
        description=(
            "Write the articles matching a filter or saved view as JSON Lines (the records "
            "'newsdesk parse' writes), CSV (one row per article, entity columns ';'-joined) "
            "or a Markdown digest."
        ),
    )
    ap.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories (default: the library)"
    )
    ap.add_argument("--filter", metavar="QUERY", default=None, help="filter query (query grammar)")
    ap.add_argument("--view", metavar="NAME", default=None, help="a saved view (from the app)")
    from tui.cli import add_input_format, output_format

    ap.add_argument(
        "--format",
        "--to",
        dest="format",
        type=output_format(tuple(FORMATS), "export"),
        required=True,
        metavar="{" + ",".join(FORMATS) + "}",
        help="output format",
    )
    add_input_format(ap, as_format=False)
    ap.add_argument("-o", "--output", metavar="FILE", default=None, help="default: stdout")
    ap.add_argument("--sort", choices=SORTS, default=None, help="default: the view's, or newest")
    ap.add_argument("--no-cache", action="store_true", help="bypass the on-disk cache")
    return ap


def combine(a: FilterState, b: FilterState) -> FilterState:
    """Both filters at once: terms ANDed, OR kinds of both kept."""
    state = a
    for t in b.terms:
        state = state.with_term(t)
    return FilterState(state.terms, a.or_kinds | b.or_kinds)


def _error(msg: str) -> None:
    print(f"newsdesk export: error: {visible(msg)}", file=sys.stderr)


def _warn(msg: str) -> None:
    print(f"newsdesk export: warning: {visible(msg)}", file=sys.stderr)


def run(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    from parsers.state import StateStore

    store = StateStore()
    try:
        if store.notice:
            _warn(store.notice)
        state = FilterState()
        sort = "newest"
        title_parts: list[str] = []
        if args.view is not None:
            view = store.view(args.view)
            if view is None:
                names = ", ".join(v.name for v in store.views()) or "none saved yet"
                _error(f"no saved view named {args.view!r} (views: {names})")
                return 2
            try:
                state = parse_query(view.query)
            except QueryError as exc:
                _error(f"view {view.name!r}: {exc}")
                return 2
            sort = view.sort
            title_parts.append(view.name)
        if args.filter:
            try:
                state = combine(state, parse_query(args.filter))
            except QueryError as exc:
                _error(f"--filter: {exc}")
                return 2
            title_parts.append(args.filter)
        sort = args.sort or sort
        return _export(args, store, state, sort, " · ".join(title_parts))
    finally:
        store.close()


def _export(
    args: argparse.Namespace, store: object, state: FilterState, sort: str, title: str
) -> int:
    from parsers.pipeline import load_paths

    if args.no_cache:  # the parse workers and the gazetteer pickle see it too
        from parsers.store.location import NO_CACHE_ENV

        os.environ[NO_CACHE_ENV] = "1"
    paths = args.paths
    if not paths:  # the subscriptions library
        from tui.subscriptions_cmd import library_paths

        paths = library_paths()
        if not paths:
            _error("no PATH given and the subscriptions library is empty")
            return 2
    from tui.cli import forcing_format

    with forcing_format(args.input_format):
        result = load_paths(paths, use_cache=not args.no_cache and not args.input_format)
    status = 0
    for err in result.errors:
        _error(str(err))
        status = 1
    for warning in result.warnings:
        _warn(warning)
    corpus = result.corpus
    corpus.set_marks(store)  # type: ignore[arg-type]
    if any(t.field in ("feed", "tag") for t in state.terms):  # the library's membership
        from parsers.subscriptions.library import read_feed_map

        corpus.set_feeds(read_feed_map())
    res = corpus.query(state, sort)
    rows = res.rows
    for t in res.unresolved:
        _warn(f"{t.to_query()} matches no entity")

    def articles() -> Iterator[Article]:
        for r in rows:
            yield corpus.article(r)

    heading = f"newsdesk: {title}" if title else ""
    try:
        if args.output and args.output != "-":
            n = write_file(args.format, articles(), args.output, heading)
            where = args.output
        else:
            n = write(args.format, articles(), sys.stdout, heading)
            sys.stdout.flush()
            where = "stdout"
    except BrokenPipeError:
        sys.stderr.close()
        return status
    except OSError as exc:
        _error(f"cannot write {args.output}: {exc.strerror or exc}")
        return 1
    noun = "article" if n == 1 else "articles"
    print(f"newsdesk export: {n} {noun} of {len(corpus)} to {visible(where)}", file=sys.stderr)
    return status
