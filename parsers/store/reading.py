"""Reading on demand: an article when it is opened, the texts behind an FTS match, and
searches that note damage instead of raising into the UI."""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Callable, Iterator

import numpy as np

from parsers.corpus.fts import TextIndex
from parsers.model import Article
from parsers.store.base import CacheState
from parsers.store.blobs import fts_row
from parsers.store.codec import article_from_row, entities_from_row
from parsers.store.errors import is_damage


class CacheTextIndex(TextIndex):
    """The cache's FTS table: damage met in a search is noted (the next open rebuilds
    the cache) and the search finds nothing, instead of raising into the UI."""

    on_damage: Callable[[BaseException], None] | None = None

    def search(self, expr: str) -> np.ndarray:
        try:
            return super().search(expr)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc) or self.on_damage is None:
                raise
            self.on_damage(exc)
            return np.empty(0, dtype=np.int64)


class ArticleReads(CacheState):
    """Whole articles and FTS texts, read on the read connection."""

    def _fts_texts(self, keys: list[int]) -> Iterator[tuple[int, str, str, str]]:
        """``(rowid, title, dek, body)`` as given to the FTS table (phrase checks)."""
        with self.read_lock:
            assert self.rconn is not None
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                try:
                    rows = self.rconn.execute(
                        f"SELECT rowid, body FROM articles WHERE rowid IN ({marks})", chunk
                    ).fetchall()
                except sqlite3.DatabaseError as exc:
                    if not is_damage(exc):
                        raise
                    self._mark_damaged(exc)  # those phrase candidates are not confirmed
                    continue
                yield from (fts_row(rowid, body) for rowid, body in rows)

    def load_article(self, rowid: int) -> Article:
        """The full article stored under ``rowid`` (a :class:`Corpus` loader)."""
        try:
            with self.read_lock:
                assert self.rconn is not None
                row = self.rconn.execute(
                    "SELECT body, coalesce((SELECT ents FROM rents WHERE rowid = a.rowid "
                    "AND fileset = ?), ents) FROM articles a WHERE rowid = ?",
                    (self.fileset, int(rowid)),
                ).fetchone()
        except sqlite3.Error as exc:
            if is_damage(exc):
                self._mark_damaged(exc)
                raise LookupError(
                    "the cache is damaged here; it is rebuilt on the next open"
                ) from None
            raise LookupError(f"cannot read the cache ({exc})") from None
        if row is None:
            raise LookupError(f"article {rowid} is no longer in the cache")
        try:
            ents = marshal.loads(row[1]) if row[1] is not None else None
            return article_from_row(marshal.loads(row[0]), entities_from_row(ents))
        except (ValueError, EOFError, TypeError, IndexError) as exc:
            raise LookupError(f"article {rowid} is unreadable in the cache ({exc})") from None
