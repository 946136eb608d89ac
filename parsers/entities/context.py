"""The context pass: rules that read the words around a mention, once per article.

They run on the raws after scanning (outside the chunk memo, which is keyed by the chunk
text alone), and only touch mentions the chunk rules left unsure: unknown single words,
names without a known given name, towns that are also words of an organisation. A few
joins come first ("H&M", "Lloyd’s List", "AEK Athens", "San Juan province").
"""

from __future__ import annotations

import re

from parsers.entities.cues import org_appositive, org_context, person_appositive
from parsers.entities.gazetteer import REGION_POP, Gazetteer, fold
from parsers.entities.lexicon import (
    ADMIN_WORDS,
    GOV_BODIES,
    LITERAL_BEFORE,
    ORG_APPOS_NOUNS,
    ORG_HEADS,
    ORG_SUFFIX,
    PERSON_APPOS_NOUNS,
    TOWN_BEFORE,
)
from parsers.entities.patterns import (
    AIRPORT_RE,
    APPOS_RE,
    CAP_OPENER_RE,
    CLUB_POSS_HINT_RE,
    CLUB_POSS_RE,
    COORD,
    CUE_TAILS,
    FIXTURE_BEFORE_RE,
    HYPHEN_ADJ_RE,
    IT_SAID_RE,
    ITS_NEXT_RE,
    ITS_ROLE_RE,
    ORG_AFTER_RE,
    ORG_AT_RE,
    ORG_KIND_BEFORE_RE,
    PLACE_AFTER_RE,
    PLACE_APPOS_RE,
    PLACE_BEFORE_RE,
    POLL_AFTER_RE,
    POSS_APPOS_RE,
    POSS_BRAND_RE,
    PROVINCE_AFTER_RE,
    RESULT_AFTER,
    RESULT_AFTER_RE,
    RESULT_BEFORE,
    RESULT_BEFORE_RE,
    ROLE_BEFORE_RE,
    SCORE_HINT_RE,
    SCORE_RE,
    SENT_END_RE,
    SITE_AT_RE,
    SUBJ_VERB_RE,
)
from parsers.entities.records import Ctx, Raw, order_base
from parsers.entities.surface import (
    POSS_ENDS,
    is_acronym,
    prev_word,
    sentence_initial,
    strip_poss,
)


def _plural_org_appositive(t: str, e: int) -> bool:
    """ ", Mexico’s two budget carriers", ", the three lenders": a plural body noun."""
    m = POSS_APPOS_RE.match(t, e) or APPOS_RE.match(t, e)
    if not m:
        return False
    ws = m.group(1).lower().split()[:5]
    return not any(w in PERSON_APPOS_NOUNS or w[:-1] in PERSON_APPOS_NOUNS for w in ws) and any(
        w.endswith("s") and w[:-1] in ORG_APPOS_NOUNS for w in ws
    )


def _it_anaphora(t: str, s: int, e: int) -> bool:
    """Is the mention at ``t[s:e]`` taken up as "it"/"its" ("X said it would", "X plans
    ..., its chief executive said", "X ... . Its chairman, ...")? People are "he"/"she"."""
    if IT_SAID_RE.match(t, e):
        # not the second word of a name the sentence start cut off ("Live Nation said ...")
        return CAP_OPENER_RE.search(t, max(0, s - 30), s) is None
    if not sentence_initial(t, s):
        return False
    m = SENT_END_RE.search(t, e)
    if ITS_ROLE_RE.search(t, e, m.start() if m else len(t)):
        return True
    return m is not None and ITS_NEXT_RE.match(t, m.end()) is not None


def _role_then_name(t: str, s: int, e: int, text: str) -> bool:
    """ "the country’s leader, To Lam," : two or three words between commas right after a
    person's role noun, none of them a body's word."""
    ws = text.split()
    if not 2 <= len(ws) <= 3 or not t.startswith(",", e):
        return False
    if any(fold(w) in ORG_SUFFIX or fold(w) in ORG_HEADS for w in ws):
        return False
    m = ROLE_BEFORE_RE.search(t, max(0, s - 50), s)
    return m is not None and m.group(2) in PERSON_APPOS_NOUNS


def _subject_org(t: str, s: int, e: int, gaz: Gazetteer) -> bool:
    """Is the unknown word at ``t[s:e]`` a body acting as a sentence's subject? Not a
    given name, a common word or a known person's surname (the caller checks that):
    people are "Mr. X said" or named in full; bodies open sentences bare. "the Treasury
    imposed": a government body after "the" anywhere."""
    the = t.endswith(("the ", "The "), 0, s)
    verb = SUBJ_VERB_RE.match(t, e) is not None
    if not (the or verb):
        return False
    w = strip_poss(t[s:e])[0]
    f = fold(w)
    if the and f in GOV_BODIES:
        return True
    if not verb or f in gaz.given:
        return False
    if is_acronym(w) and w.replace(".", "") in gaz.acronym_stop:  # "The CEO said"
        return False
    if t.endswith("The ", 0, s):  # a capitalised common word after "The" is a name
        return sentence_initial(t, s - 4)
    return f not in gaz.common and sentence_initial(t, s)


