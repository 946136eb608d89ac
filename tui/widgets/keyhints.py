"""A one-line key bar: the main keys, each clickable.

Textual's Footer is a widget per key, restyled on every focus change, which is
most of what it costs to start the app; this is one Static whose text is built
from the screen's bindings once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

__all__ = ["KeyHints"]

KEY_LABELS = {"question_mark": "?", "slash": "/", "ctrl+p": "^p"}


class KeyHints(Static):
    """`` q Quit  ? Help  / Search …``; clicking a hint runs its action on the screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keyhints--key", "keyhints--label"}

    def show_bindings(
        self, bindings: Iterable[Binding], extra: Iterable[tuple[str, str, str]]
    ) -> None:
        """Render the shown ``bindings`` plus ``extra`` (key, label, action) hints."""
        key_style = self.get_component_rich_style("keyhints--key")
        label_style = self.get_component_rich_style("keyhints--label")
        text = Text(no_wrap=True, overflow="crop")
        hints = [(b.key.split(",")[0], b.description, b.action) for b in bindings if b.show]
        for key, label, action in [*hints, *extra]:
            namespace = "" if action.startswith(("app.", "screen.")) else "screen."
            click = Style(meta={"@click": f"{namespace}{action}"})
            text.append(f" {KEY_LABELS.get(key, key)} ", key_style + click)
            text.append(f"{label} ", label_style + click)
        self.update(text)

    @property
    def link_style(self) -> Style:
        """Hints keep their own colours."""
        return Style()
