"""Storing a parsed file: its generation row, article rows and FTS rows; finding a
moved file's rows again; listing what is cached."""

from __future__ import annotations

import marshal
import os
import sqlite3
import stat as stat_mod
from collections.abc import Sequence
from itertools import repeat

from parsers.corpus.rows import head_block, plain_block
from parsers.model import Article
from parsers.store.base import CacheState
from parsers.store.blobs import (
    Prepared,
    fts_texts,
    pack_blob,
    prepare,
    stubs_from_pre,
    unpack_blob,
)
from parsers.store.codec import _ROW_FIELDS
from parsers.store.fingerprint import file_hash
from parsers.store.schema import FILE_COLUMNS, FileEntry


class FileRows(CacheState):
    """Files and their articles: what is cached, storing a file, its stubs."""

    def entry(self, path: str) -> FileEntry | None:
        """The current generation of ``path``."""
        with self.lock:
            row = self.conn.execute(
                f"SELECT {FILE_COLUMNS} FROM files WHERE path = ? AND retired IS NULL", (path,)
            ).fetchone()
        return FileEntry(*row) if row else None

    def entries(self) -> dict[str, FileEntry]:
        """Every cached file by path (one query instead of one per file)."""
        with self.lock:
            rows = self.conn.execute(
                f"SELECT {FILE_COLUMNS} FROM files WHERE retired IS NULL"
            ).fetchall()
        return {r[1]: FileEntry(*r) for r in rows}

    def touch(self, file_id: int, size: int, mtime_ns: int, ctime_ns: int = 0) -> None:
        """Record a new stat for a file whose content hash still matches."""
        with self._write("file times") as ok:
            if ok:
                self.conn.execute(
                    "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ? WHERE id = ?",
                    (size, mtime_ns, ctime_ns, file_id),
                )

    def forget(self, path: str) -> None:
        """``path`` is gone: retire its rows (deleted once no one can be reading them)."""
        with self._write("forgetting a file") as ok:
            if ok:
                self._retire(path)

    def store(
        self,
        path: str,
        size: int,
        mtime_ns: int,
        digest: str,
        articles: Sequence[Article] | Prepared,
        warning: str | None = None,
        ctime_ns: int = 0,
    ) -> tuple[FileEntry, list[int]]:
        """Make freshly parsed (unresolved) articles the current generation of ``path``.

        The previous generation is retired, not deleted (another process may be
        showing it). ``articles`` may come already serialised by :func:`prepare`
        (done in the parsing worker). Returns the entry and the article rowids
        (also their FTS keys), in order. Raises ``sqlite3.Error`` when it cannot
        store (disk full, read-only cache, busy).
        """
        if self.readonly:
            raise sqlite3.OperationalError("the cache is read-only")
        prep = articles if isinstance(articles, Prepared) else prepare(articles)
        n = len(prep.bodies)
        with self.lock, self.conn:
            self.conn.execute("BEGIN IMMEDIATE")  # another process may store the same file
            self._retire(path)
            cur = self.conn.execute(
                "INSERT INTO files(path, size, mtime_ns, ctime_ns, hash, n, warning, fileset, "
                "used) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, julianday('now'))",
                (path, size, mtime_ns, ctime_ns, digest, n, warning),
            )
            fid = int(cur.lastrowid or 0)
            self._in_use.add(fid)
            self.conn.execute(
                "INSERT INTO file_blobs(file_id, pre, heads) VALUES (?, ?, NULL)", (fid, prep.pre)
            )
            # explicit rowids (what AUTOINCREMENT would pick: never one used before),
            # so that both tables go in with one executemany each
            (base,) = self.conn.execute(
                "SELECT max(coalesce((SELECT max(rowid) FROM articles), 0),"
                " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), 0)) + 1"
            ).fetchone()
            rowids = list(range(base, base + n))
            self.conn.executemany(
                "INSERT INTO articles(rowid, file_id, idx, body, ents) VALUES (?, ?, ?, ?, ?)",
                zip(rowids, repeat(fid, n), range(n), prep.bodies, prep.ents, strict=True),
            )
            self.conn.executemany(
                "INSERT INTO fts(rowid, title, dek, body) VALUES (?, ?, ?, ?)",
                [(r, *t) for r, t in zip(rowids, prep.fts, strict=True)],
            )
        entry = FileEntry(fid, path, size, mtime_ns, ctime_ns, digest, n, warning, None)
        return entry, rowids

    def moved_copies(
        self, paths: Sequence[str]
    ) -> dict[str, tuple[os.stat_result, str, Prepared, str | None]]:
        """Files in ``paths`` that the cache holds under a path that no longer exists
        (a moved or renamed folder: same file name, size and content hash): for each,
        ``(stat, digest, prepared, warning)`` with the stored records re-pointed at the
        new path, ready for :meth:`store` instead of parsing it again."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT id, path, size, hash, warning FROM files WHERE retired IS NULL"
            ).fetchall()
        orphans: dict[tuple[str, int], list[tuple[int, str, str | None]]] = {}
        for fid, path, size, digest, warning in rows:
            if not os.path.exists(path):
                orphans.setdefault((os.path.basename(path), size), []).append(
                    (fid, digest, warning)
                )
        out: dict[str, tuple[os.stat_result, str, Prepared, str | None]] = {}
        if not orphans:
            return out
        for p in paths:
            try:
                st = os.stat(p)
            except OSError:
                continue
            cands = orphans.get((os.path.basename(p), st.st_size))
            if not cands or not stat_mod.S_ISREG(st.st_mode):
                continue
            try:
                with open(p, "rb") as fh:
                    digest = file_hash(fh.read())
            except OSError:
                continue
            for cand in cands:
                if cand[1] == digest:
                    prep = self._prepared_copy(cand[0], p)
                    if prep is not None:
                        out[p] = (st, digest, prep, cand[2])
                        cands.remove(cand)
                    break
        return out

    def _prepared_copy(self, file_id: int, path: str) -> Prepared | None:
        """A stored file's records as :func:`prepare` would make them for ``path``."""
        at = _ROW_FIELDS.index("origin")
        try:
            with self.lock, self._noting_damage():
                (pre_blob,) = self.conn.execute(
                    "SELECT pre FROM file_blobs WHERE file_id = ?", (file_id,)
                ).fetchone() or (None,)
                rows = self.conn.execute(
                    "SELECT body, ents FROM articles WHERE file_id = ? ORDER BY idx", (file_id,)
                ).fetchall()
            if not pre_blob:
                return None
            loads, dumps = marshal.loads, marshal.dumps
            bodies: list[bytes] = []
            fts: list[tuple[str, str, str]] = []
            for body, _ in rows:
                r = loads(body)
                r = (*r[:at], (path, r[at][1]), *r[at + 1 :])
                bodies.append(dumps(r))
                fts.append(fts_texts(r[5], r[7], r[13]))
            pre = [(*r[:at], (path, r[at][1]), *r[at + 1 :]) for r in unpack_blob(pre_blob)]
            ents = [e for _, e in rows]
            pre_packed = pack_blob(pre)
            stubs = stubs_from_pre(pre_packed, ents)
            heads = plain_block(head_block(stubs, range(len(stubs))))
            return Prepared(bodies, ents, pre_packed, fts, heads)
        except (sqlite3.Error, ValueError, EOFError, TypeError, IndexError):
            return None  # parsed again instead

    def rowids(self, file_id: int) -> list[int]:
        with self.lock:
            return [
                r[0]
                for r in self.conn.execute(
                    "SELECT rowid FROM articles WHERE file_id = ? ORDER BY idx", (file_id,)
                )
            ]

    def stubs(self, file_id: int) -> list[Article]:
        """The file's unresolved article stubs (no bodies), for ``resolve_corpus``."""
        self._in_use.add(file_id)
        with self.lock, self._noting_damage():
            row = self.conn.execute(
                "SELECT pre FROM file_blobs WHERE file_id = ?", (file_id,)
            ).fetchone()
            ents = [
                r[0]
                for r in self.conn.execute(
                    "SELECT ents FROM articles WHERE file_id = ? ORDER BY idx", (file_id,)
                )
            ]
        return stubs_from_pre(row[0], ents) if row and row[0] else []
