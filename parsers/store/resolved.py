"""Resolution rows: a file's head block and its entities as resolved in one set of files."""

from __future__ import annotations

import marshal
from collections.abc import Sequence

from parsers.corpus.rows import (
    HeadBlock,
    block_from_plain,
    head_block,
    patch_block,
    plain_block,
)
from parsers.model import Article
from parsers.store.base import CacheState
from parsers.store.blobs import pack_blob, unpack_blob
from parsers.store.codec import entities_to_row


class ResolvedRows(CacheState):
    """A file's resolved head block and its ``rents`` rows."""

    def heads(self, file_id: int) -> HeadBlock | None:
        """The warm-path block ``(entity_table, rows)`` last resolved for the file."""
        self._in_use.add(file_id)
        with self.lock, self._noting_damage():
            row = self.conn.execute(
                "SELECT b.heads, f.fileset FROM file_blobs b JOIN files f ON f.id = b.file_id "
                "WHERE b.file_id = ?",
                (file_id,),
            ).fetchone()
        if row and row[1]:
            self.fileset = row[1]
        if not row or not row[0]:
            return None
        return block_from_plain(unpack_blob(row[0]))

    def store_resolved(
        self,
        file_id: int,
        fileset: str,
        resolved: Sequence[Article],
        rowids: Sequence[int],
        changed: Sequence[bool] | None = None,
        before: HeadBlock | None = None,
        *,
        fresh: bool = False,
    ) -> HeadBlock:
        """Save the resolved entities of a file's articles in ``fileset``; returns the
        head block.

        ``changed[i]`` False: article ``i``'s resolved entities equal its unresolved
        ones (``ents``), so none are stored for it; None: all differ. ``before``: the
        file's head block before resolution (same rowids); with ``changed``, only the
        changed rows are made anew (:func:`patch_block`). Another process's
        resolution of the same file in another set of files is left as it is.
        ``fresh`` is accepted for callers of schema 9 and ignored.
        """
        del fresh
        if before is not None and changed is not None:
            block = patch_block(before, resolved, changed)
        else:
            block = head_block(resolved, rowids)
        self.fileset = fileset
        self._in_use.add(file_id)
        # a failed write (disk full...) only costs the next open a re-resolution
        with self._write("resolved entities") as ok:
            if not ok:
                return block
            c = self.conn
            if not c.in_transaction:
                c.execute("BEGIN IMMEDIATE")
            if rowids:  # a file's rowids are one contiguous range (see store)
                c.execute(
                    "DELETE FROM rents WHERE fileset = ? AND rowid BETWEEN ? AND ?",
                    (fileset, min(rowids), max(rowids)),
                )
            c.executemany(
                "INSERT OR REPLACE INTO rents VALUES (?, ?, ?)",
                [
                    (r, fileset, marshal.dumps(entities_to_row(a.entities)))
                    for i, (a, r) in enumerate(zip(resolved, rowids, strict=True))
                    if changed is None or changed[i]
                ],
            )
            c.execute(
                "UPDATE file_blobs SET heads = ? WHERE file_id = ?",
                (pack_blob(plain_block(block)), file_id),
            )
            c.execute(
                "UPDATE files SET fileset = ?, used = julianday('now') WHERE id = ?",
                (fileset, file_id),
            )
        return block
