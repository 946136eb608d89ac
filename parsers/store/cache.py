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
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
import stat as stat_mod
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from parsers.corpus.columns import CodedStrings, PackedStrings
from parsers.corpus.fts import FTS_SCHEMA_CONTENTLESS, TextIndex
from parsers.corpus.rows import (
    HeadBlock,
    PlainBlock,
    SnapshotColumns,
    block_from_plain,
    columns_from_blocks,
    head_block,
    patch_block,
    plain_block,
    rebase_block,
)
from parsers.model import Article
from parsers.store.codec import (
    _ROW_FIELDS,
    article_from_row,
    article_to_row,
    entities_from_row,
    entities_to_row,
)
from parsers.store.location import cache_dir
from parsers.store.users import CacheBusy, Users
from parsers.when import zone_name

__all__ = [
    "CACHE_FILE",
    "SCHEMA_VERSION",
    "Cache",
    "CacheError",
    "FileEntry",
    "Prepared",
    "cache_dir",
    "columns_from_blocks",
    "file_hash",
    "fileset_key",
    "head_block",
    "inspect_db",
    "parser_fingerprint",
    "patch_block",
    "prepare",
    "rebase_block",
]

SCHEMA_VERSION = 10
#: ``PRAGMA application_id`` of a newsdesk cache ("NWSD"): what proves a file is ours.
APPLICATION_ID = 0x4E575344
#: Whole-corpus snapshots kept (one per recently opened set of files).
KEEP_SNAPSHOTS = 4
#: Cached files not opened for this long are dropped (when no one else uses the cache).
MAX_AGE_DAYS = 30
#: Default size cap of the database (``NEWSDESK_CACHE_MAX_MB`` overrides).
MAX_BYTES = 4 << 30
#: Seconds a statement waits for another process's write lock before giving up
#: (then: "busy", never "damaged").
BUSY_TIMEOUT = 10.0
DAMAGED_MARKER = "cache.damaged"
CHECKED_FILE = "cache.checked"
CACHE_FILE = "cache.sqlite3"
_PARSERS = Path(__file__).resolve().parent.parent
#: What decides the records and entities a file turns into (an allow-list: a file moved out
#: of these, or a new module elsewhere, never silently changes what invalidates the cache).
#: Paths relative to ``parsers/``; a folder stands for every file below it.
FINGERPRINTED = (
    "model.py",
    "files.py",
    "sanitize.py",
    "store/codec.py",
    "dump",
    "entities",
    "formats",
    "when.py",
)

_SCHEMA = [
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
_FILE_COLUMNS = "id, path, size, mtime_ns, ctime_ns, hash, n, warning, fileset"
#: SQLite result codes that mean the file itself is damaged or not a database.
_DAMAGED_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
_BUSY_CODES = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"})


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


def _code(exc: BaseException) -> str:
    """The primary SQLite result code of an error (``SQLITE_CORRUPT``...), or ""."""
    code = getattr(exc, "sqlite_errorcode", None)
    return _PRIMARY.get(code & 0xFF, "") if isinstance(code, int) else ""


def is_damage(exc: BaseException) -> bool:
    """SQLite says the database file is damaged (not: busy, full, read-only). FTS5
    reports a damaged table as a plain ``DatabaseError`` ("vtable constructor failed")."""
    return _code(exc) in _DAMAGED_CODES or type(exc) is sqlite3.DatabaseError


class _CacheTextIndex(TextIndex):
    """The cache's FTS table: damage met in a search is noted (the next open rebuilds
    the cache) and the search finds nothing, instead of raising into the UI."""

    on_damage: Callable[[BaseException], None] | None = None

    def search(self, expr: str) -> np.ndarray:
        try:
            return super().search(expr)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc) or self.on_damage is None:
                raise
            self.on_damage(exc)
            return np.empty(0, dtype=np.int64)


def size_cap() -> int:
    """Bytes the database may hold before least recently used files are dropped."""
    try:
        return max(1, int(float(os.environ["NEWSDESK_CACHE_MAX_MB"]) * (1 << 20)))
    except (KeyError, ValueError, OverflowError):
        return MAX_BYTES


class CacheError(Exception):
    """The cache could not be opened or created (caller falls back to no cache)."""


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_FINGERPRINT: str | None = None


def fingerprinted_files() -> list[Path]:
    """The source and data files whose bytes make up the parser fingerprint."""
    out: list[Path] = []
    for name in FINGERPRINTED:
        p = _PARSERS / name
        cands = sorted(p.rglob("*")) if p.is_dir() else [p]
        out += [
            c
            for c in cands
            if c.is_file() and "__pycache__" not in c.parts and c.suffix not in (".pyc", ".pyo")
        ]
    return out


