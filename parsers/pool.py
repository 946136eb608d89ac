"""The parsing pool's lifetime: workers that die with their parent, a stop that is immediate.

A cold load parses in a pool of worker processes (``parsers.pipeline``). Two
promises about them:

- **Quitting stops them at once.** :func:`stop_parsing` (the app calls it when
  it quits) cancels every file not yet started, terminates the workers and tells
  the loads in progress to end at their next step (:class:`StopToken`). A pool
  left by an abandoned load (its generator closed) is terminated, not drained.
- **No orphans.** Each worker watches its parent (:func:`watch_parent`) and
  exits as soon as it is gone, so ``kill -9`` of the app leaves no process
  behind. Workers ignore Ctrl+C: the parent handles it.

A big cold load runs in a child process of its own (``parsers.offload``), the
parent of its pool: :func:`track` puts it under the same two promises.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.process import BaseProcess

__all__ = [
    "PARENT_POLL",
    "StopToken",
    "close_pool",
    "ensure_resource_tracker",
    "start_pool",
    "stop_parsing",
    "track",
    "untrack",
    "watch_parent",
]

#: How often a worker checks that its parent is alive (seconds).
PARENT_POLL = 0.25

_lock = threading.Lock()
_generation = 0
_live: set[ProcessPoolExecutor] = set()
_children: set[BaseProcess] = set()


class StopToken:
    """Taken when a load starts; :attr:`stopped` once :func:`stop_parsing` ran after that."""

    __slots__ = ("_generation",)

    def __init__(self) -> None:
        self._generation = _generation

    @property
    def stopped(self) -> bool:
        return _generation != self._generation


def stop_parsing() -> None:
    """Stop every load's parsing now: pending files dropped, workers terminated."""
    global _generation
    with _lock:
        _generation += 1
        pools = list(_live)
        _live.clear()
        children = list(_children)
        _children.clear()
    for pool in pools:
        _terminate(pool)
    for child in children:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # already gone
            child.terminate()


def track(process: BaseProcess) -> None:
    """:func:`stop_parsing` terminates ``process`` too (a load's child process)."""
    with _lock:
        _children.add(process)


def untrack(process: BaseProcess) -> None:
    """``process`` ended or was ended: forget it."""
    with _lock:
        _children.discard(process)


def watch_parent(parent: int) -> None:
    """Pool initializer: exit when ``parent`` is gone; leave Ctrl+C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="newsdesk-parent-watch", daemon=True).start()


def ensure_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    Under a running Textual app ``sys.stderr`` is a capture object whose
    ``fileno()`` is -1 or raises; the tracker passes that fd to its process and
    the pool fails (``bad value(s) in fds_to_keep``).
    """
    import sys

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


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A spawn-context pool (fork is unsafe in a threaded UI) whose workers watch us."""
    import multiprocessing

    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=watch_parent,
        initargs=(os.getpid(),),
    )
    with _lock:
        _live.add(pool)
    return pool


def close_pool(pool: ProcessPoolExecutor, finished: bool) -> None:
    """Shut ``pool`` down: wait for it when its work is ``finished``, else terminate it."""
    with _lock:
        _live.discard(pool)
    if finished:
        pool.shutdown(wait=True)
    else:
        _terminate(pool)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and kill the workers (the work in flight is lost)."""
    # (the executor drops its process table on shutdown: take it first)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # already gone
            process.terminate()
