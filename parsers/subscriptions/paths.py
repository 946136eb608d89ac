"""Where the library lives: beside the state store, in the user data dir
(``NEWSDESK_DATA_DIR`` overrides it)."""

from __future__ import annotations

from pathlib import Path

from parsers.state.store import data_dir

__all__ = ["LIBRARY_FILE", "data_dir", "library_path"]

LIBRARY_FILE = "library.sqlite3"


def library_path() -> Path:
    """The subscriptions library database (user data: never the rebuildable cache)."""
    return data_dir() / LIBRARY_FILE
