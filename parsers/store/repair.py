"""Damage: the background ``quick_check``, and rebuilding a damaged database while
keeping every file whose rows still read back whole."""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
import threading
from pathlib import Path

from parsers.store.base import CacheState
from parsers.store.blobs import fts_row, unpack_blob
from parsers.store.errors import CacheError
from parsers.store.schema import CACHE_FILE, CHECKED_FILE


class Repair(CacheState):
    """Checking the database file in the background and rebuilding it when damaged."""

    def _rebuild_damaged(self, why: str) -> None:
        """A new database, with every file whose rows still read back whole copied from
        the damaged one (moved aside, then deleted): only the others are parsed again."""
        aside = self.dir / f"{CACHE_FILE}.damaged"
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{aside}{suffix}").unlink()
        try:
            for suffix in ("", "-wal"):
                src_path = Path(f"{self.path}{suffix}")
                if src_path.exists():
                    src_path.rename(Path(f"{aside}{suffix}"))
        except OSError:
            pass  # cannot move it aside: nothing to copy from
        self._reset_files()
        try:
            self._open(True)
        except sqlite3.Error as exc:
            self._close_quietly()
            raise CacheError(f"cannot create cache {self.path}: {exc}") from None
        kept = lost = 0
        if aside.exists():
            kept, lost = self._copy_readable(aside)
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(f"{aside}{suffix}").unlink()
        self.warnings.append(
            f"cache {self.path} was damaged ({why}); rebuilt it "
            f"({kept} files kept, {lost} to parse again)"
        )

    def _copy_readable(self, src_path: Path) -> tuple[int, int]:
        """Copy each current file of ``src_path`` whose rows all read and decode."""
        from urllib.parse import quote

        kept = lost = 0
        try:
            src = sqlite3.connect(f"file:{quote(str(src_path))}?mode=ro", uri=True)
        except sqlite3.Error:
            return 0, 0
        try:
            files = src.execute(
                "SELECT id, path, size, mtime_ns, ctime_ns, hash, n, warning, fileset, used "
                "FROM files WHERE retired IS NULL"
            ).fetchall()
        except sqlite3.Error:
            src.close()
            return 0, 0
        c = self.conn
        for row in files:
            fid, n = row[0], row[6]
            try:
                blobs = src.execute(
                    "SELECT pre, heads FROM file_blobs WHERE file_id = ?", (fid,)
                ).fetchone()
                arts = src.execute(
                    "SELECT rowid, idx, body, ents FROM articles WHERE file_id = ? ORDER BY idx",
                    (fid,),
                ).fetchall()
                if blobs is None or len(arts) != n:
                    raise ValueError("rows missing")
                unpack_blob(blobs[0])
                if blobs[1]:
                    unpack_blob(blobs[1])
                fts = [fts_row(rowid, body) for rowid, _, body, ents in arts]
                for *_, ents in arts:
                    marshal.loads(ents)
                rents = (
                    src.execute(
                        "SELECT rowid, fileset, ents FROM rents WHERE rowid BETWEEN ? AND ?",
                        (arts[0][0], arts[-1][0]),
                    ).fetchall()
                    if arts
                    else []
                )
            except (sqlite3.Error, ValueError, EOFError, TypeError, IndexError):
                lost += 1
                continue
            with c:
                c.execute(
                    "INSERT INTO files(id, path, size, mtime_ns, ctime_ns, hash, n, warning, "
                    "fileset, used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
                c.execute("INSERT INTO file_blobs VALUES (?, ?, ?)", (fid, *blobs))
                c.executemany(
                    "INSERT INTO articles(rowid, file_id, idx, body, ents) VALUES (?, ?, ?, ?, ?)",
                    [(rowid, fid, idx, body, ents) for rowid, idx, body, ents in arts],
                )
                c.executemany("INSERT INTO rents VALUES (?, ?, ?)", rents)
                c.executemany("INSERT INTO fts(rowid, title, dek, body) VALUES (?, ?, ?, ?)", fts)
            kept += 1
        src.close()
        return kept, lost

    def _reset_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                Path(str(self.path) + suffix).unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise CacheError(f"cannot remove broken cache {self.path}: {exc}") from None
        self._unmark_damaged()
        with contextlib.suppress(OSError):
            (self.dir / CHECKED_FILE).unlink()

    def _signature(self) -> str:
        try:
            st = os.stat(self.path)
        except OSError:
            return ""
        return f"{st.st_ino} {st.st_size} {st.st_mtime_ns}"

    def _start_check(self) -> None:
        """Background ``quick_check`` when the file changed since its last clean one."""
        if self._check_thread is not None and self._check_thread.is_alive():
            return
        sig = self._signature()
        try:
            last = (self.dir / CHECKED_FILE).read_text()
        except OSError:
            last = ""
        if not sig or sig == last:
            return

        def check() -> None:
            problem = self._quick_check()
            if problem:
                self._mark_damaged(problem)
            else:
                with contextlib.suppress(OSError):
                    (self.dir / CHECKED_FILE).write_text(sig)

        self._check_thread = threading.Thread(target=check, name="cache-check", daemon=True)
        self._check_thread.start()

    def wait_checked(self) -> None:
        """Wait for the background check (tests, ``newsdesk cache``)."""
        if self._check_thread is not None:
            self._check_thread.join()
