"""Rows of the ``feed:`` and ``tag:`` terms, from the subscriptions library's membership.

The library knows which subscription stored which article (by article id); a
corpus is given that as a :class:`FeedMap` (``Corpus.set_feeds``) and keeps the
(row, feed) pairs of its rows, matching only rows added since it last looked;
a term's mask is a scatter of the rows of its feeds, counts per feed one
``bincount``. ``feed:`` names a subscription by its name, feed title or URL
(folded for case and accents), else every subscription whose name has words
starting with each word of the value (``feed:harb`` finds "Harbor Gazette");
``tag:`` takes every subscription carrying the tag (folded, whole).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from parsers.corpus.entity_table import fold_marks

__all__ = ["FEED_FIELDS", "FeedCounts", "FeedInfo", "FeedMap", "FeedMasks", "fold"]

#: The query fields answered from a :class:`FeedMap`.
FEED_FIELDS: frozenset[str] = frozenset({"feed", "tag"})
_VERSIONS = itertools.count(1)

#: The article ids of the corpus's rows from ``start`` to the last.
IdsFrom = Callable[[int], Sequence[str]]


def fold(text: str) -> str:
    """A name as ``feed:``/``tag:`` compare it: casefold, no diacritics, single spaces."""
    return " ".join(fold_marks(text.replace("’", "'").casefold()).split())


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """One subscription as the corpus sees it: ``name`` is what the UI shows."""

    id: int
    name: str
    url: str
    tags: tuple[str, ...] = ()
    error: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class FeedCounts:
    """Rows per feed (by id) and per tag (by its first spelling)."""

    feeds: dict[int, int]
    tags: dict[str, int]


def _words(text: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]


def _starts_all(words: list[str], name: list[str]) -> bool:
    """Every word is the start of a word of the name."""
    return all(any(n.startswith(w) for n in name) for w in words)


class FeedMap:
    """The subscriptions and which articles each stored (``article_ids[i]`` belongs
    to feed ``feed_ids[i]``; an article two feeds carry has two pairs)."""

    def __init__(
        self, feeds: Sequence[FeedInfo], article_ids: Sequence[str], feed_ids: np.ndarray
    ) -> None:
        self.feeds = tuple(feeds)
        self.article_ids = list(article_ids)
        self.feed_ids = np.asarray(feed_ids, dtype=np.int64)
        self.version = next(_VERSIONS)
        tags: dict[str, str] = {}
        for f in self.feeds:
            for t in f.tags:
                tags.setdefault(fold(t), t)
        #: folded tag -> its first spelling, in feed order
        self.tags = tags

    @classmethod
    def build(cls, feeds: Sequence[FeedInfo], pairs: Iterable[tuple[int, str]]) -> FeedMap:
        listed = list(pairs)
        fids = np.fromiter((f for f, _ in listed), np.int64, len(listed))
        return cls(feeds, [a for _, a in listed], fids)

    def pairs(self) -> list[tuple[int, str]]:
        return list(zip(self.feed_ids.tolist(), self.article_ids, strict=True))

    def feed(self, feed_id: int) -> FeedInfo | None:
        return next((f for f in self.feeds if f.id == feed_id), None)

    def resolve(self, field: str, value: str) -> list[int]:
        """Feed ids a ``feed:``/``tag:`` value names (empty: none)."""
        v = fold(value)
        if not v:
            return []
        if field == "tag":
            return [f.id for f in self.feeds if any(fold(t) == v for t in f.tags)]
        exact = [f.id for f in self.feeds if v in (fold(f.name), fold(f.title), fold(f.url))]
        if exact:
            return exact
        words = _words(v)
        return [
            f.id
            for f in self.feeds
            if words and any(_starts_all(words, _words(fold(x))) for x in (f.name, f.title) if x)
        ]

    def tag_feeds(self) -> dict[str, list[int]]:
        """Each tag's first spelling -> the feeds carrying it."""
        out: dict[str, list[int]] = {shown: [] for shown in self.tags.values()}
        for f in self.feeds:
            for t in dict.fromkeys(fold(t) for t in f.tags):
                out[self.tags[t]].append(f.id)
        return out


