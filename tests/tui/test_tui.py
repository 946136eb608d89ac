"""Pilot tests for the TUI: each key path, asserting state (rows, filters), not just no crash."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Input

from parsers.corpus.index import Corpus
from parsers.corpus.query import FilterState, Term
from tests.support.articles import (
    build_corpus,
    crowd_articles,
    make_app,
    many_articles,
    wait_until,
)
from tui.app import NewsApp
from tui.screens.entity_list import EntityListScreen
from tui.screens.help import HelpScreen, help_table
from tui.screens.main import MainScreen
from tui.widgets.headlines import HeadlineList
from tui.widgets.reader import ArticleBody
from tui.widgets.sidebar import FacetList

PUTIN = "person:vladimir v. putin"
RUBIO = "person:marco rubio"
ZELENSKY = "person:volodymyr zelensky"


def titles(screen: MainScreen) -> list[str]:
    """Titles of the listed rows, in list order."""
    assert screen.result is not None
    return [screen.corpus.headline(r).title for r in screen.headlines.rows]


def has_putin(screen: MainScreen, row: int) -> bool:
    return PUTIN in screen.corpus.entity_keys_of(row)


async def facet_cursor_to(pilot: Any, screen: MainScreen, key: str) -> None:
    screen.facets.focus()
    assert screen.facets.move_to_key(key), key
    await pilot.pause()


# -- the list --------------------------------------------------------------------


async def test_opens_newest_first_with_status() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        whens = [screen.corpus.headline(r).when for r in screen.headlines.rows]
        assert whens == sorted(whens, reverse=True)
        assert len(whens) == 8
        status = str(screen.query_one("#status").render())
        assert "8 / 8 articles" in status
        assert screen.headlines.has_focus
        # the reader previews the first article without marking it read
        assert screen.reader.row == screen.headlines.rows[0]
        assert screen.reading.read == set()


async def test_cursor_keys_move() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        lst = app.main_screen.headlines
        await pilot.press("j", "j", "down")
        assert lst.cursor == 3
        await pilot.press("k", "up")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == 7
        await pilot.press("g")
        assert lst.cursor == 0
        await pilot.press("end")
        assert lst.cursor == 7
        await pilot.press("home", "pagedown")
        assert lst.cursor == 7  # a page is taller than the 8 rows
        await pilot.press("pageup")
        assert lst.cursor == 0
        await pilot.pause()
        assert app.main_screen.reader.row == lst.rows[0]


async def test_enter_opens_and_marks_read() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("j", "enter")
        await pilot.pause()
        row = screen.headlines.rows[1]
        assert screen.reader.row == row
        assert screen.reading.read == {row}
        assert screen.reader.has_focus
        assert row in screen.headlines.read


async def test_n_and_p_step_from_the_reader() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        rows = list(screen.headlines.rows)
        await pilot.press("enter", "n", "n")
        await pilot.pause()
        assert screen.reader.row == rows[2]
        assert screen.headlines.cursor == 2
        assert screen.reading.read == set(rows[:3])
        await pilot.press("p")
        await pilot.pause()
        assert screen.reader.row == rows[1]
        assert screen.reader.has_focus


async def test_space_pages_the_reader() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reader.scroll_y == 0
        assert screen.reader.max_scroll_y > 0
        await pilot.press("space")
        await pilot.pause()
        assert screen.reader.scroll_y > 0


async def test_sort_cycles() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        newest = titles(screen)
        await pilot.press("s")
        assert screen.sort == "oldest"
        assert titles(screen) == newest[::-1]
        await pilot.press("s")
        assert screen.sort == "source"
        sources = [screen.corpus.headline(r).source for r in screen.headlines.rows]
        assert sources == sorted(sources, key=str.casefold)
        await pilot.press("s")
        assert screen.sort == "newest"
        assert "newest" in str(screen.query_one("#status").render())


async def test_sort_keeps_the_cursor_on_the_article() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("j", "j")
        row = screen.headlines.current_row
        await pilot.press("s")
        assert screen.headlines.current_row == row


# -- sidebar filters -------------------------------------------------------------


async def test_sidebar_include_filter_updates_list_and_counts() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await facet_cursor_to(pilot, screen, PUTIN)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state.terms == (Term("person", "Vladimir V. Putin"),)
        assert len(screen.headlines.rows) == 2
        assert all(has_putin(screen, r) for r in screen.headlines.rows)
        people = dict(screen.result.facets["person"])  # type: ignore[union-attr]
        assert people[PUTIN] == 2
        assert people["person:donald j. trump"] == 1
        assert screen.facets.view.active == {PUTIN: False}
        assert screen.querybar.shown_text == 'person:"Vladimir V. Putin"'
        assert "2 / 8 articles" in str(screen.query_one("#status").render())
        # the same key again removes it
        await pilot.press("space")
        assert screen.state.is_empty
        assert len(screen.headlines.rows) == 8


async def test_sidebar_exclude_with_x() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await facet_cursor_to(pilot, screen, "country:RU")
        await pilot.press("x")
        await pilot.pause()
        assert screen.state.terms == (Term("country", "RU", negate=True),)
        assert len(screen.headlines.rows) == 5
        assert all(
            "country:RU" not in screen.corpus.entity_keys_of(r) for r in screen.headlines.rows
        )
        # the excluded entry stays listed (count 0) so it can be toggled back
        assert screen.facets.move_to_key("country:RU")
        assert screen.facets.view.active == {"country:RU": True}
        await pilot.press("x")
        assert screen.state.is_empty


async def test_include_and_exclude_flip() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await facet_cursor_to(pilot, screen, "country:RU")
        await pilot.press("enter")
        assert screen.state.terms == (Term("country", "RU"),)
        await pilot.press("x")
        assert screen.state.terms == (Term("country", "RU", negate=True),)


async def test_filters_stack_and_across_types() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await facet_cursor_to(pilot, screen, ZELENSKY)
        await pilot.press("enter")
        assert len(screen.headlines.rows) == 3
        await facet_cursor_to(pilot, screen, "place:munich|DE")
        await pilot.press("enter")
        assert len(screen.headlines.rows) == 2
        assert set(titles(screen)) == {
            "Putin and Trump Speak by Phone as Ukraine Watches",
            "Zelensky Heads to Munich for Security Talks",
        }


async def test_or_mode_within_a_section() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await facet_cursor_to(pilot, screen, PUTIN)
        await pilot.press("enter")
        # AND: only people named alongside Putin are left to pick
        assert RUBIO not in dict(screen.facets.section_of("person").entries)  # type: ignore[union-attr]
        await pilot.press("o")
        assert screen.state.or_kinds == frozenset({"person"})
        section = screen.facets.section_of("person")
        assert section is not None and section.or_mode
        # OR: the section counts as if unfiltered, so Rubio can be added
        assert dict(section.entries)[RUBIO] == 2
        await facet_cursor_to(pilot, screen, RUBIO)
        await pilot.press("enter")
        assert len(screen.headlines.rows) == 4
        assert "People:OR" in str(screen.query_one("#status").render())
        assert screen.querybar.shown_text == ('person:"Vladimir V. Putin" OR person:"Marco Rubio"')
        await pilot.press("o")
        assert screen.state.or_kinds == frozenset()
        assert len(screen.headlines.rows) == 0  # nobody names both
        assert "No articles match" in str(screen.query_one("#empty").render())


async def test_clear_and_undo() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await facet_cursor_to(pilot, screen, PUTIN)
        await pilot.press("enter")
        await facet_cursor_to(pilot, screen, "country:UA")
        await pilot.press("x")
        two = screen.state
        assert len(two.terms) == 2
        await pilot.press("c")
        assert screen.state.is_empty
        assert len(screen.headlines.rows) == 8
        await pilot.press("u")
        assert screen.state == two
        await pilot.press("u")
        assert screen.state.terms == (Term("person", "Vladimir V. Putin"),)
        await pilot.press("u", "u")  # the second has nothing left to undo
        assert screen.state.is_empty
        assert screen.history == []


async def test_section_more_expands() -> None:
    app = make_app(build_corpus(crowd_articles(12)))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        facets = screen.facets
        section = facets.section_of("person")
        assert section is not None and len(section.entries) == 12
        assert facets.shown(section) == 8
        facets.focus()
        facets.cursor = 9  # header + 8 entries -> the "more" row
        await pilot.pause()
        assert facets.row_at(9).type == "more"
        await pilot.press("enter")
        assert facets.shown(section) == 12
        assert facets.expanded == {"person"}
        await pilot.press("left")
        assert facets.shown(section) == 8
        assert facets.expanded == set()
        # the choice outlives a re-query (the list owns it, not the result)
        facets.focus()
        facets.cursor = 9
        await pilot.press("enter")
        screen.action_sort()
        await pilot.pause()
        section = facets.section_of("person")
        assert section is not None and facets.shown(section) == 12


async def test_find_box_narrows_and_jumps() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("f")
        assert isinstance(app.focused, Input) and app.focused.id == "entity-find"
        await pilot.press(*"rubio")
        await pilot.pause()
        keys = [k for s in screen.facets.sections for k, _ in s.entries]
        assert keys == [RUBIO]
        await pilot.press("enter")
        assert screen.facets.has_focus
        row = screen.facets.row_at(screen.facets.cursor)
        assert row.key == RUBIO
        await pilot.press("enter")
        assert screen.state.terms == (Term("person", "Marco Rubio"),)
        # picked: the find box empties and the whole sidebar is back, cursor on the pick
        assert screen.sidebar.find_text == ""
        assert len(screen.facets.section_of("country").entries) > 0  # type: ignore[union-attr]
        assert screen.facets.row_at(screen.facets.cursor).key == RUBIO


async def test_a_narrowed_sidebar_lists_everything_found_and_keeps_the_users_folds() -> None:
    app = make_app(build_corpus(crowd_articles(12)))
    async with app.run_test(size=(120, 36)) as pilot:
        facets = app.main_screen.facets
        await pilot.press("f", *"number")
        await pilot.pause()
        people = facets.section_of("person")
        assert people is not None and facets.shown(people) == 12  # all found, unfolded
        await pilot.press("down")  # onto the first entity
        assert facets.has_focus
        await pilot.press("left")
        assert facets.shown(people) == 8  # folded for now...
        assert facets.expanded == set()  # ...without becoming the user's choice
        await pilot.press("f", "escape")  # the find box emptied
        await pilot.pause()
        people = facets.section_of("person")
        assert people is not None and facets.shown(people) == 8


# -- query bar -------------------------------------------------------------------


async def test_query_bar_applies_a_query() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("slash")
        assert screen.querybar.input.has_focus
        await pilot.press(*"country:TW -drills", "enter")
        await pilot.pause()
        assert screen.state.terms == (Term("country", "TW"), Term("text", "drills", True))
        assert titles(screen) == ["Taiwan Prepares for Tariffs From Washington"]
        assert screen.headlines.has_focus
        # the sidebar marks what the query selected
        assert screen.facets.view.active.get("country:TW") is False


async def test_query_error_is_inline_not_a_crash() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("slash", *"person:", "enter")
        await pilot.pause()
        bar = screen.querybar
        assert bar.error is not None
        assert bar.has_class("-error")
        assert "empty value" in str(bar.query_one("#query-error").render())
        assert screen.state.is_empty
        assert bar.input.has_focus
        await pilot.press("escape")
        assert bar.error is None
        assert bar.shown_text == ""
        assert not bar.editing
        assert screen.headlines.has_focus


async def test_escape_reverts_an_unsubmitted_edit() -> None:
    app = make_app(filter_query="person:Putin")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("slash", *" Rubio", "escape")
        assert screen.querybar.shown_text == "person:Putin"
        assert screen.state.terms == (Term("person", "Putin"),)


async def test_initial_filter_from_the_command_line() -> None:
    app = make_app(filter_query="country:TW")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert screen.state.terms == (Term("country", "TW"),)
        assert len(screen.headlines.rows) == 2
        assert screen.querybar.shown_text == "country:TW"
        # undo history starts empty: the initial filter is not a change
        assert screen.history == []


async def test_initial_filter_that_does_not_parse() -> None:
    app = make_app(filter_query='person:"Putin')
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert screen.state.is_empty
        assert screen.querybar.error is not None
        assert "unterminated quote" in screen.querybar.error.message


async def test_typed_name_toggles_off_from_the_sidebar() -> None:
    """person:Putin typed in the query is the same entry as the sidebar's Putin."""
    app = make_app(filter_query="person:Putin")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await facet_cursor_to(pilot, screen, PUTIN)
        await pilot.press("enter")
        assert screen.state.is_empty


