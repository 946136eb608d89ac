"""The one load pipeline: input paths -> parsed records -> resolved entities -> a corpus.

Stages, in order (each a function or a method of :class:`_Load` below):

1. **plan files** (:func:`plan_files`, :meth:`_Load.plan`): expand directories,
   drop repeats, and split the files into those the cache holds unchanged and
   the rest;
2. **load cached** (:meth:`_Load.load_cached`): the cached files' last resolved
   rows go straight into the corpus; when the set of files is exactly one
   opened before, from one snapshot blob (the warm path: nothing is parsed);
3. **parse new** (:func:`parse_file`, :meth:`_Load.parse_new`): per file,
   ``parsers.files`` reads it, ``parsers.formats.parse_document`` detects its
   format and maps it to articles (dumps through ``parsers.dump.parser``),
   ``parsers.entities.extract`` finds entities (in two processes when there is
   a lot to parse); the records are stored in the cache;
4. **resolve** (:meth:`_Load.resolve`): ``parsers.entities.resolve_corpus``
   unifies people/orgs across all the files, unless this exact set was
   resolved last time;
5. **save snapshot** (:meth:`_Load.save_snapshot`): the whole set's rows in
   column form, for the next warm open.

Errors in one file (an :class:`~parsers.files.InputError`) never stop the others.
``iter_load`` yields :class:`LoadEvent` s for a UI worker while the corpus fills
(the corpus is thread-safe and usable from the first event); ``load_paths`` runs
it to the end. ``newsdesk parse`` and ``newsdesk entities`` run stages 1, 3 and
4 without a corpus or a cache (:func:`iter_parsed`, :func:`resolve_records`):
this module imports neither until a load needs them.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, Protocol

from parsers.files import InputError, iter_input_files, read_bytes
from parsers.formats import parse_document
from parsers.model import Article
from parsers.perf import paused_gc

if TYPE_CHECKING:
    from parsers.corpus.index import Corpus
    from parsers.corpus.rows import HeadBlock
    from parsers.dump.parser import ParseResult
    from parsers.formats.common import FormatResult
    from parsers.pool import StopToken
    from parsers.store.cache import Cache, FileEntry, Prepared

__all__ = [
    "PARALLEL_MIN_BYTES",
    "LoadEvent",
    "LoadResult",
    "LoadStopped",
    "ParsedFile",
    "extract_entities",
    "iter_load",
    "iter_parsed",
    "load_paths",
    "parse_file",
    "plan_files",
    "resolve_corpus",
    "resolve_records",
]

#: Parse in a 2-process pool only when this much (uncached) input is waiting.
PARALLEL_MIN_BYTES = 4_000_000
WORKERS = 2

#: A cold load with at least this much to parse runs in a child process
#: (``parsers.offload``): the app's heap keeps none of its garbage.
ISOLATE_MIN_BYTES = PARALLEL_MIN_BYTES

EventKind = Literal[
    "start",
    "snapshot",
    "file_started",
    "file_done",
    "error",
    "warning",
    "resolved",
    "reopened",
    "done",
]


# -- seams (tests replace these) ---------------------------------------------------------


def parse_text(text: str, path: str) -> ParseResult:
    """``parsers.dump.parser.parse_text``, imported on first use (a warm open never parses)."""
    from parsers.dump.parser import parse_text as parse

    return parse(text, path)


def extract_entities(article: Article) -> Article:
    """``parsers.entities.extract`` (a seam for tests)."""
    from parsers.entities import extract

    return extract(article)


def release_gazetteer() -> None:
    """``parsers.entities.gazetteer.release_gazetteer`` (loaded only if it was)."""
    module = sys.modules.get("parsers.entities.gazetteer")
    if module is not None:
        module.release_gazetteer()


def resolve_corpus(articles: Sequence[Article]) -> list[Article]:
    """``parsers.entities.resolve_corpus`` (a seam for tests)."""
    from parsers.entities import resolve_corpus as resolve

    return resolve(articles)


# -- 1. plan files --------------------------------------------------------------------------


def plan_files(paths: Iterable[str], *, canonical: bool = True) -> list[str]:
    """The input files under ``paths`` (directories expanded), in order.

    ``canonical``: each file once, by its real path (what the cache is keyed
    by); otherwise as given, repeats kept (the scripts print what they were
    given).
    """
    if not canonical:
        return list(iter_input_files(paths))
    seen: set[str] = set()
    out: list[str] = []
    for p in iter_input_files(paths):
        key = p if p == "-" else os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append(key if p != "-" and os.path.exists(p) else p)
    return out


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


# -- 3. parse new ---------------------------------------------------------------------------


@dataclass
class ParsedFile:
    """One file read, parsed and (with entities) extracted, or why it could not be."""

    path: str
    size: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0
    digest: str = ""  # content hash, made for the cache only
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: InputError | None = None
    prepared: Prepared | None = None
    #: the format's full result (``parse --check`` reads its decoded text)
    document: FormatResult | None = None
    pid: int = field(default_factory=os.getpid)  # which process parsed it
    #: CPU seconds of this file's stages in the process that parsed it
    #: (read+decode, parse, entities, serialise) for the benchmarks
    cpu: tuple[float, ...] = ()

    @property
    def warning(self) -> str | None:
        """The warnings in one line (what the cache keeps), or None."""
        return "; ".join(self.warnings) or None


def parse_file(
    path: str,
    for_cache: bool = False,
    *,
    input_format: str | None = None,
    entities: bool = True,
    keep_document: bool = False,
) -> ParsedFile:
    """Read, parse and extract one file; never raises (errors are returned).

    ``for_cache``: serialise the records for the cache (``prepare``) and return
    no records, only that (``articles`` is empty: the caller decodes the stubs
    from ``prepared``), so that a worker process does that work and sends back
    compact bytes. ``input_format`` skips format detection; ``entities=False``
    skips extraction; ``keep_document`` keeps the format's result in ``document``.
    """
    st = _stat(path) if path != "-" else None
    prepared = None
    digest = ""
    clock = time.thread_time
    t0 = clock()
    try:
        data = read_bytes(path)
        t1 = clock()
        with paused_gc():  # many small acyclic objects: no collections mid-file
            doc = parse_document(data, path, input_format, dump_parser=parse_text, parallel=True)
            articles = doc.articles
            t2 = clock()
            if entities:
                articles = [extract_entities(a) for a in articles]
            t3 = clock()
            if for_cache:
                from parsers.store.cache import file_hash, prepare

                digest = file_hash(data)
                prepared = prepare(articles)
                articles = []
            t4 = clock()
    except InputError as exc:
        return ParsedFile(path, error=exc)
    except Exception as exc:  # a parser bug must not stop the other files
        return ParsedFile(
            path, error=InputError(path, f"failed to parse: {type(exc).__name__}: {exc}")
        )
    return ParsedFile(
        path,
        size=st.st_size if st else len(data),
        mtime_ns=st.st_mtime_ns if st else 0,
        ctime_ns=st.st_ctime_ns if st else 0,
        digest=digest,
        articles=articles,
        warnings=list(doc.warnings),
        prepared=prepared,
        document=doc if keep_document else None,
        cpu=(t1 - t0, t2 - t1, t3 - t2, t4 - t3),
    )


def _parse_many(
    paths: list[str], total_bytes: int, for_cache: bool = False, stop: StopToken | None = None
) -> Iterator[ParsedFile]:
    """Parse files, in a 2-process pool when it pays; yields as files finish.

    Ends early, without the rest, once ``stop`` is stopped; a pool abandoned
    (this generator closed) is terminated, not drained (``parsers.pool``).
    """
    # imported here: the scripts never start a pool (concurrent.futures costs ~20 ms)
    from parsers.pool import StopToken, close_pool, ensure_resource_tracker, start_pool

    stop = stop or StopToken()
    if len(paths) < 2 or total_bytes < PARALLEL_MIN_BYTES or (os.cpu_count() or 1) < 2:
        for p in paths:
            if stop.stopped:
                return
            yield parse_file(p, for_cache and p != "-")
        return
    # imported here: a warm open never starts a pool
    import concurrent.futures as cf

    done: set[str] = set()
    broken = True
    try:
        ensure_resource_tracker()
        pool = start_pool(WORKERS)
    except (OSError, ValueError, RuntimeError):
        pool = None
    if pool is not None:
        finished = False
        try:
            futures = {pool.submit(parse_file, p, for_cache and p != "-"): p for p in paths}
            for fut in cf.as_completed(futures):
                if stop.stopped:
                    return
                # drop our reference so each file's records are freed once consumed
                done.add(futures.pop(fut))
                res = fut.result()
                del fut
                yield res
                del res
            finished, broken = True, False
        except (OSError, ValueError, cf.process.BrokenProcessPool, RuntimeError, cf.CancelledError):
            broken = not stop.stopped
        finally:
            close_pool(pool, finished)
    if broken:
        for p in paths:
            if p not in done and not stop.stopped:
                yield parse_file(p, for_cache and p != "-")


# -- the scripts: stages 1, 3 and 4 without a corpus or a cache ---------------------------


def iter_parsed(
    paths: Iterable[str],
    *,
    input_format: str | None = None,
    entities: bool = True,
    keep_documents: bool = False,
) -> Iterator[ParsedFile]:
    """Each file under ``paths`` parsed in this process, in order: what ``newsdesk
    parse`` and ``newsdesk entities`` print. A file is named as given, and parsed
    once however often it is given (by its real path, as the app counts it)."""
    seen: set[str] = set()
    for path in plan_files(paths, canonical=False):
        key = path if path == "-" else os.path.realpath(path)
        if key in seen:
            continue
        seen.add(key)
        yield parse_file(
            path, input_format=input_format, entities=entities, keep_document=keep_documents
        )


def resolve_records(files: Iterable[ParsedFile]) -> list[Article]:
    """Every article of ``files``, in order, with entities unified across them."""
    return resolve_corpus([a for f in files for a in f.articles])


# -- the app's load: stages 1-5 into a corpus, through the cache ----------------------------


@dataclass
class LoadResult:
    """The loaded corpus plus what went wrong (per file) and notices."""

    corpus: Corpus
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        """Every article in row order (loads bodies from the cache: not cheap)."""
        return [self.corpus.article(i) for i in range(len(self.corpus))]


@dataclass(frozen=True)
class LoadEvent:
    """Progress of :func:`iter_load`.

    ``kind``: ``start`` (totals known), ``snapshot`` (warm path: every cached row is
    in the corpus at once, from one blob; the per-file events follow), ``file_started``,
    ``file_done`` (its rows
    are in the corpus; ``count`` articles; ``articles`` holds the parsed records
    when they are kept in memory, i.e. without the cache; with it, rows are
    headline-only and bodies load on demand), ``error`` (``error`` set; loading goes on),
    ``warning`` (``message``), ``resolved`` (entity keys unified across files; the
    corpus rows were updated in place), ``reopened`` (a child process did the load:
    ``corpus`` is a new one, the snapshot it saved, complete and resolved, which
    replaces the one its rows streamed into), ``done`` (``result`` set).
    """

    kind: EventKind
    corpus: Corpus
    path: str | None = None
    articles: tuple[Article, ...] = ()
    count: int = 0
    cached: bool = False
    bytes_done: int = 0
    bytes_total: int = 0
    files_done: int = 0
    files_total: int = 0
    error: InputError | None = None
    message: str = ""
    result: LoadResult | None = None


class LoadStopped(InputError):
    """The load as a whole stopped (its child process failed), not one file."""

    def __str__(self) -> str:
        return self.reason


class RowSink(Protocol):
    """Where a load puts the rows of the files it parses and resolves: the corpus,
    or in a child load (``parsers.offload``) the relay that sends them to the app."""

    def add_block(self, block: HeadBlock) -> None: ...

    def add(self, articles: Sequence[Article]) -> None: ...


@dataclass
class _File:
    """Bookkeeping of one input file during a load."""

    path: str
    order: int
    size: int = 0
    entry: FileEntry | None = None
    rowids: list[int] = field(default_factory=list)
    stubs: list[Article] | None = None  # unresolved stubs (or full articles without cache)
    parsed: bool = False
    block: HeadBlock | None = None  # resolved head block (cached files)
    before: HeadBlock | None = None  # head block before resolution


class _Load:
    """One run of :func:`iter_load`: its corpus, cache, files and notices, and the
    stages as methods (those that report progress are generators of events)."""

    def __init__(
        self,
        paths: Iterable[str],
        use_cache: bool,
        cache: Cache | None,
        sink: RowSink | None = None,
    ) -> None:
        from parsers.pool import StopToken

        #: the app quitting (``parsers.pool.stop_parsing``) ends this load early
        self.stop = StopToken()
        from parsers.corpus.index import Corpus
        from parsers.store.cache import Cache, CacheError

        self.warnings: list[str] = []
        self.errors: list[InputError] = []
        if use_cache and cache is None:
            try:
                cache = Cache()
            except CacheError as exc:
                self.warnings.append(f"{exc}; continuing without the cache")
                cache = None
        self.cache = cache if use_cache else None
        self.corpus = (
            Corpus(text_index=self.cache.text_index, loader=self.cache.load_article)
            if self.cache is not None
            else Corpus()
        )
        #: where parsed and resolved rows go: the corpus, or (in a child load) the
        #: relay that sends them to the app
        self.sink: RowSink = sink if sink is not None else self.corpus
        if self.cache is not None:
            self.warnings.extend(self.cache.take_warnings())
        self.files = [_File(p, i) for i, p in enumerate(plan_files(paths))]
        self.hits: list[_File] = []
        self.misses: list[_File] = []
        self.total = 0
        self.done_bytes = 0
        self.done_files = 0
        self.snap = False  # the warm path: every cached row came from one snapshot
        self.fileset = ""

    def ev(self, kind: EventKind, **kw: object) -> LoadEvent:
        return LoadEvent(
            kind,
            self.corpus,
            bytes_done=self.done_bytes,
            bytes_total=self.total,
            files_done=self.done_files,
            files_total=len(self.files),
            **kw,  # type: ignore[arg-type]
        )

    def warn(self, message: str, path: str | None = None) -> LoadEvent:
        self.warnings.append(message)
        return self.ev("warning", path=path, message=message)

    # -- 1. plan files ------------------------------------------------------------------

    def plan(self) -> None:
        """Split the files into cache hits (unchanged since stored) and misses."""
        from parsers.store.cache import file_hash

        cache = self.cache
        known = cache.entries() if cache is not None else {}
        for f in self.files:
            st = _stat(f.path) if f.path != "-" else None
            f.size = st.st_size if st else 0
            entry = known.get(f.path) if st is not None else None
            if entry is not None and st is not None and entry.size == st.st_size:
                # ctime too: an edit that kept the size and restored the mtime (cp -p,
                # rsync -t) still moves it; then the content hash decides
                if (entry.mtime_ns, entry.ctime_ns) != (st.st_mtime_ns, st.st_ctime_ns):
                    try:
                        data = read_bytes(f.path)
                    except InputError:
                        data = None
                    if data is not None and file_hash(data) == entry.hash:
                        assert cache is not None
                        cache.touch(entry.id, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
                        entry = replace(entry, mtime_ns=st.st_mtime_ns, ctime_ns=st.st_ctime_ns)
                    else:
                        entry = None
                if entry is not None:
                    f.entry = entry
                    self.hits.append(f)
                    continue
            self.misses.append(f)
        self.total = sum(f.size for f in self.files)

    # -- 2. load cached -----------------------------------------------------------------

    def load_cached(self) -> Iterator[LoadEvent]:
        """Cached files: their last resolved rows go straight in; when the set of files
        is exactly one opened before, from one snapshot blob."""
        from parsers.corpus.rows import head_block
        from parsers.store.cache import fileset_key

        cache, corpus = self.cache, self.corpus
        hits, misses = self.hits, self.misses
        if cache is not None and hits and all(_stat(f.path) is None for f in misses):
            hit_set = fileset_key((f.path, f.entry.hash) for f in hits if f.entry)
            if all(f.entry is not None and f.entry.fileset == hit_set for f in hits):
                snap = cache.snapshot(hit_set, [f.entry.id for f in hits if f.entry])
                if snap is not None:
                    corpus.add_columns(snap, unique=True)
                    corpus.prepare(full=False)  # what the first query needs, before we say so
                    self.snap = True
                    yield self.ev("snapshot", count=len(corpus))
                    cache.touch_snapshot(hit_set)
        for f in hits:
            assert cache is not None and f.entry is not None
            yield self.ev("file_started", path=f.path, cached=True)
            if not self.snap:
                try:
                    block = cache.heads(f.entry.id)
                    if block is None:  # stored but never resolved (interrupted load)
                        f.stubs = cache.stubs(f.entry.id)
                        f.rowids = cache.rowids(f.entry.id)
                        block = head_block(f.stubs, f.rowids)
                except (sqlite3.DatabaseError, ValueError, EOFError, TypeError) as exc:
                    # a damaged page or blob: parse this file again instead
                    yield self.warn(f"{f.path}: cache entry unreadable ({exc}); re-parsing", f.path)
                    f.entry, f.stubs, f.rowids = None, None, []
                    misses.append(f)
                    continue
                f.block = block
                corpus.add_block(block)
            if f.entry.warning:
                yield self.warn(f"{f.path}: {f.entry.warning}", f.path)
            self.done_bytes += f.size
            self.done_files += 1
            yield self.ev("file_done", path=f.path, count=f.entry.n, cached=True)

    # -- 3. parse new -------------------------------------------------------------------

    def _parsed_and_copied(self) -> Iterator[ParsedFile]:
        """The misses parsed (maybe in parallel), and those the cache holds under a
        path that went away (a moved folder) copied instead."""
        cache, misses = self.cache, self.misses
        moved = cache.moved_copies([f.path for f in misses]) if cache is not None else {}
        copies = (
            ParsedFile(
                p,
                size=st.st_size,
                mtime_ns=st.st_mtime_ns,
                ctime_ns=st.st_ctime_ns,
                digest=digest,
                warnings=[warning] if warning else [],
                prepared=prep,
            )
            for p, (st, digest, prep, warning) in moved.items()
        )
        rest = [f for f in misses if f.path not in moved]
        return itertools.chain(
            copies,
            _parse_many(
                [f.path for f in rest],
                sum(f.size for f in rest),
                for_cache=cache is not None,
                stop=self.stop,
            ),
        )

    def parse_new(self) -> Iterator[LoadEvent]:
        """New or changed files: parse, store, and show their rows unresolved."""
        from parsers.corpus.rows import rebase_block

        cache, sink = self.cache, self.sink
        by_path = {f.path: f for f in self.misses}
        for f in self.misses:
            yield self.ev("file_started", path=f.path)
        for res in self._parsed_and_copied():
            f = by_path[res.path]
            self.done_bytes += f.size
            self.done_files += 1
            if res.error is not None:
                if cache is not None and not os.path.exists(f.path):
                    cache.forget(f.path)
                self.errors.append(res.error)
                yield self.ev("error", path=f.path, error=res.error)
                continue
            if res.warning:
                yield self.warn(f"{f.path}: {res.warning}", f.path)
            f.parsed = True
            if res.prepared is not None:
                res.articles = res.prepared.stubs()
            stored = False
            if cache is not None and res.prepared is not None:
                try:
                    f.entry, f.rowids = cache.store(
                        f.path,
                        res.size,
                        res.mtime_ns,
                        res.digest,
                        res.prepared,
                        res.warning,
                        ctime_ns=res.ctime_ns,
                    )
                    stored = True
                except sqlite3.Error as exc:
                    yield self.warn(f"{f.path}: not cached ({exc})", f.path)
            if stored:
                assert res.prepared is not None
                f.before = rebase_block(res.prepared.heads, f.rowids)
                sink.add_block(f.before)
                f.stubs = res.articles
            else:
                if res.prepared is not None:  # caching failed: fall back to memory
                    res = parse_file(f.path)
                sink.add(res.articles)
                f.stubs = res.articles
            yield self.ev(
                "file_done",
                path=f.path,
                articles=() if stored else tuple(res.articles),
                count=len(res.articles),
            )

    # -- 4. resolve ---------------------------------------------------------------------

    def resolve(self) -> Iterator[LoadEvent]:
        """Unify entities across files, unless this exact set was resolved last time."""
        from parsers.store.cache import fileset_key

        cache, sink = self.cache, self.sink
        loaded = [f for f in self.files if f.entry is not None or f.parsed]
        self.fileset = fileset = fileset_key(
            (f.path, f.entry.hash if f.entry else f"stdin{f.order}") for f in loaded
        )
        warm = all(
            f.entry is not None and f.entry.fileset == fileset and not f.parsed for f in loaded
        )
        if not warm and loaded:
            for f in loaded:
                if f.stubs is None:
                    assert cache is not None and f.entry is not None
                    f.stubs = cache.stubs(f.entry.id)
                    f.rowids = cache.rowids(f.entry.id)
            everything = [a for f in loaded for a in f.stubs or ()]
            try:
                resolved = resolve_corpus(everything)
            except Exception as exc:  # keep the unresolved records rather than fail the load
                resolved = everything
                yield self.warn(f"entity resolution failed: {type(exc).__name__}: {exc}")
            pos = 0
            for f in loaded:
                n = len(f.stubs or ())
                part = resolved[pos : pos + n]
                orig = everything[pos : pos + n]
                pos += n
                if cache is not None and f.entry is not None and f.path != "-":
                    changed = [r.entities != o.entities for r, o in zip(part, orig, strict=True)]
                    f.block = cache.store_resolved(
                        f.entry.id, fileset, part, f.rowids, changed, f.before, fresh=f.parsed
                    )
                    sink.add_block(f.block)
                else:
                    sink.add(part)
            del everything, resolved
            # only cross-file resolution needs the gazetteer in this process (the pool
            # extracts): let it go before the corpus's lasting parts are built, so that
            # they fill its place rather than keep a cold load's heap larger than a
            # warm open's for the rest of the session
            release_gazetteer()
            yield self.ev("resolved")
        for f in loaded:
            f.stubs = f.before = None  # resolved and stored: let them go

    # -- 5. save snapshot ---------------------------------------------------------------

    def save_snapshot(self) -> None:
        """The whole set's rows in column form, for the next warm open."""
        from parsers.corpus.rows import columns_from_blocks

        cache = self.cache
        loaded = [f for f in self.files if f.entry is not None or f.parsed]
        if cache is None or self.snap or not loaded or not all(f.block for f in loaded):
            return
        try:
            cols = columns_from_blocks(f.block for f in loaded if f.block)
            story = self.corpus.story_labels_for(cols["ids"])  # grouped once, kept
            if story is not None:
                cols["story"] = story
            cache.store_snapshot(self.fileset, cols, [f.entry.id for f in loaded if f.entry])
        except sqlite3.Error as exc:
            self.warnings.append(f"cache snapshot not saved ({exc})")

    # -- 3-5 in a child process ---------------------------------------------------------

    def isolated(self, isolate: bool | None) -> bool:
        """Whether the rest of this load runs in a child process (``isolate``: the
        caller's choice; None: when there is a lot to parse and a cache to hand the
        result over in)."""
        cache = self.cache
        if isolate is False or cache is None or cache.readonly or not self.misses:
            return False
        if any(f.path == "-" for f in self.files):  # stdin is this process's
            return False
        return isolate is True or sum(f.size for f in self.misses) >= ISOLATE_MIN_BYTES

    def offload(self) -> Iterator[LoadEvent]:
        """Stages 3-5 in a child process (:mod:`parsers.offload`): its files' rows come
        into the corpus as it stores them, then the corpus is replaced by the snapshot
        it saved, opened as a warm open opens it (a ``reopened`` event)."""
        from parsers.corpus.rows import block_from_plain
        from parsers.offload import ChildFault, ChildLoad

        cache, corpus = self.cache, self.corpus
        assert cache is not None
        by_path = {f.path: f for f in self.misses}
        for f in self.misses:
            yield self.ev("file_started", path=f.path)
        loaded: list[str] | None = None
        heard = fallback = False
        child = ChildLoad([f.path for f in self.files], str(cache.dir), child_target)
        try:
            for message in child.messages(self.stop):
                heard = True
                kind = message[0]
                if kind in ("file", "error"):
                    done = by_path.pop(message[1], None)
                    self.done_bytes += done.size if done is not None else 0
                    self.done_files += done is not None
                if kind == "file":
                    _, path, count, blocks, articles = message
                    for plain in blocks:
                        corpus.add_block(block_from_plain(plain))
                    if articles:
                        corpus.add(articles)
                    yield self.ev("file_done", path=path, count=count, articles=tuple(articles))
                elif kind == "error":
                    error = InputError(message[1], message[2])
                    self.errors.append(error)
                    yield self.ev("error", path=message[1], error=error)
                elif kind == "warning":
                    yield self.warn(message[2], message[1])
                elif kind == "done":
                    loaded = message[1]
        except ChildFault as exc:
            if not heard and not exc.reported:
                # it never started (no spawn here, an unguarded ``__main__``): load here
                yield self.warn(f"could not load in a child process ({exc}); loading here")
                fallback = True
            else:  # what it stored so far stays on show, unresolved
                self.errors.append(LoadStopped("", f"loading stopped: {exc}"))
                yield self.ev("error", error=self.errors[-1])
        finally:
            child.close(finished=loaded is not None)
        if self.stop.stopped:
            return
        if loaded is not None:
            yield from self.reopen(loaded)
        elif fallback:
            yield from _stages(self, loaded_cached=True)

    def reopen(self, paths: list[str]) -> Iterator[LoadEvent]:
        """The corpus anew from what the child stored: the snapshot when it is there
        (the warm path), else whatever the cache holds, the rest parsed here."""
        again = _Load(paths, True, self.cache)
        again.stop = self.stop
        again.plan()
        seen = {e.path for e in self.errors}
        for event in _stages(again):
            if event.kind == "error" and event.error is not None:
                if event.error.path not in seen:
                    self.errors.append(event.error)
            elif event.kind == "warning" and event.message not in self.warnings:
                self.warnings.append(event.message)
        self.corpus, self.fileset = again.corpus, again.fileset
        for f in self.files:
            f.block = f.before = f.stubs = None
        yield self.ev("reopened", count=len(self.corpus))

    def finish(self) -> Iterator[LoadEvent]:
        """Forget files that went away; report the cache's own notices."""
        if self.cache is not None:
            self.cache.prune_missing()
            for w in self.cache.take_warnings():  # writes that failed, damage met on the way
                yield self.warn(w)


