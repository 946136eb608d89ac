"""Search that finds what you mean (issue 15 item 9): ``wheat OR maize``,
prefixes (``tariff*``) and stemmed matches (``tariff`` finds "tariffs"), in
memory and through the cache, with the grammar round-trip kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.corpus.index import Corpus
from parsers.corpus.query import QueryError, Term, parse_query
from parsers.model import Article, Block
from parsers.pipeline import load_paths

BODIES = {
    "w": "Wheat prices rose again.",
    "m": "Maize harvests failed in the south.",
    "t": "New tariffs on steel were announced.",
    "wt": "Wheat tariff talks stalled; peace talks resumed.",
    "u": "Ukrainian farmers exported more.",
}


def _art(aid: str, body: str) -> Article:
    return Article(
        id=aid,
        source="The Times",
        retrieved=None,
        published=None,
        updated=None,
        title=f"Story {aid}",
        blocks=(Block("paragraph", body, 1),),
    )


@pytest.fixture
def corpus() -> Corpus:
    return Corpus([_art(k, v) for k, v in BODIES.items()])


def _ids(c: Corpus, q: str) -> list[str]:
    return sorted(c.ids_of(c.query(parse_query(q)).rows))


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("wheat OR maize", ["m", "w", "wt"]),
        ("maize OR wheat", ["m", "w", "wt"]),
        ("wheat OR maize tariff", ["wt"]),
        ("wheat OR maize OR steel", ["m", "t", "w", "wt"]),
        ('maize OR "peace talks"', ["m", "wt"]),
        ("-wheat", ["m", "t", "u"]),
        ("tariff", ["t", "wt"]),
        ("tariffs", ["t", "wt"]),
        ("tariff*", ["t", "wt"]),
        ("ukrain*", ["u"]),
        ("harvest", ["m"]),
        ("farmer", ["u"]),
    ],
)
def test_or_prefix_and_stems(corpus: Corpus, query: str, ids: list[str]) -> None:
    assert _ids(corpus, query) == ids


@pytest.mark.parametrize(
    "query", ["wheat OR maize", 'maize OR "peace talks" -steel', "a OR b OR c person:X"]
)
def test_round_trip(query: str) -> None:
    s = parse_query(query)
    assert parse_query(s.to_query()) == s
    assert s.to_query() == query


def test_or_of_words_is_one_term() -> None:
    assert parse_query("wheat OR maize tariff").terms == (
        Term("text", "wheat OR maize"),
        Term("text", "tariff"),
    )


@pytest.mark.parametrize("query", ["wheat OR -maize", "-wheat OR maize", "wheat OR person:X"])
def test_or_needs_two_include_terms_of_a_kind(query: str) -> None:
    with pytest.raises(QueryError):
        parse_query(query)


def test_stems_through_the_cache(tmp_path: Path) -> None:
    pay = "You have been granted access, use your keyboard to continue reading."
    text = "Src 2025-02-19 09:15:02\n\n\n" + "".join(
        f"Story {k}\n\n{pay}\n\nStory {k}\n\nA dek line.\n\n{v}\n\n" for k, v in BODIES.items()
    )
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    for _ in range(2):  # cold (writes the cache), then warm (reads it back)
        c = load_paths([str(tmp_path)]).corpus
        titles = {c.headline(int(r)).title for r in c.query(parse_query("tariff")).rows}
        assert titles == {"Story t", "Story wt"}
