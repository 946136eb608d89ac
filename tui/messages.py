"""Messages that cross from the loader worker to the main screen."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message
from textual.notifications import SeverityLevel

from parsers.corpus.index import Corpus

__all__ = ["LoadFinished", "LoadNotice", "LoadProgress", "LoadStarted"]


@dataclass
class LoadStarted(Message):
    """The loader made the corpus it will fill (usable at once: it is thread-safe)."""

    corpus: Corpus


@dataclass
class LoadNotice(Message):
    """A file could not be loaded (``error``) or loaded with a ``warning``."""

    text: str
    severity: SeverityLevel = "error"


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
    complete: bool = False
    """Every row of a warm open is in (the cache's snapshot): no reason to wait."""

    def can_replace(self, message: Message) -> bool:
        """A later progress supersedes this one, unless this one is ``complete``."""
        return isinstance(message, LoadProgress) and not self.complete


@dataclass
class LoadFinished(Message):
    """Loading ended (``errors``: one line per file that failed)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
