"""``feed:`` and ``tag:`` terms: the grammar, and rows by the subscriptions library's
membership (folded for case and accents like the other lookups)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from parsers.corpus.feeds import FeedInfo, FeedMap
from parsers.corpus.index import Corpus
from parsers.corpus.query import QueryError, Term, parse_query
from parsers.model import Article, make_id


def art(source: str, title: str, day: int) -> Article:
    when = datetime(2026, 3, day, 8, tzinfo=UTC)
    return Article(make_id(source, title, when), source, None, when, None, title)


ARTICLES = [
    art("Le Monde", "Budget voté", 1),
    art("Le Monde", "Grève des trains", 2),
    art("Harbor Gazette", "Ferry fares rise", 3),
    art("Harbor Gazette", "Council pay deal", 4),
    art("Plains Ledger", "Wheat harvest down", 5),
    art("Dump file", "Not from a feed", 6),
]
FEEDS = (
    FeedInfo(1, "Le Monde Économie", "https://lemonde.example/rss", ("Économie", "fr")),
    FeedInfo(2, "Harbor Gazette", "https://harbor.example/feed", ("Local",)),
    FeedInfo(3, "Plains Ledger", "https://plains.example/atom", ("local", "Farming")),
    FeedInfo(4, "Broken Feed", "https://broken.example/x", ("Local",), error="HTTP 500"),
)


@pytest.fixture
def corpus() -> Corpus:
    c = Corpus(ARTICLES)
    pairs = [(1, ARTICLES[0].id), (1, ARTICLES[1].id), (2, ARTICLES[2].id),
             (2, ARTICLES[3].id), (3, ARTICLES[4].id)]  # fmt: skip
    c.set_feeds(FeedMap.build(FEEDS, pairs))
    return c


def titles(c: Corpus, q: str) -> set[str]:
    res = c.query(parse_query(q))
    return {c.headline(r).title for r in res.rows}


def test_grammar_round_trips() -> None:
    s = parse_query('feed:"Le Monde Économie" tag:local -tag:Farming feed:a OR feed:b')
    assert s.terms[:3] == (
        Term("feed", "Le Monde Économie"),
        Term("tag", "local"),
        Term("tag", "Farming", True),
    )
    assert "feed" in s.or_kinds
    assert parse_query(s.to_query()) == s
    with pytest.raises(QueryError):
        parse_query("feed:")


def test_feed_by_name_folded(corpus: Corpus) -> None:
    assert titles(corpus, 'feed:"le monde economie"') == {"Budget voté", "Grève des trains"}
    assert titles(corpus, "feed:HARBOR") == {"Ferry fares rise", "Council pay deal"}
    assert titles(corpus, "feed:https://plains.example/atom") == {"Wheat harvest down"}


def test_tag_folded_and_unions_feeds(corpus: Corpus) -> None:
    local = {"Ferry fares rise", "Council pay deal", "Wheat harvest down"}
    assert titles(corpus, "tag:LOCAL") == local
    assert titles(corpus, "tag:economie") == {"Budget voté", "Grève des trains"}
    assert titles(corpus, "tag:local -feed:plains") == local - {"Wheat harvest down"}
    assert titles(corpus, "-tag:local") == {"Budget voté", "Grève des trains", "Not from a feed"}
    assert titles(corpus, "feed:harbor OR feed:plains") == local


def test_unknown_feed_is_unresolved(corpus: Corpus) -> None:
    res = corpus.query(parse_query("feed:nosuch"))
    assert res.total == 0 and res.unresolved == [Term("feed", "nosuch")]
    assert corpus.query(parse_query("tag:nosuch")).unresolved == [Term("tag", "nosuch")]


def test_without_a_feed_map_feed_terms_match_nothing() -> None:
    c = Corpus(ARTICLES)
    assert c.query(parse_query("feed:harbor")).total == 0


def test_counts_per_feed_and_tag(corpus: Corpus) -> None:
    counts = corpus.feed_counts(parse_query(""))
    assert counts.feeds == {1: 2, 2: 2, 3: 1, 4: 0}
    assert counts.tags == {"Économie": 2, "fr": 2, "Local": 3, "Farming": 1}
    some = corpus.feed_counts(parse_query("wheat OR ferry"))
    assert some.feeds == {1: 0, 2: 1, 3: 1, 4: 0}


def test_new_rows_and_a_new_map_are_seen(corpus: Corpus) -> None:
    extra = art("Harbor Gazette", "Bridge reopens", 7)
    corpus.add([extra])
    assert titles(corpus, "feed:harbor") == {"Ferry fares rise", "Council pay deal"}
    feeds = corpus.feeds
    assert feeds is not None
    corpus.set_feeds(FeedMap.build(FEEDS, [*feeds.pairs(), (2, extra.id)]))
    assert titles(corpus, "feed:harbor") == {
        "Ferry fares rise",
        "Council pay deal",
        "Bridge reopens",
    }


def test_an_article_in_two_feeds_counts_once_per_tag() -> None:
    c = Corpus(ARTICLES)
    shared = ARTICLES[2].id  # carried by Harbor Gazette (Local) and Plains Ledger (local)
    c.set_feeds(FeedMap.build(FEEDS, [(2, shared), (3, shared), (3, ARTICLES[4].id)]))
    counts = c.feed_counts(parse_query(""))
    assert counts.feeds == {1: 0, 2: 1, 3: 2, 4: 0}
    assert counts.tags["Local"] == 2  # two articles, not three pairs
    assert titles(c, "feed:harbor") == {"Ferry fares rise"}
    assert titles(c, "feed:plains") == {"Ferry fares rise", "Wheat harvest down"}


def test_a_part_of_a_name_matches_by_word_starts(corpus: Corpus) -> None:
    assert titles(corpus, "feed:harb") == {"Ferry fares rise", "Council pay deal"}
    assert titles(corpus, 'feed:"monde eco"') == {"Budget voté", "Grève des trains"}
    assert corpus.query(parse_query("feed:arbor")).total == 0  # not inside a word


def test_rows_added_later_join_their_feed_without_a_new_map() -> None:
    later = art("Harbor Gazette", "Bridge reopens", 7)
    c = Corpus(ARTICLES[:4])
    c.set_feeds(FeedMap.build(FEEDS, [(2, ARTICLES[2].id), (2, later.id), (3, ARTICLES[4].id)]))
    assert titles(c, "feed:harbor") == {"Ferry fares rise"}
    assert c.feed_counts(parse_query("")).feeds[3] == 0
    c.add([ARTICLES[4], later])  # the rows arrive after the pairs were worked out
    assert titles(c, "feed:harbor") == {"Ferry fares rise", "Bridge reopens"}
    assert c.feed_counts(parse_query("")).feeds == {1: 0, 2: 2, 3: 1, 4: 0}
    edited = art("Harbor Gazette", "Bridge reopens after repairs", 7)
    from dataclasses import replace

    c.add([replace(edited, id=later.id)])  # replaced in its row: still in the feed
    assert titles(c, "feed:harbor") == {"Ferry fares rise", "Bridge reopens after repairs"}
