"""Pilot tests for problems found in hands-on QA of the reading desk."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console

from parsers.corpus.query import Term
from tests.support import DUMPS
from tests.support.articles import (
    build_corpus,
    day,
    make_app,
    make_article,
    sample_articles,
    wait_loaded,
    wait_until,
)
from tui.app import NewsApp, run_app
from tui.widgets.reader import ArticleBody

BASIC_DUMP = DUMPS / "basic.txt"


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


async def test_space_and_n_p_read_from_the_headline_list() -> None:
    """Space in the list opens the highlighted article, then pages it; n / p open the
    next / previous one; the list keeps the focus throughout."""
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        first = screen.headlines.rows[0]
        await pilot.press("space")
        await pilot.pause()
        assert screen.reading.read == {first}
        assert screen.reader.row == first and screen.reader.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert screen.reader.scroll_y > 0  # paged, still on the same article
        assert screen.headlines.cursor == 0
        await pilot.press("n")
        await pilot.pause()
        second = screen.headlines.rows[1]
        assert screen.headlines.cursor == 1
        assert screen.reader.row == second and second in screen.reading.read
        await pilot.press("p")
        assert screen.headlines.cursor == 0 and screen.reader.row == first
        assert screen.headlines.has_focus
        for _ in range(20):  # space at the end of an article goes on to the next one
            await pilot.press("space")
            await pilot.pause()
            if screen.headlines.cursor:
                break
        assert screen.headlines.cursor == 1 and screen.reader.row == second
        assert screen.reader.scroll_y == 0


async def test_help_lists_list_reading_keys_and_the_query_grammar() -> None:
    from tui.screens.help import KEYS

    sections = dict(KEYS)
    headline_keys = {keys for keys, _ in sections["Headlines"]}
    assert {"space / shift+space", "n / p"} <= headline_keys
    grammar = " ".join(keys for keys, _ in sections["Query (/ and --filter)"])
    for field in ("person:", "country:", "org:", "place:", "author:", "source:", "after:"):
        assert field in grammar


async def test_unknown_entity_is_warned_once_not_on_every_sort() -> None:
    app = make_app()
    warnings: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        real_notify = app.notify

        def notify(message: str, **kwargs: object) -> None:
            if kwargs.get("severity") == "warning":
                warnings.append(message)
            real_notify(message, **kwargs)  # type: ignore[arg-type]

        app.notify = notify  # type: ignore[method-assign]
        await pilot.press("slash", *"person:Nobody", "enter")
        await pilot.pause()
        assert warnings == ["No entity matches person:Nobody"]
        await pilot.press("s", "s")
        await pilot.pause()
        assert len(warnings) == 1
        assert screen.sort == "source"
        await pilot.press("c", "u")  # back again: a new arrival of the name, warned again
        await pilot.pause()
        assert len(warnings) == 2


def reader_text(app: NewsApp) -> str:
    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(app.main_screen.query_one(ArticleBody).content)
    return console.file.getvalue()  # type: ignore[attr-defined]


async def test_headline_without_body_shows_no_reading_time() -> None:
    stub = replace(make_article("Headline Scraped Without Its Body", day(20), []), truncated=True)
    app = make_app(build_corpus([*sample_articles(), stub]))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        assert screen.reader.article is not None
        assert screen.reader.article.title == stub.title  # the newest: opened first
        text = reader_text(app)
        assert "min read" not in text
        assert "(no body text)" in text and "truncated" in text
        await pilot.press("j")
        await pilot.pause()
        assert "min read" in reader_text(app)


async def test_slash_appends_to_the_filter_instead_of_replacing_it() -> None:
    """``/`` opens the bar on the current filter with the cursor at the end, nothing
    selected: typing a word adds a term, it does not wipe the sidebar's filters."""
    app = make_app(filter_query="country:RU")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("space", *"putin", "enter")
        await pilot.pause()
        assert Term("country", "RU") in screen.state.terms
        assert Term("text", "putin") in screen.state.terms


LONG_FILTER = (
    'person:"Vladimir V. Putin" person:"Donald J. Trump" -country:RU country:UA '
    'org:NATO after:2025-02-01 before:2025-03-01 "peace talks"'
)


async def test_many_filters_at_80_columns_keep_the_sort_in_sight() -> None:
    """Chips that do not fit give way to '+N more'; the count and sort stay visible."""
    app = make_app(filter_query=LONG_FILTER)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        status = str(screen.query_one("#status").render())
        assert "⇅ newest (s)" in status
        assert " more" in status
        assert status.startswith(f"{screen.result.total} / 8 articles")  # type: ignore[union-attr]
        await pilot.resize_terminal(220, 24)
        await pilot.pause()
        status = str(screen.query_one("#status").render())
        assert " more" not in status and "peace talks" in status


