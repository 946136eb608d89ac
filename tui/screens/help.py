"""The ``?`` help screen: every key, grouped by where it works."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["KEYS", "HelpScreen"]

#: (section, [(keys, what)]) — the single source of the help text.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("tab / shift+tab", "cycle panes"),
            ("/", "query bar (esc reverts)"),
            ("f", "find an entity in the sidebar"),
            ("b", "show or hide the sidebar"),
            ("e", "entities in this article"),
            ("i", "profile of the entity (sidebar, e list)"),
            ("t", "timeline: h/l, space marks, enter = span"),
            ("c", "clear all filters"),
            ("u", "undo the last filter change"),
            ("s", "sort: newest, oldest, source"),
            ("ctrl+p", "palette: filter by any entity"),
            ("?", "this help"),
            ("q", "back / quit"),
        ],
    ),
    (
        "Reading state (kept across sessions)",
        [
            ("r", "read / unread (opening marks read)"),
            ("*", "star / unstar"),
            ("R", "mark the whole result read"),
            ("U", "undo the last read / star change"),
            ("ctrl+s", "save the filter + sort as a view"),
            ("L", "sidebar Library: Unread, Starred, views"),
            ("o", "open the article's URL in the browser"),
            ("l / 1-9", "numbered links of the article / open one"),
            ("y / Y", "copy the article text / its URL"),
            ("E", "export the result (jsonl, csv, md)"),
        ],
    ),
    (
        "Headlines",
        [
            ("j / k, ↓ / ↑", "move"),
            ("g / G, home / end", "first / last"),
            ("pgup / pgdn", "page"),
            ("enter", "open the article"),
            ("space / shift+space", "open, page on, next article"),
            ("n / p", "open next / previous article"),
        ],
    ),
    (
        "Reader",
        [
            ("space / shift+space", "page down / up; then next"),
            ("j / k", "scroll"),
            ("n / p", "next / previous article"),
            ("esc", "back to the headlines"),
            ("click a name", "filter by it"),
        ],
    ),
    (
        "Sidebar",
        [
            ("enter / space", "include (again: remove)"),
            ("x", "exclude (again: remove)"),
            ("o", "AND / OR within the section"),
            ("→ / ←, enter on more…", "show all / top of a section"),
            ("find box", "narrow; enter jumps"),
        ],
    ),
    (
        "Entities in this article",
        [
            ("1-9, digits", "pick by number"),
            ("j / k, ↓ / ↑", "move"),
            ("enter", "include"),
            ("x", "exclude"),
            ("esc", "close"),
        ],
    ),
    (
        "Query (/ and --filter)",
        [
            ('words "a phrase"', "title, dek, body; ukrain*"),
            ("tariff", "finds tariffs too (stems)"),
            ("wheat OR maize", "either word or phrase"),
            ("person: org: place:", 'person:"Marco Rubio"'),
            ("country:", "name or ISO code: country:UA"),
            ("author: source:", "byline, publication"),
            ("after: before:", "YYYY-MM-DD, your time zone"),
            ("after:D before:E", "D <= day < E"),
            ("-term", "exclude: -country:RU"),
            ("A OR B", "either: org:A OR org:B"),
            ("is:unread is:read", "reading state; -is:read"),
            ("is:starred", "starred articles"),
            ("feed: tag:", "subscriptions: tag:local"),
            ("up / down", "earlier queries (kept)"),
        ],
    ),
    (
        "Subscriptions",
        [
            ("ctrl+r", "refresh the feeds (background)"),
            ("F", "fetch the full text of the article"),
            ("sidebar Feeds, Tags", "unread; errors; enter filters"),
        ],
    ),
]


def _keys_table(sections: list[tuple[str, list[tuple[str, str]]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for i, (section, rows) in enumerate(sections):
        if i:
            table.add_row("", "")
        table.add_row(Text(section, style="bold underline"), "")
        for keys, what in rows:
            table.add_row(keys, what)
    return table


def help_table(columns: int = 1) -> Table:
    """All keys as one Rich table, in one column or two side by side."""
    if columns < 2:
        return _keys_table(KEYS)
    grid = Table.grid(padding=(0, 4))
    grid.add_column()
    grid.add_column()
    grid.add_row(_keys_table(KEYS[:4]), _keys_table(KEYS[4:]))
    return grid


class HelpScreen(ModalScreen[None]):
    """Keys, in a box; any of esc, q, ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
        # the same movement keys as everywhere else, for a help taller than the screen
        Binding("j", "scroll(1)", show=False),
        Binding("k", "scroll(-1)", show=False),
        Binding("space", "scroll(0)", show=False),
        Binding("g", "scroll_home", show=False),
        Binding("G", "scroll_end", show=False),
    ]

    _shown_columns: int | None = None

    @property
    def box(self) -> VerticalScroll:
        return self.query_one("#help-box", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        """``lines`` down (negative: up); 0 pages down."""
        if lines == 0:
            self.box.scroll_page_down(animate=False)
        else:
            self.box.scroll_relative(y=lines, animate=False)

    def action_scroll_home(self) -> None:
        self.box.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.box.scroll_end(animate=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "newsdesk keys"
            box.border_subtitle = "esc closes"
            self._shown_columns = self._columns(self.app.size.width)
            yield Static(help_table(self._shown_columns), id="help-text")

    @staticmethod
    def _columns(width: int) -> int:
        return 2 if width >= 110 else 1

    def on_resize(self) -> None:
        """Re-flow on a terminal resize: two squeezed columns wrap every line."""
        columns = self._columns(self.app.size.width)
        if columns != self._shown_columns:
            self._shown_columns = columns
            self.query_one("#help-text", Static).update(help_table(columns))

    def action_close(self) -> None:
        self.dismiss(None)
