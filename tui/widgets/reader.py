"""The reading pane: one article, laid out for reading, with entity mentions clickable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from parsers.corpus.index import author_key
from parsers.model import Article
from tui.present.article import ReaderStyles, ReaderView, render_article

__all__ = ["COMPACT_BELOW", "ArticleBody", "ReaderPane"]

#: A reading pane shorter than this many rows gets the compact header (80x24).
COMPACT_BELOW = 16


class ArticleBody(Static):
    """The rendered article; turns clicks on mentions into a message."""

    @property
    def link_style(self) -> Style:
        """Mentions keep their own per-kind colours (no generic link colour)."""
        return Style()

    def action_toggle_entity(self, key: str) -> None:
        self.post_message(ReaderPane.EntityClicked(key))


class ReaderPane(VerticalScroll, can_focus=True):
    """Scrollable reading pane for the open article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "read_on", "Page", show=False),
        Binding("shift+space", "page_up", "Page up", show=False),
        Binding("j,down", "scroll_down", show=False),
        Binding("k,up", "scroll_up", show=False),
        Binding("g,home", "scroll_home", show=False),
        Binding("G,end", "scroll_end", show=False),
        Binding("n", "step(1)", "Next", show=False),
        Binding("p", "step(-1)", "Previous", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--kicker",
        "reader--title",
        "reader--dek",
        "reader--meta",
        "reader--url",
        "reader--rule",
        "reader--subhead",
        "reader--time",
        "reader--paragraph",
        "reader--caption",
        "reader--caption-bar",
        "reader--credit",
        "reader--person",
        "reader--country",
        "reader--org",
        "reader--place",
        "reader--author",
        "reader--included",
        "reader--excluded",
    }

    @dataclass
    class EntityClicked(Message):
        """A mention (or a byline name) was clicked: toggle it as a filter."""

        key: str

    @dataclass
    class Step(Message):
        """Open the next (+1) or previous (-1) article of the list."""

        delta: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.row: int | None = None
        self.article: Article | None = None
        self._signature: tuple[object, ...] = ()
        self._view: ReaderView | None = None

    @property
    def compact(self) -> bool:
        """Whether the header is laid out compact (the pane is short)."""
        return 0 < self.size.height < COMPACT_BELOW

    def compose(self) -> ComposeResult:
        yield ArticleBody(id="article-body")

    def show(self, view: ReaderView, keep_scroll: bool = False) -> None:
        """Display ``view``: its article, or its placeholder when there is none.

        Re-renders only when something visible changed; a change of filter that only
        restyles mentions keeps the layout (and the scroll position).
        """
        row, article, active = view.row, view.article, view.active
        changed = row != self.row or article is not self.article
        relevant: frozenset[tuple[str, bool]] = frozenset()
        if article is not None and active:
            keys = {e.key for e in article.entities.all()} if article.entities else set()
            keys.update(author_key(n) for n in (*article.byline, *article.contributors))
            relevant = frozenset((k, v) for k, v in active.items() if k in keys)
        compact = self.compact
        signature = (row, article is None, view.placeholder, view.reference, relevant, compact)
        if not changed and signature == self._signature:
            return
        relayout = changed or self._signature[-1:] != (compact,)
        self._signature = signature
        self._view = view
        self.row = row
        self.article = article
        body = self.query_one(ArticleBody)
        if article is None:
            style = self.get_component_rich_style("reader--meta")
            body.update(Text(view.placeholder, style=style))
        else:
            styles = ReaderStyles(self.get_component_rich_style)
            rendered = render_article(
                article, styles, view.reference, view.reference_label, active, compact
            )
            body.update(rendered, layout=relayout)
        if changed or not keep_scroll:
            self.scroll_home(animate=False, immediate=True)

    def on_resize(self) -> None:
        """A pane grown past (or shrunk below) :data:`COMPACT_BELOW` re-lays the header."""
        view = self._view
        if view is not None and self._signature[-1:] != (self.compact,):
            self.show(view, keep_scroll=True)

    def action_step(self, delta: int) -> None:
        self.post_message(self.Step(delta))

    def action_read_on(self) -> None:
        """Space: page down; at the end of the article, on to the next one."""
        if self.article is not None and self.scroll_y >= self.max_scroll_y:
            self.post_message(self.Step(1))
        else:
            self.action_page_down()
