"""What ``newsdesk cache`` does: report the cache directory, clear it, prune it.

Only files newsdesk can prove are its own are deleted: the database when SQLite
reads our ``application_id`` (or a pre-9 newsdesk schema) in it, and the files
named as ours (:data:`OWN_FILES`, the gazetteer pickle). Nothing is deleted while
another newsdesk has the cache open.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from parsers.store.cache import (
    CACHE_FILE,
    CHECKED_FILE,
    DAMAGED_MARKER,
    MAX_AGE_DAYS,
    SCHEMA_VERSION,
    Cache,
    CacheError,
    inspect_db,
    size_cap,
)
from parsers.store.location import cache_dir
from parsers.store.users import LOCK_FILE, USERS_DIR, CacheBusy, Users

__all__ = ["CacheReport", "clear_cache", "prune_cache", "report"]

#: Our files beside the database (the gazetteer pickle matches ``*gazetteer*.pickle``).
OWN_FILES = (DAMAGED_MARKER, CHECKED_FILE, LOCK_FILE)
_DB_FILES = ("", "-wal", "-shm", "-journal")


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _gazetteer_pickles(d: Path) -> list[Path]:
    return sorted(d.glob("*gazetteer*.pickle"))


@dataclass
class CacheReport:
    """What ``newsdesk cache`` prints."""

    directory: Path
    state: str  # see parsers.store.cache.inspect_db
    detail: str = ""
    db_bytes: int = 0
    other_bytes: int = 0
    files: int = 0
    retired: int = 0
    articles: int = 0
    snapshots: int = 0
    users: int = 0
    cap: int = field(default_factory=size_cap)

    @property
    def total_bytes(self) -> int:
        return self.db_bytes + self.other_bytes

    def lines(self) -> list[str]:
        mb = 1 << 20
        state = {
            "ours": f"newsdesk cache, schema {SCHEMA_VERSION}",
            "new": "empty",
            "old": f"from an older newsdesk (schema {self.detail}): rebuilt on the next open",
            "newer": f"from a newer newsdesk (schema {self.detail}): not used by this one",
            "damaged": f"damaged ({self.detail}): rebuilt on the next open",
            "foreign": "not a newsdesk cache: left alone",
            "unknown": f"not a newsdesk cache ({self.detail}): left alone",
        }.get(self.state, self.state)
        out = [
            f"location: {self.directory}",
            f"size: {self.total_bytes / mb:.1f} MB (database {self.db_bytes / mb:.1f} MB, "
            f"other files {self.other_bytes / mb:.1f} MB)",
            f"database: {state}",
        ]
        if self.state == "ours":
            out.append(
                f"contents: {self.files} files, {self.articles} articles, {self.snapshots} "
                f"snapshots; {self.retired} old file versions awaiting deletion"
            )
        out.append(
            f"limits: {self.cap / mb:.0f} MB (NEWSDESK_CACHE_MAX_MB); files unopened for "
            f"{MAX_AGE_DAYS} days are dropped"
        )
        out.append(f"in use by {self.users} other newsdesk process(es)")
        return out


def report(directory: Path | None = None) -> CacheReport:
    d = directory or cache_dir()
    db = d / CACHE_FILE
    r = CacheReport(d, "new")
    if not d.exists():
        return r
    r.db_bytes = sum(_size(Path(f"{db}{s}")) for s in _DB_FILES)
    r.other_bytes = sum(_size(p) for p in _gazetteer_pickles(d))
    try:
        r.state, r.detail = inspect_db(db)
    except CacheError as exc:
        r.state, r.detail = "busy", str(exc)
    if r.state == "ours":
        conn = sqlite3.connect(f"file:{quote(str(db))}?mode=ro", uri=True, timeout=5)
        try:
            q = conn.execute
            r.files = q("SELECT count(*) FROM files WHERE retired IS NULL").fetchone()[0]
            r.retired = q("SELECT count(*) FROM files WHERE retired IS NOT NULL").fetchone()[0]
            r.articles = q("SELECT count(*) FROM articles").fetchone()[0]
            r.snapshots = q("SELECT count(*) FROM snapshots").fetchone()[0]
        except sqlite3.Error as exc:
            r.detail = str(exc)
        finally:
            conn.close()
    with contextlib.suppress(OSError, CacheBusy):
        users = Users(d)
        with users.mutex(timeout=2.0):
            r.users = users.others()
    return r


def clear_cache(directory: Path | None = None) -> tuple[list[Path], list[str]]:
    """Delete newsdesk's cache files; returns ``(deleted, notices)``. Refuses while
    another newsdesk has the cache open; leaves a database that is not ours."""
    d = directory or cache_dir()
    deleted: list[Path] = []
    notes: list[str] = []
    if not d.exists():
        return deleted, notes
    users = Users(d)
    try:
        with users.mutex(timeout=5.0):
            others = users.others()
            if others:
                return deleted, [f"{others} newsdesk process(es) have the cache open: not cleared"]
            db = d / CACHE_FILE
            try:
                state, _ = inspect_db(db)
            except CacheError as exc:
                state = "busy"
                notes.append(f"{exc}: the database was left alone")
            targets: list[Path] = []
            if state in ("ours", "old", "newer", "damaged"):
                targets += [Path(f"{db}{s}") for s in _DB_FILES]
            elif state in ("foreign", "unknown"):
                notes.append(f"{db} is not a newsdesk cache: left alone")
            targets += [d / n for n in (DAMAGED_MARKER, CHECKED_FILE)]
            targets += _gazetteer_pickles(d)
            for p in targets:
                try:
                    p.unlink()
                    deleted.append(p)
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    notes.append(f"cannot delete {p}: {exc}")
            shutil.rmtree(d / USERS_DIR, ignore_errors=True)
    except (CacheBusy, OSError) as exc:
        notes.append(f"cache busy: {exc}")
    return deleted, notes


def prune_cache(directory: Path | None = None) -> tuple[int, int, list[str]]:
    """Drop old generations, stale and over-cap files, then VACUUM; returns the
    database size before and after, and notices."""
    d = directory or cache_dir()
    db = d / CACHE_FILE
    before = sum(_size(Path(f"{db}{s}")) for s in _DB_FILES)
    try:
        cache = Cache(d)
    except CacheError as exc:
        return before, before, [str(exc)]
    notes = list(cache.take_warnings())
    try:
        with cache.users.mutex(timeout=5.0):
            if not cache.users.alone():
                notes.append("another newsdesk has the cache open: nothing deleted")
            else:
                cache._collect()
                with cache.lock:
                    cache.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    cache.conn.execute("VACUUM")
                    cache.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except (CacheBusy, OSError, sqlite3.Error) as exc:
        notes.append(f"not pruned: {exc}")
    notes += cache.take_warnings()
    cache.close()
    after = sum(_size(Path(f"{db}{s}")) for s in _DB_FILES)
    return before, after, notes
