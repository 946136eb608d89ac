"""Query history (issue 15 item 9): up/down in the query bar recall submitted
queries, and they are kept across restarts."""

from __future__ import annotations

from typing import Any

from tests.support.articles import make_app
from tui.widgets.querybar import QueryBar


async def _submit(pilot: Any, bar: QueryBar, query: str) -> None:
    await pilot.press("slash")
    bar.input.value = query
    await pilot.press("enter")
    await pilot.pause()
    assert not bar.editing


async def test_up_and_down_recall_queries_across_restarts() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        bar = app.main_screen.query_one(QueryBar)
        await _submit(pilot, bar, "putin")
        await _submit(pilot, bar, "peace OR talks")
        await pilot.press("slash")
        bar.input.value = "draft"
        await pilot.press("up")
        assert bar.input.value == "peace OR talks"
        await pilot.press("up")
        assert bar.input.value == "putin"
        await pilot.press("up")  # the oldest stays
        assert bar.input.value == "putin"
        await pilot.press("down", "down")
        assert bar.input.value == "draft"  # back to what was being typed
    again = make_app()
    async with again.run_test(size=(120, 36)) as pilot:
        bar = again.main_screen.query_one(QueryBar)
        await pilot.press("slash", "up")
        assert bar.input.value == "peace OR talks"
