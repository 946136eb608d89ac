"""The shapes in which headline rows cross boundaries (corpus <-> store <-> pipeline).

* :class:`HeadRow`: what the corpus keeps of one article (no body);
* :class:`HeadBlock`: a file's head rows with their own small entity table
  (``HeadRow.ent_idx`` indexes into it): what the cache stores per file and
  :meth:`~parsers.corpus.index.Corpus.add_block` adds;
* :class:`SnapshotColumns`: every row of a set of files in column form (one
  entity table), what the cache's snapshot holds and
  :meth:`~parsers.corpus.index.Corpus.add_columns` adds.

:func:`head_block` is the one definition of an article's head row and entity
references; the corpus uses it for records held in memory too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, NotRequired, TypedDict

import numpy as np

from parsers.model import Article
from parsers.when import article_day, article_instant

__all__ = [
    "EntityRow",
    "HeadBlock",
    "HeadRow",
    "PlainBlock",
    "SnapshotColumns",
    "author_key",
    "block_from_plain",
    "columns_from_blocks",
    "date_text",
    "entity_refs",
    "head_block",
    "head_row",
    "patch_block",
    "plain_block",
    "rebase_block",
    "timestamp",
]

#: ``(kind, key, name, aliases, iso2)``: one entry of a block's entity table.
EntityRow = tuple[str, str, str, Sequence[str], str | None]


class HeadRow(NamedTuple):
    """One article as the corpus keeps it: headline fields and entity references.

    ``ent_idx`` indexes the block's entity table, ``ent_mc`` the mention counts
    (same length); ``locator`` is what the corpus's loader is given to load the
    body, ``text_key`` the row's key in the external full-text index (both the
    cache's article rowid; -1 for a record held in memory).
    """

    id: str
    source: str
    retrieved: float
    when: float
    date_text: str
    title: str
    kicker: str
    ent_idx: Sequence[int]
    ent_mc: Sequence[int]
    locator: int
    text_key: int


class HeadBlock(NamedTuple):
    """A file's head rows and the entity table they index into."""

    table: list[EntityRow]
    rows: list[HeadRow]


#: A :class:`HeadBlock` whose rows are plain tuples (storage, transport).
PlainBlock = tuple[list[EntityRow], list[tuple[Any, ...]]]


class SnapshotColumns(TypedDict):
    """Rows in column form (:func:`columns_from_blocks`), one entity table for all.

    String columns are lists, or packed (``PackedStrings`` / ``CodedStrings``)
    when read from a snapshot; ``ent_len`` is each row's entity count,
    ``ent_idx`` / ``ent_mc`` the flat entity indexes and mention counts, ``keys``
    each row's locator and text key; ``e_*`` the entity table; ``story`` (optional)
    each row's story label, a row of these columns (``parsers.stories``).
    """

    ids: Sequence[str]
    sources: Sequence[str]
    titles: Sequence[str]
    kickers: Sequence[str]
    dates: Sequence[str]
    retrieved: np.ndarray
    when: np.ndarray
    ent_len: np.ndarray
    ent_idx: np.ndarray
    ent_mc: np.ndarray
    keys: np.ndarray
    e_kind: list[str]
    e_key: list[str]
    e_name: list[str]
    e_aliases: list[list[str]]
    e_iso2: list[str | None]
    story: NotRequired[np.ndarray]


# HeadRow(...) without the NamedTuple's Python-level __new__ (see parsers.perf)
_new = tuple.__new__


def timestamp(d: datetime | None) -> float:
    """Epoch seconds (naive times on the reader's clock: ``parsers.when``);
    ``-inf`` for no date."""
    return float("-inf") if d is None else article_instant(d).timestamp()


def date_text(d: datetime | None) -> str:
    """The article's day in the reader's zone (``parsers.when``), ``YYYY-MM-DD``."""
    day = article_day(d)
    return day.isoformat() if day else ""


def author_key(name: str) -> str:
    return "author:" + " ".join(name.replace("’", "'").casefold().split())