def _opening_phrase(t: str, s: int) -> bool:
    """Is the mention at ``s`` in a sentence-opening phrase ("In Quebec, the Bloc ...")?"""
    w = prev_word(t, s)
    return w in LITERAL_BEFORE and sentence_initial(t, max(0, s - 1 - len(w)))


def _join_ampersand_names(raws: list[Raw], texts: dict[tuple[str, int], str]) -> None:
    """ "H&M", "S&P", "AT&T": two capitals around an "&" are one company's name."""
    k = len(raws) - 2
    while k >= 0:
        a, b = raws[k], raws[k + 1]
        if (
            a.end + 1 == b.start
            and len(a.text) <= 3
            and len(b.text) <= 3
            and (a.field, a.index) == (b.field, b.index)
            and a.text.isupper()
            and b.text.isupper()
            and texts.get((a.field, a.index), "")[a.end : b.start] == "&"
        ):
            a.kind, a.info, a.extra = "org", "", ""
            a.end = b.end
            a.text = a.text + "&" + b.text
            a.words = (a.text,)
            del raws[k + 1]
        k -= 1


def _join_and_names(raws: list[Raw], texts: dict[tuple[str, int], str], gaz: Gazetteer) -> None:
    """ "Food and Agriculture Organisation": a lone capitalised common word, "and", then an
    organisation's name that ends in its head are one name (the chunk was cut at "and")."""
    k = len(raws) - 2
    while k >= 0:
        a, b = raws[k], raws[k + 1]
        if (
            b.kind == "org"
            and not a.info
            and " " in b.text
            and a.start < b.start - 5
            and a.end + 5 == b.start
            and (a.field, a.index) == (b.field, b.index)
            and " " not in a.text
            and a.text[1:].islower()
            and fold(a.text) in gaz.common
            and fold(b.text.rsplit(None, 1)[-1]) in ORG_SUFFIX
            and (t := texts.get((a.field, a.index), ""))[a.end : b.start] == " and "
        ):
            b.start = a.start
            b.text = t[a.start : b.end]
            b.words = tuple(b.text.split())
            b.info = ""
            del raws[k]
        k -= 1


def _join_possessive_brand(
    raws: list[Raw], texts: dict[tuple[str, int], str], gaz: Gazetteer
) -> None:
    """ "Lloyd’s List Intelligence": a capitalised word and its possessive open an
    organisation's name when the word is nothing on its own (not "Britain’s Labour Party",
    not "Mr. Trump’s Justice Department": those words are entities)."""
    at: dict[tuple[str, int, int], int] | None = None
    drop: list[int] = []
    for r in raws:
        if r.kind != "org" or len(r.words) < 2 or r.start < 3:
            continue
        t = texts.get((r.field, r.index), "")
        if t[r.start - 2] != "s" or t[r.start - 3] not in "’'":
            continue
        m = POSS_BRAND_RE.search(t, max(0, r.start - 24), r.start)
        if not m:
            continue
        w = m.group(1)
        f = fold(w)
        if f in gaz.country_forms or f in gaz.places or f in gaz.common or f in gaz.metonyms:
            continue
        if at is None:
            at = {(x.field, x.index, x.end): k for k, x in enumerate(raws)}
        k = at.get((r.field, r.index, r.start - 1))
        if k is not None and (raws[k].kind != "pending" or raws[k].extra):
            continue
        if k is not None:
            drop.append(k)
        r.start = m.start(1)
        r.text = t[r.start : r.end]
        r.words = (t[m.start(1) : m.end(1) + 2], *r.words)
        r.info = ""
    for k in sorted(drop, reverse=True):
        del raws[k]


def _join_club_city(raws: list[Raw]) -> None:
    """ "AEK Athens", "PSV Eindhoven": a short all-caps name and a city right after it
    are one club's name (the city is no place mention there)."""
    # skip straight to the first short all-caps organisation (most articles have none)
    last = len(raws) - 1
    for k, a in enumerate(raws):
        if k >= last:
            return
        if a.kind == "org" and 2 <= len(a.text) <= 4 and a.text.isalpha() and a.text.isupper():
            break
    else:
        return
    while k < len(raws) - 1:
        a = raws[k]
        if a.kind == "org" and 2 <= len(a.text) <= 4 and a.text.isalpha() and a.text.isupper():
            b = raws[k + 1]
            if (
                b.start == a.end + 1
                and b.kind in ("org", "pending")
                and (b.field, b.index) == (a.field, a.index)
                and 2 <= len(b.text) <= 4
                and b.text.isalpha()
                and b.text.isupper()
            ):
                # "CMA CGM": two acronyms in a row are one company's name
                a.text = f"{a.text} {b.text}"
                a.end = b.end
                a.words = tuple(a.text.split())
                a.info = ""
                del raws[k + 1]
                k += 1
                continue
            j = k + 1
            while (
                j < len(raws)
                and raws[j].start == a.end + 1
                and (raws[j].field, raws[j].index) == (a.field, a.index)
                and raws[j].kind in ("place", "country")
            ):
                j += 1
            if j > k + 1 and any(raws[m].kind == "place" for m in range(k + 1, j)):
                b = raws[k + 1]
                a.text = f"{a.text} {b.text}"
                a.end = b.end
                a.words = tuple(a.text.split())
                a.info = ""
                del raws[k + 1 : j]
        k += 1


