"""What every part of :class:`parsers.store.cache.Cache` shares: its state (connections,
locks, warnings, the file ids it handed out) and the guarded write and damage notes.

The cache's methods live in modules by concern (``files``, ``resolved``, ``snapshots``,
``reading``, ``pruning``, ``repair``); each is a mixin on :class:`CacheState`, and
``Cache`` in :mod:`parsers.store.cache` (opening and connections) puts them together.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.store.errors import is_damage
from parsers.store.schema import DAMAGED_MARKER
from parsers.store.users import Users


class CacheState:
    """The attributes :class:`~parsers.store.cache.Cache` sets up, and its shared helpers."""

    dir: Path
    path: Path
    warnings: list[str]
    _reported: int
    #: writes (and the write connection's reads)
    lock: threading.RLock
    #: reads of article bodies (``rconn``)
    read_lock: threading.RLock
    conn: sqlite3.Connection
    rconn: sqlite3.Connection | None
    #: opened read-only (a read-only file or directory): nothing is stored
    readonly: bool
    _check_thread: threading.Thread | None
    #: file ids whose rows this object handed out: never dropped by its own clean-up
    _in_use: set[int]
    #: the set of files whose resolution ``load_article`` reads (the last load's)
    fileset: str | None
    users: Users

    if TYPE_CHECKING:  # defined by Cache (they read its BUSY_TIMEOUT) and Repair

        def _open(self, alone: bool) -> None: ...

        def _quick_check(self) -> str: ...

        def _start_check(self) -> None: ...  # Repair

    def _mark_damaged(self, why: object) -> None:
        """Remember that SQLite reported damage: the next open checks and rebuilds."""
        msg = f"cache {self.path} is damaged ({why}); it is rebuilt on the next open"
        if msg not in self.warnings:
            self.warnings.append(msg)
        with contextlib.suppress(OSError):
            (self.dir / DAMAGED_MARKER).write_text(str(why)[:500])

    def _unmark_damaged(self) -> None:
        with contextlib.suppress(OSError):
            (self.dir / DAMAGED_MARKER).unlink()

    def _close_quietly(self) -> None:
        for name in ("conn", "rconn"):
            c = getattr(self, name, None)
            if c is not None:
                with contextlib.suppress(sqlite3.Error):
                    c.close()

    @contextlib.contextmanager
    def _noting_damage(self) -> Iterator[None]:
        """Re-raise SQLite errors, remembering damage for the next open."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                self._mark_damaged(exc)
            raise

    def take_warnings(self) -> list[str]:
        """Warnings added since the last call (for a loader to report)."""
        out = self.warnings[self._reported :]
        self._reported = len(self.warnings)
        return out

    @contextlib.contextmanager
    def _write(self, what: str) -> Iterator[bool]:
        """One write transaction that may fail (disk full, read-only, busy, damaged):
        a warning, not an error; yields False (do nothing) on a read-only cache."""
        with self.lock:
            if self.readonly:
                yield False
                return
            try:
                with self.conn:
                    yield True
            except sqlite3.Error as exc:
                if is_damage(exc):
                    self._mark_damaged(exc)
                else:
                    self.warnings.append(f"cache: {what} not saved ({exc})")

    def _retire(self, path: str) -> None:
        self.conn.execute(
            "UPDATE files SET retired = julianday('now') WHERE path = ? AND retired IS NULL",
            (path,),
        )
