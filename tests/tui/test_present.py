"""Presenters and filter edits without Pilot: from a query result or an article to the
view each pane receives."""

from __future__ import annotations

import ast
from datetime import UTC, datetime

import pytest
from rich.style import Style
from rich.text import Text
from textual.fuzzy import Matcher

from parsers.corpus.index import Corpus
from parsers.corpus.query import FilterState, Term, parse_query
from tests.support import REPO
from tests.support.articles import build_corpus, day, make_article, sample_articles
from tui.commands import highlight
from tui.filters import parse_initial, toggle_entity
from tui.present import (
    Chip,
    EntityNames,
    EntityRow,
    empty_message,
    entity_rows,
    reader_view,
    render_article,
    sidebar_view,
    status_view,
)
from tui.present.article import ReaderStyles
from tui.present.sidebar import SECTIONS

PUTIN = "person:vladimir v. putin"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus()


def test_presenters_import_no_textual() -> None:
    """Presenters are pure: Rich text at most, never a widget."""
    offenders = []
    for path in (REPO / "tui" / "present").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "textual"]
    assert offenders == []


# -- names ---------------------------------------------------------------------


def test_entity_names(corpus: Corpus) -> None:
    names = EntityNames(corpus)
    assert names.key_name("country:RU") == "Russia (RU)"
    assert names.key_name(PUTIN) == "Vladimir V. Putin"
    assert names.key_name("person:nobody at all") == "nobody at all"  # unknown: the key's tail
    assert names.name_of("person", "Putin") == "Vladimir V. Putin"  # one entity: its name
    assert names.name_of("person", "Nobody") == "Nobody"  # none: as typed
    assert names.name_of("source", "wire") == "wire"
    assert names.term_value("person", PUTIN) == "Vladimir V. Putin"
    assert names.term_value("country", "country:RU") == "country:RU"  # reads better
    assert names.term_value("person", "person:unknown") == "person:unknown"


# -- status line -----------------------------------------------------------------


def test_status_view(corpus: Corpus) -> None:
    state = parse_query('person:Putin -country:RU "peace talks" -ceasefire').toggle_or("person")
    names = EntityNames(corpus)
    view = status_view(3, 8, state, "oldest", names.name_of, loading="loading…")
    assert (view.shown, view.total, view.sort, view.loading) == (3, 8, "oldest", "loading…")
    assert view.chips == (
        Chip("Vladimir V. Putin"),
        Chip("Russia (RU)", negate=True),
        Chip('"peace talks"', words=True),
        Chip("ceasefire", negate=True, words=True),
    )
    assert view.or_titles == ("People",)
    assert not view.sidebar_hint


# -- sidebar ---------------------------------------------------------------------


def test_sidebar_view_lists_every_kind_and_keeps_active_filters(corpus: Corpus) -> None:
    state = parse_query("person:Putin -country:RU")
    result = corpus.query(state)
    names = EntityNames(corpus)
    view = sidebar_view(corpus, result, state, "newest", names.key_name)
    assert [s.kind for s in view.sections] == [kind for kind, _ in SECTIONS]
    assert view.active == {PUTIN: False, "country:RU": True}
    countries = dict(view.sections[1].entries)
    assert countries["country:RU"] == 0  # excluded, so counted 0, but listed to be undone
    assert not view.expand_all and view.preferred == ()
    assert view.name_of("country:RU") == "Russia (RU)"


def test_sidebar_view_narrowed_by_the_find_box(corpus: Corpus) -> None:
    state = FilterState()
    view = sidebar_view(corpus, corpus.query(state), state, "newest", str, narrow="zel")
    listed = [key for s in view.sections for key, _ in s.entries]
    assert listed == ["person:volodymyr zelensky"]
    assert view.expand_all and view.preferred[0] == "person:volodymyr zelensky"
    assert {s.empty_text for s in view.sections if not s.entries} == {"no match"}


def test_sidebar_or_section_counts_as_if_its_kind_were_unfiltered(corpus: Corpus) -> None:
    state = parse_query("person:Putin").toggle_or("person")
    result = corpus.query(state)
    view = sidebar_view(corpus, result, state, "newest", str)
    people = dict(view.sections[0].entries)
    unfiltered = dict(corpus.query(FilterState()).facets["person"])
    assert people == unfiltered  # the people one could still add stay listed
    assert view.sections[0].or_mode and not view.sections[1].or_mode


# -- the empty list ----------------------------------------------------------------


def test_empty_message_while_loading_and_with_nothing_loaded() -> None:
    state = FilterState()
    assert empty_message(state, articles=0, loading=True).plain == "Loading articles…"
    text = empty_message(state, articles=0, load_errors=["a.txt: no such file"]).plain
    assert "No articles loaded." in text and "1 file(s) could not be read" in text
    assert "a.txt: no such file" in text
    text = empty_message(state, articles=0).plain
    assert "no articles newsdesk could recognise" in text