async def test_a_long_filter_in_the_query_bar_ends_in_an_ellipsis() -> None:
    app = make_app(filter_query=LONG_FILTER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        first_row = "".join(segment.text for segment in strips[0])
        assert first_row.rstrip().endswith("…")
        assert "Putin" in first_row


async def test_reader_says_retrieved_for_a_header_time_and_no_invented_midnight() -> None:
    """No "Published" line: the time is the dump header's, when the page was scraped.
    "Published March 8, 2026" (no time): the reader shows no made-up 00:00."""
    scraped = replace(
        make_article("A Page Scraped Without a Dated Line", day(20, 21), ["Body text."]),
        lines=(),
    )
    dated = replace(
        make_article("A Page With a Date but No Time", day(19), ["Body text."]),
        published=datetime(2025, 2, 19),
    )
    app = make_app(build_corpus([*sample_articles(), scraped, dated]))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        assert screen.reader.article is not None
        assert screen.reader.article.title == scraped.title
        text = reader_text(app)
        assert "Retrieved Feb 20, 2025 21:00" in text and "Published " not in text
        await pilot.press("j")
        await pilot.pause()
        assert screen.reader.article.title == dated.title
        text = reader_text(app)
        assert "Published Feb 19, 2025 ·" in text and "00:00" not in text


async def test_wide_headline_list_shows_whole_source_names() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        row = screen.headlines.render_row(0, screen.headlines.size.width, False).text
        assert "The Daily Led…" in row  # beside the sidebar: the narrow source column
        await pilot.press("b")
        await pilot.pause()
        assert screen.headlines.size.width >= 110
        row = screen.headlines.render_row(0, screen.headlines.size.width, False).text
        assert "The Daily Ledger" in row


async def test_source_filter_chip_says_it_is_a_source() -> None:
    app = make_app(filter_query="source:wire")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        status = str(app.main_screen.query_one("#status").render())
        assert " source wire " in status


async def test_help_reflows_when_the_terminal_shrinks() -> None:
    from tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text")

        def lines() -> int:  # the help is laid out once per width, as text
            return len(str(text.content).splitlines())  # type: ignore[union-attr]

        side_by_side = lines()  # two columns: fewer, longer lines
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert lines() > side_by_side + 20
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert lines() == side_by_side


async def test_help_scrolls_with_the_usual_keys() -> None:
    from tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.box
        assert box.max_scroll_y > 0  # taller than 24 rows: it has to scroll
        await pilot.press("j", "j")
        await pilot.pause()
        assert box.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert box.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert box.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert box.scroll_y > 2


async def test_entity_list_moves_with_j_k() -> None:
    from textual.widgets import OptionList

    from tui.screens.entity_list import EntityListScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntityListScreen)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 0
        await pilot.press("j", "j", "k")
        assert options.highlighted == 1
        second = app.screen.rows[1]
        await pilot.press("enter")
        await pilot.pause()
        assert screen.result is not None and second.key in dict(screen.result.active)


async def test_find_box_with_no_match_keeps_focus_and_changes_nothing() -> None:
    """Enter on "no match" used to jump to the list's first row, a section header,
    where the next enter flipped People to OR without a word."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("f", *"zzqx")
        await pilot.pause()
        assert not any(s.entries for s in screen.facets.sections)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "entity-find"
        assert screen.state.is_empty and not screen.state.or_kinds


async def test_reader_times_carry_their_zone() -> None:
    from zoneinfo import ZoneInfo

    eastern = datetime(2025, 2, 20, 5, 47, tzinfo=ZoneInfo("America/New_York"))
    article = make_article("Updated in Eastern Time", day(20, 1), ["Body text."], updated=eastern)
    app = make_app(build_corpus([*sample_articles(), article]))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        text = reader_text(app)
        assert "Published Feb 20, 2025 01:00 UTC" in text
        assert "Updated Feb 20, 2025 05:47 EST" in text


def test_a_bare_offset_reads_as_utc_plus_minus_hours() -> None:
    from datetime import timedelta, timezone

    from tui.present.article import absolute_time

    when = datetime(2026, 3, 9, 5, 47, tzinfo=timezone(timedelta(hours=-4)))
    assert absolute_time(when) == "Mar 9, 2026 05:47 UTC-4"  # not "UTC-04:00"
    india = datetime(2026, 3, 9, 5, 47, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert absolute_time(india).endswith("UTC+5:30")


async def test_tab_into_the_sidebar_lands_on_an_entity_not_a_header() -> None:
    """The first enter after tabbing in includes an entity (it used to flip People to OR)."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("tab", "tab")
        assert screen.facets.has_focus
        row = screen.facets.row_at(screen.facets.cursor)
        assert row.type == "entity" and row.kind == "person"
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.state.or_kinds
        assert [t.field for t in screen.state.terms] == ["person"]
        await pilot.press("k", "o")  # the header is still reachable, and o still works
        await pilot.pause()
        assert screen.state.or_kinds == frozenset({"person"})


