"""Item 18: a 50 MB one-paragraph article is laid out in bounded work and memory."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style
from rich.text import Text

from parsers.model import Article, Block, Mention
from tui.present.article import SHOWN_CHARS, reading_minutes, render_article


def _giant(mb: int) -> Article:
    sentence = "word " * 12 + "Marco Rubio said. "
    para = sentence * (mb * 1_000_000 // len(sentence))
    return Article(
        id="x", source="s", retrieved=None, published=None, updated=None, title="Big",
        blocks=(Block("paragraph", para, 5), Block("paragraph", "A second paragraph.", 7)),
    )  # fmt: skip


def test_a_giant_paragraph_is_cut_with_a_note():
    article = _giant(50)
    group = render_article(article, lambda name: Style(), None)
    texts = [r for r in group.renderables if isinstance(r, Text)]
    shown = sum(len(t.plain) for t in texts)
    assert shown < SHOWN_CHARS + 2_000
    left = len(article.blocks[0].text) + len("A second paragraph.") - SHOWN_CHARS
    note = texts[-1].plain
    assert note.startswith("… ") and "more characters not shown here" in note
    assert abs(int(note.split()[1].replace(",", "")) - left) < 200
    lines = Console(width=80).render_lines(group)
    assert len(lines) < 2_000  # the wrap is bounded by the cut, not by the paragraph
    assert reading_minutes(article) > 30_000  # the estimate still counts every word


def test_every_mention_of_a_long_paragraph_is_highlighted_once():
    """(The overlap check was quadratic: a 1 MB paragraph took 10 s to lay out.)"""
    from parsers.model import ArticleEntities, Entity

    sentence = "word " * 12 + "Marco Rubio said. "
    n = SHOWN_CHARS // len(sentence) - 10
    para = sentence * n
    full = [Mention("blocks", 0, i * len(sentence) + 60, i * len(sentence) + 71, "Marco Rubio")
            for i in range(n)]  # fmt: skip
    inner = [Mention("blocks", 0, m.start + 6, m.end, "Rubio") for m in full]  # overlaps
    person = Entity("person", "person:marco rubio", "Marco Rubio", (), tuple(full + inner))
    article = Article(
        id="x", source="s", retrieved=None, published=None, updated=None, title="T",
        blocks=(Block("paragraph", para, 5),), entities=ArticleEntities(people=(person,)),
    )  # fmt: skip
    group = render_article(article, lambda name: Style(), None)
    (body,) = [r for r in group.renderables if isinstance(r, Text) and r.plain.startswith("word")]
    clicks = [
        (s.start, s.end)
        for s in body.spans
        if isinstance(s.style, Style) and "@click" in (s.style.meta or {})
    ]
    assert clicks == [(m.start, m.end) for m in full]
