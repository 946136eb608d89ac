"""The status line: result count, filter chips, sort order."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from tui.present.status import StatusView

__all__ = ["StatusLine"]


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
        "status--unread",
    }

    _last: Text | None = None
    _view: StatusView | None = None

    def show(self, view: StatusView) -> None:
        """Render the status for the current result."""
        self._view = view
        self._show(self.size.width)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.on_resize())

    def on_resize(self) -> None:
        """Re-lay the line for a new width or a new theme (its styles are baked in)."""
        if self._view is not None:
            self._show(self.size.width)

    def _show(self, width: int) -> None:
        view = self._view
        assert view is not None
        style = self.get_component_rich_style
        head = Text(f"{view.shown:,} / {view.total:,} articles", style("status--count"))
        if view.unread is not None:
            head.append(f" · {view.unread:,} unread", style("status--unread"))
        chips: list[Text] = []
        for chip in view.chips:
            if chip.words:
                chip_style = style("status--exclude" if chip.negate else "status--text")
            else:
                chip_style = style("status--exclude" if chip.negate else "status--include")
            sign = "−" if chip.negate else ""
            chips.append(Text.assemble(" ", (f" {sign}{chip.label} ", chip_style)))
        tail = Text()
        for title in view.or_titles:
            tail.append(f" {title}:OR", style("status--mode"))
        tail.append(f"  ⇅ {view.sort} (s)", style("status--sort"))
        if view.sidebar_hint:
            tail.append("  b: entities", style("status--sort"))
        if view.loading:
            tail.append(f"  {view.loading}", style("status--loading"))
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
        for part in chips[:kept]:
            text.append_text(part)
        if kept < len(chips):
            text.append(f" +{len(chips) - kept} more", style("status--mode"))
        text.append_text(tail)
        if text != self._last:
            self._last = text
            self.update(text, layout=False)
