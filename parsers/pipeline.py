"""Loading dump files into a :class:`~parsers.corpus.index.Corpus`, through the cache.

Per file: ``parsers.files`` reads it, ``parsers.formats.parse_document`` detects
its format and maps it to articles (dumps through ``parsers.dump.parser.parse_text``),
``parsers.entities.extract`` finds entities; after all files,
``parsers.entities.resolve_corpus`` unifies people/orgs across them.
Errors in one file (an :class:`~parsers.files.InputError`) never stop the
others.

With the cache (default), unchanged files come from it without parsing: when
the set of files is the one last resolved, nothing is parsed or resolved at all
(the warm path: one blob per file). Changed or new files are parsed alone (in
two processes when there is a lot to parse), then the whole set is re-resolved
from the cached entity stubs.

``iter_load`` yields :class:`LoadEvent` s for a UI worker while the corpus
fills (the corpus is thread-safe and usable from the first event);
``load_paths`` runs it to the end and returns a :class:`LoadResult`.
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
from typing import TYPE_CHECKING, Literal

from parsers.corpus.index import Corpus
from parsers.corpus.rows import HeadBlock, columns_from_blocks, head_block, rebase_block
from parsers.files import InputError, iter_input_files, read_bytes
from parsers.formats import parse_document
from parsers.model import Article
from parsers.perf import paused_gc
from parsers.pool import StopToken, close_pool, start_pool
from parsers.store.cache import (
    Cache,
    CacheError,
    FileEntry,
    Prepared,
    file_hash,
    fileset_key,
    prepare,
)

if TYPE_CHECKING:
    from parsers.dump.parser import ParseResult

__all__ = [
    "PARALLEL_MIN_BYTES",
    "LoadEvent",
    "LoadResult",
    "extract_entities",
    "iter_load",
    "load_paths",
    "resolve_corpus",
]

#: Parse in a 2-process pool only when this much (uncached) input is waiting.
PARALLEL_MIN_BYTES = 4_000_000
WORKERS = 2

EventKind = Literal[
    "start", "snapshot", "file_started", "file_done", "error", "warning", "resolved", "done"
]


def parse_text(text: str, path: str) -> ParseResult:
    """``parsers.dump.parser.parse_text``, imported on first use (a warm open never parses)."""
    from parsers.dump.parser import parse_text as parse

    return parse(text, path)


def extract_entities(article: Article) -> Article:
    """``parsers.entities.extract`` (a seam for tests)."""
    from parsers.entities import extract

    return extract(article)


def resolve_corpus(articles: Sequence[Article]) -> list[Article]:
    """``parsers.entities.resolve_corpus`` (a seam for tests)."""
    from parsers.entities import resolve_corpus as resolve

    return resolve(articles)


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
    corpus rows were updated in place), ``done`` (``result`` set).
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


@dataclass
class _Parsed:
    path: str
    size: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0
    digest: str = ""
    articles: list[Article] = field(default_factory=list)
    warning: str | None = None
    error: InputError | None = None
    prepared: Prepared | None = None
    pid: int = field(default_factory=os.getpid)  # which process parsed it
    #: CPU seconds of this file's stages in the process that parsed it
    #: (read+decode, parse, entities, serialise) for the benchmarks
    cpu: tuple[float, ...] = ()


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def parse_file(path: str, for_cache: bool = False) -> _Parsed:
    """Read, parse and extract one file; never raises (errors are returned).

    ``for_cache``: serialise the records for the cache (:func:`prepare`) and
    return no records, only that (``articles`` is empty: the caller decodes the
    stubs from ``prepared``), so that a worker process does that work and sends
    back compact bytes.
    """
    st = _stat(path) if path != "-" else None
    prepared = None
    clock = time.thread_time
    t0 = clock()
    try:
        data = read_bytes(path)
        t1 = clock()
        with paused_gc():  # many small acyclic objects: no collections mid-file
            doc = parse_document(data, path, dump_parser=parse_text)  # any input format
            articles = doc.articles
            t2 = clock()
            articles = [extract_entities(a) for a in articles]
            t3 = clock()
            if for_cache:
                prepared = prepare(articles)
                articles = []
            t4 = clock()
    except InputError as exc:
        return _Parsed(path, error=exc)
    except Exception as exc:  # a parser bug must not stop the other files
        return _Parsed(
            path, error=InputError(path, f"failed to parse: {type(exc).__name__}: {exc}")
        )
    return _Parsed(
        path,
        size=st.st_size if st else len(data),
        mtime_ns=st.st_mtime_ns if st else 0,
        ctime_ns=st.st_ctime_ns if st else 0,
        digest=file_hash(data),
        articles=articles,
        warning="; ".join(doc.warnings) or None,
        prepared=prepared,
        cpu=(t1 - t0, t2 - t1, t3 - t2, t4 - t3),
    )


def _files(paths: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for p in iter_input_files(paths):
        key = p if p == "-" else os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append(key if p != "-" and os.path.exists(p) else p)
    return out


def _ensure_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    Under a running Textual app ``sys.stderr`` is a capture object whose
    ``fileno()`` is -1 or raises; the tracker passes that fd to its process and
    the pool fails (``bad value(s) in fds_to_keep``).
    """
    try:
        ok = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        ok = False
    if ok:
        return
    from multiprocessing import resource_tracker

    saved = sys.stderr
    try:
        sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def _parse_many(
    paths: list[str], total_bytes: int, for_cache: bool = False, stop: StopToken | None = None
) -> Iterator[_Parsed]:
    """Parse files, in a 2-process pool when it pays; yields as files finish.

    Ends early, without the rest, once ``stop`` is stopped; a pool abandoned
    (this generator closed) is terminated, not drained (``parsers.pool``).
    """
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
        _ensure_resource_tracker()
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


