"""Entity profiles and timelines vs brute force over the articles themselves."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from parsers.corpus.index import Corpus
from parsers.corpus.profile import MAX_DAYS
from parsers.corpus.query import parse_query
from parsers.model import Article, ArticleEntities, Entity, Mention

M = Mention("title", 0, 0, 1, "x")
T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)

PEOPLE = [Entity("person", f"person:p{i}", f"Person {i}", (f"P{i}",), (M,)) for i in range(8)]
COUNTRIES = [
    Entity("country", f"country:{iso}", name, (), (M, M), iso)
    for iso, name in (("UA", "Ukraine"), ("RU", "Russia"), ("US", "United States"))
]
ORGS = [Entity("org", f"org:o{i}", f"Org {i}", (), (M,)) for i in range(4)]
PLACES = [
    Entity("place", f"place:{name.casefold()}|{iso}", name, (), (M,), iso)
    for name, iso in (("Kyiv", "UA"), ("Lviv", "UA"), ("Moscow", "RU"), ("Odesa", "UA"))
]


def make(n: int, seed: int, span_days: int = 30) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        pub = None if rng.random() < 0.1 else T0 + timedelta(hours=rng.randrange(span_days * 24))
        ents = ArticleEntities(
            tuple(rng.sample(PEOPLE, rng.randrange(4))),
            tuple(rng.sample(COUNTRIES, rng.randrange(3))),
            tuple(rng.sample(ORGS, rng.randrange(3))),
            tuple(rng.sample(PLACES, rng.randrange(3))),
        )
        out.append(
            Article(
                id=f"a{i}",
                source=rng.choice(("Wire", "Daily")),
                retrieved=T0,
                published=pub,
                updated=None,
                title=f"story {i}",
                dek="",
                byline=(),
                blocks=(),
                entities=ents,
            )
        )
    return out


def keys_of(a: Article) -> set[str]:
    return {e.key for e in a.entities.all()} if a.entities else set()


@pytest.mark.parametrize("seed", range(6))
def test_profile_matches_brute_force(seed: int) -> None:
    arts = make(150, seed)
    corpus = Corpus(arts)
    rng = random.Random(seed)
    ent = rng.choice(PEOPLE + COUNTRIES + ORGS)
    p = corpus.profile(ent.key, limit=100)
    mine = [a for a in arts if ent.key in keys_of(a)]
    assert p.article_count == len(mine)
    assert p.name == ent.name and p.kind == ent.kind
    dated = [a.published for a in mine if a.published]
    assert p.first == min(dated) and p.last == max(dated)
    # articles newest first, undated last
    got = [corpus.headline(r).id for r in p.rows]
    want = sorted(mine, key=lambda a: (a.published is None, -(a.published or T0).timestamp()))
    assert [a.published for a in map(corpus.article, p.rows)] == [a.published for a in want]
    assert set(got) == {a.id for a in mine}
    # co-mention counts and lift
    co = Counter(k for a in mine for k in keys_of(a) if k != ent.key)
    totals = Counter(k for a in arts for k in keys_of(a))
    n = len(arts)
    seen = {}
    for kind, assoc in p.associates.items():
        for x in assoc:
            assert x.kind == kind
            assert x.count == co[x.key] and x.total == totals[x.key]
            assert x.lift == pytest.approx(co[x.key] * n / (len(mine) * totals[x.key]))
            assert x.score == pytest.approx(x.count * math.log2(x.lift))
            seen[x.key] = x
        scores = [x.score for x in assoc]
        assert scores == sorted(scores, reverse=True)
    assert set(seen) == set(co)
    # timeline: per-day counts of its dated articles
    tl = p.timeline
    assert tl.bucket == "day" and tl.undated == len(mine) - len(dated)
    by_day = Counter(d.date() for d in dated)
    assert tl.start == min(by_day) and tl.end == max(by_day)
    assert {tl.bucket_start(i): c for i, c in enumerate(tl.counts) if c} == dict(by_day)
    assert tl.selected is None and p.filtered is None


def test_filter_share_in_timeline() -> None:
    arts = make(200, 11)
    corpus = Corpus(arts)
    key = COUNTRIES[0].key
    p = corpus.profile(key, parse_query("source:Wire"))
    mine = [a for a in arts if key in keys_of(a)]
    wire = [a for a in mine if a.source == "Wire"]
    assert p.filtered == len(wire)
    sel = Counter(a.published.date() for a in wire if a.published)
    tl = p.timeline
    assert tl.selected is not None and len(tl.selected) == len(tl.counts)
    assert {tl.bucket_start(i): c for i, c in enumerate(tl.selected) if c} == dict(sel)
    assert all(s <= c for s, c in zip(tl.selected, tl.counts, strict=True))


def test_week_buckets_start_on_monday() -> None:
    arts = make(300, 3, span_days=MAX_DAYS * 3)
    corpus = Corpus(arts)
    tl = corpus.timeline(range(len(arts)))
    assert tl.bucket == "week" and tl.start is not None and tl.start.weekday() == 0
    want = Counter(
        a.published.date() - timedelta(days=a.published.weekday()) for a in arts if a.published
    )
    assert {tl.bucket_start(i): c for i, c in enumerate(tl.counts) if c} == dict(want)
    assert tl.total + tl.undated == len(arts)


def test_ubiquitous_entity_ranks_below_specific_one() -> None:
    # "US" is in every article; "Kyiv" only with person 0
    everywhere = COUNTRIES[2]
    arts = []
    for i in range(40):
        people = (PEOPLE[0],) if i < 10 else (PEOPLE[1],)
        places = (PLACES[0],) if i < 8 else ()
        arts.append(
            Article(
                id=f"u{i}",
                source="Wire",
                retrieved=T0,
                published=T0 + timedelta(days=i % 5),
                updated=None,
                title=f"t{i}",
                dek="",
                byline=(),
                blocks=(),
                entities=ArticleEntities(people, (everywhere,), (), places),
            )
        )
    p = Corpus(arts).profile(PEOPLE[0].key)
    assert p.associates["country"][0].count == 10
    assert p.associates["country"][0].lift == pytest.approx(1.0)
    assert p.associates["country"][0].score == pytest.approx(0.0)
    kyiv = p.associates["place"][0]
    assert kyiv.key == PLACES[0].key and kyiv.score > p.associates["country"][0].score


def test_country_profile_lists_its_places() -> None:
    arts = make(120, 5)
    corpus = Corpus(arts)
    p = corpus.profile("country:UA")
    assert {x.key for x in p.places} <= {x.key for x in PLACES if x.iso2 == "UA"}
    live = {k for a in arts for k in keys_of(a)}
    assert {x.key for x in p.places} == {x.key for x in PLACES if x.iso2 == "UA"} & live
    counts = [x.count for x in p.places]
    assert counts == sorted(counts, reverse=True)
    assert all(x.kind == "person" for x in p.associates["person"])
    assert corpus.profile("person:p1").places == ()


def test_timeline_of_nothing_and_undated() -> None:
    arts = make(20, 2)
    corpus = Corpus(arts)
    tl = corpus.timeline([])
    assert tl.counts == () and tl.start is None and tl.end is None
    undated = [r for r in range(len(arts)) if arts[r].published is None]
    tl = corpus.timeline(undated)
    assert tl.counts == () and tl.undated == len(undated)
    assert date(2025, 3, 1) == corpus.timeline([r for r in range(20) if r not in undated]).start
