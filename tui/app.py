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
from textual.theme import Theme
from textual.widgets import Input

from parsers.config import DEFAULT, Config, ConfigProblem
from parsers.corpus.feeds import FeedMap
from parsers.corpus.index import Corpus
from parsers.perf import freeze_heap
from parsers.state import StateStore
from parsers.theme_memory import ThemeMemory, theme_memory_path
from tui import keymap, settings
from tui.commands import ActionCommands, EntityCommands, LibraryCommands
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
    COMMANDS = App.COMMANDS | {EntityCommands, LibraryCommands, ActionCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+p", "command_palette", "palette", show=False, priority=True),
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
        config: Config = DEFAULT,
        config_problems: Sequence[ConfigProblem] = (),
        theme_memory: ThemeMemory | None = None,
    ) -> None:
        self.config = config
        """The config file's settings (``parsers.config``; the defaults without one)."""
        self.config_problems: list[ConfigProblem] = list(config_problems)
        """What was wrong in the config file: told at start and on exit."""
        keymap.tag_bindings()  # before any screen or widget copies its class's bindings
        super().__init__()
        self.set_keymap(dict(config.keys))
        if corpus is None and paths is None:
            raise ValueError("NewsApp needs a corpus or paths to load")
        if theme_memory is None:
            theme_memory = ThemeMemory(theme_memory_path())
        self.theme_memory = theme_memory
        """The theme picked in the app (ctrl+p Theme), kept across sessions."""
        names = self._theme_names()
        self.theme = settings.fallback_theme(self.theme_memory.choose(self.config.theme), names)
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

    def _theme_names(self) -> set[str]:
        return set(self.available_themes)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables plus the focused pane's bar colour and the config's
        layout (``tui.settings``)."""
        variables = super().get_css_variables()
        variables["focus-bar"] = settings.focus_colour(variables)
        return {**variables, **settings.css_variables(self.config)}

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for problem in self.config_problems:
            self.notify(str(problem), title="Config", severity="error", timeout=8, markup=False)
        if self.loaded:
            self.freeze_heap()

    def _theme_changed(self, theme: Theme) -> None:
        """Remember a theme picked in the app (over the config's) for the next start."""
        self.theme_memory.remember(theme.name, self.config.theme)

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
    config: Config = DEFAULT,
    config_problems: Sequence[ConfigProblem] = (),
    theme_memory: ThemeMemory | None = None,
) -> NewsApp:
    """Build the app: the one factory the CLI, the tests and the screenshot script use.

    Over a prebuilt ``corpus`` (tests), or loading ``paths`` in a worker: the bundled
    sample when there are none. ``steady`` (tests, screenshots) makes every frame
    predictable: no cursor blink, and the reader follows the cursor without a timer.
    ``state_store``: where read marks, stars and views live (default: the user's file);
    ``view``: open that saved view (its filter and sort; ``filter_query`` narrows it).
    ``config``: the config file's settings (``parsers.config``), with the
    ``config_problems`` found reading it (told in the app and on exit); its
    ``filter`` and ``sort`` apply unless ``filter_query`` or ``view`` say otherwise.
    ``theme_memory``: where a theme picked in the app is kept (default: the user's file).
    Raises ``LookupError`` for an unknown view.
    """
    from textual.theme import BUILTIN_THEMES

    config, rejected = settings.checked(config, BUILTIN_THEMES)
    config, clashes = keymap.check_keys(config)
    config_problems = [*config_problems, *rejected, *clashes]
    store = state_store if state_store is not None else StateStore()
    sort = config.sort
    if filter_query is None and view is None and config.filter.strip():
        filter_query = config.filter
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
        config=config,
        config_problems=config_problems,
        theme_memory=theme_memory,
    )


def run_app(app: NewsApp) -> int:
    """Run ``app`` in the terminal; list load problems on exit; return the exit code."""
    app.run()
    for problem in app.config_problems:
        print(f"newsdesk: {problem}", file=sys.stderr)
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
