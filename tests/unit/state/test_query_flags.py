"""``is:read`` / ``is:unread`` / ``is:starred``: grammar, and the corpus evaluating them."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.corpus.query import IS_VALUES, FilterState, QueryError, Term, parse_query
from parsers.state import StateStore
from tests.support.articles import build_corpus, many_articles, sample_articles


def test_is_terms_parse_normalise_and_round_trip():
    s = parse_query("IS:Unread -is:starred person:Putin")
    assert s.terms == (
        Term("is", "unread"),
        Term("is", "starred", True),
        Term("person", "Putin"),
    )
    assert s.to_query() == "is:unread -is:starred person:Putin"
    assert parse_query(s.to_query()) == s


@pytest.mark.parametrize("bad", ["is:new", "is:", 'is:"read later"'])
def test_bad_is_values_are_errors_that_point_at_the_value(bad):
    with pytest.raises(QueryError) as err:
        parse_query(f"ukraine {bad}")
    assert err.value.position >= len("ukraine ")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(IS_VALUES), st.booleans())
        | st.tuples(st.sampled_from(["tariffs", "kyiv"]), st.booleans()),
        max_size=6,
    )
)
def test_round_trip_with_is_terms(parts):
    terms = tuple(
        Term("is", v, neg) if v in IS_VALUES else Term("text", v, neg) for v, neg in parts
    )
    state = FilterState(terms)
    assert parse_query(state.to_query()) == state


def _ids(corpus, state):
    res = corpus.query(state)
    return {corpus.headline(r).id for r in res.rows}


def test_the_corpus_answers_is_terms_from_the_store():
    arts = sample_articles()
    corpus = build_corpus(arts)
    every = {a.id for a in arts}
    # without marks nothing is read or starred
    assert _ids(corpus, parse_query("is:unread")) == every
    assert _ids(corpus, parse_query("is:read")) == set()
    store = StateStore(memory=True)
    corpus.set_marks(store)
    read = {arts[0].id, arts[2].id, "not-in-this-corpus"}
    store.set_flag("read", read)
    store.set_flag("starred", [arts[2].id, arts[3].id])
    assert _ids(corpus, parse_query("is:read")) == read & every
    assert _ids(corpus, parse_query("is:unread")) == every - read
    assert _ids(corpus, parse_query("-is:read")) == every - read
    assert _ids(corpus, parse_query("is:starred is:unread")) == {arts[3].id}
    assert corpus.count(parse_query("is:unread")) == len(every - read)
    # a change after a query shows in the next one (no stale cache)
    store.toggle("read", arts[3].id)
    assert _ids(corpus, parse_query("is:starred is:unread")) == set()
    assert corpus.count(parse_query("is:read")) == 3
    # bulk mark and undo
    change = store.set_flag("read", every)
    assert corpus.count(parse_query("is:unread")) == 0
    store.undo(change)
    assert _ids(corpus, parse_query("is:read")) == {arts[0].id, arts[2].id, arts[3].id}


def test_masks_follow_refresh_rows_added_and_a_long_log(tmp_path):
    arts = many_articles(300)
    path = tmp_path / "s.sqlite3"
    corpus = build_corpus(arts[:200])
    a, b = StateStore(path), StateStore(path)
    corpus.set_marks(a)
    assert corpus.count(parse_query("is:starred")) == 0
    b.set_flag("starred", [x.id for x in arts[:10]])
    a.refresh()  # the log cannot say what changed: the mask is rebuilt
    assert corpus.count(parse_query("is:starred")) == len({x.id for x in arts[:10]})
    a.set_flag("starred", [x.id for x in arts[250:260]])
    corpus.add(arts[200:])  # rows added: the mask is rebuilt for the new length
    want = {x.id for x in arts[:10]} | {x.id for x in arts[250:260]}
    assert _ids(corpus, parse_query("is:starred")) == want
    for x in arts[100:150] * 3:  # more changes than the log keeps
        a.toggle("starred", x.id)
    for x in arts[100:150]:
        a.toggle("starred", x.id)
    assert _ids(corpus, parse_query("is:starred")) == want
    a.close()
    b.close()


def test_is_terms_agree_with_brute_force_mixed_with_other_terms():
    arts = many_articles(400)
    corpus = build_corpus(arts)
    store = StateStore(memory=True)
    corpus.set_marks(store)
    rng = random.Random(7)
    every = {a.id for a in arts}
    for _ in range(30):
        for flag in ("read", "starred"):
            pick = rng.sample(sorted(every), rng.randint(0, 40))
            store.set_flag(flag, pick, rng.random() < 0.7)  # type: ignore[arg-type]
        value = rng.choice(IS_VALUES)
        neg = rng.random() < 0.3
        base = rng.choice(["", "tariffs", "-tariffs", "source:times"])
        state = parse_query(f"{base} {'-' if neg else ''}is:{value}")
        read, starred = set(store.ids("read")), set(store.ids("starred"))
        base_ids = _ids(corpus, parse_query(base))
        hit = {
            "read": read & every,
            "unread": every - read,
            "starred": starred & every,
        }[value]
        want = base_ids - hit if neg else base_ids & hit
        assert _ids(corpus, state) == want, state


def test_marks_moved_by_rows_match_a_rebuild_from_ids(tmp_path):
    """``note_marks``: the corpus moves its ``is:`` mask by the rows it already knows
    (``R`` on a whole result) and ends where a rebuild from the store's ids ends."""
    import numpy as np

    corpus = build_corpus(many_articles(300))
    store = StateStore(tmp_path / "s.sqlite3")
    corpus.set_marks(store)
    unread = parse_query("is:unread")
    assert corpus.count(unread) == 300
    rows = np.arange(0, 300, 3, dtype=np.int64)
    before = store.version
    store.set_flag("read", corpus.ids_of(rows))
    corpus.note_marks("read", rows, True, (before, store.version))
    moved = corpus.marks_mask("read").copy()
    assert moved.sum() == 100 and moved[rows].all()
    corpus.set_marks(store)  # forget the masks: rebuilt from the ids
    assert (corpus.marks_mask("read") == moved).all()
    # a stale version pair is ignored: the mask catches up from the change log
    before = store.version
    store.set_flag("read", corpus.ids_of(rows[:10]), False)
    corpus.note_marks("read", rows[:10], False, (before - 1, store.version))
    assert corpus.count(unread) == 210
    store.close()
