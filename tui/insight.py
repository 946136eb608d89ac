"""The main screen's entity profiles and timeline strip (the screen owns one).

``i`` opens the profile of the sidebar's highlighted entity (or of the entity
the filter names); the profile's choice comes back here as a filter edit or an
article to open. The strip under the query bar gets the result's timeline on
every re-query; a span picked on it becomes ``after:``/``before:`` terms.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from parsers.corpus.profile import EntityProfile
from parsers.corpus.query import FilterState, Term
from tui.screens.profile import ProfileOutcome, ProfileScreen
from tui.widgets.timeline import TimelineStrip

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

__all__ = ["Insight"]

#: Profiles kept for going back to them (per corpus version and filter).
PROFILES_KEPT = 32
#: The name the kept profile screen is installed under.
PROFILE_SCREEN = "entity-profile"


class Insight:
    """Profiles and the timeline strip for one main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._profiles: dict[str, EntityProfile] = {}
        """Profiles built for :attr:`_profiles_of` (a corpus at a version, a filter):
        going back to a profile (esc, then i again) costs no second build."""
        self._profiles_of: tuple[object, ...] = ()
        self._profile_screen: ProfileScreen | None = None
        """The profile screen of the last visit, installed for the next one."""

    def _profile_cache(self) -> dict[str, EntityProfile]:
        corpus, state = self.screen.corpus, self.screen.state
        of = (id(corpus), len(corpus), corpus.version, state)
        if of != self._profiles_of or len(self._profiles) > PROFILES_KEPT:
            self._profiles_of = of
            self._profiles = {}
        return self._profiles

    # ------------------------------------------------------------- the strip

    @property
    def strip(self) -> TimelineStrip:
        return self.screen.query_one(TimelineStrip)

    def update_strip(self) -> None:
        """Give the strip the current result's timeline (and the list its times of
        day when the result lies within one day)."""
        result = self.screen.result
        if result is not None:
            timeline = self.screen.corpus.timeline(result.rows)
            self.strip.show(timeline)
            one_day = timeline.bucket == "day" and len(timeline.counts) == 1
            self.screen.headlines.show_time_of_day(one_day)

    def focus_strip(self) -> None:
        self.strip.focus()

    def span(self, after: date, before: date) -> None:
        """Replace the filter's date bounds with ``after <= date < before``."""
        screen = self.screen
        state = screen.state
        kept = tuple(t for t in state.terms if t.field not in ("after", "before"))
        state = FilterState(kept, state.or_kinds)
        state = state.with_term(Term("after", after.isoformat()))
        state = state.with_term(Term("before", before.isoformat()))
        screen.set_state(state)
        screen.panes.focus_list()

    # ---------------------------------------------------------- the profiles

    def target(self) -> str | None:
        """The entity ``i`` means: the name under the reader's mention cursor (``]``)
        or the sidebar's highlighted entry when that pane has focus, else the only
        entity the filter includes."""
        screen = self.screen
        if screen.reader.has_focus and screen.reader.mention_key is not None:
            return screen.reader.mention_key  # the name under the reader's mention cursor
        facets = screen.facets
        if facets.has_focus and facets.row_count:
            row = facets.row_at(facets.cursor)
            if row.type == "entity" and row.kind in ("person", "country", "org", "place", "author"):
                return row.key
            return None
        if screen.result is not None:
            included = [k for k, negate in screen.result.active.items() if not negate]
            if len(included) == 1:
                return included[0]
        return None

    def open_target(self) -> None:
        key = self.target()
        if key is None:
            self.screen.notify(
                "Highlight an entity in the sidebar, or a name in the reader with ] / [, then i",
                timeout=3,
            )
            return
        self.open(key)

    def open(self, key: str) -> None:
        """Push the profile of entity ``key`` (on the profile screen of the last
        visit when there is one for this corpus: only its content changes)."""
        screen = self.screen
        app = screen.app
        kept = self._profile_screen
        try:
            if kept is not None and kept.corpus is screen.corpus and kept.is_mounted:
                kept.revisit(key, screen.state, self._profile_cache())
                profile_screen = kept
            else:
                profile_screen = ProfileScreen(
                    screen.corpus,
                    key,
                    screen.state,
                    read=screen.library.read,
                    starred=screen.library.starred,
                    cache=self._profile_cache(),
                )
        except KeyError:
            screen.notify("That entity is not in the loaded articles", timeout=3)
            return
        if profile_screen is not kept:
            if kept is not None:
                app.uninstall_screen(kept)
            app.install_screen(profile_screen, PROFILE_SCREEN)
            self._profile_screen = profile_screen
        app.push_screen(profile_screen, self._done)

    def _done(self, outcome: ProfileOutcome | None) -> None:
        if outcome is None:
            return
        screen = self.screen
        if outcome.open_row is not None:
            screen.headlines.move_to_row(outcome.open_row)
            screen.reading.open(outcome.open_row)
            return
        if outcome.pick is None:
            return
        kind, key, negate = outcome.pick
        names = screen.names
        state = screen.state
        own_kind = outcome.profile_key.split(":", 1)[0]
        own = names.term_value(own_kind, outcome.profile_key)
        active = screen.result.active if screen.result is not None else {}
        if state.has_entity(own_kind, own) is None and active.get(outcome.profile_key) is not False:
            state = state.with_term(Term(own_kind, own))
        value = names.term_value(kind, key)
        old = state.has_entity(kind, value)
        if old is not None:
            state = state.without(old)
        state = state.with_term(Term(kind, value, negate))
        screen.set_state(state)