def parser_fingerprint() -> str:
    """Hash of the parsing code and data under ``parsers/`` (not the index side)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        h = hashlib.blake2b(digest_size=12)
        h.update(f"schema{SCHEMA_VERSION}".encode())
        h.update(f"zone{zone_name()}".encode())  # head rows hold the reader's days
        for p in fingerprinted_files():
            h.update(p.relative_to(_PARSERS).as_posix().encode())
            h.update(p.read_bytes())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


def fileset_key(entries: Iterable[tuple[str, str]]) -> str:
    """Identity of an ordered set of ``(path, content hash)``: what resolution saw."""
    h = hashlib.blake2b(digest_size=12)
    for path, digest in entries:
        h.update(f"{path}\x1f{digest}\x1e".encode())
    return h.hexdigest()


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


def _pack(obj: Any) -> bytes:
    """Per-file blobs (``pre``, ``heads``): marshal, not compressed (zlib was ~10% of
    the time after the last file of a cold load, for about 6% of the cache's size)."""
    return marshal.dumps(obj)


def _unpack(blob: bytes) -> Any:
    return marshal.loads(blob)


#: Left out of the per-file stubs that ``resolve_corpus`` reads.
_BODY_FIELDS = frozenset({"blocks", "captions", "dropped", "lines"})


_ARRAYS = ("retrieved", "when", "ent_len", "ent_idx", "ent_mc", "keys")
#: Columns with few distinct values, stored as (values, codes).
_CODED = ("sources", "dates", "kickers")
#: Columns of distinct strings, stored as one UTF-8 buffer plus offsets.
_PACKED = ("ids", "titles")
#: Version of the snapshot blob's layout (an older blob is rebuilt, not read).
SNAPSHOT_FORMAT = 2


def _small_dtype(a: np.ndarray) -> str:
    if a.dtype.kind == "f":
        return "<f8"
    hi = int(a.max()) if a.size else 0
    lo = int(a.min()) if a.size else 0
    if lo >= 0 and hi < 2**16:
        return "<u2"
    if lo >= -(2**31) and hi < 2**31:
        return "<i4"
    return "<i8"


def _pack_columns(cols: SnapshotColumns) -> bytes:
    """Snapshot blob: marshal of a few big buffers, uncompressed (read speed first).

    Nothing in it is one object per row: arrays are raw bytes, ids and titles one
    UTF-8 buffer plus offsets each, low-cardinality strings (values, codes).
    """
    out: dict[str, Any] = {"format": SNAPSHOT_FORMAT}
    v: Any
    for k, v in cols.items():
        if k in _ARRAYS:
            a = np.asarray(v)
            if k == "ent_mc":
                a = np.minimum(a, 2**16 - 1)
            dt = _small_dtype(a)
            out[k] = (dt, a.astype(dt).tobytes())
        elif k in _CODED:
            coded = v if isinstance(v, CodedStrings) else CodedStrings.encode(v)
            dt = _small_dtype(coded.codes)
            out[k] = (coded.values, dt, coded.codes.astype(dt).tobytes())
        elif k in _PACKED:
            buf, off = (v if isinstance(v, PackedStrings) else PackedStrings.pack(v)).buffers
            dt = _small_dtype(off)
            out[k] = (buf, dt, off.astype(dt).tobytes())
        else:
            out[k] = v
    return marshal.dumps(out)


def _unpack_columns(blob: bytes) -> SnapshotColumns:
    d = marshal.loads(blob)
    if d.get("format") != SNAPSHOT_FORMAT:
        raise ValueError("snapshot layout from another version")
    for k in _ARRAYS:
        dt, raw = d[k]
        d[k] = np.frombuffer(raw, dtype=dt)
    for k in _CODED:
        values, dt, raw = d[k]
        d[k] = CodedStrings(values, np.frombuffer(raw, dtype=dt).astype(np.intp))
    for k in _PACKED:
        buf, dt, raw = d[k]
        d[k] = PackedStrings(buf, np.frombuffer(raw, dtype=dt).astype(np.int64))
    out: SnapshotColumns = d
    return out


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file's articles serialised for :meth:`Cache.store` (picklable, compact).

    ``pre`` holds the stubs, the articles without body/captions/lines (enough
    for ``resolve_corpus`` and :func:`head_block`); :meth:`stubs` decodes them
    (about a third of what pickling the records between processes cost).
    ``heads`` is the (unresolved) head block with row numbers 0..n-1 in place of
    rowids (:func:`rebase_block`), made in the worker so that the app process
    only has to add it.
    """

    bodies: list[bytes]
    ents: list[bytes]
    pre: bytes
    fts: list[tuple[str, str, str]]
    heads: PlainBlock

    def stubs(self) -> list[Article]:
        return _stubs_from_pre(self.pre, self.ents)


def prepare(articles: Sequence[Article]) -> Prepared:
    """Serialise parsed articles for the cache (cheap to send between processes)."""
    bodies: list[bytes] = []
    ents: list[bytes] = []
    pre: list[tuple[Any, ...]] = []
    fts: list[tuple[str, str, str]] = []
    dumps = marshal.dumps
    for a in articles:
        er = entities_to_row(a.entities)
        bodies.append(dumps(article_to_row(a)))
        ents.append(dumps(er))
        pre.append(article_to_row(a, body=False))
        fts.append(fts_texts(a.title, a.dek, a.blocks))
    heads = plain_block(head_block(articles, range(len(articles))))
    return Prepared(bodies, ents, _pack(pre), fts, heads)


def _stubs_from_pre(blob: bytes, ents: Iterable[bytes]) -> list[Article]:
    """The stubs in a ``pre`` blob with their ``ents`` blobs; mentions as plain tuples
    (see ``entities_from_row``)."""
    loads = marshal.loads
    return [
        article_from_row(r, entities_from_row(loads(e), plain=True))
        for r, e in zip(_unpack(blob), ents, strict=True)
    ]


def fts_texts(title: str, dek: str, blocks: Iterable[Sequence[Any]]) -> tuple[str, str, str]:
    """What the FTS table indexes for an article (blocks as records or row tuples)."""
    return title, dek, "\n".join([b[1] for b in blocks])


def _fts_row(rowid: int, body: bytes) -> tuple[int, str, str, str]:
    r = marshal.loads(body)
    return (rowid, *fts_texts(r[5], r[7], r[13]))


def inspect_db(p: Path) -> tuple[str, str]:
    """What the database file ``p`` is: ``(state, detail)``, state one of ``new``, ``ours``,
    ``old`` (an older newsdesk schema), ``newer``, ``foreign``, ``damaged`` (ours,
    but SQLite says it is damaged) or ``unknown`` (damaged or not SQLite, and not
    provably ours). Raises :class:`CacheError` when it is busy."""
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
        conn = _inspection_connection(p)
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
        if _code(exc) in _BUSY_CODES:
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


def _inspection_connection(path: Path) -> sqlite3.Connection:
    """A connection to read the header and schema; read-only (``immutable``) when
    the directory cannot hold the WAL's shared-memory file."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.Error as exc:
        conn.close()
        if _code(exc) not in ("SQLITE_CANTOPEN", "SQLITE_READONLY"):
            raise
    from urllib.parse import quote

    return sqlite3.connect(f"file:{quote(str(path))}?immutable=1", uri=True)


class Cache:
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
        self._check_thread: threading.Thread | None = None
        #: file ids whose rows this object handed out: never dropped by its own clean-up
        self._in_use: set[int] = set()
        #: the set of files whose resolution :meth:`load_article` reads (the last load's)
        self.fileset: str | None = None
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

        self.text_index = _CacheTextIndex(
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

    # -- opening / validation ---------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        return conn

    def _inspect(self) -> tuple[str, str]:
        return inspect_db(self.path)

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
            if _code(exc) in _BUSY_CODES:
                raise CacheError(f"{where} is busy ({exc})") from None
            if is_damage(exc) and alone:
                self._rebuild_damaged(str(exc))
                return
            if _code(exc) == "SQLITE_READONLY" or _code(exc) == "SQLITE_CANTOPEN":
                self._open_readonly()
                return
            raise CacheError(f"cannot open {where}: {exc}") from None

    def _open(self, alone: bool) -> None:
        self.conn = self._connect()
        self.rconn: sqlite3.Connection | None = None
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
                for stmt in _SCHEMA:
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

    def _rebuild_damaged(self, why: str) -> None:
        """A new database, with every file whose rows still read back whole copied from
        the damaged one (moved aside, then deleted): only the others are parsed again."""
        aside = self.dir / f"{CACHE_FILE}.damaged"
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{aside}{suffix}").unlink()
        try:
            for suffix in ("", "-wal"):
                src_path = Path(f"{self.path}{suffix}")
                if src_path.exists():
                    src_path.rename(Path(f"{aside}{suffix}"))
        except OSError:
            pass  # cannot move it aside: nothing to copy from
        self._reset_files()
        try:
            self._open(True)
        except sqlite3.Error as exc:
            self._close_quietly()
            raise CacheError(f"cannot create cache {self.path}: {exc}") from None
        kept = lost = 0
        if aside.exists():
            kept, lost = self._copy_readable(aside)
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(f"{aside}{suffix}").unlink()
        self.warnings.append(
            f"cache {self.path} was damaged ({why}); rebuilt it "
            f"({kept} files kept, {lost} to parse again)"
        )

    def _copy_readable(self, src_path: Path) -> tuple[int, int]:
        """Copy each current file of ``src_path`` whose rows all read and decode."""
        from urllib.parse import quote

        kept = lost = 0
        try:
            src = sqlite3.connect(f"file:{quote(str(src_path))}?mode=ro", uri=True)
        except sqlite3.Error:
            return 0, 0
        try:
            files = src.execute(
                "SELECT id, path, size, mtime_ns, ctime_ns, hash, n, warning, fileset, used "
                "FROM files WHERE retired IS NULL"
            ).fetchall()
        except sqlite3.Error:
            src.close()
            return 0, 0
        c = self.conn
        for row in files:
            fid, n = row[0], row[6]
            try:
                blobs = src.execute(
                    "SELECT pre, heads FROM file_blobs WHERE file_id = ?", (fid,)
                ).fetchone()
                arts = src.execute(
                    "SELECT rowid, idx, body, ents FROM articles WHERE file_id = ? ORDER BY idx",
                    (fid,),
                ).fetchall()
                if blobs is None or len(arts) != n:
                    raise ValueError("rows missing")
                _unpack(blobs[0])
                if blobs[1]:
                    _unpack(blobs[1])
                fts = [_fts_row(rowid, body) for rowid, _, body, ents in arts]
                for *_, ents in arts:
                    marshal.loads(ents)
                rents = (
                    src.execute(
                        "SELECT rowid, fileset, ents FROM rents WHERE rowid BETWEEN ? AND ?",
                        (arts[0][0], arts[-1][0]),
                    ).fetchall()
                    if arts
                    else []
                )
            except (sqlite3.Error, ValueError, EOFError, TypeError, IndexError):
                lost += 1
                continue
            with c:
                c.execute(
                    "INSERT INTO files(id, path, size, mtime_ns, ctime_ns, hash, n, warning, "
                    "fileset, used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
                c.execute("INSERT INTO file_blobs VALUES (?, ?, ?)", (fid, *blobs))
                c.executemany(
                    "INSERT INTO articles(rowid, file_id, idx, body, ents) VALUES (?, ?, ?, ?, ?)",
                    [(rowid, fid, idx, body, ents) for rowid, idx, body, ents in arts],
                )
                c.executemany("INSERT INTO rents VALUES (?, ?, ?)", rents)
                c.executemany("INSERT INTO fts(rowid, title, dek, body) VALUES (?, ?, ?, ?)", fts)
            kept += 1
        src.close()
        return kept, lost

    def _open_readonly(self) -> None:
        """Use a healthy cache we may not write: hits are served, nothing is stored."""
        from urllib.parse import quote

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

    def _mark_damaged(self, why: object) -> None:
        """Remember that SQLite reported damage: the next open checks and rebuilds."""
        msg = f"cache {self.path} is damaged ({why}); it is rebuilt on the next open"
        if msg not in self.warnings:
            self.warnings.append(msg)
        with contextlib.suppress(OSError):
            (self.dir / DAMAGED_MARKER).write_text(str(why)[:500])

    def _unmark_damaged(self) -> None:
        with contextlib.suppress(OSError):
            (self.dir / DAMAGED_MARKER).unlink()

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

    def _reset_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                Path(str(self.path) + suffix).unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise CacheError(f"cannot remove broken cache {self.path}: {exc}") from None
        self._unmark_damaged()
        with contextlib.suppress(OSError):
            (self.dir / CHECKED_FILE).unlink()

    def _close_quietly(self) -> None:
        for name in ("conn", "rconn"):
            c = getattr(self, name, None)
            if c is not None:
                with contextlib.suppress(sqlite3.Error):
                    c.close()

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

    @contextlib.contextmanager
    def _noting_damage(self) -> Iterator[None]:
        """Re-raise SQLite errors, remembering damage for the next open."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                self._mark_damaged(exc)
            raise

    def take_warnings(self) -> list[str]:
        """Warnings added since the last call (for a loader to report)."""
        out = self.warnings[self._reported :]
        self._reported = len(self.warnings)
        return out

    @contextlib.contextmanager
    def _write(self, what: str) -> Iterator[bool]:
        """One write transaction that may fail (disk full, read-only, busy, damaged):
        a warning, not an error; yields False (do nothing) on a read-only cache."""
        with self.lock:
            if self.readonly:
                yield False
                return
            try:
                with self.conn:
                    yield True
            except sqlite3.Error as exc:
                if is_damage(exc):
                    self._mark_damaged(exc)
                else:
                    self.warnings.append(f"cache: {what} not saved ({exc})")

    # -- files ---------------------------------------------------------------------

    def entry(self, path: str) -> FileEntry | None:
        """The current generation of ``path``."""
        with self.lock:
            row = self.conn.execute(
                f"SELECT {_FILE_COLUMNS} FROM files WHERE path = ? AND retired IS NULL", (path,)
            ).fetchone()
        return FileEntry(*row) if row else None

    def entries(self) -> dict[str, FileEntry]:
        """Every cached file by path (one query instead of one per file)."""
        with self.lock:
            rows = self.conn.execute(
                f"SELECT {_FILE_COLUMNS} FROM files WHERE retired IS NULL"
            ).fetchall()
        return {r[1]: FileEntry(*r) for r in rows}

    def touch(self, file_id: int, size: int, mtime_ns: int, ctime_ns: int = 0) -> None:
        """Record a new stat for a file whose content hash still matches."""
        with self._write("file times") as ok:
            if ok:
                self.conn.execute(
                    "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ? WHERE id = ?",
                    (size, mtime_ns, ctime_ns, file_id),
                )

    def forget(self, path: str) -> None:
        """``path`` is gone: retire its rows (deleted once no one can be reading them)."""
        with self._write("forgetting a file") as ok:
            if ok:
                self._retire(path)

    def _retire(self, path: str) -> None:
        self.conn.execute(
            "UPDATE files SET retired = julianday('now') WHERE path = ? AND retired IS NULL",
            (path,),
        )

    def _delete_file(self, file_id: int) -> None:
        # a contentless FTS5 row is deleted with exactly the texts it was given; one
        # whose body is unreadable stays, matching a rowid that is never used again
        docs = []
        for rowid, body in self.conn.execute(
            "SELECT rowid, body FROM articles WHERE file_id = ?", (file_id,)
        ).fetchall():
            try:
                docs.append(_fts_row(rowid, body))
            except (ValueError, EOFError, TypeError, IndexError):
                continue
        self.conn.executemany(
            "INSERT INTO fts(fts, rowid, title, dek, body) VALUES ('delete', ?, ?, ?, ?)", docs
        )
        self.conn.execute(
            "DELETE FROM rents WHERE rowid IN (SELECT rowid FROM articles WHERE file_id = ?)",
            (file_id,),
        )
        self.conn.execute("DELETE FROM articles WHERE file_id = ?", (file_id,))
        self.conn.execute("DELETE FROM file_blobs WHERE file_id = ?", (file_id,))
        self.conn.execute("DELETE FROM files WHERE id = ?", (file_id,))

    def prune_missing(self) -> int:
        """End of a load: retire cached files that no longer exist on disk, then
        :meth:`housekeeping`; returns how many files went."""
        with self.lock:
            rows = self.conn.execute("SELECT path FROM files WHERE retired IS NULL").fetchall()
        gone = [p for (p,) in rows if not os.path.exists(p)]
        if gone:
            with self._write("forgetting files") as ok:
                if ok:
                    for p in gone:
                        self._retire(p)
        self.housekeeping()
        return len(gone)

    def housekeeping(self, *, check: bool = True) -> dict[str, int]:
        """When no other process has the cache open: delete retired generations, drop
        files unused for :data:`MAX_AGE_DAYS` and the least recently used ones above
        :func:`size_cap`, give freed pages back. Then, when the database file changed
        since its last clean check, ``PRAGMA quick_check`` it in a background thread
        (:meth:`wait_checked`). Returns what was deleted (empty when not alone)."""
        done: dict[str, int] = {}
        if self.readonly:
            return done
        try:
            with self.users.mutex(timeout=1.0):
                if self.users.alone():
                    done = self._collect()
        except (CacheBusy, OSError):
            pass
        if check:
            self._start_check()
        return done

    def _collect(self) -> dict[str, int]:
        done = {"files": 0, "retired": 0, "snapshots": 0}
        with self._write("clean-up") as ok:
            if not ok:
                return done
            c = self.conn
            keep = sorted(self._in_use)
            marks = ",".join("?" * len(keep))
            c.execute(
                "UPDATE files SET retired = julianday('now') WHERE retired IS NULL "
                f"AND used < julianday('now') - ? AND id NOT IN ({marks})",
                (MAX_AGE_DAYS, *keep),
            )
            page = c.execute("PRAGMA page_size").fetchone()[0]
            pages = c.execute("PRAGMA page_count").fetchone()[0]
            free = c.execute("PRAGMA freelist_count").fetchone()[0]
            used_bytes = (pages - free) * page
            if used_bytes > size_cap():
                rows = c.execute(
                    "SELECT id, n FROM files WHERE retired IS NULL ORDER BY used"
                ).fetchall()
                total = sum(n or 0 for _, n in rows) or 1
                excess = used_bytes - size_cap()
                for fid, n in rows:
                    if excess <= 0:
                        break
                    if fid in self._in_use:
                        continue
                    c.execute("UPDATE files SET retired = julianday('now') WHERE id = ?", (fid,))
                    excess -= used_bytes * (n or 0) // total
                    done["files"] += 1
            # resolutions in sets of files other than each file's last one: only a
            # process that had that set open could read them, and none is left
            c.execute(
                "DELETE FROM rents WHERE fileset IS NOT (SELECT f.fileset FROM articles a "
                "JOIN files f ON f.id = a.file_id WHERE a.rowid = rents.rowid)"
            )
            retired = [r[0] for r in c.execute("SELECT id FROM files WHERE retired IS NOT NULL")]
            for fid in retired:
                self._delete_file(fid)
            done["retired"] = len(retired)
            if retired:
                current = {r[0] for r in c.execute("SELECT id FROM files")}
                for key, gens in c.execute("SELECT fileset, gens FROM snapshots").fetchall():
                    try:
                        ok_gens = set(marshal.loads(gens)) <= current
                    except (ValueError, EOFError, TypeError):
                        ok_gens = False
                    if not ok_gens:
                        c.execute("DELETE FROM snapshots WHERE fileset = ?", (key,))
                        done["snapshots"] += 1
        if done["retired"]:
            with self._write("giving space back") as ok:
                if ok:
                    self.conn.execute("PRAGMA incremental_vacuum")
        return done

    def _signature(self) -> str:
        try:
            st = os.stat(self.path)
        except OSError:
            return ""
        return f"{st.st_ino} {st.st_size} {st.st_mtime_ns}"

    def _start_check(self) -> None:
        """Background ``quick_check`` when the file changed since its last clean one."""
        if self._check_thread is not None and self._check_thread.is_alive():
            return
        sig = self._signature()
        try:
            last = (self.dir / CHECKED_FILE).read_text()
        except OSError:
            last = ""
        if not sig or sig == last:
            return

        def check() -> None:
            problem = self._quick_check()
            if problem:
                self._mark_damaged(problem)
            else:
                with contextlib.suppress(OSError):
                    (self.dir / CHECKED_FILE).write_text(sig)

        self._check_thread = threading.Thread(target=check, name="cache-check", daemon=True)
        self._check_thread.start()

    def wait_checked(self) -> None:
        """Wait for the background check (tests, ``newsdesk cache``)."""
        if self._check_thread is not None:
            self._check_thread.join()

    def store(
        self,
        path: str,
        size: int,
        mtime_ns: int,
        digest: str,
        articles: Sequence[Article] | Prepared,
        warning: str | None = None,
        ctime_ns: int = 0,
    ) -> tuple[FileEntry, list[int]]:
        """Make freshly parsed (unresolved) articles the current generation of ``path``.

        The previous generation is retired, not deleted (another process may be
        showing it). ``articles`` may come already serialised by :func:`prepare`
        (done in the parsing worker). Returns the entry and the article rowids
        (also their FTS keys), in order. Raises ``sqlite3.Error`` when it cannot
        store (disk full, read-only cache, busy).
        """
        if self.readonly:
            raise sqlite3.OperationalError("the cache is read-only")
        prep = articles if isinstance(articles, Prepared) else prepare(articles)
        n = len(prep.bodies)
        with self.lock, self.conn:
            self.conn.execute("BEGIN IMMEDIATE")  # another process may store the same file
            self._retire(path)
            cur = self.conn.execute(
                "INSERT INTO files(path, size, mtime_ns, ctime_ns, hash, n, warning, fileset, "
                "used) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, julianday('now'))",
                (path, size, mtime_ns, ctime_ns, digest, n, warning),
            )
            fid = int(cur.lastrowid or 0)
            self._in_use.add(fid)
            self.conn.execute(
                "INSERT INTO file_blobs(file_id, pre, heads) VALUES (?, ?, NULL)", (fid, prep.pre)
            )
            # explicit rowids (what AUTOINCREMENT would pick: never one used before),
            # so that both tables go in with one executemany each
            (base,) = self.conn.execute(
                "SELECT max(coalesce((SELECT max(rowid) FROM articles), 0),"
                " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), 0)) + 1"
            ).fetchone()
            rowids = list(range(base, base + n))
            self.conn.executemany(
                "INSERT INTO articles(rowid, file_id, idx, body, ents) VALUES (?, ?, ?, ?, ?)",
                zip(rowids, repeat(fid, n), range(n), prep.bodies, prep.ents, strict=True),
            )
            self.conn.executemany(
                "INSERT INTO fts(rowid, title, dek, body) VALUES (?, ?, ?, ?)",
                [(r, *t) for r, t in zip(rowids, prep.fts, strict=True)],
            )
        entry = FileEntry(fid, path, size, mtime_ns, ctime_ns, digest, n, warning, None)
        return entry, rowids

    def moved_copies(
        self, paths: Sequence[str]
    ) -> dict[str, tuple[os.stat_result, str, Prepared, str | None]]:
        """Files in ``paths`` that the cache holds under a path that no longer exists
        (a moved or renamed folder: same file name, size and content hash): for each,
        ``(stat, digest, prepared, warning)`` with the stored records re-pointed at the
        new path, ready for :meth:`store` instead of parsing it again."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT id, path, size, hash, warning FROM files WHERE retired IS NULL"
            ).fetchall()
        orphans: dict[tuple[str, int], list[tuple[int, str, str | None]]] = {}
        for fid, path, size, digest, warning in rows:
            if not os.path.exists(path):
                orphans.setdefault((os.path.basename(path), size), []).append(
                    (fid, digest, warning)
                )
        out: dict[str, tuple[os.stat_result, str, Prepared, str | None]] = {}
        if not orphans:
            return out
        for p in paths:
            try:
                st = os.stat(p)
            except OSError:
                continue
            cands = orphans.get((os.path.basename(p), st.st_size))
            if not cands or not stat_mod.S_ISREG(st.st_mode):
                continue
            try:
                with open(p, "rb") as fh:
                    digest = file_hash(fh.read())
            except OSError:
                continue
            for cand in cands:
                if cand[1] == digest:
                    prep = self._prepared_copy(cand[0], p)
                    if prep is not None:
                        out[p] = (st, digest, prep, cand[2])
                        cands.remove(cand)
                    break
        return out

    def _prepared_copy(self, file_id: int, path: str) -> Prepared | None:
        """A stored file's records as :func:`prepare` would make them for ``path``."""
        at = _ROW_FIELDS.index("origin")
        try:
            with self.lock, self._noting_damage():
                (pre_blob,) = self.conn.execute(
                    "SELECT pre FROM file_blobs WHERE file_id = ?", (file_id,)
                ).fetchone() or (None,)
                rows = self.conn.execute(
                    "SELECT body, ents FROM articles WHERE file_id = ? ORDER BY idx", (file_id,)
                ).fetchall()
            if not pre_blob:
                return None
            loads, dumps = marshal.loads, marshal.dumps
            bodies: list[bytes] = []
            fts: list[tuple[str, str, str]] = []
            for body, _ in rows:
                r = loads(body)
                r = (*r[:at], (path, r[at][1]), *r[at + 1 :])
                bodies.append(dumps(r))
                fts.append(fts_texts(r[5], r[7], r[13]))
            pre = [(*r[:at], (path, r[at][1]), *r[at + 1 :]) for r in _unpack(pre_blob)]
            ents = [e for _, e in rows]
            pre_packed = _pack(pre)
            stubs = _stubs_from_pre(pre_packed, ents)
            heads = plain_block(head_block(stubs, range(len(stubs))))
            return Prepared(bodies, ents, pre_packed, fts, heads)
        except (sqlite3.Error, ValueError, EOFError, TypeError, IndexError):
            return None  # parsed again instead

    def rowids(self, file_id: int) -> list[int]:
        with self.lock:
            return [
                r[0]
                for r in self.conn.execute(
                    "SELECT rowid FROM articles WHERE file_id = ? ORDER BY idx", (file_id,)
                )
            ]

    def stubs(self, file_id: int) -> list[Article]:
        """The file's unresolved article stubs (no bodies), for ``resolve_corpus``."""
        self._in_use.add(file_id)
        with self.lock, self._noting_damage():
            row = self.conn.execute(
                "SELECT pre FROM file_blobs WHERE file_id = ?", (file_id,)
            ).fetchone()
            ents = [
                r[0]
                for r in self.conn.execute(
                    "SELECT ents FROM articles WHERE file_id = ? ORDER BY idx", (file_id,)
                )
            ]
        return _stubs_from_pre(row[0], ents) if row and row[0] else []

    def heads(self, file_id: int) -> HeadBlock | None:
        """The warm-path block ``(entity_table, rows)`` last resolved for the file."""
        self._in_use.add(file_id)
        with self.lock, self._noting_damage():
            row = self.conn.execute(
                "SELECT b.heads, f.fileset FROM file_blobs b JOIN files f ON f.id = b.file_id "
                "WHERE b.file_id = ?",
                (file_id,),
            ).fetchone()
        if row and row[1]:
            self.fileset = row[1]
        if not row or not row[0]:
            return None
        return block_from_plain(_unpack(row[0]))

    def store_resolved(
        self,
        file_id: int,
        fileset: str,
        resolved: Sequence[Article],
        rowids: Sequence[int],
        changed: Sequence[bool] | None = None,
        before: HeadBlock | None = None,
        *,
        fresh: bool = False,
    ) -> HeadBlock:
        """Save the resolved entities of a file's articles in ``fileset``; returns the
        head block.

        ``changed[i]`` False: article ``i``'s resolved entities equal its unresolved
        ones (``ents``), so none are stored for it; None: all differ. ``before``: the
        file's head block before resolution (same rowids); with ``changed``, only the
        changed rows are made anew (:func:`patch_block`). Another process's
        resolution of the same file in another set of files is left as it is.
        ``fresh`` is accepted for callers of schema 9 and ignored.
        """
        del fresh
        if before is not None and changed is not None:
            block = patch_block(before, resolved, changed)
        else:
            block = head_block(resolved, rowids)
        self.fileset = fileset
        self._in_use.add(file_id)
        # a failed write (disk full...) only costs the next open a re-resolution
        with self._write("resolved entities") as ok:
            if not ok:
                return block
            c = self.conn
            if not c.in_transaction:
                c.execute("BEGIN IMMEDIATE")
            if rowids:  # a file's rowids are one contiguous range (see store)
                c.execute(
                    "DELETE FROM rents WHERE fileset = ? AND rowid BETWEEN ? AND ?",
                    (fileset, min(rowids), max(rowids)),
                )
            c.executemany(
                "INSERT OR REPLACE INTO rents VALUES (?, ?, ?)",
                [
                    (r, fileset, marshal.dumps(entities_to_row(a.entities)))
                    for i, (a, r) in enumerate(zip(resolved, rowids, strict=True))
                    if changed is None or changed[i]
                ],
            )
            c.execute(
                "UPDATE file_blobs SET heads = ? WHERE file_id = ?",
                (_pack(plain_block(block)), file_id),
            )
            c.execute(
                "UPDATE files SET fileset = ?, used = julianday('now') WHERE id = ?",
                (fileset, file_id),
            )
        return block

    # -- whole-corpus snapshots (warm path) -------------------------------------------

    def snapshot(
        self, fileset: str, file_ids: Sequence[int] | None = None
    ) -> SnapshotColumns | None:
        """Columns saved for this exact set of files, or None. ``file_ids``: the
        generations the caller's entries are; a snapshot made from others is not used."""
        try:
            with self.lock:
                row = self.conn.execute(
                    "SELECT gens, blob FROM snapshots WHERE fileset = ?", (fileset,)
                ).fetchone()
            if row is None:
                return None
            gens = marshal.loads(row[0])
            if file_ids is not None and gens != sorted(file_ids):
                return None
            cols = _unpack_columns(row[1])
            self._in_use.update(gens)
            self.fileset = fileset
            return cols
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                self._mark_damaged(exc)
            return None  # the per-file path rebuilds it
        except (ValueError, EOFError, TypeError, KeyError):
            return None

    def store_snapshot(
        self, fileset: str, cols: SnapshotColumns, file_ids: Sequence[int] = ()
    ) -> None:
        """Save the columns of a whole set of files (``file_ids``: their generations)."""
        blob = _pack_columns(cols)
        gens = marshal.dumps(sorted(file_ids))
        with self._write("snapshot") as ok:
            if not ok:
                return
            self.conn.execute(
                "INSERT OR REPLACE INTO snapshots VALUES (?, julianday('now'), ?, ?, ?)",
                (fileset, len(cols["ids"]), gens, blob),
            )
            self.conn.execute(
                "DELETE FROM snapshots WHERE fileset NOT IN "
                "(SELECT fileset FROM snapshots ORDER BY used DESC LIMIT ?)",
                (KEEP_SNAPSHOTS,),
            )

    def touch_snapshot(self, fileset: str) -> None:
        """Mark a snapshot (and its files) used; at most once an hour, so that a warm
        open seldom writes (a write would make the next open check the file)."""
        with self.lock:
            row = self.conn.execute(
                "SELECT gens FROM snapshots WHERE fileset = ? AND used < julianday('now') - ?",
                (fileset, 1 / 24),
            ).fetchone()
        if row is None:
            return
        with self._write("snapshot use") as ok:
            if ok:
                self.conn.execute(
                    "UPDATE snapshots SET used = julianday('now') WHERE fileset = ?", (fileset,)
                )
                with contextlib.suppress(ValueError, EOFError, TypeError):
                    ids = list(marshal.loads(row[0]))
                    self.conn.executemany(
                        "UPDATE files SET used = julianday('now') WHERE id = ?",
                        [(i,) for i in ids],
                    )

    # -- on-demand article loading ---------------------------------------------------

    def _fts_texts(self, keys: list[int]) -> Iterator[tuple[int, str, str, str]]:
        """``(rowid, title, dek, body)`` as given to the FTS table (phrase checks)."""
        with self.read_lock:
            assert self.rconn is not None
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                try:
                    rows = self.rconn.execute(
                        f"SELECT rowid, body FROM articles WHERE rowid IN ({marks})", chunk
                    ).fetchall()
                except sqlite3.DatabaseError as exc:
                    if not is_damage(exc):
                        raise
                    self._mark_damaged(exc)  # those phrase candidates are not confirmed
                    continue
                yield from (_fts_row(rowid, body) for rowid, body in rows)

    def load_article(self, rowid: int) -> Article:
        """The full article stored under ``rowid`` (a :class:`Corpus` loader)."""
        try:
            with self.read_lock:
                assert self.rconn is not None
                row = self.rconn.execute(
                    "SELECT body, coalesce((SELECT ents FROM rents WHERE rowid = a.rowid "
                    "AND fileset = ?), ents) FROM articles a WHERE rowid = ?",
                    (self.fileset, int(rowid)),
                ).fetchone()
        except sqlite3.Error as exc:
            if is_damage(exc):
                self._mark_damaged(exc)
                raise LookupError(
                    "the cache is damaged here; it is rebuilt on the next open"
                ) from None
            raise LookupError(f"cannot read the cache ({exc})") from None
        if row is None:
            raise LookupError(f"article {rowid} is no longer in the cache")
        try:
            ents = marshal.loads(row[1]) if row[1] is not None else None
            return article_from_row(marshal.loads(row[0]), entities_from_row(ents))
        except (ValueError, EOFError, TypeError, IndexError) as exc:
            raise LookupError(f"article {rowid} is unreadable in the cache ({exc})") from None
