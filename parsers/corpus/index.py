"""The in-memory corpus: rows, inverted entity index, facet counts, full text.

Row ids are stable insertion indices (``Corpus.add`` only ever appends, or
replaces a row in place when a newer copy of the same article id arrives), so a
row id the UI holds stays valid while files stream in. Date order is a
permutation computed lazily.

Layout (rebuilt lazily with numpy after ``add``):

* ``_flat_e`` / ``_entry_row``: one entry per (row, entity) pair, CSR-like;
  facets are ``np.bincount(_flat_e[mask[_entry_row]])``;
* ``_postings()``: entity id -> row ids (inverted index, built on first use);
* a :class:`~parsers.corpus.fts.TextIndex` (SQLite FTS5) for words and phrases, whose
  hits are intersected with the entity result as boolean masks.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain, pairwise
from typing import Any, overload

import numpy as np

from parsers.corpus.flags import FlagMasks, MarkSource
from parsers.corpus.fts import TextIndex, fold_text, match_expr
from parsers.corpus.query import ENTITY_FIELDS, FilterState, Term
from parsers.model import FACET_KINDS, Article, Entity

__all__ = [
    "FACET_KINDS",
    "SORTS",
    "CodedStrings",
    "Corpus",
    "EntityInfo",
    "EntityRef",
    "Headline",
    "PackedStrings",
    "QueryResult",
    "RowList",
    "author_key",
    "norm_name",
]

SORTS: tuple[str, ...] = ("newest", "oldest", "source")

_TOKEN_RE = re.compile(r"\w+")
_POSSESSIVE_RE = re.compile(r"(?:'s|')$")


def norm_name(name: str) -> str:
    """Name as compared by ``resolve``: casefold, ’ -> ', no possessive, single spaces."""
    s = " ".join(name.replace("’", "'").casefold().split())
    s = s.strip(' .,;:!?"()[]')
    return _POSSESSIVE_RE.sub("", s).strip()


def _name_tokens(name: str) -> set[str]:
    return set(_TOKEN_RE.findall(norm_name(name)))


def author_key(name: str) -> str:
    return "author:" + " ".join(name.replace("’", "'").casefold().split())


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
class EntityInfo:
    """Corpus-wide view of one entity (sidebar entry)."""

    key: str
    kind: str
    name: str
    iso2: str | None
    aliases: tuple[str, ...]
    article_count: int
    mention_count: int


@dataclass(frozen=True, slots=True)
class EntityRef:
    """Compact entity occurrence in one article (what the cache stores per row)."""

    kind: str
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    iso2: str | None = None
    mentions: int = 0


class RowList(Sequence[int]):
    """Immutable sequence of row ids backed by a numpy array (ints out)."""

    __slots__ = ("_a", "_pos")

    def __init__(self, array: np.ndarray) -> None:
        array = np.asarray(array, dtype=np.int64)
        array.setflags(write=False)
        self._a = array
        self._pos: dict[int, int] | None = None

    @property
    def array(self) -> np.ndarray:
        return self._a

    def __len__(self) -> int:
        return int(self._a.shape[0])

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> list[int]: ...
    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return self._a[i].tolist()
        return int(self._a[i])

    def __iter__(self) -> Iterator[int]:
        return iter(self._a.tolist())

    def __contains__(self, row: object) -> bool:
        return self.position(row) is not None  # type: ignore[arg-type]

    def position(self, row: int) -> int | None:
        """Index of ``row`` in this list, or None (O(1) after the first call)."""
        if self._pos is None:
            self._pos = {r: i for i, r in enumerate(self._a.tolist())}
        return self._pos.get(int(row))

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        p = self.position(value)
        if p is None or p < start or (stop is not None and p >= stop):
            raise ValueError(f"{value} is not in list")
        return p

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowList):
            return bool(np.array_equal(self._a, other._a))
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RowList({self._a.tolist()[:20]}{'...' if len(self) > 20 else ''})"


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


Loader = Callable[[Any], Article]
#: ``(id, source, retrieved_ts, when_ts, date_text, title, kicker, refs, locator, text_key)``
RefRow = tuple[str, str, float, float, str, str, Sequence[EntityRef], Any, int]
#: ``(kind, key, name, aliases, iso2)``
EntityTuple = tuple[str, str, str, Sequence[str], str | None]
#: ``(id, source, retrieved_ts, when_ts, date_text, title, kicker, ent_idx, mentions, loc, key)``
BlockRow = tuple[str, str, float, float, str, str, str, Sequence[int], Sequence[int], Any, int]


class PackedStrings(Sequence[str]):
    """Strings kept as one UTF-8 buffer plus offsets, decoded one at a time.

    The cache's snapshot holds ids and titles this way: a warm open then makes
    no Python object per row (a headline list only ever decodes what it shows).
    """

    __slots__ = ("_buf", "_off")

    def __init__(self, buf: bytes, offsets: np.ndarray) -> None:
        self._buf = buf
        self._off = offsets

    @classmethod
    def pack(cls, strings: Iterable[str]) -> PackedStrings:
        encoded = [x.encode("utf-8", "surrogatepass") for x in strings]
        off = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, encoded), np.int64, len(encoded)), out=off[1:])
        return cls(b"".join(encoded), off)

    def __len__(self) -> int:
        return int(self._off.shape[0]) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        a, b = self._off[i : i + 2].tolist()
        return self._buf[a:b].decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        buf, off = self._buf, self._off.tolist()
        return (buf[a:b].decode("utf-8", "surrogatepass") for a, b in pairwise(off))

    @property
    def buffers(self) -> tuple[bytes, np.ndarray]:
        return self._buf, self._off


