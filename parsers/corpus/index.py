"""The in-memory corpus: rows, entity table, query engine, full text.

Row ids are stable insertion indices (adding only ever appends, or replaces a
row in place when a newer copy of the same article id arrives), so a row id the
UI holds stays valid while files stream in. Rows come in three shapes:
articles held in memory (:meth:`Corpus.add`), a file's
:class:`~parsers.corpus.rows.HeadBlock` (:meth:`Corpus.add_block`) and a whole
:class:`~parsers.corpus.rows.SnapshotColumns` (:meth:`Corpus.add_columns`, the
warm open; its columns stay packed, see :mod:`parsers.corpus.columns`).

Entities live in an :class:`~parsers.corpus.entity_table.EntityTable`; filters
are evaluated by a :class:`~parsers.corpus.engine.QueryEngine` rebuilt lazily
after rows changed; words and phrases go through a
:class:`~parsers.corpus.fts.TextIndex` (SQLite FTS5): the corpus's own for
records held in memory, the cache's for body-less rows.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from parsers.corpus.columns import CodedStrings, Column, Numbers, PackedStrings, RowList
from parsers.corpus.engine import SORTS, QueryEngine, RowEntities
from parsers.corpus.entity_table import EntityInfo, EntityTable, norm_name
from parsers.corpus.feeds import FeedCounts, FeedMap, FeedMasks
from parsers.corpus.flags import FlagMasks, MarkSource
from parsers.corpus.fts import TextIndex
from parsers.corpus.profile import EntityProfile, Timeline, build_profile, timeline
from parsers.corpus.query import FilterState, Term
from parsers.corpus.rows import (
    HeadBlock,
    HeadRow,
    SnapshotColumns,
    author_key,
    entity_refs,
    head_row,
)
from parsers.model import FACET_KINDS, Article, Entity
from parsers.stories.grouping import RowInput, StoryIndex

__all__ = [
    "FACET_KINDS",
    "SORTS",
    "CodedStrings",
    "Corpus",
    "EntityInfo",
    "Headline",
    "PackedStrings",
    "QueryResult",
    "RowList",
    "author_key",
    "norm_name",
]

#: Characters of the founding article's id that make a story id.
_STORY_ID_LEN = 10

#: Loads the full article of a body-less row from its locator.
Loader = Callable[[Any], Article]


@dataclass(frozen=True, slots=True)
class Headline:
    """What the headline list needs for one row (cheap; no body)."""

    id: str
    when: float
    date_text: str
    source: str
    kicker: str
    title: str


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows matching a filter, in the requested order, with facet counts.

    ``total`` is the number of matching rows (``len(rows)``). ``facets`` maps
    each kind in :data:`FACET_KINDS` to ``(key, count)`` sorted by count
    descending, then name; a kind in ``state.or_kinds`` that has include-terms
    is counted as if those terms were absent (disjunctive facets: the sidebar
    keeps offering the alternatives). ``unresolved`` lists entity terms that matched no
    entity. ``active`` maps the entity keys the filter's entity terms resolved
    to -> True if excluded (so the sidebar can mark them).
    """

    rows: RowList
    total: int
    facets: dict[str, list[tuple[str, int]]]
    unresolved: list[Term] = field(default_factory=list)
    active: dict[str, bool] = field(default_factory=dict)


def _merge_repeats(eids: list[int], mcs: Sequence[int]) -> tuple[list[int], Sequence[int]]:
    """One entry per entity (mention counts summed), in first-seen order."""
    if len(set(eids)) == len(eids):
        return eids, mcs
    merged: dict[int, int] = {}
    for e, m in zip(eids, mcs, strict=True):
        merged[e] = merged.get(e, 0) + m
    return list(merged), list(merged.values())


