"""Loading files into the running app: the worker, the throttled re-query, the notices.

The main screen owns one :class:`LoadController`. Its worker runs
:func:`parsers.pipeline.iter_load` in a thread and posts messages (``tui.messages``)
to the screen, which hands each one to the controller. The controller decides
when the screen re-queries while rows stream in, shows the first few problems as
toasts (the rest summed up at the end) and hands errors and warnings to the app,
which lists them on exit. The pure parts (:func:`run_load`, :class:`NoticeGate`,
:class:`RefreshThrottle`, :func:`progress_line`) are tested without Pilot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.worker import get_current_worker

from parsers.pipeline import iter_load
from parsers.sanitize import visible
from tui.messages import LoadFinished, LoadNotice, LoadProgress, LoadStarted

if TYPE_CHECKING:
    from parsers.corpus.index import Corpus
    from tui.screens.main import MainScreen

__all__ = [
    "FIRST_ROWS_AFTER",
    "NOTICES_SHOWN",
    "PROGRESS_AFTER",
    "REFRESH_EVERY",
    "LoadController",
    "NoticeGate",
    "RefreshThrottle",
    "progress_line",
    "run_load",
]

#: While files stream in, re-query at most this often (seconds).
REFRESH_EVERY = 1.0
#: Load errors / warnings shown as a toast each; the rest are summed up in one.
NOTICES_SHOWN = 3
#: Show the progress bar only when loading takes longer than this (seconds).
PROGRESS_AFTER = 0.5
#: The first rows of a load are shown this long after they arrive (seconds).
FIRST_ROWS_AFTER = 0.15

#: Pipeline events that move the progress bar.
_PROGRESS_KINDS = ("start", "snapshot", "file_done", "error", "resolved", "reopened")


def run_load(
    paths: Sequence[str],
    use_cache: bool,
    post: Callable[[Message], object],
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Load ``paths``, reporting each step with ``post`` (the worker's body).

    Posts :class:`LoadStarted` once the corpus exists (it fills while the UI
    queries it), a :class:`LoadNotice` per error or warning, :class:`LoadProgress`
    as files finish, and always one :class:`LoadFinished` at the end.
    """
    errors: list[str] = []
    warnings: list[str] = []
    started = time.monotonic()
    snapshot = False
    try:
        # the lazy index parts are built after the first paint (prepare_index)
        for event in iter_load(list(paths), use_cache, prepare=False):
            if cancelled():
                post(LoadFinished(errors, warnings, cancelled=True))
                return
            if event.kind == "snapshot":
                snapshot = True
            elif snapshot and event.kind in ("file_started", "file_done") and event.cached:
                continue  # their rows came with the snapshot: nothing new to show
            if event.kind in ("start", "reopened"):
                # (reopened: a child process loaded everything; this corpus, the
                # snapshot it saved, replaces the one its rows streamed into)
                post(LoadStarted(event.corpus))
            elif event.kind == "error" and event.error is not None:
                errors.append(visible(str(event.error)))  # file names may hold escapes
                post(LoadNotice(errors[-1], "error"))
            elif event.kind == "warning" and event.message:
                warnings.append(visible(event.message))
                post(LoadNotice(warnings[-1], "warning"))
            if event.kind in _PROGRESS_KINDS:
                post(
                    LoadProgress(
                        files_done=event.files_done,
                        files_total=event.files_total,
                        articles=len(event.corpus),
                        bytes_done=event.bytes_done,
                        bytes_total=event.bytes_total,
                        elapsed=time.monotonic() - started,
                        new_articles=event.count,
                        complete=event.kind == "snapshot",
                    )
                )
    except Exception as error:  # a loader bug: report it, keep what loaded
        errors.append(visible(f"loading stopped: {type(error).__name__}: {error}"))
        post(LoadNotice(errors[-1], "error"))
    post(LoadFinished(errors, warnings))


