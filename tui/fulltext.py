"""``F`` in the app: the full text of an article from a summary-only feed.

The main screen owns one :class:`FullTextFetcher`. Its thread worker looks the
article up in the subscriptions library, fetches its page politely
(:func:`parsers.subscriptions.fulltext.full_text`), extracts the entities of the
new text and posts one :class:`FullTextDone`; the screen then replaces the
article's row in the corpus (same row, same id: the cursor, the filter and the
read mark stay) and the reader shows the text. Every failure is a toast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from parsers.model import Article
from parsers.sanitize import visible

if TYPE_CHECKING:
    from parsers.subscriptions import FetchOptions
    from tui.screens.main import MainScreen

__all__ = ["FullTextDone", "FullTextFetcher", "fetch_full_text"]

#: Fetch limits (tests shorten them); None: the fetcher's defaults.
OPTIONS: FetchOptions | None = None


@dataclass
class FullTextDone(Message):
    """The full text of corpus row ``row`` (``article``), or why there is none."""

    row: int
    article: Article | None
    error: str = ""


def fetch_full_text(row: int, article_id: str, post: Callable[[Message], object]) -> None:
    """The worker's body: fetch, keep and post the full text of ``article_id``."""
    from parsers.pipeline import extract_entities
    from parsers.subscriptions import Library, LibraryError, library_path
    from parsers.subscriptions.fulltext import full_text

    path = library_path()
    if not path.exists():
        post(FullTextDone(row, None, "this article is not from a subscription"))
        return
    try:
        with Library(path) as library:
            outcome = full_text(library, article_id, OPTIONS)
    except (LibraryError, OSError) as exc:
        post(FullTextDone(row, None, visible(str(exc))))
        return
    if outcome.article is None:
        post(FullTextDone(row, None, visible(outcome.error)))
        return
    post(FullTextDone(row, extract_entities(outcome.article)))


class FullTextFetcher:
    """Runs ``F`` for the main screen (one page at a time)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.running = False

    def start(self) -> None:
        screen = self.screen
        if self.running:
            screen.notify("already fetching a full text", timeout=3, markup=False)
            return
        row = screen.library.target_row()
        if row is None:
            screen.library.no_article()
            return
        article_id = screen.corpus.ids_of((row,))[0]
        self.running = True
        screen.notify("fetching the full text…", timeout=2, markup=False)
        screen.run_worker(
            lambda: fetch_full_text(row, article_id, screen.post_message),
            name="full_text",
            group="full_text",
            exclusive=True,
            exit_on_error=False,
            thread=True,
        )

    def finished(self, message: FullTextDone) -> None:
        screen = self.screen
        self.running = False
        if message.article is None:
            screen.notify(f"No full text: {message.error}", severity="warning", timeout=6,
                          markup=False)  # fmt: skip
            return
        corpus = screen.corpus
        if corpus.ids_of((message.row,))[0] != message.article.id:
            return  # another corpus since (a reload): the library has it for next time
        corpus.add([message.article])
        screen.headlines.clear_cache()
        screen.refresh_result()
        if screen.reader.row == message.row:
            screen.reading.show(message.row, keep_scroll=True)
        paragraphs = len(message.article.paragraphs)
        screen.notify(
            f"full text: {paragraphs} paragraph{'s' if paragraphs != 1 else ''}",
            timeout=3,
            markup=False,
        )
