"""The newsdesk Textual app, ``make_app`` (the one way to build it) and ``run_app``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from parsers.corpus.feeds import FeedMap
from parsers.corpus.index import Corpus
from parsers.perf import freeze_heap
from parsers.state import StateStore
from tui.commands import EntityCommands, LibraryCommands
from tui.filters import parse_initial
from tui.screens.main import MainScreen
from tui.widgets.keys import forward_stray_key

__all__ = ["NewsApp", "make_app", "run_app"]

#: How long the cursor must rest on a headline before the reader follows (seconds).
PREVIEW_DELAY = 0.12


class NewsApp(App[int]):
    """A keyboard-driven news browser over a :class:`~parsers.corpus.index.Corpus`.

    Give it either a prebuilt ``corpus`` (tests, scripts) or ``paths`` to load in a
    worker. ``now`` freezes the clock used for relative dates (by default they are
    relative to the newest article); ``blink=False`` stops cursor blinking, and
    ``preview_delay`` is how long the cursor must rest before the reader follows.
    """

    CSS_PATH = "app.tcss"
    TITLE = "newsdesk"
    COMMANDS = App.COMMANDS | {EntityCommands, LibraryCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        corpus: Corpus | None = None,
        paths: Sequence[str] | None = None,
        *,
        filter_query: str | None = None,
        use_cache: bool = True,
        now: datetime | None = None,
        blink: bool = True,
        preview_delay: float = PREVIEW_DELAY,
        state_store: StateStore | None = None,
        sort: str = "newest",
    ) -> None:
        super().__init__()
        if corpus is None and paths is None:
            raise ValueError("NewsApp needs a corpus or paths to load")
        self.state_store = state_store if state_store is not None else StateStore()
        """Read marks, stars and saved views (``parsers.state``): outlive the session."""
        self.initial_sort = sort
        self.feed_map: FeedMap | None = None
        """The subscriptions' articles (``feed:``/``tag:``), set by ``tui.feeds``."""
        self._corpus: Corpus
        self.corpus = corpus if corpus is not None else Corpus()
        self.paths: list[str] | None = None if corpus is not None else list(paths or ())
        self.use_cache = use_cache
        self.now = now
        self.blink = blink
        self.preview_delay = preview_delay
        self.filter_query = filter_query
        self.load_errors: list[str] = []
        self.load_warnings: list[str] = []
        self.loaded = corpus is not None

    @property
    def corpus(self) -> Corpus:
        return self._corpus

    @corpus.setter
    def corpus(self, corpus: Corpus) -> None:
        """Every corpus answers ``is:unread`` / ``is:starred`` from the state store,
        and ``feed:`` / ``tag:`` from the subscriptions library."""
        corpus.set_marks(self.state_store)
        corpus.set_feeds(self.feed_map)
        self._corpus = corpus

    def get_default_screen(self) -> MainScreen:
        state, error_text = parse_initial(self.filter_query)
        return MainScreen(state, error_text, sort=self.initial_sort)

    def on_mount(self) -> None:
        if self.loaded:
            self.freeze_heap()

    def on_unmount(self) -> None:
        self.state_store.close()  # background writes (a big mark-all) land first

    def on_key(self, event: events.Key) -> None:
        forward_stray_key(self, event)  # typed in one burst after ``/`` or ``f``

    def freeze_heap(self) -> None:
        """Once loading is over: the corpus out of the GC's sight (``parsers.perf``)."""
        freeze_heap()

    def stop_blinking(self, screen: Screen[Any]) -> None:
        """With ``blink=False``, make every input's cursor on ``screen`` steady (snapshots)."""
        if not self.blink:
            for widget in screen.query(Input):
                widget.cursor_blink = False

    @property
    def main_screen(self) -> MainScreen:
        """The main screen, wherever it sits in the stack."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("main screen not mounted")


def make_app(
    corpus: Corpus | None = None,
    *,
    paths: Sequence[str] | None = None,
    filter_query: str | None = None,
    use_cache: bool = True,
    now: datetime | None = None,
    steady: bool = False,
    state_store: StateStore | None = None,
    view: str | None = None,
) -> NewsApp:
    """Build the app: the one factory the CLI, the tests and the screenshot script use.

    Over a prebuilt ``corpus`` (tests), or loading ``paths`` in a worker: the bundled
    sample when there are none. ``steady`` (tests, screenshots) makes every frame
    predictable: no cursor blink, and the reader follows the cursor without a timer.
    ``state_store``: where read marks, stars and views live (default: the user's file);
    ``view``: open that saved view (its filter and sort; ``filter_query`` narrows it).
    Raises ``LookupError`` for an unknown view.
    """
    store = state_store if state_store is not None else StateStore()
    sort = "newest"
    if view is not None:
        saved = store.view(view)
        if saved is None:
            names = ", ".join(v.name for v in store.views()) or "none saved yet"
            raise LookupError(f"no saved view named {view!r} (views: {names})")
        sort = saved.sort
        filter_query = f"{saved.query} {filter_query}" if filter_query else saved.query
    if corpus is None and not paths:
        from parsers.sample import sample_paths

        paths = sample_paths()
    return NewsApp(
        corpus,
        None if corpus is not None else list(paths or ()),
        filter_query=filter_query,
        use_cache=use_cache,
        now=now,
        blink=not steady,
        preview_delay=0.0 if steady else PREVIEW_DELAY,
        state_store=store,
        sort=sort,
    )


def run_app(app: NewsApp) -> int:
    """Run ``app`` in the terminal; list load problems on exit; return the exit code."""
    app.run()
    if app.load_warnings:
        count = len(app.load_warnings)
        print(f"newsdesk: {count} warning{'s' if count != 1 else ''}:", file=sys.stderr)
        for line in app.load_warnings:
            print(f"  {line}", file=sys.stderr)
    if app.load_errors:
        count = len(app.load_errors)
        print(
            f"newsdesk: {count} input file{'s' if count != 1 else ''} could not be loaded:",
            file=sys.stderr,
        )
        for line in app.load_errors:
            print(f"  {line}", file=sys.stderr)
        return 1
    return app.return_code or 0
