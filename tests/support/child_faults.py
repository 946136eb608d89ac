"""Child-load entry points that fail (``parsers.offload``): importable by a spawned child."""

from __future__ import annotations

import os
import time
from multiprocessing.connection import Connection


def dies(conn: Connection, files: list[str], cache_dir: str, parent: int) -> None:
    """Exits at once, saying nothing."""
    os._exit(3)


def dies_later(conn: Connection, files: list[str], cache_dir: str, parent: int) -> None:
    """Exits after it began to report."""
    conn.send(("warning", None, "about to go"))
    os._exit(3)


def fails(conn: Connection, files: list[str], cache_dir: str, parent: int) -> None:
    """Reports a fault, as the real child does when a stage raises."""
    conn.send(("fault", "RuntimeError: the disk caught fire"))


def hangs(conn: Connection, files: list[str], cache_dir: str, parent: int) -> None:
    """Says nothing for two minutes."""
    time.sleep(120)
