"""The ``?`` help screen: every key, grouped by where it works."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from parsers.config import DEFAULT

__all__ = ["ACTIONS", "KEYS", "LEGEND", "HelpScreen", "help_table", "legend_rows"]

#: (section, [(keys, what)]) — the single source of the help text.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("tab / shift+tab", "cycle panes"),
            ("/", "query bar (esc reverts)"),
            ("f", "find an entity in the sidebar"),
            ("b", "show or hide the sidebar"),
            ("z", "zoom the focused pane (again: split)"),
            ("- / +", "smaller / bigger headline list"),
            ("e", "entities in this article"),
            ("i", "profile of the entity (sidebar, e, ] in reader)"),
            ("t", "timeline: h/l, space marks, enter = span"),
            ("S / a / A", "stories: group (+N) / next coverage / filter"),
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
            ("ctrl+f", "find in the article; n / N next / previous"),
            ("] / [", "next / previous name in the article"),
            ("enter / i", "that name: filter by it / its profile"),
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
            ("story:ID", "one story (its id: A, newsdesk stories)"),
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


#: The reader's colours: (component class, sample, what it marks).
LEGEND: list[tuple[str, str, str]] = [
    ("reader--person", "Marco Rubio", "a person"),
    ("reader--country", "Ukraine", "a country"),
    ("reader--org", "NATO", "an organisation"),
    ("reader--place", "Kyiv", "a place"),
    ("reader--author", "Ben Hart", "an author (byline)"),
    ("reader--included", "underlined", "in the filter"),
    ("reader--excluded", "struck", "excluded by the filter"),
]

Rows = list[tuple[str | Text, str]]


def legend_rows(style_of: Callable[[str], Style]) -> Rows:
    """The legend's rows, each sample drawn in the reader's own style for it."""
    base = style_of("reader--person")
    rows: Rows = []
    for name, sample, what in LEGEND:
        style = style_of(name)
        if name in ("reader--included", "reader--excluded"):
            style = base + style
        rows.append((Text(sample, style=style), what))
    return rows


#: The actions behind a row's keys, ``(section, keys) -> ids`` (``tui.keymap``): a row
#: whose action the config rebinds shows the keys in effect.
ACTIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Everywhere", "tab / shift+tab"): ("main.next_pane", "main.previous_pane"),
    ("Everywhere", "/"): ("main.query",),
    ("Everywhere", "f"): ("main.find",),
    ("Everywhere", "b"): ("main.toggle_sidebar",),
    ("Everywhere", "e"): ("main.entities",),
    ("Everywhere", "i"): ("main.profile",),
    ("Everywhere", "t"): ("main.timeline",),
    ("Everywhere", "c"): ("main.clear",),
    ("Everywhere", "u"): ("main.undo",),
    ("Everywhere", "s"): ("main.sort",),
    ("Everywhere", "ctrl+p"): ("app.command_palette",),
    ("Everywhere", "?"): ("main.help",),
    ("Everywhere", "q"): ("main.quit",),
    ("Reading state (kept across sessions)", "r"): ("main.toggle_read",),
    ("Reading state (kept across sessions)", "*"): ("main.toggle_star",),
    ("Reading state (kept across sessions)", "R"): ("main.mark_all_read",),
    ("Reading state (kept across sessions)", "U"): ("main.undo_mark",),
    ("Reading state (kept across sessions)", "ctrl+s"): ("main.save_view",),
    ("Reading state (kept across sessions)", "L"): ("main.library",),
    ("Reading state (kept across sessions)", "o"): ("main.open_url",),
    ("Reading state (kept across sessions)", "E"): ("main.export",),
    ("Headlines", "j / k, ↓ / ↑"): ("list.down", "list.up"),
    ("Headlines", "g / G, home / end"): ("list.first", "list.last"),
    ("Headlines", "pgup / pgdn"): ("list.page_up", "list.page_down"),
    ("Headlines", "enter"): ("list.open",),
    ("Headlines", "space / shift+space"): ("list.read_on", "list.read_back"),
    ("Headlines", "n / p"): ("list.next", "list.previous"),
    ("Reader", "space / shift+space"): ("reader.page", "reader.page_up"),
    ("Reader", "j / k"): ("reader.down", "reader.up"),
    ("Reader", "n / p"): ("reader.next", "reader.previous"),
    ("Sidebar", "x"): ("sidebar.exclude",),
    ("Sidebar", "o"): ("sidebar.toggle_or",),
}


def _shown_keys(section: str, keys: str, keymap: Mapping[str, str]) -> str:
    """``keys`` as the help lists them, or the keys in effect if the config rebinds them."""
    ids = ACTIONS.get((section, keys), ())
    if not any(i in keymap for i in ids):
        return keys
    from tui.keymap import actions, display_key

    known = actions()
    firsts = []
    for ident in ids:
        bound = keymap.get(ident)
        if bound is not None:
            firsts.append(", ".join(display_key(k) for k in bound.split(",")))
        elif ident in known:
            firsts.append(display_key(known[ident].keys[0]))
    return " / ".join(firsts)


def _keys_table(sections: list[tuple[str, Rows]], keymap: Mapping[str, str]) -> Group:
    """Each section a title line over a grid of keys; the key columns all as wide as
    the widest key (a long section title must not squeeze them). ``keymap``: the
    config's rebound keys, shown in place of the defaults."""
    sections = [
        (
            section,
            [(_shown_keys(section, k, keymap) if isinstance(k, str) else k, w) for k, w in rows],
        )
        for section, rows in sections
    ]
    width = max(cell_len(str(keys)) for _, rows in sections for keys, _ in rows)
    parts: list[RenderableType] = []
    for i, (section, rows) in enumerate(sections):
        if i:
            parts.append(Text(""))
        parts.append(Text(section, style="bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, width=width)
        table.add_column()
        for keys, what in rows:
            table.add_row(keys, what)
        parts.append(table)
    return Group(*parts)


def help_table(
    columns: int = 1, legend: Rows | None = None, keymap: Mapping[str, str] | None = None
) -> Table:
    """All keys as one Rich table, in one column or two side by side; ``legend``:
    the reader's colours (:func:`legend_rows`), as a last section; ``keymap``: the
    config's rebound keys (``Config.keys``), shown in place of the defaults."""
    keymap = keymap or {}
    sections: list[tuple[str, Rows]] = list(KEYS)  # type: ignore[arg-type]
    if legend:
        sections.append(("Reader colours (click or e: filter)", legend))
    if columns < 2:
        column = Table.grid()
        for part in _keys_table(sections, keymap).renderables:
            column.add_row(part)
        return column
    grid = Table.grid(padding=(0, 4))
    grid.add_column()
    grid.add_column()
    grid.add_row(_keys_table(sections[:4], keymap), _keys_table(sections[4:], keymap))
    return grid


#: Help texts already laid out, by (columns, width, theme, keymap, legend shown): the
#: nested tables cost tens of ms to lay out, and Textual would lay them out more than
#: once per opening; a laid-out Text is cheap to show again.
_LAID_OUT: dict[tuple[object, ...], Text] = {}


def laid_out_help(
    columns: int,
    width: int,
    legend: Rows | None,
    keymap: Mapping[str, str],
    theme: str,
) -> Text:
    """:func:`help_table` laid out once at ``width`` cells, as a plain ``Text``."""
    key = (columns, width, theme, tuple(sorted(keymap.items())), legend is not None)
    text = _LAID_OUT.get(key)
    if text is None:
        from io import StringIO

        console = Console(width=width, file=StringIO(), color_system="truecolor")
        table = help_table(columns, legend, keymap)
        lines = console.render_lines(table, console.options.update_width(width), pad=False)
        text = Text(no_wrap=True, overflow="crop")
        for number, line in enumerate(lines):
            if number:
                text.append("\n")
            for segment in line:
                if not segment.control:
                    text.append(segment.text, segment.style)
        if len(_LAID_OUT) > 16:
            _LAID_OUT.clear()
        _LAID_OUT[key] = text
    return text


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
    _shown_width: int = 0

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
            self._shown_width = self._width(self.app.size.width)
            yield Static(self._text(), id="help-text")

    def _text(self) -> Text:
        assert self._shown_columns is not None
        return laid_out_help(
            self._shown_columns, self._shown_width, self._legend(), self._keymap, self.app.theme
        )

    @staticmethod
    def _width(width: int) -> int:
        """The help text's width in a ``width``-column terminal: ``#help-box`` (112
        columns, at most 95%) less its border, padding and scrollbar."""
        return max(20, min(112, int(width * 0.95)) - 5)

    def _legend(self) -> Rows | None:
        """The legend in the reader's colours (the theme's), if the reader is there."""
        try:
            reader = self.app.main_screen.reader  # type: ignore[attr-defined]
        except (AttributeError, LookupError):  # (no main screen: the help on its own)
            return None
        return legend_rows(reader.get_component_rich_style)

    @property
    def _keymap(self) -> Mapping[str, str]:
        return getattr(self.app, "config", DEFAULT).keys

    @staticmethod
    def _columns(width: int) -> int:
        return 2 if width >= 110 else 1

    def on_resize(self) -> None:
        """Re-flow on a terminal resize: two squeezed columns wrap every line."""
        columns = self._columns(self.app.size.width)
        width = self._width(self.app.size.width)
        if (columns, width) != (self._shown_columns, self._shown_width):
            self._shown_columns, self._shown_width = columns, width
            self.query_one("#help-text", Static).update(self._text())

    def action_close(self) -> None:
        self.dismiss(None)
