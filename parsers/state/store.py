"""The reading state: read marks, stars and saved views, kept across sessions.

One SQLite file, ``state.sqlite3`` in ``platformdirs.user_data_dir("newsdesk")``
(``NEWSDESK_DATA_DIR`` overrides the directory), apart from the rebuildable
cache: this is the user's own data. Marks are keyed by the article id
(``parsers.model.make_id``: source + title + publication time, no path), so
they follow an article across re-parses, cache rebuilds and moved files.

Every action is one transaction (WAL, ``synchronous=FULL``): killing the app
loses at most the action in flight, and two instances writing at once lose
nothing (each write is a per-id insert or delete, never a rewrite of a whole
set; ``refresh`` picks up the other instance's writes). A database that cannot
be used (read-only, locked, corrupt, from a newer newsdesk, not ours) never
stops the app: :class:`StateStore` falls back to in-memory state and says why
in ``notice``. A corrupt file is renamed aside, never deleted or overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from parsers.state.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

__all__ = [
    "BULK",
    "FLAGS",
    "SORTS",
    "Change",
    "Flag",
    "SavedView",
    "StateStore",
    "clean_view_name",
    "data_dir",
    "state_path",
]

Flag = Literal["read", "starred"]
FLAGS: tuple[Flag, ...] = ("read", "starred")
#: Sort orders a saved view may name (those of ``Corpus.query``).
SORTS: tuple[str, ...] = ("newest", "oldest", "source")
FILENAME = "state.sqlite3"
_MAX_NAME = 80
_LOG_LIMIT = 256  # change-log entries kept for ``changes_since``
#: A mark action on more ids than this is written by a background thread.
BULK = 2000
#: The writer thread starts a bulk write this long after it was queued (seconds).
BULK_DELAY = 0.15
_Statements = Sequence[tuple[str, Sequence[tuple[object, ...]]]]


def data_dir() -> Path:
    """The user data directory (``NEWSDESK_DATA_DIR`` overrides it)."""
    env = os.environ.get("NEWSDESK_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("newsdesk"))


def state_path() -> Path:
    """Where the state database lives by default."""
    return data_dir() / FILENAME


@dataclass(frozen=True, slots=True)
class SavedView:
    """A named filter: query text (``FilterState.to_query()``) and sort order."""

    name: str
    query: str
    sort: str = "newest"


@dataclass(frozen=True, slots=True)
class Change:
    """What one mark action changed: ``flag`` set to ``value`` on ``ids`` (for undo)."""

    flag: Flag
    ids: tuple[str, ...]
    value: bool

    def inverse(self) -> Change:
        return Change(self.flag, self.ids, not self.value)


class _Unusable(Exception):
    """The file cannot be used read-write; ``load`` says whether to read it anyway."""

    def __init__(self, notice: str, load: bool = False) -> None:
        super().__init__(notice)
        self.notice = notice
        self.load = load


def clean_view_name(name: str) -> str:
    """A view name with whitespace collapsed; raises ValueError when unusable."""
    name = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    if not name:
        raise ValueError("a view needs a name")
    if len(name) > _MAX_NAME:
        raise ValueError(f"a view name has at most {_MAX_NAME} characters")
    return name


class StateStore:
    """Read marks, stars and saved views, mirrored in memory and written through.

    ``StateStore()`` opens the default file; ``StateStore(path)`` another one;
    ``StateStore(memory=True)`` keeps everything in memory. Opening never raises:
    ``persistent`` says whether writes reach a file, ``notice`` (one line) why
    not. Thread-safe. ``version`` grows with every change (mark, view, or a
    refresh that found another instance's writes); ``changes_since`` lets a
    consumer update derived data incrementally.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        memory: bool = False,
        busy_timeout: float = 5.0,
    ) -> None:
        # lock order: _order (one action at a time) -> _db (the connection) -> _mem
        self._order = threading.RLock()
        self._db = threading.RLock()
        self._mem = threading.RLock()
        self._queue: queue.Queue[Callable[[], _Statements] | None] | None = None
        self.path: Path | None = None if memory else Path(path) if path else state_path()
        self.notice: str | None = None
        self.persistent = False
        self.version = 0
        self._busy = busy_timeout
        self._sets: dict[Flag, set[str]] = {f: set() for f in FLAGS}
        self._views: list[SavedView] = []
        self._log: list[tuple[int, Change | None]] = []  # None: a view changed
        self._data_version = -1
        self._conn = self._memory_conn()
        if self.path is not None:
            self._open(self.path)
        self._load()
        self.version = 0

    # ------------------------------------------------------------------ opening

    def _memory_conn(self) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(conn)
        return conn

    def _connect(self, path: Path, readonly: bool = False) -> sqlite3.Connection:
        uri = path.resolve().as_uri() + ("?mode=ro" if readonly else "?mode=rwc")
        return sqlite3.connect(
            uri, uri=True, timeout=self._busy, isolation_level=None, check_same_thread=False
        )

    def _open(self, path: Path) -> None:
        try:
            conn = self._open_file(path)
        except _Unusable as exc:
            self.notice = exc.notice
            if exc.load:
                self._copy_readable(path)
            return
        self._conn.close()
        self._conn = conn
        self.persistent = True

    def _open_file(self, path: Path) -> sqlite3.Connection:
        where = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _Unusable(
                f"cannot create the state directory {path.parent} ({exc.strerror}); "
                "read marks, stars and views are kept in memory this session"
            ) from None
        exists = path.exists()
        if exists and not os.access(path, os.R_OK):
            raise _Unusable(f"cannot read the state database {where}; using in-memory state")
        if (exists and not os.access(path, os.W_OK)) or not os.access(path.parent, os.W_OK):
            raise _Unusable(
                f"the state database {where} is read-only; "
                "changes this session are kept in memory only",
                load=exists,
            )
        try:
            conn = self._connect(path)
        except sqlite3.Error as exc:
            raise _Unusable(
                f"cannot open the state database {where} ({exc}); using memory"
            ) from None
        try:
            self._check(conn, path)
            conn.execute("PRAGMA journal_mode = WAL")
            # the user's own data: fsync the WAL at every commit
            conn.execute("PRAGMA synchronous = FULL")
            migrate(conn)
            self._data_version = conn.execute("PRAGMA data_version").fetchone()[0]
        except _Unusable:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _is_locked(exc):
                raise _Unusable(
                    f"the state database {where} is locked by another program; "
                    "changes this session are kept in memory only"
                ) from None
            if _is_readonly(exc):
                raise _Unusable(
                    f"the state database {where} is read-only; "
                    "changes this session are kept in memory only",
                    load=True,
                ) from None
            if _is_corrupt(exc):
                return self._set_aside(path, str(exc))
            raise _Unusable(
                f"cannot use the state database {where} ({exc}); using memory"
            ) from None
        return conn

    def _check(self, conn: sqlite3.Connection, path: Path) -> None:
        """Refuse files that are not ours or from a newer newsdesk; find corruption."""
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app != APPLICATION_ID and (app != 0 or tables or version):
            raise _Unusable(
                f"{path} is not a newsdesk state database; left it untouched, using in-memory state"
            )
        if version > SCHEMA_VERSION:
            raise _Unusable(
                f"the state database {path} is from a newer newsdesk (schema {version}, "
                f"this one knows {SCHEMA_VERSION}); reading it, changes are kept in memory",
                load=True,
            )
        if tables:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            if ok != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: {ok}")

    def _set_aside(self, path: Path, reason: str) -> sqlite3.Connection:
        """Rename a corrupt file (and its WAL) aside, then start a fresh database."""
        stamp = time.strftime("%Y%m%dT%H%M%S")
        n = 0
        while True:
            aside = path.with_name(f"{path.name}.corrupt-{stamp}" + (f"-{n}" if n else ""))
            if not any(Path(f"{aside}{s}").exists() for s in ("", "-wal", "-shm")):
                break
            n += 1
        try:
            for suffix in ("", "-wal", "-shm"):
                src = Path(f"{path}{suffix}")
                if src.exists():
                    src.rename(f"{aside}{suffix}")
        except OSError as exc:
            raise _Unusable(
                f"the state database {path} is damaged ({reason}) and could not be moved "
                f"aside ({exc.strerror}); using in-memory state"
            ) from None
        conn = self._open_file(path)
        self.notice = (
            f"the state database was damaged ({reason}); kept it as {aside.name} "
            "and started a new one"
        )
        return conn

    def _copy_readable(self, path: Path) -> None:
        """Best effort: read marks and views from a file we must not write."""
        try:
            src = self._connect(path, readonly=True)
        except sqlite3.Error:
            return
        try:
            with contextlib.suppress(sqlite3.Error):
                for flag in FLAGS:
                    rows = src.execute(f"SELECT id, at FROM {flag}").fetchall()
                    self._conn.executemany(f"INSERT OR IGNORE INTO {flag} VALUES (?, ?)", rows)
            with contextlib.suppress(sqlite3.Error):
                rows = src.execute("SELECT name, query, sort, created, pos FROM views").fetchall()
                self._conn.executemany("INSERT OR IGNORE INTO views VALUES (?,?,?,?,?)", rows)
        finally:
            src.close()

    def _load(self) -> None:
        """(Re)read everything from the connection (a refresh: consumers rebuild)."""
        c = self._conn
        sets = {f: {r[0] for r in c.execute(f"SELECT id FROM {f}")} for f in FLAGS}
        order = "SELECT name, query, sort FROM views ORDER BY pos, created"
        views = [SavedView(n, q, s) for n, q, s in c.execute(order)]
        with self._mem:
            self._sets = sets
            self._views = views
            self._changed()

    # ------------------------------------------------------------------ writing

    def _submit(self, make: Callable[[], _Statements], background: bool = False) -> None:
        """Write the statements ``make()`` gives as one transaction, in submission order.

        ``background``: hand it to the writer thread and return (a bulk mark:
        100,000 rows take a few hundred ms); every other write first waits for
        the queue, so the file always sees the actions in the order they were made.
        """
        if background:
            if self._queue is None:
                self._queue = queue.Queue()
                threading.Thread(
                    target=_drain_forever, args=(self._queue, self), daemon=True
                ).start()
                # a clean exit (even without close) waits for the queued writes
                weakref.finalize(self, self._queue.join)
            self._queue.put(make)  # the rows are built in the writer thread too
            return
        self.flush()
        self._write_now(make())

    def flush(self) -> None:
        """Wait until every background write has reached the file."""
        if self._queue is not None:
            self._queue.join()

    def _write_now(self, statements: _Statements) -> None:
        """Run ``(sql, rows)`` pairs in one transaction; on failure go memory-only."""
        with self._db:
            c = self._conn
            try:
                c.execute("BEGIN IMMEDIATE")
                try:
                    for sql, rows in statements:
                        c.executemany(sql, rows)
                    c.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        c.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                if not self.persistent:
                    raise
                # memory already holds this change: the copy below includes it
                self._fall_back(f"could not save to the state database {self.path} ({exc})")

    def _fall_back(self, why: str) -> None:
        """Copy everything into memory and carry on there (one notice). Holds ``_db``."""
        mem = self._memory_conn()
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        now = time.time()
        with self._mem:
            marks = {f: list(self._sets[f]) for f in FLAGS}
            views = list(self._views)
        for flag in FLAGS:
            mem.executemany(f"INSERT INTO {flag} VALUES (?, ?)", [(i, now) for i in marks[flag]])
        mem.executemany(
            "INSERT INTO views VALUES (?, ?, ?, ?, ?)",
            [(v.name, v.query, v.sort, now, i) for i, v in enumerate(views)],
        )
        self._conn = mem
        self.persistent = False
        self.notice = f"{why}; changes this session are kept in memory only"

    def _changed(self, change: Change | None = None) -> None:
        self.version += 1
        if change is not None:
            self._log.append((self.version, change))
            if len(self._log) > _LOG_LIMIT:
                del self._log[: len(self._log) - _LOG_LIMIT]
        else:
            self._log.clear()

    # ------------------------------------------------------------------ marks

    def has(self, flag: Flag, article_id: str) -> bool:
        return article_id in self._sets[flag]

    def is_read(self, article_id: str) -> bool:
        return article_id in self._sets["read"]

    def is_starred(self, article_id: str) -> bool:
        return article_id in self._sets["starred"]

    def ids(self, flag: Flag) -> Collection[str]:
        """The ids carrying ``flag`` (a live view: do not modify, copy to keep)."""
        return self._sets[flag]

    def snapshot(self, flag: str) -> frozenset[str]:
        """A copy of the ids carrying ``flag``, safe to iterate from any thread."""
        if flag not in FLAGS:
            raise ValueError(f"unknown flag {flag!r}")
        with self._mem:
            return frozenset(self._sets[flag])

    def set_flag(self, flag: Flag, ids: Iterable[str], value: bool = True) -> Change:
        """Set ``flag`` to ``value`` on ``ids`` in one transaction.

        Returns the :class:`Change` listing only the ids whose mark changed, so
        :meth:`undo` restores exactly the state before. Memory changes at
        once; more than :data:`BULK` ids are written in the background
        (:meth:`flush` waits for them).
        """
        if flag not in FLAGS:
            raise ValueError(f"unknown flag {flag!r}")
        with self._order:
            with self._mem:
                have = self._sets[flag]
                if isinstance(ids, str):
                    raise TypeError("ids must be a collection of ids, not one string")
                todo = set(ids)
                if value:
                    todo -= have
                    have |= todo
                else:
                    todo &= have
                    have -= todo
                change = Change(flag, tuple(todo), value)
                if not todo:
                    return change
                self._changed(change)
            now = time.time()
            self._submit(lambda: _mark_statements(flag, change.ids, value, now), len(todo) > BULK)
            return change

    def toggle(self, flag: Flag, article_id: str) -> bool:
        """Flip one article's mark; returns the new value."""
        with self._order:
            value = article_id not in self._sets[flag]
            self.set_flag(flag, (article_id,), value)
            return value

    def undo(self, change: Change) -> Change:
        """Reverse ``change`` (returns the reversing change, itself undoable)."""
        return self.set_flag(change.flag, change.ids, not change.value)

    def changes_since(self, version: int) -> list[Change] | None:
        """Mark changes after ``version``, oldest first; None when not all are
        known (views changed nothing here; a refresh or an old version: rebuild)."""
        with self._mem:
            if version == self.version:
                return []
            if version > self.version:
                return None
            out = [c for v, c in self._log if v > version and c is not None]
            if not self._log or self._log[0][0] > version + 1:
                return None
            return out

    # ------------------------------------------------------------------ views

    def views(self) -> list[SavedView]:
        return list(self._views)

    def view(self, name: str) -> SavedView | None:
        key = " ".join(name.split()).casefold()
        return next((v for v in self._views if v.name.casefold() == key), None)

    def save_view(self, name: str, query: str, sort: str = "newest") -> SavedView:
        """Save (or overwrite, keeping its place) the view ``name``."""
        name = clean_view_name(name)
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        view = SavedView(name, query.strip(), sort)
        with self._order:
            old = self.view(name)
            with self._mem:
                if old is not None:
                    self._views[self._views.index(old)] = view
                else:
                    self._views.append(view)
                self._changed_views()
            if old is not None:
                sql = "UPDATE views SET name = ?, query = ?, sort = ? WHERE name = ?"
                self._submit(lambda: [(sql, [(name, view.query, sort, old.name)])])
            else:
                sql = (
                    "INSERT OR REPLACE INTO views VALUES (?, ?, ?, ?, "
                    "(SELECT coalesce(max(pos), -1) + 1 FROM views))"
                )
                self._submit(lambda: [(sql, [(name, view.query, sort, time.time())])])
        return view

    def rename_view(self, old: str, new: str) -> SavedView:
        """Rename a view; KeyError if there is none, ValueError if ``new`` is taken."""
        new = clean_view_name(new)
        with self._order:
            cur = self.view(old)
            if cur is None:
                raise KeyError(old)
            clash = self.view(new)
            if clash is not None and clash is not cur:
                raise ValueError(f"there is already a view named {clash.name!r}")
            view = SavedView(new, cur.query, cur.sort)
            with self._mem:
                self._views[self._views.index(cur)] = view
                self._changed_views()
            self._submit(lambda: [("UPDATE views SET name = ? WHERE name = ?", [(new, cur.name)])])
            return view

    def delete_view(self, name: str) -> SavedView | None:
        """Delete a view; returns it (None if there was none)."""
        with self._order:
            cur = self.view(name)
            if cur is None:
                return None
            with self._mem:
                self._views.remove(cur)
                self._changed_views()
            self._submit(lambda: [("DELETE FROM views WHERE name = ?", [(cur.name,)])])
            return cur

    def _changed_views(self) -> None:
        self.version += 1
        self._log.append((self.version, None))  # no mark moved: the log stays valid

    # ------------------------------------------------------------------ sharing

    def refresh(self) -> bool:
        """Pick up another instance's writes (cheap when there are none).

        While a bulk write of ours is still going, nothing is read (False): the
        caller's timer asks again, rather than waiting on the writer thread.
        """
        with self._order:
            if self._queue is not None and self._queue.unfinished_tasks:
                return False
            with self._db:
                if not self.persistent:
                    return False
                try:
                    dv = self._conn.execute("PRAGMA data_version").fetchone()[0]
                    if dv == self._data_version:
                        return False
                    self._data_version = dv
                    self._load()
                except sqlite3.Error:
                    return False
            return True

    def close(self) -> None:
        """Finish background writes and close the file."""
        with self._order:
            self.flush()
            if self._queue is not None:
                self._queue.put(None)
                self._queue = None
            with self._db, contextlib.suppress(sqlite3.Error):
                self._conn.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _mark_statements(flag: Flag, ids: Sequence[str], value: bool, now: float) -> _Statements:
    """The SQL that sets ``flag`` to ``value`` on ``ids``. Many ASCII ids (article ids
    are hex digests) go as one JSON array that SQLite unpacks itself: binding
    100,000 parameters from Python would hold the GIL the UI thread needs."""
    if len(ids) > BULK and all(map(str.isascii, ids)):
        array = json.dumps(ids)
        if value:
            sql = f"INSERT OR IGNORE INTO {flag} SELECT value, ? FROM json_each(?)"
            return [(sql, [(now, array)])]
        return [(f"DELETE FROM {flag} WHERE id IN (SELECT value FROM json_each(?))", [(array,)])]
    if value:
        return [(f"INSERT OR IGNORE INTO {flag} VALUES (?, ?)", [(i, now) for i in ids])]
    return [(f"DELETE FROM {flag} WHERE id = ?", [(i,) for i in ids])]


def _drain_forever(q: queue.Queue[Callable[[], _Statements] | None], store: StateStore) -> None:
    """The writer thread: one transaction per queued action, in order."""
    while True:
        item = q.get()
        try:
            if item is None:
                return
            # let the UI thread paint the change before this thread competes for the GIL
            time.sleep(BULK_DELAY)
            try:
                store._write_now(item())
            except Exception as exc:  # even the in-memory copy failed: say so, go on
                store.notice = f"could not record a change ({exc})"
        finally:
            q.task_done()


def _is_locked(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _is_readonly(exc: sqlite3.Error) -> bool:
    return "readonly" in str(exc) or "read-only" in str(exc)


def _is_corrupt(exc: sqlite3.Error) -> bool:
    msg = str(exc)
    return "not a database" in msg or "malformed" in msg or "corrupt" in msg
