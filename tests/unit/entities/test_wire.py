"""Wire copy (issue 13): upper-case headlines and datelines read against known names and
merged with the body's forms; titles after a qualifier; company designators."""

from __future__ import annotations

from parsers.entities import extract_text


def _by_kind(d: dict[str, object]) -> dict[str, list[tuple[str, int, str]]]:
    e = extract_text(d)  # type: ignore[arg-type]
    out: dict[str, list[tuple[str, int, str]]] = {}
    for x in e.all():
        out.setdefault(f"{x.kind}:{x.name}", []).extend(
            (m.field, m.index, m.text) for m in x.mentions
        )
    return out


def test_upper_case_headline_and_dateline_merge_with_the_body():
    got = _by_kind(
        {
            "title": "RUSSIA'S YELTSIN SACKS LEBED AFTER CHECHNYA ROW.",
            "blocks": [
                "MOSCOW 1996-10-17",
                "President Boris Yeltsin dismissed Alexander Lebed over Chechnya.",
            ],
        }
    )
    assert got["person:Boris Yeltsin"] == [("title", 0, "YELTSIN"), ("blocks", 1, "Boris Yeltsin")]
    assert ("title", 0, "LEBED") in got["person:Alexander Lebed"]
    assert got["country:Russia"] == [("title", 0, "RUSSIA")]
    assert got["place:Chechnya"] == [("title", 0, "CHECHNYA"), ("blocks", 1, "Chechnya")]
    # the city it was filed from is a place, no evidence for its country
    assert got["place:Moscow"] == [("blocks", 0, "MOSCOW")]


def test_capitals_are_no_organisations_wholesale():
    got = _by_kind(
        {
            "title": "TENNIS - RESULTS AT CANADIAN OPEN.",
            "blocks": ["TORONTO 1996-07-25", "BONN 1996-09-12", "Results (home team in CAPS):"],
        }
    )
    assert {"place:Toronto", "place:Bonn"} <= set(got)
    assert not [k for k in got if k.startswith("org:")]


def test_a_shouted_org_is_named_by_its_mixed_case_form():
    got = _by_kind(
        {"title": "SONY LEADS TOKYO LOWER.", "blocks": ["Shares of Sony fell in Tokyo."]}
    )
    assert got["org:Sony"] == [("title", 0, "SONY"), ("blocks", 0, "Sony")]


def test_a_title_after_a_country_word_or_a_qualifier():
    got = _by_kind(
        [
            "U.S. Secretary of State Warren Christopher said no.",
            "The chief, Environment Minister Gustavo Krause, said so.",
            "South Korean President Kim Young-sam urged talks.",
        ]
    )
    assert got["person:Warren Christopher"] == [("blocks", 0, "Warren Christopher")]
    assert got["person:Gustavo Krause"] == [("blocks", 1, "Gustavo Krause")]
    assert got["person:Kim Young-sam"] == [("blocks", 2, "Kim Young-sam")]
    assert ("blocks", 0, "U.S.") in got["country:United States"]


def test_company_designators_without_a_period():
    got = _by_kind(["Sony Corp and Honda Motor Co fell, and UST Inc rose."])
    assert {"org:Sony Corp", "org:Honda Motor Co", "org:UST Inc"} <= set(got)
