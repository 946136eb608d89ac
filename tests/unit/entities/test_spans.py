"""Mention spans are the name only, at exact offsets (issue 13): no title, honorific or
possessive in a mention, an alias or a country's evidence."""

from __future__ import annotations

from parsers.entities import extract_text

TEXT = (
    "President Boris Yeltsin met Gov. Kathy Hochul. Mr. Arseneau’s aide and Mr. Yeltsin's "
    "wife met Gen. Abdel Fattah al-Burhan. Japan's envoy and Egypt’s minister sat on the "
    "Bank of Japan's board with the United Nations’ chief."
)


def _mentions(kind: str) -> dict[str, list[str]]:
    e = extract_text([TEXT])
    out: dict[str, list[str]] = {}
    for x in getattr(e, kind):
        for m in x.mentions:
            assert TEXT[m.start : m.end] == m.text  # exact offsets
            out.setdefault(x.name, []).append(m.text)
        for form in x.aliases:
            assert not form.endswith(("'s", "’s", "s’", "s'"))
            assert not form.startswith(("Mr. ", "Gov. ", "President ", "Gen. "))
    return out


def test_people_mentions_have_no_title_or_possessive():
    p = _mentions("people")
    assert p["Boris Yeltsin"] == ["Boris Yeltsin", "Yeltsin"]
    assert p["Kathy Hochul"] == ["Kathy Hochul"]
    assert p["Arseneau"] == ["Arseneau"]
    assert p["Abdel Fattah al-Burhan"] == ["Abdel Fattah al-Burhan"]


def test_countries_and_orgs_drop_the_possessive_with_either_apostrophe():
    e = extract_text([TEXT])
    c = {x.iso2: [m.text for m in x.mentions] for x in e.countries}
    assert c["JP"] == ["Japan"] and c["EG"] == ["Egypt"]
    assert all("'" not in f and "’" not in f for x in e.countries for f, _ in x.evidence)
    o = _mentions("organizations")
    assert o["Bank of Japan"] == ["Bank of Japan"]
    assert o["United Nations"] == ["United Nations"]


def test_a_name_that_is_a_possessive_keeps_it():
    e = extract_text(["The rand fell, and Moody’s said it was reviewing the rating."])
    assert [m.text for o in e.organizations for m in o.mentions] == ["Moody’s"]
