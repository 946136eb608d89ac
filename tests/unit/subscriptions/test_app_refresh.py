"""``ctrl+r`` in the app: feeds refresh in a worker; new articles join what is shown,
with the filter and the cursor kept, and the keys answered meanwhile."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

import parsers.subscriptions.refresher as refresher
from parsers.corpus.query import parse_query
from parsers.subscriptions import Library, library_path, refresh
from tests.support.articles import make_app, wait_until
from tests.unit.subscriptions.feedserver import FAST, FeedServer, Route, rss
from tui.feeds import FeedsProgress, FeedsRefreshed

ITEMS = [("a1", "Ferry fares rise"), ("a2", "Council pay deal")]


def of_type(messages: list[object], kind: type) -> list[Any]:
    """Each message once (the hook sees a bubbling message at every node)."""
    return list({id(m): m for m in messages if isinstance(m, kind)}.values())


@pytest.fixture(autouse=True)
def _fast_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    real = refresher.refresh

    def fast(*args: Any, **kw: Any) -> Any:
        kw["options"] = replace(FAST, total_timeout=5.0)
        return real(*args, **kw)

    monkeypatch.setattr("parsers.subscriptions.refresh", fast)


async def test_ctrl_r_adds_new_articles_and_keeps_cursor_and_filter(server: FeedServer) -> None:
    server.routes["/a.xml"] = Route(rss("Harbor Gazette", ITEMS))
    server.routes["/bad.xml"] = Route(b"", status=500)
    with Library(library_path()) as lib:
        lib.add(server.url("/a.xml"))
        lib.add(server.url("/bad.xml"))
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: screen.result is not None)
        before = len(screen.corpus)
        await pilot.press("j")
        cursor = screen.headlines.current_row
        assert cursor is not None

        await pilot.press("ctrl+r")
        await pilot.press("j", "k")  # keys are answered while the worker runs
        await wait_until(pilot, lambda: any(isinstance(m, FeedsRefreshed) for m in messages))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.corpus) == before + 2
        assert {screen.corpus.article(r).title for r in range(before, before + 2)} == {
            "Ferry fares rise",
            "Council pay deal",
        }
        assert screen.headlines.current_row == cursor  # the same article, new ones above it
        assert screen.result is not None and len(screen.result.rows) == before + 2
        assert not screen.feeds.running and not screen.load_bar.display
        progress = of_type(messages, FeedsProgress)
        assert (progress[-1].done, progress[-1].total, progress[-1].new) == (2, 2, 2)
        [done] = of_type(messages, FeedsRefreshed)
        assert len(done.errors) == 1 and "HTTP 500" in done.errors[0]
        assert all(a.entities is not None for a in done.articles)


async def test_ctrl_r_keeps_the_filter(server: FeedServer) -> None:
    server.routes["/a.xml"] = Route(rss("Harbor Gazette", ITEMS))
    with Library(library_path()) as lib:
        lib.add(server.url("/a.xml"))
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: screen.result is not None)
        screen.state = parse_query("-source:harbor")
        await pilot.pause()
        assert screen.result is not None
        shown = list(screen.result.rows)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: of_type(messages, FeedsRefreshed))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.state == parse_query("-source:harbor")
        assert list(screen.result.rows) == shown  # the new articles are filtered out
        screen.state = parse_query("source:harbor")
        await pilot.pause()
        assert len(screen.result.rows) == 2


async def test_ctrl_r_without_subscriptions_says_so() -> None:
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: any(isinstance(m, FeedsRefreshed) for m in messages))
        await app.workers.wait_for_complete()
        [done] = of_type(messages, FeedsRefreshed)
        assert done.problem.startswith("no subscriptions")
        assert not app.main_screen.feeds.running
    assert not library_path().exists() or Library(library_path()).subscriptions() == []


def test_refresh_reports_carry_the_new_articles(server: FeedServer, library: Library) -> None:
    server.routes["/a.xml"] = Route(rss("A", ITEMS))
    library.add(server.url("/a.xml"))
    [report] = refresh(library, options=FAST)
    assert sorted(a.title for a in report.added) == ["Council pay deal", "Ferry fares rise"]
