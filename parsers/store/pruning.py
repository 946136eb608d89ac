"""Pruning: retiring files that went, deleting retired generations, the age and size
limits, giving pages back (only when no other process has the cache open)."""

from __future__ import annotations

import marshal
import os

from parsers.store.base import CacheState
from parsers.store.blobs import fts_row
from parsers.store.schema import MAX_AGE_DAYS, size_cap
from parsers.store.users import CacheBusy


class Pruning(CacheState):
    """End-of-load clean-up of the database."""

    def _delete_file(self, file_id: int) -> None:
        # a contentless FTS5 row is deleted with exactly the texts it was given; one
        # whose body is unreadable stays, matching a rowid that is never used again
        docs = []
        for rowid, body in self.conn.execute(
            "SELECT rowid, body FROM articles WHERE file_id = ?", (file_id,)
        ).fetchall():
            try:
                docs.append(fts_row(rowid, body))
            except (ValueError, EOFError, TypeError, IndexError):
                continue
        self.conn.executemany(
            "INSERT INTO fts(fts, rowid, title, dek, body) VALUES ('delete', ?, ?, ?, ?)", docs
        )
        self.conn.execute(
            "DELETE FROM rents WHERE rowid IN (SELECT rowid FROM articles WHERE file_id = ?)",
            (file_id,),
        )
        self.conn.execute("DELETE FROM articles WHERE file_id = ?", (file_id,))
        self.conn.execute("DELETE FROM file_blobs WHERE file_id = ?", (file_id,))
        self.conn.execute("DELETE FROM files WHERE id = ?", (file_id,))

    def prune_missing(self) -> int:
        """End of a load: retire cached files that no longer exist on disk, then
        :meth:`housekeeping`; returns how many files went."""
        with self.lock:
            rows = self.conn.execute("SELECT path FROM files WHERE retired IS NULL").fetchall()
        gone = [p for (p,) in rows if not os.path.exists(p)]
        if gone:
            with self._write("forgetting files") as ok:
                if ok:
                    for p in gone:
                        self._retire(p)
        self.housekeeping()
        return len(gone)

    def housekeeping(self, *, check: bool = True) -> dict[str, int]:
        """When no other process has the cache open: delete retired generations, drop
        files unused for :data:`MAX_AGE_DAYS` and the least recently used ones above
        :func:`size_cap`, give freed pages back. Then, when the database file changed
        since its last clean check, ``PRAGMA quick_check`` it in a background thread
        (:meth:`wait_checked`). Returns what was deleted (empty when not alone)."""
        done: dict[str, int] = {}
        if self.readonly:
            return done
        try:
            with self.users.mutex(timeout=1.0):
                if self.users.alone():
                    done = self._collect()
        except (CacheBusy, OSError):
            pass
        if check:
            self._start_check()
        return done

    def _collect(self) -> dict[str, int]:
        done = {"files": 0, "retired": 0, "snapshots": 0}
        with self._write("clean-up") as ok:
            if not ok:
                return done
            c = self.conn
            keep = sorted(self._in_use)
            marks = ",".join("?" * len(keep))
            c.execute(
                "UPDATE files SET retired = julianday('now') WHERE retired IS NULL "
                f"AND used < julianday('now') - ? AND id NOT IN ({marks})",
                (MAX_AGE_DAYS, *keep),
            )
            page = c.execute("PRAGMA page_size").fetchone()[0]
            pages = c.execute("PRAGMA page_count").fetchone()[0]
            free = c.execute("PRAGMA freelist_count").fetchone()[0]
            used_bytes = (pages - free) * page
            if used_bytes > size_cap():
                rows = c.execute(
                    "SELECT id, n FROM files WHERE retired IS NULL ORDER BY used"
                ).fetchall()
                total = sum(n or 0 for _, n in rows) or 1
                excess = used_bytes - size_cap()
                for fid, n in rows:
                    if excess <= 0:
                        break
                    if fid in self._in_use:
                        continue
                    c.execute("UPDATE files SET retired = julianday('now') WHERE id = ?", (fid,))
                    excess -= used_bytes * (n or 0) // total
                    done["files"] += 1
            # resolutions in sets of files other than each file's last one: only a
            # process that had that set open could read them, and none is left
            c.execute(
                "DELETE FROM rents WHERE fileset IS NOT (SELECT f.fileset FROM articles a "
                "JOIN files f ON f.id = a.file_id WHERE a.rowid = rents.rowid)"
            )
            retired = [r[0] for r in c.execute("SELECT id FROM files WHERE retired IS NOT NULL")]
            for fid in retired:
                self._delete_file(fid)
            done["retired"] = len(retired)
            if retired:
                current = {r[0] for r in c.execute("SELECT id FROM files")}
                for key, gens in c.execute("SELECT fileset, gens FROM snapshots").fetchall():
                    try:
                        ok_gens = set(marshal.loads(gens)) <= current
                    except (ValueError, EOFError, TypeError):
                        ok_gens = False
                    if not ok_gens:
                        c.execute("DELETE FROM snapshots WHERE fileset = ?", (key,))
                        done["snapshots"] += 1
        if done["retired"]:
            with self._write("giving space back") as ok:
                if ok:
                    self.conn.execute("PRAGMA incremental_vacuum")
        return done
