"""Stories in the app: `S` groups the list, the reader's "Also covered by", `a`, `A`."""

from __future__ import annotations

import functools
from pathlib import Path

from textual.widgets import Static

from parsers.corpus.index import Corpus
from parsers.corpus.query import Term
from parsers.pipeline import load_paths
from tests.support.articles import make_app, wait_until
from tui.stories import collapse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stories"


@functools.cache
def tech_corpus() -> Corpus:
    """The ``tech`` set, loaded once for these tests (they only read it)."""
    files = sorted(str(p) for p in (FIXTURES / "tech").iterdir())
    return load_paths(files, use_cache=False).corpus


def test_collapse_keeps_first_row_of_each_story() -> None:
    import numpy as np

    labels = np.asarray([0, 0, 2, 0, 4, 2])
    rows, badges = collapse([5, 1, 0, 4, 2, 3], labels)
    assert list(rows) == [5, 1, 4]
    assert badges == {5: 1, 1: 2}
    assert list(collapse([], labels)[0]) == []


async def test_S_groups_and_ungroups_the_list() -> None:
    corpus = tech_corpus()
    app = make_app(corpus)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: len(screen.headlines.rows) == 11)
        await pilot.press("S")
        await wait_until(pilot, lambda: screen.stories.grouped)
        sizes = corpus.story_sizes()
        n_stories = len(set(corpus.story_labels().tolist()))
        assert len(screen.headlines.rows) == n_stories < 11
        for row in screen.headlines.rows:
            assert screen.headlines.badges.get(row, 0) == sizes[row] - 1
        await pilot.press("S")
        await wait_until(pilot, lambda: not screen.stories.grouped)
        assert len(screen.headlines.rows) == 11 and screen.headlines.badges == {}


async def test_reader_lists_other_coverage_and_a_opens_it() -> None:
    corpus = tech_corpus()
    app = make_app(corpus)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: len(screen.headlines.rows) == 11)
        row = next(r for r in screen.headlines.rows if corpus.story_sizes()[r] == 3)
        screen.headlines.move_to_row(row)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.reader.row == row)
        also = screen.reader.query_one("#also", Static)
        text = str(also.render())
        assert also.display and "Also covered by (2)" in text
        others = [r for r in corpus.story_rows(row) if r != row]
        for r in others:
            assert corpus.headline(r).title[:30] in text.replace("\n", " ")
        await pilot.press("a")
        members = corpus.story_rows(row)
        want = members[(members.index(row) + 1) % 3]
        await wait_until(pilot, lambda: screen.reader.row == want)
        assert want in screen.library.read


async def test_clicking_a_line_of_also_covered_by_opens_that_article() -> None:
    corpus = tech_corpus()
    app = make_app(corpus)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: len(screen.headlines.rows) == 11)
        row = next(r for r in screen.headlines.rows if corpus.story_sizes()[r] == 3)
        screen.headlines.move_to_row(row)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.reader.row == row)
        first_other = next(r for r in corpus.story_rows(row) if r != row)
        screen.reader.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        await pilot.click("#also", offset=(10, 2))  # the first article line
        await wait_until(pilot, lambda: screen.reader.row == first_other)


async def test_single_article_story_shows_nothing_and_a_says_so() -> None:
    corpus = tech_corpus()
    app = make_app(corpus)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: len(screen.headlines.rows) == 11)
        row = next(r for r in screen.headlines.rows if corpus.story_sizes()[r] == 1)
        screen.headlines.move_to_row(row)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.reader.row == row)
        assert not screen.reader.query_one("#also", Static).display
        await pilot.press("a")
        await pilot.pause()
        assert screen.reader.row == row


async def test_A_filters_to_the_story() -> None:
    corpus = tech_corpus()
    app = make_app(corpus)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: len(screen.headlines.rows) == 11)
        row = next(r for r in screen.headlines.rows if corpus.story_sizes()[r] == 3)
        screen.headlines.move_to_row(row)
        await pilot.press("A")
        sid = corpus.story_id(row)
        await wait_until(pilot, lambda: Term("story", sid) in screen.state.terms)
        await wait_until(pilot, lambda: len(screen.headlines.rows) == 3)
        assert sorted(screen.headlines.rows) == sorted(corpus.story_rows(row))
        assert f"story:{sid}" in screen.state.to_query()
