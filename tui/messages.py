"""Messages that cross from the loader worker to the main screen."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

__all__ = ["LoadFinished", "LoadProgress"]


@dataclass
class LoadProgress(Message):
    """Loading advanced: counts so far and the newly arrived batch size."""

    files_done: int
    files_total: int
    articles: int
    bytes_done: int
    bytes_total: int
    elapsed: float
    new_articles: int = 0

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress) and not self.new_articles


@dataclass
class LoadFinished(Message):
    """Loading ended (``errors``: one line per file that failed)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