def test_empty_message_names_each_filter_and_what_dropping_it_gives(corpus: Corpus) -> None:
    state = parse_query("person:Putin -country:RU person:Nobody")
    result = corpus.query(state)
    text = empty_message(
        state,
        articles=len(corpus),
        unresolved=result.unresolved,
        count_without=lambda term: corpus.count(state.without(term)),
        name_of=EntityNames(corpus).name_of,
    ).plain
    assert "include Vladimir V. Putin  — without it: 0 articles" in text
    assert "exclude Russia (RU)  — without it: 0 articles" in text
    assert "include Nobody  — without it: 1 article\n" in text
    assert "Nothing in the corpus is called person:Nobody." in text
    assert text.endswith("to undo the last change.")


# -- the reader and the e list ---------------------------------------------------


def test_entity_rows(corpus: Corpus) -> None:
    article = sample_articles()[1]  # Zelensky Heads to Munich, by Ben Hart
    rows = entity_rows(article, {"country:RU": True, "author:ben hart": False})
    by_key = {row.key: row for row in rows}
    assert by_key["country:RU"] == EntityRow("country", "country:RU", "Russia (RU)", 1, True)
    assert by_key["person:volodymyr zelensky"].active is None
    assert rows[-1] == EntityRow("author", "author:ben hart", "Ben Hart", 0, False)


def test_reader_view(corpus: Corpus) -> None:
    when = datetime(2025, 2, 20, tzinfo=UTC)
    assert reader_view(Corpus(), None, {}, None, "").placeholder == ""
    empty = reader_view(corpus, None, {PUTIN: False}, when, "ago")
    assert (empty.article, empty.placeholder, empty.active) == (None, "No article selected.", {})
    row = corpus.query(FilterState()).rows[0]
    view = reader_view(corpus, int(row), {PUTIN: False}, when, "ago")
    assert view.article is not None and view.article.title.startswith("Putin and Trump")
    assert (view.row, view.reference, view.active) == (row, when, {PUTIN: False})
    broken = reader_view(corpus, 10_000, {}, when, "ago")
    assert broken.article is None and broken.placeholder.startswith("Cannot load this article")


def test_render_article_lays_out_header_and_body() -> None:
    article = sample_articles()[0]
    styles = ReaderStyles(lambda name: Style(bold=name == "reader--title"))
    rendered = render_article(article, styles, day(17), "the newest article", {PUTIN: True})
    parts = [p for p in rendered.renderables if isinstance(p, Text)]  # type: ignore[attr-defined]
    plain = [p.plain for p in parts]
    assert plain[0] == " NEWS ANALYSIS "
    assert plain[1] == article.title
    assert "By Anna Field and Ben Hart\nWith reporting by Cara Diaz" in plain
    facts = next(p for p in plain if p.startswith("WASHINGTON"))
    assert "Published Feb 14, 2025 08:00 UTC · 3 days before the newest article" in facts
    assert facts.endswith("1 min read · The Daily Ledger")
    # a mention of an excluded entity is clickable and styled as excluded
    title = parts[1]
    clicks = [s.style for s in title.spans if getattr(s.style, "meta", None)]
    assert any(style.meta["@click"] == ("toggle_entity", (PUTIN,)) for style in clicks)


def test_render_article_without_body() -> None:
    article = make_article("Just a Headline", day(3), [])
    rendered = render_article(article, ReaderStyles(lambda name: Style()), None)
    plain = [p.plain for p in rendered.renderables if isinstance(p, Text)]  # type: ignore[attr-defined]
    assert plain[-1] == "(no body text)"
    assert not any("min read" in p for p in plain)


# -- filter edits -----------------------------------------------------------------


def test_toggle_entity_adds_removes_and_flips(corpus: Corpus) -> None:
    resolve = corpus.resolve
    state = FilterState()
    state = toggle_entity(state, "person", PUTIN, "Vladimir V. Putin", resolve)
    assert state.terms == (Term("person", "Vladimir V. Putin"),)
    # typed as "Putin", it is the same entity: toggling it again removes it
    typed = parse_query("person:Putin")
    assert toggle_entity(typed, "person", PUTIN, "Vladimir V. Putin", resolve).is_empty
    # the other sign replaces it
    flipped = toggle_entity(typed, "person", PUTIN, "Vladimir V. Putin", resolve, negate=True)
    assert flipped.terms == (Term("person", "Vladimir V. Putin", negate=True),)


def test_parse_initial() -> None:
    assert parse_initial(None) == (FilterState(), "")
    assert parse_initial("person:Putin") == (parse_query("person:Putin"), "")
    assert parse_initial('person:"Putin') == (FilterState(), 'person:"Putin')


# -- data is never markup -----------------------------------------------------------


def test_palette_labels_are_not_markup() -> None:
    label = "Filter: [bold]Evil[/bold] [@click=app.quit]Corp[/] — org, 1 article"
    content = highlight(Matcher("evil"), label)
    assert content.plain == label
    assert highlight(Matcher("zzzz"), label).plain == label
