"""The ``e`` screen: the open article's entities, numbered, to filter by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from parsers.model import KINDS
from tui.present.entities import EntityRow

__all__ = ["EntityChoice", "EntityListScreen", "EntityRow"]

KIND_LABELS = {k.kind: k.label for k in KINDS}


@dataclass(frozen=True)
class EntityChoice:
    """What the screen returns: toggle ``key`` (of ``kind``), as exclude if ``negate``."""

    kind: str
    key: str
    negate: bool
    profile: bool = False
    """Open its profile instead (``i``)."""


class EntityListScreen(ModalScreen[EntityChoice | None]):
    """Numbered list like newsboat's links list; a number or enter picks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,e", "close", "Close"),
        Binding("x", "pick(True)", "Exclude"),
        Binding("i", "profile", "Profile"),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
    ]

    def action_move(self, delta: int) -> None:
        """j / k, as in every other list of the app."""
        options = self.query_one(OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def __init__(self, title: str, rows: list[EntityRow]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.digits = ""

    def compose(self) -> ComposeResult:
        width = len(str(len(self.rows)))
        options = []
        for number, row in enumerate(self.rows, 1):
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append(f"{number:>{width}}  ", style="bold")
            prompt.append(f"{KIND_LABELS.get(row.kind, row.kind):<8}", style="dim")
            if row.active is False:
                prompt.append("+ ", style="bold green")
            elif row.active is True:
                prompt.append("− ", style="bold red")
            prompt.append(row.name)
            if row.mentions:
                prompt.append(f"  ×{row.mentions}", style="dim")
            options.append(Option(prompt, id=row.key))
        with Vertical(id="entity-box") as box:
            box.border_title = Content(f"In this article: {self.title_text}")  # data, not markup
            box.border_subtitle = "number/enter include · x exclude · i profile · esc close"
            if not options:
                options.append(Option("No entities recognised in this article.", disabled=True))
            yield OptionList(*options, id="entity-options")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index, negate=False)

    def _choose(self, index: int, negate: bool) -> None:
        if 0 <= index < len(self.rows):
            row = self.rows[index]
            self.dismiss(EntityChoice(row.kind, row.key, negate))

    def action_pick(self, negate: bool) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self._choose(highlighted, negate)

    def action_profile(self) -> None:
        """``i``: the highlighted entity's profile."""
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and 0 <= highlighted < len(self.rows):
            row = self.rows[highlighted]
            self.dismiss(EntityChoice(row.kind, row.key, False, profile=True))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_key(self, event: events.Key) -> None:
        """Digits: pick at once when unambiguous, else highlight and wait for enter."""
        if not (event.character and event.character.isdigit()):
            self.digits = ""
            return
        event.stop()
        event.prevent_default()
        self.digits += event.character
        number = int(self.digits)
        if number < 1 or number > len(self.rows):
            self.digits = event.character if 1 <= int(event.character) <= len(self.rows) else ""
            if not self.digits:
                self.app.bell()
                return
            number = int(self.digits)
        options = self.query_one(OptionList)
        options.highlighted = number - 1
        if number * 10 > len(self.rows):
            self._choose(number - 1, negate=False)
