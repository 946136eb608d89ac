"""The query engine: arrays derived from the corpus's rows, and filters evaluated on them.

* :class:`RowEntities` stores row -> entities as the rows arrive (contiguous
  blocks of flat arrays, rows appended one by one, per-row replacements) and
  turns them into CSR form;
* :class:`QueryEngine` is built from that and the per-row columns whenever rows
  changed: date orders, ``flat_e`` / ``entry_row`` (one entry per (row, entity)
  pair: facets are ``np.bincount(flat_e[mask[entry_row]])``), the inverted index
  (entity -> rows, built on first use), and filter evaluation (entity terms
  through the :class:`~parsers.corpus.entity_table.EntityTable`, words and
  phrases through :class:`~parsers.corpus.fts.TextIndex` hits turned into
  boolean masks).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from itertools import chain
from typing import NamedTuple

import numpy as np

from parsers.corpus.entity_table import EntityTable
from parsers.corpus.fts import TextIndex, fold_text, match_expr
from parsers.corpus.query import ENTITY_FIELDS, FilterState, Term, text_alternatives
from parsers.model import FACET_KINDS
from parsers.when import day_start

__all__ = ["SORTS", "Csr", "Mask", "QueryEngine", "RowEntities"]

SORTS: tuple[str, ...] = ("newest", "oldest", "source")

#: The rows of an ``is:`` value (``Corpus`` passes one in: the engine holds no
#: reference back to the corpus, so dropping a corpus frees it without the cyclic GC).
FlagMask = Callable[[str], np.ndarray]
#: The rows of a ``feed:``/``tag:`` term (``field, value``), None when it names nothing.
FeedRows = Callable[[str, str], "np.ndarray | None"]
#: ``(start row, entity counts per row, flat entity ids, flat mention counts)``
EntityBlock = tuple[int, np.ndarray, np.ndarray, np.ndarray]


class Csr(NamedTuple):
    """Row -> entities: ``flat_e[row_ptr[r]:row_ptr[r + 1]]`` (and ``flat_m``, the
    mention counts); ``entry_row`` is the row of each entry."""

    row_ptr: np.ndarray
    flat_e: np.ndarray
    flat_m: np.ndarray
    entry_row: np.ndarray


class Mask(NamedTuple):
    """A filter's rows (``rows`` None = every row), its entity terms that matched no
    entity, the entity keys they resolved to (-> excluded?), and the OR kinds that
    had include-terms."""

    rows: np.ndarray | None
    unresolved: list[Term]
    active: dict[str, bool]
    or_groups: set[str]


class RowEntities:
    """The entities of each row, in the shapes they arrive in (not thread-safe)."""

    def __init__(self) -> None:
        self.blocks: list[EntityBlock] = []
        self._pending: list[tuple[int, Sequence[int], Sequence[int]]] = []
        self._override: dict[int, tuple[Sequence[int], Sequence[int]]] = {}

    def append(self, row: int, eids: Sequence[int], mcs: Sequence[int]) -> None:
        """A new row (rows are appended in order)."""
        self._pending.append((row, eids, mcs))

    def append_block(self, start: int, lens: np.ndarray, flat: np.ndarray, mcs: np.ndarray) -> None:
        """Rows ``start..start + len(lens) - 1`` at once, in flat form."""
        self.flush()
        self.blocks.append((start, lens, flat, mcs))

    def replace(self, row: int, eids: Sequence[int], mcs: Sequence[int]) -> None:
        self._override[row] = (eids, mcs)

    def flush(self) -> None:
        """Turn rows appended one by one into a block (they are contiguous)."""
        pend = self._pending
        if not pend:
            return
        self._pending = []
        lens = np.fromiter((len(e) for _, e, _ in pend), dtype=np.int64, count=len(pend))
        total = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(e for _, e, _ in pend), np.int64, total)
        mcs = np.fromiter(chain.from_iterable(m for _, _, m in pend), np.int64, total)
        self.blocks.append((pend[0][0], lens, flat, mcs))

    def csr(self, n: int) -> Csr:
        """All ``n`` rows as CSR; replacements are folded in (one block from then on)."""
        self.flush()
        blocks = self.blocks
        lens = np.zeros(n, dtype=np.int64)
        if blocks:
            for s, ln, _, _ in blocks:
                lens[s : s + len(ln)] = ln
            flat_e = np.concatenate([f for _, _, f, _ in blocks]).astype(np.int64, copy=False)
            flat_m = np.concatenate([m for _, _, _, m in blocks]).astype(np.int64, copy=False)
        else:
            flat_e = flat_m = np.empty(0, dtype=np.int64)
        if self._override:
            flat_e, flat_m, lens = self._fold_overrides(n, lens, flat_e, flat_m)
        row_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lens, out=row_ptr[1:])
        entry_row = np.repeat(np.arange(n, dtype=np.int64), lens)
        return Csr(row_ptr, flat_e, flat_m, entry_row)

    def _fold_overrides(
        self, n: int, lens: np.ndarray, flat_e: np.ndarray, flat_m: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Replace the entries of overridden rows without sorting: scatter the kept
        entries and the new ones into their final CSR slots."""
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
        self._override = {}
        # fold into one block so later rebuilds start from here
        self.blocks = [(0, new_lens, fe, fm)]
        return fe, fm, new_lens


