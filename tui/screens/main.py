"""The main screen: owns the one FilterState (with its undo history) and answers messages.

Data flows one way: the screen asks ``Corpus.query(state, sort)`` and hands the
result down to the headline list, the sidebar, the status line and the query
bar. Children never talk to each other; they post messages up to here.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from parsers.corpus.index import SORTS, Corpus, QueryResult
from parsers.corpus.query import FilterState, QueryError, parse_query
from tui.load import LoadController
from tui.messages import LoadFinished, LoadNotice, LoadProgress, LoadStarted
from tui.screens.entity_list import EntityChoice, EntityListScreen, EntityRow
from tui.screens.help import HelpScreen
from tui.widgets.headlines import HeadlineList
from tui.widgets.keyhints import KeyHints
from tui.widgets.loadbar import LoadBar
from tui.widgets.querybar import QueryBar
from tui.widgets.reader import ReaderPane
from tui.widgets.sidebar import SECTIONS, EntitySidebar, FacetList, Labels, Section
from tui.widgets.statusline import StatusLine, term_label

if TYPE_CHECKING:
    from tui.app import NewsApp

__all__ = ["MainScreen"]

#: Below this width the sidebar hides itself (``b`` shows it again).
NARROW = 100
HISTORY_LIMIT = 200


class MainScreen(Screen[None]):
    """Headlines, reader, entity sidebar, query bar and status line."""

    AUTO_FOCUS = "#headlines"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "query", "Search"),
        Binding("f", "find", "Find"),
        Binding("e", "entities", "Entities"),
        Binding("c", "clear", "Clear"),
        Binding("u", "undo", "Undo"),
        Binding("s", "sort", "Sort", show=False),
        Binding("b", "toggle_sidebar", "Sidebar", show=False),
        Binding("tab", "cycle(1)", "Next pane", show=False),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    state: reactive[FilterState] = reactive(FilterState, init=False, repaint=False)
    """The filter: query bar and sidebar are two views of this one value."""
    sort: reactive[str] = reactive("newest", init=False, repaint=False)
    sidebar_visible: reactive[bool] = reactive(True, init=False, repaint=False)

    def __init__(self, initial: FilterState | None = None, initial_error: str = "") -> None:
        super().__init__()
        self.history: list[FilterState] = []
        self.result: QueryResult | None = None
        self.read: set[int] = set()
        self.narrow_text = ""
        self.expanded: set[str] = set()
        self._initial = initial or FilterState()
        self._initial_error = initial_error
        self.loader = LoadController(self)
        self._preview_timer: Timer | None = None
        self._sidebar_forced: bool | None = None
        self._name_cache: dict[tuple[str, str], str] = {}
        self._list_hidden_with_focus = False
        self._key_names: dict[str, str] = {}
        self._shown: tuple[object, ...] = ()
        self._warned_unresolved: tuple[object, ...] = ()

    # ----------------------------------------------------------------- layout

    @property
    def news_app(self) -> NewsApp:
        return self.app  # type: ignore[return-value]

    @property
    def corpus(self) -> Corpus:
        return self.news_app.corpus

    def compose(self) -> ComposeResult:
        yield QueryBar(id="querybar")
        with Horizontal(id="body"):
            yield EntitySidebar(id="sidebar")
            with Vertical(id="main"):
                yield HeadlineList(id="headlines")
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
        self.load_bar.display = False
        self.headlines.focus()
        self.loader.start()
        self.refresh_result()
        if self._initial_error:
            self.querybar.edit_with_error(self._initial_error)
        self._apply_width(self.app.size.width)

    def on_resize(self) -> None:
        self._apply_width(self.app.size.width)

    def _apply_width(self, width: int) -> None:
        visible = width >= NARROW if self._sidebar_forced is None else self._sidebar_forced
        self.sidebar_visible = visible
        self.sidebar.display = visible

    def watch_sidebar_visible(self, visible: bool) -> None:
        self.sidebar.display = visible
        self.show_status()
        if not visible and self.sidebar.has_focus_within:
            self.headlines.focus()

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

    def name_of(self, kind: str, value: str) -> str:
        """Display name of an entity term value (a key or typed text)."""
        cache_key = (kind, value)
        name = self._name_cache.get(cache_key)
        if name is None:
            keys = self.corpus.resolve(kind, value) if kind != "source" else set()
            name = self.key_name(next(iter(keys))) if len(keys) == 1 else value
            self._name_cache[cache_key] = name
        return name

    def key_name(self, key: str) -> str:
        """Display name of an entity key (countries with their ISO code)."""
        name = self._key_names.get(key)
        if name is not None:
            return name
        try:
            kind, name, iso2 = self.corpus.entity_name(key)
        except KeyError:
            return key.split(":", 1)[-1]
        name = self._key_names[key] = _display_name(kind, name, iso2)
        return name

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
        self._name_cache.clear()
        self._shown = self._showing()
        result = corpus.query(self.state, sort=self.sort)
        self.result = result
        keep = self.headlines.current_row
        if keep is None and self.reader.row is not None:
            keep = self.reader.row
        self.headlines.set_rows(corpus, result.rows, keep=keep)
        self._update_sidebar()
        self.show_status()
        self.querybar.show_state(self.state)
        self._update_empty()
        if not self.loader.running:
            # once per new unknown name: not again on every sort change or reload (the
            # empty-result message says it too, for as long as it matters)
            unresolved = tuple(result.unresolved)
            fresh = [t for t in unresolved if t not in self._warned_unresolved]
            self._warned_unresolved = unresolved
            if fresh:
                names = ", ".join(t.to_query() for t in fresh)
                self.notify(f"No entity matches {names}", severity="warning", timeout=4)
        if not len(result.rows):
            self._show_reader(None)
        elif self.reader.row is not None and self.reader.row == self.headlines.current_row:
            # restyling the open article's mentions can wait for the frame after the
            # one that shows the new list and counts
            self.call_after_refresh(self._restyle_reader, self.reader.row)

    def show_status(self) -> None:
        """Redraw the status line (count, filter chips, sort, loading)."""
        result = self.result
        if result is None:
            return
        self.query_one(StatusLine).show(
            result.total,
            len(self.corpus),
            self.state,
            self.sort,
            self.name_of,
            self.loader.line,
            sidebar_hint=not self.sidebar_visible,
        )

    def _update_sidebar(self) -> None:
        result = self.result
        if result is None:
            return
        narrow = self.narrow_text
        allowed: set[str] | None = None
        ranked: list[str] = []
        if narrow:
            ranked = [info.key for info in self.corpus.find_entities(narrow, limit=200)]
            allowed = set(ranked)
        sections: list[Section] = []
        active = dict(result.active)
        facets = dict(result.facets)
        for kind in self.state.or_kinds:
            # OR sections count as if that kind were unfiltered (disjunctive facets), so
            # the entries one could still add stay listed
            terms = tuple(t for t in self.state.terms if t.field != kind or t.negate)
            if len(terms) != len(self.state.terms):
                base = FilterState(terms, self.state.or_kinds)
                facets[kind] = self.corpus.query(base, sort=self.sort).facets.get(kind, [])
        for kind, title in SECTIONS:
            entries = facets.get(kind, [])
            mine = [key for key in active if key.startswith(kind + ":")]
            if mine:
                # active filters stay listed (at the top, even at count 0) so they can be undone
                present = {key for key, _ in entries}
                missing = [(key, 0) for key in mine if key not in present]
                if missing:
                    entries = missing + list(entries)
            if allowed is not None:
                entries = [(key, count) for key, count in entries if key in allowed]
            sections.append(
                Section(
                    kind,
                    title,
                    entries,
                    expanded=kind in self.expanded or bool(narrow),
                    or_mode=kind in self.state.or_kinds,
                    empty_text="no match" if narrow else "none in this result",
                )
            )
        # enter in the find box jumps to the best match, not the first section's first row
        self.facets.preferred = ranked
        self.facets.set_sections(sections, Labels(self.key_name, active))

    def _update_empty(self) -> None:
        """Swap the list for a message saying why it is empty (and back)."""
        empty = self.query_one("#empty", Static)
        has_rows = self.result is not None and len(self.result.rows) > 0
        if self.loader.running and not has_rows and not len(self.corpus):
            return  # nothing yet: the status line says we are loading
        if has_rows:
            was_hidden = not self.headlines.display
            self.headlines.display = True
            empty.display = False
            if self._list_hidden_with_focus or was_hidden:
                self._list_hidden_with_focus = False
                # the reader had the focus only because the list was gone (it showed
                # nothing to read): hand it back, or j/k would scroll an empty pane
                if self.focused is None or self.focused is self.reader:
                    self.headlines.focus()
            return
        if self.headlines.has_focus or self.focused is None:
            self._list_hidden_with_focus = True
            self.reader.focus()
        self.headlines.display = False
        empty.display = True
        empty.update(self.empty_message())

    def empty_message(self) -> Text:
        """Why the list is empty, and how to get out of it."""
        text = Text()
        if self.loader.running and not len(self.corpus):
            text.append("Loading articles…", style="bold")
            return text
        if not len(self.corpus):
            text.append("No articles loaded.\n", style="bold")
            errors = self.news_app.load_errors
            if errors:
                text.append(f"{len(errors)} file(s) could not be read:\n")
                for line in errors[:5]:
                    text.append(f"  {line}\n", style="dim")
            else:
                text.append("The input had no articles newsdesk could recognise.\n")
            text.append("Quit with q and pass dump files or directories: newsdesk PATH...")
            return text
        text.append("No articles match all of these filters:\n", style="bold")
        for term in self.state.terms:
            label = term_label(term, self.name_of)
            without = self.corpus.count(self.state.without(term))
            sign = "exclude" if term.negate else "include"
            text.append(f"  {sign} {label}", style="bold")
            text.append(f"  — without it: {without:,} article{'s' if without != 1 else ''}\n")
        if self.result is not None and self.result.unresolved:
            names = ", ".join(t.to_query() for t in self.result.unresolved)
            text.append(f"Nothing in the corpus is called {names}.\n")
        text.append("Press ")
        text.append("c", style="bold reverse")
        text.append(" to clear all filters or ")
        text.append("u", style="bold reverse")
        text.append(" to undo the last change.")
        return text

    # ------------------------------------------------------------- the reader

    def reference(self) -> tuple[datetime | None, str]:
        """Clock for relative dates: the app's frozen ``now`` or the newest article."""
        now = self.news_app.now
        if now is not None:
            return now, "ago"
        return self.corpus.newest, "the newest article"

    def _restyle_reader(self, row: int) -> None:
        if self.reader.row == row:
            self._show_reader(row, keep_scroll=True)

    def _show_reader(self, row: int | None, keep_scroll: bool = False) -> None:
        reference, label = self.reference()
        if row is None:
            placeholder = "" if not len(self.corpus) else "No article selected."
            self.reader.show(None, None, reference, label, {}, placeholder)
            return
        try:
            article = self.corpus.article(row)
        except (LookupError, OSError) as error:
            self.reader.show(None, row, reference, label, {}, f"Cannot load this article: {error}")
            return
        active = dict(self.result.active) if self.result else {}
        self.reader.show(article, row, reference, label, active, keep_scroll=keep_scroll)

    def open_row(self, row: int, focus_reader: bool = True) -> None:
        """Open an article: show it, mark it read."""
        self._cancel_preview()
        self._show_reader(row)
        self.read.add(row)
        self.headlines.mark_read(row)
        if focus_reader:
            self.reader.focus()

    def _cancel_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    @on(HeadlineList.Highlighted)
    def _preview(self, event: HeadlineList.Highlighted) -> None:
        """Show the highlighted article without marking it read (debounced)."""
        self._cancel_preview()
        row = event.row
        if row is None or row == self.reader.row:
            return
        delay = self.news_app.preview_delay
        if delay <= 0 or self.reader.row is None:
            self._show_reader(row)
        else:
            self._preview_timer = self.set_timer(delay, lambda: self._show_reader(row))

    @on(HeadlineList.Selected)
    def _open(self, event: HeadlineList.Selected) -> None:
        self.open_row(event.row)

    @on(ReaderPane.Step)
    def _step(self, event: ReaderPane.Step) -> None:
        self.action_step(event.delta)

    def action_step(self, delta: int) -> None:
        """Open the next (+1) or previous (-1) article of the list, focus unchanged."""
        headlines = self.headlines
        if not headlines.row_count:
            return
        target = headlines.cursor + delta
        if not 0 <= target < headlines.row_count:
            self.notify("No more articles" if delta > 0 else "This is the first article", timeout=2)
            return
        headlines.cursor = target
        row = headlines.current_row
        if row is not None:
            self.open_row(row, focus_reader=False)

    def action_read_on(self, delta: int = 1) -> None:
        """Space in the list: open the highlighted article, then page through it."""
        row = self.headlines.current_row
        if row is None:
            return
        reader = self.reader
        if reader.row != row or row not in self.read:
            self.open_row(row, focus_reader=False)
        elif delta < 0:
            reader.action_page_up()
        elif reader.scroll_y >= reader.max_scroll_y:
            self.action_step(1)  # read to the end: on to the next article, as in a mail reader
        else:
            reader.action_page_down()

    # ------------------------------------------------------------ filter edits

    def term_value(self, kind: str, key: str) -> str:
        """What to write in the query for ``key``: its name when that names only it."""
        try:
            name = self.corpus.entity(key).name
        except KeyError:
            return key
        if kind == "country" or not name or '"' in name:
            return key  # country:RU reads better than country:Russia
        return name if self.corpus.resolve(kind, name) == {key} else key

    def toggle_entity(self, kind: str, key: str, negate: bool = False) -> None:
        """Sidebar/reader/palette toggle: the same entity again removes its filter."""
        state = self.state
        matching = [
            t for t in state.entity_terms(kind) if key in self.corpus.resolve(t.field, t.value)
        ]
        value = self.term_value(kind, key)
        if matching:
            for term in matching:
                state = state.without(term)
            if not any(t.negate == negate for t in matching):
                state = state.toggle_entity(kind, value, negate)
        else:
            state = state.toggle_entity(kind, value, negate)
        self.set_state(state)

    @on(EntitySidebar.Toggle)
    def _sidebar_toggle(self, event: EntitySidebar.Toggle) -> None:
        if self.narrow_text:
            # found and picked: the find box has done its job, show the whole sidebar again
            self.narrow_text = ""
            self.sidebar.clear_find()
        self.toggle_entity(event.kind, event.key, event.negate)
        self.facets.move_to_key(event.key)

    @on(EntitySidebar.ToggleOr)
    def _sidebar_or(self, event: EntitySidebar.ToggleOr) -> None:
        self.set_state(self.state.toggle_or(event.kind))

    @on(EntitySidebar.Expanded)
    def _sidebar_expanded(self, event: EntitySidebar.Expanded) -> None:
        if event.expanded:
            self.expanded.add(event.kind)
        else:
            self.expanded.discard(event.kind)

    @on(EntitySidebar.Narrow)
    def _sidebar_narrow(self, event: EntitySidebar.Narrow) -> None:
        self.narrow_text = event.text
        self._update_sidebar()

    @on(ReaderPane.EntityClicked)
    def _reader_click(self, event: ReaderPane.EntityClicked) -> None:
        kind = event.key.split(":", 1)[0]
        self.toggle_entity(kind, event.key)

    @on(QueryBar.Submitted)
    def _query_submitted(self, event: QueryBar.Submitted) -> None:
        self.set_state(event.state)
        self.headlines.focus() if self.headlines.display else self.reader.focus()

    @on(QueryBar.EditRequested)
    def _query_clicked(self) -> None:
        self.action_query()

    @on(QueryBar.Leave)
    def _query_leave(self) -> None:
        self.querybar.stop_edit()
        self.headlines.focus() if self.headlines.display else self.reader.focus()

    # ----------------------------------------------------------------- actions

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_query(self) -> None:
        self.querybar.start_edit()

    def action_find(self) -> None:
        if not self.sidebar_visible:
            self._sidebar_forced = True
            self._apply_width(self.app.size.width)
        self.sidebar.query_one("#entity-find").focus()

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
        self._sidebar_forced = not self.sidebar_visible
        self._apply_width(self.app.size.width)

    def action_back(self) -> None:
        if self.reader.has_focus_within or self.sidebar.has_focus_within:
            self.headlines.focus()

    def action_cycle(self, delta: int) -> None:
        panes: list[Widget] = [w for w in (self.headlines, self.reader) if w.display]
        if self.sidebar_visible:
            panes.append(self.facets)
        if not panes:
            return
        focused = self.focused
        index = next(
            (
                i
                for i, p in enumerate(panes)
                if focused is not None and (focused is p or p in focused.ancestors)
            ),
            -1,
        )
        if index < 0 and focused is not None and self.sidebar in focused.ancestors:
            index = len(panes) - 1
        panes[(index + delta) % len(panes)].focus()

    def action_entities(self) -> None:
        row = self.reader.row
        if row is None:
            row = self.headlines.current_row
        if row is None:
            self.notify("Open an article first", timeout=2)
            return
        article = self.corpus.article(row)
        active = self.result.active if self.result else {}
        rows: list[EntityRow] = []
        if article.entities is not None:
            for entity in article.entities.all():
                name = entity.name
                if entity.kind == "country" and entity.iso2:
                    name = f"{name} ({entity.iso2})"
                rows.append(
                    EntityRow(
                        entity.kind, entity.key, name, len(entity.mentions), active.get(entity.key)
                    )
                )
        from parsers.corpus.index import author_key

        for name in (*article.byline, *article.contributors):
            key = author_key(name)
            rows.append(EntityRow("author", key, name, 0, active.get(key)))

        def chosen(choice: EntityChoice | None) -> None:
            if choice is not None:
                self.toggle_entity(choice.kind, choice.key, choice.negate)

        self.app.push_screen(EntityListScreen(article.title, rows), chosen)

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

    def adopt_corpus(self, corpus: Corpus) -> None:
        """The loader made the corpus it fills: show it from now on."""
        shown_empty = not len(self.corpus) and (self.result is None or not self.result.total)
        self.news_app.corpus = corpus
        if len(corpus) or not shown_empty:
            self.refresh_result()  # (an empty corpus for an empty one would repaint the same)

    def load_done(self) -> None:
        """Loading ended: re-query unless what is on screen is already up to date."""
        if self._shown != self._showing():
            self._key_names.clear()  # cross-file resolution may have renamed entities
            self.refresh_result()
        else:  # e.g. a warm open: everything came in one go and is on screen already
            self.show_status()


def _display_name(kind: str, name: str, iso2: str | None) -> str:
    """Sidebar name: countries carry their ISO code."""
    if kind == "country" and iso2:
        return f"{name} ({iso2})"
    return name


def parse_initial(query: str | None) -> tuple[FilterState, str]:
    """The ``--filter`` text as a state, or (empty state, text) when it does not parse."""
    if not query:
        return FilterState(), ""
    try:
        return parse_query(query), ""
    except QueryError:
        return FilterState(), query
