"""Cache errors, and telling SQLite's "damaged" from "busy"."""

from __future__ import annotations

import sqlite3


class CacheError(Exception):
    """The cache could not be opened or created (caller falls back to no cache)."""


#: SQLite result codes that mean the file itself is damaged or not a database.
DAMAGED_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
BUSY_CODES = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"})


_PRIMARY = {
    5: "SQLITE_BUSY",
    6: "SQLITE_LOCKED",
    8: "SQLITE_READONLY",
    10: "SQLITE_IOERR",
    11: "SQLITE_CORRUPT",
    13: "SQLITE_FULL",
    14: "SQLITE_CANTOPEN",
    26: "SQLITE_NOTADB",
}


def sqlite_code(exc: BaseException) -> str:
    """The primary SQLite result code of an error (``SQLITE_CORRUPT``...), or ""."""
    code = getattr(exc, "sqlite_errorcode", None)
    return _PRIMARY.get(code & 0xFF, "") if isinstance(code, int) else ""


def is_damage(exc: BaseException) -> bool:
    """SQLite says the database file is damaged (not: busy, full, read-only). FTS5
    reports a damaged table as a plain ``DatabaseError`` ("vtable constructor failed")."""
    return sqlite_code(exc) in DAMAGED_CODES or type(exc) is sqlite3.DatabaseError