class CodedStrings(Sequence[str]):
    """A column of few distinct strings: ``values[codes[i]]`` (sources, dates, kickers)."""

    __slots__ = ("codes", "values")

    def __init__(self, values: Sequence[str], codes: np.ndarray) -> None:
        self.values = list(values)
        self.codes = codes

    @classmethod
    def encode(cls, strings: Iterable[str]) -> CodedStrings:
        values: dict[str, int] = {}
        codes = np.fromiter((values.setdefault(x, len(values)) for x in strings), np.int64)
        return cls(list(values), codes)

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self.values[c] for c in self.codes[i].tolist()]
        return self.values[self.codes[i]]

    def __iter__(self) -> Iterator[str]:
        values = self.values
        return (values[c] for c in self.codes.tolist())


class _Numbers(Sequence[Any]):
    """A numpy array seen as a sequence of Python numbers."""

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray) -> None:
        self.array = array

    def __len__(self) -> int:
        return int(self.array.shape[0])

    def __getitem__(self, i: Any) -> Any:
        return self.array[i].tolist()


class _Column:
    """One per-row column: a read-only base (decoded per access) plus Python rows.

    The base is what a snapshot brought in (:class:`PackedStrings`,
    :class:`CodedStrings`, :class:`_Numbers`); rows appended later go to a
    list, and rows replaced later to ``over``. Only ``len``, ``[i]``, ``[i] = v``,
    ``append``, ``extend`` and :meth:`array` are needed by the corpus.
    """

    __slots__ = ("base", "nbase", "over", "tail")

    def __init__(self, base: Sequence[Any] = ()) -> None:
        self.base = base
        self.nbase = len(base)
        self.tail: list[Any] = []
        self.over: dict[int, Any] = {}

    def __len__(self) -> int:
        return self.nbase + len(self.tail)

    def __getitem__(self, i: int) -> Any:
        if i >= self.nbase:
            return self.tail[i - self.nbase]
        if self.over and i in self.over:
            return self.over[i]
        return self.base[i]

    def __setitem__(self, i: int, value: Any) -> None:
        if i >= self.nbase:
            self.tail[i - self.nbase] = value
        else:
            self.over[i] = value

    def append(self, value: Any) -> None:
        self.tail.append(value)

    def extend(self, values: Iterable[Any]) -> None:
        self.tail.extend(values)

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self)))

    def array(self, dtype: Any) -> np.ndarray:
        """The whole column as a numpy array (numeric columns)."""
        base = self.base
        if isinstance(base, _Numbers):
            head = base.array.astype(dtype, copy=False)
        elif isinstance(base, CodedStrings):  # pragma: no cover - not numeric
            raise TypeError("not a numeric column")
        else:
            head = np.asarray(list(base), dtype=dtype)
        if not self.tail and not self.over:
            return head
        out = np.concatenate((head, np.asarray(self.tail, dtype=dtype)))
        if self.over:
            idx = np.fromiter(self.over, np.int64, len(self.over))
            out[idx] = np.asarray(list(self.over.values()), dtype=dtype)
        return out