_SAINT_TAIL_RE = re.compile(r" St\.-[A-Z][\w-]*")


def _join_saint_names(raws: list[Raw], texts: dict[tuple[str, int], str]) -> None:
    """ "Paris St.-Germain": a town and a saint's name are one club's or place's name,
    not the town (nor its country)."""
    joined: list[Raw] = []
    for r in raws:
        t = texts.get((r.field, r.index))
        if t is None:
            continue
        if joined and any(
            (j.field, j.index) == (r.field, r.index) and j.start <= r.start < j.end for j in joined
        ):
            r.kind, r.extra = "pending", "nonentity"  # its country, or "Germain"
            continue
        if r.kind in ("place", "country") and (m := _SAINT_TAIL_RE.match(t, r.end)):
            r.kind, r.info, r.extra = "org", "", ""
            r.end = m.end()
            r.text = t[r.start : r.end]
            r.words = (r.text,)
            joined.append(r)


def _known_surnames(raws: list[Raw]) -> None:
    """An unsure word that is the surname of a person named in full in the article is
    that person ("Paulo Fonseca, said ... . Fonseca said the forward would")."""
    surnames = {
        fold(r.words[-1]) for r in raws if r.kind == "person" and r.extra == "full" and r.words
    }
    if not surnames:
        return
    for r in raws:
        if r.kind == "pending" and not r.extra and " " not in r.text:
            name = strip_poss(r.text)[0]
            if fold(name) in surnames:
                r.kind, r.info, r.extra, r.words = "person", "", "surname", (name,)


def _club_cue(t: str, s: int, e: int) -> bool:
    """A town's name used as its club: a result with a score, or "Porto’s coach"."""
    if CLUB_POSS_RE.match(t, e - 2 if t.endswith(("’s", "'s"), s, e) else e):
        return True
    if not (
        (t.startswith(" ", e) and RESULT_AFTER_RE.match(t, e))
        or (t.endswith(RESULT_BEFORE, 0, s) and RESULT_BEFORE_RE.search(t, max(0, s - 20), s))
    ):
        return False
    a = max(t.rfind(". ", 0, s), 0)  # the sentence around holds a score ("2-1")
    b = t.find(". ", e)
    return SCORE_RE.search(t, a, b if b >= 0 else len(t)) is not None


# results and standings rows of wire copy: "Lyon 2 Nantes 1", "Lyon 4 3 1 0 7 3 10"
_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*"
RESULT_ROW_RE = re.compile(rf"^({_NAME}) \d{{1,3}} ({_NAME}) \d{{1,3}}$")
STANDING_ROW_RE = re.compile(rf"^({_NAME})(?: \d{{1,3}}){{3,}}$")
# "Lyon coach Guy Stephan": a town and a sports role before a name
CLUB_ROLE_RE = re.compile(
    r"[ \u00a0]+(?:coach|manager|striker|goalkeeper|captain|midfielder|defender)[ \u00a0]+[A-Z]"
)
CLUB_ROLES = (
    " coach",
    " manager",
    " striker",
    " goalkeeper",
    " captain",
    " midfielder",
    " defender",
)
assert (
    CLUB_ROLE_RE.pattern
    == (  # the words the cheap test above the search looks for
        rf"[ \u00a0]+(?:{'|'.join(w[1:] for w in CLUB_ROLES)})[ \u00a0]+[A-Z]"
    )
)
# a list of people with their clubs: "David Seaman (Arsenal), Tim Flowers (Blackburn)"
LIST_CLUB_RE = re.compile(r"(?<=[a-z]) \(([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*)\)")


_NO_PLACE = ("", "", 0, 0)


def _row_names(t: str) -> tuple[tuple[int, int], ...]:
    """The team names' spans of a results or standings row (none for other text)."""
    if len(t) > 80 or not t[-1:].isdigit():
        return ()
    m = RESULT_ROW_RE.match(t) or STANDING_ROW_RE.match(t)
    if m is None:
        return ()
    return tuple(m.span(g) for g in range(1, (m.re.groups or 0) + 1))


