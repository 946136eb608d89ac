"""Entity profile screen and timeline strip: every key, asserting state."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from rich.text import Text

from parsers.corpus.profile import Timeline
from parsers.corpus.query import FilterState, Term, parse_query
from parsers.model import ArticleEntities, Entity, Mention
from tests.support.articles import build_corpus, day, make_app, make_article, wait_until
from tui.present.profile import profile_view
from tui.present.timeline import bars, fit, range_label, span_dates
from tui.screens.entity_list import EntityListScreen
from tui.screens.main import MainScreen
from tui.screens.profile import ProfileScreen
from tui.widgets.headlines import HeadlineList
from tui.widgets.timeline import TimelineStrip

PUTIN = "person:vladimir v. putin"


async def open_profile(pilot: Any, key: str = PUTIN) -> ProfileScreen:
    screen: MainScreen = pilot.app.main_screen
    screen.facets.focus()
    assert screen.facets.move_to_key(key)
    await pilot.press("i")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProfileScreen))
    profile = pilot.app.screen
    assert isinstance(profile, ProfileScreen)
    return profile


def assoc_keys(profile: ProfileScreen) -> list[str]:
    return profile.assoc.keys


async def highlight(pilot: Any, profile: ProfileScreen, key: str) -> None:
    assert profile.assoc.move_to_key(key)
    await pilot.pause()


# -- the profile ----------------------------------------------------------------


async def test_i_on_sidebar_opens_profile_with_sections() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        profile = await open_profile(pilot)
        corpus = app.main_screen.corpus
        want = corpus.profile(PUTIN)
        assert profile.key == PUTIN and profile.profile.article_count == want.article_count
        text = " ".join(str(w.render()) for w in profile.query(".profile-section"))
        assert "Mentions over time" in text and "Appears with" in text and "Articles" in text
        assert set(assoc_keys(profile)) == {
            a.key for found in want.associates.values() for a in found
        }
        articles = profile.query_one(HeadlineList)
        assert list(articles.rows) == list(want.rows)
        whens = [corpus.headline(r).when for r in articles.rows]
        assert whens == sorted(whens, reverse=True)


async def test_escape_returns_with_filter_unchanged() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        screen.set_state(parse_query("country:UA"))
        await pilot.pause()
        before = screen.state
        await open_profile(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.state == before


async def test_enter_filters_by_profile_entity_and_associate() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        profile = await open_profile(pilot)
        other = "person:donald j. trump"
        await highlight(pilot, profile, other)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.result is not None
        assert screen.result.active == {PUTIN: False, other: False}
        for row in screen.headlines.rows:
            keys = screen.corpus.entity_keys_of(row)
            assert PUTIN in keys and other in keys


async def test_x_excludes_associate() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        profile = await open_profile(pilot)
        other = "country:US"
        await highlight(pilot, profile, other)
        await pilot.press("x")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.result is not None
        assert screen.result.active == {PUTIN: False, other: True}
        rows = list(screen.headlines.rows)
        assert rows and all(
            PUTIN in screen.corpus.entity_keys_of(r)
            and other not in screen.corpus.entity_keys_of(r)
            for r in rows
        )


async def test_i_p_n_step_through_profiles() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        profile = await open_profile(pilot)
        await highlight(pilot, profile, "country:UA")
        await pilot.press("i")
        await wait_until(pilot, lambda: profile.key == "country:UA")
        assert profile.trail == [PUTIN, "country:UA"]
        title = str(profile.query_one("#profile-title").render())
        assert "Ukraine" in title and "(2/2)" in title
        # a country lists its places
        assert any(a.key.startswith("place:kyiv") for a in profile.profile.places)
        await pilot.press("p")
        await wait_until(pilot, lambda: profile.key == PUTIN)
        await pilot.press("p")  # nothing before the first: stays
        assert profile.key == PUTIN
        await pilot.press("n")
        await wait_until(pilot, lambda: profile.key == "country:UA")
        # from the articles list too (its n/p call the screen)
        await pilot.press("tab")
        assert profile.query_one(HeadlineList).has_focus
        await pilot.press("p")
        await wait_until(pilot, lambda: profile.key == PUTIN)


async def test_enter_on_article_opens_it_in_reader() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        profile = await open_profile(pilot)
        await pilot.press("tab")
        articles = profile.query_one(HeadlineList)
        assert articles.has_focus
        await pilot.press("j")
        row = articles.current_row
        assert row == profile.profile.rows[1]
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.reader.row == row
        assert screen.state.is_empty
        assert row in screen.reading.read


async def test_i_in_entity_list_opens_profile() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "e")
        await wait_until(pilot, lambda: isinstance(app.screen, EntityListScreen))
        modal = app.screen
        assert isinstance(modal, EntityListScreen)
        first = modal.rows[0].key
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        assert app.screen.key == first  # type: ignore[attr-defined]


async def test_i_without_an_entity_notifies() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("i")
        await pilot.pause()
        assert app.screen is screen
        assert any("then i" in str(n.message) for n in app._notifications)
        # with one entity in the filter, i opens its profile from the list
        screen.set_state(FilterState((Term("person", "Putin"),)))
        await pilot.pause()
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        assert app.screen.key == PUTIN  # type: ignore[attr-defined]


async def test_profile_shows_filter_share() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        screen.set_state(parse_query("country:US"))
        await pilot.pause()
        screen.facets.focus()
        profile = await open_profile(pilot)
        tl = profile.profile.timeline
        assert tl.selected is not None and sum(tl.selected) == profile.profile.filtered
        assert "filter" in str(profile.query_one("#profile-chart").render())


def test_profile_view_keeps_data_as_text() -> None:
    m = Mention("title", 0, 0, 1, "x")
    mallory = Entity("person", "person:mallory", "[red]Mallory[/red] [@click=app.quit]", (), (m,))
    rubio = Entity("person", "person:marco rubio", "Marco [b]Rubio", (), (m,))
    art = make_article("t", day(3), ["p"])
    art = dataclasses.replace(art, entities=ArticleEntities((mallory, rubio), (), (), ()))
    corpus = build_corpus([art])
    view = profile_view(corpus.profile("person:mallory"))
    assert view.title == "[red]Mallory[/red] [@click=app.quit]"
    assert any("Marco [b]Rubio" in row.prompt.plain for row in view.rows)
    assert all(isinstance(row.prompt, Text) for row in view.rows)


# -- the timeline strip -----------------------------------------------------------


def test_fit_bars_and_span_dates() -> None:
    tl = Timeline("day", date(2025, 2, 1), (1, 0, 4, 2, 0, 0, 8))
    cols = fit(tl, 3)  # 3 days per column
    assert cols.counts == (5, 2, 8) and len(cols) == 3
    assert span_dates(cols, 2, 0) == (date(2025, 2, 1), date(2025, 2, 8))  # last column: 1 day
    assert range_label(cols) == "2025-02-01 – 2025-02-07 · per day"
    assert bars(fit(tl, 10)).plain == "▁ ▄▂  █"
    assert len(fit(tl, 21, stretch=True)) == 21
    week = Timeline("week", date(2025, 2, 3), (1, 2))
    assert span_dates(fit(week, 10), 1, 1) == (date(2025, 2, 10), date(2025, 2, 17))


async def test_strip_follows_every_filter_change() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        strip = screen.query_one(TimelineStrip)
        assert strip.timeline.total == len(screen.corpus)
        screen.set_state(parse_query(f'person:"{PUTIN}"'))
        await pilot.pause()
        assert strip.timeline == screen.corpus.timeline(screen.headlines.rows)
        assert strip.timeline.total == 2
        assert "2025-02-11 – 2025-02-14 · per day" in str(strip.render())


async def test_strip_keys_select_a_span() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        strip = screen.query_one(TimelineStrip)
        start = strip.timeline.start
        assert start is not None
        await pilot.press("t")
        assert strip.has_focus
        await pilot.press("l", "space", "l", "l", "enter")
        await wait_until(pilot, lambda: not strip.has_focus)
        dates = {t.field: t.value for t in screen.state.terms}
        assert dates == {
            "after": date.fromordinal(start.toordinal() + 1).isoformat(),
            "before": date.fromordinal(start.toordinal() + 4).isoformat(),
        }
        assert len(screen.headlines.rows) == 3
        assert screen.headlines.has_focus
        # a second span replaces the first; esc leaves without filtering
        await pilot.press("t", "h", "enter")
        await pilot.pause()
        assert [t.field for t in screen.state.terms] == ["after", "before"]
        assert len(screen.headlines.rows) == 1
        before = screen.state
        await pilot.press("t", "l", "escape")
        await pilot.pause()
        assert screen.headlines.has_focus and screen.state == before


async def test_strip_click_selects_a_span() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        strip = screen.query_one(TimelineStrip)
        await pilot.click(TimelineStrip, offset=(1, 0))
        await pilot.click(TimelineStrip, offset=(2, 0))
        await wait_until(pilot, lambda: len(screen.state.terms) == 2)
        assert strip.timeline.total == 2


async def test_palette_opens_a_profile() -> None:
    from textual.command import CommandList

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"profile rubio")
        await wait_until(
            pilot,
            lambda: (hits := app.screen.query(CommandList)) and hits.first().option_count,
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        assert app.screen.key == "person:marco rubio"  # type: ignore[attr-defined]
        assert app.main_screen.state.is_empty


# -- i on a name in the reader ------------------------------------------------


async def test_i_on_a_highlighted_mention_opens_its_profile() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("enter")  # the newest article: Putin and Trump speak
        await pilot.pause()
        reader = screen.reader
        assert reader.has_focus and reader.mention is None
        await pilot.press("right_square_bracket")
        await pilot.pause()
        first = reader.mention_key
        assert reader.mention == 0 and first == PUTIN  # the title's first name
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert reader.mention == 0
        # the cursor is drawn: the name's cells carry the cursor style
        body = reader.query_one("#article-body")
        cursor = reader.get_component_rich_style("reader--mention-cursor")
        assert cursor.reverse
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        assert app.screen.key == first  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        # enter on the name filters by it, like a click
        reader.focus()
        await pilot.press("right_square_bracket", "right_square_bracket")
        second = reader.mention_key
        assert second is not None and second != first
        await pilot.press("enter")
        await pilot.pause()
        assert screen.result is not None and screen.result.active.get(second) is False
        assert body is reader.query_one("#article-body")


async def test_the_mention_cursor_scrolls_to_names_out_of_sight() -> None:
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        screen = app.main_screen
        await pilot.press("enter")
        await pilot.pause()
        reader = screen.reader
        seen: list[int] = []
        for _ in range(40):
            await pilot.press("right_square_bracket")
            assert reader.mention is not None
            seen.append(reader.mention)
        assert seen == sorted(seen) and seen[-1] == len(reader._marks.keys) - 1
        lines = reader._lines()
        top, height = round(reader.scroll_y), reader.scrollable_content_region.height
        assert top <= lines[seen[-1]] < top + height  # the last name is in sight
        assert reader.scroll_y > 0


async def test_going_back_to_a_profile_does_not_build_it_again() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        first = (await open_profile(pilot)).profile
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        again = (await open_profile(pilot)).profile
        assert again is first  # kept for this corpus and filter
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        screen.set_state(parse_query("country:UA"))  # a new filter: a new profile
        await pilot.pause()
        fresh = (await open_profile(pilot)).profile
        assert fresh is not first and fresh.filtered is not None


async def test_the_next_visit_reuses_the_screen_with_the_new_entity() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        first = await open_profile(pilot)
        await pilot.press("i")  # a step along the trail ...
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        screen.set_state(parse_query("country:US"))
        await pilot.pause()
        again = await open_profile(pilot, "country:UA")
        assert again is first  # the same widgets, new content
        assert again.trail == ["country:UA"] and again.position == 0  # ... forgotten
        want = app.corpus.profile("country:UA", screen.state)
        assert again.profile.filtered == want.filtered
        assert assoc_keys(again) == [row.key for row in profile_view(want).rows if row.key]
        title = str(again.query_one("#profile-title").render())
        assert "Ukraine" in title
        assert list(again.query_one(HeadlineList).rows) == list(want.rows)
        assert again.assoc.has_focus
