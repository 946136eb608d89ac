"""Corpus: resolution, AND/OR/exclude semantics, facets vs brute force, sorting, adding."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.corpus.index import Corpus, author_key
from parsers.corpus.query import FilterState, Term, parse_query
from parsers.corpus.rows import SnapshotColumns, columns_from_blocks, head_block
from parsers.model import Article, ArticleEntities, Block, Entity, Mention

M = Mention("title", 0, 0, 1, "x")


def person(name: str, key: str | None = None, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity("person", key or f"person:{name.casefold()}", name, aliases, (M,))


def country(iso: str, name: str) -> Entity:
    return Entity("country", f"country:{iso}", name, (), (M, M), iso)


def org(name: str) -> Entity:
    return Entity("org", f"org:{name.casefold()}", name, (), (M,))


def place(name: str, iso: str) -> Entity:
    return Entity("place", f"place:{name.casefold()}|{iso}", name, (), (M,), iso)


def art(
    aid: str,
    title: str,
    *,
    source: str = "The Times",
    day: int | None = 1,
    body: str = "",
    dek: str = "",
    people: tuple[Entity, ...] = (),
    countries: tuple[Entity, ...] = (),
    orgs: tuple[Entity, ...] = (),
    places: tuple[Entity, ...] = (),
    byline: tuple[str, ...] = (),
    retrieved: datetime | None = None,
) -> Article:
    pub = datetime(2025, 2, day, 12, tzinfo=UTC) if day else None
    return Article(
        id=aid,
        source=source,
        retrieved=retrieved or pub,
        published=pub,
        updated=None,
        title=title,
        dek=dek,
        byline=byline,
        blocks=(Block("paragraph", body, 1),) if body else (),
        entities=ArticleEntities(people, countries, orgs, places),
    )


PUTIN = person("Vladimir V. Putin", aliases=("Putin", "Mr. Putin’s"))
ZEL = person("Volodymyr Zelensky", aliases=("Zelensky",))
TRUMP = person("Donald J. Trump", aliases=("Trump",))
RUBIO = person("Marco Rubio")
UA, RU, US = country("UA", "Ukraine"), country("RU", "Russia"), country("US", "United States")
NATO = org("NATO")
KYIV = place("Kyiv", "UA")


@pytest.fixture
def corpus() -> Corpus:
    return Corpus(
        [
            art(
                "a",
                "Putin and Trump talk",
                day=3,
                people=(PUTIN, TRUMP),
                countries=(RU, US),
                body="The U.S. troops stay. Peace talks soon.",
                byline=("Jane Doe",),
            ),
            art(
                "b",
                "Zelensky in Kyiv",
                day=5,
                source="Washington Post",
                people=(ZEL,),
                countries=(UA,),
                places=(KYIV,),
                orgs=(NATO,),
                body="US troops and peace talks",
                byline=("John Roe", "Jane Doe"),
            ),
            art(
                "c",
                "Rubio meets Zelensky",
                day=4,
                people=(RUBIO, ZEL, TRUMP),
                countries=(UA, US),
                dek="Trump’s envoy",
                body="Ceasefire plan",
            ),
            art("d", "Undated explainer", day=None, body="Ukraine explained"),
            art(
                "e",
                "NATO summit",
                day=2,
                orgs=(NATO,),
                countries=(RU,),
                source="Reuters",
                body="Alliance talks",
            ),
        ]
    )


def ids(c: Corpus, q: str, sort: str = "newest") -> list[str]:
    return [c.headline(i).id for i in c.query(parse_query(q), sort=sort).rows]


def test_sorts(corpus: Corpus) -> None:
    assert ids(corpus, "") == ["b", "c", "a", "e", "d"]
    assert ids(corpus, "", "oldest") == ["e", "a", "c", "b", "d"]
    # source (casefold) then newest
    assert ids(corpus, "", "source") == ["e", "c", "a", "d", "b"]
    with pytest.raises(ValueError):
        corpus.query(FilterState(), sort="random")


def test_resolve(corpus: Corpus) -> None:
    r = corpus.resolve
    assert r("person", "person:vladimir v. putin") == {"person:vladimir v. putin"}
    assert r("person", "vladimir v. putin") == {"person:vladimir v. putin"}
    assert r("person", "VLADIMIR V. PUTIN") == {"person:vladimir v. putin"}
    assert r("person", "Mr. Putin's") == {"person:vladimir v. putin"}  # alias, ’ vs '
    assert r("person", "putin") == {"person:vladimir v. putin"}
    assert r("person", "Trump’s") == {"person:donald j. trump"}  # possessive
    assert r("person", "Nobody") == set()
    assert r("country", "UA") == {"country:UA"}
    assert r("country", "ukr") == {"country:UA"}
    assert r("country", "Ukraine") == {"country:UA"}
    assert r("country", "russian federation") == {"country:RU"}
    assert r("place", "kyiv") == {"place:kyiv|UA"}
    assert r("place", "kyiv|UA") == {"place:kyiv|UA"}
    assert r("author", "jane doe") == {author_key("Jane Doe")}
    assert r("author", "Doe") == {"author:jane doe"}


def test_token_match_is_all_tokens() -> None:
    c = Corpus(
        [
            art("1", "x", people=(person("Vladimir Putin"),)),
            art("2", "y", people=(person("Lyudmila Putina"),)),
            art("3", "z", people=(person("Igor Putin"),)),
        ]
    )
    assert c.resolve("person", "Putin") == {"person:vladimir putin", "person:igor putin"}
    assert c.resolve("person", "igor putin") == {"person:igor putin"}
    assert ids(c, "person:Putin") == ["1", "3"] or set(ids(c, "person:Putin")) == {"1", "3"}


def test_and_or_exclude(corpus: Corpus) -> None:
    assert set(ids(corpus, "person:Zelensky")) == {"b", "c"}
    assert set(ids(corpus, "person:Zelensky person:Trump")) == {"c"}
    assert set(ids(corpus, "person:Zelensky OR person:Putin")) == {"a", "b", "c"}
    # disjunctive facets: picking Putin in OR mode still lists the other people
    r = corpus.query(parse_query("person:Putin or:person country:US"))
    assert dict(r.facets["person"]) == {
        "person:donald j. trump": 2,
        "person:vladimir v. putin": 1,
        "person:marco rubio": 1,
        "person:volodymyr zelensky": 1,
    }
    assert dict(r.facets["country"]) == {"country:RU": 1, "country:US": 1}
    assert set(ids(corpus, "person:Zelensky OR person:Putin -country:US")) == {"b"}
    assert set(ids(corpus, "country:UA OR country:RU person:Trump")) == {"a", "c"}
    assert set(ids(corpus, "-person:Trump")) == {"b", "d", "e"}
    assert set(ids(corpus, "-org:NATO -country:US")) == {"d"}
    assert set(ids(corpus, "place:Kyiv")) == {"b"}
    assert set(ids(corpus, "author:Doe")) == {"a", "b"}
    assert set(ids(corpus, 'author:"john roe"')) == {"b"}
    assert set(ids(corpus, "source:post")) == {"b"}
    assert set(ids(corpus, "-source:times")) == {"b", "e"}
    assert set(ids(corpus, "source:post OR source:reuters")) == {"b", "e"}


def test_unresolved_terms(corpus: Corpus) -> None:
    r = corpus.query(parse_query("person:Nobody"))
    assert r.total == 0 and list(r.rows) == []
    assert r.unresolved == [Term("person", "Nobody")]
    # in OR mode an unresolved term adds nothing
    r = corpus.query(parse_query("person:Nobody OR person:Putin"))
    assert [corpus.headline(i).id for i in r.rows] == ["a"]
    assert r.unresolved == [Term("person", "Nobody")]
    # an unresolved exclusion subtracts nothing
    r = corpus.query(parse_query("-person:Nobody"))
    assert r.total == 5 and r.unresolved == [Term("person", "Nobody", True)]
    assert corpus.query(parse_query("-person:Putin")).active == {"person:vladimir v. putin": True}


def test_text_and_phrases(corpus: Corpus) -> None:
    assert set(ids(corpus, "troops")) == {"a", "b"}
    assert set(ids(corpus, "TROOPS")) == {"a", "b"}
    assert set(ids(corpus, '"u.s. troops"')) == {"a"}  # verified beyond the tokenizer
    assert set(ids(corpus, '"peace talks"')) == {"a", "b"}
    assert set(ids(corpus, '-"peace talks"')) == {"c", "d", "e"}
    assert set(ids(corpus, "talks -peace")) == {"e"}
    assert set(ids(corpus, "envoy")) == {"c"}  # dek
    assert set(ids(corpus, "kyiv")) == {"b"}  # title
    assert set(ids(corpus, "ceasefire person:Zelensky")) == {"c"}
    assert set(ids(corpus, "explain*")) == {"d"}
    assert set(ids(corpus, "trump's")) == {"c"}
    assert ids(corpus, "—") == []


def test_dates(corpus: Corpus) -> None:
    assert set(ids(corpus, "after:2025-02-04")) == {"b", "c"}
    assert set(ids(corpus, "before:2025-02-04")) == {"a", "e"}
    assert set(ids(corpus, "after:2025-02-03 before:2025-02-05")) == {"a", "c"}
    assert set(ids(corpus, "-after:2025-02-04")) == {"a", "d", "e"}  # undated is not "after"


def test_naive_dates_are_utc() -> None:
    a = art("n", "naive", day=None)
    from dataclasses import replace

    a = replace(a, published=datetime(2025, 2, 4, 0, 30))
    c = Corpus([a])
    assert ids(c, "after:2025-02-04") == ["n"]
    assert ids(c, "before:2025-02-04") == []


def test_facets(corpus: Corpus) -> None:
    f = corpus.query(parse_query("")).facets
    assert f["person"] == [
        ("person:donald j. trump", 2),
        ("person:volodymyr zelensky", 2),
        ("person:marco rubio", 1),
        ("person:vladimir v. putin", 1),
    ]
    assert f["country"] == [("country:RU", 2), ("country:UA", 2), ("country:US", 2)]
    assert f["author"] == [("author:jane doe", 2), ("author:john roe", 1)]
    f = corpus.query(parse_query("person:Zelensky")).facets
    assert f["person"][0] == ("person:volodymyr zelensky", 2)
    assert dict(f["org"]) == {"org:nato": 1}
    assert corpus.query(parse_query(""), facet_limit=1).facets["person"] == [
        ("person:donald j. trump", 2)
    ]


def test_accessors(corpus: Corpus) -> None:
    row = corpus.index_of("c")
    assert row is not None
    assert corpus.article(row).title == "Rubio meets Zelensky"
    assert {e.key for e in corpus.entities_of(row)} >= {"person:marco rubio", "country:UA"}
    h = corpus.headline(row)
    assert (h.id, h.date_text, h.source) == ("c", "2025-02-04", "The Times")
    assert corpus.index_of("nope") is None
    info = corpus.entity("person:volodymyr zelensky")
    assert (info.kind, info.name, info.article_count, info.mention_count) == (
        "person",
        "Volodymyr Zelensky",
        2,
        2,
    )
    assert corpus.entity("country:UA").iso2 == "UA"
    with pytest.raises(KeyError):
        corpus.entity("person:nobody")
    assert corpus.newest == datetime(2025, 2, 5, 12, tzinfo=UTC)
    assert Corpus().newest is None
    found = corpus.find_entities("zel")
    assert found[0].key == "person:volodymyr zelensky"
    assert corpus.find_entities("ukr", kind="country")[0].key == "country:UA"
    assert corpus.find_entities("") == []
    assert len(corpus) == 5


def test_rowlist(corpus: Corpus) -> None:
    rows = corpus.query(parse_query("person:Zelensky")).rows
    assert len(rows) == 2 and bool(rows)
    assert rows[0] == corpus.index_of("b") and isinstance(rows[0], int)
    assert rows.index(corpus.index_of("c")) == 1
    assert corpus.index_of("a") not in rows
    assert rows[:1] == [rows[0]]
    with pytest.raises(ValueError):
        rows.index(999)


def test_incremental_add_keeps_row_ids(corpus: Corpus) -> None:
    before = corpus.query(parse_query("person:Zelensky"))
    row_b = corpus.index_of("b")
    corpus.add([art("f", "Zelensky again", day=9, people=(ZEL,), body="troops")])
    after = corpus.query(parse_query("person:Zelensky"))
    assert corpus.index_of("b") == row_b
    assert len(after.rows) == len(before.rows) + 1
    assert corpus.headline(after.rows[0]).id == "f"
    assert set(ids(corpus, "troops")) == {"a", "b", "f"}
    assert corpus.entity("person:volodymyr zelensky").article_count == 3


def test_duplicate_ids_keep_latest_retrieved() -> None:
    t0 = datetime(2025, 2, 1, tzinfo=UTC)
    old = art("x", "Old title", people=(PUTIN,), retrieved=t0, body="alpha")
    new = art("x", "New title", people=(ZEL,), retrieved=t0 + timedelta(days=1), body="beta")
    c = Corpus([old, new])
    assert len(c) == 1
    assert c.headline(0).title == "New title"
    assert ids(c, "person:Zelensky") == ["x"]
    assert ids(c, "person:Putin") == []
    assert ids(c, "alpha") == [] and ids(c, "beta") == ["x"]
    c.add([old])  # older copy arriving later is ignored
    assert c.headline(0).title == "New title"
    assert c.entity("person:vladimir v. putin").article_count == 0


def test_lazy_loader() -> None:
    full = art("z", "Zed", people=(ZEL,), body="body text")
    loads: list[int] = []

    def loader(loc: int) -> Article:
        loads.append(loc)
        return full

    c = Corpus(loader=loader)
    c.add_block(head_block([full], [7]))
    assert c.headline(0).date_text == "2025-02-01"
    assert c.headline(0).title == "Zed"
    assert ids(c, "person:Zelensky") == ["z"]
    assert c.article(0) is full and c.article(0) is full
    assert loads == [7]


def test_a_block_and_the_records_it_came_from_index_alike() -> None:
    """``add_block`` (the cache's rows) and ``add`` (records) give the same corpus."""
    arts = [
        art("a", "Alpha", people=(PUTIN, ZEL), countries=(UA,), byline=("Jo Byline",)),
        art("b", "Beta", day=2, people=(ZEL,), orgs=(NATO,), places=(KYIV,)),
    ]
    blocked, held = Corpus(loader=lambda loc: arts[loc]), Corpus(arts)
    blocked.add_block(head_block(arts, [0, 1]))
    for q in ("", "person:Zelensky", "-country:UA", "author:Jo Byline", "place:Kyiv"):
        a, b = blocked.query(parse_query(q)), held.query(parse_query(q))
        assert list(a.rows) == list(b.rows) and a.facets == b.facets
    assert [blocked.headline(i) for i in range(2)] == [held.headline(i) for i in range(2)]
    assert blocked.entity(PUTIN.key) == held.entity(PUTIN.key)


# -- facets and results vs brute force on random data -------------------------

PEOPLE = [person(f"P{i} Fam{i % 5}") for i in range(12)]
COUNTRIES = [
    country(iso, name)
    for iso, name in [
        ("UA", "Ukraine"),
        ("RU", "Russia"),
        ("US", "United States"),
        ("FR", "France"),
    ]
]
ORGS = [org(f"Org{i}") for i in range(4)]
WORDS = ["alpha", "beta", "gamma", "delta", "omega"]
SOURCES = ["Times", "Post", "Wire"]
AUTHORS = ["Ann Lee", "Bo Chan", "Cy Diaz"]


def random_corpus(seed: int, n: int) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(
            art(
                f"r{i}",
                f"t{i} " + rng.choice(WORDS),
                source=rng.choice(SOURCES),
                day=rng.choice([None, *range(1, 20)]),
                body=" ".join(rng.choices(WORDS, k=3)),
                people=tuple(rng.sample(PEOPLE, rng.randint(0, 3))),
                countries=tuple(rng.sample(COUNTRIES, rng.randint(0, 2))),
                orgs=tuple(rng.sample(ORGS, rng.randint(0, 1))),
                byline=tuple(rng.sample(AUTHORS, rng.randint(0, 2))),
            )
        )
    return out


def keys_of(a: Article) -> set[str]:
    assert a.entities is not None
    return {e.key for e in a.entities.all()} | {author_key(n) for n in a.byline}


def brute(c: Corpus, arts: list[Article], state: FilterState) -> set[str]:
    def match(t: Term, a: Article) -> bool:
        if t.field in ("person", "country", "org", "place", "author"):
            return bool(c.resolve(t.field, t.value) & keys_of(a))
        if t.field == "source":
            return t.value.casefold() in a.source.casefold()
        if t.field == "text":
            words = re.findall(r"\w+", f"{a.title} {a.dek} {a.blocks[0].text}".casefold())
            return t.value.casefold() in words
        if t.field == "after":
            return a.published is not None and a.published >= t.date
        if t.field == "before":
            return a.published is not None and a.published < t.date
        raise AssertionError(t)

    out = set()
    for a in arts:
        ok = True
        by_kind: dict[str, list[bool]] = {}
        for t in state.terms:
            m = match(t, a)
            if t.negate:
                ok &= not m
            elif t.field in state.or_kinds:
                by_kind.setdefault(t.field, []).append(m)
            else:
                ok &= m
        ok &= all(any(v) for v in by_kind.values())
        if ok:
            out.add(a.id)
    return out


_term = st.one_of(
    st.builds(
        Term, st.just("person"), st.sampled_from(["P1 Fam1", "Fam2", "p3", "Nobody"]), st.booleans()
    ),
    st.builds(
        Term, st.just("country"), st.sampled_from(["UA", "rus", "France", "US"]), st.booleans()
    ),
    st.builds(Term, st.just("org"), st.sampled_from(["Org0", "org1"]), st.booleans()),
    st.builds(Term, st.just("author"), st.sampled_from(["ann lee", "Chan"]), st.booleans()),
    st.builds(Term, st.just("source"), st.sampled_from(["times", "o"]), st.booleans()),
    st.builds(Term, st.just("text"), st.sampled_from(WORDS), st.booleans()),
    st.builds(
        Term,
        st.sampled_from(["after", "before"]),
        st.sampled_from(["2025-02-05", "2025-02-12"]),
        st.booleans(),
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(0, 60),
    st.lists(_term, max_size=5),
    st.sets(st.sampled_from(["person", "country", "author", "source"])),
    st.sampled_from(["newest", "oldest", "source"]),
)
def test_query_and_facets_match_brute_force(
    seed: int, n: int, ts: list[Term], or_kinds: set[str], sort: str
) -> None:
    arts = random_corpus(seed, n)
    c = Corpus(arts)
    state = FilterState(tuple(ts), frozenset(or_kinds))
    r = c.query(state, sort=sort)
    got = [c.headline(i).id for i in r.rows]
    assert len(got) == len(set(got)) == r.total
    expected = brute(c, arts, state)
    assert set(got) == expected
    # order
    heads = [c.headline(i) for i in r.rows]
    if sort == "newest":
        assert [h.when for h in heads] == sorted(
            (h.when for h in heads), key=lambda w: (w == float("-inf"), -w)
        )
    # facets vs brute-force counting (an OR kind with include-terms: disjunctive)
    by_id = {a.id: a for a in arts}
    for kind, pairs in r.facets.items():
        basis = expected
        if kind in state.or_kinds and any(t.field == kind and not t.negate for t in state.terms):
            rest = tuple(t for t in state.terms if t.field != kind or t.negate)
            basis = brute(c, arts, FilterState(rest, state.or_kinds))
        counts: Counter[str] = Counter()
        for aid in basis:
            counts.update(keys_of(by_id[aid]))
        want = {k: v for k, v in counts.items() if k.split(":", 1)[0] == kind}
        assert dict(pairs) == want
        vals = [(-cnt, c.entity(k).name.casefold()) for k, cnt in pairs]
        assert vals == sorted(vals)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 40), st.integers(0, 4))
