"""A big cold load in a child process, so that the app never holds its garbage.

Parsing, storing, resolving entities across files and writing the snapshot make
millions of short-lived objects. In the app's process they leave Python's small-object
arenas pinned by the few long-lived objects made in between: after a 100k-article cold
load the app stayed at 1.6 GB resident, against 0.2 GB after a warm open of the same
files. So ``parsers.pipeline`` hands those stages of a big cold load to a child process
(:class:`ChildLoad`, running :func:`child_main`): the child parses (through its own
pool), stores each file in the cache and sends the file's head rows back at once (the
app shows them as they come), resolves, saves the snapshot and exits; the app then
opens that snapshot the way a warm open does.

Promises, as for the parsing pool (``parsers.pool``): the child dies with the app (it
watches its parent, and its pool's workers watch it); ``stop_parsing`` terminates it;
a child that fails or dies becomes a :class:`ChildFault` with a one-line reason, never
a hang.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parsers.corpus.rows import HeadBlock, PlainBlock
    from parsers.model import Article
    from parsers.pipeline import LoadEvent
    from parsers.pool import StopToken

__all__ = ["POLL", "ChildFault", "ChildLoad", "child_main"]

#: How often the app checks for a stop or a dead child while it waits (seconds).
POLL = 0.1

#: What the child sends, each a tuple whose first item is its kind:
#: ``("file", path, count, [plain blocks], [articles])`` a file stored (or kept in
#: memory when it could not be), ``("error", path, reason)``, ``("warning", path,
#: message)``, ``("resolved",)``, ``("done", [paths loaded])``, ``("fault", reason)``.
Message = tuple[Any, ...]

#: The child's entry point (a seam: tests inject faults; any module-level function
#: taking ``(conn, files, cache_dir, parent)`` will do).
Target = Callable[[Connection, list[str], str, int], None]


#: children not yet ended (what an exit mid-load terminates)
_running: set[BaseProcess] = set()


class ChildFault(Exception):
    """The child failed or died; ``str()`` says how, in one line; ``reported``: the
    child said so itself (a stage raised), rather than died."""

    def __init__(self, message: str, reported: bool = False) -> None:
        super().__init__(message)
        self.reported = reported


class _Relay:
    """The child's stand-in for the corpus: keeps a file's rows until its
    ``file_done`` event sends them."""

    def __init__(self) -> None:
        self.blocks: list[PlainBlock] = []
        self.articles: list[Article] = []

    def add_block(self, block: HeadBlock) -> None:
        from parsers.corpus.rows import plain_block

        self.blocks.append(plain_block(block))

    def add(self, articles: Sequence[Article]) -> None:
        self.articles.extend(articles)

    def take(self) -> tuple[list[PlainBlock], list[Article]]:
        out = self.blocks, self.articles
        self.blocks, self.articles = [], []
        return out


def child_main(conn: Connection, files: list[str], cache_dir: str, parent: int) -> None:
    """The child: parse, store, resolve and snapshot ``files`` into the cache in
    ``cache_dir``, reporting to ``conn``."""
    from parsers.pool import watch_parent

    watch_parent(parent)  # gone with the app; Ctrl+C is the app's
    try:
        from parsers.pipeline import child_stages
        from parsers.store.cache import Cache

        relay = _Relay()

        def forward(event: LoadEvent) -> None:
            if event.kind == "file_done":
                blocks, articles = relay.take()
                conn.send(("file", event.path, event.count, blocks, articles))
            elif event.kind == "error" and event.error is not None:
                conn.send(("error", event.error.path, event.error.reason))
            elif event.kind == "warning":
                conn.send(("warning", event.path, event.message))
            elif event.kind == "resolved":
                conn.send(("resolved",))

        loaded = child_stages(files, Cache(cache_dir), relay, forward)
        conn.send(("done", loaded))
    except BaseException as exc:  # anything: the app must hear of it
        with contextlib.suppress(OSError, ValueError):
            conn.send(("fault", f"{type(exc).__name__}: {exc}"))
        raise SystemExit(1) from None
    finally:
        conn.close()


class ChildLoad:
    """The app's side of one child load: start it, read its messages, end it."""

    def __init__(self, files: list[str], cache_dir: str, target: Target | None = None) -> None:
        import multiprocessing

        from parsers.pool import ensure_resource_tracker, track

        ensure_resource_tracker()  # (the app's stderr is no file: see there)
        context = multiprocessing.get_context("spawn")  # fork is unsafe in a threaded UI
        self.conn, theirs = context.Pipe(duplex=False)
        self.process: BaseProcess = context.Process(
            target=target or child_main,
            args=(theirs, files, cache_dir, os.getpid()),
            name="newsdesk-load",
        )
        self.process.start()
        theirs.close()
        track(self.process)
        _running.add(self.process)

    def messages(self, stop: StopToken) -> Iterator[Message]:
        """The child's messages until ``done`` (the last one yielded); ends early,
        quietly, once ``stop`` is stopped; raises :class:`ChildFault` if the child
        reports a fault or ends without ``done``."""
        while not stop.stopped:
            if not self.conn.poll(POLL):
                if self.process.is_alive() or self.conn.poll(0):
                    continue
                raise self._died()
            try:
                message: Message = self.conn.recv()
            except (EOFError, OSError):
                self.process.join(1.0)
                raise self._died() from None
            if message[0] == "fault":
                raise ChildFault(f"the loading process failed: {message[1]}", reported=True)
            yield message
            if message[0] == "done":
                return

    def _died(self) -> ChildFault:
        code = self.process.exitcode
        how = "no exit status" if code is None else f"exit status {code}"
        if code is not None and code < 0:
            with contextlib.suppress(ValueError):
                how = f"killed by {signal.Signals(-code).name}"
        return ChildFault(f"the loading process ended unexpectedly ({how})")

    def close(self, finished: bool) -> None:
        """End the child: wait for one that sent ``done`` (it is exiting), else
        terminate it (a stop, a fault, an abandoned load)."""
        from parsers.pool import untrack

        process = self.process
        if finished:
            process.join(10.0)
        if process.is_alive():
            process.terminate()
            process.join(2.0)
        untrack(process)
        _running.discard(process)
        self.conn.close()


@atexit.register
def _end_children() -> None:
    """An app that exits mid-load does not wait for its child (multiprocessing's own
    exit handler joins every child that is not a daemon, and a child with a pool
    cannot be one): terminate it first."""
    for process in list(_running):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
