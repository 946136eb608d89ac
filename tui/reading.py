"""Reading from the list, as in a mail reader: which article the reader shows, which
ones were read, stepping through them, and the open article's entity list (``e``).

The main screen owns one :class:`ReadingController`; it is the one owner of the read
marks (the headline list only looks at them).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.timer import Timer

from tui.present.article import reader_view
from tui.present.entities import entity_rows
from tui.present.matches import match_patterns
from tui.screens.entity_list import EntityChoice, EntityListScreen

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

__all__ = ["ReadingController"]


class ReadingController:
    """Opens, previews and steps through articles for the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.read = screen.library.read
        """Corpus rows read (the state store's marks: opening marks; a preview does not)."""
        self._preview_timer: Timer | None = None

    def reference(self) -> tuple[datetime | None, str]:
        """Clock for relative dates: the app's frozen ``now`` or the newest article."""
        now = self.screen.news_app.now
        if now is not None:
            return now, "ago"
        return self.screen.corpus.newest, "the newest article"

    def show(self, row: int | None, keep_scroll: bool = False) -> None:
        """Put corpus ``row`` in the reader (None: nothing), styled for the result."""
        screen = self.screen
        result = screen.result
        active = result.active if result is not None and row is not None else {}
        reference, label = self.reference()
        matches = match_patterns(screen.state)
        view = reader_view(screen.corpus, row, active, reference, label, matches)
        screen.reader.show(view, keep_scroll)
        screen.show_also(row)

    def restyle(self, row: int) -> None:
        """Re-show ``row`` for a new filter (mentions restyled, scroll kept), if still open."""
        if self.screen.reader.row == row:
            self.show(row, keep_scroll=True)

    def open(self, row: int, focus_reader: bool = True) -> None:
        """Open an article: show it, mark it read."""
        self._cancel_preview()
        self.show(row)
        if row not in self.read:
            self.read.add(row)
            self.screen.library.changed()
        if focus_reader:
            self.screen.reader.focus()

    def _cancel_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    def preview(self, row: int | None) -> None:
        """Show the highlighted article without marking it read (debounced)."""
        self._cancel_preview()
        screen = self.screen
        if row is None or row == screen.reader.row:
            return
        delay = screen.news_app.preview_delay
        if delay <= 0 or screen.reader.row is None:
            self.show(row)
        else:
            self._preview_timer = screen.set_timer(delay, lambda: self.show(row))

    def step(self, delta: int) -> None:
        """Open the next (+1) or previous (-1) article of the list, focus unchanged."""
        headlines = self.screen.headlines
        if not headlines.row_count:
            return
        target = headlines.cursor + delta
        if not 0 <= target < headlines.row_count:
            message = "No more articles" if delta > 0 else "This is the first article"
            self.screen.notify(message, timeout=2)
            return
        headlines.cursor = target
        row = headlines.current_row
        if row is not None:
            self.open(row, focus_reader=False)

    def read_on(self, delta: int = 1) -> None:
        """Space in the list: open the highlighted article, then page through it."""
        row = self.screen.headlines.current_row
        if row is None:
            return
        reader = self.screen.reader
        if reader.row != row or row not in self.read:
            self.open(row, focus_reader=False)
        elif delta < 0:
            reader.action_page_up()
        elif reader.scroll_y >= reader.max_scroll_y:
            self.step(1)  # read to the end: on to the next article, as in a mail reader
        else:
            reader.action_page_down()

    def list_entities(self) -> None:
        """``e``: the open (else the highlighted) article's entities, to filter by."""
        screen = self.screen
        row = screen.reader.row
        if row is None:
            row = screen.headlines.current_row
        if row is None:
            # nothing open and nothing listed: say why rather than ask for the impossible
            if not len(screen.corpus):
                message = "No articles loaded: no entities to list"
            else:
                message = "No article in this result to list entities of (c clears the filters)"
            screen.notify(message, timeout=3)
            return
        article = screen.corpus.article(row)
        rows = entity_rows(article, screen.result.active if screen.result else {})

        def chosen(choice: EntityChoice | None) -> None:
            if choice is not None and choice.profile:
                screen.insight.open(choice.key)
            elif choice is not None:
                screen.toggle_entity(choice.kind, choice.key, choice.negate)

        screen.app.push_screen(EntityListScreen(article.title, rows), chosen)
