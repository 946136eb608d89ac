"""Row masks for the ``is:`` terms (``is:read``, ``is:unread``, ``is:starred``).

The marks live outside the corpus (``parsers.state.StateStore``, keyed by
article id); a corpus is given a :class:`MarkSource` and turns its id sets
into boolean row masks. A mask is kept per flag and brought up to date from
the source's change log (a toggle touches one row, not 100,000); it is rebuilt
from the full id set only when the log cannot say what changed or rows were
added or replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Protocol

import numpy as np

__all__ = ["IS_VALUES", "FlagMasks", "MarkChange", "MarkSource", "flag_of"]

#: What ``is:`` takes, and the flag each one reads.
IS_VALUES: dict[str, str] = {"read": "read", "unread": "read", "starred": "starred"}


def flag_of(value: str) -> str:
    return IS_VALUES[value]


AllIds = Callable[[], Sequence[str]]


class _IdIndex:
    """Article id -> row for a whole id set at once, in numpy: the rows' ids by their
    (cached) string hashes, sorted. 100,000 ids map to rows in a few ms, where a dict
    lookup per id takes tens. A hash matching a wrong row needs a 64-bit collision
    between an id and another article's id (about 1 in 10^9 at 100k ids)."""

    def __init__(self, ids: Sequence[str]) -> None:
        h = np.fromiter(map(hash, ids), np.int64, len(ids))
        self.order = np.argsort(h, kind="stable")
        self.sorted = h[self.order]

    def rows(self, ids: Collection[str]) -> np.ndarray:
        if not len(ids) or not len(self.sorted):
            return np.zeros(0, dtype=np.int64)
        q = np.fromiter(map(hash, ids), np.int64, len(ids))
        pos = np.searchsorted(self.sorted, q)
        pos[pos >= len(self.sorted)] = 0
        hit = self.sorted[pos] == q
        return self.order[pos[hit]]


class MarkChange(Protocol):
    @property
    def flag(self) -> str: ...
    @property
    def ids(self) -> Sequence[str]: ...
    @property
    def value(self) -> bool: ...


class MarkSource(Protocol):
    """What a corpus needs from the state store."""

    @property
    def version(self) -> int: ...
    def snapshot(self, flag: str) -> Collection[str]: ...
    def changes_since(self, version: int) -> Sequence[MarkChange] | None: ...


class FlagMasks:
    """Per-flag row masks of one corpus, kept in step with a :class:`MarkSource`."""

    def __init__(self) -> None:
        self.source: MarkSource | None = None
        # flag -> (source version, corpus version, mask)
        self._masks: dict[str, tuple[int, object, np.ndarray]] = {}
        self._index: tuple[object, _IdIndex] | None = None

    def attach(self, source: MarkSource | None) -> None:
        self.source = source
        self._masks.clear()
        self._index = None

    def token(self, terms: Sequence[object]) -> int | None:
        """Part of a query-cache key: the source version when ``is:`` terms are used."""
        if self.source is None or not any(getattr(t, "field", None) == "is" for t in terms):
            return None
        return self.source.version

    def mask(self, value: str, n: int, corpus_version: object, all_ids: AllIds) -> np.ndarray:
        """Rows matching ``is:value`` in a corpus of ``n`` rows (read-only array).

        ``all_ids()`` gives the id of every row (called once per corpus version).
        """
        flag = flag_of(value)
        if self._index is None or self._index[0] != corpus_version:
            self._index = (corpus_version, _IdIndex(all_ids()))
        m = self._flag(flag, n, corpus_version, self._index[1])
        if value == "unread":
            m = ~m
            m.setflags(write=False)
        return m

    def _flag(self, flag: str, n: int, corpus_version: object, index: _IdIndex) -> np.ndarray:
        src = self.source
        if src is None:
            m = np.zeros(n, dtype=bool)
            m.setflags(write=False)
            return m
        version = src.version
        hit = self._masks.get(flag)
        if hit is not None and hit[1] == corpus_version and hit[2].shape[0] == n:
            if hit[0] == version:
                return hit[2]
            changes = src.changes_since(hit[0])
            if changes is not None:
                m = hit[2].copy()
                for c in changes:
                    if c.flag == flag:
                        m[index.rows(c.ids)] = c.value
                return self._keep(flag, version, corpus_version, m)
        m = np.zeros(n, dtype=bool)
        m[index.rows(src.snapshot(flag))] = True
        return self._keep(flag, version, corpus_version, m)

    def apply_rows(
        self,
        flag: str,
        rows: np.ndarray,
        value: bool,
        versions: tuple[int, int],
        corpus_version: object,
    ) -> None:
        """The source went from ``versions[0]`` to ``versions[1]`` by setting
        ``flag`` to ``value`` on ``rows``: move the kept mask along without
        turning the change's ids back into rows (``R`` on 100,000 articles).
        Without a mask at exactly ``versions[0]`` nothing happens: the next
        :meth:`mask` catches up from the change log as usual."""
        before, after = versions
        hit = self._masks.get(flag)
        if after != before + 1 or hit is None or hit[0] != before or hit[1] != corpus_version:
            return
        if rows.size and int(rows.max()) >= hit[2].shape[0]:
            return
        m = hit[2].copy()
        m[rows] = value
        self._keep(flag, after, corpus_version, m)

    def _keep(self, flag: str, version: int, corpus_version: object, m: np.ndarray) -> np.ndarray:
        m.setflags(write=False)
        self._masks[flag] = (version, corpus_version, m)
        return m
