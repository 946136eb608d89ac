"""The theme picked in the app, remembered across sessions.

A small JSON object in the user data directory (``NEWSDESK_DATA_DIR``
overrides it): the theme picked, and the config file's ``theme`` at the time.
The pick wins over the config until the config's ``theme`` is edited: then the
file says what the reader wants now. A file that cannot be read or written
leaves the choice for this session only.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

__all__ = ["ThemeMemory", "theme_memory_path"]

FILENAME = "theme.json"


def theme_memory_path() -> Path:
    """Where the picked theme is kept by default."""
    from parsers.state.store import data_dir

    return data_dir() / FILENAME


class ThemeMemory:
    """The last theme picked in the app, and the config's theme it was picked over."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.picked: str | None = None
        self.over: str | None = None
        if path is not None:
            with contextlib.suppress(OSError, ValueError):
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    picked, over = data.get("theme"), data.get("config_theme")
                    if isinstance(picked, str) and isinstance(over, str):
                        self.picked, self.over = picked, over

    def choose(self, configured: str) -> str:
        """The theme to start with, given the config's ``configured`` theme."""
        if self.picked and self.over == configured:
            return self.picked
        return configured

    def remember(self, picked: str, configured: str) -> None:
        """``picked`` in the app while the config said ``configured``: keep it."""
        if (picked, configured) == (self.picked, self.over):
            return
        self.picked, self.over = picked, configured
        if self.path is None:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".theme-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump({"theme": picked, "config_theme": configured}, f)
                os.replace(tmp, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
