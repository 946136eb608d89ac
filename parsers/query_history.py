"""The queries a reader submitted, newest last, kept across sessions.

A small JSON list in the user data directory (``NEWSDESK_DATA_DIR`` overrides
it); a repeat moves to the end; the oldest go past :data:`LIMIT`. A file that
cannot be read or written leaves the history in memory only.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

__all__ = ["LIMIT", "QueryHistory", "history_path"]

LIMIT = 200
FILENAME = "query_history.json"


def history_path() -> Path:
    """Where the history lives by default."""
    from parsers.state.store import data_dir

    return data_dir() / FILENAME


class QueryHistory:
    """Submitted queries, oldest first (``entries``)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.entries: list[str] = []
        if path is not None:
            with contextlib.suppress(OSError, ValueError):
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, list):
                    self.entries = [q for q in data if isinstance(q, str) and q.strip()][-LIMIT:]

    def add(self, query: str) -> None:
        """Remember ``query`` (stripped; empty ones are not kept) and save."""
        query = query.strip()
        if not query:
            return
        if query in self.entries:
            self.entries.remove(query)
        self.entries.append(query)
        del self.entries[:-LIMIT]
        self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".history-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(self.entries, f, ensure_ascii=False)
                os.replace(tmp, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