class Corpus:
    """All loaded articles, queryable by :class:`~parsers.corpus.query.FilterState`.

    ``Corpus(articles)`` / :meth:`add` index records held in memory (text goes
    into a private FTS5 database). The cache/loader adds body-less rows with
    :meth:`add_block` / :meth:`add_columns` (or :meth:`add_refs`), searching the
    cache's FTS table and loading bodies on demand through ``loader``.
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
        # per row (columns; a snapshot's rows stay packed, see _Column)
        self._ids = _Column()
        self._titles = _Column()
        self._kickers = _Column()
        self._dates = _Column()
        self._when = _Column()
        self._retrieved = _Column()
        self._source_id = _Column()
        self._articles: list[Article | None] = []
        self._locators = _Column()
        self._text_key = _Column()  # >= 0: key in ext index; -1: own index (key = row)
        self._by_id_map: dict[str, int] | None = {}
        # row -> entities: contiguous blocks of flat arrays, plus per-row overrides
        # for rows replaced later (duplicates, re-resolution)
        self._eblocks: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []
        self._pending_rows: list[tuple[int, Sequence[int], Sequence[int]]] = []
        self._override: dict[int, tuple[Sequence[int], Sequence[int]]] = {}
        # sources
        self._sources: list[str] = []
        self._source_idx: dict[str, int] = {}
        # entities
        self._ekeys: list[str] = []
        self._eid: dict[str, int] = {}
        self._ekind: list[str] = []
        self._ename: list[str] = []
        self._ealiases: list[dict[str, None]] = []
        self._eiso2: list[str | None] = []
        self._names_dirty = True
        self._names_gen = 0  # bumped when an entity's name, key or kind set changes
        self._ranked: tuple[int, int] = (-1, -1)
        self._folded_key: dict[tuple[str, str], set[int]] = {}
        self._name_idx: dict[tuple[str, str], set[int]] = {}
        self._tok_idx: dict[tuple[str, str], set[int]] = {}
        # text
        self._ext_text = text_index
        self._own_text: TextIndex | None = None
        self._pending_text: dict[int, tuple[int, str, str, str]] = {}
        self._text_flushed: set[int] = set()  # own-index keys present in the FTS table
        self._loader = loader
        self._body_cache: OrderedDict[int, Article] = OrderedDict()
        # derived (numpy), rebuilt lazily
        self._dirty = True
        self._changes = 0  # rows added or replaced (see ``version``)
        self._gen = 0
        self._qcache: OrderedDict[Any, Any] = OrderedDict()
        self._tcache: OrderedDict[Any, np.ndarray] = OrderedDict()
        self._flags = FlagMasks()  # ``is:`` terms, from the marks given to set_marks
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

    # ------------------------------------------------------------------ adding

    def add(self, articles: Iterable[Article]) -> None:
        """Append articles (streaming-friendly); arrays rebuild on the next query.

        An article whose id is already present replaces the old row only if it
        was retrieved later (or at the same time); otherwise it is ignored.
        """
        with self._lock:
            for a in articles:
                eids, mcs = self._eids_of(_refs_of(a))
                old = self._by_id.get(a.id)
                prev = self._articles[old] if old is not None else None
                row = self._put(
                    a.id,
                    a.source,
                    _ts(a.retrieved),
                    _ts(a.published),
                    _date_text(a.published),
                    a.title,
                    a.kicker,
                    eids,
                    mcs,
                    article=a,
                    locator=None,
                    text_key=-1,
                )
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

    def add_refs(self, rows: Iterable[RefRow]) -> None:
        """Append body-less rows given with :class:`EntityRef` lists (see :data:`RefRow`)."""
        with self._lock:
            for rid, source, retrieved, when, date_text, title, kicker, ents, loc, tkey in rows:
                eids, mcs = self._eids_of(ents)
                self._put(
                    rid,
                    source,
                    retrieved,
                    when,
                    date_text,
                    title,
                    kicker,
                    eids,
                    mcs,
                    article=None,
                    locator=loc,
                    text_key=tkey,
                )

    def add_block(self, entities: Sequence[EntityTuple], rows: Iterable[BlockRow]) -> None:
        """Bulk-append body-less rows whose entities index into a local table.

        ``entities`` holds ``(kind, key, name, aliases, iso2)`` tuples; each row
        is ``(id, source, retrieved_ts, when_ts, date_text, title, kicker,
        entity_indexes, mention_counts, locator, text_key)``: the cache's path
        (one table per file instead of one object per mention). ``locator``
        goes to the loader in :meth:`article`; ``text_key`` is the row's key in
        the external :class:`TextIndex` given to the constructor.
        """
        with self._lock:
            eid = self._entity_id
            local = [eid(k, key, name, al, iso2) for k, key, name, al, iso2 in entities]
            put = self._put
            for rid, source, retrieved, when, date_text, title, kicker, ei, mc, loc, tk in rows:
                eids = [local[j] for j in ei]
                if len(set(eids)) != len(eids):
                    merged: dict[int, int] = {}
                    for e, m in zip(eids, mc, strict=True):
                        merged[e] = merged.get(e, 0) + m
                    eids, mc = list(merged), list(merged.values())
                put(
                    rid,
                    source,
                    retrieved,
                    when,
                    date_text,
                    title,
                    kicker,
                    eids,
                    mc,
                    article=None,
                    locator=loc,
                    text_key=tk,
                )

    def add_columns(self, cols: Mapping[str, Any], unique: bool = False) -> None:
        """Bulk-load a whole snapshot (the cache's warm path) in column form.

        ``cols``: ``ids``, ``titles``, ``kickers``, ``dates``, ``sources``
        (sequences of str: lists, or :class:`PackedStrings` / :class:`CodedStrings`,
        which a corpus that was empty keeps as they are), ``when``, ``retrieved``
        (float64 arrays), ``ent_len``, ``ent_idx``, ``ent_mc`` (int arrays: per-row
        entity count, flat indexes into the entity table, flat mention counts),
        ``keys`` (int64 array: locator and text key of each row) and the entity
        table ``e_kind``, ``e_key``, ``e_name``, ``e_aliases`` (lists), ``e_iso2``.
        Rows whose id is already present go through the normal replace rule;
        ``unique`` promises the ids
        are distinct among themselves (skips that check).
        """
        with self._lock:
            local = self._entity_table(cols)
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
                ptr = np.concatenate(([0], np.cumsum(ent_len)))
                for r in range(n):
                    a, b = int(ptr[r]), int(ptr[r + 1])
                    e, m = flat[a:b].tolist(), mcs[a:b].tolist()
                    if len(set(e)) != len(e):
                        d: dict[int, int] = {}
                        for x, y in zip(e, m, strict=True):
                            d[x] = d.get(x, 0) + y
                        e, m = list(d), list(d.values())
                    self._put(
                        ids[r],
                        cols["sources"][r],
                        float(cols["retrieved"][r]),
                        float(cols["when"][r]),
                        cols["dates"][r],
                        cols["titles"][r],
                        cols["kickers"][r],
                        e,
                        m,
                        article=None,
                        locator=int(keys[r]),
                        text_key=int(keys[r]),
                    )
                return
            self._flush_rows()
            start = len(self._ids)
            sources: Sequence[str] = cols["sources"]
            coded = isinstance(sources, CodedStrings)
            sidx = self._source_idx
            for src in sources.values if coded else dict.fromkeys(sources):
                if src not in sidx:
                    sidx[src] = len(self._sources)
                    self._sources.append(src)
            if coded:
                remap = np.asarray([sidx[v] for v in sources.values], dtype=np.int64)
                sid = remap[sources.codes] if remap.size else np.zeros(0, dtype=np.int64)
            else:
                sid = np.fromiter((sidx[x] for x in sources), np.int64, n)
            when = np.asarray(cols["when"], dtype=np.float64)
            retrieved = np.asarray(cols["retrieved"], dtype=np.float64)
            if empty:
                # the warm path: the columns stay as they came (packed), no object per row
                self._ids = _Column(ids)
                self._titles = _Column(cols["titles"])
                self._kickers = _Column(cols["kickers"])
                self._dates = _Column(cols["dates"])
                self._when = _Column(_Numbers(when))
                self._retrieved = _Column(_Numbers(retrieved))
                self._source_id = _Column(_Numbers(sid))
                self._locators = _Column(_Numbers(keys))
                self._text_key = _Column(_Numbers(keys))
                self._by_id_map = None
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
            self._eblocks.append((start, ent_len, flat, mcs))
            self._dirty = True
            self._changes += 1

    def _entity_table(self, cols: Mapping[str, Any]) -> np.ndarray:
        """Corpus entity ids of a snapshot's entity table (adding the new ones)."""
        keys: list[str] = cols["e_key"]
        ne = len(keys)
        if not self._ekeys and len(set(keys)) == ne:
            # nothing to merge with: take the table as it is
            self._ekeys = list(keys)
            self._eid = dict(zip(keys, range(ne), strict=True))
            self._ekind = list(cols["e_kind"])
            self._ename = list(cols["e_name"])
            aliases = [dict.fromkeys(al) for al in cols["e_aliases"]]
            for name, al in zip(self._ename, aliases, strict=True):
                al.pop(name, None)
            self._ealiases = aliases
            self._eiso2 = list(cols["e_iso2"])
            self._names_dirty = True
            self._names_gen += 1
            return np.arange(ne, dtype=np.int64)
        eid = self._entity_id
        return np.fromiter(
            (
                eid(k, key, name, al, iso)
                for k, key, name, al, iso in zip(
                    cols["e_kind"],
                    keys,
                    cols["e_name"],
                    cols["e_aliases"],
                    cols["e_iso2"],
                    strict=True,
                )
            ),
            dtype=np.int64,
            count=ne,
        )

    def _eids_of(self, ents: Iterable[EntityRef]) -> tuple[list[int], list[int]]:
        eids: list[int] = []
        mcs: list[int] = []
        seen: dict[int, int] = {}
        for e in ents:
            eid = self._entity_id(e.kind, e.key, e.name, e.aliases, e.iso2)
            if eid in seen:
                mcs[seen[eid]] += e.mentions
                continue
            seen[eid] = len(eids)
            eids.append(eid)
            mcs.append(e.mentions)
        return eids, mcs

    def _put(
        self,
        rid: str,
        source: str,
        retrieved: float,
        when: float,
        date_text: str,
        title: str,
        kicker: str,
        eids: Sequence[int],
        mcs: Sequence[int],
        *,
        article: Article | None,
        locator: Any,
        text_key: int,
    ) -> int | None:
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
            self._pending_rows.append((row, eids, mcs))
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
            self._override[row] = (eids, mcs)
        self._dirty = True
        self._changes += 1
        return row

    def _flush_rows(self) -> None:
        """Turn rows appended one by one into an entity block (they are contiguous)."""
        pend = self._pending_rows
        if not pend:
            return
        self._pending_rows = []
        lens = np.fromiter((len(e) for _, e, _ in pend), dtype=np.int64, count=len(pend))
        total = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(e for _, e, _ in pend), np.int64, total)
        mcs = np.fromiter(chain.from_iterable(m for _, _, m in pend), np.int64, total)
        self._eblocks.append((pend[0][0], lens, flat, mcs))

    def _entity_id(
        self, kind: str, key: str, name: str, aliases: Iterable[str], iso2: str | None
    ) -> int:
        eid = self._eid.get(key)
        if eid is None:
            eid = len(self._ekeys)
            self._eid[key] = eid
            self._ekeys.append(key)
            self._ekind.append(kind)
            self._ename.append(name)
            self._ealiases.append(dict.fromkeys(a for a in aliases if a != name))
            self._eiso2.append(iso2)
            self._names_dirty = True
            self._names_gen += 1
            return eid
        cur = self._ename[eid]
        al = self._ealiases[eid]
        if name != cur:
            if len(name) > len(cur):  # prefer the fuller form ("Donald J. Trump")
                self._ename[eid] = name
                al.pop(name, None)
                name, cur = cur, name
            if name not in al and len(al) < 64:
                al[name] = None
            self._names_dirty = True
            self._names_gen += 1
        for a in aliases:
            if a not in al and a != cur and len(al) < 64:
                al[a] = None
                self._names_dirty = True
                self._names_gen += 1
        if iso2 and not self._eiso2[eid]:
            self._eiso2[eid] = iso2
        return eid

    def _build_names(self) -> None:
        """(Re)build the name/alias/token indexes that ``resolve`` uses."""
        if not self._names_dirty:
            return
        folded: dict[tuple[str, str], set[int]] = {}
        names: dict[tuple[str, str], set[int]] = {}
        toks: dict[tuple[str, str], set[int]] = {}
        norms: list[tuple[str, ...]] = []
        for eid, (kind, key, name, al) in enumerate(
            zip(self._ekind, self._ekeys, self._ename, self._ealiases, strict=True)
        ):
            folded.setdefault((kind, key.replace("’", "'").casefold()), set()).add(eid)
            forms = tuple(dict.fromkeys(norm_name(n) for n in (name, *al)))
            norms.append(forms)
            for nm in forms:
                names.setdefault((kind, nm), set()).add(eid)
                for t in _TOKEN_RE.findall(nm):
                    toks.setdefault((kind, t), set()).add(eid)
        self._folded_key, self._name_idx, self._tok_idx = folded, names, toks
        self._norms = norms
        self._names_dirty = False

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

    def _ensure(self) -> None:
        """Rebuild the arrays the first paint needs (the rest is built lazily)."""
        if not self._dirty:
            return
        self._flush_rows()
        n = len(self._ids)
        ne = len(self._ekeys)
        when = self._when.array(np.float64) if n else np.empty(0)
        undated = ~np.isfinite(when)
        self._w = when
        self._dated = ~undated
        self._w0 = np.where(undated, 0, when)
        self._undated = undated
        self._src = self._source_id.array(np.int64) if n else np.empty(0, np.int64)
        # newest first, undated last; ties by row id (lexsort is stable)
        self._order = {"newest": np.lexsort((-self._w0, undated))}
        self._rebuild_csr(n)
        counts = np.bincount(self._flat_e, minlength=ne).astype(np.int64)
        self._all_counts = counts
        self._post: tuple[np.ndarray, np.ndarray] | None = None
        self._mention_counts: np.ndarray | None = None
        if self._ranked != (ne, self._names_gen):
            # facet ties go by name, then key (numpy compares code points, like str)
            folded = np.array([x.casefold() for x in self._ename], dtype=str)
            name_order = np.lexsort((np.array(self._ekeys, dtype=str), folded)) if ne else []
            self._name_rank = np.empty(ne, dtype=np.int64)
            self._name_rank[name_order] = np.arange(ne)
            kinds = np.array(self._ekind, dtype=str) if ne else np.empty(0, dtype=str)
            self._kind_eids = {k: np.flatnonzero(kinds == k) for k in FACET_KINDS}
            self._ranked = (ne, self._names_gen)
        # external text keys -> rows
        tkeys = self._text_key.array(np.int64) if n else np.empty(0, np.int64)
        ext = tkeys >= 0
        self._own_rows = ~ext
        if ext.any():
            lut = np.full(int(tkeys.max()) + 1, -1, dtype=np.int64)
            lut[tkeys[ext]] = np.flatnonzero(ext)
            self._ext_lut = lut
        else:
            self._ext_lut = np.empty(0, dtype=np.int64)
        self._dirty = False
        self._gen += 1
        self._qcache.clear()
        self._tcache.clear()

    def _rebuild_csr(self, n: int) -> None:
        """Row -> entities as CSR (``_row_ptr``, ``_flat_e``, ``_flat_m``, ``_entry_row``)."""
        blocks = self._eblocks
        if blocks:
            lens = np.zeros(n, dtype=np.int64)
            for s, ln, _, _ in blocks:
                lens[s : s + len(ln)] = ln
            flat_e = np.concatenate([f for _, _, f, _ in blocks]).astype(np.int64, copy=False)
            flat_m = np.concatenate([m for _, _, _, m in blocks]).astype(np.int64, copy=False)
        else:
            lens = np.zeros(n, dtype=np.int64)
            flat_e = flat_m = np.empty(0, dtype=np.int64)
        if self._override:
            # Replace the entries of overridden rows without sorting: scatter the
            # kept entries and the new ones into their final CSR slots.
            old_ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(lens, out=old_ptr[1:])
            old_row = np.repeat(np.arange(n, dtype=np.int64), lens)
            items = sorted(self._override.items())
            orow = np.fromiter((r for r, _ in items), dtype=np.int64, count=len(items))
            o_lens = np.fromiter((len(e) for _, (e, _) in items), np.int64, count=len(items))
            o_tot = int(o_lens.sum())
            o_e = np.fromiter(chain.from_iterable(e for _, (e, _) in items), np.int64, o_tot)
            o_m = np.fromiter(chain.from_iterable(m for _, (_, m) in items), np.int64, o_tot)
            is_over = np.zeros(n, dtype=bool)
            is_over[orow] = True
            keep = ~is_over[old_row]
            new_lens = lens.copy()
            new_lens[orow] = o_lens
            ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(new_lens, out=ptr[1:])
            total = int(ptr[-1])
            fe = np.empty(total, dtype=np.int64)
            fm = np.empty(total, dtype=np.int64)
            kr = old_row[keep]
            kpos = ptr[kr] + (np.flatnonzero(keep) - old_ptr[kr])
            fe[kpos] = flat_e[keep]
            fm[kpos] = flat_m[keep]
            o_row = np.repeat(orow, o_lens)
            o_start = np.repeat(np.cumsum(o_lens) - o_lens, o_lens)
            opos = ptr[o_row] + (np.arange(o_tot) - o_start)
            fe[opos] = o_e
            fm[opos] = o_m
            flat_e, flat_m, lens = fe, fm, new_lens
            self._override = {}
            # fold into one block so later rebuilds start from here
            self._eblocks = [(0, lens, flat_e, flat_m)]
        self._row_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lens, out=self._row_ptr[1:])
        self._flat_e = flat_e
        self._flat_m = flat_m
        self._entry_row = np.repeat(np.arange(n, dtype=np.int64), lens)

    def _postings(self) -> tuple[np.ndarray, np.ndarray]:
        """Inverted index: entity id -> row ids (``rows[ptr[e]:ptr[e + 1]]``), lazily."""
        if self._post is None:
            ne = len(self._ekeys)
            key = self._flat_e.astype(np.int32) if ne < 2**31 else self._flat_e
            perm = np.argsort(key)  # rows within an entity need no order
            ptr = np.zeros(ne + 1, dtype=np.int64)
            np.cumsum(self._all_counts, out=ptr[1:])
            self._post = (self._entry_row[perm], ptr)
        return self._post

    def _mentions(self) -> np.ndarray:
        if self._mention_counts is None:
            self._mention_counts = np.bincount(
                self._flat_e, weights=self._flat_m, minlength=len(self._ekeys)
            ).astype(np.int64)
        return self._mention_counts

    def _order_of(self, sort: str) -> np.ndarray:
        o = self._order.get(sort)
        if o is None:
            if sort == "oldest":
                o = np.lexsort((self._w0, self._undated))
            elif sort == "source":
                ns = len(self._sources)
                rank = np.empty(ns, dtype=np.int64)
                rank[sorted(range(ns), key=lambda i: self._sources[i].casefold())] = np.arange(ns)
                o = np.lexsort((-self._w0, self._undated, rank[self._src]))
            else:
                raise ValueError(f"sort must be one of {SORTS}")
            self._order[sort] = o
        return o

    def prepare(self, full: bool = True) -> None:
        """Build everything that is otherwise built on first use (call from a worker
        after the first paint so the first entity click or other sort is instant).

        ``full=False`` builds only what the first query needs (date order, row ->
        entity arrays, counts): a loader does that before it reports rows.
        """
        with self._lock:
            self._flush_text()
            self._ensure()
            if not full:
                return
            self._postings()
            self._mentions()
            for s in SORTS:
                self._order_of(s)
            self._build_names()

    # ------------------------------------------------------------------ access

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever rows are added or replaced or an entity's names change
        (a UI can tell that a result it shows is still current)."""
        return self._changes, self._names_gen

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
        """Article ids of ``rows`` (no :class:`Headline` objects: 100k in a few ms)."""
        ids = self._ids
        return [ids[int(r)] for r in rows]

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
            self._ensure()
            ids = self._flat_e[self._row_ptr[i] : self._row_ptr[i + 1]].tolist()
        return [self._ekeys[e] for e in ids]

    def entity_name(self, key: str) -> tuple[str, str, str | None]:
        """``(kind, name, iso2)`` of ``key``, cheap: builds no derived array (a
        sidebar can name entities while rows stream in); KeyError if unknown."""
        eid = self._eid[key]
        return self._ekind[eid], self._ename[eid], self._eiso2[eid]

    def entity(self, key: str) -> EntityInfo:
        """Corpus-wide info for ``key``; raises KeyError if unknown."""
        with self._lock:
            self._ensure()
            return self._info(self._eid[key])

    def _info(self, eid: int) -> EntityInfo:
        return EntityInfo(
            key=self._ekeys[eid],
            kind=self._ekind[eid],
            name=self._ename[eid],
            iso2=self._eiso2[eid],
            aliases=tuple(self._ealiases[eid]),
            article_count=int(self._all_counts[eid]),
            mention_count=int(self._mentions()[eid]),
        )

    def entities(self, kind: str | None = None) -> list[EntityInfo]:
        """All entities (of one kind) that are in some article, most articles first."""
        with self._lock:
            self._ensure()
            ids = (
                range(len(self._ekeys))
                if kind is None
                else self._kind_eids.get(kind, np.empty(0, np.int64)).tolist()
            )
            infos = [self._info(e) for e in ids if self._all_counts[e]]
        infos.sort(key=lambda x: (-x.article_count, x.name.casefold()))
        return infos

    @property
    def sources(self) -> list[str]:
        return list(self._sources)

    @property
    def newest(self) -> datetime | None:
        with self._lock:
            self._ensure()
            if not self._dated.any():
                return None
            best = int(self._order["newest"][0])
            a = self._articles[best]
            if a is not None and a.published is not None:
                return a.published
            return datetime.fromtimestamp(self._w[best], tz=UTC)

    # ----------------------------------------------------------------- resolve

    def resolve(self, kind: str, value: str) -> set[str]:
        """Entity keys of ``kind`` that ``value`` names.

        In order, the first that matches: the key itself (``person:vladimir v.
        putin`` or ``vladimir v. putin``); an exact name or alias (casefold, ’/'
        and possessive insensitive); for countries an ISO2/ISO3 code or a
        country name; else every entity whose name/alias tokens include all the
        value's tokens (``Putin`` -> every person with the token ``putin``).
        """
        with self._lock:
            self._ensure()
            return {self._ekeys[e] for e in self._resolve_ids(kind, value)}

    def _resolve_ids(self, kind: str, value: str) -> set[int]:
        """See :meth:`resolve`; only entities that are in some article count."""
        value = value.strip()
        if not value or kind == "source":
            return set()
        self._build_names()
        counts = self._all_counts

        def live(ids: Iterable[int] | None) -> set[int]:
            return {e for e in ids or () if counts[e] > 0}

        folded = value.replace("’", "'").casefold()
        if folded.startswith(kind + ":"):
            folded = folded[len(kind) + 1 :]
        hit = live(self._folded_key.get((kind, f"{kind}:{folded}")))
        if hit:
            return hit
        nm = norm_name(value)
        hit = live(self._name_idx.get((kind, nm)))
        if hit:
            return hit
        if kind == "country":
            iso = _country_iso2(value)
            if iso:
                hit = live(self._folded_key.get((kind, f"country:{iso.casefold()}")))
                if hit:
                    return hit
                hit = live(
                    e
                    for e in self._kind_eids["country"].tolist()
                    if (self._eiso2[e] or "").upper() == iso
                )
                if hit:
                    return hit
        result: set[int] | None = None
        for t in _TOKEN_RE.findall(nm):
            s = self._tok_idx.get((kind, t))
            result = set(s or ()) if result is None else result & (s or set())
            if not result:
                return set()
        return live(result)

    def find_entities(
        self, text: str, limit: int = 20, kind: str | None = None
    ) -> list[EntityInfo]:
        """Entities whose name or an alias contains ``text`` (fuzzy-ish).

        Ranked: exact name, name prefix, word prefix, substring, then
        subsequence of letters; within a rank, most articles first.
        """
        q = norm_name(text)
        if not q:
            return []
        with self._lock:
            self._ensure()
            self._build_names()
            scored: list[tuple[int, int, str, int]] = []
            counts = self._all_counts.tolist()
            for eid, forms in enumerate(self._norms):
                if (kind is not None and self._ekind[eid] != kind) or not counts[eid]:
                    continue
                best = 9
                for cand in forms:
                    s = _match_score(q, cand)
                    if s < best:
                        best = s
                        if s == 0:
                            break
                if best < 9:
                    scored.append((best, -counts[eid], self._ename[eid].casefold(), eid))
            scored.sort()
            return [self._info(e) for *_, e in scored[:limit]]

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
            self._ensure()
            ck = (state, sort, facet_limit, self._flags.token(state.terms))
            hit = self._qcache.get(ck)
            if hit is not None:
                self._qcache.move_to_end(ck)
                return hit
            mask, unresolved, active, or_groups = self._mask(state)
            order = self._order_of(sort)
            rows = order if mask is None else order[mask[order]]
            facets = self._facets(mask, facet_limit)
            # disjunctive facets: an OR kind is counted as if its own include-terms
            # were absent, so the sidebar can still offer the alternatives
            for kind in sorted(or_groups & set(FACET_KINDS)):
                other, _, _, _ = self._mask(state, skip_or=kind)
                facets[kind] = self._facets(other, facet_limit, (kind,))[kind]
            res = QueryResult(RowList(rows), int(rows.shape[0]), facets, unresolved, active)
            self._qcache[ck] = res
            if len(self._qcache) > 32:
                self._qcache.popitem(last=False)
            return res

    def count(self, state: FilterState) -> int:
        """Number of rows matching ``state`` (no sorting, no facets)."""
        with self._lock:
            self._flush_text()
            self._ensure()
            mask, _, _, _ = self._mask(state)
            return len(self._ids) if mask is None else int(np.count_nonzero(mask))

    def _mask(
        self, state: FilterState, skip_or: str | None = None
    ) -> tuple[np.ndarray | None, list[Term], dict[str, bool], set[str]]:
        """Boolean row mask of ``state`` (None = every row), unresolved terms,
        resolved entity keys -> excluded?, and the OR kinds that had include-terms.

        ``skip_or``: leave out that OR kind's include-terms (disjunctive facets).
        """
        n = len(self._ids)
        unresolved: list[Term] = []
        active: dict[str, bool] = {}
        mask: np.ndarray | None = None

        def land(m: np.ndarray) -> None:
            nonlocal mask
            mask = m.copy() if mask is None else (mask & m)

        groups: dict[str, list[np.ndarray]] = {}
        excludes: list[np.ndarray] = []
        for t in state.terms:
            if not t.negate and t.field == skip_or and t.field in state.or_kinds:
                continue
            m = self._term_mask(t, unresolved, active)
            if t.negate:
                excludes.append(m)
            elif t.field in state.or_kinds:
                groups.setdefault(t.field, []).append(m)
            else:
                land(m)
        for ms in groups.values():
            u = ms[0].copy()
            for m in ms[1:]:
                u |= m
            land(u)
        if excludes:
            if mask is None:
                mask = np.ones(n, dtype=bool)
            for m in excludes:
                mask &= ~m
        return mask, unresolved, active, set(groups)

    def _term_mask(self, t: Term, unresolved: list[Term], active: dict[str, bool]) -> np.ndarray:
        if t.field in ENTITY_FIELDS:
            eids = self._resolve_ids(t.field, t.value)
            if not eids:
                unresolved.append(t)
            for e in eids:
                key = self._ekeys[e]
                active[key] = active.get(key, True) and t.negate
            return self._entity_mask(eids)
        if t.field == "source":
            needle = t.value.replace("’", "'").casefold()
            sids = [
                i for i, s in enumerate(self._sources) if needle in s.replace("’", "'").casefold()
            ]
            return np.isin(self._src, np.asarray(sids, dtype=np.int64))
        if t.field in ("text", "phrase"):
            return self._text_mask(t.value, t.field == "phrase")
        if t.field == "is":
            return self._flags.mask(t.value, len(self._ids), self._changes, self._by_id.get)
        if t.field == "after":
            return self._dated & (self._w >= t.date.timestamp())
        if t.field == "before":
            return self._dated & (self._w < t.date.timestamp())
        raise ValueError(f"unknown field {t.field!r}")  # pragma: no cover

    def _entity_mask(self, eids: set[int]) -> np.ndarray:
        n = len(self._ids)
        m = np.zeros(n, dtype=bool)
        if len(eids) <= 64:
            pr, pp = self._postings()
            for e in eids:
                m[pr[pp[e] : pp[e + 1]]] = True
        else:
            em = np.zeros(len(self._ekeys), dtype=bool)
            em[list(eids)] = True
            m[self._entry_row[em[self._flat_e]]] = True
        return m

    def _text_mask(self, value: str, phrase: bool) -> np.ndarray:
        ck = (value, phrase)
        hit = self._tcache.get(ck)
        if hit is not None:
            self._tcache.move_to_end(ck)
            return hit
        n = len(self._ids)
        m = np.zeros(n, dtype=bool)
        expr, verify = match_expr(value, phrase)
        if expr is not None:
            needle = fold_text(value)
            for idx, own in ((self._own_text, True), (self._ext_text, False)):
                if idx is None:
                    continue
                keys = idx.search(expr)
                if own:
                    rows = keys[(keys < n)]
                    rows = rows[self._own_rows[rows]]
                else:
                    lut = self._ext_lut
                    keys = keys[keys < lut.shape[0]]
                    rows = lut[keys]
                    keep = rows >= 0
                    rows, keys = rows[keep], keys[keep]
                if verify and rows.size:
                    ok = {
                        k
                        for k, *texts in idx.texts(keys if not own else rows)
                        if any(needle in fold_text(x) for x in texts)
                    }
                    src = rows if own else keys
                    rows = rows[np.fromiter((int(k) in ok for k in src), bool, src.size)]
                m[rows] = True
        m.setflags(write=False)
        self._tcache[ck] = m
        if len(self._tcache) > 64:
            self._tcache.popitem(last=False)
        return m

    def _facets(
        self,
        mask: np.ndarray | None,
        limit: int | None,
        kinds: Sequence[str] = FACET_KINDS,
    ) -> dict[str, list[tuple[str, int]]]:
        ne = len(self._ekeys)
        if mask is None:
            counts = self._all_counts
        else:
            nsel = int(np.count_nonzero(mask))
            if nsel * 8 < mask.shape[0]:
                sel = np.flatnonzero(mask)
                starts = self._row_ptr[sel]
                lens = self._row_ptr[sel + 1] - starts
                total = int(lens.sum())
                if total:
                    offs = np.repeat(starts - np.cumsum(lens) + lens, lens)
                    idx = offs + np.arange(total)
                    counts = np.bincount(self._flat_e[idx], minlength=ne)
                else:
                    counts = np.zeros(ne, dtype=np.int64)
            else:
                counts = np.bincount(self._flat_e[mask[self._entry_row]], minlength=ne)
        out: dict[str, list[tuple[str, int]]] = {}
        keys = self._ekeys
        for kind in kinds:
            ids = self._kind_eids[kind]
            c = counts[ids]
            nz = c > 0
            ids, c = ids[nz], c[nz]
            order = np.lexsort((self._name_rank[ids], -c))
            if limit is not None:
                order = order[:limit]
            out[kind] = [
                (keys[e], cnt)
                for e, cnt in zip(ids[order].tolist(), c[order].tolist(), strict=True)
            ]
        return out


# ---------------------------------------------------------------- helpers


def _date_text(d: datetime | None) -> str:
    return d.strftime("%Y-%m-%d") if d else ""


def _ts(d: datetime | None) -> float:
    if d is None:
        return float("-inf")
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.timestamp()


def _refs_of(a: Article) -> list[EntityRef]:
    refs: list[EntityRef] = []
    if a.entities is not None:
        for e in a.entities.all():
            refs.append(EntityRef(e.kind, e.key, e.name, e.aliases, e.iso2, len(e.mentions)))
    for name in (*a.byline, *a.contributors):
        name = " ".join(name.split())
        if name:
            refs.append(EntityRef("author", author_key(name), name, (), None, 1))
    return refs


def _match_score(q: str, cand: str) -> int:
    if cand == q:
        return 0
    if cand.startswith(q):
        return 1
    if any(w.startswith(q) for w in cand.split()):
        return 2
    if q in cand:
        return 3
    it = iter(cand)
    if len(q) >= 3 and all(ch in it for ch in q):
        return 4
    return 9


_ISO3: dict[str, str] | None = None


def _country_iso2(value: str) -> str | None:
    """ISO2 for an ISO2/ISO3 code or a country name (pycountry), else None."""
    v = value.strip()
    if v.upper() == "UK":  # common, but not the ISO code
        return "GB"
    if len(v) == 2 and v.isalpha():
        return v.upper()
    try:
        import pycountry
    except ImportError:  # pragma: no cover
        return None
    try:
        c = pycountry.countries.lookup(v)
    except LookupError:
        return None
    return str(c.alpha_2)
