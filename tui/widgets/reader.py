"""The reading pane: one article, laid out for reading, with entity mentions clickable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

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


class FindInput(Input):
    """The find box under the article; esc drops the find and goes back to reading."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "drop", show=False)]

    def action_drop(self) -> None:
        reader = self.query_ancestor(ReaderPane)
        self.display = False
        reader.set_find("")
        reader.focus()


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
        Binding("ctrl+f", "find", "Find in article", show=False),
        Binding("N", "find_next(-1)", "Previous match", show=False),
        Binding("escape", "escape", "Back", show=False),
    ]

    DEFAULT_CSS = """
    ReaderPane {
        .reader--mention-cursor { text-style: reverse; }
        .reader--match { background: $warning 35%; }
        .reader--find { background: $accent 40%; }
        .reader--find-current { text-style: reverse bold; }
        #reader-find { dock: bottom; display: none; }
    }
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
        "reader--match",
        "reader--find",
        "reader--find-current",
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
        self._lines_of: dict[str, list[int]] = {}
        self._rendered: RenderableType = ""
        self.find_text = ""
        """What ``ctrl+f`` looks for in the article ("" : no find)."""
        self.find_hit: int | None = None
        """The current hit (``n`` / ``N`` move it), or None."""

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
        yield Static(id="also")  # "Also covered by" (tui.stories)
        yield FindInput(
            placeholder="find in this article (enter: keep, esc: drop)",
            id="reader-find",
            compact=True,
        )

    def show_also(self, text: Text) -> None:
        """The open article's other coverage under it (empty: hidden)."""
        also = self.query_one("#also", Static)
        also.display = bool(text.plain)
        also.update(Text("\n").append_text(text) if text.plain else text)

    @property
    def find_hits(self) -> int:
        """How many times :attr:`find_text` occurs in what the reader shows."""
        return self._marks.found

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.repaint())

    def repaint(self) -> None:
        """Render the shown article again (a new theme: its styles are baked in)."""
        if self._view is not None:
            self._signature = ()
            self.show(self._view, keep_scroll=True)

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
        signature = (
            row,
            article is None,
            view.placeholder,
            view.reference,
            relevant,
            view.matches,
            compact,
        )
        if not changed and signature == self._signature:
            return
        relayout = changed or self._signature[-1:] != (compact,)
        self._signature = signature
        self._view = view
        if changed:
            self.mention = None
            self.find_hit = None
        self._lines_of = {}
        self.row = row
        self.article = article
        body = self.query_one(ArticleBody)
        if article is None:
            self._marks = MentionMarks()
            style = self.get_component_rich_style("reader--meta")
            body.update(Text(view.placeholder, style=style))
        else:
            styles = ReaderStyles(self.get_component_rich_style)
            find = re.compile(re.escape(self.find_text), re.IGNORECASE) if self.find_text else None
            self._marks = MentionMarks(
                self.mention, matches=view.matches, find=find, find_cursor=self.find_hit
            )
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

    def _lines(self, kind: str = "mention") -> list[int]:
        """The line of each shown mention (``kind`` "mention") or find hit ("find"),
        from one render of the article at the pane's width, on demand."""
        found = self._lines_of.get(kind)
        if found is None:
            count = len(self._marks.keys) if kind == "mention" else self._marks.found
            found = self._lines_of[kind] = [-1] * count
            body = self.query_one(ArticleBody)
            width = body.content_region.width or self.size.width
            console = self.app.console
            rendered = console.render_lines(
                self._rendered, console.options.update_width(max(1, width)), pad=False
            )
            for y, line in enumerate(rendered):
                for segment in line:
                    meta = segment.style.meta if segment.style is not None else None
                    number = meta.get(kind) if meta else None
                    if number is not None and 0 <= number < count and found[number] < 0:
                        found[number] = y
        return found

    def _target(self, kind: str, current: int | None, delta: int) -> int | None:
        """The next (``delta`` 1) / previous (-1) mention or hit: from the first (last)
        one in sight when ``current`` is off screen or None."""
        lines = self._lines(kind)
        if not lines:
            return None
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        if current is None or not top <= lines[current] < top + height:
            in_sight = [n for n, y in enumerate(lines) if top <= y < top + height]
            if in_sight:
                return in_sight[0] if delta > 0 else in_sight[-1]
            after = [n for n, y in enumerate(lines) if y >= top]
            before = [n for n, y in enumerate(lines) if y < top]
            if delta > 0:
                return after[0] if after else None
            return before[-1] if before else None
        target = current + delta
        return target if 0 <= target < len(lines) else None

    def _redraw_and_show(self, kind: str, target: int) -> None:
        """Draw the article again (a cursor moved) and scroll ``target`` into view."""
        assert self._view is not None
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        self._signature = ()
        self.show(self._view, keep_scroll=True)
        y = self._lines(kind)[target]
        if not top <= y < top + height:
            self.scroll_to(y=max(0, y - height // 3), animate=False, immediate=True)

    def action_mention(self, delta: int) -> None:
        """``]`` / ``[``: the mention cursor to the next / previous name (from the
        first name in sight), scrolled into view."""
        target = self._target("mention", self.mention, delta) if self._view else None
        if target is None:
            self.app.bell()
            return
        self.mention = target
        self._redraw_and_show("mention", target)

    # -- find in the article (ctrl+f, then n / N) ------------------------------

    @property
    def find_input(self) -> Input:
        return self.query_one("#reader-find", Input)

    def action_find(self) -> None:
        """``ctrl+f``: the find box under the article (what was found before in it)."""
        if self.article is None:
            self.app.bell()
            return
        box = self.find_input
        box.value = self.find_text
        box.display = True
        self.screen.set_focus(box)  # at once: a word typed in one burst lands here

    def set_find(self, text: str) -> None:
        """Look for ``text`` (case-insensitive; "" ends the find), on the first hit
        from what is in sight."""
        self.find_text = text
        self.find_hit = None
        if self._view is None:
            return
        self._signature = ()
        self.show(self._view, keep_scroll=True)
        target = self._target("find", None, 1) if text else None
        if target is not None:
            self.find_hit = target
            self._redraw_and_show("find", target)

    def action_find_next(self, delta: int) -> None:
        """``n`` / ``N`` while finding: the next / previous hit."""
        if not self.find_text:
            return
        target = self._target("find", self.find_hit, delta)
        if target is None:
            self.app.bell()
            self.notify(f"No more “{self.find_text}” in this article", timeout=2, markup=False)
            return
        self.find_hit = target
        self._redraw_and_show("find", target)

    async def action_escape(self) -> None:
        """Esc: end the find first; else back to the list."""
        if self.find_text:
            self.set_find("")
            return
        await self.run_action("screen.back")

    @on(Input.Changed, "#reader-find")
    def _find_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.set_find(event.value)

    @on(Input.Submitted, "#reader-find")
    def _find_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.find_input.display = False
        self.focus()
        if self.find_text and not self.find_hits:
            self.notify(f"“{self.find_text}” is not in this article", timeout=2, markup=False)

    def action_pick_mention(self) -> None:
        """Enter on the mention cursor: that name as a filter (like a click)."""
        key = self.mention_key
        if key is None:
            self.app.bell()
            return
        self.post_message(self.EntityClicked(key))

    def action_step(self, delta: int) -> None:
        """``n`` / ``p``: the next / previous article (``n`` while finding: the next hit)."""
        if delta > 0 and self.find_text:
            self.action_find_next(1)
            return
        self.post_message(self.Step(delta))

    def action_read_on(self) -> None:
        """Space: page down; at the end of the article, on to the next one."""
        if self.article is not None and self.scroll_y >= self.max_scroll_y:
            self.post_message(self.Step(1))
        else:
            self.action_page_down()
