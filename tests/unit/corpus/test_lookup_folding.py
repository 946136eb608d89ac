"""Entity lookups forgive accents, case and the forms a country goes by
(issue 15 items 3 and 4): ``person:erdogan``, ``place:brasilia``, the sidebar
find box and the palette (``Corpus.find_entities``); ``country:U.S.``,
``country:American``, ``country:Dutch``, ``country:Ankara``."""

from __future__ import annotations

import pytest

from parsers.corpus.index import Corpus
from parsers.corpus.query import parse_query
from parsers.model import Article, ArticleEntities, Block, Entity, Mention

M = Mention("title", 0, 0, 1, "x")


def _art(aid: str, *ents: Entity) -> Article:
    by = {k: tuple(e for e in ents if e.kind == k) for k in ("person", "country", "org", "place")}
    return Article(
        id=aid,
        source="The Times",
        retrieved=None,
        published=None,
        updated=None,
        title=f"Story {aid}",
        blocks=(Block("paragraph", "Body.", 1),),
        entities=ArticleEntities(by["person"], by["country"], by["org"], by["place"]),
    )


ERDOGAN = Entity(
    "person", "person:recep tayyip erdoğan", "Recep Tayyip Erdoğan", ("Erdoğan",), (M,)
)
BRASILIA = Entity("place", "place:brasília|br", "Brasília", (), (M,), "BR")
KILIC = Entity("person", "person:kemal kılıçdaroğlu", "Kemal Kılıçdaroğlu", (), (M,))
US = Entity("country", "country:us", "United States", (), (M,), "US")
NL = Entity("country", "country:nl", "Netherlands", (), (M,), "NL")
TR = Entity("country", "country:tr", "Turkey", (), (M,), "TR")


@pytest.fixture
def corpus() -> Corpus:
    return Corpus(
        [
            _art("a", ERDOGAN, TR, KILIC),
            _art("b", BRASILIA, US),
            _art("c", NL),
        ]
    )


def _ids(c: Corpus, q: str) -> list[str]:
    res = c.query(parse_query(q))
    assert not res.unresolved, q
    return sorted(c.ids_of(res.rows))


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("person:erdogan", ["a"]),
        ("person:ERDOGAN", ["a"]),
        ('person:"recep tayyip erdogan"', ["a"]),
        ("person:kilicdaroglu", ["a"]),
        ("place:brasilia", ["b"]),
        ("place:BRASILIA", ["b"]),
        ("-place:brasilia", ["a", "c"]),
    ],
)
def test_entity_terms_fold_accents_and_case(corpus: Corpus, query: str, ids: list[str]) -> None:
    assert _ids(corpus, query) == ids


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("country:U.S.", ["b"]),
        ("country:America", ["b"]),
        ("country:American", ["b"]),
        ("country:Americans", ["b"]),
        ("country:Dutch", ["c"]),
        ("country:Holland", ["c"]),
        ("country:Ankara", ["a"]),
        ("country:Turkish", ["a"]),
        ("country:turkiye", ["a"]),
        ("country:NL", ["c"]),
        ("country:Netherlands", ["c"]),
    ],
)
def test_country_resolves_aliases_demonyms_and_metonyms(
    corpus: Corpus, query: str, ids: list[str]
) -> None:
    assert _ids(corpus, query) == ids


def test_an_unknown_country_form_stays_unresolved(corpus: Corpus) -> None:
    assert corpus.query(parse_query("country:Atlantis")).unresolved


@pytest.mark.parametrize("text", ["erdogan", "ERDOĞAN", "brasilia", "kilicdar"])
def test_find_box_and_palette_fold_accents(corpus: Corpus, text: str) -> None:
    found = [e.name for e in corpus.find_entities(text)]
    assert found and found[0] in {"Recep Tayyip Erdoğan", "Brasília", "Kemal Kılıçdaroğlu"}
