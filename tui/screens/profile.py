"""The entity profile: facts, "Mentions over time", "Appears with" and "Articles".

Opened with ``i`` (sidebar entry, the ``e`` list). ``enter`` on an "Appears
with" row filters by it together with the profile's entity, ``x`` excludes it,
``i`` opens its profile; ``enter`` on an article opens it in the reader; ``p`` /
``n`` step back and forth through the profiles visited; ``esc`` returns with the
filter unchanged. The screen computes nothing itself: the corpus builds the
profile (:meth:`parsers.corpus.index.Corpus.profile`), the presenter
(:mod:`tui.present.profile`) turns it into rows.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from parsers.corpus.index import Corpus
from parsers.corpus.profile import EntityProfile
from parsers.corpus.query import FilterState
from tui.present.profile import AssocRow, ProfileView, profile_view
from tui.widgets.assoc_list import AssocList
from tui.widgets.headlines import HeadlineList
from tui.widgets.timeline import TimelineChart

__all__ = ["ProfileOutcome", "ProfileScreen"]

NO_ASSOCIATES = AssocRow("", "", Text("No other entities appear with it.", style="dim"))


@dataclass(frozen=True)
class ProfileOutcome:
    """What the user chose: filter by ``pick`` (kind, key, exclude?) together with
    the entity ``profile_key``, or open corpus row ``open_row`` in the reader."""

    profile_key: str
    pick: tuple[str, str, bool] | None = None
    open_row: int | None = None


class ProfileScreen(Screen[ProfileOutcome | None]):
    """One entity's profile, with a trail of the profiles visited from it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back"),
        Binding("x", "pick(True)", "Exclude"),
        Binding("i", "open_profile", "Profile"),
        Binding("p", "step(-1)", "Previous profile"),
        Binding("n", "step(1)", "Next profile"),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
    ]

    def __init__(
        self,
        corpus: Corpus,
        key: str,
        state: FilterState | None = None,
        read: Container[int] = frozenset(),
        starred: Container[int] = frozenset(),
        cache: dict[str, EntityProfile] | None = None,
    ) -> None:
        """``cache``: profiles already built for this corpus and filter (the caller's,
        kept between visits; filled in here)."""
        super().__init__()
        self.corpus = corpus
        self.state = state if state is not None and state.terms else None
        self.trail: list[str] = [key]
        self.position = 0
        self._read, self._starred = read, starred
        self._cache: dict[str, EntityProfile] = {} if cache is None else cache
        self.profile = self._profile(key)
        self.view: ProfileView = profile_view(self.profile)

    def revisit(self, key: str, state: FilterState | None, cache: dict[str, EntityProfile]) -> None:
        """Show ``key``'s profile on this (mounted, not shown) screen again: a new trail,
        the same widgets (building and styling a fresh screen is most of an open)."""
        self.state = state if state is not None and state.terms else None
        self._cache = cache
        self.trail = [key]
        self._go(0)
        self.assoc.focus()

    def _profile(self, key: str) -> EntityProfile:
        p = self._cache.get(key)
        if p is None:
            p = self._cache[key] = self.corpus.profile(key, self.state)
        return p

    @property
    def key(self) -> str:
        return self.trail[self.position]

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        # everything with its content from the start: the first layout is the last
        # (filling the widgets in on mount would lay the screen out twice)
        view = self.view
        with Vertical(id="profile-box"):
            yield Static(self._title(), id="profile-title", markup=False)
            yield Static(view.facts, id="profile-facts", markup=False)
            yield Static("Mentions over time", id="profile-chart-title", classes="profile-section")
            yield TimelineChart(self.profile.timeline, id="profile-chart")
            with Horizontal(id="profile-lists"):
                with Vertical(id="profile-assoc-box"):
                    yield Static(
                        "Appears with  (articles · lift)",
                        id="profile-assoc-title",
                        classes="profile-section",
                    )
                    yield AssocList(id="profile-assoc")
                with Vertical(id="profile-articles-box"):
                    yield Static(
                        Content(view.articles_title),
                        id="profile-articles-title",
                        classes="profile-section",
                    )
                    yield HeadlineList(
                        read=self._read, starred=self._starred, id="profile-articles"
                    )
            yield Static(
                "enter filter with it · x exclude · i its profile · tab articles · "
                "p/n previous/next profile · esc back",
                id="profile-help",
            )

    def on_mount(self) -> None:
        self._fill_lists()
        self.assoc.focus()

    @property
    def assoc(self) -> AssocList:
        return self.query_one(AssocList)

    def _title(self) -> Content:
        trail = f"  ({self.position + 1}/{len(self.trail)})" if len(self.trail) > 1 else ""
        return Content(self.view.title + trail)

    def _fill_lists(self) -> None:
        """The two lists (Line API: nothing is laid out or drawn before it is seen)."""
        self.assoc.set_rows(self.view.rows or (NO_ASSOCIATES,))
        self.query_one(HeadlineList).set_rows(self.corpus, self.profile.rows)

    def _show(self) -> None:
        """Put the current profile on screen (stepping to another one)."""
        p, view = self.profile, self.view
        self.query_one("#profile-title", Static).update(self._title())
        self.query_one("#profile-facts", Static).update(view.facts)
        chart = self.query_one(TimelineChart)
        chart.timeline = p.timeline
        chart.refresh(layout=True)
        self.query_one("#profile-articles-title", Static).update(Content(view.articles_title))
        self._fill_lists()

    def _go(self, position: int) -> None:
        self.position = position
        self.profile = self._profile(self.key)
        self.view = profile_view(self.profile)
        self._show()

    # ----------------------------------------------------------------- actions

    def highlighted_key(self) -> tuple[str, str] | None:
        """(kind, key) of the highlighted "Appears with" row."""
        key = self.assoc.highlighted_key
        if not key:
            return None
        return key.split(":", 1)[0], key

    @on(AssocList.Selected)
    def _selected(self, event: AssocList.Selected) -> None:
        event.stop()
        self.action_pick(False)

    def action_pick(self, negate: bool) -> None:
        if not self.assoc.has_focus:
            return
        hit = self.highlighted_key()
        if hit is None:
            self.app.bell()
            return
        self.dismiss(ProfileOutcome(self.key, (hit[0], hit[1], negate)))

    def action_open_profile(self) -> None:
        hit = self.highlighted_key()
        if hit is None or not self.assoc.has_focus:
            self.app.bell()
            return
        del self.trail[self.position + 1 :]
        self.trail.append(hit[1])
        self._go(len(self.trail) - 1)

    def action_step(self, delta: int) -> None:
        """``p`` / ``n`` (also from the article list, whose n/p call the screen)."""
        target = self.position + delta
        if not 0 <= target < len(self.trail):
            self.app.bell()
            return
        self._go(target)

    def action_read_on(self, delta: int = 1) -> None:
        """Space in the article list: open the highlighted article."""
        row = self.query_one(HeadlineList).current_row
        if row is not None:
            self.dismiss(ProfileOutcome(self.key, open_row=row))

    def action_move(self, delta: int) -> None:
        """``j`` / ``k`` (the article list has its own)."""
        if self.assoc.has_focus:
            self.assoc.action_cursor_down() if delta > 0 else self.assoc.action_cursor_up()

    @on(HeadlineList.Selected)
    def _open_article(self, event: HeadlineList.Selected) -> None:
        event.stop()
        self.dismiss(ProfileOutcome(self.key, open_row=event.row))

    @on(HeadlineList.Highlighted)
    def _no_preview(self, event: HeadlineList.Highlighted) -> None:
        event.stop()

    def action_close(self) -> None:
        self.dismiss(None)
