"""The command palette's actions (issue 15 item 11): sort, clear, undo, the sidebar,
themes and the saved views, each found by name and showing its key."""

from __future__ import annotations

from typing import Any

from textual.command import CommandList

from parsers.config import parse_config
from parsers.corpus.query import parse_query
from tests.support.articles import make_app, wait_until


async def _run(pilot: Any, query: str, expect: str) -> None:
    """Open the palette, type ``query``, check the best hit starts with ``expect``, run it."""
    app = pilot.app
    main = app.main_screen
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: app.screen is not main)
    await pilot.press(*query)

    def best() -> str:
        hits = app.screen.query(CommandList)
        if not hits or not hits.first().option_count:
            return ""
        return str(hits.first().get_option_at_index(0).prompt)

    await wait_until(pilot, lambda: best().startswith(expect))
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen is main)


async def test_sort_clear_undo_and_sidebar_by_name() -> None:
    app = make_app(filter_query="country:UA")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        await _run(pilot, "sort oldest", "Sort: oldest first")
        assert screen.sort == "oldest"
        await _run(pilot, "sort by source", "Sort: by source")
        assert screen.sort == "source"
        await _run(pilot, "clear all", "Clear all filters")
        assert screen.state.is_empty
        await _run(pilot, "undo the last", "Undo the last filter change")
        assert screen.state == parse_query("country:UA")
        assert screen.panes.sidebar_visible
        await _run(pilot, "hide the sidebar", "Hide the sidebar")
        assert not screen.panes.sidebar_visible and not screen.sidebar.display
        await _run(pilot, "show the sidebar", "Show the sidebar")
        assert screen.panes.sidebar_visible


async def test_theme_by_name_and_saved_view() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        await _run(pilot, "theme: nord", "Theme: nord")
        assert app.theme == "nord"
        app.state_store.save_view("ukraine", "country:UA", "oldest")
        await _run(pilot, "open view ukraine", "Open view: ukraine")
        assert screen.state == parse_query("country:UA") and screen.sort == "oldest"


async def test_palette_help_shows_the_key_in_effect() -> None:
    from tui.commands import ActionCommands

    config, _ = parse_config('[keys.main]\nclear = "C"\n')
    app = make_app(config=config)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        provider = ActionCommands(app.screen)
        commands = {
            label: help_text for label, _, help_text in provider._commands(app.main_screen, True)
        }
        assert commands["Clear all filters"].startswith("C ·")
        assert commands["Sort: newest first (now)"].startswith("s ")
        assert "Theme: textual-dark (now)" in commands
