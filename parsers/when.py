"""The article's date: one rule for the list, sorting, ``after:``/``before:``,
facets and export.

* The **reader's zone** is ``$NEWSDESK_TZ`` (an IANA name such as
  ``Europe/Berlin``) when set and known, else the system's local zone.
* A published time with a zone ("Feb. 17, 2025, 11:30 p.m. ET") is that
  instant; its **day** is the calendar day of that instant in the reader's zone.
* A published date without a time or zone ("Published Feb. 18, 2025") is that
  calendar day wherever the reader is (a floating date, never UTC midnight);
  it is placed at the start of that day in the reader's zone for sorting.
* ``after:D`` keeps articles whose day is D or later (inclusive);
  ``before:D`` keeps articles whose day is before D (exclusive), so
  ``after:D before:E`` is the half-open range [D, E).

Cached head rows carry these values, so the cache fingerprint includes
:func:`zone_name` (a change of zone re-reads the dumps once).
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from dateutil import tz

if TYPE_CHECKING:  # numpy only where arrays are asked for: the scripts never load it
    import numpy as np

__all__ = [
    "article_day",
    "article_instant",
    "day_start",
    "local_day_index",
    "local_time",
    "reader_zone",
    "zone_name",
]


def _chosen() -> str:
    name = os.environ.get("NEWSDESK_TZ", "").strip()
    return name if name and tz.gettz(name) is not None else ""


def zone_name() -> str:
    """The reader's zone as a stable name: ``$NEWSDESK_TZ``, else ``local:`` and
    the system's setting (``$TZ`` or where ``/etc/localtime`` points)."""
    name = _chosen()
    if name:
        return name
    system = os.environ.get("TZ") or os.path.realpath("/etc/localtime")
    return f"local:{system}"


_zone_memo: tuple[tuple[str | None, str | None], tzinfo] | None = None


def reader_zone() -> tzinfo:
    """The reader's time zone (see the module docstring); memoised per setting
    (it is asked once per article while a corpus is built)."""
    global _zone_memo
    key = (os.environ.get("NEWSDESK_TZ"), os.environ.get("TZ"))
    memo = _zone_memo
    if memo is not None and memo[0] == key:
        return memo[1]
    name = _chosen()
    zone = (tz.gettz(name) if name else tz.gettz()) or tz.tzlocal()
    _zone_memo = (key, zone)
    return zone


def article_instant(when: datetime) -> datetime:
    """``when`` as an aware time; a naive time is that wall time in the reader's zone."""
    return when if when.tzinfo is not None else when.replace(tzinfo=reader_zone())


def local_time(when: datetime) -> datetime:
    """``when`` on the reader's clock (a naive time is already on it)."""
    if when.tzinfo is None:
        return when
    return when.astimezone(reader_zone())


def article_day(when: datetime | None) -> date | None:
    """The article's calendar day in the reader's zone; ``None`` for no date."""
    return None if when is None else local_time(when).date()


def local_day_index(when: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of epoch-second times ``when`` (all finite) on the
    reader's calendar: the day of :func:`article_day`, for the timeline."""
    import numpy as np

    zone = reader_zone()

    def offset(ts: float) -> float:
        return (datetime.fromtimestamp(ts, zone).utcoffset() or timedelta()).total_seconds()

    when = np.asarray(when, dtype=np.float64)
    # the offset looked up once per distinct UTC day, at its start and its end; only
    # the rows of a day whose offset changes (daylight saving) are looked up one by one
    days, inv = np.unique(np.floor(when / 86400.0), return_inverse=True)
    inv = inv.reshape(when.shape)
    starts = np.array([offset(d * 86400.0) for d in days.tolist()], dtype=np.float64)
    ends = np.array([offset(d * 86400.0 + 86399.0) for d in days.tolist()], dtype=np.float64)
    offs = starts[inv]
    changing = (starts != ends)[inv]
    if changing.any():
        offs[changing] = [offset(t) for t in when[changing].tolist()]
    return np.floor((when + offs) / 86400.0).astype(np.int64)


def day_start(day: date) -> float:
    """Epoch seconds of the start of ``day`` in the reader's zone (the bound of
    ``after:day`` and ``before:day``)."""
    return datetime(day.year, day.month, day.day, tzinfo=reader_zone()).timestamp()
