"""The one table of entity kinds (``parsers.model.KINDS``) drives every vocabulary."""

from __future__ import annotations

from dataclasses import fields

from parsers.corpus.index import FACET_KINDS as INDEX_KINDS
from parsers.corpus.query import ENTITY_FIELDS, FIELDS, OR_KINDS
from parsers.model import (
    ENTITY_KINDS,
    ENTITY_SECTIONS,
    FACET_KINDS,
    KIND,
    KINDS,
    ArticleEntities,
    Entity,
)


def test_table_rows_are_distinct_and_complete() -> None:
    assert [k.kind for k in KINDS] == ["person", "country", "org", "place", "author"]
    assert len({k.kind for k in KINDS}) == len(KINDS)
    assert len({k.heading for k in KINDS}) == len(KINDS)
    assert all(KIND[k.kind] is k for k in KINDS)
    assert ENTITY_KINDS == ("person", "country", "org", "place")
    assert not KIND["author"].extracted and not KIND["author"].section


def test_sections_are_the_article_entities_fields() -> None:
    assert tuple(f.name for f in fields(ArticleEntities)) == tuple(ENTITY_SECTIONS.values())
    assert ENTITY_SECTIONS["org"] == "organizations"


def test_corpus_and_query_use_the_table() -> None:
    assert INDEX_KINDS == FACET_KINDS == ENTITY_FIELDS
    assert set(FACET_KINDS) <= FIELDS
    assert set(FACET_KINDS) <= OR_KINDS


def test_json_sections_and_iso_codes_follow_the_table() -> None:
    place = Entity("place", "place:kyiv|UA", "Kyiv", iso2="UA")
    org = Entity("org", "org:un", "UN", iso2="XX")
    assert place.to_dict()["iso2"] == "UA"
    assert "iso2" not in org.to_dict()
    ents = ArticleEntities(places=(place,), organizations=(org,))
    assert list(ents.to_dict()) == ["people", "countries", "organizations", "places"]
    assert ents.to_dict()["places"][0]["name"] == "Kyiv"
