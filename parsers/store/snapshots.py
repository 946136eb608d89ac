"""Whole-corpus snapshots (the warm path): one blob of columns per recent set of files."""

from __future__ import annotations

import contextlib
import marshal
import sqlite3
from collections.abc import Sequence

from parsers.corpus.rows import SnapshotColumns
from parsers.store.base import CacheState
from parsers.store.errors import is_damage
from parsers.store.schema import KEEP_SNAPSHOTS
from parsers.store.snapshot_blob import pack_columns, unpack_columns


class Snapshots(CacheState):
    """Reading, saving and touching the ``snapshots`` rows."""

    def snapshot(
        self, fileset: str, file_ids: Sequence[int] | None = None
    ) -> SnapshotColumns | None:
        """Columns saved for this exact set of files, or None. ``file_ids``: the
        generations the caller's entries are; a snapshot made from others is not used."""
        try:
            with self.lock:
                row = self.conn.execute(
                    "SELECT gens, blob FROM snapshots WHERE fileset = ?", (fileset,)
                ).fetchone()
            if row is None:
                return None
            gens = marshal.loads(row[0])
            if file_ids is not None and gens != sorted(file_ids):
                return None
            cols = unpack_columns(row[1])
            self._in_use.update(gens)
            self.fileset = fileset
            return cols
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                self._mark_damaged(exc)
            return None  # the per-file path rebuilds it
        except (ValueError, EOFError, TypeError, KeyError):
            return None

    def store_snapshot(
        self, fileset: str, cols: SnapshotColumns, file_ids: Sequence[int] = ()
    ) -> None:
        """Save the columns of a whole set of files (``file_ids``: their generations)."""
        blob = pack_columns(cols)
        gens = marshal.dumps(sorted(file_ids))
        with self._write("snapshot") as ok:
            if not ok:
                return
            self.conn.execute(
                "INSERT OR REPLACE INTO snapshots VALUES (?, julianday('now'), ?, ?, ?)",
                (fileset, len(cols["ids"]), gens, blob),
            )
            self.conn.execute(
                "DELETE FROM snapshots WHERE fileset NOT IN "
                "(SELECT fileset FROM snapshots ORDER BY used DESC LIMIT ?)",
                (KEEP_SNAPSHOTS,),
            )

    def touch_snapshot(self, fileset: str) -> None:
        """Mark a snapshot (and its files) used; at most once an hour, so that a warm
        open seldom writes (a write would make the next open check the file)."""
        with self.lock:
            row = self.conn.execute(
                "SELECT gens FROM snapshots WHERE fileset = ? AND used < julianday('now') - ?",
                (fileset, 1 / 24),
            ).fetchone()
        if row is None:
            return
        with self._write("snapshot use") as ok:
            if ok:
                self.conn.execute(
                    "UPDATE snapshots SET used = julianday('now') WHERE fileset = ?", (fileset,)
                )
                with contextlib.suppress(ValueError, EOFError, TypeError):
                    ids = list(marshal.loads(row[0]))
                    self.conn.executemany(
                        "UPDATE files SET used = julianday('now') WHERE id = ?",
                        [(i,) for i in ids],
                    )
