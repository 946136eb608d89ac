"""Issue 15 item 6, the app's parts: keys sent in one burst, ctrl+u, tab out of the
query bar, what ``e`` says on an empty result, and the status line and sidebar while
files are still loading."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from parsers.corpus.query import FilterState, Term
from tests.support.articles import build_corpus, make_app, sample_articles
from tui.present.sidebar import sidebar_view


def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Send ``keys`` as a terminal does in one read: all queued before any is handled."""
    app = pilot.app
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_keys_typed_in_one_burst_after_slash_reach_the_query_bar() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        burst(pilot, "slash", *"tariff")
        await pilot.pause()
        await pilot.pause()
        assert screen.querybar.editing
        assert screen.querybar.input.value == "tariff"
        assert not screen.sidebar.find_text  # (the f of tariff did not open the find box)
        burst(pilot, "enter")
        await pilot.pause()
        assert screen.state == FilterState((Term("text", "tariff"),))


async def test_keys_typed_in_one_burst_after_f_reach_the_find_box() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        burst(pilot, "f", *"taipei")
        await pilot.pause()
        await pilot.pause()
        assert screen.sidebar.find_text == "taipei"
        assert screen.state == FilterState()  # (no t for the timeline, no s for sort)
        assert screen.sort == "newest"


async def test_ctrl_u_then_text_in_one_burst_keeps_the_text() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("slash", *"nato")
        burst(pilot, "ctrl+u", *"kyiv", "backspace", "v")
        await pilot.pause()
        await pilot.pause()
        assert screen.querybar.input.value == "kyiv"


async def test_tab_out_of_the_query_bar_applies_the_edit() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("slash", *"nato", "tab")
        await pilot.pause()
        assert not screen.querybar.editing
        assert screen.state == FilterState((Term("text", "nato"),))
        assert not screen.querybar.has_focus_within  # the focus went where tab sent it
        # an edit that does not parse stays open, with its error, rather than vanish
        await pilot.press("slash", "ctrl+u", *"person:", "tab")
        await pilot.pause()
        assert screen.querybar.editing
        assert screen.querybar.error is not None
        assert screen.state == FilterState((Term("text", "nato"),))
        # esc is the one way to drop an edit
        screen.querybar.input.focus()
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.querybar.editing
        assert screen.state == FilterState((Term("text", "nato"),))


async def test_e_on_an_empty_result_says_what_is_true() -> None:
    app = make_app(filter_query="nosuchwordanywhere")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert messages and "No article in this result" in messages[-1]
        assert not any("Open an article first" in m for m in messages)
        assert app.screen is app.main_screen  # no modal over nothing


async def test_while_loading_the_count_is_not_a_filter_and_sections_say_loading() -> None:
    articles = sample_articles()
    app = make_app(build_corpus(articles[:3]))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        screen.loader.running = True  # as during a load: more files come in ...
        app.corpus.add(articles[3:])
        screen.show_status()  # ... and the progress redraws the status line
        view = screen.query_one("#status").render()
        assert "3 / 3 articles" in str(view)
        assert f"/ {len(articles)}" not in str(view)
        screen.refresh_result()  # the throttled re-query catches up
        assert f"{len(articles)} / {len(articles)} articles" in str(
            screen.query_one("#status").render()
        )
        screen.loader.running = False


def test_empty_sidebar_sections_say_loading_while_files_come_in() -> None:
    corpus = build_corpus(sample_articles())
    state = FilterState((Term("text", "nosuchwordanywhere"),))
    result = corpus.query(state)
    loading = sidebar_view(corpus, result, state, "newest", str, loading=True)
    done = sidebar_view(corpus, result, state, "newest", str)
    empty_loading = [s.empty_text for s in loading.sections if not s.entries]
    empty_done = [s.empty_text for s in done.sections if not s.entries]
    assert empty_loading and set(empty_loading) == {"loading…"}
    assert set(empty_done) == {"none in this result"}


async def test_help_has_a_legend_in_the_readers_colours() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.main_screen.reader
        await pilot.press("question_mark")
        await pilot.pause()
        from tui.screens.help import legend_rows

        rows = legend_rows(reader.get_component_rich_style)
        samples = {str(sample): sample for sample, _ in rows}
        country = samples["Ukraine"]
        assert isinstance(country, Text)
        assert country.style == reader.get_component_rich_style("reader--country")
        assert samples["Ukraine"].style != samples["NATO"].style  # type: ignore[union-attr]
        shown = app.screen.query_one("#help-text", Static).content
        console = Console(width=120, record=True)
        console.print(shown)
        text = console.export_text()
        assert "Reader colours" in text and "an organisation" in text
        assert "zoom the focused pane" in text
