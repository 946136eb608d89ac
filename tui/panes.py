"""Which panes of the main screen show, and where the focus goes.

The sidebar hides itself below :data:`NARROW` columns unless ``b`` (or ``f``) said
otherwise; an empty result swaps the headline list for a message saying why, the
focus moving to the reader and back; tab cycles through the panes on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

__all__ = ["NARROW", "Panes"]

#: Below this width the sidebar hides itself (``b`` shows it again).
NARROW = 100


class Panes:
    """Pane visibility and focus for the main screen (which owns one)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.sidebar_visible = True
        self.sidebar_forced: bool | None = None
        """``b`` / ``f`` chose the sidebar's visibility (None: by width)."""
        self._list_hidden_with_focus = False

    def fit(self) -> None:
        """Show or hide the sidebar for the terminal's width (or as forced)."""
        screen = self.screen
        forced = self.sidebar_forced
        visible = screen.app.size.width >= NARROW if forced is None else forced
        changed = visible != self.sidebar_visible
        self.sidebar_visible = visible
        screen.sidebar.display = visible
        if changed:
            screen.show_status()  # (its "b: entities" hint)
            if not visible and screen.sidebar.has_focus_within:
                screen.headlines.focus()

    def toggle_sidebar(self) -> None:
        self.sidebar_forced = not self.sidebar_visible
        self.fit()

    def find(self) -> None:
        """Into the sidebar's find box, showing the sidebar if it was hidden."""
        screen = self.screen
        if not self.sidebar_visible:
            self.sidebar_forced = True
            self.fit()
        screen.sidebar.query_one("#entity-find").focus()

    def focus_list(self) -> None:
        """Back to the list, or to the reader while the list is swapped out."""
        screen = self.screen
        screen.headlines.focus() if screen.headlines.display else screen.reader.focus()

    def show_list(self, has_rows: bool, why_empty: Callable[[], Text]) -> None:
        """Swap the list for a message saying why it is empty (and back)."""
        screen = self.screen
        headlines, reader = screen.headlines, screen.reader
        empty = screen.query_one("#empty", Static)
        if has_rows:
            was_hidden = not headlines.display
            headlines.display = True
            empty.display = False
            if self._list_hidden_with_focus or was_hidden:
                self._list_hidden_with_focus = False
                # the reader had the focus only because the list was gone (it showed
                # nothing to read): hand it back, or j/k would scroll an empty pane
                if screen.focused is None or screen.focused is reader:
                    headlines.focus()
            return
        if headlines.has_focus or screen.focused is None:
            self._list_hidden_with_focus = True
            reader.focus()
        headlines.display = False
        empty.display = True
        empty.update(why_empty())

    def back(self) -> None:
        """Escape: from the reader or the sidebar back to the list."""
        screen = self.screen
        if screen.reader.has_focus_within or screen.sidebar.has_focus_within:
            screen.headlines.focus()

    def cycle(self, delta: int) -> None:
        """Tab / shift+tab: the next / previous pane on screen."""
        screen = self.screen
        panes: list[Widget] = [w for w in (screen.headlines, screen.reader) if w.display]
        if self.sidebar_visible:
            panes.append(screen.facets)
        if not panes:
            return
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
