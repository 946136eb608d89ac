"""The headline list: one row per article in the current result, never a widget per row."""

from __future__ import annotations

from collections.abc import Container, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from parsers.when import reader_zone
from tui.settings import DateColumn
from tui.widgets.cursor_list import CursorList

if TYPE_CHECKING:
    from parsers.corpus.index import Corpus

__all__ = ["HeadlineList"]

# The source column shows from this width on: not at 80 columns, whether or not
# a scrollbar takes a cell, so the layout does not jump when a filter shortens the list.
SOURCE_MIN_WIDTH = 84
SOURCE_WIDTH = 15
# A wide list (no sidebar, or a big terminal) has room for whole publication names
# ("The Meridian Ledger", "The Harbor Gazette") instead of "The Meridian …".
SOURCE_WIDE_MIN = 110
SOURCE_WIDE_WIDTH = 22
#: A kicker badge is cut at this many cells only when the title would keep fewer
#: than :data:`TITLE_ROOM`; with room to spare it may run to :data:`KICKER_MAX`.
KICKER_WIDTH = 18
KICKER_MAX = 32
TITLE_ROOM = 48
TIME_FORMAT = "%H:%M"


def _fit(text: str, width: int) -> str:
    """Truncate ``text`` to ``width`` cells with an ellipsis, then pad it."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        out = ""
        for char in text:
            if cell_len(out + char) > width - 1:
                break
            out += char
        text = out + "…"
    return text + " " * (width - cell_len(text))


class HeadlineList(CursorList):
    """The articles of the current result, by row id into the corpus."""

    # reading from the list, as in a mail reader: space reads on, n / p open the
    # next / previous article; the screen owns the reader, so it does the work
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "screen.read_on", "Read", show=False),
        Binding("shift+space", "screen.read_on(-1)", "Read back", show=False),
        Binding("n", "screen.step(1)", "Next", show=False),
        Binding("p", "screen.step(-1)", "Previous", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {
        "headlines--unread",
        "headlines--date",
        "headlines--source",
        "headlines--kicker",
        "headlines--title",
        "headlines--read",
        "headlines--star",
        "headlines--badge",
    }

    @dataclass
    class Highlighted(Message):
        """The cursor moved to an article (``row`` is the corpus row, or None if empty)."""

        headlines: HeadlineList
        row: int | None

    @dataclass
    class Selected(Message):
        """An article was opened (enter or double click)."""

        headlines: HeadlineList
        row: int

    def __init__(
        self,
        *,
        read: Container[int] = frozenset(),
        starred: Container[int] = frozenset(),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.corpus: Corpus | None = None
        self.rows: Sequence[int] = ()
        self.read = read
        """The corpus rows read (the screen's marks: it owns and updates them)."""
        self.starred = starred
        """The corpus rows starred (likewise)."""
        self.time_of_day = False
        """The result lies within one day: the date column shows the time instead."""
        self._sources: tuple[int, int, bool] = (0, -1, True)
        self.badges: Mapping[int, int] = {}
        """Per row: other articles of its story folded into it (grouped list, ``tui.stories``)."""

    def _several_sources(self) -> bool:
        """Whether the corpus has more than one source (else the column says nothing)."""
        corpus = self.corpus
        assert corpus is not None
        if self._sources[:2] != (id(corpus), len(corpus)):
            self._sources = (id(corpus), len(corpus), len(corpus.sources) > 1)
        return self._sources[2]

    def show_time_of_day(self, on: bool) -> None:
        """Times (``09:15``) rather than dates in the date column (a one-day result)."""
        if on != self.time_of_day:
            self.time_of_day = on
            self.clear_cache()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def current_row(self) -> int | None:
        """Corpus row under the cursor."""
        return int(self.rows[self.cursor]) if len(self.rows) else None

    def set_rows(
        self,
        corpus: Corpus,
        rows: Sequence[int],
        keep: int | None = None,
        badges: Mapping[int, int] | None = None,
    ) -> None:
        """Show ``rows`` (``badges``: a "+N" per row that stands for its story); keep
        the cursor on corpus row ``keep`` if it is still there."""
        self.corpus = corpus
        self.rows = rows
        self.badges = badges or {}
        position = 0
        if keep is not None and len(rows):
            position = _position_of(rows, keep)
        self.rows_changed(cursor=position)

    def move_to_row(self, row: int) -> bool:
        """Put the cursor on corpus row ``row``; False if it is not listed."""
        position = _position_of(self.rows, row, default=-1)
        if position < 0:
            return False
        self.cursor = position
        return True

    def row_key(self, index: int) -> Hashable:
        row = int(self.rows[index])
        return (row, row in self.read, row in self.starred, self.badges.get(row, 0))

    _dates: DateColumn | None = None

    @property
    def dates(self) -> DateColumn:
        """The date column in the config's ``date_format`` (``tui.settings``)."""
        if self._dates is None:
            config = getattr(self.app, "config", None)
            self._dates = DateColumn(config.date_format) if config else DateColumn()
        return self._dates

    def render_row(self, index: int, width: int, highlighted: bool) -> Strip:
        assert self.corpus is not None
        row = int(self.rows[index])
        headline = self.corpus.headline(row)
        read = row in self.read
        style = self.get_component_rich_style
        base = self.base_style
        title_style = style("headlines--read" if read else "headlines--title")
        segments: list[Segment] = [
            Segment(" " if read else "•", style("headlines--unread")),
            Segment("★" if row in self.starred else " ", style("headlines--star")),
            Segment(" "),
        ]
        used = 3
        if width >= 60:
            dates = self.dates
            when = dates.text(headline.date_text)
            date_width = dates.width
            if self.time_of_day:
                when = _time_text(headline.when) or when
                date_width = max(date_width, len("00:00") + 1)
            segments.append(Segment(_fit(when, date_width), style("headlines--date")))
            used += date_width
        if width >= SOURCE_MIN_WIDTH and self._several_sources():
            source_width = SOURCE_WIDE_WIDTH if width >= SOURCE_WIDE_MIN else SOURCE_WIDTH
            segments.append(
                Segment(_fit(headline.source, source_width - 1) + " ", style("headlines--source"))
            )
            used += source_width
        kicker = headline.kicker.strip()
        if kicker and width >= 50:
            room = max(KICKER_WIDTH, min(KICKER_MAX, width - used - TITLE_ROOM))
            badge = _fit(kicker.upper(), min(room, cell_len(kicker) + 1)).rstrip()
            badge = f" {badge} "
            segments.append(Segment(badge, style("headlines--kicker")))
            segments.append(Segment(" "))
            used += cell_len(badge) + 1
        more = self.badges.get(row, 0)
        if more and width >= 40:
            badge = f"+{more} "
            segments.append(Segment(badge, style("headlines--badge")))
            used += cell_len(badge)
        segments.append(Segment(_fit(headline.title, max(0, width - used)), title_style))
        strip = Strip(segments).apply_style(base)
        return strip.adjust_cell_length(width, base)

    def on_cursor_moved(self, index: int) -> None:
        self.post_message(self.Highlighted(self, self.current_row))

    def on_row_selected(self, index: int) -> None:
        self.post_message(self.Selected(self, int(self.rows[index])))


def _time_text(when: float) -> str:
    """``09:15`` on the reader's clock; "" for an undated row, and for midnight (a
    date given without a time: "00:00" would invent one)."""
    if when == float("-inf"):
        return ""
    local = datetime.fromtimestamp(when, reader_zone())
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return ""
    return local.strftime(TIME_FORMAT)


def _position_of(rows: Sequence[int], row: int, default: int = 0) -> int:
    """Index of ``row`` in ``rows``: one vectorised scan for the index's numpy-backed rows."""
    array = getattr(rows, "array", None)
    if array is not None:
        hits = (array == row).nonzero()[0]
        return int(hits[0]) if len(hits) else default
    index = getattr(rows, "index", None)
    if index is not None:
        try:
            return int(index(row))
        except ValueError:
            return default
    hits = np.flatnonzero(np.asarray(rows) == row)  # a plain numpy array of rows
    return int(hits[0]) if len(hits) else default