# -- reader entities ---------------------------------------------------------------


async def test_entity_list_modal_number_toggles() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("enter", "e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, EntityListScreen)
        keys = [row.key for row in modal.rows]
        assert PUTIN in keys and "author:anna field" in keys
        number = keys.index(PUTIN) + 1
        await pilot.press(*str(number))
        if number * 10 <= len(keys):
            await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.state.terms == (Term("person", "Vladimir V. Putin"),)


async def test_entity_list_modal_x_excludes_and_escape_closes() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        assert app.screen is screen and screen.state.is_empty
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, EntityListScreen)
        await pilot.press("down", "x")
        await pilot.pause()
        row = modal.rows[1]
        assert len(screen.state.terms) == 1
        term = screen.state.terms[0]
        assert term.negate and term.field == row.kind
        assert screen.corpus.resolve(term.field, term.value) == {row.key}


def find_click_target(app: NewsApp, key: str) -> tuple[int, int]:
    """Screen offset of a clickable mention of ``key`` in the reader."""
    body = app.main_screen.query_one(ArticleBody)
    region = body.region
    for y in range(region.y, region.bottom):
        for x in range(region.x, region.right):
            style = app.screen.get_style_at(x, y)
            action = style.meta.get("@click")
            if action and action[1] == (key,):
                return x, y
    raise AssertionError(f"no clickable mention of {key}")


