"""The status line: result count, filter chips, sort order."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from parsers.query import FilterState, Term

__all__ = ["StatusLine", "term_label"]

KIND_TITLES = {
    "person": "People",
    "country": "Countries",
    "org": "Organisations",
    "place": "Places",
    "author": "Authors",
    "source": "Sources",
}


def term_label(term: Term, name_of: Callable[[str, str], str]) -> str:
    """Short text of a term for a chip: ``Vladimir V. Putin``, ``"peace talks"``."""
    if term.field == "text":
        return term.value
    if term.field == "phrase":
        return f'"{term.value}"'
    if term.field in ("after", "before"):
        return f"{term.field} {term.value}"
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
        style = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{shown:,} / {total:,} articles", style("status--count"))
        for term in state.terms:
            text.append(" ")
            label = term_label(term, name_of)
            if term.field in ("text", "phrase"):
                chip_style = style("status--exclude" if term.negate else "status--text")
            else:
                chip_style = style("status--exclude" if term.negate else "status--include")
            sign = "−" if term.negate else ""
            text.append(f" {sign}{label} ", chip_style)
        for kind in sorted(state.or_kinds):
            text.append(f" {KIND_TITLES.get(kind, kind)}:OR", style("status--mode"))
        text.append(f"  ⇅ {sort} (s)", style("status--sort"))
        if sidebar_hint:
            text.append("  b: entities", style("status--sort"))
        if loading:
            text.append(f"  {loading}", style("status--loading"))
        if text != self._last:
            self._last = text
            self.update(text, layout=False)
