"""Small modal dialogs of the reading state: a view's name, export (format + path), and
an article's numbered links.

Everything typed or shown here is plain text (``Content``/``markup=False``): view
names and paths are data, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, RadioButton, RadioSet
from textual.widgets.option_list import Option

from parsers.export import FORMATS

__all__ = ["ExportDialog", "ExportRequest", "LinksScreen", "NameDialog"]

FORMAT_LABELS = {
    "jsonl": "JSON Lines (the records 'newsdesk parse' writes)",
    "csv": "CSV (a row per article, entity columns)",
    "md": "Markdown digest",
}


class NameDialog(ModalScreen[str | None]):
    """Ask for a name: enter accepts, esc cancels. ``check(name)`` returns an error or
    a note (``(error, note)``): an error keeps the dialog open."""

    DEFAULT_CSS = """
    NameDialog { align: center middle; }
    NameDialog > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: round $accent; background: $surface;
    }
    NameDialog #name-note { color: $text-muted; height: auto; }
    NameDialog #name-note.error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        check: Callable[[str], tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.title_text), id="name-title")
            yield Input(value=self.value, id="name-input", placeholder="name")
            yield Label(Content("enter: save · esc: cancel"), id="name-note")

    def _note(self, text: str, error: bool) -> None:
        note = self.query_one("#name-note", Label)
        note.update(Content(text or "enter: save · esc: cancel"))
        note.set_class(error, "error")

    @on(Input.Changed, "#name-input")
    def _changed(self, event: Input.Changed) -> None:
        if self.check is not None:
            error, note = self.check(event.value)
            self._note(error or note, bool(error))

    @on(Input.Submitted, "#name-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.check is not None:
            error, _ = self.check(event.value)
            if error:
                self._note(error, True)
                self.app.bell()
                return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class ExportRequest:
    """Write the current result as ``fmt`` to ``path``."""

    fmt: str
    path: Path


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Pick a format and a file; enter in the path field exports, esc cancels."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 72; height: auto; padding: 1 2;
        border: round $accent; background: $surface;
    }
    ExportDialog RadioSet { width: 100%; margin: 1 0; }
    ExportDialog #export-note { color: $text-muted; }
    ExportDialog #export-note.error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, count: int, directory: Path | None = None, fmt: str = "jsonl") -> None:
        super().__init__()
        self.count = count
        self.directory = directory or Path.cwd()
        self.fmt = fmt
        self._auto_path = True

    def _default_path(self) -> str:
        return str(self.directory / f"newsdesk-export{FORMATS[self.fmt]}")

    def compose(self) -> ComposeResult:
        noun = "article" if self.count == 1 else "articles"
        with Vertical():
            yield Label(Content(f"Export the {self.count:,} {noun} of this result"))
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(
                        Content(FORMAT_LABELS[fmt]), value=fmt == self.fmt, id=f"fmt-{fmt}"
                    )
            yield Input(value=self._default_path(), id="export-path")
            yield Label(Content("enter: export · esc: cancel"), id="export-note")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format(self, event: RadioSet.Changed) -> None:
        button_id = event.pressed.id or ""
        self.fmt = button_id.removeprefix("fmt-")
        path = self.query_one("#export-path", Input)
        if self._auto_path:
            with path.prevent(Input.Changed):
                path.value = self._default_path()
        else:  # a path of one's own: only its extension follows the format
            p = Path(path.value)
            if p.suffix in FORMATS.values():
                with path.prevent(Input.Changed):
                    path.value = str(p.with_suffix(FORMATS[self.fmt]))

    def set_format(self, fmt: str) -> None:
        """Pick ``fmt`` (as a click on its button would)."""
        self.query_one(f"#fmt-{fmt}", RadioButton).value = True

    @on(Input.Changed, "#export-path")
    def _path_edited(self) -> None:
        self._auto_path = False

    @on(Input.Submitted, "#export-path")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        note = self.query_one("#export-note", Label)
        if not text:
            note.update(Content("give a file name"))
            note.add_class("error")
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.directory / path
        if path.is_dir() or not path.parent.is_dir():
            what = "is a folder" if path.is_dir() else "is in a folder that does not exist"
            note.update(Content(f"{path} {what}"))
            note.add_class("error")
            return
        self.dismiss(ExportRequest(self.fmt, path))

    def action_cancel(self) -> None:
        self.dismiss(None)


class LinksScreen(ModalScreen[str | None]):
    """The article's links, numbered (like newsboat's): a digit or enter opens one."""

    DEFAULT_CSS = """
    LinksScreen { align: center middle; }
    LinksScreen > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 80%;
        padding: 0 1; border: round $accent; background: $surface;
    }
    LinksScreen OptionList { height: auto; max-height: 30; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,l", "close", "Close"),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, title: str, links: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.links = links

    def compose(self) -> ComposeResult:
        width = len(str(len(self.links)))
        options = []
        for n, (url, text) in enumerate(self.links, 1):
            label = Content(f"{n:>{width}}  ")
            label += Content(text or url)
            if text and text != url:
                label += Content.styled(f"  {url}", "dim")
            options.append(Option(label, id=str(n)))
        with Vertical() as box:
            box.border_title = Content(f"Links: {self.title_text}")
            yield OptionList(*options)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_pick(self, n: int) -> None:
        if 1 <= n <= len(self.links):
            self.dismiss(self.links[n - 1][0])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(int(event.option.id or 0))

    def action_close(self) -> None:
        self.dismiss(None)