async def test_clicking_a_mention_adds_a_filter() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        x, y = find_click_target(app, PUTIN)
        await pilot.click(offset=(x, y))
        await pilot.pause()
        assert screen.state.terms == (Term("person", "Vladimir V. Putin"),)
        assert len(screen.headlines.rows) == 2
        # the article stays open; clicking again removes the filter
        x, y = find_click_target(app, PUTIN)
        await pilot.click(offset=(x, y))
        await pilot.pause()
        assert screen.state.is_empty


async def test_clicking_a_headline_highlights_and_double_click_opens() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        lst = screen.headlines
        await pilot.click(HeadlineList, offset=(10, 2))
        await pilot.pause()
        assert lst.cursor == 2
        assert screen.reading.read == set()
        await pilot.double_click(HeadlineList, offset=(10, 3))
        await pilot.pause()
        assert screen.reader.row == lst.rows[3]
        assert lst.rows[3] in screen.reading.read


# -- screens, panes, layout --------------------------------------------------------


async def test_help_screen_lists_keys() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(help_table())
        text = console.export_text()
        for key in ("ctrl+p", "undo", "exclude", "AND / OR", "next / previous article"):
            assert key in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_tab_cycles_panes() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        assert screen.headlines.has_focus
        await pilot.press("tab")
        assert screen.reader.has_focus
        await pilot.press("tab")
        assert screen.facets.has_focus
        await pilot.press("tab")
        assert screen.headlines.has_focus
        await pilot.press("shift+tab")
        assert screen.facets.has_focus