class Corpus:
    """All loaded articles, queryable by :class:`~parsers.corpus.query.FilterState`.

    ``Corpus(articles)`` / :meth:`add` index records held in memory (text goes
    into a private FTS5 database). The loader adds body-less rows with
    :meth:`add_block` / :meth:`add_columns`, searching the cache's FTS table
    (``text_index``) and loading bodies on demand through ``loader``.
    Thread-safe: adding may run in a worker while the UI queries. Derived arrays
    rebuild lazily on the next query; :meth:`prepare` builds the lazy parts.
    """

    def __init__(
        self,
        articles: Iterable[Article] = (),
        *,
        text_index: TextIndex | None = None,
        loader: Loader | None = None,
    ) -> None:
        self._lock = threading.RLock()
        # per row (columns; a snapshot's rows stay packed, see Column)
        self._ids = Column()
        self._titles = Column()
        self._kickers = Column()
        self._dates = Column()
        self._when = Column()
        self._retrieved = Column()
        self._source_id = Column()
        self._articles: list[Article | None] = []
        self._locators = Column()
        self._text_key = Column()  # >= 0: key in ext index; -1: own index (key = row)
        self._by_id_map: dict[str, int] | None = {}
        self._links = RowEntities()
        self._sources: list[str] = []
        self._source_idx: dict[str, int] = {}
        self._ents = EntityTable()
        # text
        self._ext_text = text_index
        self._own_text: TextIndex | None = None
        self._pending_text: dict[int, tuple[int, str, str, str]] = {}
        self._text_flushed: set[int] = set()  # own-index keys present in the FTS table
        self._loader = loader
        self._body_cache: OrderedDict[int, Article] = OrderedDict()
        # derived, rebuilt lazily
        self._engine: QueryEngine | None = None
        self._changes = 0  # rows added or replaced (see ``version``)
        self._qcache: OrderedDict[Any, QueryResult] = OrderedDict()
        self._flags = FlagMasks()  # ``is:`` terms, from the marks given to set_marks
        self._feeds = FeedMasks()  # ``feed:``/``tag:`` terms, from the map given to set_feeds
        self._id_array: tuple[tuple[int, int], np.ndarray] | None = None  # ids_of
        self._stories = StoryIndex()  # story labels, placed lazily (story_labels)
        self._story_lock = threading.Lock()  # one placement at a time
        self._story_ids: tuple[tuple[int, int], dict[str, int]] | None = None
        self.add(articles)

    @property
    def _by_id(self) -> dict[str, int]:
        """Article id -> row, built on first use (a warm open never needs it)."""
        m = self._by_id_map
        if m is None:
            m = self._by_id_map = {rid: row for row, rid in enumerate(self._ids)}
        return m

    def set_marks(self, marks: MarkSource | None) -> None:
        """Where ``is:read`` / ``is:unread`` / ``is:starred`` look (a ``StateStore``);
        without marks nothing is read or starred."""
        with self._lock:
            self._flags.attach(marks)
            self._qcache.clear()

    def marks_mask(self, value: str) -> np.ndarray:
        """Rows of ``is:value`` now (read-only; ``value`` as ``is:`` takes it)."""
        with self._lock:
            return self._flag_mask(value)

    def note_marks(
        self, flag: str, rows: np.ndarray, value: bool, versions: tuple[int, int]
    ) -> None:
        """The mark source moved from ``versions[0]`` to ``versions[1]`` by setting
        ``flag`` on ``rows`` (see :meth:`FlagMasks.apply_rows`)."""
        with self._lock:
            self._flags.apply_rows(flag, rows, value, versions, self._changes)

    def _flag_mask(self, value: str) -> np.ndarray:
        """Rows of ``is:value`` (the engine's hook for the marks)."""
        n = len(self._ids)
        return self._flags.mask(value, n, self._changes, lambda: self.ids_of(range(n)))

    def set_feeds(self, feeds: FeedMap | None) -> None:
        """Which article each subscription stored (``feed:``/``tag:`` terms); without a
        map those terms match nothing."""
        with self._lock:
            self._feeds.attach(feeds)
            self._qcache.clear()

    @property
    def feeds(self) -> FeedMap | None:
        return self._feeds.map

    def _ids_from(self, start: int) -> Sequence[str]:
        """Article ids of rows ``start`` to the last (ids of rows never change)."""
        n = len(self._ids)
        if start == 0:
            return self.ids_of(range(n))
        return [self._ids[i] for i in range(start, n)]

    def _feed_mask(self, field: str, value: str) -> np.ndarray | None:
        """Rows of ``feed:value`` / ``tag:value`` (the engine's hook for the map)."""
        return self._feeds.mask(field, value, len(self._ids), self._ids_from)

    def feed_counts(self, state: FilterState) -> FeedCounts:
        """Rows matching ``state`` per feed and per tag (``is:unread``: the unread counts)."""
        with self._lock:
            self._flush_text()
            rows = self._ensure().mask(state, self._flag_mask, feeds=self._feed_mask).rows
            return self._feeds.counts(rows, len(self._ids), self._ids_from)

    # ------------------------------------------------------------------ adding

    def add(self, articles: Iterable[Article]) -> None:
        """Append articles (streaming-friendly); arrays rebuild on the next query.

        An article whose id is already present replaces the old row only if it
        was retrieved later (or at the same time); otherwise it is ignored.
        """
        with self._lock:
            eid = self._ents.id_of
            for a in articles:
                refs = entity_refs(a)
                eids, mcs = _merge_repeats([eid(*ent) for ent, _ in refs], [m for _, m in refs])
                old = self._by_id.get(a.id)
                prev = self._articles[old] if old is not None else None
                row = self._put(head_row(a, (), (), -1), eids, mcs, a)
                if row is None:
                    continue
                if (
                    prev is not None
                    and old in self._text_flushed
                    and prev.title == a.title
                    and prev.dek == a.dek
                    and prev.blocks == a.blocks
                ):
                    continue  # same text already indexed (e.g. re-added after resolve)
                self._pending_text[row] = (
                    row,
                    a.title,
                    a.dek,
                    "\n".join(b.text for b in a.blocks),
                )
            self._flush_text()

    def add_block(self, block: HeadBlock) -> None:
        """Append (or replace, by the rule of :meth:`add`) a file's body-less rows.

        Each row's ``locator`` goes to the loader in :meth:`article`; its
        ``text_key`` is its key in the external :class:`TextIndex` given to the
        constructor.
        """
        with self._lock:
            eid = self._ents.id_of
            local = [eid(*ent) for ent in block.table]
            put = self._put
            for row in block.rows:
                eids, mcs = _merge_repeats([local[j] for j in row.ent_idx], row.ent_mc)
                put(row, eids, mcs, None)

    def add_columns(self, cols: SnapshotColumns, unique: bool = False) -> None:
        """Bulk-load a whole snapshot (the cache's warm path) in column form.

        Packed string columns (:class:`PackedStrings` / :class:`CodedStrings`) are
        kept as they are by a corpus that was empty: no object per row. Rows whose
        id is already present go through the replace rule of :meth:`add`;
        ``unique`` promises the ids are distinct among themselves (skips that check).
        """
        with self._lock:
            local = self._ents.adopt(cols)
            ids: Sequence[str] = cols["ids"]
            n = len(ids)
            ent_len = np.asarray(cols["ent_len"], dtype=np.int64)
            flat = local[np.asarray(cols["ent_idx"], dtype=np.int64)]
            mcs = np.asarray(cols["ent_mc"], dtype=np.int64)
            keys = np.asarray(cols["keys"], dtype=np.int64)
            empty = not len(self._ids)
            fresh = (unique or len(set(ids)) == n) and (
                empty or not any(i in self._by_id for i in ids)
            )
            if not fresh:  # rare: duplicates -> per-row path
                self._add_column_rows(cols, ent_len, flat, mcs, keys)
                return
            start = len(self._ids)
            sid = self._source_ids(cols["sources"])
            when = np.asarray(cols["when"], dtype=np.float64)
            retrieved = np.asarray(cols["retrieved"], dtype=np.float64)
            if empty:
                # the warm path: the columns stay as they came (packed), no object per row
                self._ids = Column(ids)
                self._titles = Column(cols["titles"])
                self._kickers = Column(cols["kickers"])
                self._dates = Column(cols["dates"])
                self._when = Column(Numbers(when))
                self._retrieved = Column(Numbers(retrieved))
                self._source_id = Column(Numbers(sid))
                self._locators = Column(Numbers(keys))
                self._text_key = Column(Numbers(keys))
                self._by_id_map = None
                story = cols.get("story")
                if story is not None and len(story) == n:
                    self._stories.adopt(story)  # saved with the snapshot: nothing recomputed
            else:
                self._by_id.update(zip(ids, range(start, start + n), strict=True))
                self._ids.extend(ids)
                self._titles.extend(cols["titles"])
                self._kickers.extend(cols["kickers"])
                self._dates.extend(cols["dates"])
                self._when.extend(when.tolist())
                self._retrieved.extend(retrieved.tolist())
                self._source_id.extend(sid.tolist())
                klist = keys.tolist()
                self._locators.extend(klist)
                self._text_key.extend(klist)
            self._articles.extend([None] * n)
            self._links.append_block(start, ent_len, flat, mcs)
            self._engine = None
            self._changes += 1

    def _add_column_rows(
        self,
        cols: SnapshotColumns,
        ent_len: np.ndarray,
        flat: np.ndarray,
        mcs: np.ndarray,
        keys: np.ndarray,
    ) -> None:
        """:meth:`add_columns` row by row (ids repeated or already present)."""
        ptr = np.concatenate(([0], np.cumsum(ent_len)))
        ids, sources, dates = cols["ids"], cols["sources"], cols["dates"]
        titles, kickers = cols["titles"], cols["kickers"]
        for r in range(len(ids)):
            a, b = int(ptr[r]), int(ptr[r + 1])
            e, m = _merge_repeats(flat[a:b].tolist(), mcs[a:b].tolist())
            key = int(keys[r])
            head = HeadRow(
                ids[r],
                sources[r],
                float(cols["retrieved"][r]),
                float(cols["when"][r]),
                dates[r],
                titles[r],
                kickers[r],
                (),
                (),
                key,
                key,
            )
            self._put(head, e, m, None)

    def _source_ids(self, sources: Sequence[str]) -> np.ndarray:
        """Corpus source ids of a column of source names (adding the new ones)."""
        sidx = self._source_idx
        coded = sources if isinstance(sources, CodedStrings) else None
        for src in coded.values if coded is not None else dict.fromkeys(sources):
            if src not in sidx:
                sidx[src] = len(self._sources)
                self._sources.append(src)
        if coded is not None:
            remap = np.asarray([sidx[v] for v in coded.values], dtype=np.int64)
            return remap[coded.codes] if remap.size else np.zeros(0, dtype=np.int64)
        return np.fromiter((sidx[x] for x in sources), np.int64, len(sources))

    def _put(
        self, head: HeadRow, eids: Sequence[int], mcs: Sequence[int], article: Article | None
    ) -> int | None:
        """Append ``head`` as a new row or replace the row of its id (if not older);
        returns the row, or None if it was older."""
        rid, source, retrieved, when, date_text, title, kicker, _, _, locator, text_key = head
        old = self._by_id.get(rid)
        if old is not None and retrieved < self._retrieved[old]:
            return None
        sid = self._source_idx.get(source)
        if sid is None:
            sid = self._source_idx[source] = len(self._sources)
            self._sources.append(source)
        if old is None:
            row = len(self._ids)
            self._by_id[rid] = row
            self._ids.append(rid)
            self._titles.append(title)
            self._kickers.append(kicker)
            self._dates.append(date_text)
            self._when.append(when)
            self._retrieved.append(retrieved)
            self._source_id.append(sid)
            self._articles.append(article)
            self._locators.append(locator)
            self._text_key.append(text_key)
            self._links.append(row, eids, mcs)
        else:
            row = old
            self._pending_text.pop(row, None)
            self._titles[row] = title
            self._kickers[row] = kicker
            self._dates[row] = date_text
            self._when[row] = when
            self._retrieved[row] = retrieved
            self._source_id[row] = sid
            self._articles[row] = article
            self._locators[row] = locator
            self._text_key[row] = text_key
            self._body_cache.pop(row, None)
            self._links.replace(row, eids, mcs)
            if row < len(self._stories):  # placed with what it said before: place all again
                self._stories = StoryIndex(self._stories.params)
        self._engine = None
        self._changes += 1
        return row

    def _flush_text(self) -> None:
        if not self._pending_text:
            return
        if self._own_text is None:
            self._own_text = TextIndex()
        pending, self._pending_text = self._pending_text, {}
        stale = self._text_flushed.intersection(pending)
        if stale:
            self._own_text.delete_many(stale)
        self._own_text.add_many(pending.values())
        self._text_flushed.update(pending)

    # ------------------------------------------------------------- derived data

    def _ensure(self) -> QueryEngine:
        """The query engine of the rows as they are now (rebuilt after changes)."""
        eng = self._engine
        if eng is not None:
            return eng
        n = len(self._ids)
        eng = self._engine = QueryEngine(
            when=self._when.array(np.float64) if n else np.empty(0),
            source_ids=self._source_id.array(np.int64) if n else np.empty(0, np.int64),
            text_keys=self._text_key.array(np.int64) if n else np.empty(0, np.int64),
            csr=self._links.csr(n),
            ents=self._ents,
            sources=self._sources,
            text=(self._own_text, self._ext_text),
        )
        self._qcache.clear()
        return eng

    def prepare(self, full: bool = True) -> None:
        """Build everything that is otherwise built on first use (call from a worker
        after the first paint so the first entity click or other sort is instant).

        ``full=False`` builds only what the first query needs (date order, row ->
        entity arrays, counts): a loader does that before it reports rows.
        """
        with self._lock:
            self._flush_text()
            eng = self._ensure()
            if not full:
                return
            eng.postings()
            eng.mentions()
            for s in SORTS:
                eng.order_of(s)
            self._ents.build_names()
        # adopted from the snapshot, or placed here, off the UI: outside the corpus
        # lock (the story lock is always taken first, never while holding this one)
        self.story_labels()

    def drop_caches(self, text: bool = True) -> None:
        """Forget cached query results, and with ``text`` the cached full-text hits
        (benchmarks time queries from scratch)."""
        with self._lock:
            self._qcache.clear()
            if text and self._engine is not None:
                self._engine.drop_caches()

    # ------------------------------------------------------------------ access

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever rows are added or replaced or an entity's names change
        (a UI can tell that a result it shows is still current)."""
        return self._changes, self._ents.names_gen

    def headline(self, i: int) -> Headline:
        return Headline(
            self._ids[i],
            self._when[i],
            self._dates[i],
            self._sources[self._source_id[i]],
            self._kickers[i],
            self._titles[i],
        )

    def headlines(self, rows: Iterable[int]) -> list[Headline]:
        return [self.headline(i) for i in rows]

    def ids_of(self, rows: Iterable[int]) -> list[str]:
        """Article ids of ``rows`` (no :class:`Headline` objects: 100k in a few ms).

        The strings are the id index's own (their hashes are cached), so looking
        them up again, as marking them read does, costs little.
        """
        with self._lock:
            key = (len(self._ids), self._changes)
            if self._id_array is None or self._id_array[0] != key:
                table = np.empty(len(self._ids), dtype=object)
                for rid, row in self._by_id.items():
                    table[row] = rid
                self._id_array = (key, table)
            table = self._id_array[1]
        index = rows.array if isinstance(rows, RowList) else np.fromiter(rows, np.int64)
        return table[index].tolist()

    def index_of(self, article_id: str) -> int | None:
        """Row of an article id, or None."""
        return self._by_id.get(article_id)

    def article(self, i: int) -> Article:
        """The full record of row ``i`` (loaded through the loader if not in memory)."""
        i = int(i)
        a = self._articles[i]
        if a is not None:
            return a
        with self._lock:
            hit = self._body_cache.get(i)
            if hit is not None:
                self._body_cache.move_to_end(i)
                return hit
            if self._loader is None:
                raise LookupError(f"row {i} has no body and the corpus has no loader")
            a = self._loader(self._locators[i])
            self._body_cache[i] = a
            if len(self._body_cache) > 64:
                self._body_cache.popitem(last=False)
            return a

    def entities_of(self, i: int) -> list[Entity]:
        """The full entities (with mentions) of row ``i``."""
        a = self.article(i)
        return list(a.entities.all()) if a.entities else []

    def entity_keys_of(self, i: int) -> list[str]:
        """Entity keys of row ``i`` (incl. authors) without loading the body."""
        with self._lock:
            eng = self._ensure()
            ids = eng.flat_e[eng.row_ptr[i] : eng.row_ptr[i + 1]].tolist()
        return [self._ents.keys[e] for e in ids]

    def entity_name(self, key: str) -> tuple[str, str, str | None]:
        """``(kind, name, iso2)`` of ``key``, cheap: builds no derived array (a
        sidebar can name entities while rows stream in); KeyError if unknown."""
        ents = self._ents
        eid = ents.ids[key]
        return ents.kinds[eid], ents.names[eid], ents.iso2[eid]

    def entity(self, key: str) -> EntityInfo:
        """Corpus-wide info for ``key``; raises KeyError if unknown."""
        with self._lock:
            eng = self._ensure()
            return self._info(eng, self._ents.ids[key])

    def _info(self, eng: QueryEngine, eid: int) -> EntityInfo:
        return self._ents.info(eid, int(eng.all_counts[eid]), int(eng.mentions()[eid]))

    def entities(self, kind: str | None = None) -> list[EntityInfo]:
        """All entities (of one kind) that are in some article, most articles first."""
        with self._lock:
            eng = self._ensure()
            ids = (
                range(len(self._ents))
                if kind is None
                else self._ents.kind_eids.get(kind, np.empty(0, np.int64)).tolist()
            )
            infos = [self._info(eng, e) for e in ids if eng.all_counts[e]]
        infos.sort(key=lambda x: (-x.article_count, x.name.casefold()))
        return infos

    @property
    def sources(self) -> list[str]:
        return list(self._sources)

    @property
    def newest(self) -> datetime | None:
        with self._lock:
            eng = self._ensure()
            if not eng.dated.any():
                return None
            best = int(eng.order["newest"][0])
            a = self._articles[best]
            if a is not None and a.published is not None:
                return a.published
            return datetime.fromtimestamp(eng.w[best], tz=UTC)

    # ----------------------------------------------------------------- resolve

    def resolve(self, kind: str, value: str) -> set[str]:
        """Entity keys of ``kind`` that ``value`` names.

        In order, the first that matches: the key itself (``person:vladimir v.
        putin`` or ``vladimir v. putin``); an exact name or alias (casefold, ’/'
        and possessive insensitive); for countries an ISO2/ISO3 code or a
        country name; else every entity whose name/alias tokens include all the
        value's tokens (``Putin`` -> every person with the token ``putin``).
        Only entities that are in some article count.
        """
        with self._lock:
            eng = self._ensure()
            keys = self._ents.keys
            return {keys[e] for e in self._ents.resolve_ids(kind, value, eng.all_counts)}

    def find_entities(
        self, text: str, limit: int = 20, kind: str | None = None
    ) -> list[EntityInfo]:
        """Entities whose name or an alias contains ``text`` (fuzzy-ish).

        Ranked: exact name, name prefix, word prefix, substring, then
        subsequence of letters; within a rank, most articles first.
        """
        if not norm_name(text):
            return []
        with self._lock:
            eng = self._ensure()
            found = self._ents.find(text, limit, kind, eng.all_counts.tolist())
            return [self._info(eng, e) for e in found]

    # ------------------------------------------------------------------- query

    def query(
        self, state: FilterState, sort: str = "newest", facet_limit: int | None = None
    ) -> QueryResult:
        """Rows matching ``state`` in ``sort`` order, with facet counts.

        Include terms AND together across kinds; within a kind listed in
        ``state.or_kinds`` they OR. Exclude terms always subtract. An entity
        term that resolves to nothing empties an include (in OR mode: adds
        nothing) and is reported in ``unresolved``.
        """
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        with self._lock:
            self._flush_text()
            eng = self._ensure()
            terms = state.terms
            ck = (state, sort, facet_limit, self._flags.token(terms), self._feeds.token(terms))
            hit = self._qcache.get(ck)
            if hit is not None:
                self._qcache.move_to_end(ck)
                return hit
            mask, unresolved, active, or_groups = eng.mask(
                state, self._flag_mask, feeds=self._feed_mask, story=self._story_mask
            )
            order = eng.order_of(sort)
            rows = order if mask is None else order[mask[order]]
            facets = eng.facets(mask, facet_limit)
            # disjunctive facets: an OR kind is counted as if its own include-terms
            # were absent, so the sidebar can still offer the alternatives
            for kind in sorted(or_groups & set(FACET_KINDS)):
                other = eng.mask(
                    state, self._flag_mask, kind, self._feed_mask, self._story_mask
                ).rows
                facets[kind] = eng.facets(other, facet_limit, (kind,))[kind]
            res = QueryResult(RowList(rows), int(rows.shape[0]), facets, unresolved, active)
            self._qcache[ck] = res
            if len(self._qcache) > 32:
                self._qcache.popitem(last=False)
            return res

    def profile(self, key: str, state: FilterState | None = None, limit: int = 12) -> EntityProfile:
        """The profile of entity ``key`` (see :mod:`parsers.corpus.profile`): with
        a non-empty ``state``, its timeline also counts the filter's share."""
        with self._lock:
            self._flush_text()
            eng = self._ensure()
            eid = self._ents.ids[key]
            sel = None
            if state is not None and state.terms:
                m = eng.mask(
                    state, self._flag_mask, feeds=self._feed_mask, story=self._story_mask
                ).rows
                sel = m if m is not None else np.ones(eng.n, dtype=bool)
            return build_profile(eng, eid, sel, limit)

    def timeline(self, rows: Sequence[int], bucket: str | None = None) -> Timeline:
        """Articles per day (or week) of ``rows`` (e.g. a query result's)."""
        index = rows.array if isinstance(rows, RowList) else np.asarray(list(rows), np.int64)
        with self._lock:
            eng = self._ensure()
            return timeline(eng.w, index, None, bucket)

    def count(self, state: FilterState) -> int:
        """Number of rows matching ``state`` (no sorting, no facets)."""
        with self._lock:
            self._flush_text()
            mask = (
                self._ensure()
                .mask(state, self._flag_mask, feeds=self._feed_mask, story=self._story_mask)
                .rows
            )
            return len(self._ids) if mask is None else int(np.count_nonzero(mask))

    # ----------------------------------------------------------------- stories

    def story_labels(self, wait: bool = True) -> np.ndarray:
        """Each row's story label (the row that founded its story), placing the rows
        added since the last call (see :mod:`parsers.stories`).

        Placing holds the stories' own lock, not the corpus's: a UI thread can query
        while a loader places 100k rows (it checks :meth:`stories_pending` first).
        Lock order: the story lock, then the corpus lock. Code that holds the corpus
        lock passes ``wait=False``: while another thread places rows it gets the
        labels so far, each row not yet placed a story of its own."""
        if not self._story_lock.acquire(blocking=wait):
            return self._labels_so_far()
        try:
            return self._place_stories()
        finally:
            self._story_lock.release()

    def _labels_so_far(self) -> np.ndarray:
        n = len(self._ids)
        placed = self._stories.array()[:n]
        if len(placed) >= n:
            return placed
        return np.concatenate([placed, np.arange(len(placed), n, dtype=np.int64)])

    def _place_stories(self) -> np.ndarray:
        """Place the rows added since the last call (the story lock is held)."""
        with self._lock:
            n = len(self._ids)
            st = self._stories
            if st.placed >= n:
                return st.array()
            eng = self._ensure()
            ptr, flat, mc, when = eng.row_ptr, eng.flat_e, eng.flat_m, eng.w
            titles, names, kinds = self._titles, self._ents.names, self._ents.kinds

        def src(r: int) -> RowInput:
            a, b = int(ptr[r]), int(ptr[r + 1])
            es, ms = flat[a:b].tolist(), mc[a:b].tolist()
            keep = [i for i, e in enumerate(es) if kinds[e] != "author"]
            names_r = [names[es[i]] for i in keep]
            return RowInput(titles[r], float(when[r]), names_r, [ms[i] for i in keep])

        st.add(len(st), n, src)
        return st.array()

    def stories_pending(self) -> int:
        """Rows not yet placed in stories (cheap: :meth:`story_labels` places them)."""
        return len(self._ids) - self._stories.placed

    def story_id(self, row: int) -> str:
        """The id of ``row``'s story (for ``story:``): its founding article's id, short."""
        label = int(self.story_labels()[row])
        return self._ids[label][:_STORY_ID_LEN]

    def story_rows(self, row: int) -> list[int]:
        """Every row of ``row``'s story (itself included), oldest first."""
        labels = self.story_labels()
        rows = np.flatnonzero(labels == labels[int(row)])
        with self._lock:
            eng = self._ensure()
            return rows[np.argsort(eng.w[rows], kind="stable")].tolist()

    def story_sizes(self) -> np.ndarray:
        """Per row: how many rows its story has."""
        labels = self.story_labels()
        return np.bincount(labels, minlength=len(labels))[labels]

    def _story_mask(self, value: str) -> np.ndarray:
        """Rows of the story ``value`` (a story id; an unknown id matches nothing)."""
        labels = self.story_labels(wait=False)  # (the corpus lock is held)
        key = (len(self._ids), self._changes)
        if self._story_ids is None or self._story_ids[0] != key:
            founders = np.unique(labels).tolist()
            self._story_ids = (key, {self._ids[f][:_STORY_ID_LEN]: f for f in founders})
        label = self._story_ids[1].get(value.casefold())
        if label is None:
            return np.zeros(len(labels), dtype=bool)
        return labels == label

    def story_labels_for(self, ids: Sequence[str]) -> np.ndarray | None:
        """Story labels of the articles ``ids`` as positions in ``ids`` (what a snapshot
        of those rows keeps), or None if some id or story founder is not among them."""
        labels = self.story_labels()
        with self._lock:
            rows = [self._by_id.get(i) for i in ids]
        if any(r is None for r in rows):
            return None
        index = np.asarray(rows, dtype=np.int64)
        pos = np.full(len(labels), -1, dtype=np.int64)
        pos[index] = np.arange(len(index))
        out = pos[labels[index]]
        return None if (out < 0).any() else out
