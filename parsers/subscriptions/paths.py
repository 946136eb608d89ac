"""Where the library lives: the user data dir, or ``NEWSDESK_DATA_DIR``."""

from __future__ import annotations

import os
from pathlib import Path

LIBRARY_FILE = "library.sqlite3"


def data_dir() -> Path:
    """The user data dir (platformdirs), overridden by ``NEWSDESK_DATA_DIR``."""
    override = os.environ.get("NEWSDESK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsdesk"))


def library_path() -> Path:
    """The subscriptions library database (user data: never the rebuildable cache)."""
    return data_dir() / LIBRARY_FILE