def progress_line(message: LoadProgress) -> str:
    """``loading 2/8 files · 750 articles · 3.1 MB/s``."""
    rate = message.bytes_done / message.elapsed / 1e6 if message.elapsed > 0 else 0.0
    return (
        f"loading {message.files_done}/{message.files_total} files · "
        f"{message.articles:,} articles · {rate:.1f} MB/s"
    )


class NoticeGate:
    """A directory of bad files would bury the screen under a toast each: the first
    ``shown`` notices pass, the rest are counted and summed up by :meth:`summary`."""

    def __init__(self, shown: int = NOTICES_SHOWN) -> None:
        self.shown = shown
        self.passed = 0
        self.held: dict[str, int] = {}

    def admit(self, severity: str) -> bool:
        """Whether this notice gets its own toast (else it is counted)."""
        if self.passed < self.shown:
            self.passed += 1
            return True
        self.held[severity] = self.held.get(severity, 0) + 1
        return False

    def summary(self) -> list[tuple[str, SeverityLevel]]:
        """One line per severity for the held notices (and forget them)."""
        errors = self.held.pop("error", 0)
        warnings = sum(self.held.values())
        self.held.clear()
        lines: list[tuple[str, SeverityLevel]] = []
        if errors:
            lines.append(
                (
                    f"…and {errors} more file{'s' if errors != 1 else ''} could not be read "
                    "(all are listed when you quit)",
                    "error",
                )
            )
        if warnings:
            lines.append(
                (
                    f"…and {warnings} more warning{'s' if warnings != 1 else ''} "
                    "(listed when you quit)",
                    "warning",
                )
            )
        return lines


