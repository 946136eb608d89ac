"""The reading layout at every size (issue 15 item 8): the compact header and the
reading split at 80x24, ``z`` zoom, ``-``/``+`` resizing, ``f`` on a narrow screen,
and the side-by-side layout of a 200-column terminal."""

from __future__ import annotations

from textual.geometry import Region

from tests.support.articles import build_corpus, make_app, many_articles
from tui.panes import READING_ROWS, SPLIT, SPLIT_STEP
from tui.widgets.reader import ArticleBody


def _rows(widget: object) -> int:
    return widget.region.height  # type: ignore[attr-defined]


async def test_reading_at_80x24_gives_the_reader_the_room() -> None:
    app = make_app(build_corpus(many_articles(30)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        browsing = _rows(screen.headlines)
        assert browsing >= 8  # browsing: the list has its share
        await pilot.press("j", "enter")
        await pilot.pause()
        assert screen.reader.has_focus
        # reading: the list keeps a few rows for context, the reader gets the rest
        assert _rows(screen.headlines) == READING_ROWS + 1
        assert _rows(screen.reader) >= 13
        assert screen.reader.compact
        # the compact header: title, dek, one line of byline · date · source, the rule,
        # and the body starts above the fold
        body = screen.reader.query_one(ArticleBody)
        lines = [strip.text for strip in body.render_lines(Region(0, 0, *body.size))]
        first = screen.reader.article.blocks[0].text  # type: ignore[union-attr]
        assert any(first[:30] in line for line in lines[: _rows(screen.reader) - 3])
        # the list still shows the open article's row (the cursor stays in sight)
        top = screen.headlines.scroll_offset.y
        assert top <= screen.headlines.cursor < top + READING_ROWS
        await pilot.press("escape")
        await pilot.pause()
        assert _rows(screen.headlines) == browsing
        assert not screen.reader.compact or _rows(screen.reader) < 16


async def test_z_zooms_the_focused_pane_and_follows_the_focus() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("z")
        await pilot.pause()
        assert screen.panes.zoomed
        assert screen.headlines.display and not screen.reader.display
        assert not screen.sidebar.display
        assert _rows(screen.headlines) > 28
        await pilot.press("enter")  # opening from a zoomed list: the article, full screen
        await pilot.pause()
        assert screen.reader.display and not screen.headlines.display
        assert screen.reader.has_focus and _rows(screen.reader) > 28
        await pilot.press("escape")  # back to the list, still zoomed
        await pilot.pause()
        assert screen.headlines.display and not screen.reader.display
        await pilot.press("z")
        await pilot.pause()
        assert not screen.panes.zoomed
        assert screen.headlines.display and screen.reader.display and screen.sidebar.display


async def test_minus_and_plus_resize_the_split_and_it_holds_while_reading() -> None:
    app = make_app(build_corpus(many_articles(30)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        before = _rows(screen.headlines)
        await pilot.press("minus")
        await pilot.pause()
        assert screen.panes.split == SPLIT - SPLIT_STEP
        assert _rows(screen.headlines) < before
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert screen.panes.split == SPLIT + SPLIT_STEP
        grown = _rows(screen.headlines)
        assert grown > before
        await pilot.press("enter")  # a split of the user's own is kept while reading
        await pilot.pause()
        assert screen.reader.has_focus
        assert _rows(screen.headlines) == grown
        for _ in range(10):
            await pilot.press("equals_sign")
        assert screen.panes.split <= 85  # clamped: the reader never disappears
        assert _rows(screen.reader) > 0


async def test_f_on_a_narrow_screen_shows_the_sidebar_only_for_the_visit() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        assert not screen.sidebar.display
        await pilot.press("f", *"putin")
        await pilot.pause()
        assert screen.sidebar.display
        assert screen.sidebar.find_text == "putin"
        await pilot.press("enter", "enter")  # to the best match, picked: the sidebar goes
        await pilot.pause()
        assert any(t.field == "person" for t in screen.state.terms)
        assert not screen.sidebar.display
        assert screen.headlines.has_focus
        # a visit left with esc / tab ends the same way
        await pilot.press("f")
        await pilot.pause()
        assert screen.sidebar.display
        screen.facets.focus()
        await pilot.pause()
        assert screen.sidebar.display  # moving within the sidebar keeps it
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.sidebar.display
        # b still pins it open on a narrow screen
        await pilot.press("b")
        await pilot.pause()
        screen.headlines.focus()
        await pilot.pause()
        assert screen.sidebar.display


async def test_200_columns_sit_list_and_reader_side_by_side() -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = app.main_screen
        await pilot.press("enter")
        await pilot.pause()
        headlines, reader, sidebar = screen.headlines, screen.reader, screen.sidebar
        assert headlines.region.y == reader.region.y
        assert reader.region.x > headlines.region.right - 1
        assert headlines.region.height > 50 and reader.region.height > 50
        assert sidebar.region.width > 40  # room for whole names
        # nothing cut that fits: the longest name in the sidebar shows whole
        names = [
            screen.names.key_name(key)
            for section in screen.facets.sections
            for key, _ in section.entries
        ]
        assert max(len(n) for n in names) + 6 <= sidebar.region.width
        assert not reader.compact


def test_no_two_main_screen_bindings_share_a_key() -> None:
    """Two features binding one key fail loudly here, not silently in the app
    (``z`` is the zoom)."""
    from textual.binding import Binding

    from tui.screens.main import MainScreen

    seen: dict[str, str] = {}
    for binding in MainScreen.BINDINGS:
        assert isinstance(binding, Binding)
        for key in binding.key.split(","):
            assert key not in seen, f"{key!r} is bound to {seen[key]} and {binding.action}"
            seen[key] = binding.action
    assert seen["z"] == "zoom"
