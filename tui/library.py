"""The reading state in the app: read marks, stars, mark-all with undo, saved views,
opening and copying an article, exporting the result.

The main screen owns one :class:`LibraryController`; the marks live in the app's
:class:`~parsers.state.StateStore` (keyed by article id, so they outlast the
session, re-parses and the cache). :class:`RowMarks` shows one flag as the set of
corpus rows the headline list and the reading controller expect.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from parsers.corpus.index import Corpus
from parsers.corpus.query import FilterState, QueryError, Term, parse_query
from parsers.export import write_file
from parsers.model import Article
from parsers.state import Change, Flag, StateStore, clean_view_name
from tui.present.library import LibraryCounts
from tui.screens.dialogs import ExportDialog, ExportRequest, LinksScreen, NameDialog

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

__all__ = ["LibraryActions", "LibraryController", "RowMarks"]

#: How often another instance's writes are looked for (seconds).
REFRESH_EVERY = 2.0
UNDO_LIMIT = 50


class RowMarks(AbstractSet[int]):
    """One flag of the store as a set of corpus rows (``row in marks``, ``marks.add``).

    Iterating lists the marked rows of the current corpus (ids of other corpora are
    skipped), so it compares like a set of rows.
    """

    def __init__(self, store: Callable[[], StateStore], corpus: Callable[[], Corpus], flag: Flag):
        self._store = store
        self._corpus = corpus
        self.flag: Flag = flag
        self.on_change: Callable[[], None] | None = None

    def id_of(self, row: int) -> str:
        return self._corpus().ids_of((row,))[0]

    def __contains__(self, row: object) -> bool:
        if not isinstance(row, int):
            return False
        try:
            return self._store().has(self.flag, self.id_of(row))
        except IndexError:
            return False

    def add(self, row: int) -> None:
        self._store().set_flag(self.flag, (self.id_of(row),))
        if self.on_change is not None:
            self.on_change()

    def __iter__(self) -> Iterator[int]:
        corpus = self._corpus()
        for article_id in self._store().snapshot(self.flag):
            row = corpus.index_of(article_id)
            if row is not None:
                yield row

    def __len__(self) -> int:
        return sum(1 for _ in self)


class LibraryController:
    """Marks, views, open/copy and export for the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.read = RowMarks(lambda: self.store, lambda: screen.corpus, "read")
        self.starred = RowMarks(lambda: self.store, lambda: screen.corpus, "starred")
        # each change with its rows and the corpus version they belong to
        self.undo_stack: list[tuple[Change, np.ndarray, int]] = []
        self.counts = LibraryCounts()
        self.last_export: Path | None = None

    @property
    def store(self) -> StateStore:
        return self.screen.news_app.state_store

    def start(self) -> None:
        """On mount: say why the state is in memory, if it is; watch for other instances."""
        if self.store.notice:
            self.screen.notify(self.store.notice, severity="warning", timeout=8, markup=False)
        self.screen.set_interval(REFRESH_EVERY, self.pick_up_other_instances)

    def pick_up_other_instances(self) -> None:
        if self.store.refresh():
            self.changed()

    def changed(self) -> None:
        """Marks or views moved: repaint rows, counts and the Library section."""
        screen = self.screen
        screen.headlines.refresh()
        screen.show_status()
        screen.update_sidebar()

    # ------------------------------------------------------- the Library section

    def pick(self, key: str, negate: bool) -> None:
        """A Library entry: ``is:unread`` / ``is:starred`` toggle as filter terms (like
        an entity: again removes it); a saved view opens."""
        screen = self.screen
        if key.startswith("view:"):
            if not negate:
                self.open_view(key.removeprefix("view:"))
            return
        value = key.removeprefix("is:")
        same = [t for t in screen.state.terms if t.field == "is" and t.value == value]
        terms = tuple(t for t in screen.state.terms if t not in same)
        kept = FilterState(terms, screen.state.or_kinds)
        if not any(t.negate == negate for t in same):
            kept = kept.with_term(Term("is", value, negate))
        screen.set_state(kept)
        screen.facets.move_to_key(key)

    def focus_section(self) -> None:
        """``L``: into the sidebar's Library section (Unread, Starred, saved views)."""
        screen = self.screen
        if not screen.panes.sidebar_visible:
            screen.panes.sidebar_forced = True
            screen.panes.fit()
        screen.facets.focus()
        screen.facets.cursor = max(0, screen.facets.row_count - 1)  # the whole section in sight
        screen.facets.move_to_key("is:unread")

    # ------------------------------------------------------------------ marks

    def target_row(self) -> int | None:
        """The article a key acts on: the open one when the reader has focus, else
        the highlighted headline."""
        screen = self.screen
        if screen.reader.has_focus_within and screen.reader.row is not None:
            return screen.reader.row
        row = screen.headlines.current_row
        return row if row is not None else screen.reader.row

    def no_article(self) -> None:
        """Say why a key that acts on an article did nothing."""
        result = self.screen.result
        if result is not None and not result.total and self.screen.state.terms:
            self.screen.notify("No article in this result (c clears the filters)", timeout=3)
        else:
            self.screen.notify("No article here", timeout=2)

    def toggle(self, flag: Flag) -> None:
        row = self.target_row()
        if row is None:
            self.no_article()
            return
        article_id = self.read.id_of(row)
        value = not self.store.has(flag, article_id)
        self._remember(self.store.set_flag(flag, (article_id,), value), np.array([row], np.int64))
        self.changed()
        if flag == "starred":
            self.screen.notify("Starred" if value else "Star removed", timeout=1.5)

    def _remember(self, change: Change, rows: np.ndarray) -> None:
        if change.ids:
            self.undo_stack.append((change, rows, self.screen.corpus.version[0]))
            del self.undo_stack[:-UNDO_LIMIT]

    def _set_rows(self, flag: Flag, rows: np.ndarray, value: bool) -> tuple[Change, np.ndarray]:
        """Set ``flag`` on ``rows`` whose mark differs, telling the corpus which rows
        moved, so the ``is:`` masks need not map 100,000 ids back to rows."""
        corpus = self.screen.corpus
        marked = corpus.marks_mask("read" if flag == "read" else "starred")
        rows = rows[marked[rows] != value]
        before = self.store.version
        change = self.store.set_flag(flag, corpus.ids_of(rows), value)
        corpus.note_marks(flag, rows, value, (before, self.store.version))
        return change, rows

    def mark_all_read(self) -> None:
        """``R``: every article of the current result read (``U`` undoes it)."""
        screen = self.screen
        result = screen.result
        if result is None or not result.total:
            screen.notify("No articles here", timeout=2)
            return
        change, rows = self._set_rows("read", result.rows.array, True)
        if not change.ids:
            screen.notify("All of these are read already", timeout=2)
            return
        self._remember(change, rows)
        self.changed()
        n = len(change.ids)
        screen.notify(f"Marked {n:,} article{'s' if n != 1 else ''} read · U undoes", timeout=4)

    def undo(self) -> None:
        """``U``: take back the last read/star change."""
        if not self.undo_stack:
            self.screen.notify("No read or star change to undo", timeout=2)
            return
        change, rows, rows_version = self.undo_stack.pop()
        if rows_version == self.screen.corpus.version[0] and len(rows) == len(change.ids):
            self._set_rows(change.flag, rows, not change.value)
        else:  # the corpus changed under the rows: go by the ids
            self.store.undo(change)
        self.changed()
        n = len(change.ids)
        what = ("read" if change.flag == "read" else "starred") if change.value else "unmarked"
        self.screen.notify(f"Undone: {n:,} marked {what}", timeout=2)

    # ------------------------------------------------------------------ views

    def _check_name(self, current: str | None) -> Callable[[str], tuple[str, str]]:
        def check(name: str) -> tuple[str, str]:
            try:
                name = clean_view_name(name)
            except ValueError as exc:
                return str(exc), ""
            other = self.store.view(name)
            if other is not None and (current is None or other.name.casefold() != current):
                if current is not None:
                    return f"there is already a view named {other.name}", ""
                return "", f"replaces the view {other.name}"
            return "", ""

        return check

    def save_view(self) -> None:
        """``ctrl+s``: the current filter (query + sort) under a name."""
        screen = self.screen
        query = screen.state.to_query()
        if not query:
            screen.notify("Set a filter first: a view saves the current filter", timeout=3)
            return
        current = self.current_view()

        def done(name: str | None) -> None:
            if name is None:
                return
            view = self.store.save_view(name, query, screen.sort)
            self.changed()
            screen.notify(f"Saved view “{view.name}”", timeout=2, markup=False)

        dialog = NameDialog(
            f"Save view: {query} ({screen.sort})", current or "", self._check_name(None)
        )
        screen.app.push_screen(dialog, done)

    def current_view(self) -> str | None:
        """The saved view whose filter and sort are on screen now, if any."""
        query = self.screen.state.to_query()
        for view in self.store.views():
            if view.query == query and view.sort == self.screen.sort:
                return view.name
        return None

    def open_view(self, name: str) -> bool:
        screen = self.screen
        view = self.store.view(name)
        if view is None:
            screen.notify(f"No view named “{name}”", severity="warning", markup=False)
            return False
        try:
            state = parse_query(view.query)
        except QueryError as exc:
            screen.notify(f"View “{view.name}”: {exc}", severity="error", markup=False)
            return False
        screen.sort = view.sort
        screen.set_state(state)
        return True

    def rename_view(self, name: str) -> None:
        screen = self.screen
        view = self.store.view(name)
        if view is None:
            return

        def done(new: str | None) -> None:
            if new is None:
                return
            try:
                renamed = self.store.rename_view(view.name, new)
            except (KeyError, ValueError) as exc:
                screen.notify(str(exc), severity="error", markup=False)
                return
            self.changed()
            screen.notify(f"Renamed to “{renamed.name}”", timeout=2, markup=False)

        check = self._check_name(view.name.casefold())
        screen.app.push_screen(NameDialog(f"Rename view “{view.name}”", view.name, check), done)

    def delete_view(self, name: str) -> None:
        view = self.store.delete_view(name)
        if view is not None:
            self.changed()
            self.screen.notify(
                f"Deleted view “{view.name}” ({view.query})", timeout=4, markup=False
            )

    # ------------------------------------------------------------- the article

    def _article(self) -> Article | None:
        row = self.target_row()
        if row is None:
            self.no_article()
            return None
        return self.screen.corpus.article(row)

    def open_url(self) -> None:
        """``o``: the article's URL in the browser (webbrowser / $BROWSER)."""
        article = self._article()
        if article is None:
            return
        if not article.url:
            self.screen.notify("This article has no URL", severity="warning", timeout=3)
            return
        url = article.url
        self.screen.run_worker(
            lambda: self._browse(url), thread=True, group="browser", exit_on_error=False
        )

    def _browse(self, url: str) -> None:
        """In a worker thread: a console browser may block until it quits."""
        try:
            ok = webbrowser.open(url)
        except Exception:
            ok = False
        app = self.screen.app
        if ok:
            app.call_from_thread(app.notify, f"Opened {url}", timeout=2, markup=False)
        else:
            app.call_from_thread(app.copy_to_clipboard, url)
            app.call_from_thread(
                app.notify,
                "No web browser found (set $BROWSER); the URL is on the clipboard",
                severity="warning",
                timeout=4,
            )

    def _links(self, article: Article) -> list[tuple[str, str]]:
        """``(url, text)`` of the article's own URL first, then its links and enclosures."""
        out: list[tuple[str, str]] = []
        if article.url:
            out.append((article.url, "the article"))
        for link in getattr(article, "links", ()):
            if link.url and all(link.url != u for u, _ in out):
                out.append((link.url, link.text))
        return out

    def links(self) -> None:
        """``l``: the numbered links of the article; a digit or enter opens one."""
        article = self._article()
        if article is None:
            return
        links = self._links(article)
        if not links:
            self.screen.notify("This article has no links", timeout=2)
            return

        def chosen(url: str | None) -> None:
            if url:
                self.screen.run_worker(
                    lambda: self._browse(url), thread=True, group="browser", exit_on_error=False
                )

        self.screen.app.push_screen(LinksScreen(article.title, links), chosen)

    def open_link(self, n: int) -> None:
        """``1``..``9``: open link ``n`` of the article (as numbered by ``l``)."""
        article = self._article()
        if article is None:
            return
        links = self._links(article)
        if not 1 <= n <= len(links):
            self.screen.notify(f"This article has no link {n}", timeout=2)
            return
        url = links[n - 1][0]
        self.screen.run_worker(
            lambda: self._browse(url), thread=True, group="browser", exit_on_error=False
        )

    def copy_text(self) -> None:
        """``y``: the article's text (title, dek, body) to the clipboard (OSC 52)."""
        article = self._article()
        if article is None:
            return
        parts = [article.title, article.dek, *(b.text for b in article.blocks)]
        if article.url:
            parts.append(article.url)
        text = "\n\n".join(p for p in parts if p)
        self.screen.app.copy_to_clipboard(text)
        self.screen.notify(f"Copied the article ({len(text):,} characters)", timeout=2)

    def copy_url(self) -> None:
        """``Y``: the article's URL to the clipboard."""
        article = self._article()
        if article is None:
            return
        if not article.url:
            self.screen.notify("This article has no URL", severity="warning", timeout=3)
            return
        self.screen.app.copy_to_clipboard(article.url)
        self.screen.notify(f"Copied {article.url}", timeout=2, markup=False)

    # ------------------------------------------------------------------ export

    def export(self) -> None:
        """``E``: the current result to a file (a dialog asks format and path)."""
        screen = self.screen
        result = screen.result
        if result is None or not result.total:
            screen.notify("Nothing to export: the result is empty", timeout=2)
            return
        rows = list(result.rows)

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                title = screen.state.to_query()
                screen.run_worker(
                    lambda: self._write(request, rows, title),
                    thread=True,
                    group="export",
                    exit_on_error=False,
                )

        screen.app.push_screen(ExportDialog(len(rows)), done)

    def _write(self, request: ExportRequest, rows: list[int], title: str) -> None:
        """In a worker thread: bodies may come from the cache, 100k of them."""
        corpus = self.screen.corpus
        app = self.screen.app
        try:
            n = write_file(
                request.fmt,
                (corpus.article(r) for r in rows),
                request.path,
                f"newsdesk: {title}" if title else "",
            )
        except OSError as exc:
            app.call_from_thread(
                app.notify,
                f"Export failed: {request.path}: {exc.strerror or exc}",
                severity="error",
                markup=False,
            )
            return
        noun = "article" if n == 1 else "articles"
        app.call_from_thread(
            app.notify, f"Exported {n:,} {noun} to {request.path}", timeout=4, markup=False
        )
        self.last_export = request.path


class LibraryActions:
    """The main screen's actions for the reading state (keys in its ``BINDINGS``): each
    hands over to the screen's :class:`LibraryController`."""

    library: LibraryController

    def action_toggle_mark(self, flag: str) -> None:
        self.library.toggle("starred" if flag == "starred" else "read")

    def action_mark_all_read(self) -> None:
        self.library.mark_all_read()

    def action_undo_mark(self) -> None:
        self.library.undo()

    def action_save_view(self) -> None:
        self.library.save_view()

    def action_open_url(self) -> None:
        self.library.open_url()

    def action_copy_text(self) -> None:
        self.library.copy_text()

    def action_copy_url(self) -> None:
        self.library.copy_url()

    def action_export(self) -> None:
        self.library.export()

    def action_links(self) -> None:
        self.library.links()

    def action_open_link(self, n: int) -> None:
        self.library.open_link(n)

    def action_library(self) -> None:
        """``L``: into the sidebar's Library section (Unread, Starred, saved views)."""
        self.library.focus_section()
