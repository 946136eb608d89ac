"""The sidebar find box and the query bar forgive accents (issue 15 item 3)."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Input

from parsers.corpus.index import Corpus
from parsers.model import Article, ArticleEntities, Block, Entity, Mention
from tests.support.articles import make_app, sample_articles

M = Mention("title", 0, 0, 1, "x")
ERDOGAN = Entity("person", "person:recep tayyip erdoğan", "Recep Tayyip Erdoğan", (), (M,))


def _corpus() -> Corpus:
    when = datetime(2025, 2, 20, 12, tzinfo=UTC)
    extra = Article(
        id="erdogan",
        source="The Times",
        retrieved=when,
        published=when,
        updated=None,
        title="Erdoğan Speaks",
        blocks=(Block("paragraph", "Body.", 1),),
        entities=ArticleEntities((ERDOGAN,), (), (), ()),
    )
    return Corpus([*sample_articles(), extra])


async def test_find_box_and_query_bar_fold_accents() -> None:
    app = make_app(_corpus())
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("f")
        assert isinstance(app.focused, Input) and app.focused.id == "entity-find"
        await pilot.press(*"erdogan")
        await pilot.pause()
        keys = [k for s in screen.facets.sections for k, _ in s.entries]
        assert keys == [ERDOGAN.key]
        await pilot.press("escape", "escape", "slash", *"person:erdogan", "enter")
        await pilot.pause()
        assert screen.result is not None and screen.result.total == 1
        assert not screen.result.unresolved
