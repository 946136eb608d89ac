"""Entity extraction: one small test per rule, the fixture bar, corpus resolution, CLI."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import pytest

from parsers.entities import extract, extract_text, resolve_corpus
from parsers.entities.gazetteer import fold, load_gazetteer
from parsers.model import Article, Block
from tests.support import REPO, SHARED_FIXTURES

ROOT = REPO
FIXTURES = SHARED_FIXTURES
DUMP = FIXTURES / "nyt_2025-02-14.txt"
GOLD = FIXTURES / "nyt_2025-02-14.entities.json"


def people(ents):
    return {e.name: set(e.aliases) for e in ents.people}


def countries(ents):
    return {e.iso2: {f for f, _ in e.evidence} for e in ents.countries}


def orgs(ents):
    return {e.name: set(e.aliases) for e in ents.organizations}


def places(ents):
    return {(e.name, e.iso2) for e in ents.places}


def article(title: str, *paras: str, dek: str = "") -> Article:
    return Article(
        id=title,
        source="Test",
        retrieved=None,
        published=None,
        updated=None,
        title=title,
        dek=dek,
        blocks=tuple(Block("paragraph", p, i + 1) for i, p in enumerate(paras)),
    )


# ----------------------------------------------------------------- people


def test_honorific_and_title_forms_merge_with_full_name():
    e = extract_text(
        [
            "President Vladimir V. Putin of Russia spoke on Tuesday.",
            "Mr. Putin said the talks would go on. Mr. Putin’s aides agreed, and Putin left.",
        ]
    )
    p = people(e)
    assert list(p) == ["Vladimir V. Putin"]
    # mentions and aliases are the name only: no title, no honorific, no possessive
    assert p["Vladimir V. Putin"] == {"Putin"}
    texts = [m.text for m in e.people[0].mentions]
    assert texts == ["Vladimir V. Putin", "Putin", "Putin", "Putin"]
    assert countries(e) == {"RU": {"Russia"}}


def test_multiword_titles_are_not_part_of_the_name():
    e = extract_text(
        "She met Secretary of State Marco Rubio and Vice President JD Vance in Munich."
    )
    p = people(e)
    assert set(p) == {"Marco Rubio", "JD Vance"}
    assert p["Marco Rubio"] == set()
    rubio = next(x for x in e.people if x.name == "Marco Rubio")
    assert [(m.start, m.text) for m in rubio.mentions] == [(27, "Marco Rubio")]
    assert ("Munich", "DE") in places(e)


def test_particles_and_surname_first_names():
    e = extract_text(
        [
            "Juan de la Fuente, a lawmaker, spoke. Mr. de la Fuente later left.",
            "The minister, Kuo Jyh-Huei, told reporters. Mr. Kuo declined to comment.",
            "President Luiz Inácio Lula da Silva of Brazil met Mr. da Silva’s allies.",
        ]
    )
    p = people(e)
    assert "de la Fuente" in p["Juan de la Fuente"]
    assert "Kuo" in p["Kuo Jyh-Huei"]
    assert "da Silva" in p["Luiz Inácio Lula da Silva"]
    assert "BR" in countries(e)


def test_diacritics_fold_to_one_person():
    e = extract_text(
        ["President Recep Tayyip Erdoğan of Turkey arrived.", "Mr. Erdogan said little."]
    )
    p = people(e)
    assert list(p) == ["Recep Tayyip Erdoğan"]
    assert "Erdogan" in p["Recep Tayyip Erdoğan"]
    assert "TR" in countries(e)


def test_appositive_and_said_cues_find_unlisted_names():
    e = extract_text(
        [
            "“It is over,” said Zorvath Quellington, a political analyst in Oslo.",
            "Brannoc Ystreval, the chairman of the Frobisher Group, disagreed.",
        ]
    )
    p = people(e)
    assert {"Zorvath Quellington", "Brannoc Ystreval"} <= set(p)
    assert "Frobisher Group" in orgs(e)


def test_administration_cue_and_surname_only_mentions():
    e = extract_text(["The Biden administration’s mantra was repeated."])
    assert list(people(e)) == ["Biden"]


def test_lone_surnames_with_said_cue_and_single_word_org_appositive():
    e = extract_text(
        [
            "The war went on, and Zelensky said he would not yield. “No,” said Kuleba.",
            "Officials at Rosatom, the state nuclear company, declined to comment.",
        ]
    )
    assert set(people(e)) == {"Zelensky", "Kuleba"}
    assert set(orgs(e)) == {"Rosatom"}


def test_camel_case_brands_and_known_multiword_orgs():
    e = extract_text("Mr. Merz, a former BlackRock executive, faces the Alternative for Germany.")
    assert {"BlackRock", "Alternative for Germany"} <= set(orgs(e))
    assert countries(e) == {}


def test_two_people_sharing_a_surname_stay_apart():
    e = extract_text(["Joe Biden and Hunter Biden arrived together. Hunter Biden spoke first."])
    assert set(people(e)) == {"Joe Biden", "Hunter Biden"}


def test_sentence_initial_words_are_not_names():
    e = extract_text(
        ["Senior European officials met. Commentators claimed a win. Inside Ukraine, calm."]
    )
    assert people(e) == {}
    assert set(countries(e)) == {"UA"}


def test_contributor_lines_are_not_mentions():
    a = article("A headline", "Mr. Lee Park spoke.", "Anton Troianovski contributed reporting.")
    a = replace(a, contributors=("Anton Troianovski",))
    names = {e.name for e in extract(a).entities.people}
    assert "Anton Troianovski" not in names


# ----------------------------------------------------------------- countries


def test_country_names_aliases_demonyms():
    e = extract_text(
        "The U.S. and Britain backed Ukrainian forces; America’s allies and the U.K. agreed, "
        "and Taiwanese officials and Russian-held towns were discussed."
    )
    c = countries(e)
    assert {"US", "GB", "UA", "TW", "RU"} == set(c)
    assert {"U.S.", "America"} <= c["US"]
    assert "Russian" in c["RU"]


def test_metonyms_vs_literal_capitals():
    e = extract_text(
        "The Kremlin said Kyiv must yield. A visit to Berlin followed, and a firm based in "
        "Brussels commented."
    )
    c = countries(e)
    assert set(c) == {"RU", "UA"}
    assert "metonym" in dict(next(x for x in e.countries if x.iso2 == "RU").evidence).values()
    assert {("Kyiv", "UA"), ("Berlin", "DE"), ("Brussels", "BE")} <= places(e)


def test_brussels_as_metonym_is_the_eu():
    e = extract_text("Brussels has warned that tariffs would hurt trade.")
    assert "BE" not in countries(e)
    assert any(o.key == "org:european union" for o in e.organizations)


def test_continents_and_blocs_are_not_countries():
    e = extract_text("Europe and the West, along with European and Western allies, met.")
    assert countries(e) == {}


def test_country_words_inside_org_names_are_not_evidence():
    e = extract_text(
        "Analysts at the Carnegie Russia Eurasia Center and China Strategies Group spoke."
    )
    assert countries(e) == {}
    assert {"Carnegie Russia Eurasia Center", "China Strategies Group"} <= set(orgs(e))


def test_territories_keep_their_own_code():
    e = extract_text("Greenland and Puerto Rico were discussed, as was Hong Kong.")
    assert {"GL", "PR", "HK"} <= set(countries(e))


# ----------------------------------------------------------------- organisations


def test_org_suffixes_heads_and_possessives():
    e = extract_text(
        "According to the Institute for the Study of War and the German Marshall Fund’s Asia "
        "program, the Heritage Foundation and Fox News disagreed."
    )
    o = orgs(e)
    assert {
        "Institute for the Study of War",
        "German Marshall Fund",
        "Heritage Foundation",
        "Fox News",
    } <= set(o)
    assert countries(e) == {}


def test_acronym_linked_to_full_name_by_initials():
    e = extract_text("Executives from Taiwan Semiconductor Manufacturing Company — TSMC — met.")
    o = orgs(e)
    assert o == {"Taiwan Semiconductor Manufacturing Company": {"TSMC"}}


def test_known_bodies_and_party_aliases():
    e = extract_text(
        "The Senate and Congress debated NATO. The G.O.P.’s leaders and Republican senators "
        "talked to the Pentagon."
    )
    keys = {x.key for x in e.organizations}
    assert {
        "org:senate",
        "org:congress",
        "org:north atlantic treaty organization",
        "org:republican party",
        "org:pentagon",
    } <= keys
    gop = next(x for x in e.organizations if x.key == "org:republican party")
    assert {"G.O.P.", "Republican"} <= {gop.name, *gop.aliases}


def test_org_list_with_comma_and_org_appositive():
    e = extract_text(
        [
            "He runs the Research Institute for Democracy, Society and Emerging Technology "
            "in Taipei.",
            "A pro-war blog with many readers, Two Majors, quoted a fighter.",
        ]
    )
    o = orgs(e)
    assert "Research Institute for Democracy, Society and Emerging Technology" in o
    assert "Two Majors" in o


def test_short_alias_of_an_org_in_the_same_article():
    e = extract_text(
        "Cliff Kupchan, chairman of Eurasia Group, spoke. The Eurasia analyst said so."
    )
    assert orgs(e) == {"Eurasia Group": {"Eurasia"}}


def test_non_org_acronyms():
    e = extract_text("The CEO said GDP grew while MAGA supporters cheered.")
    assert orgs(e) == {}


# ----------------------------------------------------------------- places


def test_places_get_iso_codes_from_the_gazetteer():
    e = extract_text(
        "Fighting continued in the Donbas region and the Kursk region, while officials in "
        "Alaska, Florida and Munich watched."
    )
    pl = places(e)
    assert {
        ("Donbas", "UA"),
        ("Kursk", "RU"),
        ("Alaska", "US"),
        ("Florida", "US"),
        ("Munich", "DE"),
    } <= pl


def test_ambiguous_small_places_need_a_location_cue():
    e = extract_text("Warren Buffett said Mobile phones sell well.")
    assert not any(p[0] in ("Mobile", "Warren") for p in places(e))
    e2 = extract_text("The storm hit Mobile on Sunday after landfall in Mobile Bay.")
    assert places(extract_text("They flew to Mobile.")) == {("Mobile", "US")}
    assert e2 is not None


# ----------------------------------------------------------------- headline / offsets / corpus


def test_headline_only_matches_known_forms_and_offsets_are_exact():
    a = article(
        "Taiwan Prepares for Trump’s Tariffs, and a Changed Washington",
        "Mr. Trump spoke in Washington, where Taiwan has allies.",
    )
    out = extract(a)
    for e in out.entities.all():
        for m in e.mentions:
            assert out.text_of(m.field, m.index)[m.start : m.end] == m.text
    title_forms = {m.text for e in out.entities.all() for m in e.mentions if m.field == "title"}
    assert {"Taiwan", "Trump", "Washington"} <= title_forms
    assert "Tariffs" not in title_forms


def test_resolve_corpus_links_surnames_and_keeps_conflicts_apart():
    a1 = extract(article("One", "Mr. Trump spoke. Trump’s aides agreed."))
    a2 = extract(article("Two", "President Donald J. Trump met Hunter Biden."))
    a3 = extract(article("Three", "Donald Trump spoke. Joe Biden listened."))
    a4 = extract(article("Four", "The Biden administration said so."))
    out = resolve_corpus([a1, a2, a3, a4])
    keys = [{e.key for e in a.entities.people} for a in out]
    assert keys[0] == keys[1] & keys[0] == {"person:donald j. trump"}
    assert "person:donald j. trump" in keys[2]
    assert "person:hunter biden" in keys[1] and "person:joe biden" in keys[2]
    assert keys[3] == {"person:biden"}  # ambiguous: two Bidens in the corpus
    names = {e.name for e in out[0].entities.people}
    assert names == {"Donald J. Trump"}
    assert "Trump" in out[0].entities.people[0].aliases


def test_key_formats():
    e = extract_text("Mr. Erdogan met NATO officials in Kyiv as Russia watched.")
    kinds = {x.key.split(":")[0] for x in e.all()}
    assert kinds == {"person", "org", "place", "country"}
    assert any(x.key == "country:RU" for x in e.countries)
    assert any(x.key == "place:kyiv|UA" for x in e.places)


def test_gazetteer_loads_from_cache_and_folds():
    g = load_gazetteer()
    assert g.country_forms[fold("Türkiye")][0] == "TR"
    assert fold("Erdoğan’s") == "erdogan's"


# ----------------------------------------------------------------- fixture bar and tools


@pytest.mark.skipif(not (DUMP.exists() and GOLD.exists()), reason="shared fixtures not present")
def test_fixture_f1_bars():
    sys.path.insert(0, str(ROOT / "bench"))
    import io

    from entities_eval import evaluate

    res = evaluate(DUMP, GOLD, out=io.StringIO())
    assert res["people"][2] >= 0.97
    assert res["countries"][2] >= 0.97
    assert res["organizations"][2] >= 0.90
    assert res["places"][2] >= 0.90


@pytest.mark.skipif(not DUMP.exists(), reason="shared fixtures not present")
def test_entities_command_json(capsys):
    from tui.entities_cmd import run

    assert run([str(DUMP)], "country", True) == 0
    rows = json.loads(capsys.readouterr().out)
    by_iso = {r["iso2"]: r for r in rows}
    assert {"US", "RU", "UA", "TW", "CN", "GB"} <= set(by_iso)
    assert by_iso["US"]["articles"] == 3
    assert all(r["kind"] == "country" for r in rows)


def test_entities_command_table_and_errors(tmp_path, capsys):
    from tui.entities_cmd import run

    p = tmp_path / "d.txt"
    p.write_text(
        "The Test Times 2025-01-01 00:00:00\n\n\nA Headline About Oslo\n\n"
        "Mr. Jonas Berg of Norway said the Kremlin was wrong.\n\nMore text here about Oslo.\n",
        encoding="utf-8",
    )
    assert run([str(p)], None, False) == 0
    assert run([str(tmp_path / "missing.txt")], None, False) == 1
    assert run([str(p)], "bogus", False) == 2
