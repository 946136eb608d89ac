"""Entity profiles and timelines, computed from the index (never from article text).

:func:`build_profile` answers "when was X covered, and who else was in those
stories?" from the query engine's arrays: the entity's rows come from the
inverted index, its co-mentions from the row -> entity CSR (one ``bincount``
over the entries of its rows), its dates from the ``when`` column.
:func:`timeline` buckets any set of rows into articles per day (or per week
when the span is long), for the profile's chart and the headline list's strip.

Co-mentioned entities are ranked by ``count * log2(lift)`` (a count-weighted
pointwise mutual information): ``lift = co * N / (n_entity * n_other)`` is 1
for an entity that appears everywhere, so ubiquitous entities sink, and the
count factor keeps one-off rarities from topping the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from parsers.corpus.columns import RowList
from parsers.corpus.engine import QueryEngine
from parsers.model import FACET_KINDS
from parsers.when import local_day_index, reader_zone

__all__ = ["Associate", "EntityProfile", "Timeline", "build_profile", "timeline"]

DAY = 86400.0
#: Spans longer than this many days are bucketed by week.
MAX_DAYS = 120
_EPOCH_WEEKDAY = date(1970, 1, 1).weekday()  # weeks start on Monday


@dataclass(frozen=True, slots=True)
class Timeline:
    """Articles per bucket (``"day"`` or ``"week"``) from ``start``, oldest first.

    ``selected`` is the part of each bucket that matches the current filter
    (None when no filter is active); ``undated`` counts rows without a date.
    """

    bucket: str
    start: date | None
    counts: tuple[int, ...]
    selected: tuple[int, ...] | None = None
    undated: int = 0

    @property
    def step(self) -> timedelta:
        return timedelta(days=7 if self.bucket == "week" else 1)

    @property
    def end(self) -> date | None:
        """The first day of the last bucket."""
        if self.start is None or not self.counts:
            return None
        return self.start + self.step * (len(self.counts) - 1)

    def bucket_start(self, i: int) -> date:
        """First day of bucket ``i``."""
        assert self.start is not None
        return self.start + self.step * i

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class Associate:
    """An entity co-mentioned with the profile's entity.

    ``count``: articles mentioning both; ``total``: the other entity's articles;
    ``lift``: observed / expected co-occurrence; ``score``: ``count * log2(lift)``.
    """

    key: str
    kind: str
    name: str
    iso2: str | None
    count: int
    total: int
    lift: float
    score: float


@dataclass(frozen=True, slots=True)
class EntityProfile:
    """Everything the profile screen shows about one entity."""

    key: str
    kind: str
    name: str
    iso2: str | None
    aliases: tuple[str, ...]
    article_count: int
    mention_count: int
    first: datetime | None
    last: datetime | None
    timeline: Timeline
    #: per kind (FACET_KINDS order), best association first
    associates: dict[str, tuple[Associate, ...]]
    #: the entity's rows, newest first (undated last)
    rows: RowList
    #: for a country: the places in it, most co-mentioned first
    places: tuple[Associate, ...] = ()
    #: rows of the entity that match the current filter (None: no filter)
    filtered: int | None = None


def _day_index(w: np.ndarray) -> np.ndarray:
    """Day numbers on the reader's calendar (the article's day: ``parsers.when``)."""
    return local_day_index(w)


def timeline(
    when: np.ndarray,
    rows: np.ndarray,
    selected: np.ndarray | None = None,
    bucket: str | None = None,
) -> Timeline:
    """Articles per day of ``rows`` (indices into ``when``, NaN = undated); per week
    when the dated span exceeds :data:`MAX_DAYS` days (or as ``bucket`` says).
    ``selected`` is a boolean mask over all rows: its share of each bucket is
    counted too."""
    rows = np.asarray(rows, dtype=np.int64)
    w = when[rows]
    dated = np.isfinite(w)
    undated = int(rows.shape[0] - np.count_nonzero(dated))
    if not dated.any():
        return Timeline(bucket or "day", None, (), None if selected is None else (), undated)
    days = _day_index(w[dated])
    lo, hi = int(days.min()), int(days.max())
    kind = bucket or ("week" if hi - lo + 1 > MAX_DAYS else "day")
    if kind == "week":
        monday_lo = lo - (lo + _EPOCH_WEEKDAY) % 7
        idx = (days - monday_lo) // 7
        start = date(1970, 1, 1) + timedelta(days=monday_lo)
    else:
        idx = days - lo
        start = date(1970, 1, 1) + timedelta(days=lo)
    nb = int(idx.max()) + 1
    counts = np.bincount(idx, minlength=nb)
    sel: tuple[int, ...] | None = None
    if selected is not None:
        keep = selected[rows[dated]]
        sel = tuple(np.bincount(idx[keep], minlength=nb).tolist())
    return Timeline(kind, start, tuple(counts.tolist()), sel, undated)


def _when(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=reader_zone())


def co_counts(eng: QueryEngine, rows: np.ndarray) -> np.ndarray:
    """Per entity id: how many of ``rows`` mention it (from the CSR entries)."""
    ne = len(eng.ents)
    starts = eng.row_ptr[rows]
    lens = eng.row_ptr[rows + 1] - starts
    total = int(lens.sum())
    if not total:
        return np.zeros(ne, dtype=np.int64)
    offs = np.repeat(starts - np.cumsum(lens) + lens, lens)
    return np.bincount(eng.flat_e[offs + np.arange(total)], minlength=ne)


def build_profile(
    eng: QueryEngine, eid: int, filtered: np.ndarray | None = None, limit: int = 12
) -> EntityProfile:
    """The profile of entity ``eid``; ``filtered`` is the current filter's row mask
    (None: no filter); ``limit`` associates per kind."""
    ents = eng.ents
    pr, pp = eng.postings()
    rows = np.unique(pr[pp[eid] : pp[eid + 1]])
    n_e = int(rows.shape[0])
    # newest first, undated last, ties by row id: the corpus's "newest" order
    w0, undated = eng.w0[rows], eng.undated[rows]
    ordered = rows[np.lexsort((rows, -w0, undated))]
    w = eng.w[rows]
    wd = w[np.isfinite(w)]
    first = _when(float(wd.min())) if wd.size else None
    last = _when(float(wd.max())) if wd.size else None
    co = co_counts(eng, rows)
    co[eid] = 0
    n = max(eng.n, 1)
    totals = eng.all_counts
    ents.rank()

    lift_all = np.zeros(co.shape[0], dtype=np.float64)
    nz = (co > 0) & (totals > 0)
    lift_all[nz] = co[nz] * n / (max(n_e, 1) * totals[nz])
    score_all = np.zeros_like(lift_all)
    score_all[nz] = co[nz] * np.log2(lift_all[nz])

    def assoc(ids: np.ndarray) -> tuple[Associate, ...]:
        return tuple(
            Associate(
                ents.keys[e],
                ents.kinds[e],
                ents.names[e],
                ents.iso2[e],
                int(co[e]),
                int(totals[e]),
                float(lift_all[e]),
                float(score_all[e]),
            )
            for e in ids.tolist()
        )

    name_rank = ents.name_rank
    associates: dict[str, tuple[Associate, ...]] = {}
    for kind in FACET_KINDS:
        ids = ents.kind_eids[kind]
        ids = ids[co[ids] > 0]
        # best score, then most co-mentions, then by name
        order = np.lexsort((name_rank[ids], -co[ids], -score_all[ids]))
        associates[kind] = assoc(ids[order[:limit]])
    places: tuple[Associate, ...] = ()
    iso = ents.iso2[eid]
    if ents.kinds[eid] == "country" and iso:
        pids = ents.kind_eids["place"]
        codes = [(ents.iso2[e] or "").upper() for e in pids.tolist()]
        pids = pids[np.asarray([c == iso.upper() for c in codes], dtype=bool)]
        pids = pids[totals[pids] > 0]
        order = np.lexsort((name_rank[pids], -totals[pids], -co[pids]))
        places = assoc(pids[order[:limit]])
    mask = filtered
    tl = timeline(eng.w, rows, mask)
    return EntityProfile(
        key=ents.keys[eid],
        kind=ents.kinds[eid],
        name=ents.names[eid],
        iso2=iso,
        aliases=tuple(ents.aliases[eid]),
        article_count=n_e,
        mention_count=int(eng.mentions()[eid]),
        first=first,
        last=last,
        timeline=tl,
        associates=associates,
        rows=RowList(ordered),
        places=places,
        filtered=None if mask is None else int(np.count_nonzero(mask[rows])),
    )