class FeedMasks:
    """Row masks of ``feed:``/``tag:`` terms for one corpus.

    A row's article id never changes (rows are appended, or replaced by a record of
    the same id), so the (row, feed) pairs only ever grow with the corpus: rows
    added since the last look are matched against the map, not the whole corpus.
    """

    def __init__(self) -> None:
        self.map: FeedMap | None = None
        self._lookup: tuple[int, np.ndarray] | None = None
        #: (map version, rows covered, pair rows, pair feed ids)
        self._cover: tuple[int, int, np.ndarray, np.ndarray] | None = None
        #: per pair the feed's position in the map, and whether no row has two pairs
        self._dense: tuple[np.ndarray, bool] = (np.zeros(0, dtype=np.int64), True)
        self._masks: dict[tuple[int, tuple[int, ...]], np.ndarray] = {}

    def attach(self, feed_map: FeedMap | None) -> None:
        self.map = feed_map
        self._lookup = None
        self._cover = None
        self._masks.clear()

    def token(self, terms: Sequence[object]) -> int | None:
        """Part of a query-cache key: the map's version when feed/tag terms are used."""
        if not any(getattr(t, "field", None) in FEED_FIELDS for t in terms):
            return None
        return self.map.version if self.map is not None else 0

    def _hashes(self, fm: FeedMap) -> np.ndarray:
        """The map's article ids hashed (once per map)."""
        if self._lookup is None or self._lookup[0] != fm.version:
            q = np.fromiter(map(hash, fm.article_ids), np.int64, len(fm.article_ids))
            self._lookup = (fm.version, q)
        return self._lookup[1]

    def rows(self, n: int, ids_from: IdsFrom) -> tuple[np.ndarray, np.ndarray]:
        """``(row, feed id)`` of every pair whose article is among the ``n`` rows;
        ``ids_from(start)`` gives the ids of rows ``start..n-1``.

        The new rows' ids are hashed and sorted, and every pair's article found among
        them in one vectorised pass (a row matching a wrong pair needs a 64-bit hash
        collision between two article ids).
        """
        fm = self.map
        empty = np.zeros(0, dtype=np.int64)
        if fm is None or not fm.article_ids:
            return empty, empty
        cover = self._cover
        if cover is not None and cover[0] == fm.version and cover[1] == n:
            return cover[2], cover[3]
        start, rows, fids = 0, empty, empty
        if cover is not None and cover[0] == fm.version and cover[1] < n:
            start, rows, fids = cover[1], cover[2], cover[3]
        ids = ids_from(start)
        if len(ids):
            h = np.fromiter(map(hash, ids), np.int64, len(ids))
            order = np.argsort(h, kind="stable")
            ordered = h[order]
            q = self._hashes(fm)
            pos = np.searchsorted(ordered, q)
            pos[pos >= len(ordered)] = 0
            hit = ordered[pos] == q
            rows = np.concatenate((rows, start + order[pos[hit]]))
            fids = np.concatenate((fids, fm.feed_ids[hit]))
        self._cover = (fm.version, n, rows, fids)
        self._masks.clear()
        ids_sorted = np.asarray(sorted(f.id for f in fm.feeds), dtype=np.int64)
        if len(fids) and len(ids_sorted):
            pos = np.searchsorted(ids_sorted, fids).clip(0, len(ids_sorted) - 1)
            once = int(np.bincount(rows, minlength=n).max()) <= 1  # O(n), no sort
            self._dense = (pos, once)
        else:
            self._dense = (empty, True)
        return rows, fids

    def mask(self, field: str, value: str, n: int, ids_from: IdsFrom) -> np.ndarray | None:
        """Rows of ``field:value`` (read-only), or None when it names no feed or tag."""
        if self.map is None:
            return None
        feeds = tuple(sorted(self.map.resolve(field, value)))
        if not feeds:
            return None
        rows, fids = self.rows(n, ids_from)
        key = (n, feeds)
        m = self._masks.get(key)
        if m is None:
            m = np.zeros(n, dtype=bool)
            m[rows[np.isin(fids, np.asarray(feeds, dtype=np.int64))]] = True
            m.setflags(write=False)
            if len(self._masks) > 64:
                self._masks.clear()
            self._masks[key] = m
        return m

    def counts(self, selected: np.ndarray | None, n: int, ids_from: IdsFrom) -> FeedCounts:
        """Rows among ``selected`` (None: all of the ``n``) per feed and per tag."""
        fm = self.map
        if fm is None:
            return FeedCounts({}, {})
        rows, fids = self.rows(n, ids_from)
        dense, unique = self._dense
        if selected is not None:
            keep = selected[rows]
            rows, fids, dense = rows[keep], fids[keep], dense[keep]
        ordered = sorted(f.id for f in fm.feeds)
        per = np.bincount(dense, minlength=len(ordered)).tolist() if len(dense) else []
        found = dict(zip(ordered, per, strict=False))
        feeds = {f.id: int(found.get(f.id, 0)) for f in fm.feeds}
        tags: dict[str, int] = {}
        for shown, members in fm.tag_feeds().items():
            if unique:  # one feed per row: a tag's rows are its feeds' rows, summed
                tags[shown] = sum(feeds.get(i, 0) for i in dict.fromkeys(members))
            else:
                inside = rows[np.isin(fids, np.asarray(members, dtype=np.int64))]
                tags[shown] = int(np.unique(inside).shape[0])
        return FeedCounts(feeds, tags)
