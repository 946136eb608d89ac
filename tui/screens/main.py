"""The main screen: owns the one FilterState (with its undo history) and answers messages.

Data flows one way: the screen asks ``Corpus.query(state, sort)``, turns the result
into a view per pane with the presenters (``tui.present``) and hands each down to
the headline list, the sidebar, the status line, the query bar and the reader.
Children never talk to each other; they post messages up to here. Three helpers
the screen owns do the rest: the ``LoadController`` (``tui.load``: the worker,
the re-query during a load, the notices), the ``ReadingController``
(``tui.reading``: the open article, read marks, stepping) and ``Panes``
(``tui.panes``: which panes show, where the focus goes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from parsers.corpus.index import SORTS, Corpus, QueryResult
from parsers.corpus.query import FilterState, Term
from tui import filters
from tui.feeds import FEED_SECTIONS, FeedRefresher, FeedsProgress, FeedsRefreshed
from tui.fulltext import FullTextDone, FullTextFetcher
from tui.insight import Insight
from tui.library import LibraryActions, LibraryController
from tui.load import LoadController
from tui.messages import LoadFinished, LoadNotice, LoadProgress, LoadStarted
from tui.panes import Panes
from tui.present import EntityNames, empty_message
from tui.present.empty import unresolved_warning
from tui.present.library import LIBRARY, library_entries
from tui.present.sidebar import sidebar_view
from tui.present.status import status_view
from tui.reading import ReadingController
from tui.screens.help import HelpScreen
from tui.stories import StoryActions, StoryView
from tui.widgets.headlines import HeadlineList
from tui.widgets.keyhints import KeyHints
from tui.widgets.loadbar import LoadBar
from tui.widgets.querybar import QueryBar
from tui.widgets.reader import ReaderPane
from tui.widgets.sidebar import EntitySidebar, FacetList
from tui.widgets.statusline import StatusLine
from tui.widgets.timeline import TimelineStrip

if TYPE_CHECKING:
    from tui.app import NewsApp

__all__ = ["MainScreen"]

HISTORY_LIMIT = 200


class MainScreen(LibraryActions, StoryActions, Screen[None]):
    """Headlines, reader, entity sidebar, query bar and status line."""

    AUTO_FOCUS = "#headlines"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "back_or_quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "query", "Search"),
        Binding("f", "find", "Find"),
        Binding("e", "entities", "Entities"),
        Binding("c", "clear", "Clear"),
        Binding("u", "undo", "Undo"),
        Binding("s", "sort", "Sort", show=False),
        Binding("b", "toggle_sidebar", "Sidebar", show=False),
        Binding("z", "zoom", "Zoom pane", show=False),
        Binding("minus", "resize(-1)", "Smaller list", show=False),
        Binding("plus,equals_sign", "resize(1)", "Bigger list", show=False),
        Binding("r", "toggle_mark('read')", "Read/unread", show=False),
        Binding("asterisk", "toggle_mark('starred')", "Star", show=False),
        Binding("R", "mark_all_read", "All read", show=False),
        Binding("U", "undo_mark", "Undo mark", show=False),
        Binding("ctrl+s", "save_view", "Save view"),
        Binding("o", "open_url", "Open URL", show=False),
        Binding("y", "copy_text", "Copy text", show=False),
        Binding("Y", "copy_url", "Copy URL", show=False),
        Binding("E", "export", "Export", show=False),
        Binding("L", "library", "Library", show=False),
        Binding("ctrl+r", "refresh_feeds", "Refresh feeds", show=False),
        Binding("F", "full_text", "Full text", show=False),
        Binding("i", "profile", "Profile", show=False),
        Binding("t", "timeline", "Timeline", show=False),
        Binding("S", "toggle_stories", "Group stories", show=False),
        Binding("a", "next_in_story", "Also covered by", show=False),
        Binding("A", "story_filter", "Story filter", show=False),
        Binding("l", "links", "Links", show=False),
        *(Binding(str(n), f"open_link({n})", show=False) for n in range(1, 10)),
        Binding("tab", "cycle(1)", "Next pane", show=False),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    state: reactive[FilterState] = reactive(FilterState, init=False, repaint=False)
    """The filter: query bar and sidebar are two views of this one value."""
    sort: reactive[str] = reactive("newest", init=False, repaint=False)

    def __init__(
        self, initial: FilterState | None = None, initial_error: str = "", sort: str = "newest"
    ) -> None:
        super().__init__()
        self._initial_sort = sort
        self.history: list[FilterState] = []
        self.result: QueryResult | None = None
        self._initial = initial or FilterState()
        self._initial_error = initial_error
        self.loader = LoadController(self)
        self.library = LibraryController(self)
        self.reading = ReadingController(self)
        self.panes = Panes(self)
        self.feeds = FeedRefresher(self)
        self.full_text = FullTextFetcher(self)
        self.insight = Insight(self)
        self.stories = StoryView()
        self._names: EntityNames | None = None
        self._queried = 0
        """Articles in the corpus when the shown result was computed (a load adds more)."""
        self._shown: tuple[object, ...] = ()
        self._warned_unresolved: tuple[Term, ...] = ()

    # ----------------------------------------------------------------- layout

    @property
    def news_app(self) -> NewsApp:
        return self.app  # type: ignore[return-value]

    @property
    def corpus(self) -> Corpus:
        return self.news_app.corpus

    @property
    def names(self) -> EntityNames:
        """Entity names of the current corpus (a new corpus starts a new cache)."""
        if self._names is None or self._names.corpus is not self.corpus:
            self._names = EntityNames(self.corpus)
        return self._names

    def compose(self) -> ComposeResult:
        yield QueryBar(id="querybar")
        with Horizontal(id="body"):
            yield EntitySidebar(id="sidebar")
            with Vertical(id="main"):
                yield TimelineStrip(id="timeline")
                with Container(id="split"):
                    yield HeadlineList(
                        read=self.library.read, starred=self.library.starred, id="headlines"
                    )
                    yield Static("", id="empty")
                    yield ReaderPane(id="reader")
        yield LoadBar(id="progress")
        yield StatusLine(id="status")
        yield KeyHints(id="keyhints")

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one(HeadlineList)

    @property
    def reader(self) -> ReaderPane:
        return self.query_one(ReaderPane)

    @property
    def sidebar(self) -> EntitySidebar:
        return self.query_one(EntitySidebar)

    @property
    def facets(self) -> FacetList:
        return self.query_one(FacetList)

    @property
    def querybar(self) -> QueryBar:
        return self.query_one(QueryBar)

    @property
    def load_bar(self) -> LoadBar:
        return self.query_one(LoadBar)

    def on_mount(self) -> None:
        self.news_app.stop_blinking(self)
        self.query_one(KeyHints).show_bindings(
            (b for b in self.BINDINGS if isinstance(b, Binding)),
            [("ctrl+p", "palette", "app.command_palette")],
        )
        self.set_reactive(MainScreen.state, self._initial)
        self.set_reactive(MainScreen.sort, self._initial_sort)
        self.library.start()
        self.feeds.attach()
        self.load_bar.display = False
        self.headlines.focus()
        self.loader.start()
        self.refresh_result()
        if self._initial_error:
            self.querybar.edit_with_error(self._initial_error)
        self.panes.fit()

    def on_unmount(self) -> None:
        self.loader.stop()  # quitting: the parsing pool must not be drained first

    def on_resize(self) -> None:
        self.panes.fit()

    # ------------------------------------------------------------------ state

    def set_state(self, state: FilterState, record: bool = True) -> None:
        """Apply a new filter (pushing the old one on the undo stack)."""
        if state == self.state:
            return
        if record:
            self.history.append(self.state)
            del self.history[:-HISTORY_LIMIT]
        self.state = state

    def watch_state(self) -> None:
        self.refresh_result()

    def watch_sort(self) -> None:
        self.refresh_result()

    def refresh_result(self) -> None:
        """Re-run the query and hand the result to every pane."""
        with self.loader.throttle.measure():
            self._refresh_result()

    def _showing(self) -> tuple[object, ...]:
        """What a result shown now would be computed from."""
        corpus = self.corpus
        return (id(corpus), len(corpus), corpus.version, self.state, self.sort)

    def _refresh_result(self) -> None:
        corpus = self.corpus
        self.names.forget_terms()
        self._shown = self._showing()
        self._queried = len(corpus)
        result = corpus.query(self.state, sort=self.sort)
        self.result = result
        keep = self.headlines.current_row
        if keep is None and self.reader.row is not None:
            keep = self.reader.row
        rows, badges = self.stories.rows(corpus, result.rows)
        self.headlines.set_rows(corpus, rows, keep=keep, badges=badges)
        self.insight.update_strip()
        self._update_sidebar()
        self.show_status()
        self.querybar.show_state(self.state)
        self._update_empty()
        if not self.loader.running:
            # once per new unknown name: not again on every sort change or reload (the
            # empty-result message says it too, for as long as it matters)
            warning = unresolved_warning(result.unresolved, self._warned_unresolved)
            self._warned_unresolved = tuple(result.unresolved)
            if warning:
                self.notify(warning, severity="warning", timeout=4, markup=False)
        if not len(result.rows):
            self.reading.show(None)
        elif self.reader.row is not None and self.reader.row == self.headlines.current_row:
            # restyling the open article's mentions can wait for the frame after the
            # one that shows the new list and counts
            self.call_after_refresh(self.reading.restyle, self.reader.row)

    def show_status(self) -> None:
        """Redraw the status line (count, filter chips, sort, loading)."""
        result = self.result
        if result is None:
            return
        view = status_view(
            result.total,
            self._queried,  # (not the corpus now: mid-load that would read as a filter)
            self.state,
            self.sort,
            self.names.name_of,
            loading=self.loader.line,
            sidebar_hint=not self.panes.sidebar_visible,
            unread=None
            if self.loader.running  # (counted over a corpus that grew since the query)
            else self.corpus.count(self.state.with_term(Term("is", "unread"))),
        )
        self.query_one(StatusLine).show(view)

    def update_sidebar(self) -> None:
        """Redraw the sidebar (counts of the current result, the Library)."""
        self._update_sidebar()

    def _update_sidebar(self) -> None:
        if self.result is None:
            return
        narrow = self.sidebar.find_text  # (the find box owns it)
        library = library_entries(self.corpus, self.library.store, self.library.counts)
        view = sidebar_view(
            self.corpus, self.result, self.state, self.sort, self.names.key_name, narrow, library,
            self.feeds.sections(), loading=self.loader.running,
            order=self.news_app.config.sections,
        )  # fmt: skip
        self.facets.show(view)

    def _update_empty(self) -> None:
        has_rows = self.result is not None and len(self.result.rows) > 0
        if self.loader.running and not has_rows and not len(self.corpus):
            return  # nothing yet: the status line says we are loading
        self.panes.show_list(has_rows, self.empty_message)

    def empty_message(self) -> Text:
        """Why the list is empty, and how to get out of it."""
        corpus, state = self.corpus, self.state
        return empty_message(
            state,
            articles=len(corpus),
            loading=self.loader.running,
            load_errors=self.news_app.load_errors,
            unresolved=self.result.unresolved if self.result is not None else (),
            count_without=lambda term: corpus.count(state.without(term)),
            name_of=self.names.name_of,
        )

    # ------------------------------------------------------------- the reader
    # (the ReadingController does the work)

    @on(HeadlineList.Highlighted)
    def _preview(self, event: HeadlineList.Highlighted) -> None:
        self.reading.preview(event.row)

    @on(HeadlineList.Selected)
    def _open(self, event: HeadlineList.Selected) -> None:
        self.reading.open(event.row)

    @on(ReaderPane.Step)
    def _step(self, event: ReaderPane.Step) -> None:
        self.reading.step(event.delta)

    def action_step(self, delta: int) -> None:
        """Open the next (+1) or previous (-1) article of the list, focus unchanged."""
        self.reading.step(delta)

    def action_read_on(self, delta: int = 1) -> None:
        """Space in the list: open the highlighted article, then page through it."""
        self.reading.read_on(delta)

    # ------------------------------------------------------------ filter edits

    def toggle_entity(self, kind: str, key: str, negate: bool = False) -> None:
        """Sidebar/reader/palette toggle: the same entity again removes its filter."""
        value = self.names.term_value(kind, key)
        state = filters.toggle_entity(self.state, kind, key, value, self.corpus.resolve, negate)
        self.set_state(state)

    @on(EntitySidebar.Toggle)
    def _sidebar_toggle(self, event: EntitySidebar.Toggle) -> None:
        if event.kind == LIBRARY:
            self.library.pick(event.key, event.negate)
            return
        if event.kind in FEED_SECTIONS:
            self.feeds.pick(event.key, event.negate)
            return
        if self.sidebar.find_text:
            # found and picked: the find box has done its job, show the whole sidebar again
            self.sidebar.clear_find()
            self.panes.picked()
        self.toggle_entity(event.kind, event.key, event.negate)
        self.facets.move_to_key(event.key)

    @on(EntitySidebar.ToggleOr)
    def _sidebar_or(self, event: EntitySidebar.ToggleOr) -> None:
        self.set_state(self.state.toggle_or(event.kind))

    @on(EntitySidebar.Narrow)
    def _sidebar_narrow(self) -> None:
        self._update_sidebar()

    @on(ReaderPane.EntityClicked)
    def _reader_click(self, event: ReaderPane.EntityClicked) -> None:
        kind = event.key.split(":", 1)[0]
        self.toggle_entity(kind, event.key)

    @on(QueryBar.Submitted)
    def _query_submitted(self, event: QueryBar.Submitted) -> None:
        self.set_state(event.state)
        if event.refocus:
            self.panes.focus_list()

    @on(QueryBar.EditRequested)
    def _query_clicked(self) -> None:
        self.action_query()

    @on(QueryBar.Leave)
    def _query_leave(self) -> None:
        self.querybar.stop_edit()
        self.panes.focus_list()

    # ----------------------------------------------------------------- actions

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_query(self) -> None:
        self.querybar.start_edit()

    def action_find(self) -> None:
        self.panes.find()

    def action_clear(self) -> None:
        self.set_state(FilterState())

    def action_undo(self) -> None:
        if not self.history:
            self.notify("Nothing to undo", timeout=2)
            return
        self.set_state(self.history.pop(), record=False)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]

    def action_toggle_sidebar(self) -> None:
        self.panes.toggle_sidebar()

    def action_zoom(self) -> None:
        self.panes.zoom()

    def action_resize(self, delta: int) -> None:
        self.panes.resize(delta)

    def action_back(self) -> None:
        self.panes.back()

    async def action_back_or_quit(self) -> None:
        """``q``: back to the list from the reader or the sidebar (like mutt,
        newsboat); from the list, quit."""
        if self.reader.has_focus_within or self.sidebar.has_focus_within:
            self.panes.back()
        else:
            await self.app.action_quit()

    def action_cycle(self, delta: int) -> None:
        self.panes.cycle(delta)

    def action_entities(self) -> None:
        self.reading.list_entities()

    def action_profile(self) -> None:
        """``i``: the profile of the highlighted sidebar entity (or the filter's one)."""
        self.insight.open_target()

    def action_timeline(self) -> None:
        """``t``: onto the timeline strip, to pick a span of days."""
        self.insight.focus_strip()

    @on(TimelineStrip.SpanSelected)
    def _span(self, event: TimelineStrip.SpanSelected) -> None:
        self.insight.span(event.after, event.before)

    @on(TimelineStrip.Leave)
    def _strip_leave(self) -> None:
        self.panes.focus_list()

    # ----------------------------------------------------------------- loading
    # (the LoadController does the work; these hand it the worker's messages)

    def on_load_started(self, message: LoadStarted) -> None:
        self.loader.started(message)

    def on_load_notice(self, message: LoadNotice) -> None:
        self.loader.notice(message)

    def on_load_progress(self, message: LoadProgress) -> None:
        self.loader.progress(message)

    def on_load_finished(self, message: LoadFinished) -> None:
        self.loader.finished(message)

    # ------------------------------------------------------------- subscriptions

    def action_refresh_feeds(self) -> None:
        """``ctrl+r``: fetch the subscriptions in a worker; new articles join the corpus."""
        self.feeds.start()

    def on_feeds_progress(self, message: FeedsProgress) -> None:
        self.feeds.progress(message)

    def on_feeds_refreshed(self, message: FeedsRefreshed) -> None:
        self.feeds.finished(message)

    def action_full_text(self) -> None:
        """``F``: fetch the article's page for its full text (summary-only feeds)."""
        self.full_text.start()

    def on_full_text_done(self, message: FullTextDone) -> None:
        self.full_text.finished(message)

    def shows_current(self) -> bool:
        """Whether what is on screen was computed from the corpus and filter as they are."""
        return self._shown == self._showing()