def _stages(load: _Load, loaded_cached: bool = False) -> Iterator[LoadEvent]:
    """Stages 2-5 of ``load`` (planned) in this process, and its clean-up."""
    if not loaded_cached:
        yield from load.load_cached()
    # Parsed records are millions of small acyclic objects (unpickled from the pool,
    # stored, resolved, merged into the snapshot): a running cyclic GC rescans them
    # again and again, about half the CPU of this process in a cold load. Reference
    # counting still frees them.
    with paused_gc() if not load.snap else contextlib.nullcontext():
        yield from load.parse_new()
        if load.stop.stopped:
            return
        yield from load.resolve()
        load.save_snapshot()
    yield from load.finish()


def child_stages(
    files: list[str], cache: Cache, sink: RowSink, report: Callable[[LoadEvent], None]
) -> list[str]:
    """Stages 3-5 and the clean-up as a child load runs them (``parsers.offload``):
    parsed rows go to ``sink``, events to ``report``; returns the files loaded."""
    load = _Load(files, True, cache, sink)
    load.plan()
    reported = 0

    def relay(events: Iterator[LoadEvent]) -> None:
        nonlocal reported
        for event in events:
            reported += event.kind == "warning"
            report(event)

    with paused_gc():  # (see _stages)
        relay(load.parse_new())
        load.sink = _Discard()  # resolved rows: the app reopens the snapshot instead
        relay(load.resolve())
        load.save_snapshot()
    relay(load.finish())
    for message in load.warnings[reported:]:  # those no event carried (snapshot not saved)
        report(load.ev("warning", message=message))
    return [f.path for f in load.files if f.entry is not None or f.parsed]


