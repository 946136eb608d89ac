"""``newsdesk stories [--json] [--all] [--filter Q] [--no-cache] PATH...``.

Loads the files like the app (through the cache) and prints the stories: articles
about the same event from several sources or days (``parsers.stories``), each with its
id (for ``story:ID`` in the query grammar) and its articles' titles, sources and dates,
largest story first. Single-article stories are left out unless ``--all``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from parsers.corpus.index import Corpus
from parsers.corpus.query import FilterState, QueryError, parse_query
from parsers.sanitize import escape_json_controls, visible

__all__ = ["Story", "build_parser", "collect", "run"]


@dataclass(frozen=True, slots=True)
class Story:
    """One story as printed: its id and its articles (oldest first)."""

    id: str
    articles: list[dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "size": len(self.articles), "articles": self.articles}


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="newsdesk stories",
        description=(
            "Print the stories of the corpus: articles about the same event from different "
            "sources or days, grouped. Each story's id works as story:ID in the query grammar."
        ),
    )
    ap.add_argument("paths", nargs="*", metavar="PATH", help="default: the library")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--all", action="store_true", help="also stories of a single article")
    ap.add_argument(
        "--filter", metavar="QUERY", default=None, help="only stories with an article matching it"
    )
    ap.add_argument("--no-cache", action="store_true", help="bypass the on-disk cache")
    return ap


def collect(corpus: Corpus, state: FilterState | None = None, singles: bool = False) -> list[Story]:
    """The corpus's stories (those with an article matching ``state``), largest first,
    then newest first."""
    labels = corpus.story_labels()
    if not len(labels):
        return []
    wanted = np.unique(labels)
    if state is not None and not state.is_empty:
        rows = corpus.query(state).rows.array
        wanted = np.unique(labels[rows])
    sizes = np.bincount(labels, minlength=len(labels))
    if not singles:
        wanted = wanted[sizes[wanted] > 1]
    out = []
    for label in wanted.tolist():
        members = corpus.story_rows(label)
        heads = corpus.headlines(members)
        arts = [
            {"id": h.id, "title": h.title, "source": h.source, "date": h.date_text} for h in heads
        ]
        out.append((len(members), max(h.when for h in heads), Story(corpus.story_id(label), arts)))
    out.sort(key=lambda x: (-x[0], -x[1], x[2].id))
    return [s for _, _, s in out]


def _print_table(stories: list[Story], n_articles: int) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    grouped = sum(len(s.articles) for s in stories)
    table = Table(
        title=f"{len(stories)} {'story' if len(stories) == 1 else 'stories'}"
        f" ({grouped} of {n_articles} articles)",
        title_justify="left",
    )
    table.add_column("Story")
    table.add_column("Date")
    table.add_column("Source")
    table.add_column("Title", overflow="fold")
    for s in stories:
        for i, a in enumerate(s.articles):
            table.add_row(  # data as Text, never as markup
                Text(f"{s.id} (+{len(s.articles) - 1})" if i == 0 else ""),
                Text(visible(a["date"])),
                Text(visible(a["source"])),
                Text(visible(a["title"])),
                end_section=i == len(s.articles) - 1,
            )
    Console().print(table)


def run(argv: Sequence[str]) -> int:
    """``newsdesk stories``; returns the exit status."""
    ap = build_parser()
    args = ap.parse_args(argv)
    state = None
    if args.filter:
        try:
            state = parse_query(args.filter)
        except QueryError as exc:
            print(f"newsdesk stories: error: --filter: {visible(str(exc))}", file=sys.stderr)
            return 2
    if args.no_cache:
        from parsers.store.location import NO_CACHE_ENV

        os.environ[NO_CACHE_ENV] = "1"
    paths = args.paths
    if not paths:  # the subscriptions library
        from tui.subscriptions_cmd import library_paths

        paths = library_paths()
        if not paths:
            ap.error("no PATH given and the subscriptions library is empty")
    from parsers.pipeline import load_paths

    result = load_paths(paths, use_cache=not args.no_cache)
    status = 0
    for err in result.errors:
        print(f"newsdesk stories: error: {visible(str(err))}", file=sys.stderr)
        status = 1
    for w in result.warnings:
        print(f"newsdesk stories: warning: {visible(w)}", file=sys.stderr)
    corpus = result.corpus
    stories = collect(corpus, state, args.all)
    if args.json:
        dumped = json.dumps([s.to_dict() for s in stories], ensure_ascii=False, indent=1)
        sys.stdout.write(escape_json_controls(dumped) + "\n")
        sys.stdout.flush()
    else:
        _print_table(stories, len(corpus))
    return status
