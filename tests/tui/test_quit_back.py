"""``q`` goes back one level like mutt and newsboat (issue 15 item 10): from the
reader or the sidebar to the list, out of a modal; from the list it quits."""

from __future__ import annotations

from tests.support.articles import make_app
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen


async def test_q_in_the_reader_goes_back_to_the_list_then_quits() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert isinstance(screen, MainScreen)
        await pilot.press("enter")
        assert screen.reader.has_focus
        await pilot.press("q")
        assert app.is_running
        assert screen.headlines.has_focus
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_in_the_sidebar_goes_back_to_the_list() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        screen.facets.focus()
        await pilot.pause()
        await pilot.press("q")
        assert app.is_running
        assert screen.headlines.has_focus


async def test_q_and_escape_close_a_modal_only() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for key in ("q", "escape"):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press(key)
            assert isinstance(app.screen, MainScreen)
            assert app.is_running
