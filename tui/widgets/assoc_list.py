"""The profile's "Appears with" list: kind headers and entities, one Line-API row each.

A :class:`~tui.widgets.cursor_list.CursorList` rather than an ``OptionList``: its rows
are rendered only when seen and cached as strips, where an ``OptionList`` lays out
every prompt through Textual's visual pipeline on each open (the bulk of a profile's
paint time at 100k articles). Headers are not selectable: the cursor steps over them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.message import Message
from textual.strip import Strip

from tui.present.profile import AssocRow
from tui.widgets.cursor_list import CursorList

__all__ = ["AssocList"]


class AssocList(CursorList):
    """Rows of :class:`~tui.present.profile.AssocRow`; enter posts :class:`Selected`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {"assoc--header"}

    DEFAULT_CSS = """
    AssocList { .assoc--header { text-style: bold; } }
    """

    @dataclass
    class Selected(Message):
        """Enter (or a click) on an entity row."""

        assoc: AssocList
        key: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: Sequence[AssocRow] = ()
        self._generation = 0

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def keys(self) -> list[str]:
        """The entity keys listed, in order."""
        return [row.key for row in self.rows if row.key]

    @property
    def highlighted_key(self) -> str | None:
        """The key under the cursor (None on a header or an empty list)."""
        if not self.rows:
            return None
        return self.rows[self.cursor].key or None

    def set_rows(self, rows: Sequence[AssocRow]) -> None:
        """Show ``rows``, the cursor on the first entity."""
        self.rows = rows
        self._generation += 1
        first = next((i for i, row in enumerate(rows) if row.key), 0)
        self.rows_changed(cursor=first)

    def move_to_key(self, key: str) -> bool:
        """Put the cursor on ``key``; False if it is not listed."""
        for index, row in enumerate(self.rows):
            if row.key == key:
                self.cursor = index
                return True
        return False

    def row_key(self, index: int) -> Hashable:
        return (self._generation, index)

    def render_row(self, index: int, width: int, highlighted: bool) -> Strip:
        row = self.rows[index]
        base = self.base_style
        prompt = row.prompt.copy()
        prompt.truncate(width, overflow="ellipsis")
        segments = list(prompt.render(self.app.console, end=""))
        strip = Strip(segments)
        if not row.key:
            strip = strip.apply_style(self.get_component_rich_style("assoc--header"))
        strip = strip.apply_style(base)
        return strip.adjust_cell_length(width, base)

    def _step(self, delta: int) -> None:
        """Move by ``delta`` onto the next entity row (headers are skipped)."""
        index = self.cursor + delta
        while 0 <= index < len(self.rows) and not self.rows[index].key:
            index += delta
        if 0 <= index < len(self.rows):
            self.cursor = index

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def on_row_selected(self, index: int) -> None:
        key = self.rows[index].key
        if key:
            self.post_message(self.Selected(self, key))
