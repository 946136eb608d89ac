"""The state database's identity and schema, with forward-only migrations.

``PRAGMA application_id`` marks a file as a newsdesk state database (so a
stranger's SQLite file at that path is never touched) and ``PRAGMA
user_version`` is the schema version. :data:`MIGRATIONS` ``[i]`` takes the
schema from version ``i`` to ``i + 1``; a migration only ever adds (tables,
columns, indexes) or copies data, it never drops the user's data. A database
with a version newer than :data:`SCHEMA_VERSION` was written by a newer
newsdesk and is only ever read.
"""

from __future__ import annotations

import sqlite3

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "migrate"]

#: ``'NDst'`` as a big-endian 32-bit integer.
APPLICATION_ID = 0x4E447374

MIGRATIONS: list[tuple[str, ...]] = [
    # 0 -> 1: read marks, stars, saved views
    (
        "CREATE TABLE IF NOT EXISTS read (id TEXT PRIMARY KEY, at REAL NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS starred (id TEXT PRIMARY KEY, at REAL NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS views ("
        " name TEXT PRIMARY KEY COLLATE NOCASE,"
        " query TEXT NOT NULL,"
        " sort TEXT NOT NULL DEFAULT 'newest',"
        " created REAL NOT NULL,"
        " pos INTEGER NOT NULL DEFAULT 0)",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, migrations: list[tuple[str, ...]] | None = None) -> int:
    """Bring ``conn`` (autocommit mode) up to the newest schema; returns the old version.

    Each step runs in one ``BEGIN IMMEDIATE`` transaction together with the new
    ``user_version``, so a crash leaves the file at one version or the next,
    never between. Two processes migrating at once: the second sees the
    version the first committed and does nothing.
    """
    steps = MIGRATIONS if migrations is None else migrations
    old = conn.execute("PRAGMA user_version").fetchone()[0]
    version = old
    while version < len(steps):
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < len(steps):
                for stmt in steps[version]:
                    conn.execute(stmt)
                version += 1
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return old
