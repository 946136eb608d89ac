"""The query's words marked in the reader (issue 15 item 9)."""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.text import Text

from parsers.corpus.query import parse_query
from tests.support.articles import day, make_app, make_article
from tui.present.article import MentionMarks, ReaderStyles, render_article
from tui.present.matches import match_patterns

MATCH = Style(bgcolor="yellow")


def _styles(name: str) -> Style:
    return MATCH if name == "reader--match" else Style()


def _marked(renderable: object) -> list[str]:
    """The text of every span drawn in the match style."""
    assert isinstance(renderable, Group)
    out: list[str] = []
    for part in renderable.renderables:
        if isinstance(part, Text):
            out.extend(part.plain[s.start : s.end] for s in part.spans if s.style == MATCH)
    return out


def test_words_stems_prefixes_and_phrases_are_marked() -> None:
    article = make_article(
        "Tariffs Rattle Taiwan",
        day(10),
        ["The tariff talks stalled.", "Peace talks in Munich; peacekeepers wait."],
    )
    state = parse_query('tariff OR "peace talks" munic* -taiwan')
    marks = MentionMarks(matches=match_patterns(state))
    marked = _marked(render_article(article, ReaderStyles(_styles), None, marks=marks))
    assert sorted(marked) == sorted(["Tariffs", "tariff", "Peace talks", "Munich"])
    assert "Taiwan" not in marked  # an excluded word marks nothing


def test_no_text_term_marks_nothing() -> None:
    assert match_patterns(parse_query("country:UA -nato")) == ()


async def test_the_reader_marks_the_query_words() -> None:
    app = make_app(filter_query="phone")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("enter")
        await pilot.pause()
        reader = screen.reader
        match = reader.get_component_rich_style("reader--match")
        assert match.bgcolor is not None
        shown = [
            part.plain[s.start : s.end]
            for part in reader._rendered.renderables  # type: ignore[union-attr]
            if isinstance(part, Text)
            for s in part.spans
            if s.style == match
        ]
        assert "Phone" in shown
        # a new filter restyles the open article: no words, no marks
        screen.set_state(parse_query(""))
        await pilot.pause()
        assert reader._marks.matches == ()


async def test_ctrl_f_finds_in_the_article_and_n_shift_n_step_through_the_hits() -> None:
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        screen = app.main_screen
        await pilot.press("enter")
        await pilot.pause()
        reader = screen.reader
        row = reader.row
        await pilot.press("ctrl+f", *"putin")
        await pilot.pause()
        assert reader.find_input.has_focus and reader.find_text == "putin"
        hits = reader.find_hits
        assert hits >= 2 and reader.find_hit == 0
        await pilot.press("enter")  # keep the find, back to reading
        await pilot.pause()
        assert reader.has_focus and not reader.find_input.display
        await pilot.press("n")
        assert reader.find_hit == 1 and reader.row == row  # n: the next hit, not article
        await pilot.press("N")
        assert reader.find_hit == 0
        lines = reader._lines("find")
        assert len(lines) == hits and lines == sorted(lines)
        await pilot.press("escape")  # ends the find ...
        await pilot.pause()
        assert reader.find_text == "" and reader.find_hits == 0 and reader.has_focus
        await pilot.press("n")  # ... and n steps to the next article again
        await pilot.pause()
        assert reader.row != row
        await pilot.press("escape")
        await pilot.pause()
        assert screen.headlines.has_focus


async def test_a_find_with_no_hit_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "ctrl+f", *"zzyzx", "enter")
        await pilot.pause()
        reader = app.main_screen.reader
        assert reader.find_hits == 0
        assert any("not in this article" in str(n.message) for n in app._notifications)