async def test_narrow_terminal_hides_sidebar_and_b_toggles() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        assert not screen.sidebar.display
        await pilot.press("tab", "tab")
        assert screen.headlines.has_focus  # only two panes to cycle
        await pilot.press("b")
        assert screen.sidebar.display
        await pilot.press("b")
        assert not screen.sidebar.display
        await pilot.press("f")  # finding an entity brings the sidebar back
        assert screen.sidebar.display


async def test_escape_returns_to_the_list() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("enter")
        assert screen.reader.has_focus
        await pilot.press("escape")
        assert screen.headlines.has_focus


async def test_empty_result_says_which_filters_and_how_to_clear() -> None:
    app = make_app(filter_query="person:Putin -country:RU -country:UA")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert len(screen.headlines.rows) == 0
        assert not screen.headlines.display
        message = str(screen.query_one("#empty").render())
        assert "No articles match" in message
        assert "exclude Russia (RU)" in message
        assert "without it: 1 article\n" in message
        assert "clear all filters" in message and "undo" in message
        await pilot.press("c")
        assert screen.headlines.display and len(screen.headlines.rows) == 8


async def test_no_articles_at_all_explains_why() -> None:
    app = make_app(Corpus())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        message = str(app.main_screen.query_one("#empty").render())
        assert "No articles loaded" in message
        await pilot.press("j", "enter", "e", "s", "c", "u")  # nothing crashes on empty
        assert app.main_screen.result is not None