def _rows(texts: dict[tuple[str, int], str]) -> dict[tuple[str, int], tuple[tuple[int, int], ...]]:
    """The texts that are results or standings rows, with their team names' spans."""
    out = {}
    for key, t in texts.items():
        if t[-1:].isdigit() and (spans := _row_names(t)):
            out[key] = spans
    return out


def _row_clubs(
    ctx: Ctx,
    texts: dict[tuple[str, int], str],
    rows: dict[tuple[str, int], tuple[tuple[int, int], ...]],
) -> None:
    """The teams of a results or standings row: a name no rule read becomes a club, and a
    country that plays a town ("Monaco 0 Bastia 0") is read as that town's club."""
    raws = ctx.raws
    for (fld, idx), spans in rows.items():
        t = texts[(fld, idx)]
        inside = [
            [r for r in raws if (r.field, r.index) == (fld, idx) and a <= r.start and r.end <= b]
            for a, b in spans
        ]
        countries = [any(r.kind == "country" for r in rs) for rs in inside]
        for (a, b), rs, is_country in zip(spans, inside, countries, strict=True):
            if not rs or all(r.kind == "pending" for r in rs):
                for r in rs:
                    raws.remove(r)
                ctx.counter += 1
                name = t[a:b]
                raws.append(
                    Raw(
                        "org",
                        fld,
                        idx,
                        a,
                        b,
                        name,
                        words=tuple(name.split()),
                        pos=ctx.counter,
                        ok=order_base(fld, idx) + a,
                    )
                )
            elif is_country and len(spans) == 2 and not all(countries):
                for r in rs:
                    if r.kind == "country":
                        r.kind, r.extra = "place", ""


def _list_clubs(ctx: Ctx, texts: dict[tuple[str, int], str]) -> None:
    """ "Goalkeepers - David Seaman (Arsenal), Tim Flowers (Blackburn)": in a list of
    two or more people with a name in brackets, one that is no country is their club."""
    gaz, raws = ctx.gaz, ctx.raws
    people_ends = {(r.field, r.index, r.end) for r in raws if r.kind == "person"}
    if not people_ends:
        return
    add: list[Raw] = []
    spans: set[tuple[str, int, int, int]] = set()
    for (fld, idx), t in texts.items():
        if t.count(" (") < 2:
            continue
        found = [m for m in LIST_CLUB_RE.finditer(t) if (fld, idx, m.start()) in people_ends]
        if len(found) < 2:
            continue
        for m in found:
            name = m.group(1)
            f = fold(name)
            if f in gaz.country_forms or f in gaz.metonyms:
                continue  # "(Austria)", "(U.S.)": a player's country
            s, e = m.span(1)
            spans.add((fld, idx, s, e))
            ctx.counter += 1
            add.append(
                Raw(
                    "org",
                    fld,
                    idx,
                    s,
                    e,
                    name,
                    words=tuple(name.split()),
                    pos=ctx.counter,
                    ok=order_base(fld, idx) + s,
                )
            )
    if add:
        raws[:] = [
            r
            for r in raws
            if not any(
                (r.field, r.index) == sp[:2] and sp[2] <= r.start and r.end <= sp[3] for sp in spans
            )
        ] + add


