"""The reading pane: one article, laid out for reading, with entity mentions clickable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from parsers.corpus.index import author_key
from parsers.model import Article
from tui.present.article import MentionMarks, ReaderStyles, ReaderView, render_article

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
        Binding("right_square_bracket", "mention(1)", "Next name", show=False),
        Binding("left_square_bracket", "mention(-1)", "Previous name", show=False),
        Binding("enter", "pick_mention", "Filter by name", show=False),
    ]

    DEFAULT_CSS = """
    ReaderPane { .reader--mention-cursor { text-style: reverse; } }
    """

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
        "reader--mention-cursor",
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
        self.mention: int | None = None
        """The mention cursor (``]`` / ``[``): its number in reading order, or None."""
        self._marks = MentionMarks()
        self._mention_lines: list[int] | None = None
        self._rendered: RenderableType = ""

    @property
    def mention_key(self) -> str | None:
        """The entity under the mention cursor (what ``i`` and enter act on)."""
        if self.mention is None or self.mention >= len(self._marks.keys):
            return None
        return self._marks.keys[self.mention]

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
        if changed:
            self.mention = None
        self._mention_lines = None
        self.row = row
        self.article = article
        body = self.query_one(ArticleBody)
        if article is None:
            self._marks = MentionMarks()
            style = self.get_component_rich_style("reader--meta")
            body.update(Text(view.placeholder, style=style))
        else:
            styles = ReaderStyles(self.get_component_rich_style)
            self._marks = MentionMarks(self.mention)
            rendered = render_article(
                article, styles, view.reference, view.reference_label, active, compact, self._marks
            )
            self._rendered = rendered
            body.update(rendered, layout=relayout)
        if changed or not keep_scroll:
            self.scroll_home(animate=False, immediate=True)

    def on_resize(self) -> None:
        """A pane grown past (or shrunk below) :data:`COMPACT_BELOW` re-lays the header."""
        view = self._view
        if view is not None and self._signature[-1:] != (self.compact,):
            self.show(view, keep_scroll=True)

    # -- the mention cursor ----------------------------------------------------

    def _lines(self) -> list[int]:
        """The line of each shown mention (rendered once per layout, on demand)."""
        if self._mention_lines is None:
            body = self.query_one(ArticleBody)
            lines: list[int] = [0] * len(self._marks.keys)
            width = body.content_region.width or self.size.width
            console = self.app.console
            rendered = console.render_lines(
                self._rendered, console.options.update_width(max(1, width)), pad=False
            )
            for y, line in enumerate(rendered):
                for segment in line:
                    meta = segment.style.meta if segment.style is not None else None
                    if meta and "mention" in meta:
                        number = meta["mention"]
                        if 0 <= number < len(lines) and not lines[number]:
                            lines[number] = y
            self._mention_lines = lines
        return self._mention_lines

    def action_mention(self, delta: int) -> None:
        """``]`` / ``[``: the mention cursor to the next / previous name (from the
        first name in sight), scrolled into view."""
        if not self._marks.keys or self._view is None:
            self.app.bell()
            return
        lines = self._lines()
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        if self.mention is None or not top <= lines[self.mention] < top + height:
            in_sight = [n for n, y in enumerate(lines) if top <= y < top + height]
            if in_sight:
                target = in_sight[0] if delta > 0 else in_sight[-1]
            else:
                after = [n for n, y in enumerate(lines) if y >= top]
                target = after[0] if after else len(lines) - 1
        else:
            target = self.mention + delta
        if not 0 <= target < len(lines):
            self.app.bell()
            return
        self.mention = target
        self._signature = ()  # redraw with the cursor on the new name
        self.show(self._view, keep_scroll=True)
        y = self._lines()[target]
        if not top <= y < top + height:
            self.scroll_to(y=max(0, y - height // 3), animate=False, immediate=True)

    def action_pick_mention(self) -> None:
        """Enter on the mention cursor: that name as a filter (like a click)."""
        key = self.mention_key
        if key is None:
            self.app.bell()
            return
        self.post_message(self.EntityClicked(key))

    def action_step(self, delta: int) -> None:
        self.post_message(self.Step(delta))

    def action_read_on(self) -> None:
        """Space: page down; at the end of the article, on to the next one."""
        if self.article is not None and self.scroll_y >= self.max_scroll_y:
            self.post_message(self.Step(1))
        else:
            self.action_page_down()
