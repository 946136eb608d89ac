"""Query grammar: parsing, errors, rendering, round-trips, FilterState helpers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.corpus.query import (
    ENTITY_FIELDS,
    OR_KINDS,
    FilterState,
    QueryError,
    Term,
    parse_query,
)


def terms(q: str) -> list[tuple[str, str, bool]]:
    return [(t.field, t.value, t.negate) for t in parse_query(q).terms]


def test_empty_query() -> None:
    s = parse_query("   ")
    assert s.is_empty
    assert s == FilterState()
    assert s.to_query() == ""


def test_words_phrases_and_fields() -> None:
    q = (
        'ukraine "peace  talks" person:Putin person:"Marco Rubio" country:UA -org:NATO '
        'after:2025-02-01 before:2025-03-01 -"opinion page" source:times author:"Jane Doe" -word'
    )
    assert terms(q) == [
        ("text", "ukraine", False),
        ("phrase", "peace talks", False),
        ("person", "Putin", False),
        ("person", "Marco Rubio", False),
        ("country", "UA", False),
        ("org", "NATO", True),
        ("after", "2025-02-01", False),
        ("before", "2025-03-01", False),
        ("phrase", "opinion page", True),
        ("source", "times", False),
        ("author", "Jane Doe", False),
        ("text", "word", True),
    ]


def test_field_names_case_insensitive_and_plain_colons() -> None:
    assert terms("Person:Putin 10:30") == [("person", "Putin", False), ("text", "10:30", False)]


def test_hyphen_inside_word_is_not_negation() -> None:
    assert terms("covid-19 -x") == [("text", "covid-19", False), ("text", "x", True)]


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("foo:bar", "unknown field", 0),
        ("ukraine bogus:x", "unknown field", 8),
        ('person:"Marco Rubio', "unterminated quote", 7),
        ('a "open phrase', "unterminated quote", 2),
        ("after:2025-13-01", "bad date", 6),
        ("before:yesterday", "bad date", 7),
        ("after:2025-2-1", "bad date", 6),
        ("person:", "empty value", 0),
        ('person:""', "empty value", 0),
        ('""', "empty phrase", 0),
        ("a - b", "nothing after", 2),
        ("x -", "nothing after", 2),
        ("person:A OR", "needs a term after", 11 - 2),
        ("OR person:A", "needs a term before", 0),
        ("person:A OR country:B", "same kind", 9),
        ("person:A OR -person:B", "same kind", 9),
        ("ukraine OR -russia", "same kind", 8),
        ("or:weather", "'or:' takes", 3),
    ],
)
def test_errors(query: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(query)
    assert message in info.value.message
    assert info.value.position == position
    assert str(info.value)  # renders with a column


def test_or_keyword_and_directive() -> None:
    s = parse_query("person:Putin OR person:Zelensky country:UA")
    assert s.or_kinds == frozenset({"person"})
    assert s.to_query() == "person:Putin OR person:Zelensky country:UA"
    s2 = parse_query("person:Putin country:UA person:Zelensky or:person")
    assert s2.or_kinds == frozenset({"person"})
    assert parse_query(s2.to_query()) == s2
    # a single include term of an OR kind still round-trips through the directive
    s3 = FilterState((Term("person", "Putin"),), frozenset({"person"}))
    assert s3.to_query() == "person:Putin or:person"
    assert parse_query(s3.to_query()) == s3


def test_lowercase_or_is_a_word() -> None:
    assert terms("war or peace") == [
        ("text", "war", False),
        ("text", "or", False),
        ("text", "peace", False),
    ]


def test_dates() -> None:
    t = parse_query("after:2025-02-01").terms[0]
    assert t.day.isoformat() == "2025-02-01"  # a calendar day (parsers.when)


def test_toggle_entity_helpers() -> None:
    s = FilterState()
    s = s.toggle_entity("person", "person:vladimir v. putin")
    assert s.terms == (Term("person", "vladimir v. putin"),)
    assert s.to_query() == 'person:"vladimir v. putin"'
    assert parse_query(s.to_query()) == s
    # toggling the exclusion replaces the inclusion
    s = s.toggle_entity("person", "Vladimir V. Putin", negate=True)
    assert s.terms == (Term("person", "Vladimir V. Putin", True),)
    # toggling the same again removes it
    assert s.toggle_entity("person", "vladimir v. putin", negate=True).is_empty
    s = s.toggle_entity("country", "country:UA").toggle_or("country")
    assert s.or_kinds == {"country"}
    assert s.toggle_or("country").or_kinds == frozenset()
    assert s.has_entity("country", "country:UA") == Term("country", "UA")
    assert s.without(Term("country", "UA")).terms == (Term("person", "Vladimir V. Putin", True),)
    assert s.cleared().is_empty
    assert s.with_term(Term("text", "x")).terms[-1] == Term("text", "x")
    with pytest.raises(ValueError):
        s.toggle_entity("weather", "rain")
    with pytest.raises(ValueError):
        s.toggle_or("after")


def test_filter_state_is_hashable() -> None:
    a = parse_query("person:Putin OR person:Zelensky -x")
    b = parse_query("person:Putin person:Zelensky -x or:person")
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


# -- property: any state renders to text that parses back to it ---------------

_value_chars = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters='"', min_codepoint=32
)
_values = (
    st.text(_value_chars, min_size=1, max_size=12).map(lambda s: " ".join(s.split())).filter(bool)
)
_word = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
        blacklist_characters='"',
        min_codepoint=33,
    ),
    min_size=1,
    max_size=10,
).filter(
    lambda w: (
        not w.startswith("-")
        and w != "OR"
        and not any(c.isspace() for c in w)
        and not __import__("re").match(r"[A-Za-z_]+:", w)
    )
)
_dates = st.dates().filter(lambda d: d.year >= 1000).map(lambda d: d.isoformat())


@st.composite
def _terms(draw: st.DrawFn) -> Term:
    negate = draw(st.booleans())
    kind = draw(st.sampled_from(["text", "phrase", *ENTITY_FIELDS, "source", "after", "before"]))
    if kind == "text":
        return Term("text", draw(_word), negate)
    if kind in ("after", "before"):
        return Term(kind, draw(_dates), negate)
    return Term(kind, draw(_values), negate)


@given(st.lists(_terms(), max_size=8), st.sets(st.sampled_from(sorted(OR_KINDS))))
def test_round_trip(ts: list[Term], or_kinds: set[str]) -> None:
    state = FilterState(tuple(ts), frozenset(or_kinds))
    text = state.to_query()
    assert parse_query(text) == state, text
