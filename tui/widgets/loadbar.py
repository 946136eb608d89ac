"""The loading line under the panes: what has loaded so far, and a bar of bytes read."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

__all__ = ["LoadBar"]


class LoadBar(Horizontal):
    """``loading 2/8 files · 750 articles · 3.1 MB/s  ━━━━━━━━━━╸━━━━━  40%  0:00:03``."""

    def compose(self) -> ComposeResult:
        yield Label("Loading…", id="progress-label")
        yield ProgressBar(id="progress-bar", show_eta=True)

    def show(self, bytes_done: int, bytes_total: int, line: Text) -> None:
        """Move the bar to ``bytes_done`` of ``bytes_total`` and say ``line``."""
        self.query_one(ProgressBar).update(total=max(1, bytes_total), progress=bytes_done)
        self.query_one("#progress-label", Label).update(line)
