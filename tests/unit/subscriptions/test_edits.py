"""Edited entries: the same GUID with a new title or body updates the article in place
(same id, so read marks and stars stay), in the library and in the running app."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

import parsers.subscriptions.refresher as refresher
from parsers.corpus.query import parse_query
from parsers.subscriptions import Library, library_path, refresh
from tests.support.articles import make_app, wait_until
from tests.unit.subscriptions.feedserver import FAST, FeedServer, Route, rss
from tui.feeds import FeedsRefreshed

ITEMS = [("a1", "Ferry fares rise"), ("a2", "Council pay deal"), ("a3", "Storm warning")]
EDITED = [("a1", "Ferry fares rise"), ("a2", "Council pay deal collapses"), ("a3", "Storm warning")]


def test_edited_entry_keeps_its_id_and_is_reported(server: FeedServer, library: Library) -> None:
    server.routes["/f.xml"] = Route(rss("Harbor Gazette", ITEMS), etag='"v1"')
    sub, _ = library.add(server.url("/f.xml"))
    [first] = refresh(library, options=FAST)
    ids = {a.title: a.id for a in first.added}
    server.routes["/f.xml"] = Route(rss("Harbor Gazette", EDITED), etag='"v2"')
    [second] = refresh(library, options=FAST)
    assert (second.new, second.updated) == (0, 1)
    [changed] = second.changed
    assert changed.title == "Council pay deal collapses"
    assert changed.id == ids["Council pay deal"]  # the id an entry was first stored under
    assert changed.paragraphs == ("Body of Council pay deal collapses.",)
    stored = {a.id: a for a in library.articles([sub.id])}
    assert len(stored) == 3
    assert stored[ids["Council pay deal"]].title == "Council pay deal collapses"
    # refreshing the same edited feed again changes nothing
    server.routes["/f.xml"] = Route(rss("Harbor Gazette", EDITED), etag='"v3"')
    [third] = refresh(library, options=FAST)
    assert (third.new, third.updated, third.changed) == (0, 0, ())


@pytest.fixture
def _fast_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    real = refresher.refresh

    def fast(*args: Any, **kw: Any) -> Any:
        kw["options"] = replace(FAST, total_timeout=5.0)
        return real(*args, **kw)

    monkeypatch.setattr("parsers.subscriptions.refresh", fast)


def _done(messages: list[object]) -> list[FeedsRefreshed]:
    return list({id(m): m for m in messages if isinstance(m, FeedsRefreshed)}.values())


@pytest.mark.usefixtures("_fast_fetch")
async def test_ctrl_r_updates_an_edited_article_in_place(server: FeedServer) -> None:
    server.routes["/f.xml"] = Route(rss("Harbor Gazette", ITEMS))
    with Library(library_path()) as lib:
        lib.add(server.url("/f.xml"))
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: screen.result is not None)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: len(_done(messages)) == 1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        size = len(screen.corpus)
        screen.state = parse_query("source:harbor")
        await pilot.pause()
        assert screen.result is not None and screen.result.total == 3
        titles = {screen.corpus.headline(r).title: r for r in screen.result.rows}
        row = titles["Council pay deal"]
        assert screen.headlines.move_to_row(row)
        await pilot.press("enter")  # open it: the reader shows it
        await wait_until(pilot, lambda: screen.reader.row == row)
        await pilot.press("escape")

        server.routes["/f.xml"] = Route(rss("Harbor Gazette", [*EDITED, ("a4", "Bridge reopens")]))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: len(_done(messages)) == 2)
        await app.workers.wait_for_complete()
        await pilot.pause()

        corpus = screen.corpus
        assert len(corpus) == size + 1  # only the new one was added; the edit replaced its row
        assert corpus.headline(row).title == "Council pay deal collapses"
        assert corpus.article(row).paragraphs == ("Body of Council pay deal collapses.",)
        assert screen.state == parse_query("source:harbor")  # the filter stayed
        assert screen.result is not None and screen.result.total == 4
        assert screen.headlines.current_row == row  # the cursor stayed on the article
        assert screen.reader.row == row and screen.reader.article is not None
        assert screen.reader.article.title == "Council pay deal collapses"
        # the list repaints the new title (no stale cached line)
        y = screen.headlines.cursor - int(screen.headlines.scroll_offset.y)
        assert "Council pay deal collapses" in screen.headlines.render_line(y).text
        # the new words are searchable, and the old title is gone from the list
        assert list(corpus.query(parse_query("collapses")).rows) == [row]
        shown = [corpus.headline(r).title for r in screen.result.rows]
        assert shown.count("Council pay deal") == 0
        [_, second] = _done(messages)
        assert second.updated == 1
