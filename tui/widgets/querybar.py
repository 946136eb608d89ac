"""The query bar: the whole filter as text, editable after ``/``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from parsers.query import FilterState, QueryError, parse_query

__all__ = ["QueryBar"]


class QueryInput(Input):
    """The query text box; escape reverts and leaves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Close", show=False),
    ]

    def action_leave(self) -> None:
        self.post_message(QueryBar.Leave())


class QueryBar(Vertical):
    """Shows ``state.to_query()``; on enter parses the text, showing errors inline."""

    @dataclass
    class Submitted(Message):
        """A query parsed: the new filter state."""

        state: FilterState

    class Leave(Message):
        """Escape in the query bar: revert any edit and go back to the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.applied = ""
        self.error: QueryError | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="query-row"):
            yield Label("/", id="query-prompt")
            yield QueryInput(
                placeholder='search: words, "phrases", person:Putin -country:RU … (press /)',
                id="query-input",
                compact=True,
            )
        yield Static("", id="query-error")

    @property
    def input(self) -> Input:
        return self.query_one(QueryInput)

    def show_state(self, state: FilterState) -> None:
        """Show the applied state (unless the user is mid-edit)."""
        self.applied = state.to_query()
        if (not self.input.has_focus or not self.error) and self.input.value != self.applied:
            self.input.value = self.applied
            self._set_error(None)

    def revert(self) -> None:
        """Drop any edit and error."""
        self.input.value = self.applied
        self._set_error(None)

    def _set_error(self, error: QueryError | None) -> None:
        if error is None and self.error is None:
            return
        self.error = error
        self.set_class(error is not None, "-error")
        message = self.query_one("#query-error", Static)
        if error is None:
            message.update("")
            return
        text = Text()
        text.append(" " * (2 + error.position) + "^ ", style="bold")
        text.append(error.message)
        text.append("   (esc to revert)", style="dim")
        message.update(text)

    @on(Input.Changed, "#query-input")
    def _check(self, event: Input.Changed) -> None:
        event.stop()
        if self.error is not None:
            try:
                parse_query(event.value)
            except QueryError as error:
                self._set_error(error)
            else:
                self._set_error(None)

    @on(Input.Submitted, "#query-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            state = parse_query(event.value)
        except QueryError as error:
            self._set_error(error)
            return
        self._set_error(None)
        self.post_message(self.Submitted(state))