def _read_clubs(
    raws: list[Raw],
    texts: dict[tuple[str, int], str],
    gaz: Gazetteer,
    rows: dict[tuple[str, int], tuple[tuple[int, int], ...]],
) -> None:
    """A town read as a club ("Lyon beat Nantes 2-1", "Porto’s coach") is that club all
    through the article ("Nantes had led"), except where it is a location ("in Nantes").
    Read per article, after the chunk memo: the cue lies outside the chunk."""
    cued: list[Raw] = []
    for r in raws:
        kind = r.kind
        if (
            (kind == "place" or kind == "country" or kind == "pending")
            and (t := texts.get((r.field, r.index))) is not None
            # cheap tests first: a result verb after, its object before, or a possessive
            and (
                t.startswith(RESULT_AFTER, r.end)
                or t.endswith(RESULT_BEFORE, 0, r.start)
                or r.text.endswith(("’s", "'s"))
            )
            and " " not in r.text
            and (
                kind == "place"
                or (kind == "country" and r.extra == "name")
                or (kind == "pending" and fold(strip_poss(r.text)[0]) in gaz.places)
            )
            and _club_cue(t, r.start, r.end)
        ):
            cued.append(r)
    # rows of a results or standings table, "Lyon coach Guy Stephan" (a town, no region)
    for r in raws:
        kind = r.kind
        if kind != "place" and kind != "pending" and kind != "person":
            continue
        spans = rows.get((r.field, r.index)) if rows else None
        if spans is None or (r.start, r.end) not in spans:
            t = texts.get((r.field, r.index))
            if t is None or not t.startswith(CLUB_ROLES, r.end) or not CLUB_ROLE_RE.match(t, r.end):
                continue
        if (
            (kind == "place" and gaz.places.get(fold(r.info), _NO_PLACE)[2] != REGION_POP)
            or (kind == "pending" and fold(strip_poss(r.text)[0]) in gaz.places)
            or (kind == "person" and fold(r.text.split()[0]) in gaz.places)
        ):
            cued.append(r)
    if not cued:
        return
    clubs = set()
    towns = [
        (r, t)
        for r in raws
        if (
            r.kind == "place"
            or (r.kind == "country" and r.extra == "name")
            or (r.kind == "pending" and fold(strip_poss(r.text)[0]) in gaz.places)
        )
        and " " not in r.text
        and (t := texts.get((r.field, r.index))) is not None
    ]
    # a sports page: "start against Rennes" needs no score
    cued.extend(r for r, t in towns if FIXTURE_BEFORE_RE.search(t, max(0, r.start - 12), r.start))
    for r in cued:
        clubs.add(fold(strip_poss(r.text)[0]))
        r.kind, r.info, r.extra = "org", "", ""
        r.words = tuple(strip_poss(r.text)[0].split())
    for r in raws:
        if (
            (
                r.kind in ("place", "country", "pending")
                or (r.kind == "person" and fold(r.text.split()[0]) in gaz.places)
            )
            and fold(strip_poss(r.text)[0]) in clubs
            and (
                prev_word(t := texts.get((r.field, r.index), ""), r.start) not in TOWN_BEFORE
                or (  # "lost to Lens"
                    t.endswith(RESULT_BEFORE, 0, r.start)
                    and RESULT_BEFORE_RE.search(t, max(0, r.start - 20), r.start)
                )
            )
        ):
            r.kind, r.info, r.extra = "org", "", ""
            r.words = tuple(strip_poss(r.text)[0].split())


def _province_capitals(raws: list[Raw], texts: dict[tuple[str, int], str]) -> None:
    """ "San Juan province", "Santa Fe province": a capital's name before "province" or
    "state" names that province in the whole article, not the state whose capital it is."""
    provs = {
        strip_poss(r.text)[0]
        for r in raws
        if r.kind == "place" and PROVINCE_AFTER_RE.match(texts.get((r.field, r.index), ""), r.end)
    }
    if provs:
        for r in raws:
            if r.kind == "country" and r.extra == "metonym" and strip_poss(r.text)[0] in provs:
                r.kind, r.extra = "pending", "nonentity"


def context_pass(ctx: Ctx, texts: dict[tuple[str, int], str]) -> None:
    """Re-read unsure mentions in their sentence (appositives, lists, "based in")."""
    raws = ctx.raws
    gaz = ctx.gaz
    # one joined copy for the substring pre-checks ("\n" never occurs inside a cue)
    alltext = "\n".join(texts.values())
    if "&" in alltext:
        _join_ampersand_names(raws, texts)
    if " and " in alltext:
        _join_and_names(raws, texts, gaz)
    _join_possessive_brand(raws, texts, gaz)
    _join_club_city(raws)
    if " St.-" in alltext:
        _join_saint_names(raws, texts)
    if " (" in alltext:
        _list_clubs(ctx, texts)
    rows = _rows(texts)
    if rows:
        _row_clubs(ctx, texts, rows)
    # every club cue needs a score ("2-1"), a club's people ("Porto’s coach", "Lyon coach
    # X") or a results row somewhere
    if (
        rows
        or SCORE_HINT_RE.search(alltext)
        or CLUB_POSS_HINT_RE.search(alltext)
        or (any(w[1:] in alltext for w in CLUB_ROLES) and CLUB_ROLE_RE.search(alltext))
    ):
        _read_clubs(raws, texts, gaz, rows)
    if " province" in alltext or " state" in alltext:
        _province_capitals(raws, texts)
    if "Airport" in alltext:
        for r in raws:
            # "Benito Juárez International Airport": a building, neutral like "Red Sea"
            if r.kind == "place" and AIRPORT_RE.match(texts.get((r.field, r.index), ""), r.end):
                r.kind, r.extra = (
                    "pending",
                    "nonentity",
                )  # one-word people ("Jefferies said"), no title
    _known_surnames(raws)
    p = _ContextPass(ctx, texts)
    p.collect()
    if p.classify_unsure():
        p.read_cues()
        p.read_lists()
        p.read_plural_appositives()
        p.read_towns()
        p.spread()


