"""Refreshing subscriptions from the running app (``ctrl+r``).

The main screen owns one :class:`FeedRefresher`. Its thread worker refreshes
the library (:func:`parsers.subscriptions.refresh`), posting a
:class:`FeedsProgress` per feed, extracts the entities of the new and the
edited articles and posts one :class:`FeedsRefreshed`; the screen then adds the
new ones to the corpus it shows and replaces the edited ones in their rows (an
edited entry keeps its article id), so the filter, the cursor and the open
article stay where they were. The next start of ``newsdesk`` reads them
through the library snapshot and the cache as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from parsers.model import Article
from parsers.sanitize import visible

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

__all__ = ["FeedRefresher", "FeedsProgress", "FeedsRefreshed", "refresh_feeds", "summary_line"]


@dataclass
class FeedsProgress(Message):
    """One more feed done."""

    done: int
    total: int
    new: int
    errors: int


@dataclass
class FeedsRefreshed(Message):
    """The refresh ended: the new articles and the edited ones (entities extracted),
    and what went wrong."""

    articles: list[Article]
    feeds: int
    errors: list[str] = field(default_factory=list)
    problem: str = ""  # the library could not be used at all
    changed: list[Article] = field(default_factory=list)

    @property
    def updated(self) -> int:
        return len(self.changed)


def summary_line(feeds: int, new: int, errors: int, updated: int = 0) -> str:
    """``12 feeds refreshed · 5 new articles · 2 updated · 1 error``."""
    line = f"{feeds} feed{'s' if feeds != 1 else ''} refreshed · {new} new article"
    line += "s" if new != 1 else ""
    if updated:
        line += f" · {updated} updated"
    if errors:
        line += f" · {errors} error{'s' if errors != 1 else ''}"
    return line


def refresh_feeds(post: Callable[[Message], object]) -> None:
    """The worker's body: refresh every subscription, reporting with ``post``."""
    from parsers.pipeline import extract_entities
    from parsers.subscriptions import Library, LibraryError, library_path, refresh

    try:
        with Library(library_path()) as library:
            subs = library.subscriptions()
            if not subs:
                post(FeedsRefreshed([], 0, problem="no subscriptions: newsdesk subscribe URL"))
                return
            counts = {"done": 0, "new": 0, "errors": 0}
            errors: list[str] = []
            added: list[Article] = []
            changed: list[Article] = []

            def on_report(report: object) -> None:
                from parsers.subscriptions import FeedReport

                assert isinstance(report, FeedReport)
                counts["done"] += 1
                counts["new"] += report.new
                added.extend(report.added)
                changed.extend(report.changed)
                if report.outcome == "error":
                    counts["errors"] += 1
                    errors.append(visible(report.summary()))
                post(FeedsProgress(counts["done"], len(subs), counts["new"], counts["errors"]))

            refresh(library, subs, on_report=on_report)
    except (LibraryError, OSError) as exc:
        post(FeedsRefreshed([], 0, problem=visible(str(exc))))
        return
    post(
        FeedsRefreshed(
            [extract_entities(a) for a in added],
            len(subs),
            errors,
            changed=[extract_entities(a) for a in changed],
        )
    )


class FeedRefresher:
    """Runs ``ctrl+r`` for the main screen; ``running`` while a refresh is on."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.running = False

    def start(self) -> None:
        if self.running:
            self.screen.notify("already refreshing", timeout=3, markup=False)
            return
        self.running = True
        screen = self.screen
        screen.load_bar.show(0, 1, Text("refreshing feeds…"))
        screen.load_bar.display = True
        screen.run_worker(
            lambda: refresh_feeds(screen.post_message),
            name="refresh_feeds",
            group="feeds",
            exclusive=True,
            exit_on_error=False,
            thread=True,
        )

    def progress(self, message: FeedsProgress) -> None:
        line = f"refreshing {message.done}/{message.total} feeds · {message.new} new"
        if message.errors:
            line += f" · {message.errors} failed"
        self.screen.load_bar.show(message.done, message.total, Text(line))

    def finished(self, message: FeedsRefreshed) -> None:
        screen = self.screen
        self.running = False
        screen.load_bar.display = False
        if message.problem:
            screen.notify(message.problem, severity="warning", timeout=6, markup=False)
            return
        if message.articles or message.changed:
            corpus = screen.corpus
            corpus.add([*message.articles, *message.changed])
            screen.headlines.clear_cache()  # an edited title repaints in its row
            screen.refresh_result()
            open_row = screen.reader.row
            edited = {a.id for a in message.changed}
            if open_row is not None and corpus.ids_of((open_row,))[0] in edited:
                screen.reading.show(open_row, keep_scroll=True)
        line = summary_line(
            message.feeds, len(message.articles), len(message.errors), message.updated
        )
        screen.notify(line, severity="error" if message.errors else "information", markup=False)
        for error in message.errors[:3]:
            screen.notify(error, severity="error", timeout=8, markup=False)