class QueryEngine:
    """Derived arrays of one state of the corpus, and filters evaluated on them.

    Built (cheaply: what the first query needs) whenever rows changed; the
    inverted index, mention counts and the other sort orders are built on first
    use. Not thread-safe: the corpus holds its lock.
    """

    def __init__(
        self,
        when: np.ndarray,
        source_ids: np.ndarray,
        text_keys: np.ndarray,
        csr: Csr,
        ents: EntityTable,
        sources: Sequence[str],
        text: tuple[TextIndex | None, TextIndex | None],
    ) -> None:
        n = int(when.shape[0])
        self.n = n
        self.ents = ents
        self.sources = sources
        self.own_text, self.ext_text = text
        undated = ~np.isfinite(when)
        self.w = when
        self.dated = ~undated
        self.w0 = np.where(undated, 0, when)
        self.undated = undated
        self.src = source_ids
        # newest first, undated last; ties by row id (lexsort is stable)
        self.order: dict[str, np.ndarray] = {"newest": np.lexsort((-self.w0, undated))}
        self.row_ptr, self.flat_e, self.flat_m, self.entry_row = csr
        self.all_counts = np.bincount(self.flat_e, minlength=len(ents)).astype(np.int64)
        self._post: tuple[np.ndarray, np.ndarray] | None = None
        self._mention_counts: np.ndarray | None = None
        ents.rank()
        # external text keys -> rows
        ext = text_keys >= 0
        self.own_rows = ~ext
        if ext.any():
            lut = np.full(int(text_keys.max()) + 1, -1, dtype=np.int64)
            lut[text_keys[ext]] = np.flatnonzero(ext)
            self.ext_lut = lut
        else:
            self.ext_lut = np.empty(0, dtype=np.int64)
        self._tcache: OrderedDict[tuple[str, bool], np.ndarray] = OrderedDict()

    def drop_caches(self) -> None:
        """Forget cached text masks."""
        self._tcache.clear()

    # -- lazily built parts ---------------------------------------------------------

    def postings(self) -> tuple[np.ndarray, np.ndarray]:
        """Inverted index: entity id -> row ids (``rows[ptr[e]:ptr[e + 1]]``), lazily."""
        if self._post is None:
            ne = len(self.ents)
            key = self.flat_e.astype(np.int32) if ne < 2**31 else self.flat_e
            perm = np.argsort(key)  # rows within an entity need no order
            ptr = np.zeros(ne + 1, dtype=np.int64)
            np.cumsum(self.all_counts, out=ptr[1:])
            self._post = (self.entry_row[perm], ptr)
        return self._post

    def mentions(self) -> np.ndarray:
        """Mentions of each entity across the corpus."""
        if self._mention_counts is None:
            self._mention_counts = np.bincount(
                self.flat_e, weights=self.flat_m, minlength=len(self.ents)
            ).astype(np.int64)
        return self._mention_counts

    def order_of(self, sort: str) -> np.ndarray:
        o = self.order.get(sort)
        if o is None:
            if sort == "oldest":
                o = np.lexsort((self.w0, self.undated))
            elif sort == "source":
                ns = len(self.sources)
                rank = np.empty(ns, dtype=np.int64)
                rank[sorted(range(ns), key=lambda i: self.sources[i].casefold())] = np.arange(ns)
                o = np.lexsort((-self.w0, self.undated, rank[self.src]))
            else:
                raise ValueError(f"sort must be one of {SORTS}")
            self.order[sort] = o
        return o

    # -- filters ---------------------------------------------------------------------

    def mask(
        self,
        state: FilterState,
        flags: FlagMask,
        skip_or: str | None = None,
        feeds: FeedRows | None = None,
        story: FlagMask | None = None,
    ) -> Mask:
        """The rows of ``state``; ``flags`` gives the rows of an ``is:`` term (the
        corpus's marks), ``feeds`` those of a ``feed:``/``tag:`` term (the library's
        membership; without it they match nothing), ``story`` those of a ``story:``
        term. ``skip_or``: leave out that OR kind's include-terms (disjunctive facets)."""
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
            if t.field == "story":
                m = story(t.value) if story is not None else np.zeros(self.n, dtype=bool)
            else:
                m = self._term_mask(t, flags, unresolved, active, feeds)
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
                mask = np.ones(self.n, dtype=bool)
            for m in excludes:
                mask &= ~m
        return Mask(mask, unresolved, active, set(groups))

    def _term_mask(
        self,
        t: Term,
        flags: FlagMask,
        unresolved: list[Term],
        active: dict[str, bool],
        feeds: FeedRows | None = None,
    ) -> np.ndarray:
        if t.field in ENTITY_FIELDS:
            eids = self.ents.resolve_ids(t.field, t.value, self.all_counts)
            if not eids:
                unresolved.append(t)
            for e in eids:
                key = self.ents.keys[e]
                active[key] = active.get(key, True) and t.negate
            return self.entity_mask(eids)
        if t.field == "source":
            needle = t.value.replace("’", "'").casefold()
            sids = [
                i for i, s in enumerate(self.sources) if needle in s.replace("’", "'").casefold()
            ]
            return np.isin(self.src, np.asarray(sids, dtype=np.int64))
        if t.field == "text" and " OR " in t.value:  # wheat OR "peace talks"
            m = np.zeros(self.n, dtype=bool)
            for value, phrase in text_alternatives(t.value):
                m |= self.text_mask(value, phrase)
            return m
        if t.field in ("text", "phrase"):
            return self.text_mask(t.value, t.field == "phrase")
        if t.field == "is":
            return flags(t.value)
        if t.field in ("feed", "tag"):
            rows = feeds(t.field, t.value) if feeds is not None else None
            if rows is None:
                unresolved.append(t)
                return np.zeros(self.n, dtype=bool)
            return rows
        if t.field == "after":  # inclusive: the day and later (parsers.when)
            return self.dated & (self.w >= day_start(t.day))
        if t.field == "before":  # exclusive: days before
            return self.dated & (self.w < day_start(t.day))
        raise ValueError(f"unknown field {t.field!r}")  # pragma: no cover

    def entity_mask(self, eids: set[int]) -> np.ndarray:
        """Rows that mention any of ``eids``."""
        m = np.zeros(self.n, dtype=bool)
        if len(eids) <= 64:
            pr, pp = self.postings()
            for e in eids:
                m[pr[pp[e] : pp[e + 1]]] = True
        else:
            em = np.zeros(len(self.ents), dtype=bool)
            em[list(eids)] = True
            m[self.entry_row[em[self.flat_e]]] = True
        return m

    def text_mask(self, value: str, phrase: bool) -> np.ndarray:
        """Rows whose text matches the words (or the phrase) ``value`` (cached)."""
        ck = (value, phrase)
        hit = self._tcache.get(ck)
        if hit is not None:
            self._tcache.move_to_end(ck)
            return hit
        n = self.n
        m = np.zeros(n, dtype=bool)
        expr, verify = match_expr(value, phrase)
        if expr is not None:
            needle = fold_text(value)
            for idx, own in ((self.own_text, True), (self.ext_text, False)):
                if idx is None:
                    continue
                keys = idx.search(expr)
                if own:
                    rows = keys[(keys < n)]
                    rows = rows[self.own_rows[rows]]
                else:
                    lut = self.ext_lut
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

    def facets(
        self,
        mask: np.ndarray | None,
        limit: int | None,
        kinds: Sequence[str] = FACET_KINDS,
    ) -> dict[str, list[tuple[str, int]]]:
        """``(key, count)`` of each kind's entities in the rows of ``mask``, most
        rows first, then by name."""
        ne = len(self.ents)
        if mask is None:
            counts = self.all_counts
        else:
            nsel = int(np.count_nonzero(mask))
            if nsel * 8 < mask.shape[0]:
                sel = np.flatnonzero(mask)
                starts = self.row_ptr[sel]
                lens = self.row_ptr[sel + 1] - starts
                total = int(lens.sum())
                if total:
                    offs = np.repeat(starts - np.cumsum(lens) + lens, lens)
                    idx = offs + np.arange(total)
                    counts = np.bincount(self.flat_e[idx], minlength=ne)
                else:
                    counts = np.zeros(ne, dtype=np.int64)
            else:
                counts = np.bincount(self.flat_e[mask[self.entry_row]], minlength=ne)
        out: dict[str, list[tuple[str, int]]] = {}
        keys = self.ents.keys
        name_rank = self.ents.name_rank
        for kind in kinds:
            ids = self.ents.kind_eids[kind]
            c = counts[ids]
            nz = c > 0
            ids, c = ids[nz], c[nz]
            order = np.lexsort((name_rank[ids], -c))
            if limit is not None:
                order = order[:limit]
            out[kind] = [
                (keys[e], cnt)
                for e, cnt in zip(ids[order].tolist(), c[order].tolist(), strict=True)
            ]
        return out
