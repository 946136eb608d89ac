"""How a :class:`~parsers.corpus.profile.Timeline` is drawn in a line of text.

:func:`fit` maps the timeline's buckets onto at most ``width`` columns (one
column per bucket when they fit, else consecutive buckets summed into a
column); :func:`bars` draws the columns as block characters on one scale;
:func:`span_dates` turns a column range back into ``after:``/``before:`` dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text

from parsers.corpus.profile import Timeline

__all__ = ["Columns", "bars", "fit", "range_label", "span_dates"]

BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Columns:
    """A timeline fitted to a width: per column its buckets ``[lo, hi)``, total and
    filter share."""

    timeline: Timeline
    bounds: tuple[tuple[int, int], ...]
    counts: tuple[int, ...]
    selected: tuple[int, ...] | None

    def __len__(self) -> int:
        return len(self.bounds)

    def first_day(self, col: int) -> date:
        return self.timeline.bucket_start(self.bounds[col][0])

    def last_day(self, col: int) -> date:
        """The last day covered by column ``col`` (inclusive)."""
        tl = self.timeline
        return tl.bucket_start(self.bounds[col][1] - 1) + tl.step - timedelta(days=1)


def fit(tl: Timeline, width: int, stretch: bool = False) -> Columns:
    """``tl`` on at most ``width`` columns (consecutive buckets summed when they do
    not fit); ``stretch`` widens each bucket to several columns when there is room."""
    n = len(tl.counts)
    width = max(1, width)
    per = max(1, -(-n // width))  # ceil
    bounds = tuple((lo, min(n, lo + per)) for lo in range(0, n, per))
    if stretch and n and per == 1:
        rep = width // n
        bounds = tuple(b for b in bounds for _ in range(rep))
    counts = tuple(sum(tl.counts[lo:hi]) for lo, hi in bounds)
    sel = None if tl.selected is None else tuple(sum(tl.selected[lo:hi]) for lo, hi in bounds)
    return Columns(tl, bounds, counts, sel)


def _block(count: int, top: int) -> str:
    if count <= 0 or top <= 0:
        return " " if count <= 0 else BLOCKS[0]
    return BLOCKS[min(len(BLOCKS) - 1, (count * len(BLOCKS) - 1) // top)]


def bars(
    cols: Columns,
    share: bool = False,
    style: Style | str = "",
    marked: tuple[int, int] | None = None,
    cursor: int | None = None,
) -> Text:
    """One line of bars; ``share`` draws the filter's share (on the totals' scale).
    ``marked`` columns (inclusive) and the ``cursor`` column are styled."""
    values = cols.selected if share and cols.selected is not None else cols.counts
    top = max(cols.counts, default=0)
    text = Text(no_wrap=True, overflow="crop")
    for i, v in enumerate(values):
        st = Style.parse(style) if isinstance(style, str) else style
        if marked is not None and marked[0] <= i <= marked[1]:
            st = st + Style(reverse=True)
        if cursor == i:
            st = st + Style(reverse=True, bold=True, underline=True)
        text.append(_block(v, top), style=st)
    return text


def _fmt(d: date) -> str:
    return d.isoformat()


def range_label(cols: Columns) -> str:
    """``2025-03-01 – 2025-03-30 · per day`` (or nothing for an empty timeline)."""
    if not len(cols):
        return "no dated articles"
    first, last = _fmt(cols.first_day(0)), _fmt(cols.last_day(len(cols) - 1))
    return f"{first} – {last} · per {cols.timeline.bucket}"


def span_dates(cols: Columns, a: int, b: int) -> tuple[date, date]:
    """``(after, before)`` for columns ``a..b`` (either order, inclusive): ``before``
    is the day after the last day covered."""
    lo, hi = min(a, b), max(a, b)
    return cols.first_day(lo), cols.last_day(hi) + timedelta(days=1)
