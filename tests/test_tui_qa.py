"""Pilot tests for problems found in hands-on QA of the reading desk."""

from __future__ import annotations

from tui_fixtures import make_app

from parsers.query import Term


async def test_clearing_an_empty_result_gives_the_list_its_focus_back() -> None:
    """A query that matches nothing moves focus to the reader; ``c`` must hand it back,
    or j/k scroll an empty pane and tab skips a pane."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("slash", *"person:Nobody", "enter")
        await pilot.pause()
        assert not screen.headlines.display
        await pilot.press("c")
        await pilot.pause()
        assert screen.headlines.display
        assert screen.headlines.has_focus
        await pilot.press("j")
        assert screen.headlines.cursor == 1
        await pilot.press("tab", "tab")
        assert screen.facets.has_focus


async def test_find_box_enter_jumps_to_the_best_match() -> None:
    """``ru``: Russia is the name-prefix match; Marco Rubio (a word prefix) is listed
    first only because People is the first section."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("f", "r", "u")
        await pilot.pause()
        listed = [k for s in screen.facets.sections for k, _ in s.entries]
        assert "person:marco rubio" in listed and "country:RU" in listed
        await pilot.press("enter")
        assert screen.facets.has_focus
        assert screen.facets.row_at(screen.facets.cursor).key == "country:RU"
        await pilot.press("enter")
        assert screen.state.terms == (Term("country", "RU"),)
