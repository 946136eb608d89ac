"""Grouping articles into stories, incrementally.

An article joins the story it scores best with, if that score reaches
:attr:`Params.threshold`; otherwise it starts a story. Two articles within
:attr:`Params.window` days of each other score

    entities * cos(entity name words) + (1 - entities) * cos(title stems) - day penalty

with both cosines over idf-weighted vectors (a port named in 3 of 60 articles weighs
more than a country in 40), entity words weighted by mentions, and a penalty per day
apart beyond the first; a story scores ``(1 - link) * best + link * mean`` over its
members in the window, so one look-alike member cannot pull an article in. Look-alikes
(the same minister and countries another week, the same company in another event the
day before) share only their common names: the event's own people, places and words
differ, and a week apart is outside the window.

Incremental and bounded: :meth:`StoryIndex.add` places new rows only, in time order.
A new row is compared with the rows it could join: those within the window that share
one of its :attr:`Params.probe` rarest keys (a key in more than :attr:`Params.crowded`
rows of the window finds nothing), at most :attr:`Params.candidates` of them scored in
full. Only rows of the days in play hold features (a sliding window over a big batch;
for a few new rows, the rows of their days), so memory does not grow with the corpus.
Document frequencies are counted for a whole batch before its rows are placed.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from parsers.stories.features import entity_weights, name_tokens, title_stems

__all__ = ["Params", "RowFeatures", "RowInput", "RowSource", "StoryIndex"]

DAY = 86400.0
_UNDATED = -(2**62)


@dataclass(frozen=True, slots=True)
class Params:
    """The knobs of :class:`StoryIndex` (defaults: tuned on ``tests/fixtures/stories``)."""

    window: int = 3  # days apart at most
    entities: float = 0.4  # weight of the entity cosine (the rest: title stems)
    threshold: float = 0.25
    day_penalty: float = 0.05  # per day apart beyond the first
    link: float = 0.5  # a story's score: (1 - link) * best member + link * mean of members
    probe: int = 8  # a row's rarest keys that find its candidates
    crowded: int = 40  # a key in more rows of the window finds no candidates
    candidates: int = 16  # candidates scored in full, those sharing most keys first


class RowInput(NamedTuple):
    """What the grouping reads of one row."""

    title: str
    when: float  # epoch seconds; not finite: undated (never grouped)
    names: Sequence[str]  # its entities' names (no authors)
    mentions: Sequence[int]


@dataclass(slots=True)
class RowFeatures:
    """One row as the grouping sees it: two term vectors, weighted (entity words by
    mentions, title stems by 1), then by idf and to unit length (:meth:`StoryIndex._unit`)
    before the row is compared: a dot product is then the cosine."""

    day: int
    ents: dict[str, float]  # "@" + a word of an entity's name -> weight
    stems: dict[str, float]  # a title stem -> weight


#: Row -> its :class:`RowInput`.
RowSource = Callable[[int], RowInput]


class _Active:
    """The rows whose features are held: postings by key and day, members by story."""

    def __init__(self) -> None:
        self.feat: dict[int, RowFeatures] = {}
        self.post: dict[str, dict[int, list[int]]] = defaultdict(dict)
        self.by_day: dict[int, list[int]] = defaultdict(list)
        self.members: dict[int, list[int]] = defaultdict(list)  # label -> active rows

    def put(self, row: int, f: RowFeatures, label: int) -> None:
        self.feat[row] = f
        post = self.post
        for k in (*f.ents, *f.stems):
            post[k].setdefault(f.day, []).append(row)
        self.by_day[f.day].append(row)
        self.members[label].append(row)

    def evict_before(self, day: int, labels: Sequence[int]) -> None:
        """Forget the rows of days before ``day``."""
        for d in [d for d in self.by_day if d < day]:
            for row in self.by_day.pop(d):
                f = self.feat.pop(row)
                for k in (*f.ents, *f.stems):
                    buckets = self.post[k]
                    buckets.pop(d, None)
                    if not buckets:
                        del self.post[k]
                kept = [r for r in self.members[labels[row]] if r != row]
                if kept:
                    self.members[labels[row]] = kept
                else:
                    del self.members[labels[row]]


class StoryIndex:
    """Story labels of rows ``0 .. len(self) - 1`` (a label is the row that founded
    the story; an undated row is its own story)."""

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params()
        self.labels: list[int] = []
        self._days = array("q")  # per row: its day, or _UNDATED
        self._df: dict[str, int] = defaultdict(int)
        self._counted = 0  # rows 0 .. _counted - 1 are in _df
        self._names: dict[str, list[str]] = {}  # memo of entity name words, per add
        self._idfs: dict[str, float] = {}  # memo of idf, per add (counts are fixed then)
        self._array: np.ndarray | None = None
        self.placed = 0
        """Rows placed: ``labels`` is final up to here (read without a lock)."""

    def __len__(self) -> int:
        return len(self.labels)

    def adopt(self, labels: Sequence[int] | np.ndarray) -> None:
        """Labels saved earlier (a warm open): nothing is computed now; adding rows
        later first counts these rows' words (their labels stay)."""
        self.labels = [int(x) for x in labels]
        self.placed = len(self.labels)
        self._days = array("q", [_UNDATED]) * len(self.labels)
        self._df.clear()
        self._counted = 0
        self._array = None

    def array(self) -> np.ndarray:
        """The placed rows' labels as an int64 array (read-only, cached until rows are
        added)."""
        if self._array is None or len(self._array) != self.placed:
            self._array = np.asarray(self.labels[: self.placed], dtype=np.int64)
            self._array.setflags(write=False)
        return self._array

    # -- features ----------------------------------------------------------------------

    def _features(self, inp: RowInput) -> RowFeatures | None:
        if not math.isfinite(inp.when):
            return None
        memo = self._names
        words = [memo[n] if n in memo else memo.setdefault(n, name_tokens(n)) for n in inp.names]
        ents = entity_weights(words, inp.mentions)
        return RowFeatures(int(inp.when // DAY), ents, dict.fromkeys(title_stems(inp.title), 1.0))

    def _count(self, f: RowFeatures | None) -> None:
        if f is not None:
            df = self._df
            for k in f.ents:
                df[k] += 1
            for k in f.stems:
                df[k] += 1

    def _idf(self, key: str) -> float:
        idf = self._idfs.get(key)
        if idf is None:
            idf = self._idfs[key] = math.log(1.0 + self._counted / max(self._df.get(key, 0), 1))
        return idf

    def _unit(self, f: RowFeatures) -> RowFeatures:
        """``f`` with both vectors weighted by idf and scaled to unit length."""
        idf = self._idf
        for name in ("ents", "stems"):
            vec = {k: w * idf(k) for k, w in getattr(f, name).items()}
            norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
            setattr(f, name, {k: x / norm for k, x in vec.items()})
        return f

    # -- adding ------------------------------------------------------------------------

    def add(self, start: int, end: int, src: RowSource) -> None:
        """Place rows ``start .. end - 1`` (``src`` gives each row's fields)."""
        assert start == len(self.labels), "rows are added in order"
        self._array = None
        try:
            if self._counted < start:  # adopted labels: count their words once
                for r in range(self._counted, start):
                    f = self._features(src(r))
                    self._days[r] = f.day if f is not None else _UNDATED
                    self._count(f)
                self._counted = start
            new: dict[int, RowFeatures] = {}
            for r in range(start, end):
                f = self._features(src(r))
                self.labels.append(r)
                self._days.append(f.day if f is not None else _UNDATED)
                self._count(f)
                if f is not None:
                    new[r] = f
            self._counted = end
            if new:
                self._place_all(start, new, src)
            self.placed = end
        finally:
            self._names.clear()
            self._idfs.clear()

    def _place_all(self, start: int, new: dict[int, RowFeatures], src: RowSource) -> None:
        """Place the ``new`` rows in time order among the rows before ``start``."""
        w = self.params.window
        act = _Active()
        if start:  # the earlier rows of the days the new ones could join
            days = np.frombuffer(self._days, dtype=np.int64)[:start]
            near = {d + k for f in new.values() for k in range(-w, w + 1) for d in (f.day,)}
            for r in np.flatnonzero(np.isin(days, np.fromiter(near, np.int64))).tolist():
                f = self._features(src(r))
                if f is not None:
                    act.put(r, self._unit(f), self.labels[r])
        order = sorted(new, key=lambda r: (new[r].day, r))
        last = None
        for row in order:
            f = new[row]
            if f.day != last:  # rows more than a window back can join neither this nor later
                last = f.day
                act.evict_before(f.day - w, self.labels)
            label = self.labels[row] = self._place(row, self._unit(f), act)
            act.put(row, f, label)

    def _place(self, row: int, f: RowFeatures, act: _Active) -> int:
        """The label ``row`` takes: the best-scoring story in reach, or its own."""
        p = self.params
        days = range(f.day - p.window, f.day + p.window + 1)
        df, post, feat = self._df, act.post, act.feat
        # candidates: rows sharing the most of the row's rarest keys (that another row has)
        shared = [k for k in (*f.ents, *f.stems) if df.get(k, 0) > 1]
        keys = heapq.nsmallest(p.probe, shared, key=lambda k: df[k])
        found: Counter[int] = Counter()
        for k in keys:
            buckets = post.get(k)
            if not buckets:
                continue
            lists = [b for d in days if (b := buckets.get(d))]
            if sum(map(len, lists)) <= p.crowded:
                for b in lists:
                    found.update(b)
        if not found:
            return row
        labels = self.labels
        per_story: dict[int, list[float]] = defaultdict(list)
        fe, fs = f.ents, f.stems
        we, wt = p.entities, 1 - p.entities
        for r, _ in found.most_common(p.candidates):
            g = feat[r]
            ge, gs = g.ents, g.stems
            s = we * sum([fe[k] * ge[k] for k in fe.keys() & ge.keys()])
            s += wt * sum([fs[k] * gs[k] for k in fs.keys() & gs.keys()])
            if g.day != f.day:
                s -= p.day_penalty * max(0, abs(f.day - g.day) - 1)
            per_story[labels[r]].append(s)
        best, best_label = p.threshold, row
        for label, sims in per_story.items():
            near = sum(1 for m in act.members[label] if abs(feat[m].day - f.day) <= p.window)
            s = (1 - p.link) * max(sims) + p.link * sum(sims) / max(near, len(sims))
            if s >= best:
                best, best_label = s, label
        return best_label