class RefreshThrottle:
    """When to re-query while a load runs.

    At most every :data:`REFRESH_EVERY` seconds, and spending at most about a tenth
    of the time doing it (a re-query re-indexes everything added, and in a cold load
    this process shares the two cores with the parsing pool).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last = 0.0
        """When the last re-query ended."""
        self.cost = 0.0
        """How long it took."""

    @contextmanager
    def measure(self) -> Iterator[None]:
        """Time one re-query (every one counts, whatever asked for it)."""
        started = self.clock()
        try:
            yield
        finally:
            self.last = self.clock()
            self.cost = self.last - started

    def wait(self, rows_shown: bool, articles: int, complete: bool) -> float:
        """Seconds until the next re-query may run (<= 0: now)."""
        interval = max(REFRESH_EVERY, 10 * self.cost)
        wait = interval - (self.clock() - self.last)
        if not rows_shown and articles > 0:
            # the first headlines go up soon: at once when the cache's snapshot brought
            # every row in one go; otherwise after a moment, as one query over more rows
            # beats several over a corpus still growing
            wait = 0.0 if complete else min(wait, FIRST_ROWS_AFTER)
        return wait


class LoadController:
    """Runs the load for the main screen and keeps what a load shows on it.

    ``running`` and ``line`` (the status line's loading text) are read by the
    screen; everything else here is the controller's own.
    """

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        # (not ``loading``: that is Textual's reactive that covers a widget, here the
        # whole screen, with a spinner, and would hide the rows streaming in)
        self.running = False
        self.line = ""
        self.throttle = RefreshThrottle()
        self.notices = NoticeGate()
        self.settled = asyncio.Event()
        """Set once nothing more happens by itself: loaded, heap frozen, index prepared
        in the background (what tests and the screenshot script wait for)."""
        self._refresh_timer: Timer | None = None

    def start(self) -> None:
        """On mount: start the worker, or (a prebuilt corpus) prepare the index."""
        screen = self.screen
        paths = screen.news_app.paths
        if paths is None:
            screen.call_after_refresh(self._settle, False)
            return
        self.running = True
        self.line = "loading…"
        # a warm open is done before anyone could read a progress bar: show it only
        # if loading takes a while (saves two layouts on the fast path)
        screen.set_timer(PROGRESS_AFTER, self._show_bar)
        screen.run_worker(
            partial(self._work, paths, screen.news_app.use_cache),
            name="load",
            group="load",
            description=f"load {len(paths)} path(s)",
            exclusive=True,
            exit_on_error=False,
            thread=True,
        )

    def stop(self) -> None:
        """The app is quitting: stop parsing now (pending files dropped, workers
        terminated) rather than let the load's thread drain the pool first."""
        if self.running:
            from parsers.pool import stop_parsing

            stop_parsing()

    def _work(self, paths: list[str], use_cache: bool) -> None:
        worker = get_current_worker()
        run_load(paths, use_cache, self.screen.post_message, lambda: worker.is_cancelled)

    def _show_bar(self) -> None:
        if self.running:
            self.screen.load_bar.display = True

    # ------------------------------------------------------------ messages

    def started(self, message: LoadStarted) -> None:
        """The loader made the corpus it fills (or one to replace it with, complete):
        the screen shows it from now on, the cursor and the open article kept."""
        screen = self.screen
        result = screen.result
        old = screen.corpus
        shown_empty = not len(old) and (result is None or not result.total)
        screen.news_app.corpus = message.corpus
        if len(old) and len(message.corpus):
            self._carry_over(old, message.corpus)
        if len(message.corpus) or not shown_empty:
            screen.refresh_result()  # (an empty corpus for an empty one would repaint the same)

    def _carry_over(self, old: Corpus, new: Corpus) -> None:
        """Rows are numbered per corpus: move the cursor and the reader's row from
        ``old``'s numbering to ``new``'s, by article id."""
        screen = self.screen

        def moved(row: int | None) -> int | None:
            if row is None or row >= len(old):
                return None
            return new.index_of(old.ids_of([row])[0])

        headlines, reader = screen.headlines, screen.reader
        cursor = moved(headlines.current_row)
        if cursor is not None:
            headlines.set_rows(new, [cursor], keep=cursor)  # the re-query finds it
        if reader.row is not None:
            reader.row = moved(reader.row)

    def notice(self, message: LoadNotice) -> None:
        # (all of them are listed on exit)
        if self.notices.admit(message.severity):
            self.screen.notify(message.text, severity=message.severity, timeout=10, markup=False)

    def progress(self, message: LoadProgress) -> None:
        screen = self.screen
        self.line = progress_line(message)
        screen.load_bar.show(message.bytes_done, message.bytes_total, Text(self.line))
        screen.show_status()  # (its copy of the line would lag the bar's until a re-query)
        wait = self.throttle.wait(
            rows_shown=bool(len(screen.headlines.rows)),
            articles=message.articles,
            complete=message.complete,
        )
        if wait <= 0:
            screen.refresh_result()
        elif self._refresh_timer is None:
            self._refresh_timer = screen.set_timer(wait, self._timed_refresh)

    def _timed_refresh(self) -> None:
        self._refresh_timer = None
        self.screen.refresh_result()

    def finished(self, message: LoadFinished) -> None:
        screen = self.screen
        self.running = False
        self.line = ""
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None
        app = screen.news_app
        app.load_errors.extend(message.errors)
        app.load_warnings.extend(message.warnings)
        for text, severity in self.notices.summary():
            screen.notify(text, severity=severity, timeout=10, markup=False)
        screen.load_bar.display = False
        if not screen.shows_current():
            screen.names.forget_keys()  # cross-file resolution may have renamed entities
            screen.refresh_result()
        else:  # e.g. a warm open: everything came in one go and is on screen already
            screen.show_status()
        app.loaded = True
        # after the frame that shows the result: a collection, then the lazy index parts
        screen.call_after_refresh(self._settle, True)

    def _settle(self, collect: bool) -> None:
        if collect:
            self.screen.news_app.freeze_heap()
        self.screen.run_worker(
            self._prepare_index,
            name="prepare_index",
            group="prepare",
            exit_on_error=False,
            thread=True,
        )
        self.settled.set()

    def _prepare_index(self) -> None:
        """After the first paint, let the index build what it builds lazily (other
        sorts, postings) so the first entity click or sort change is instant."""
        prepare = getattr(self.screen.corpus, "prepare", None)
        if prepare is not None:
            prepare()