def entity_refs(a: Article) -> list[tuple[EntityRow, int]]:
    """``(entity, mentions)`` of each entity reference of ``a``: its entities, then
    its byline and contributors as authors."""
    out: list[tuple[EntityRow, int]] = []
    ents = a.entities
    if ents is not None:
        for e in ents.all():
            out.append(((e.kind, e.key, e.name, tuple(e.aliases), e.iso2), len(e.mentions)))
    for name in (*a.byline, *a.contributors):
        name = " ".join(name.split())
        if name:
            out.append((("author", author_key(name), name, (), None), 1))
    return out


def _entity_columns(
    a: Article, table: list[EntityRow], local: dict[str, int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The block-table indexes and mention counts of ``a``'s entities, adding new
    entities to ``table`` (``local`` maps an entity key to its index there)."""
    idx: list[int] = []
    mcs: list[int] = []
    for ent, m in entity_refs(a):
        j = local.get(ent[1])
        if j is None:
            j = local[ent[1]] = len(table)
            table.append(ent)
        idx.append(j)
        mcs.append(m)
    return tuple(idx), tuple(mcs)


def head_row(a: Article, ent_idx: Sequence[int], ent_mc: Sequence[int], rowid: int) -> HeadRow:
    """The head row of ``a`` (locator and text key: ``rowid``)."""
    return _new(
        HeadRow,
        (
            a.id,
            a.source,
            timestamp(a.retrieved),
            timestamp(a.published),
            date_text(a.published),
            a.title,
            a.kicker,
            ent_idx,
            ent_mc,
            rowid,
            rowid,
        ),
    )


def head_block(articles: Sequence[Article], rowids: Iterable[int]) -> HeadBlock:
    """The head rows of ``articles`` (locator and text key: ``rowids``) and their
    entity table (an entity's first reference in the file names it)."""
    table: list[EntityRow] = []
    local: dict[str, int] = {}
    rows: list[HeadRow] = []
    for a, rid in zip(articles, rowids, strict=True):
        idx, mcs = _entity_columns(a, table, local)
        rows.append(head_row(a, idx, mcs, rid))
    return HeadBlock(table, rows)


def rebase_block(block: HeadBlock | PlainBlock, rowids: Sequence[int]) -> HeadBlock:
    """A :func:`head_block` made with row numbers (or its :func:`plain_block`), with
    the real rowids put in."""
    table, rows = block
    return HeadBlock(
        list(table),
        [_new(HeadRow, (*r[:9], rid, rid)) for r, rid in zip(rows, rowids, strict=True)],
    )


def patch_block(
    before: HeadBlock, articles: Sequence[Article], changed: Sequence[bool]
) -> HeadBlock:
    """``head_block(articles, rowids)``, given the block ``before`` made from records
    equal to ``articles`` except where ``changed`` (entity resolution changes about
    1% of them): the same table, in the same order, and the same rows.
    """
    old_table, old_rows = before
    if not any(changed):
        return HeadBlock(list(old_table), list(old_rows))
    table: list[EntityRow] = []
    local: dict[str, int] = {}
    remap = [-1] * len(old_table)  # old table index -> new
    rows: list[HeadRow] = []
    for row, a, ch in zip(old_rows, articles, changed, strict=True):
        if ch:
            new_idx, mcs = _entity_columns(a, table, local)
            rows.append(_new(HeadRow, (*row[:7], new_idx, mcs, *row[9:])))
            continue
        idx: list[int] = []
        for j in row.ent_idx:
            k = remap[j]
            if k < 0:
                ent = old_table[j]
                seen = local.get(ent[1])
                if seen is None:
                    seen = local[ent[1]] = len(table)
                    table.append(ent)
                remap[j] = k = seen
            idx.append(k)
        t = tuple(idx)
        rows.append(row if t == row.ent_idx else _new(HeadRow, (*row[:7], t, *row[8:])))
    return HeadBlock(table, rows)


def plain_block(block: HeadBlock) -> PlainBlock:
    """``block`` as plain tuples: what ``marshal`` can write, and a third cheaper to
    pickle and unpickle than :class:`HeadRow` s (a parse worker sends one per file)."""
    return block.table, [tuple(r) for r in block.rows]


def block_from_plain(plain: PlainBlock) -> HeadBlock:
    """Inverse of :func:`plain_block`."""
    table, rows = plain
    return HeadBlock(list(table), [_new(HeadRow, r) for r in rows])


def columns_from_blocks(blocks: Iterable[HeadBlock]) -> SnapshotColumns:
    """Merge per-file head blocks into one :class:`SnapshotColumns`.

    A row whose id came before is replaced in place by the later retrieval (an
    older one is dropped); entities merge by key the way the corpus merges them
    (the fuller name wins, aliases pile up).
    """
    e_kind: list[str] = []
    e_key: list[str] = []
    e_name: list[str] = []
    e_aliases: list[list[str]] = []
    e_iso2: list[str | None] = []
    glob: dict[str, int] = {}
    ids: list[str] = []
    sources: list[str] = []
    retrieved: list[float] = []
    when: list[float] = []
    dates: list[str] = []
    titles: list[str] = []
    kickers: list[str] = []
    ent_len: list[int] = []
    ent_idx: list[int] = []
    ent_mc: list[int] = []
    keys: list[int] = []
    seen: dict[str, int] = {}
    ents_of: list[list[tuple[int, int]]] = []
    for table, rows in blocks:
        local: list[int] = []
        for kind, key, name, aliases, iso2 in table:
            g = glob.get(key)
            if g is None:
                g = glob[key] = len(e_key)
                e_kind.append(kind)
                e_key.append(key)
                e_name.append(name)
                e_aliases.append(list(aliases))
                e_iso2.append(iso2)
            else:  # same merge rule as the corpus: fuller name wins, aliases pile up
                if name != e_name[g] and len(name) > len(e_name[g]):
                    e_aliases[g].append(e_name[g])
                    e_name[g] = name
                elif name != e_name[g] and name not in e_aliases[g]:
                    e_aliases[g].append(name)
                al = e_aliases[g]
                for a in aliases:
                    if a not in al and len(al) < 64:
                        al.append(a)
                if iso2 and not e_iso2[g]:
                    e_iso2[g] = iso2
            local.append(g)
        for rid, src, ret, w, date, title, kicker, ei, mc, loc, _tk in rows:
            ents = [(local[j], m) for j, m in zip(ei, mc, strict=True)]
            at = seen.get(rid)
            if at is not None:  # same article twice: the later retrieval wins, in place
                if ret < retrieved[at]:
                    continue
                ents_of[at] = ents
                sources[at], retrieved[at], when[at], dates[at] = src, ret, w, date
                titles[at], kickers[at], keys[at] = title, kicker, loc
                continue
            seen[rid] = len(ids)
            ids.append(rid)
            sources.append(src)
            retrieved.append(ret)
            when.append(w)
            dates.append(date)
            titles.append(title)
            kickers.append(kicker)
            ents_of.append(ents)
            keys.append(loc)
    for ents in ents_of:
        merged: dict[int, int] = {}
        for g, m in ents:
            merged[g] = merged.get(g, 0) + m
        ent_len.append(len(merged))
        ent_idx.extend(merged)
        ent_mc.extend(merged.values())
    for g, al in enumerate(e_aliases):
        if e_name[g] in al:
            al.remove(e_name[g])
    return {
        "ids": ids,
        "sources": sources,
        "titles": titles,
        "kickers": kickers,
        "dates": dates,
        "retrieved": np.asarray(retrieved, dtype=np.float64),
        "when": np.asarray(when, dtype=np.float64),
        "ent_len": np.asarray(ent_len, dtype=np.int32),
        "ent_idx": np.asarray(ent_idx, dtype=np.int32),
        "ent_mc": np.asarray(ent_mc, dtype=np.int32),
        "keys": np.asarray(keys, dtype=np.int64),
        "e_kind": e_kind,
        "e_key": e_key,
        "e_name": e_name,
        "e_aliases": e_aliases,
        "e_iso2": e_iso2,
    }