def test_replacing_rows_matches_building_fresh(seed: int, n: int, rounds: int) -> None:
    """Re-adding articles (newer copies, re-resolved entities) == building from the final set."""
    from dataclasses import replace

    rng = random.Random(seed)
    arts = random_corpus(seed, n)
    c = Corpus(arts[: n // 2])
    c.query(FilterState())  # force a build, so later changes go through the override path
    c.add(arts[n // 2 :])
    final = {a.id: a for a in arts}
    for r in range(rounds):
        redo = rng.sample(arts, rng.randint(0, n))
        again = [
            replace(
                a,
                retrieved=a.retrieved + timedelta(hours=r + 1) if a.retrieved else None,
                entities=ArticleEntities(people=tuple(rng.sample(PEOPLE, rng.randint(0, 3)))),
            )
            for a in redo
        ]
        c.add(again)
        if rng.random() < 0.5:
            c.query(FilterState())
        final.update((a.id, a) for a in again)
    fresh = Corpus(list(final.values()))
    for q in ["", "person:Fam1", "person:P2 OR person:P3 -country:UA", "alpha -person:p4"]:
        s = parse_query(q)
        a, b = c.query(s), fresh.query(s)
        assert sorted(c.headline(i).id for i in a.rows) == sorted(
            fresh.headline(i).id for i in b.rows
        )
        assert a.facets == b.facets
    for aid in final:
        assert sorted(c.entity_keys_of(c.index_of(aid))) == sorted(  # type: ignore[arg-type]
            fresh.entity_keys_of(fresh.index_of(aid))  # type: ignore[arg-type]
        )


def _columns(articles: list[Article]) -> SnapshotColumns:
    return columns_from_blocks([head_block(articles, list(range(1, len(articles) + 1)))])


def _view(corpus: Corpus) -> list[object]:
    out: list[object] = [corpus.headline(i) for i in range(len(corpus))]
    for q in ("", "person:Lovelace", "-country:FR", "source:times", "after:2025-02-03"):
        for sort in ("newest", "oldest", "source"):
            r = corpus.query(parse_query(q), sort=sort)
            out.append((list(r.rows), r.facets))
    return out


def test_packed_columns_behave_like_lists() -> None:
    from parsers.corpus.index import CodedStrings, PackedStrings

    words = ["", "Ünïcode ✓", "plain", "", "a\nb", "plain"]
    packed = PackedStrings.pack(words)
    assert len(packed) == len(words) and list(packed) == words
    assert [packed[i] for i in range(len(words))] == words and packed[-1] == "plain"
    assert packed[1:4] == words[1:4]
    coded = CodedStrings.encode(words)
    assert list(coded) == words and coded[4] == "a\nb" and coded[2:5] == words[2:5]
    assert coded.values == ["", "Ünïcode ✓", "plain", "a\nb"]


def test_snapshot_columns_stay_packed_and_match_row_by_row_adding() -> None:
    """A warm open keeps the snapshot's columns packed; later rows and replacements
    still follow the usual rules (same view as adding everything one by one)."""
    from parsers.corpus.index import PackedStrings
    from parsers.store.cache import _pack_columns, _unpack_columns

    people = (person("Ada Lovelace"), person("Grace Hopper"))
    arts = [
        art(
            f"a{i}",
            f"Title {i} ✓",
            day=1 + i % 5,
            people=people[: 1 + i % 2],
            countries=(country("FR", "France"),) if i % 3 else (),
            source="The Times" if i % 2 else "Le Monde",
            byline=("Jo Byline",),
        )
        for i in range(12)
    ]
    packed = Corpus()
    packed.add_columns(_unpack_columns(_pack_columns(_columns(arts))), unique=True)
    assert isinstance(packed._titles.base, PackedStrings)  # no str per row was made
    plain = Corpus()
    plain.add_columns(_columns(arts), unique=True)
    assert _view(packed) == _view(plain)
    assert packed.index_of("a7") == plain.index_of("a7") == 7
    # later: a newer copy of a snapshot row, and a new row
    newer = art(
        "a3", "Title 3, updated", day=4, people=people, retrieved=datetime(2026, 1, 1, tzinfo=UTC)
    )
    extra = art("b1", "Another", day=2, people=people[1:])
    for c in (packed, plain):
        c.add([newer, extra])
    assert _view(packed) == _view(plain)
    assert packed.headline(3).title == "Title 3, updated" and packed.index_of("b1") == 12
    assert packed.entity_name("person:ada lovelace") == ("person", "Ada Lovelace", None)


def test_a_dropped_corpus_is_freed_without_the_cyclic_gc() -> None:
    """No reference cycles: the cache behind a corpus's loader closes as soon as the
    corpus goes (the app runs with the collector off until loaded)."""
    import gc
    import weakref

    class Loader:
        def __call__(self, loc: int) -> Article:
            raise LookupError(loc)

    loader = Loader()
    c = Corpus([art("a", "Alpha", people=(PUTIN,), body="word")], loader=loader)
    c.add_block(head_block([art("b", "Beta", people=(ZEL,))], [1]))
    c.prepare()
    assert c.query(parse_query("word person:Putin is:unread")).total == 1
    gone = weakref.ref(loader)
    del loader
    gc.disable()
    try:
        del c
        assert gone() is None
    finally:
        gc.enable()
