"""Timelines drawn as bars: the headline list's strip and the profile's chart.

:class:`TimelineStrip` is one line: the current result's articles per day (or
week) and its date range. Focused (``t`` on the main screen) it has a cursor:
``h``/``l`` (or the arrows) move it, ``space`` marks one end of a span,
``enter`` posts :class:`TimelineStrip.SpanSelected` (the screen adds
``after:``/``before:``), ``esc`` leaves. A click marks an end; a second click
selects the span between the two.

:class:`TimelineChart` is the profile's "Mentions over time": a line of bars,
a second for the current filter's share when a filter is active, and a date
axis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from parsers.corpus.profile import Timeline
from tui.present.timeline import Columns, bars, fit, range_label, span_dates

__all__ = ["TimelineChart", "TimelineStrip"]

EMPTY = Timeline("day", None, ())


class TimelineStrip(Widget, can_focus=True):
    """One line: bars of the result's articles per day, and the date range."""

    DEFAULT_CSS = """
    TimelineStrip {
        height: 1;
        .timeline--bar { color: $accent; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"timeline--bar"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", "Earlier", show=False),
        Binding("right,l", "move(1)", "Later", show=False),
        Binding("home", "move(-100000)", show=False),
        Binding("end", "move(100000)", show=False),
        Binding("space,v", "mark", "Mark span end", show=False),
        Binding("enter", "select", "Filter to span", show=False),
        Binding("escape", "leave", "Back", show=False),
    ]

    @dataclass
    class SpanSelected(Message):
        """Filter to ``after <= date < before``."""

        after: date
        before: date

    @dataclass
    class Leave(Message):
        """Focus goes back to the list."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.timeline: Timeline = EMPTY
        self.cursor = 0
        self.span_start: int | None = None
        self._cols: Columns | None = None

    def show(self, tl: Timeline) -> None:
        """Draw ``tl`` (the cursor stays where it was, within range)."""
        if tl != self.timeline:
            self.timeline = tl
            self.span_start = None
            self.refresh()

    def _label(self, cols: Columns) -> str:
        if not len(cols):
            return f"  {range_label(cols)}"
        return f"  {range_label(cols)} · {self.timeline.total:,} dated"

    def columns(self) -> Columns:
        """The timeline fitted to the room the bars have now."""
        probe = fit(self.timeline, 10**6)
        room = max(1, self.size.width - len(self._label(probe)) - 1)
        cols = fit(self.timeline, room)
        self._cols = cols
        self.cursor = max(0, min(self.cursor, len(cols) - 1))
        return cols

    def render(self) -> Text:
        cols = self.columns()
        focused = self.has_focus
        marked = None
        if focused and self.span_start is not None:
            marked = (min(self.span_start, self.cursor), max(self.span_start, self.cursor))
        line = Text(" ", no_wrap=True, overflow="ellipsis")
        line.append_text(
            bars(
                cols,
                style=self.get_component_rich_style("timeline--bar"),
                marked=marked,
                cursor=self.cursor if focused else None,
            )
        )
        if focused and len(cols):
            a, b = marked if marked else (self.cursor, self.cursor)
            lo, hi = span_dates(cols, a, b)
            count = sum(cols.counts[a : b + 1])
            line.append(f"  {lo.isoformat()} ≤ date < {hi.isoformat()} · {count:,}", style="bold")
            line.append("  space mark · enter filter · esc back", style="dim")
        else:
            line.append(self._label(cols), style="dim")
        return line

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.span_start = None
        self.refresh()

    def action_move(self, delta: int) -> None:
        n = len(self._cols) if self._cols is not None else 0
        self.cursor = max(0, min(n - 1, self.cursor + delta))
        self.refresh()

    def action_mark(self) -> None:
        self.span_start = None if self.span_start == self.cursor else self.cursor
        self.refresh()

    def action_select(self) -> None:
        cols = self._cols or self.columns()
        if not len(cols):
            self.app.bell()
            return
        a = self.cursor if self.span_start is None else self.span_start
        after, before = span_dates(cols, a, self.cursor)
        self.span_start = None
        self.post_message(self.SpanSelected(after, before))

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def on_click(self, event: events.Click) -> None:
        cols = self._cols or self.columns()
        col = event.x - 1
        if not 0 <= col < len(cols):
            return
        self.cursor = col
        if self.span_start is None:
            self.span_start = col
            self.refresh()
        else:
            self.action_select()


class TimelineChart(Widget):
    """The profile's chart: bars, the filter's share (when active), a date axis."""

    DEFAULT_CSS = """
    TimelineChart {
        height: auto;
        .timeline--bar { color: $accent; }
        .timeline--share { color: $warning; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"timeline--bar", "timeline--share"}

    def __init__(self, tl: Timeline, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline = tl

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 3 if self.timeline.selected is not None else 2

    def render(self) -> Text:
        width = max(1, self.size.width - 9)
        cols = fit(self.timeline, width, stretch=True)
        out = Text(no_wrap=True, overflow="crop")
        out.append("all      ", style="dim")
        out.append_text(bars(cols, style=self.get_component_rich_style("timeline--bar")))
        if self.timeline.selected is not None:
            out.append("\nfilter   ", style="dim")
            out.append_text(
                bars(cols, share=True, style=self.get_component_rich_style("timeline--share"))
            )
        out.append("\n")
        out.append(f"per {self.timeline.bucket:<5}", style="dim")
        if len(cols):
            left = cols.first_day(0).isoformat()
            right = cols.last_day(len(cols) - 1).isoformat()
            gap = len(cols) - len(left) - len(right)
            axis = f"{left}{' ' * gap}{right}" if gap >= 1 else f"{left} – {right}"
            out.append(axis, style="dim")
        else:
            out.append("no dated articles", style="dim")
        if self.timeline.undated:
            out.append(f" · {self.timeline.undated} undated", style="dim")
        return out
