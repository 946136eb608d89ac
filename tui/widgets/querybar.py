"""The query bar: the whole filter as text, editable after ``/``.

At rest it is a one-line Static showing ``state.to_query()`` (what the sidebar and
the query built together); ``/`` swaps in an Input holding the same text. Keeping
the Input out of the way at rest matters for speed too: an Input re-lays out the
screen on every value change, a Static updated in place does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from parsers.corpus.query import FilterState, QueryError, parse_query
from parsers.query_history import QueryHistory, history_path

__all__ = ["QueryBar"]

PLACEHOLDER = 'press / to search: words "phrases" person:Putin -country:RU after:2025-02-01'


class QueryInput(Input):
    """The query text box; escape reverts and leaves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Close", show=False),
        Binding("up", "recall(-1)", "Older query", show=False),
        Binding("down", "recall(1)", "Newer query", show=False),
    ]

    async def _on_key(self, event: events.Key) -> None:
        """Editing keys (ctrl+u, backspace, arrows...) act at once, in the order typed.

        A bound key otherwise bubbles up to the app before its binding runs, while the
        printable keys after it are inserted straight away: ``ctrl+u`` then ``abc`` in
        one burst would wipe the ``abc``.
        """
        if not event.is_printable:
            bindings = self._bindings.key_to_bindings.get(event.key)
            if bindings:
                event.stop()
                event.prevent_default()
                await self.run_action(bindings[0].action)
                return
        await super()._on_key(event)

    def action_leave(self) -> None:
        self.post_message(QueryBar.Leave())

    def action_recall(self, delta: int) -> None:
        self.query_ancestor(QueryBar).recall(delta)


class QueryText(Static):
    """The applied query at rest; a click starts editing."""

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(QueryBar.EditRequested())


class QueryBar(Vertical):
    """Shows ``state.to_query()``; on enter parses the text, showing errors inline."""

    @dataclass
    class Submitted(Message):
        """A query parsed: the new filter state (``refocus``: enter, so back to the
        list; a tab or a click away applies the edit where the focus went)."""

        state: FilterState
        refocus: bool = True

    class Leave(Message):
        """Escape in the query bar: revert any edit and go back to the list."""

    class EditRequested(Message):
        """The query text was clicked."""

    def __init__(self, *, id: str | None = None, history: QueryHistory | None = None) -> None:
        super().__init__(id=id)
        self.applied = ""
        self.error: QueryError | None = None
        self._history = history
        #: position in the history while browsing it with up/down (None: the edit)
        self._recalled: int | None = None
        self._draft = ""

    @property
    def history(self) -> QueryHistory:
        """Submitted queries, kept across sessions (read on first use)."""
        if self._history is None:
            self._history = QueryHistory(history_path())
        return self._history

    def recall(self, delta: int) -> None:
        """Up (-1) / down (+1) in the editor: older / newer submitted queries;
        down past the newest brings back what was being typed."""
        entries = self.history.entries
        if not entries:
            return
        if self._recalled is None:
            if delta > 0:
                return
            self._draft = self.input.value
            pos = len(entries)
        else:
            pos = self._recalled
        pos = max(0, pos + delta)
        if pos >= len(entries):
            self._recalled = None
            value = self._draft
        else:
            self._recalled = pos
            value = entries[pos]
        self.input.value = value
        self.input.cursor_position = len(value)

    def compose(self) -> ComposeResult:
        with Horizontal(id="query-row"):
            yield Label("/", id="query-prompt")
            yield QueryText(Text(PLACEHOLDER, style="dim"), id="query-text")
            # no select-all on focus: ``/`` is for adding to the filter the sidebar built,
            # and a select-all would let the first key typed wipe it out
            yield QueryInput(
                placeholder=PLACEHOLDER, id="query-input", compact=True, select_on_focus=False
            )
        yield Static("", id="query-error")

    def on_mount(self) -> None:
        self.input.display = False

    @property
    def input(self) -> Input:
        return self.query_one(QueryInput)

    @property
    def editing(self) -> bool:
        """Whether the text box is out (after ``/``)."""
        return bool(self.input.display)

    @property
    def shown_text(self) -> str:
        """The query text on screen (the applied one at rest, the edit while editing)."""
        if self.editing:
            return self.input.value
        return self.applied

    def show_state(self, state: FilterState) -> None:
        """Show the applied state (an edit in progress is left alone)."""
        self.applied = state.to_query()
        text = Text(self.applied) if self.applied else Text(PLACEHOLDER, style="dim")
        self.query_one(QueryText).update(text, layout=False)
        if self.editing and not self.error:
            self.input.value = self.applied

    def start_edit(self, text: str | None = None) -> None:
        """Swap in the text box, holding ``text`` (default: the applied query)."""
        self.input.value = self.applied if text is None else text
        self._recalled = None
        self.input.display = True
        self.query_one(QueryText).display = False
        # focus now, not on the next turn of the loop (``focus()``): keys typed in one
        # burst after ``/`` are already queued and must land here, not in the list
        self.screen.set_focus(self.input)
        self.input.cursor_position = len(self.input.value)

    def stop_edit(self) -> None:
        """Back to the static text, dropping any edit and error."""
        self._set_error(None)
        self.input.display = False
        self.query_one(QueryText).display = True

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
        text.append("   (esc reverts)", style="dim")
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
        self.stop_edit()
        self.history.add(event.value)
        self.post_message(self.Submitted(state))

    def edit_with_error(self, text: str) -> None:
        """Open the editor on ``text`` and show why it does not parse."""
        self.start_edit(text)
        try:
            parse_query(text)
        except QueryError as error:
            self._set_error(error)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving the editor (tab, a click elsewhere) applies the edit, as enter does;
        only esc drops it. An edit that does not parse stays open with its error."""
        if event.widget is not self.input or not self.editing:
            return
        value = self.input.value
        if value.strip() == self.applied.strip():
            self.stop_edit()
            return
        try:
            state = parse_query(value)
        except QueryError as error:
            self._set_error(error)
            return
        self.stop_edit()
        self.history.add(value)
        self.post_message(self.Submitted(state, refocus=False))
