"""Where newsdesk keeps its caches (no heavy imports: entity workers use it too).

``NEWSDESK_CACHE_DIR`` overrides the directory; ``NEWSDESK_NO_CACHE=1`` (set by
``--no-cache``) turns every on-disk cache off, the gazetteer pickle included.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["NO_CACHE_ENV", "cache_dir", "caching_disabled"]

NO_CACHE_ENV = "NEWSDESK_NO_CACHE"


def cache_dir() -> Path:
    env = os.environ.get("NEWSDESK_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("newsdesk"))


def caching_disabled() -> bool:
    """True when the user asked for no on-disk cache (inherited by worker processes)."""
    return os.environ.get(NO_CACHE_ENV, "") not in ("", "0")
