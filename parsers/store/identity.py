"""Whose database is this? Telling our cache (and its schema) from anything else
named ``cache.sqlite3``, before a byte of it is changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from parsers.store.errors import BUSY_CODES, CacheError, is_damage, sqlite_code
from parsers.store.schema import APPLICATION_ID, BUSY_TIMEOUT, SCHEMA_VERSION


def inspect_db(p: Path, timeout: float = BUSY_TIMEOUT) -> tuple[str, str]:
    """What the database file ``p`` is: ``(state, detail)``, state one of ``new``, ``ours``,
    ``old`` (an older newsdesk schema), ``newer``, ``foreign``, ``damaged`` (ours,
    but SQLite says it is damaged) or ``unknown`` (damaged or not SQLite, and not
    provably ours). Raises :class:`CacheError` when it is busy (after ``timeout``
    seconds)."""
    try:
        with open(p, "rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        header = None
    except OSError as exc:
        raise CacheError(f"cannot read cache {p}: {exc}") from None
    wal = Path(f"{p}-wal")
    if header is None or (not header and not wal.exists()):
        return "new", ""
    head_id = None
    if len(header) == 100 and header.startswith(b"SQLite format 3\x00"):
        head_id = int.from_bytes(header[68:72], "big")
    try:
        conn = _inspection_connection(p, timeout)
        try:
            (app_id,) = conn.execute("PRAGMA application_id").fetchone()
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            old_version = None
            if app_id == 0 and {"meta", "files", "articles"} <= tables:
                row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                old_version = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if sqlite_code(exc) in BUSY_CODES:
            raise CacheError(f"cache {p} is busy ({exc})") from None
        if head_id == APPLICATION_ID and is_damage(exc):
            return "damaged", str(exc)
        return "unknown", str(exc)
    if app_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            return "newer", str(version)
        if version < SCHEMA_VERSION:
            return "old", str(version)
        return "ours", ""
    if old_version is not None:
        return "old", old_version
    if not tables and app_id == 0:
        return "new", ""  # an empty database
    return "foreign", ""


def _inspection_connection(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection to read the header and schema; read-only (``immutable``) when
    the directory cannot hold the WAL's shared-memory file."""
    conn = sqlite3.connect(path, timeout=timeout)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.Error as exc:
        conn.close()
        if sqlite_code(exc) not in ("SQLITE_CANTOPEN", "SQLITE_READONLY"):
            raise
    from urllib.parse import quote

    return sqlite3.connect(f"file:{quote(str(path))}?immutable=1", uri=True)
