"""A one-line key bar: the main keys, each clickable.

Textual's Footer is a widget per key, restyled on every focus change, which is
most of what it costs to start the app; this is one Static whose text is built
from the screen's bindings once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from parsers.config import DEFAULT

__all__ = ["KeyHints"]

KEY_LABELS = {"question_mark": "?", "slash": "/", "ctrl+p": "^p", "asterisk": "*"}


class KeyHints(Static):
    """`` q Quit  ? Help  / Search …``; clicking a hint runs its action on the screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keyhints--key", "keyhints--label"}

    _hints: list[tuple[str, str, str]] | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._render_hints())

    def show_bindings(
        self,
        bindings: Iterable[Binding],
        extra: Iterable[tuple[str, str, str]],
        scope: str = "main",
    ) -> None:
        """Render the shown ``bindings`` (of keymap ``scope``: the config may rebind
        them) plus ``extra`` (key, label, action) hints."""
        from tui.keymap import action_name

        keys: Mapping[str, str] = getattr(self.app, "config", DEFAULT).keys
        hints = []
        for b in bindings:
            if b.show:
                key = keys.get(f"{scope}.{action_name(scope, b.action)}", b.key)
                hints.append((key.split(",")[0], b.description, b.action))
        palette = keys.get("app.command_palette")
        more = [
            (palette.split(",")[0] if palette and a == "app.command_palette" else k, label, a)
            for k, label, a in extra
        ]
        self._hints = [*hints, *more]
        self._render_hints()

    def _render_hints(self) -> None:
        """Build the line in the current theme's colours (again after a theme change)."""
        if self._hints is None:
            return
        key_style = self.get_component_rich_style("keyhints--key")
        label_style = self.get_component_rich_style("keyhints--label")
        text = Text(no_wrap=True, overflow="crop")
        for key, label, action in self._hints:
            namespace = "" if action.startswith(("app.", "screen.")) else "screen."
            click = Style(meta={"@click": f"{namespace}{action}"})
            text.append(f" {KEY_LABELS.get(key, key)} ", key_style + click)
            text.append(f"{label} ", label_style + click)
        self.update(text)

    @property
    def link_style(self) -> Style:
        """Hints keep their own colours."""
        return Style()