async def test_command_palette_filters_by_entity() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"rubio")
        from textual.command import CommandList

        # the palette searches in a background task: wait for a hit
        await wait_until(
            pilot,
            lambda: (hits := app.screen.query(CommandList)) and hits.first().option_count,
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.state.terms == (Term("person", "Marco Rubio"),)


async def test_unknown_entity_in_query_is_reported() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("slash", *"person:Nobody", "enter")
        await pilot.pause()
        assert screen.result is not None and screen.result.unresolved
        assert "Nothing in the corpus is called" in str(screen.query_one("#empty").render())


async def test_list_is_virtual_at_scale() -> None:
    corpus = build_corpus(many_articles(20_000))
    app = make_app(corpus)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        lst = screen.headlines
        assert lst.row_count == 20_000
        assert len(lst.children) == 0
        await pilot.press("G")
        assert lst.cursor == 19_999
        assert lst.scroll_y > 19_000
        await facet_cursor_to(pilot, screen, PUTIN)
        await pilot.press("enter")
        assert lst.row_count == 20_000 // 4  # two of every eight name Putin


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)])
async def test_every_size_renders(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "n", "e")
        await pilot.pause()
        assert isinstance(app.screen, EntityListScreen)


def test_state_is_one_value() -> None:
    """The sidebar and the query bar share one FilterState type with the index."""
    assert MainScreen.state._default is FilterState  # type: ignore[attr-defined]


async def test_q_quits() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_clicking_a_sidebar_entry_toggles_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        facets = screen.facets
        index = next(i for i in range(facets.row_count) if facets.row_at(i).key == "country:TW")
        await pilot.click(FacetList, offset=(3, index))
        await pilot.pause()
        assert screen.state.terms == (Term("country", "TW"),)


async def test_clicking_the_query_opens_the_editor() -> None:
    app = make_app(filter_query="country:TW")
    async with app.run_test(size=(120, 36)) as pilot:
        bar = app.main_screen.querybar
        assert not bar.editing
        await pilot.click("#query-text")
        await pilot.pause()
        assert bar.editing and bar.input.has_focus
        assert bar.input.value == "country:TW"
        await pilot.press("escape")
        assert not bar.editing


async def test_shift_space_pages_back_up() -> None:
    app = make_app()
    # (short enough that the opened article is longer than the reading pane)
    async with app.run_test(size=(80, 16)) as pilot:
        screen = app.main_screen
        await pilot.press("enter", "space", "space")
        await pilot.pause()
        down = screen.reader.scroll_y
        assert down > 0
        await pilot.press("shift+space")
        await pilot.pause()
        assert screen.reader.scroll_y < down