class _Discard:
    """A :class:`RowSink` that keeps nothing."""

    def add_block(self, block: HeadBlock) -> None:
        pass

    def add(self, articles: Sequence[Article]) -> None:
        pass


#: What a child load runs (``parsers.offload.child_main``; a seam for fault tests).
child_target: Callable[..., None] | None = None


def iter_load(
    paths: Iterable[str],
    use_cache: bool = True,
    *,
    cache: Cache | None = None,
    prepare: bool = True,
    isolate: bool | None = None,
) -> Iterator[LoadEvent]:
    """Load ``paths`` (files or directories; ``-`` is stdin), yielding progress.

    The first event (``start``) already carries the corpus the others fill.
    ``prepare=False`` leaves the corpus's lazy parts (inverted index, other sort
    orders, name index) to the caller: a UI builds them after its first paint
    instead of holding the corpus lock while it wants to query.

    A big cold load (``isolate``: None decides by :data:`ISOLATE_MIN_BYTES`) parses,
    stores and resolves in a child process (``parsers.offload``); its rows stream into
    the corpus as usual, then a ``reopened`` event carries a new corpus, the snapshot
    the child saved opened as a warm open does: from then on, that is the corpus.
    """
    load = _Load(paths, use_cache, cache)
    load.plan()
    yield load.ev("start")
    for w in load.warnings:
        yield load.ev("warning", message=w)
    yield from load.load_cached()
    if load.isolated(isolate):
        yield from load.offload()
    else:
        yield from _stages(load, loaded_cached=True)
    if load.stop.stopped:
        return
    if prepare:
        # build the lazy parts (inverted index, other sort orders, name index) here in
        # the loading thread, so the first entity click does not pay for them
        load.corpus.prepare()
    result = LoadResult(load.corpus, load.errors, load.warnings)
    yield load.ev("done", result=result)


def load_paths(
    paths: Iterable[str],
    use_cache: bool = True,
    on_progress: Callable[[LoadEvent], None] | None = None,
    *,
    cache: Cache | None = None,
) -> LoadResult:
    """Load everything; ``on_progress`` sees each :class:`LoadEvent`."""
    result: LoadResult | None = None
    for event in iter_load(paths, use_cache, cache=cache):
        if on_progress is not None:
            on_progress(event)
        if event.result is not None:
            result = event.result
    assert result is not None
    return result
