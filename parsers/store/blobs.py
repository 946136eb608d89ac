"""A file's records as the cache stores them: per-file blobs, article rows and the
texts given to the FTS table (:func:`prepare` runs in the parsing workers)."""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from parsers.corpus.rows import PlainBlock, head_block, plain_block
from parsers.model import Article
from parsers.store.codec import (
    article_from_row,
    article_to_row,
    entities_from_row,
    entities_to_row,
)


def pack_blob(obj: Any) -> bytes:
    """Per-file blobs (``pre``, ``heads``): marshal, not compressed (zlib was ~10% of
    the time after the last file of a cold load, for about 6% of the cache's size)."""
    return marshal.dumps(obj)


def unpack_blob(blob: bytes) -> Any:
    return marshal.loads(blob)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file's articles serialised for :meth:`Cache.store` (picklable, compact).

    ``pre`` holds the stubs, the articles without body/captions/lines (enough
    for ``resolve_corpus`` and :func:`head_block`); :meth:`stubs` decodes them
    (about a third of what pickling the records between processes cost).
    ``heads`` is the (unresolved) head block with row numbers 0..n-1 in place of
    rowids (:func:`rebase_block`), made in the worker so that the app process
    only has to add it.
    """

    bodies: list[bytes]
    ents: list[bytes]
    pre: bytes
    fts: list[tuple[str, str, str]]
    heads: PlainBlock

    def stubs(self) -> list[Article]:
        return stubs_from_pre(self.pre, self.ents)


def prepare(articles: Sequence[Article]) -> Prepared:
    """Serialise parsed articles for the cache (cheap to send between processes)."""
    bodies: list[bytes] = []
    ents: list[bytes] = []
    pre: list[tuple[Any, ...]] = []
    fts: list[tuple[str, str, str]] = []
    dumps = marshal.dumps
    for a in articles:
        er = entities_to_row(a.entities)
        bodies.append(dumps(article_to_row(a)))
        ents.append(dumps(er))
        pre.append(article_to_row(a, body=False))
        fts.append(fts_texts(a.title, a.dek, a.blocks))
    heads = plain_block(head_block(articles, range(len(articles))))
    return Prepared(bodies, ents, pack_blob(pre), fts, heads)


def stubs_from_pre(blob: bytes, ents: Iterable[bytes]) -> list[Article]:
    """The stubs in a ``pre`` blob with their ``ents`` blobs; mentions as plain tuples
    (see ``entities_from_row``)."""
    loads = marshal.loads
    return [
        article_from_row(r, entities_from_row(loads(e), plain=True))
        for r, e in zip(unpack_blob(blob), ents, strict=True)
    ]


def fts_texts(title: str, dek: str, blocks: Iterable[Sequence[Any]]) -> tuple[str, str, str]:
    """What the FTS table indexes for an article (blocks as records or row tuples)."""
    return title, dek, "\n".join([b[1] for b in blocks])


def fts_row(rowid: int, body: bytes) -> tuple[int, str, str, str]:
    r = marshal.loads(body)
    return (rowid, *fts_texts(r[5], r[7], r[13]))
