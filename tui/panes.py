"""Which panes of the main screen show, how big they are, and where the focus goes.

The layout follows the terminal:

- the sidebar hides itself below :data:`NARROW` columns unless ``b`` said otherwise;
  ``f`` (or ``L``) on a narrow screen shows it only while it has the focus;
- from :data:`WIDE` columns on, the list and the reader sit side by side and the
  sidebar widens (long names whole) instead of leaving columns empty;
- below :data:`SHORT` rows, while the reader has the focus, the list shrinks to
  :data:`READING_ROWS` (as mutt's pager keeps a few index lines), unless ``-``/``+``
  set a split of the user's own;
- ``z`` zooms: the focused pane alone fills the screen, following the focus (enter
  in a zoomed list opens the article full-screen, esc comes back to the list).

An empty result swaps the headline list for a message saying why, the focus moving
to the reader and back; tab cycles through the panes on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

__all__ = ["NARROW", "READING_ROWS", "SHORT", "SPLIT", "WIDE", "Panes", "sidebar_width"]

#: Below this width the sidebar hides itself (``b`` shows it again).
NARROW = 100
#: From this width on, the list and the reader sit side by side.
WIDE = 180
#: From this width on, the sidebar widens with the terminal.
WIDE_SIDEBAR = 160
#: Below this height, reading (the reader focused) shrinks the list.
SHORT = 30
#: Headline rows left in sight while reading on a short screen.
READING_ROWS = 5
#: The list's share of the list + reader area, in percent (rows; columns when wide).
SPLIT = 45
SPLIT_MIN, SPLIT_MAX, SPLIT_STEP = 15, 85, 10


def sidebar_width(width: int) -> int:
    """Columns for the sidebar on a wide (``width``-column) screen."""
    return max(34, min(52, width * 22 // 100))


class Panes:
    """Pane visibility, sizes and focus for the main screen (which owns one)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.sidebar_visible = True
        self.sidebar_forced: bool | None = None
        """``b`` chose the sidebar's visibility (None: by width)."""
        self.sidebar_transient = False
        """``f`` showed the sidebar on a narrow screen: it goes when the focus leaves it."""
        self.split = SPLIT
        self.split_custom = False
        """``-``/``+`` (or the config) set the split: it holds while reading too."""
        self.zoomed = False
        self.has_rows = True
        self._list_hidden_with_focus = False
        self._watching = False

    # ------------------------------------------------------------------ layout

    @property
    def wide(self) -> bool:
        return self.screen.app.size.width >= WIDE

    @property
    def reading(self) -> bool:
        """Whether the reader has the focus (the list is then for context only)."""
        return self.screen.reader.has_focus_within

    def fit(self) -> None:
        """Lay the panes out for the terminal's size, the focus and the zoom."""
        screen = self.screen
        config = screen.news_app.config
        if not self._watching and screen.is_mounted:
            self._watching = True
            screen.watch(screen, "focused", self._focus_moved, init=False)
            self.split = config.split  # the config's layout.split (side by side too)
        width, height = screen.app.size
        forced = self.sidebar_forced
        visible = width >= NARROW if forced is None else forced
        changed = visible != self.sidebar_visible
        self.sidebar_visible = visible
        focused = screen.focused
        sidebar, headlines, reader = screen.sidebar, screen.headlines, screen.reader
        empty = screen.query_one("#empty", Static)
        in_sidebar = focused is not None and sidebar in focused.ancestors_with_self
        main = screen.query_one("#main")
        # zoom: the focused pane alone (an empty result keeps its explanation in sight)
        zoom_sidebar = self.zoomed and in_sidebar
        zoom_reader = self.zoomed and not in_sidebar and self.reading and self.has_rows
        zoom_list = self.zoomed and not in_sidebar and not zoom_reader
        sidebar.display = (visible and not self.zoomed) or zoom_sidebar
        # inline sizes only where the layout departs from the stylesheet's (its own
        # widths and heights, themes and config included, rule otherwise)
        widen = width >= WIDE_SIDEBAR and not config.is_set("layout.sidebar_width")
        sidebar.styles.width = "1fr" if zoom_sidebar else sidebar_width(width) if widen else None
        main.display = not zoom_sidebar
        headlines.display = self.has_rows and not zoom_reader
        empty.display = not self.has_rows
        reader.display = not zoom_list or not self.has_rows
        split = screen.query_one("#split")
        wide = self.wide and not self.zoomed
        split.set_class(wide, "-wide")
        split.styles.layout = "horizontal" if wide else "vertical"
        for pane in (headlines, empty):
            if self.zoomed:
                pane.styles.width, pane.styles.height = "1fr", "1fr"
            elif wide:
                pane.styles.width, pane.styles.height = f"{self.split}%", "1fr"
            else:
                pane.styles.width = None
                rows = self._list_rows(height)
                if rows is not None:
                    pane.styles.height = rows
                else:
                    pane.styles.height = f"{self.split}%" if self.split_custom else None
        if changed:
            screen.show_status()  # (its "b: entities" hint)
            if not visible and in_sidebar:
                headlines.focus()

    def _list_rows(self, height: int) -> int | None:
        """The list's height in rows while reading on a short screen (else None)."""
        if height >= SHORT or self.split_custom or not self.reading or not self.has_rows:
            return None
        return READING_ROWS + 1  # (+ its bottom border)

    def _focus_moved(self) -> None:
        screen = self.screen
        focused = screen.focused
        if self.sidebar_transient and (
            focused is None or screen.sidebar not in focused.ancestors_with_self
        ):
            self.sidebar_transient = False
            self.sidebar_forced = None
        self.fit()

    def toggle_sidebar(self) -> None:
        self.sidebar_transient = False
        self.sidebar_forced = not self.sidebar_visible
        self.fit()

    def show_sidebar(self) -> None:
        """Show the sidebar for a visit (``f``, ``L``): on a narrow screen only while
        the focus stays in it."""
        if not self.sidebar_visible:
            self.sidebar_forced = True
            self.sidebar_transient = True
            self.fit()

    def find(self) -> None:
        """Into the sidebar's find box, showing the sidebar if it was hidden."""
        self.show_sidebar()
        # at once (not ``focus()``, a turn later): a name typed in one burst after ``f``
        # must reach the find box
        self.screen.set_focus(self.screen.sidebar.query_one("#entity-find"))

    def picked(self) -> None:
        """An entity was picked in a sidebar shown only for the visit: back to the list."""
        if self.sidebar_transient:
            self.focus_list()

    def zoom(self) -> None:
        """``z``: the focused pane alone on screen, or back to the split."""
        self.zoomed = not self.zoomed
        self.fit()

    def resize(self, delta: int) -> None:
        """``-``/``+``: the list's share of the split, by :data:`SPLIT_STEP` percent."""
        if self.zoomed:
            self.zoomed = False
        self.set_split(self.split + delta * SPLIT_STEP)
        self.screen.notify(f"List {self.split}% · reader {100 - self.split}%", timeout=1.5)

    def set_split(self, percent: int) -> None:
        """The list's share of the split (the config's ``layout.split``), kept while reading."""
        self.split = max(SPLIT_MIN, min(SPLIT_MAX, percent))
        self.split_custom = True
        self.fit()

    # ------------------------------------------------------------------ focus

    def focus_list(self) -> None:
        """Back to the list, or to the reader while the list is swapped out."""
        screen = self.screen
        screen.headlines.focus() if self.has_rows else screen.reader.focus()

    def show_list(self, has_rows: bool, why_empty: Callable[[], Text]) -> None:
        """Swap the list for a message saying why it is empty (and back)."""
        screen = self.screen
        headlines, reader = screen.headlines, screen.reader
        empty = screen.query_one("#empty", Static)
        was_hidden = not self.has_rows
        self.has_rows = has_rows
        if has_rows:
            if self._list_hidden_with_focus or was_hidden:
                self._list_hidden_with_focus = False
                # the reader had the focus only because the list was gone (it showed
                # nothing to read): hand it back, or j/k would scroll an empty pane
                if screen.focused is None or screen.focused is reader:
                    headlines.focus()
            self.fit()
            return
        if headlines.has_focus or screen.focused is None:
            self._list_hidden_with_focus = True
            reader.focus()
        empty.update(why_empty())
        self.fit()

    def back(self) -> None:
        """Escape: from the reader or the sidebar back to the list."""
        screen = self.screen
        if screen.reader.has_focus_within or screen.sidebar.has_focus_within:
            self.focus_list()

    def cycle(self, delta: int) -> None:
        """Tab / shift+tab: the next / previous pane (zoomed: the next pane, alone)."""
        screen = self.screen
        panes: list[Widget] = []
        if self.has_rows:
            panes.append(screen.headlines)
        panes.append(screen.reader)
        if self.sidebar_visible or self.zoomed:
            panes.append(screen.facets)
        focused = screen.focused
        index = next(
            (
                i
                for i, p in enumerate(panes)
                if focused is not None and (focused is p or p in focused.ancestors)
            ),
            -1,
        )
        if index < 0 and focused is not None and screen.sidebar in focused.ancestors:
            index = len(panes) - 1
        panes[(index + delta) % len(panes)].focus()