def iter_load(
    paths: Iterable[str],
    use_cache: bool = True,
    *,
    cache: Cache | None = None,
    prepare: bool = True,
) -> Iterator[LoadEvent]:
    """Load ``paths`` (files or directories; ``-`` is stdin), yielding progress.

    The first event (``start``) already carries the corpus the others fill.
    ``prepare=False`` leaves the corpus's lazy parts (inverted index, other sort
    orders, name index) to the caller: a UI builds them after its first paint
    instead of holding the corpus lock while it wants to query.
    """
    stop = StopToken()  # the app quitting (parsers.pool.stop_parsing) ends this load early
    warnings: list[str] = []
    errors: list[InputError] = []
    if use_cache and cache is None:
        try:
            cache = Cache()
        except CacheError as exc:
            warnings.append(f"{exc}; continuing without the cache")
            cache = None
    if not use_cache:
        cache = None
    corpus = Corpus(text_index=cache.text_index, loader=cache.load_article) if cache else Corpus()
    if cache is not None:
        warnings.extend(cache.take_warnings())

    files = [_File(p, i) for i, p in enumerate(_files(paths))]
    hits: list[_File] = []
    misses: list[_File] = []
    known = cache.entries() if cache is not None else {}
    for f in files:
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
                    cache.touch(entry.id, st.st_size, st.st_mtime_ns, st.st_ctime_ns)  # type: ignore[union-attr]
                    entry = replace(entry, mtime_ns=st.st_mtime_ns, ctime_ns=st.st_ctime_ns)
                else:
                    entry = None
            if entry is not None:
                f.entry = entry
                hits.append(f)
                continue
        misses.append(f)

    total = sum(f.size for f in files)
    done_bytes = 0
    done_files = 0

    def ev(kind: EventKind, **kw: object) -> LoadEvent:
        return LoadEvent(
            kind,
            corpus,
            bytes_done=done_bytes,
            bytes_total=total,
            files_done=done_files,
            files_total=len(files),
            **kw,  # type: ignore[arg-type]
        )

    yield ev("start")
    for w in warnings:
        yield ev("warning", message=w)

    # 1. cached files: their last resolved rows go straight in; when the set of
    #    files is exactly one opened before, from one snapshot blob
    snap = None
    if cache is not None and hits and all(_stat(f.path) is None for f in misses):
        hit_set = fileset_key((f.path, f.entry.hash) for f in hits if f.entry)
        if all(f.entry is not None and f.entry.fileset == hit_set for f in hits):
            snap = cache.snapshot(hit_set, [f.entry.id for f in hits if f.entry])
            if snap is not None:
                corpus.add_columns(snap, unique=True)
                corpus.prepare(full=False)  # what the first query needs, before we say so
                yield ev("snapshot", count=len(corpus))
                cache.touch_snapshot(hit_set)
    for f in hits:
        assert cache is not None and f.entry is not None
        yield ev("file_started", path=f.path, cached=True)
        if snap is None:
            try:
                block = cache.heads(f.entry.id)
                if block is None:  # stored but never resolved (interrupted load)
                    f.stubs = cache.stubs(f.entry.id)
                    f.rowids = cache.rowids(f.entry.id)
                    block = head_block(f.stubs, f.rowids)
            except (sqlite3.DatabaseError, ValueError, EOFError, TypeError) as exc:
                # a damaged page or blob: parse this file again instead
                warnings.append(f"{f.path}: cache entry unreadable ({exc}); re-parsing")
                yield ev("warning", path=f.path, message=warnings[-1])
                f.entry, f.stubs, f.rowids = None, None, []
                misses.append(f)
                continue
            f.block = block
            corpus.add_block(block)
        if f.entry.warning:
            warnings.append(f"{f.path}: {f.entry.warning}")
            yield ev("warning", path=f.path, message=warnings[-1])
        done_bytes += f.size
        done_files += 1
        yield ev("file_done", path=f.path, count=f.entry.n, cached=True)

    # Parsed records are millions of small acyclic objects (unpickled from the pool,
    # stored, resolved, merged into the snapshot): a running cyclic GC rescans them
    # again and again, about half the CPU of this process in a cold load. Reference
    # counting still frees them.
    with paused_gc() if snap is None else contextlib.nullcontext():
        # 2. new or changed files: parse (maybe in parallel), store, show unresolved
        by_path = {f.path: f for f in misses}
        for f in misses:
            yield ev("file_started", path=f.path)
        # a moved folder: the same bytes under a new path come from the cache, not a parse
        moved = cache.moved_copies([f.path for f in misses]) if cache is not None else {}
        copies = (
            _Parsed(
                p,
                size=st.st_size,
                mtime_ns=st.st_mtime_ns,
                ctime_ns=st.st_ctime_ns,
                digest=digest,
                warning=warning,
                prepared=prep,
            )
            for p, (st, digest, prep, warning) in moved.items()
        )
        rest = [f for f in misses if f.path not in moved]
        for res in itertools.chain(
            copies,
            _parse_many(
                [f.path for f in rest],
                sum(f.size for f in rest),
                for_cache=cache is not None,
                stop=stop,
            ),
        ):
            f = by_path[res.path]
            done_bytes += f.size
            done_files += 1
            if res.error is not None:
                if cache is not None and not os.path.exists(f.path):
                    cache.forget(f.path)
                errors.append(res.error)
                yield ev("error", path=f.path, error=res.error)
                continue
            if res.warning:
                warnings.append(f"{f.path}: {res.warning}")
                yield ev("warning", path=f.path, message=warnings[-1])
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
                    warnings.append(f"{f.path}: not cached ({exc})")
                    yield ev("warning", path=f.path, message=warnings[-1])
            if stored:
                assert res.prepared is not None
                f.before = rebase_block(res.prepared.heads, f.rowids)
                corpus.add_block(f.before)
                f.stubs = res.articles
            else:
                if res.prepared is not None:  # caching failed: fall back to memory
                    res = parse_file(f.path)
                corpus.add(res.articles)
                f.stubs = res.articles
            yield ev(
                "file_done",
                path=f.path,
                articles=() if stored else tuple(res.articles),
                count=len(res.articles),
            )
        if stop.stopped:
            return

        # 3. resolve across files, unless this exact set was resolved last time
        loaded = [f for f in files if f.entry is not None or f.parsed]
        fileset = fileset_key(
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
                warnings.append(f"entity resolution failed: {type(exc).__name__}: {exc}")
                yield ev("warning", message=warnings[-1])
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
                    corpus.add_block(f.block)
                else:
                    corpus.add(part)
            del everything, resolved
            yield ev("resolved")
        for f in loaded:
            f.stubs = f.before = None  # resolved and stored: let them go
        if cache is not None and snap is None and loaded and all(f.block for f in loaded):
            try:
                cols = columns_from_blocks(f.block for f in loaded if f.block)
                cache.store_snapshot(fileset, cols, [f.entry.id for f in loaded if f.entry])
            except sqlite3.Error as exc:
                warnings.append(f"cache snapshot not saved ({exc})")
    if cache is not None:
        cache.prune_missing()
        for w in cache.take_warnings():  # writes that failed, damage met on the way
            warnings.append(w)
            yield ev("warning", message=w)
    if prepare:
        # build the lazy parts (inverted index, other sort orders, name index) here in
        # the loading thread, so the first entity click does not pay for them
        corpus.prepare()
    result = LoadResult(corpus, errors, warnings)
    yield ev("done", result=result)


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
