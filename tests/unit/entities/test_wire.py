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


def test_results_and_standings_rows_are_clubs_all_through_the_article():
    got = _by_kind(
        {
            "title": "SOCCER - LYON SNATCH LATE WIN.",
            "blocks": [
                "PARIS 1996-08-24",
                "Lyon scored twice to win, and Lyon coach Guy Stephan was pleased in Lyon.",
                "Lyon 2 Nantes 1",
                "Monaco 0 Bastia 0",
                "Paris St Germain 3 Guingamp 0",
                "Lyon 4 3 1 0 7 3 10",
            ],
        }
    )
    lyon = got["org:Lyon"]
    assert ("blocks", 1, "Lyon") in lyon and ("blocks", 2, "Lyon") in lyon
    assert ("blocks", 5, "Lyon") in lyon and ("title", 0, "LYON") in lyon
    assert got["place:Lyon"] == [("blocks", 1, "Lyon")]  # "in Lyon": the town
    assert "org:Monaco" in got and "country:Monaco" not in got  # a country playing a town
    assert {"org:Nantes", "org:Bastia", "org:Guingamp"} <= set(got)
    assert got["place:Paris"] == [("blocks", 0, "PARIS")]


def test_a_national_side_stays_its_country():
    got = _by_kind(["England coach Glenn Hoddle named a squad to play Moldova."])
    assert "country:Moldova" in got and not [k for k in got if k.startswith("org:")]


def test_clubs_in_brackets_after_players_but_not_countries():
    got = _by_kind(
        [
            "Goalkeepers - David Seaman (Arsenal), Tim Flowers (Blackburn), Ian Walker (Tottenham)",
            "Todd Martin (U.S.) beat Cedric Pioline (France) 6-2 6-4",
        ]
    )
    assert {"org:Arsenal", "org:Blackburn", "org:Tottenham"} <= set(got)
    assert {"country:United States", "country:France"} <= set(got)


def test_an_initial_or_a_given_name_before_a_place_is_a_person():
    got = _by_kind(
        [
            "J. Crawley not out 39",
            "To bat: I. Salisbury, D. Cork",
            "Michael Jordan scored 34 points in New Jersey, far from North Korea.",
        ]
    )
    assert {"person:J. Crawley", "person:I. Salisbury", "person:D. Cork"} <= set(got)
    assert "person:Michael Jordan" in got and "country:Jordan" not in got
    assert {"place:New Jersey", "country:North Korea"} <= set(got)


def test_a_company_named_after_a_person_or_a_town_is_the_company():
    got = _by_kind(
        {
            "title": "PHILIP MORRIS SHARES FALL.",
            "blocks": [
                "Shares of Philip Morris Cos Inc fell, and Toyota Motor Corp rose.",
                "Geoffrey Bible, Philip Morris's chairman, spoke. Toyota fell 30 yen.",
            ],
        }
    )
    assert not [k for k in got if k.startswith("person:Philip")]
    pm = [v for k, v in got.items() if k.startswith("org:Philip Morris")]
    assert len(pm) == 1 and ("title", 0, "PHILIP MORRIS") in pm[0]
    assert ("blocks", 1, "Philip Morris") in pm[0]
    toyota = [v for k, v in got.items() if k.startswith("org:Toyota")]
    assert ("blocks", 1, "Toyota") in toyota[0] and "place:Toyota" not in got


def test_a_cue_read_org_that_is_a_persons_surname_is_that_person():
    got = _by_kind(["Chancellor Helmut Kohl spoke. Later, Kohl’s spokesman said so."])
    assert got["person:Helmut Kohl"] == [("blocks", 0, "Helmut Kohl"), ("blocks", 0, "Kohl")]
    assert not [k for k in got if k.startswith("org:")]


def test_a_name_cut_at_and_is_joined_again():
    got = _by_kind(["The Rome-based Food and Agriculture Organisation said so."])
    assert "org:Food and Agriculture Organisation" in got and "org:Food" not in got


def test_a_demonym_before_a_given_name_is_no_part_of_the_name():
    got = _by_kind(
        ["German Jan Ullrich of Telekom took the lead. The German Marshall Fund agreed."]
    )
    assert got["person:Jan Ullrich"] == [("blocks", 0, "Jan Ullrich")]
    assert "org:German Marshall Fund" in got


def test_a_plural_noun_opening_a_sentence_is_no_part_of_a_company():
    got = _by_kind(["Rivals Netscape Communications Corp and Oracle Corp report next week."])
    assert {"org:Netscape Communications Corp", "org:Oracle Corp"} <= set(got)


def test_a_surname_first_persons_surname_is_that_person():
    got = _by_kind(['Shen Guofang spoke. "Stop it," Shen said.'])
    assert got["person:Shen Guofang"] == [("blocks", 0, "Shen Guofang"), ("blocks", 0, "Shen")]


def test_a_common_word_in_capitals_is_no_known_org_unless_the_body_says_so():
    got = _by_kind({"title": "X", "blocks": ["OFFICIALS WHO SPOKE IN KYIV SAID NATO WOULD ACT."]})
    assert "org:NATO" in got and "org:World Health Organization" not in got
    got = _by_kind(
        {
            "title": "WHO WARNS ON BIRD FLU",
            "blocks": ["The World Health Organization (WHO) warned."],
        }
    )
    assert ("title", 0, "WHO") in got["org:World Health Organization"]


def test_an_unknown_word_before_an_officers_title_is_the_body_even_opening_a_sentence():
    got = _by_kind(
        [
            "Bundesbank President Hans Tietmeyer said so. Environment Minister Ana Ruiz agreed.",
            "Kremlin Chief of Staff Anatoly Chubais spoke.",
        ]
    )
    assert got["org:Bundesbank"] == [("blocks", 0, "Bundesbank")]
    assert "person:Hans Tietmeyer" in got
    assert not any(k.startswith("org:") for k in got if k != "org:Bundesbank")
