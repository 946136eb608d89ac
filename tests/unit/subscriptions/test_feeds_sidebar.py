"""The sidebar's Feeds and Tags sections: unread counts, a failing feed's error, and
enter on a feed or a tag filtering by it (``feed:`` / ``tag:`` terms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parsers.corpus.query import parse_query
from parsers.subscriptions import Library, library_path, refresh, refresh_async
from tests.support.articles import make_app, wait_loaded, wait_until
from tests.unit.subscriptions.feedserver import FAST, FeedServer, Route, rss
from tui.subscriptions_cmd import library_paths

if TYPE_CHECKING:
    from tui.widgets.sidebar import FacetList


def rows_text(facets: FacetList) -> list[str]:
    return [facets.render_row(i, 40, False).text.rstrip() for i in range(facets.row_count)]


def named(facets: FacetList, kind: str) -> dict[str, int]:
    section = facets.section_of(kind)
    assert section is not None, f"no {kind} section"
    return {facets.view.name_of(key): count for key, count in section.entries}


async def test_feeds_and_tags_sections(server: FeedServer) -> None:
    server.routes["/a.xml"] = Route(
        rss("Harbor Gazette", [("a1", "Ferry fares rise"), ("a2", "Council pay deal")])
    )
    server.routes["/c.xml"] = Route(rss("Plains Ledger", [("c1", "Wheat harvest down")]))
    server.routes["/bad.xml"] = Route(b"", status=500)
    with Library(library_path()) as lib:
        lib.add(server.url("/a.xml"), tags=["Local"])
        lib.add(server.url("/c.xml"), name="Plains", tags=["local", "Farming"])
        lib.add(server.url("/bad.xml"), name="Broken Feed", tags=["Local"])
        await refresh_async(lib, options=FAST)
    app = make_app(paths=library_paths())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await wait_loaded(pilot)
        facets = screen.facets
        assert named(facets, "feeds") == {"Harbor Gazette": 2, "Plains": 1, "Broken Feed": 0}
        assert named(facets, "tags") == {"Local": 3, "Farming": 1}
        text = rows_text(facets)
        assert any("HTTP 500" in line for line in text)  # the failing feed says why
        broken = next(i for i, line in enumerate(text) if "Broken Feed" in line)
        assert "HTTP 500" in text[broken + 1]

        # enter on a feed filters by it
        facets.focus()
        feed_key = next(k for k, _ in facets.section_of("feeds").entries  # type: ignore[union-attr]
                        if facets.view.name_of(k) == "Harbor Gazette")  # fmt: skip
        assert facets.move_to_key(feed_key)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.result is not None and screen.result.total == 2)
        assert screen.state == parse_query('feed:"Harbor Gazette"')
        assert facets.view.active.get(feed_key) is False  # marked as included
        # enter again removes it
        assert facets.move_to_key(feed_key)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.state == parse_query(""))

        # a tag: every feed carrying it (case-folded: "Local" and "local")
        tag_key = next(k for k, _ in facets.section_of("tags").entries  # type: ignore[union-attr]
                       if facets.view.name_of(k) == "Local")  # fmt: skip
        assert facets.move_to_key(tag_key)
        await pilot.press("x")  # exclude
        await wait_until(pilot, lambda: screen.state == parse_query("-tag:Local"))
        assert screen.result is not None and screen.result.total == 0
        assert facets.move_to_key(tag_key)
        await pilot.press("space")
        await wait_until(pilot, lambda: screen.state == parse_query("tag:Local"))
        assert screen.result is not None and screen.result.total == 3

        # reading an article lowers its feed's unread count
        screen.headlines.focus()
        screen.state = parse_query("feed:plains")
        await wait_until(pilot, lambda: screen.result is not None and screen.result.total == 1)
        await pilot.press("r")
        await wait_until(pilot, lambda: named(facets, "feeds")["Plains"] == 0)
        assert named(facets, "tags") == {"Local": 2, "Farming": 0}


async def test_no_sections_without_subscriptions() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.main_screen.result is not None)
        assert app.main_screen.facets.section_of("feeds") is None
        assert app.main_screen.facets.section_of("tags") is None


def test_the_subscriptions_table_shows_the_error(server: FeedServer, capsys) -> None:  # type: ignore[no-untyped-def]
    from tui.cli import main

    server.routes["/bad.xml"] = Route(b"", status=500)
    with Library(library_path()) as lib:
        lib.add(server.url("/bad.xml"), name="Broken Feed")
        refresh(lib, options=FAST)
    assert main(["subscriptions"]) == 0
    out = capsys.readouterr().out
    [row] = [line for line in out.splitlines() if "Broken Feed" in line]
    assert "error: HTTP 500" in row


def test_export_filters_the_library_by_feed(server: FeedServer, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from tui.cli import main

    server.routes["/a.xml"] = Route(rss("Harbor Gazette", [("a1", "Ferry fares rise")]))
    server.routes["/c.xml"] = Route(rss("Plains Ledger", [("c1", "Wheat harvest down")]))
    with Library(library_path()) as lib:
        lib.add(server.url("/a.xml"), tags=["Local"])
        lib.add(server.url("/c.xml"), tags=["Farming"])
        refresh(lib, options=FAST)
    assert main(["export", "--format", "jsonl", "--filter", "tag:farming"]) == 0
    titles = [json.loads(line)["title"] for line in capsys.readouterr().out.splitlines()]
    assert titles == ["Wheat harvest down"]


def test_status_chips_name_the_field() -> None:
    from parsers.corpus.query import Term
    from tui.present.status import term_label

    def no_entities(kind: str, value: str) -> str:
        raise AssertionError("feed/tag values are not entity names")

    assert term_label(Term("feed", "Harbor Gazette"), no_entities) == "feed Harbor Gazette"
    assert term_label(Term("tag", "local", True), no_entities) == "tag local"