class _ContextPass:
    """The mentions of one article the chunk rules were unsure of, and what the context
    pass changed (``changed``: folded name -> "org" | "place")."""

    def __init__(self, ctx: Ctx, texts: dict[tuple[str, int], str]) -> None:
        self.ctx = ctx
        self.raws = ctx.raws
        self.texts = texts
        self.gaz = ctx.gaz
        self.memos = ctx.memos
        self.cands: list[int] = []  # raws the chunk rules were unsure of
        self.pending: list[Raw] = []
        self.lone: list[int] = []
        self.unsure: dict[int, str] = {}  # raw -> "word" | "name" | "town" | "multi" | "part"
        self.changed: dict[str, str] = {}

    def to_org(self, r: Raw) -> None:
        """Make ``r`` an organisation's mention and remember the word as one."""
        r.kind, r.info, r.extra = "org", "", ""
        r.words = tuple(strip_poss(r.text)[0].split())
        self.changed[fold(strip_poss(r.text)[0])] = "org"

    def to_place(self, r: Raw) -> None:
        """Make ``r`` a place's mention and remember the word as one."""
        f = fold(strip_poss(r.text)[0])
        pl = self.gaz.places.get(f)
        r.kind, r.info, r.extra = (
            "place",
            pl[0] if pl else strip_poss(r.text)[0],
            pl[1] if pl else "",
        )
        self.changed[f] = "place"

    def collect(self) -> None:
        """Find the unsure raws (and settle a few sure cases on the way)."""
        raws, texts, gaz, memos = self.raws, self.texts, self.gaz, self.memos
        given = gaz.given
        cands, pending, lone = self.cands, self.pending, self.lone
        for k, r in enumerate(raws):
            kind = r.kind
            if kind == "country":
                continue
            if kind == "person":
                if r.extra != "full":
                    if len(r.words) == 1 and r.text.startswith(r.words[0]):
                        lone.append(k)
                    continue
                w = r.words
                if (
                    len(w) >= 2
                    and not r.ea
                    and fold(w[0]) not in given
                    and r.text.startswith(w[0])
                    and not any(len(x) == 2 and x[1] == "." for x in w)
                ):
                    cands.append(k)
            elif (
                kind == "pending"
                and k
                and raws[k - 1].kind == "country"
                and raws[k - 1].end + 1 == r.start
                and raws[k - 1].text.endswith(POSS_ENDS)
                and fold(r.text) in GOV_BODIES
            ):
                # "Kenya's Treasury", "Japan's Cabinet": the body of that state
                r.kind, r.info, r.extra = "org", "", ""
                r.words = (r.text,)
            elif kind == "pending":
                # not "Kurdish-led", "Iranian-backed": adjectives
                if r.extra == "multi" or (
                    r.extra != "nonentity"
                    and " " not in r.text
                    and not HYPHEN_ADJ_RE.search(r.text)
                ):
                    cands.append(k)
                    pending.append(r)
            elif kind == "place":
                # a town may be a company's or a party's name: only in a list or before ", the ..."
                town = memos.town.get(r.text)
                if town is None:
                    f = fold(strip_poss(r.text)[0])
                    town = memos.town[r.text] = (
                        " " not in r.text and f not in gaz.capitals and f not in gaz.metonyms
                    )
                if town:
                    t = texts.get((r.field, r.index))
                    if t is not None and (
                        t.startswith(",", r.end) or t.endswith(COORD, max(0, r.start - 5), r.start)
                    ):
                        cands.append(k)
            elif (
                kind == "org"
                and r.text.isupper()
                and (t := texts.get((r.field, r.index)))
                and (t.startswith("+", r.end) and not t[r.end + 1 : r.end + 2].isalnum())
            ):
                # "OPEC+": the wider group is a body of its own
                r.end += 1
                r.text += "+"
                r.info, r.words = "", (r.text,)
            elif (
                kind == "org"
                and not r.info
                and r.text.isupper()
                and k
                and raws[k - 1].kind == "org"
            ):
                # ", or P.K.K.": an acronym right after an organisation names it
                p = raws[k - 1]
                t = texts.get((r.field, r.index))
                if (
                    t is not None
                    and (p.field, p.index) == (r.field, r.index)
                    and t[p.end : r.start] in (", or ", " (")
                    and is_acronym(r.text)
                ):
                    r.info = (
                        p.info
                        or gaz.orgs.get(fold(memos.org_name(p.text)))
                        or memos.org_name(p.text)
                    )

    def classify_unsure(self) -> bool:
        """Say how each unsure raw is unsure; False if there is nothing to re-read."""
        raws, gaz, memos = self.raws, self.gaz, self.memos
        given = gaz.given
        cands, pending, lone = self.cands, self.pending, self.lone
        if lone:
            # a one-word "person" the article never gives a first name or a title ("Mr. X")
            # may be a body: it is re-read like an unknown word
            anchored = {
                memos.surname_key(x.words)[-1]
                for x in raws
                if x.kind == "person"
                and x.words
                and (x.extra == "full" or not x.text.startswith(x.words[0]))
            }
            lone = self.lone = [
                k for k in lone if memos.surname_key(raws[k].words)[-1] not in anchored
            ]
            cands.extend(lone)
        if not cands and not any(r.kind == "org" for r in raws):
            return False
        named = (
            {  # surnames of people the chunk rules are sure of: their lone mentions stay
                memos.surname_key(r.words)[-1]
                for r in raws
                if r.kind == "person"
                and r.words
                and (r.extra != "full" or fold(r.words[0]) in given)
            }
            if pending
            else set()
        )
        unsure: dict[int, str] = {}  # raw index -> "word" | "name" | "town" | "multi" | "part"
        for k in cands:
            r = raws[k]
            if r.kind == "pending":
                if r.extra == "multi":
                    unsure[k] = "multi"
                elif memos.pending_key(r.text)[-1] not in named:
                    unsure[k] = "word"
            elif r.kind == "person":
                unsure[k] = "name" if r.extra == "full" else "lone"
            else:
                unsure[k] = "town"
        self.unsure = unsure
        return True

    def read_cues(self) -> None:
        """Appositives, roles, "it said", subjects, "based in": org or place."""
        raws, texts, gaz = self.raws, self.texts, self.gaz
        ctx, unsure, to_org, to_place = self.ctx, self.unsure, self.to_org, self.to_place
        for k, kind in unsure.items():
            r = raws[k]
            t = texts.get((r.field, r.index))
            if t is None:
                continue
            s, e = r.start, r.end
            if kind == "word" and (t.startswith(" ", e) and t[e + 1 : e + 2].isupper()):
                unsure[k] = "part"  # the first word of a longer name the chunk rules cut up
                continue
            before = t[max(0, s - 40) : s]
            comma_after = t.startswith(",", e)
            # cheap tests first: every cue below needs one of these
            if (
                (comma_after or before.endswith(", "))
                and not _opening_phrase(t, s)
                and org_appositive(ctx, t, s, e)
            ) or (
                kind != "town"
                and before.endswith(CUE_TAILS)
                and (ORG_AT_RE.search(before) or ORG_KIND_BEFORE_RE.search(before))
            ):
                to_org(r)
            elif kind == "town":
                pass
            elif (
                (kind != "name" and org_context(ctx, t, s, e))
                or (
                    t.startswith(" ", e)
                    and (
                        (POLL_AFTER_RE.match(t, e) and before.endswith(("a ", "an ")))
                        or ORG_AFTER_RE.match(t, e)
                    )
                )
                or (
                    kind != "multi"
                    and _it_anaphora(t, s, e)
                    # "Hisham Talaat Moustafa, the company’s chairman, said ... . Its shares
                    # rose": the "its" is the company's; a person's appositive wins
                    and not (kind in ("name", "lone") and person_appositive(t, e))
                )
                or (
                    (kind == "word" or (kind == "lone" and t.endswith("The ", 0, s)))
                    and _subject_org(t, s, e, gaz)
                )
            ):
                to_org(r)
            elif kind == "multi" and _role_then_name(t, s, e, r.text):
                # "Vietnam’s leader, To Lam, has ...": a person's role, then the name alone
                ws = tuple(strip_poss(r.text)[0].split())
                r.kind, r.info, r.extra, r.words = "person", "", "full", ws
                r.ea = fold(ws[0]) in gaz.ea_surnames
            elif kind in ("multi", "lone", "name"):
                pass
            elif (
                (before.endswith((" in ", " of ")) and PLACE_BEFORE_RE.search(before))
                or (before.endswith((" at ", " in ", " near ")) and SITE_AT_RE.search(before))
                or (
                    comma_after
                    and PLACE_APPOS_RE.match(t, e)
                    and fold(r.text) not in ADMIN_WORDS  # not "Oblast" of "Donetsk Oblast"
                )
                or PLACE_AFTER_RE.match(t, e)
            ):
                to_place(r)

    def read_lists(self) -> None:
        """Lists of unsure words with sure organisations or places."""
        raws, texts = self.raws, self.texts
        unsure, to_org, to_place = self.unsure, self.to_org, self.to_place
        # lists: "Bosch, Infineon and NXP", "Hyundai Motor and Toyota". A list has an
        # "and"/"or"; only its unsure members change, and only if all the others are orgs.
        done: set[int] = set()
        for k in unsure:
            if (
                k in done
                or raws[k].kind == "org"
                or (raws[k].kind == "place" and unsure[k] != "town")
            ):
                continue
            r = raws[k]
            t = texts.get((r.field, r.index), "")
            lo = hi = k
            joins: list[str] = []
            while lo > 0:
                p = raws[lo - 1]
                sep = t[p.end : raws[lo].start] if (p.field, p.index) == (r.field, r.index) else ""
                if sep not in COORD or p.end > raws[lo].start:
                    break
                joins.append(sep)
                lo -= 1
            while hi + 1 < len(raws):
                q = raws[hi + 1]
                sep = t[raws[hi].end : q.start] if (q.field, q.index) == (r.field, r.index) else ""
                if sep not in COORD or raws[hi].end > q.start:
                    break
                joins.append(sep)
                hi += 1
            members = range(lo, hi + 1)
            done.update(members)
            if hi == lo or all(j == ", " for j in joins):
                continue
            sure = [raws[m] for m in members if m not in unsure or raws[m].kind == "org"]
            if sure and all(x.kind == "org" for x in sure):
                for m in members:
                    if unsure.get(m, "part") != "part" and raws[m].kind != "org":
                        to_org(raws[m])
            elif (
                all(raws[m].kind == "place" for m in members if unsure.get(m) != "word")
                and any(raws[m].kind == "place" for m in members)
                and prev_word(t, raws[lo].start) in LITERAL_BEFORE
            ):
                # "near Nabatieh and Tyre": unknown words in a list of places after "in", "near"
                for m in members:
                    if unsure.get(m) == "word" and raws[m].kind == "pending":
                        to_place(raws[m])

    def read_plural_appositives(self) -> None:
        """A list of names followed by a plural body noun ("..., Mexico’s two carriers,")."""
        raws, texts, to_org = self.raws, self.texts, self.to_org
        # "Viva Aerobus and Volaris, Mexico’s two budget carriers,": a plural body noun after a
        # list names every member, even one that reads like a person's name
        # (only raws before k change here: the organisations can be listed first)
        for k in [k for k, r in enumerate(raws) if r.kind == "org"]:
            if not k:
                continue
            r = raws[k]
            t = texts.get((r.field, r.index), "")
            if not t.startswith(",", r.end) or not _plural_org_appositive(t, r.end):
                continue
            lo, joins = k, []
            while lo > 0:
                p = raws[lo - 1]
                sep = t[p.end : raws[lo].start] if (p.field, p.index) == (r.field, r.index) else ""
                if sep not in COORD or p.end > raws[lo].start:
                    break
                joins.append(sep)
                lo -= 1
            if lo < k and any(j != ", " for j in joins):
                for m in range(lo, k):
                    if raws[m].kind == "person" and raws[m].extra == "full" and not raws[m].ea:
                        to_org(raws[m])

    def read_towns(self) -> None:
        """Small towns of the gazetteer after a preposition."""
        raws, texts, gaz, unsure = self.raws, self.texts, self.gaz, self.unsure
        to_place = self.to_place
        given = gaz.given
        # a small town of the gazetteer that nothing else claimed, after a preposition
        # ("within two miles of Pokrovsk"): not a word, a given name or a known surname
        for k, kind in unsure.items():
            r = raws[k]
            if kind == "word" and r.kind == "pending" and r.text == strip_poss(r.text)[0]:
                f = fold(r.text)
                t = texts.get((r.field, r.index), "")
                if (
                    f in gaz.places
                    and f not in gaz.common
                    and f not in given
                    and prev_word(t, r.start) in TOWN_BEFORE
                ):
                    to_place(r)

    def spread(self) -> None:
        """Apply what was learnt about a word to its other unsure mentions."""
        raws, texts, gaz, changed = self.raws, self.texts, self.gaz, self.changed
        lone, pending, to_org, to_place = self.lone, self.pending, self.to_org, self.to_place
        # the same unknown word elsewhere in the article ("near Pahalgam" in the dek)
        if changed:
            # and a lone word that opens an organisation's name ("said Novo would ..." after
            # "Novo Nordisk said it would ...")
            firsts = {fold(x.words[0]) for x in raws if x.kind == "org" and len(x.words) > 1}
            for k in lone:
                r = raws[k]
                f = fold(strip_poss(r.text)[0])
                if r.kind == "person" and (changed.get(f) == "org" or f in firsts):
                    to_org(r)
            for r in pending:
                if r.kind == "pending":
                    c = changed.get(fold(strip_poss(r.text)[0]))
                    if c == "org":
                        to_org(r)
                    elif c == "place":
                        to_place(r)
        firsts2 = {fold(x.words[0]) for x in raws if x.kind == "org" and len(x.words) == 2}
        if firsts2:
            # "Toyota and Honda" beside "Toyota Motor": a town's name that opens a two-word
            # company name in the same article is that company unless it is a location there
            for r in raws:
                if (
                    r.kind == "place"
                    and (f := fold(strip_poss(r.text)[0])) in firsts2
                    and f not in gaz.capitals
                    and prev_word(texts.get((r.field, r.index), ""), r.start) not in TOWN_BEFORE
                ):
                    to_org(r)
        if pending:
            # "said Velno would gain" (a pending word: a clause's subject) after "Velno Kestrup"
            heads = {fold(x.words[0]) for x in raws if x.kind == "org" and len(x.words) == 2}
            if heads:
                for r in pending:
                    if r.kind == "pending" and not r.extra and fold(strip_poss(r.text)[0]) in heads:
                        to_org(r)
