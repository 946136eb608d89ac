"""Issue 15 item 11's small items: places with their country code, the ``e`` list by
mentions, whole kicker badges, no source column for a one-source corpus, times of
day for a one-day result, and the reader's date wording."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from textual.widgets import Static

from parsers.corpus.query import parse_query
from parsers.when import reader_zone
from tests.support.articles import build_corpus, day, make_app, make_article, sample_articles
from tui.screens.entity_list import EntityListScreen


def _row_text(app: object, index: int, width: int = 110) -> str:
    headlines = app.main_screen.headlines  # type: ignore[attr-defined]
    return headlines.render_row(index, width, False).text


async def test_places_show_their_country_code_in_the_sidebar() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        facets = app.main_screen.facets
        places = next(s for s in facets.sections if s.kind == "place")
        names = {facets.view.name_of(key) for key, _ in places.entries}
        assert "Kyiv (UA)" in names and "Taipei (TW)" in names


async def test_e_lists_the_most_mentioned_first_then_the_authors() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EntityListScreen)
        entities = [r for r in screen.rows if r.kind != "author"]
        counts = [r.mentions for r in entities]
        assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
        kinds = [r.kind for r in screen.rows]
        assert kinds[-1] == "author" and "author" not in kinds[: len(entities)]


async def test_kicker_badges_are_whole_when_there_is_room() -> None:
    long = "The Trump Administration"  # 24 characters
    articles = [
        make_article("Tariffs Are Back", day(10), ["NATO met."], kicker=long),
        make_article("Another One", day(9), ["NATO met."], source="Morning Wire"),
    ]
    app = make_app(build_corpus(articles))
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        assert long.upper() in _row_text(app, 0, 110)
        assert "Tariffs Are Back" in _row_text(app, 0, 110)
        # a narrow list still gives the title the room first
        assert long.upper() not in _row_text(app, 0, 60)


async def test_the_source_column_shows_only_when_there_are_several_sources() -> None:
    one = [
        make_article("First Story", day(10), ["NATO met."]),
        make_article("Second Story", day(9), ["NATO met."]),
    ]
    app = make_app(build_corpus(one))
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        assert "The Daily Ledger" not in _row_text(app, 0)
    app = make_app()  # two sources
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        assert any(
            "The Daily Ledger" in _row_text(app, i) or "Morning Wire" in _row_text(app, i)
            for i in range(3)
        )


async def test_a_one_day_result_lists_times_of_day() -> None:
    articles = [
        *sample_articles(),
        make_article("Late Edition", day(14, 21), ["NATO met again."], source="Morning Wire"),
    ]
    app = make_app(build_corpus(articles))
    async with app.run_test(size=(160, 36)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        assert "2025-02-14" in _row_text(app, 0)
        screen.set_state(parse_query("after:2025-02-14 before:2025-02-15"))
        await pilot.pause()
        rows = list(screen.headlines.rows)
        assert len(rows) == 2
        for index, row in enumerate(rows):
            when = datetime.fromtimestamp(app.corpus.headline(row).when, reader_zone())
            assert when.date().isoformat() == "2025-02-14"
            assert when.strftime("%H:%M") in _row_text(app, index)
        screen.set_state(parse_query(""))
        await pilot.pause()
        assert "2025-02-14" in _row_text(app, 0)


async def test_the_readers_dates_read_naturally() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        console = Console(width=100, record=True)
        console.print(app.main_screen.reader.query_one("#article-body", Static).content)
        text = console.export_text()
        assert "· the newest article" in text
        assert "· newest article" not in text
