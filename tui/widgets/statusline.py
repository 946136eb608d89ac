"""The status line: result count, filter chips, sort order."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from parsers.corpus.query import FilterState, Term
from parsers.model import KINDS

__all__ = ["StatusLine", "term_label"]

KIND_TITLES = {**{k.kind: k.heading for k in KINDS}, "source": "Sources"}


def term_label(term: Term, name_of: Callable[[str, str], str]) -> str:
    """Short text of a term for a chip: ``Vladimir V. Putin``, ``"peace talks"``."""
    if term.field == "text":
        return term.value
    if term.field == "phrase":
        return f'"{term.value}"'
    if term.field in ("after", "before"):
        return f"{term.field} {term.value}"
    if term.field == "source":
        return f"source {term.value}"  # a bare "northwind" chip reads like a search word
    return name_of(term.field, term.value)


class StatusLine(Static):
    """One line: ``12 / 3,400 articles · [Putin] [−Russia] People:OR · newest first``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status--count",
        "status--include",
        "status--exclude",
        "status--text",
        "status--mode",
        "status--sort",
        "status--loading",
    }

    _last: Text | None = None
    _args: tuple[object, ...] | None = None

    def show(
        self,
        shown: int,
        total: int,
        state: FilterState,
        sort: str,
        name_of: Callable[[str, str], str],
        loading: str = "",
        sidebar_hint: bool = False,
    ) -> None:
        """Render the status for the current result."""
        self._args = (shown, total, state, sort, name_of, loading, sidebar_hint)
        self._show(self.size.width)

    def on_resize(self) -> None:
        if self._args is not None:
            self._show(self.size.width)

    def _show(self, width: int) -> None:
        assert self._args is not None
        shown, total, state, sort, name_of, loading, sidebar_hint = self._args
        assert isinstance(state, FilterState)
        style = self.get_component_rich_style
        head = Text(f"{shown:,} / {total:,} articles", style("status--count"))
        chips: list[Text] = []
        for term in state.terms:
            label = term_label(term, name_of)  # type: ignore[arg-type]
            if term.field in ("text", "phrase"):
                chip_style = style("status--exclude" if term.negate else "status--text")
            else:
                chip_style = style("status--exclude" if term.negate else "status--include")
            sign = "−" if term.negate else ""
            chips.append(Text.assemble(" ", (f" {sign}{label} ", chip_style)))
        tail = Text()
        for kind in sorted(state.or_kinds):
            tail.append(f" {KIND_TITLES.get(kind, kind)}:OR", style("status--mode"))
        tail.append(f"  ⇅ {sort} (s)", style("status--sort"))
        if sidebar_hint:
            tail.append("  b: entities", style("status--sort"))
        if loading:
            tail.append(f"  {loading}", style("status--loading"))
        # too many chips for the line: show the first ones and say how many are left
        # out (all of them are in the query bar), so the sort order stays in sight
        kept = len(chips)
        if width > 0:

            def length(n: int) -> int:
                more = len(f" +{len(chips) - n} more") if n < len(chips) else 0
                return head.cell_len + sum(c.cell_len for c in chips[:n]) + more + tail.cell_len

            while kept and length(kept) > width:
                kept -= 1
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append_text(head)
        for chip in chips[:kept]:
            text.append_text(chip)
        if kept < len(chips):
            text.append(f" +{len(chips) - kept} more", style("status--mode"))
        text.append_text(tail)
        if text != self._last:
            self._last = text
            self.update(text, layout=False)
