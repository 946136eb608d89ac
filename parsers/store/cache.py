"""On-disk SQLite cache of parsed records, entities and the full-text index.

One database file, ``cache.sqlite3`` in ``platformdirs.user_cache_dir("newsdesk")``
(``NEWSDESK_CACHE_DIR`` overrides the directory). Tables:

``meta``      schema version and the parser fingerprint (a hash of the parser and
              entity code + data: when it changes every file is re-parsed).
``files``     one row per input file, keyed by path, checked by size + mtime and,
              when those moved, a blake2b content hash; ``fileset`` says which set of
              files its ``heads`` were last resolved in; ``retired`` marks an old
              generation.
``file_blobs`` per file:
              ``pre``   the article stubs (metadata, no body; their entities are
                        the ``ents`` column) that ``resolve_corpus`` needs when the
                        set of files changes;
              ``heads`` ``(entity_table, rows)`` of resolved headline rows,
                        marshalled, read in one go per file;
``articles``  one row per article: ``body`` (article without entities) and ``ents``
              (its entities before cross-file resolution), loaded on demand when an
              article is opened. Blobs are marshalled compact rows
              (``parsers.store.codec.article_to_row``), not compressed.
``rents``     an article's entities after cross-file resolution in one set of
              files (``fileset``), only where it changed them (about 1%): two
              processes that opened different sets each read their own.
``fts``       FTS5 over title/dek/body, contentless (the texts are in ``articles.body``);
              rowid = ``articles.rowid``.
``snapshots`` the warm path for a whole set of files: every headline row and the
              entity table in column form (:func:`columns_from_blocks`), one
              blob, loaded with :meth:`parsers.corpus.index.Corpus.add_columns`.

Safety (see :mod:`parsers.store.users` for the cross-process part):

* newsdesk deletes only a database it can prove is its own (``PRAGMA application_id``
  is :data:`APPLICATION_ID`, or a pre-9 newsdesk schema); anything else named
  ``cache.sqlite3`` is left alone and the load runs without the cache, saying so. A
  newer schema (``user_version``) is left alone too.
* "Damaged" means SQLite says so (``SQLITE_CORRUPT``/``SQLITE_NOTADB`` or a failed
  ``PRAGMA quick_check``), never a lock timeout (that is "busy": no cache this run).
  A read that meets damage leaves a ``cache.damaged`` marker; a database whose file
  changed since its last clean check is checked in the background after a load.
  The next open checks a marked database and rebuilds it (every file re-parsed).
* Rows are never deleted under another process: re-storing a file, or a file that
  went, *retires* its generation (a new ``files`` row, new rowids); retired rows are
  deleted only when no other process has the cache open. So an open app keeps
  serving what it loaded, and two loads at once never delete each other's rows.
* A read-only cache is used read-only (nothing new is stored).
* Size: files unused for :data:`MAX_AGE_DAYS` days, and the least recently used
  ones above :func:`size_cap`, are dropped at the end of a load when alone; freed
  pages are given back (``auto_vacuum = INCREMENTAL``).

Modules of :mod:`parsers.store`, by concern: ``schema`` (tables, version, limits),
``fingerprint`` (what a row is valid for), ``errors`` (damaged vs busy), ``identity``
(whose database a file is), ``blobs`` and ``snapshot_blob`` (what rows hold),
``base`` (shared state), and the :class:`Cache` mixins ``storing``, ``resolved``,
``snapshots``, ``reading``, ``pruning``, ``repair``. This module opens the database
(connections, schema check, read-only fallback) and re-exports the public names.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from parsers.corpus.rows import (
    columns_from_blocks,
    head_block,
    patch_block,
    rebase_block,
)
from parsers.store.blobs import Prepared, fts_texts, prepare
from parsers.store.errors import BUSY_CODES, CacheError, is_damage, sqlite_code
from parsers.store.fingerprint import (
    FINGERPRINTED,
    file_hash,
    fileset_key,
    fingerprinted_files,
    parser_fingerprint,
)
from parsers.store.identity import inspect_db
from parsers.store.location import cache_dir
from parsers.store.pruning import Pruning
from parsers.store.reading import ArticleReads, CacheTextIndex
from parsers.store.repair import Repair
from parsers.store.resolved import ResolvedRows
from parsers.store.schema import (
    APPLICATION_ID,
    BUSY_TIMEOUT,
    CACHE_FILE,
    CHECKED_FILE,
    DAMAGED_MARKER,
    KEEP_SNAPSHOTS,
    MAX_AGE_DAYS,
    MAX_BYTES,
    SCHEMA,
    SCHEMA_VERSION,
    FileEntry,
    size_cap,
)
from parsers.store.snapshot_blob import SNAPSHOT_FORMAT, pack_columns, unpack_columns
from parsers.store.snapshots import Snapshots
from parsers.store.storing import FileRows
from parsers.store.users import CacheBusy, Users

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT",
    "CACHE_FILE",
    "CHECKED_FILE",
    "DAMAGED_MARKER",
    "FINGERPRINTED",
    "KEEP_SNAPSHOTS",
    "MAX_AGE_DAYS",
    "MAX_BYTES",
    "SCHEMA_VERSION",
    "SNAPSHOT_FORMAT",
    "Cache",
    "CacheError",
    "FileEntry",
    "Prepared",
    "cache_dir",
    "columns_from_blocks",
    "file_hash",
    "fileset_key",
    "fingerprinted_files",
    "fts_texts",
    "head_block",
    "inspect_db",
    "is_damage",
    "parser_fingerprint",
    "patch_block",
    "prepare",
    "rebase_block",
    "size_cap",
]

# older names, kept for callers and tests
_pack_columns = pack_columns
_unpack_columns = unpack_columns


class Cache(FileRows, ResolvedRows, Snapshots, ArticleReads, Pruning, Repair):
    """The cache database. Thread-safe: writes on one connection, reads on another.

    ``warnings`` collects notices for the user (a rebuild, a write that failed);
    :meth:`take_warnings` hands over the ones not yet reported.
    """

    def __init__(self, directory: Path | str | None = None) -> None:
        self.dir = Path(directory) if directory is not None else cache_dir()
        self.path = self.dir / CACHE_FILE
        self.warnings: list[str] = []
        self._reported = 0
        self.lock = threading.RLock()
        self.read_lock = threading.RLock()
        #: opened read-only (a read-only file or directory): nothing is stored
        self.readonly = False
        self._check_thread = None
        #: file ids whose rows this object handed out: never dropped by its own clean-up
        self._in_use = set()
        #: the set of files whose resolution :meth:`load_article` reads (the last load's)
        self.fileset = None
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"cannot create cache directory {self.dir}: {exc}") from None
        self.users = Users(self.dir)
        weakref.finalize(self, self.users.close)  # unregistered when dropped unclosed too
        try:
            with self.users.mutex():
                try:
                    self.users.register()
                    alone = self.users.alone()
                except OSError:  # a read-only directory: use what is there, change nothing
                    alone = False
                self._open_checked(alone)
        except CacheError:
            self._close_quietly()
            self.users.close()
            raise
        except CacheBusy as exc:
            self._close_quietly()
            raise CacheError(f"cache busy ({exc})") from None
        except OSError as exc:  # the lock file cannot be made: a read-only directory
            try:
                self._open_checked(False)
            except CacheError:
                raise
            except sqlite3.Error as exc2:
                self._close_quietly()
                raise CacheError(f"cannot open cache {self.path}: {exc2}") from None
            if not self.readonly:
                self._close_quietly()
                raise CacheError(f"cannot lock cache {self.dir}: {exc}") from None
        # no reference cycle through the text source: a Cache nobody holds closes at
        # once (its connections and its registration as a user with it)
        me = weakref.ref(self)

        def texts(keys: list[int]) -> Iterator[tuple[int, str, str, str]]:
            cache = me()
            return cache._fts_texts(keys) if cache is not None else iter(())

        self.text_index = CacheTextIndex(
            self.conn,
            "fts",
            lock=self.lock,
            read_conn=self.rconn,
            read_lock=self.read_lock,
            create=False,
            texts=texts,
        )

        def on_damage(exc: BaseException) -> None:
            cache = me()
            if cache is not None:
                cache._mark_damaged(exc)

        self.text_index.on_damage = on_damage

    # -- opening / validation (here: the connections read this module's BUSY_TIMEOUT) --

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        return conn

    def _inspect(self) -> tuple[str, str]:
        return inspect_db(self.path, BUSY_TIMEOUT)

    def _open_checked(self, alone: bool) -> None:
        """Open the database after deciding what it is; rebuild only what is ours."""
        state, detail = self._inspect()
        if state == "ours" and (self.dir / DAMAGED_MARKER).exists():
            problem = self._quick_check()
            if problem:
                state, detail = "damaged", problem
            else:
                self._unmark_damaged()
        where = f"cache {self.path}"
        if state == "newer":
            raise CacheError(
                f"{where} was written by a newer newsdesk (schema {detail}, this one reads "
                f"{SCHEMA_VERSION}); left alone"
            )
        if state in ("foreign", "unknown"):
            why = f" ({detail})" if detail else ""
            raise CacheError(
                f"{where} is not a newsdesk cache{why}; left alone (move it away, or set "
                "NEWSDESK_CACHE_DIR)"
            )
        if state in ("old", "damaged"):
            what = f"from an older newsdesk (schema {detail})" if state == "old" else "damaged"
            if not alone:
                raise CacheError(
                    f"{where} is {what}, and another newsdesk has it open; "
                    "it will be rebuilt once that one closes"
                )
            if state == "old":
                self._drop_all()  # through SQLite: safe for a connection still open on it
                self.warnings.append(f"{where} was {what}; rebuilt it")
            else:
                self._rebuild_damaged(detail)
                return
        try:
            self._open(alone)
        except sqlite3.Error as exc:
            self._close_quietly()
            if sqlite_code(exc) in BUSY_CODES:
                raise CacheError(f"{where} is busy ({exc})") from None
            if is_damage(exc) and alone:
                self._rebuild_damaged(str(exc))
                return
            if sqlite_code(exc) == "SQLITE_READONLY" or sqlite_code(exc) == "SQLITE_CANTOPEN":
                self._open_readonly()
                return
            raise CacheError(f"cannot open {where}: {exc}") from None

    def _open(self, alone: bool) -> None:
        self.conn = self._connect()
        self.rconn = None
        conn = self.conn
        if not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            # a new file (on an existing one the pragma writes the file for nothing)
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        conn.execute("PRAGMA journal_mode = WAL")
        # a cache: rebuilt when damaged, so no fsync (commits were ~10% of a cold load)
        conn.execute("PRAGMA synchronous = OFF")
        # checkpoint every 32 MB instead of 4 MB (fewer, bigger copies into the db)
        conn.execute("PRAGMA wal_autocheckpoint = 8192")
        fp = parser_fingerprint()
        row = None
        with contextlib.suppress(sqlite3.OperationalError):  # no meta table yet
            row = conn.execute("SELECT value FROM meta WHERE key='parser'").fetchone()
        if row is None or row[0] != fp:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                for stmt in SCHEMA:
                    conn.execute(stmt)
                # FTS5 merges its segments when 16 (not 4) are on one level: a quarter
                # less CPU to store a file, no measurable change in query time
                conn.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', 16)")
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
                row = conn.execute("SELECT value FROM meta WHERE key='parser'").fetchone()
                if row is None or row[0] != fp:
                    if row is not None and not alone:
                        # another newsdesk (other code) has it open: its rows stay
                        raise CacheError(
                            f"cache {self.path} is in use by a different newsdesk version; "
                            "left alone"
                        )
                    self._clear_all()
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('parser', ?)", (fp,))
        conn.execute("SELECT count(*) FROM files").fetchone()
        # a damaged FTS table fails here (cheap: one term lookup)
        conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'newsdesk' LIMIT 1").fetchall()
        self.rconn = self._connect()

    @staticmethod
    def _connect_uri(uri: str) -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT)

    def _open_readonly(self) -> None:
        """Use a healthy cache we may not write: hits are served, nothing is stored."""
        row = None
        for params in ("mode=ro", "immutable=1"):  # immutable: WAL without a writable -shm
            uri = f"file:{quote(str(self.path))}?{params}"
            try:
                self.conn = self._connect_uri(uri)
                row = self.conn.execute("SELECT value FROM meta WHERE key='parser'").fetchone()
                self.conn.execute("SELECT count(*) FROM files").fetchone()
                self.rconn = self._connect_uri(uri)
                break
            except sqlite3.Error as exc:
                self._close_quietly()
                error = exc
        else:
            raise CacheError(f"cannot open cache {self.path} read-only: {error}") from None
        self.readonly = True
        if row is None or row[0] != parser_fingerprint():
            self._close_quietly()
            raise CacheError(f"cache {self.path} is read-only and from another newsdesk version")
        self.warnings.append(f"cache {self.path} is read-only: new files are not cached")

    def _quick_check(self) -> str:
        """ "" when SQLite's ``quick_check`` passes, else what it says."""
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT)
            try:
                rows = conn.execute("PRAGMA quick_check(5)").fetchall()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            return "" if not is_damage(exc) else str(exc)
        found = "; ".join(str(r[0]) for r in rows)
        return "" if found == "ok" else found

    def _drop_all(self) -> None:
        """Empty an older newsdesk cache in place (then VACUUM: new page settings)."""
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT)
        try:
            with conn:
                names = conn.execute(
                    "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                    "AND type IN ('table', 'view')"
                ).fetchall()
                for kind, name in names:
                    with contextlib.suppress(sqlite3.OperationalError):  # fts shadow tables
                        conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
                conn.execute("PRAGMA user_version = 0")
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
            conn.execute("VACUUM")
        except sqlite3.Error as exc:
            raise CacheError(f"cannot empty the old cache {self.path}: {exc}") from None
        finally:
            conn.close()

    def _clear_all(self) -> None:
        self.conn.execute("DELETE FROM files")
        self.conn.execute("DELETE FROM file_blobs")
        self.conn.execute("DELETE FROM articles")
        self.conn.execute("DELETE FROM rents")
        self.conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
        self.conn.execute("DELETE FROM snapshots")

    def close(self) -> None:
        if self._check_thread is not None:
            self._check_thread.join()
        with self.lock, self.read_lock:
            self._close_quietly()
        self.users.close()
