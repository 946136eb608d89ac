"""Word lists of the extraction rules, read once from ``data/lexicon/*.txt``.

Each file is plain text, one entry a line, with ``#`` comment lines saying what the list
is (``ap_states.tsv``: abbreviation TAB state). The lists are immutable (frozensets and
tuples) and shared by every :class:`~parsers.entities.extractor.Extractor`. The gazetteer
itself (countries, places, organisations, names) is :mod:`parsers.entities.gazetteer`.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

LEXICON_DIR = Path(__file__).resolve().parent / "data" / "lexicon"


def read_list(name: str) -> tuple[str, ...]:
    """The entries of ``data/lexicon/<name>.txt`` in file order (comments skipped)."""
    text = (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(s for s in (ln.strip() for ln in text.splitlines()) if s and s[0] != "#")


def read_set(name: str) -> frozenset[str]:
    """The entries of ``data/lexicon/<name>.txt`` as a frozenset."""
    return frozenset(read_list(name))


def read_pairs(name: str) -> MappingProxyType[str, str]:
    """``data/lexicon/<name>.tsv`` as a read-only mapping (first column -> second)."""
    text = (LEXICON_DIR / f"{name}.tsv").read_text(encoding="utf-8")
    rows = (ln.split("\t") for ln in text.splitlines() if ln.strip() and ln[0] != "#")
    return MappingProxyType({k.strip(): v.strip() for k, v in rows})


# --- built into the chunk regex (order kept)
SKIP_WORDS = read_list("skip_words")
SKIP_SET = frozenset(SKIP_WORDS)
POSSESSIVE_PLURALS = read_list("possessive_plurals")
ABBREVIATIONS = read_list("abbreviations")

# --- names and their parts
PARTICLES = read_set("name_particles")
NAME_SUFFIXES = read_set("name_suffixes")
STOP_SINGLE = read_set("stop_single")
CAMEL_NAME_PREFIXES = read_list("camel_name_prefixes")

# --- organisations
ORG_SUFFIX = read_set("org_suffixes")
ORG_HEADS = read_set("org_heads")
TITLE_HEADS = read_set("title_heads")
AMP_WORDS = read_set("amp_words")
CLUB_PREFIXES = read_set("club_prefixes")
MEMBER_ENDS = read_list("member_ends")
CORPORATE_TAILS = read_set("corporate_tails")
GOV_BODIES = read_set("gov_bodies")
SPANISH_ARTICLES = read_set("spanish_articles")

# --- places
PLACE_WORDS = read_set("place_words")
WATER_HEADS = read_set("water_heads")
GEO_FEATURES = read_set("geo_features")
DE_PARTICLES = read_set("de_particles")
COMPASS = read_set("compass_words")
ADMIN_WORDS = read_set("admin_words")
AP_STATES = read_pairs("ap_states")
AP_FIRST = frozenset(k[0] for k in AP_STATES)

# --- context cues
PERSON_APPOS_NOUNS = read_set("person_nouns")
ORG_APPOS_NOUNS = read_set("org_nouns")
LITERAL_BEFORE = read_set("literal_before")
OF_LITERAL = read_set("of_literal")
REACTION_NOUNS = read_set("reaction_nouns")
TOWN_BEFORE = LITERAL_BEFORE | {"of", "from", "including", "at", "like"}

# --- names of things, not of people or teams
NOT_TEAM_PLURALS = read_set("not_team_plurals")
EVENT_LAST = read_set("event_last")
NONPERSON_LAST = read_set("nonperson_last")