async def test_space_in_the_reader_goes_on_to_the_next_article_at_the_end() -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = app.main_screen
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reader.has_focus
        first, second = screen.headlines.rows[0], screen.headlines.rows[1]
        await pilot.press("space")
        await pilot.pause()
        assert screen.reader.row == first and screen.reader.scroll_y > 0
        for _ in range(20):
            await pilot.press("space")
            await pilot.pause()
            if screen.reader.row != first:
                break
        assert screen.reader.row == second and second in screen.reading.read
        assert screen.reader.has_focus and screen.headlines.cursor == 1


async def test_palette_says_remove_for_an_active_filter() -> None:
    from textual.command import CommandList

    app = make_app(filter_query='person:"Marco Rubio"')
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"rubio")
        # the palette searches in a background task: wait for a hit
        await wait_until(
            pilot,
            lambda: (hits := app.screen.query(CommandList)) and hits.first().option_count,
        )
        prompt = str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)
        assert prompt.startswith("Remove filter: Marco Rubio"), prompt
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state.is_empty


async def test_reader_rule_is_cropped_not_wrapped_in_a_narrow_pane() -> None:
    app = make_app()
    async with app.run_test(size=(30, 24)) as pilot:
        await pilot.pause()
        body = app.main_screen.query_one(ArticleBody)
        assert body.size.width < 40
        lines = [
            "".join(s.text for s in body.render_line(y)).strip()
            for y in range(body.virtual_size.height or body.size.height)
        ]
        rules = [line for line in lines if line and set(line) == {"─"}]
        assert len(rules) == 1, lines


async def test_a_directory_of_bad_files_does_not_bury_the_screen_in_toasts(
    tmp_path: Path,
) -> None:
    from tui.load import NOTICES_SHOWN

    for i in range(12):
        (tmp_path / f"empty_{i:02d}.txt").write_text("")
    (tmp_path / "good.txt").write_text(BASIC_DUMP.read_text(encoding="utf-8"))
    app = make_app(paths=[str(tmp_path)], use_cache=False)
    shown: list[str] = []
    real_notify = app.notify

    def notify(message: str, **kwargs: object) -> None:
        shown.append(message)
        real_notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        assert len(app.load_errors) == 12  # every one is kept for the summary on exit
        file_toasts = [m for m in shown if "empty file" in m]
        assert len(file_toasts) == NOTICES_SHOWN
        assert any("and 9 more files could not be read" in m for m in shown)
        assert len(app.corpus) > 0


def test_run_app_lists_warnings_on_exit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fake_run(self: NewsApp) -> None:
        self.load_warnings.append("x.txt: not valid UTF-8; decoded as cp1252")

    monkeypatch.setattr(NewsApp, "run", fake_run)
    assert run_app(make_app(paths=["x.txt"], use_cache=False)) == 0
    err = capsys.readouterr().err
    assert "1 warning" in err and "decoded as cp1252" in err


async def test_status_line_loading_text_follows_each_progress_report() -> None:
    from tui.messages import LoadProgress

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        screen.loader.running = True
        screen.loader.throttle.cost = 1.0  # no re-query for a while
        screen.post_message(LoadProgress(2, 8, 750, 1_000_000, 4_000_000, 1.0, 375, False))
        await pilot.pause()
        status = str(screen.query_one("#status").render())
        assert "loading 2/8 files · 750 articles" in status
        screen.loader.running = False


async def test_file_names_in_load_toasts_are_not_markup(tmp_path: Path) -> None:
    missing = tmp_path / "[bold]x[/bold] [@click=app.quit]y[/].txt"
    app = make_app(paths=[str(missing)], use_cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        toasts = [n for n in app._notifications if n.severity == "error"]
        assert len(toasts) == 1 and not toasts[0].markup
        assert "[bold]x[/bold] [@click=app.quit]y[/].txt" in toasts[0].message
        assert app.is_running


async def test_an_article_title_in_the_entity_list_is_not_markup() -> None:
    title = "[red]Alert[/red] over [@click=app.quit]Kyiv[/]"
    article = make_article(title, day(20), ["Residents of Kyiv woke to sirens."])
    app = make_app(build_corpus([*sample_articles(), article]))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        assert screen.headlines.move_to_row(len(app.corpus) - 1)
        await pilot.press("enter", "e")
        await pilot.pause()
        box = app.screen.query_one("#entity-box")
        assert box._border_title is not None
        assert box._border_title.plain == f"In this article: {title}"
