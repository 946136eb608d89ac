"""The cache database's layout: schema version, tables, file names, limits, file rows."""

from __future__ import annotations

import os
from dataclasses import dataclass

from parsers.corpus.fts import FTS_SCHEMA_CONTENTLESS

SCHEMA_VERSION = 12  # 12: a person's roles (titles cut from mentions); 11: FTS stems
#: ``PRAGMA application_id`` of a newsdesk cache ("NWSD"): what proves a file is ours.
APPLICATION_ID = 0x4E575344
#: Whole-corpus snapshots kept (one per recently opened set of files).
KEEP_SNAPSHOTS = 4
#: Cached files not opened for this long are dropped (when no one else uses the cache).
MAX_AGE_DAYS = 30
#: Default size cap of the database (``NEWSDESK_CACHE_MAX_MB`` overrides).
MAX_BYTES = 4 << 30
#: Seconds a statement waits for another process's write lock before giving up
#: (then: "busy", never "damaged"). :class:`parsers.store.cache.Cache` reads the copy in
#: its own module at each connect (tests shorten it there).
BUSY_TIMEOUT = 10.0
DAMAGED_MARKER = "cache.damaged"
CHECKED_FILE = "cache.checked"
CACHE_FILE = "cache.sqlite3"

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)",
    # a file's generations: one current row per path (retired IS NULL), older ones kept
    # until no process can still be reading them
    """CREATE TABLE IF NOT EXISTS files(
        id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, size INTEGER,
        mtime_ns INTEGER, ctime_ns INTEGER, hash TEXT, n INTEGER, warning TEXT, fileset TEXT,
        used REAL, retired REAL)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS files_current ON files(path) WHERE retired IS NULL",
    # blobs apart, so listing the files never walks their overflow pages
    """CREATE TABLE IF NOT EXISTS file_blobs(
        file_id INTEGER PRIMARY KEY, pre BLOB, heads BLOB)""",
    """CREATE TABLE IF NOT EXISTS articles(
        rowid INTEGER PRIMARY KEY AUTOINCREMENT, file_id INTEGER NOT NULL, idx INTEGER NOT NULL,
        body BLOB, ents BLOB)""",
    "CREATE INDEX IF NOT EXISTS articles_file ON articles(file_id)",
    """CREATE TABLE IF NOT EXISTS rents(
        rowid INTEGER NOT NULL, fileset TEXT NOT NULL, ents BLOB,
        PRIMARY KEY(rowid, fileset)) WITHOUT ROWID""",
    # gens: the file ids (generations) whose rows the blob holds
    """CREATE TABLE IF NOT EXISTS snapshots(
        fileset TEXT PRIMARY KEY, used REAL, n INTEGER, gens BLOB, blob BLOB)""",
    FTS_SCHEMA_CONTENTLESS.format(table="fts"),
]
FILE_COLUMNS = "id, path, size, mtime_ns, ctime_ns, hash, n, warning, fileset"


def size_cap() -> int:
    """Bytes the database may hold before least recently used files are dropped."""
    try:
        return max(1, int(float(os.environ["NEWSDESK_CACHE_MAX_MB"]) * (1 << 20)))
    except (KeyError, ValueError, OverflowError):
        return MAX_BYTES


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A cached file: its id, fingerprint, article count and resolution state."""

    id: int
    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    hash: str
    n: int
    warning: str | None
    fileset: str | None
