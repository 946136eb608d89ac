"""Classifying one segment of a chunk: titles and honorifics, country names, demonyms and
metonyms, gazetteer places, organisation suffixes and acronyms, given names, and the
cues around the segment. Each rule adds :class:`~parsers.entities.records.Raw` mentions
to the call's :class:`~parsers.entities.records.Ctx`.
"""

from __future__ import annotations

import re

from parsers.entities.cues import (
    LazyLiteral,
    LiteralCue,
    is_literal,
    org_appositive,
    org_context,
    person_cue,
)
from parsers.entities.gazetteer import Gazetteer, fold
from parsers.entities.lexicon import (
    AMP_WORDS,
    AP_FIRST,
    AP_STATES,
    CAMEL_NAME_PREFIXES,
    CLUB_PREFIXES,
    COMPASS,
    DE_PARTICLES,
    EVENT_LAST,
    GEO_FEATURES,
    MEMBER_ENDS,
    NAME_SUFFIXES,
    NONPERSON_LAST,
    NOT_TEAM_PLURALS,
    ORG_HEADS,
    ORG_SUFFIX,
    PARTICLES,
    PLACE_WORDS,
    SKIP_SET,
    SPANISH_ARTICLES,
    STOP_SINGLE,
    TITLE_HEADS,
    WATER_HEADS,
)
from parsers.entities.patterns import (
    ADMIN_FOLLOW_RE,
    CAMEL_RE,
    CAPS_CAMEL_RE,
    CLAUSE_VERB_RE,
    NONPERSON_FOLLOW_RE,
    ORG_ON_RE,
    PERSON_FOLLOW_RE,
    PERSON_LONE_RE,
    SAID_AFTER_RE,
)
from parsers.entities.records import Ctx, Raw, Span, order_base
from parsers.entities.surface import is_acronym, strip_poss


def _add(
    ctx: Ctx,
    kind: str,
    fld: str,
    idx: int,
    s: int,
    e: int,
    text: str,
    words: tuple[str, ...] = (),
    info: str = "",
    extra: str = "",
    ea: bool = False,
) -> None:
    """Append a mention of ``text[s:e]`` to ``ctx.raws``, numbered in order."""
    ctx.counter += 1
    ctx.raws.append(
        Raw(
            kind,
            fld,
            idx,
            s,
            e,
            text[s:e],
            words,
            info,
            extra,
            ea,
            ctx.counter,
            order_base(fld, idx) + s,
        )
    )


def country_or_place(
    ctx: Ctx,
    f: str,
    fld: str,
    idx: int,
    s: int,
    e: int,
    text: str,
    literal: LiteralCue,
    title: bool,
) -> bool:
    """Look a folded form up as country name/demonym, metonym, capital or place."""
    gaz = ctx.gaz
    cf = gaz.country_forms.get(f)
    if cf is not None:
        _add(ctx, "country", fld, idx, s, e, text, info=cf[0], extra=cf[1])
        return True
    met = gaz.metonyms.get(f)
    if met is not None:
        ctx.lit_used = True
        if met.startswith("org:"):
            if not literal:
                _add(ctx, "org", fld, idx, s, e, text, info=met[4:])
            pl = gaz.places.get(f)
            if pl is not None:  # a capital is a place whether literal or not
                _add(ctx, "place", fld, idx, s, e, text, info=pl[0], extra=pl[1])
            return True
        _add(ctx, "country", fld, idx, s, e, text, info=met, extra="metonym")
        return True
    cap = gaz.capitals.get(f)
    if cap is not None:
        ctx.lit_used = True
        if not literal:
            _add(ctx, "country", fld, idx, s, e, text, info=cap, extra="metonym")
        pl = gaz.places.get(f)
        _add(ctx, "place", fld, idx, s, e, text, info=pl[0] if pl else text[s:e], extra=cap)
        return True
    pl = gaz.places.get(f)
    if pl is not None and pl[3]:
        ctx.lit_used = True
    if (
        pl is not None
        and (not pl[3] or (literal and not title))
        # "N.C." yes, "LA" no; a word in capitals that is no acronym ("TORONTO", a headline)
        and ("." in text[s:e] or not is_acronym(text[s:e]) or title or e - s >= 5)
    ):
        _add(ctx, "place", fld, idx, s, e, text, info=pl[0], extra=pl[1])
        return True
    return False


def classify(
    ctx: Ctx, text: str, seg: list[Span], fld: str, idx: int, chunk_end: int, initial: bool
) -> None:
    """Classify one segment of a chunk: add its raws (people, places, ...) to ``ctx``.

    The rules run in order, each a function that returns whether it decided:
    titles and honorifics, whole-segment lookups, single tokens, people and
    organisations by their cues, then the longest known sub-spans.
    """
    gaz = ctx.gaz
    seg_end = seg[-1][2]  # includes a trailing possessive
    if (
        len(seg) > 1
        and len(seg[0][0]) == 2
        and seg[0][0][1] == "."
        and (fold(seg[1][0]) in gaz.honorifics or seg[1][0] in SKIP_SET)
    ):
        # "in a post on X. Ms. Le Pen said", "wrote on X. His minister": a one-letter word
        # ends the sentence
        s1 = seg[0][1]
        classify(ctx, text, [(seg[0][0][0], s1, s1 + 1)], fld, idx, s1 + 1, initial)
        classify(ctx, text, seg[1:], fld, idx, chunk_end, True)
        return
    # drop sentence-initial common words ("The", "Inside", "Senior")
    toks, initial = _drop_initial_words(ctx, text, seg, seg_end, initial)
    if not toks:
        return
    # mid-sentence leading "The" ("of The Times")
    if len(toks) > 1 and toks[0][0] == "The":
        toks = toks[1:]
    # a hyphenated adjective opening the chunk ("Serb-run Republika Srpska",
    # "Iranian-backed Houthi militia"): its country word counts, the rest is the name
    if len(toks) > 1 and "-" in toks[0][0]:
        head, _, tail = toks[0][0].partition("-")
        fh = fold(head)
        if (
            tail.islower()
            and tail in gaz.common
            and (
                fh in gaz.country_forms
                or fh in gaz.metonyms
                or fh in gaz.capitals
                or fh in gaz.non_entities
            )
        ):
            hyphen_parts(ctx, text, fld, idx, toks[0][1], toks[0][0], False)
            toks = toks[1:]
    s = toks[0][1]
    e = seg_end
    words = [t[0] for t in toks]
    fw = [fold(w) for w in words]
    full_f = " ".join(fw)
    literal = LazyLiteral(ctx, text, s, e, words)  # read by few segments: computed on first use

    # 1. honorifics and titles
    if fw[0] in gaz.honorifics and len(toks) > 1:
        name = toks[1:]
        _person(ctx, text, fld, idx, s, e, name, "surname")
        return
    tl = 0
    for k in range(min(gaz.title_max, len(fw) - 1), 0, -1):
        if tuple(fw[:k]) in gaz.titles:
            tl = k
            break
    if not tl and len(fw) >= 3 and _title_after_qualifier(ctx, text, fld, idx, toks, fw):
        # "U.S. Secretary of State Warren Christopher", "Environment Minister Gustavo
        # Krause": the qualifier went its own way, the rest is read as a title + name
        classify(
            ctx,
            text,
            toks[1 if fw[1] in TITLE_QUALIFIED else _qual_len(gaz, fw) :],
            fld,
            idx,
            chunk_end,
            False,
        )
        return
    if (
        tl
        and fw[-1] not in ORG_SUFFIX
        and any(f in ORG_SUFFIX or (f in ORG_HEADS and f not in TITLE_HEADS) for f in fw[tl:])
    ):
        # "Major League Soccer", "General Administration of Customs": a title word
        # opening an organisation's name
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return
    if tl and fw[-1] not in ORG_SUFFIX:
        name = toks[tl:]
        if name and not any(fold(x[0]) in gaz.country_forms for x in name):
            _person(ctx, text, fld, idx, s, e, name, "title")
            return
        if name:
            toks = name
            s = toks[0][1]
            words = [t[0] for t in toks]
            fw = [fold(w) for w in words]
            full_f = " ".join(fw)

    if _by_lookup(ctx, text, fld, idx, toks, s, e, words, fw, full_f, literal):
        return
    if len(toks) == 2 and _named_after_place(ctx, words, fw):
        # "J. Crawley", "Michael Jordan": an initial or a given name, then a place's name
        _person(ctx, text, fld, idx, s, e, toks, "full")
        return
    if len(toks) == 1:
        _single_token(ctx, text, fld, idx, toks, s, e, words, fw, literal, initial)
        return
    if _by_cues(ctx, text, fld, idx, toks, s, e, words, fw, initial):
        return
    _sub_spans(ctx, text, fld, idx, toks, s, e, fw, literal, initial)


# title words that a capitalised qualifier may open: "Environment Minister", "Bundesbank
# President" (the qualifier is part of the title unless it is a known body or country)
TITLE_QUALIFIED = frozenset(
    ("minister", "secretary", "president", "chairman", "governor", "spokesman", "director")
)


def _qual_len(gaz: Gazetteer, fw: list[str]) -> int:
    """How many words open ``fw`` as a country name or demonym before a title: "U.S.",
    "French", "South Korean" (0 if none)."""
    for k in (2, 1):
        if len(fw) > k + 1 and " ".join(fw[:k]) in gaz.country_forms:
            return k
    return 0


def _named_after_place(ctx: Ctx, words: list[str], fw: list[str]) -> bool:
    """An initial ("J.") or a given name that is no place, then one word that is a town or
    a country: a person's name ("J. Crawley", "Michael Jordan", not "New Jersey")."""
    gaz = ctx.gaz
    second = fw[1]
    if not (second in gaz.places or second in gaz.country_forms) or second in gaz.features:
        return False
    if second in gaz.orgs or not words[1][1:].islower():
        return False
    first = words[0]
    if len(first) == 2 and first[1] == "." and first[0].isupper():
        return second not in gaz.country_forms  # "N. Korea" stays Korea
    f = fw[0]
    return (
        f in gaz.given
        and f not in gaz.places
        and f not in gaz.country_forms
        and f not in gaz.common
        and f not in gaz.non_entities
    )


def _title_after_qualifier(
    ctx: Ctx, text: str, fld: str, idx: int, toks: list[Span], fw: list[str]
) -> bool:
    """A title after a country word, a known body or a capitalised qualifier, then a name
    ("French Finance Minister Jean Arthuis"): add the qualifier's raw (a country, an org,
    or nothing when it is part of the title) and say so."""
    gaz = ctx.gaz
    if fw[-1] in ORG_SUFFIX or " ".join(fw) in gaz.orgs:
        return False  # "German Marshall Fund", "U.S. Soccer Federation"
    k = _qual_len(gaz, fw)
    if k and gaz.country_forms[" ".join(fw[:k])][1] == "demonym" and fw[k] in gaz.given:
        # "German Jan Ullrich": a demonym, then a person's given name
        country_or_place(
            ctx, " ".join(fw[:k]), fld, idx, toks[0][1], toks[k - 1][2], text, False, False
        )
        return True
    if k:
        rest = fw[k:]
    elif fw[1] in TITLE_QUALIFIED and toks[0][0][0].isupper() and not toks[0][0].isupper():
        rest = fw[1:]
    else:
        return False
    if not any(
        tuple(rest[:n]) in gaz.titles and len(rest) > n
        for n in range(min(gaz.title_max, len(rest) - 1), 0, -1)
    ):
        return False
    s0, e0 = toks[0][1], toks[k - 1][2] if k else toks[0][2]
    if k:
        country_or_place(ctx, " ".join(fw[:k]), fld, idx, s0, e0, text, False, False)
    elif fw[0] in gaz.orgs:
        _add(ctx, "org", fld, idx, s0, e0, text, info=gaz.orgs[fw[0]])
    elif not (
        toks[0][0].isupper()
        or fw[0] in gaz.common
        or fw[0] in gaz.given
        or fw[0] in gaz.places
        or fw[0] in gaz.country_forms
        or fw[0] in gaz.non_entities
    ):
        # "Bundesbank President Hans Tietmeyer": an unknown word before an officer's
        # title is the body served, even opening a sentence
        _add(ctx, "org", fld, idx, s0, e0, text, words=(toks[0][0],))
    return True


_COORD_RE = re.compile(r"\b([A-Z][a-z]+ern) and $")
_FEATURE_AFTER_RE = re.compile(r"[ \u00a0]+(?:rain ?forest|forest|basin|river|delta|region)\b")


def _feature_context(text: str, s: int, e: int) -> bool:
    """A feature's name read as the feature: after a lowercase "the", or before its kind."""
    return text.endswith(("the ", "the\u00a0"), 0, s) or bool(_FEATURE_AFTER_RE.match(text, e))


def _known_pair(gaz: Gazetteer, ft: str, second: str) -> bool:
    """A first word and the next that name a country or a region together."""
    pair = ft + " " + fold(strip_poss(second)[0])
    return pair in gaz.country_forms or pair in gaz.features


def _drop_initial_words(
    ctx: Ctx, text: str, seg: list[Span], seg_end: int, initial: bool
) -> tuple[list[Span], bool]:
    """Drop sentence-initial common words; return the tokens left and ``initial``."""
    gaz = ctx.gaz
    toks = seg
    s0 = seg[0][1]
    while toks and initial:
        t = toks[0][0]
        ft = fold(t)
        if (
            (ft in gaz.common or ft in STOP_SINGLE)
            and ft not in gaz.given
            and ft not in gaz.country_forms
            and ft not in gaz.orgs
            and ft not in gaz.metonyms
            and (ft not in gaz.places or gaz.places[ft][3])
            and (len(toks) == 1 or fold(" ".join(x[0] for x in toks)) not in gaz.places)
            and (len(toks) == 1 or fold(" ".join(x[0] for x in toks)) not in gaz.orgs)
            # "South Africa’s two largest parties", "West Africa’s coast"
            and (len(toks) == 1 or not _known_pair(gaz, ft, toks[1][0]))
            and (ft not in CLUB_PREFIXES or len(toks) == 1)  # "Real Madrid beat ..."
        ):
            if len(toks) > 1 and (ft, fold(toks[1][0])) in gaz.titles:
                break
            if (ft,) in gaz.titles and len(toks) > 1:
                break
            if (
                len(toks) > 1
                and fold(toks[-1][0]) in ORG_SUFFIX
                and t not in SKIP_SET
                and not t.isupper()
                # "Rivals Netscape Communications Corp": a plural noun opens the sentence
                and not (len(toks) > 2 and ft[-1:] == "s" and ft[:-1] in gaz.common)
            ):
                break  # "Fox Sports and ...", "Cinema Group": the first word is part of it
            if len(toks) > 1 and text.startswith(",", seg_end) and t not in SKIP_SET:
                if org_appositive(ctx, text, s0, seg_end):
                    break  # "Football Supporters Europe, an umbrella group of fan clubs,"
                if (
                    len(toks) == 2
                    and ft in gaz.ea_surnames
                    and fold(toks[1][0]) not in gaz.common
                    and person_cue(ctx, text, s0, seg_end)
                ):
                    break  # "Pan Gongsheng, the bank’s governor,": a surname first
            toks = toks[1:]
            initial = False
            continue
        break
    return toks, initial


def _by_lookup(
    ctx: Ctx,
    text: str,
    fld: str,
    idx: int,
    toks: list[Span],
    s: int,
    e: int,
    words: list[str],
    fw: list[str],
    full_f: str,
    literal: LiteralCue,
) -> bool:
    """Steps 2-3: the whole segment is a known name, or its shape says what it is."""
    gaz = ctx.gaz
    # 2. whole-segment lookups ("Moody’s": a name that ends in a possessive)
    org = gaz.orgs.get(full_f)
    if org is None and text.endswith(("’s", "'s"), s, e):
        org = gaz.orgs.get(full_f + "'s")
    if org is not None and full_f in gaz.features:
        ctx.dep = True  # read around the chunk: never replayed from the memo
        if _feature_context(text, s, e):
            org = None  # "farms cleared from the Amazon", "the Amazon rainforest": the river
    if org is not None:
        _add(ctx, "org", fld, idx, s, e, text, info=org)
        return True
    # "Eastern and Central Europe": one region, as the guide names it
    if full_f in gaz.features and len(fw) == 2:
        ctx.dep = True  # read before the chunk: never replayed from the memo
    if (
        full_f in gaz.features
        and len(fw) == 2
        and (m := _COORD_RE.search(text, max(0, s - 24), s))
        and fold(m.group(1)) + " " + fw[1] in gaz.features
    ):
        _add(ctx, "place", fld, idx, m.start(1), e, text, info=strip_poss(text[m.start(1) : e])[0])
        return True
    if country_or_place(ctx, full_f, fld, idx, s, e, text, literal, False):
        return True
    if full_f in gaz.non_entities:
        _add(ctx, "pending", fld, idx, s, e, text, extra="nonentity")
        return True

    if len(fw) == 3 and fw[0] in WATER_HEADS and fw[1] == "of":
        _add(ctx, "pending", fld, idx, s, e, text, extra="nonentity")
        return True

    # 3. organisations by suffix / "Institute for ..." head
    if (
        len(toks) >= 2
        and (
            fw[-1] in ORG_SUFFIX
            or words[-1] == "AI"
            or "&" in words  # "Arnold & Porter", "Procter & Gamble"
            or "bros." in fw  # "Warner Bros. Discovery"
            or (len(fw) == 2 and fw[0] in CLUB_PREFIXES and fw[1] in gaz.places)  # "Sporting Braga"
            or any(CAPS_CAMEL_RE.match(w) for w in words)
            or any(
                fw[k] in ORG_HEADS and fw[k + 1] in ("of", "for", "on") for k in range(len(fw) - 1)
            )
            # "Economic Community of West African States", "Bank of America"
            or any(
                fw[k] in ORG_SUFFIX and fw[k + 1] in ("of", "for") and k for k in range(len(fw) - 1)
            )
            or (len(fw) >= 3 and fw[-2] == "of" and fw[-3].endswith(MEMBER_ENDS))
            # "International Group of P&I Clubs": a body's noun in the plural ends the name
            or (len(fw) >= 3 and fw[-1][-1] == "s" and fw[-1][:-1] in ORG_SUFFIX and "of" in fw)
        )
    ):
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return True
    # 3a. events and treaties ("Paris Olympics", "Oslo Accords"): neutral, and their
    # city is no place mention (like "Munich Security Conference")
    if len(toks) >= 2 and fw[-1] in EVENT_LAST:
        _add(ctx, "pending", fld, idx, s, e, text, extra="nonentity")
        return True
    # a city and a plural: "Boston Celtics", "Dallas Cowboys" (not "Paris Olympics",
    # "Oslo Accords", "Palm Springs", nor "Austin Roberts", a given name)
    if (
        len(toks) >= 2
        and fw[-1].endswith("s")
        and words[-1][1:].islower()
        and fw[-1] not in NOT_TEAM_PLURALS
        and fw[-1] not in gaz.country_forms
        and fw[-1] not in gaz.given
        and fw[-1] not in gaz.places
        and fw[-1] not in gaz.non_entities
        and (city := " ".join(fw[:-1])) in gaz.places
        and city not in gaz.given
        and not gaz.places[city][3]  # a big city: not "Duarte Fontes", a small town
    ):
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return True
    # "Toyota City", "Quezon City": a town's name and "City" are that town
    if (
        len(toks) == 2
        and fw[1] == "city"
        and (pl := gaz.places.get(fw[0])) is not None
        and fw[0] not in gaz.country_forms
    ):
        _add(ctx, "place", fld, idx, s, e, text, info=strip_poss(text[s:e])[0], extra=pl[1])
        return True
    # 3b. named land features: "Senkaku Islands", "Disko Bay" (not "Korea Bay"), and
    # "Salar de Atacama", "San Pedro de Atacama"
    # A delta is named for its river: "Niger Delta" is no evidence for Niger.
    if (
        len(toks) >= 2
        and fw[-1] in GEO_FEATURES
        and (fw[0] not in gaz.country_forms or (fw[-1] == "delta" and len(toks) == 2))
        and fw[0] not in gaz.non_entities
    ) or (len(toks) >= 3 and fw[0] in PLACE_WORDS and any(f in DE_PARTICLES for f in fw[1:-1])):
        _add(ctx, "place", fld, idx, s, e, text, info=strip_poss(text[s:e])[0])
        return True
    # "Amadou Sow’s family": two unknown words, a possessive and a person's kin
    if (
        len(toks) == 2
        and text.endswith(("’s", "'s"), s, e)
        and PERSON_FOLLOW_RE.match(text, e)
        and fw[0] not in gaz.common
        and not any(f in gaz.places or f in gaz.country_forms or f in gaz.orgs for f in fw)
    ):
        ctx.dep = True  # reads past the chunk
        _person(ctx, text, fld, idx, s, e, toks, "full")
        return True
    return False


def _single_token(
    ctx: Ctx,
    text: str,
    fld: str,
    idx: int,
    toks: list[Span],
    s: int,
    e: int,
    words: list[str],
    fw: list[str],
    literal: LiteralCue,
    initial: bool,
) -> None:
    """Step 4: one token: acronyms, hyphenated country words, cues."""
    gaz = ctx.gaz
    # 4. single tokens: acronyms, hyphenated country words, cues
    w = words[0]
    base = w.replace(".", "")
    if base in AMP_WORDS:
        return  # "R&D", "M&A": common words, not a company
    if is_acronym(w) and base not in gaz.acronym_stop:
        if len(base) >= 4 and fw[0] in gaz.common and fw[0] not in gaz.orgs:
            return  # a word in capitals, no acronym: "home team in CAPS", "LEAGUE"
        _add(ctx, "org", fld, idx, s, e, text, words=(w,))
        return
    if w[0] in AP_FIRST and text.startswith(".", e) and text.endswith(", ", 0, s):
        ctx.dep = True
        state = AP_STATES.get(w)
        if state and text[max(0, s - 3)].isalpha():
            # "Kansas City, Mo.", "Portland, Ore.": a US state after a town
            _add(ctx, "place", fld, idx, s, e + 1, text, info=state, extra="US")
            return
    if "-" in w and hyphen_parts(ctx, text, fld, idx, s, w, literal):
        return
    if (CAMEL_RE.match(w) and not w.startswith(CAMEL_NAME_PREFIXES)) or CAPS_CAMEL_RE.match(w):
        # "BlackRock", "JPMorgan", "YouTube": camel-case names are companies/brands
        _add(ctx, "org", fld, idx, s, e, text, words=(w,))
        return
    ctx.fol_used = True
    if PERSON_FOLLOW_RE.match(text, e) and (
        fw[0] not in gaz.common or ADMIN_FOLLOW_RE.match(text, e)
    ):
        _person(ctx, text, fld, idx, s, e, toks, "surname")
        return
    if (
        text.startswith((",", " told"), e)
        and fw[0] not in gaz.common
        and fw[0] not in gaz.places
        and PERSON_LONE_RE.match(text, e)
    ):
        _person(ctx, text, fld, idx, s, e, toks, "surname")  # "Okonkwo, who runs"
        return
    if fw[0] in STOP_SINGLE:
        return
    if (
        not initial
        and text.endswith(" on ", max(0, s - 4), s)
        and fw[0] not in gaz.non_entities
        and fw[0] not in gaz.places
    ):
        ctx.dep = True
        if ORG_ON_RE.search(text, max(0, s - 30), s):
            # "in a post on X", "wrote on Telegram": a platform
            _add(ctx, "org", fld, idx, s, e, text, words=(w,))
            return
    f0 = fw[0]
    if (
        f0 not in gaz.common
        and f0 not in gaz.given
        and f0 not in gaz.non_entities
        and f0 not in gaz.places
        and not initial
    ):
        # lone unknown names with a cue: "Zelensky said", "said Kuleba";
        # "Rosatom, the state nuclear company,"
        if "&" in w:
            pass  # "said R&D spending": no one's name
        elif SAID_AFTER_RE.match(text, e) or (
            text[max(0, s - 5) : s] in ("said ", "says ") and not CLAUSE_VERB_RE.match(text, e)
        ):
            ctx.dep = True
            _person(ctx, text, fld, idx, s, e, toks, "surname")
            return
        if org_appositive(ctx, text, s, e):
            _add(ctx, "org", fld, idx, s, e, text, words=(w,))
            return
    _add(ctx, "pending", fld, idx, s, e, text)


def _by_cues(
    ctx: Ctx,
    text: str,
    fld: str,
    idx: int,
    toks: list[Span],
    s: int,
    e: int,
    words: list[str],
    fw: list[str],
    initial: bool,
) -> bool:
    """Steps 5-6: a Japanese body's name, people, organisations by their context."""
    gaz = ctx.gaz
    if "no" in words[1:-1]:
        # "Nippon Ishin no Kai", "Sanseito no Kai": a body's Japanese name, not a person
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return True
    # 5. people (not "SD Guthrie, the planter": an all-caps first word and a body's noun)
    if (
        len(toks) == 2
        and is_acronym(toks[0][0])
        and toks[0][0].replace(".", "") not in gaz.acronym_stop
        and not initial
        and org_appositive(ctx, text, s, e)
    ):
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return True
    kind = _person_like(ctx, toks, fw, text, s, e)
    if kind:
        _person(ctx, text, fld, idx, s, e, toks, kind)
        return True
    honor = any(f in gaz.honorifics for f in fw)
    if (
        org_appositive(ctx, text, s, e)
        or (not initial and not honor and org_context(ctx, text, s, e))
        or (
            # "Saudi Aramco", "Korean Air": a demonym and an unknown word
            len(toks) == 2
            and gaz.country_forms.get(fw[0], ("", ""))[1] == "demonym"
            and fw[1] not in gaz.common
            and fw[1] not in gaz.given
            and fw[1] not in gaz.places
            and fw[1] not in gaz.country_forms
            and fw[1] not in gaz.ea_surnames
            and not person_cue(ctx, text, s, e)
        )
    ):
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return True

    # 6. a company, an acronym or a town right before a country's name, with no comma:
    # a national arm or an exchange ("MTN Ghana", "Bursa Malaysia"), not the country
    if 2 <= len(toks) <= 3 and not honor and _brand_country(gaz, toks, fw):
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return True
    return False


def _sub_spans(
    ctx: Ctx,
    text: str,
    fld: str,
    idx: int,
    toks: list[Span],
    s: int,
    e: int,
    fw: list[str],
    literal: LiteralCue,
    initial: bool,
) -> None:
    """Step 7: the longest known sub-spans, token by token."""
    gaz = ctx.gaz
    # 7. fallback: longest known sub-spans, token by token
    i = 0
    n = len(toks)
    if n == 2 and fw[0] in SPANISH_ARTICLES and not initial:
        # "Los Choneros", "Las Abejas": a group's name; the context pass may make it an org
        _add(ctx, "pending", fld, idx, s, e, text, extra="multi")
        return
    n_raws = len(ctx.raws)
    while i < n:
        matched = False
        for j in range(n, i, -1):
            if j - i == n:
                continue
            sub = " ".join(fw[i:j])
            ss, se = toks[i][1], toks[j - 1][2]
            if j == n:
                se = e
            if i > 0 and fw[i - 1] in gaz.non_entities:
                continue
            if sub in gaz.orgs and (j - i > 1 or is_acronym(toks[i][0])):
                # single known words inside an unknown name ("Social Democrats") are not it
                _add(ctx, "org", fld, idx, ss, se, text, info=gaz.orgs[sub])
            elif country_or_place(
                ctx, sub, fld, idx, ss, se, text, is_literal(ctx, text, ss, se), False
            ):
                pass
            else:
                continue
            i = j
            matched = True
            break
        if not matched:
            w = toks[i][0]
            if "-" in w:
                hyphen_parts(ctx, text, fld, idx, toks[i][1], w, literal)
            elif (
                is_acronym(w)
                and w.replace(".", "") not in gaz.acronym_stop
                and i + 1 < n
                and fold(toks[i + 1][0]) not in gaz.given
            ):
                _add(ctx, "org", fld, idx, toks[i][1], toks[i][2], text, words=(w,))
            elif fold(w) not in gaz.common and fold(w) not in gaz.given:
                _add(ctx, "pending", fld, idx, toks[i][1], toks[i][2] if i + 1 < n else e, text)
            i += 1
    if n >= 2 and not initial:
        new = ctx.raws[n_raws:]
        if not new or (
            len(new) == 1
            and new[0].kind == "pending"
            and all(
                fw[k] in gaz.common or fw[k] in gaz.non_entities
                for k in range(n)
                if toks[k][1] != new[0].start
            )
        ):
            # "Citizen Revolution", "Bloc Québécois": capitalised common words (and one
            # unknown word); an org if the context says so
            del ctx.raws[n_raws:]
            _add(ctx, "pending", fld, idx, s, e, text, extra="multi")


def hyphen_parts(
    ctx: Ctx, text: str, fld: str, idx: int, s: int, w: str, literal: LiteralCue
) -> bool:
    found = False
    off = 0
    for part in w.split("-"):
        if part and part[0].isupper():
            f = fold(part)
            ps, pe = s + off, s + off + len(part)
            cf = ctx.gaz.country_forms.get(f)
            if cf is not None:
                _add(ctx, "country", fld, idx, ps, pe, text, info=cf[0], extra=cf[1])
                found = True
            elif f in ctx.gaz.capitals or f in ctx.gaz.metonyms:
                found = country_or_place(ctx, f, fld, idx, ps, pe, text, literal, False) or found
            elif (
                off == 0
                and w.endswith("-based")
                and (pl := ctx.gaz.places.get(f)) is not None
                and f not in ctx.gaz.common
                and f not in ctx.gaz.given
            ):
                # "a Lund-based biotech": the town the body is based in
                _add(ctx, "place", fld, idx, ps, pe, text, info=pl[0], extra=pl[1])
                found = True
        off += len(part) + 1
    return found


def _brand_country(gaz: Gazetteer, toks: list[Span], fw: list[str]) -> bool:
    """'MTN Ghana', 'Bursa Malaysia': a known name or acronym, then a country's name."""
    last = gaz.country_forms.get(fw[-1])
    if not last or last[1] != "name" or toks[-1][0].isupper():
        return False
    head = " ".join(fw[:-1])
    if head in gaz.country_forms or head in COMPASS or fw[0] in gaz.given:
        return False
    if head in gaz.orgs:
        return True
    if len(toks) == 2 and is_acronym(toks[0][0]):
        return toks[0][0].replace(".", "") not in gaz.acronym_stop
    pl = gaz.places.get(head)
    return pl is not None and pl[1] != last[0] and head not in gaz.common  # not "Go To Ukraine"


def _person_like(ctx: Ctx, toks: list[Span], fw: list[str], text: str, s: int, e: int) -> str:
    """Return "full" if the segment looks like a personal name, else ""."""
    gaz = ctx.gaz
    name = [
        f
        for t, f in zip(toks, fw, strict=True)
        if not (len(t[0]) == 2 and t[0][1] == ".") and f not in PARTICLES and f not in NAME_SUFFIXES
    ]
    if (
        len(name) == 1
        and len(toks) >= 2
        and all(len(t[0]) == 2 and t[0][1] == "." for t in toks[:-1])
        and fw[-1] not in gaz.common
        and fw[-1] not in gaz.places
        and fw[-1] not in gaz.country_forms
        and not toks[-1][0].isupper()
    ):
        return "full"
    if not 2 <= len(name) <= 4:
        return ""
    if NONPERSON_FOLLOW_RE.match(text, e):
        return ""  # "the Kerem Shalom crossing", "the Camp David accords"
    if fw[-1] in NONPERSON_LAST:
        return ""
    for k, (t, f) in enumerate(zip(toks, fw, strict=True)):
        if f in gaz.country_forms and k == 0 and len(name) == 2 and fw[1] not in gaz.country_forms:
            # "Israel Katz", "Jordan Bardella": only with an appositive/said cue
            if fw[1] not in gaz.common and fw[1] not in gaz.places and person_cue(ctx, text, s, e):
                return "full"
            return ""
        if f in gaz.country_forms or f in gaz.non_entities or f in gaz.metonyms:
            return ""
        if f in gaz.orgs and (len(f) > 4 or t[0].isupper()):
            return ""  # not "Pan" for the acronym "PAN"
        if f in ORG_SUFFIX or f in PLACE_WORDS or f in ORG_HEADS:
            return ""
        if t[0].isupper() and len(t[0]) > 2:
            return ""
    first = name[0]
    if first in gaz.given and any(f in PARTICLES for f in fw[1:-1]):
        return "full"  # "Marine Le Pen", "Charles de Gaulle"
    if first in gaz.given:
        if first not in gaz.common or name[-1] not in gaz.common:
            return "full"
        return "full" if person_cue(ctx, text, s, e) else ""
    commonish = [f for f in name if f in gaz.common]
    if not commonish:
        big_place = [f for f in name if f in gaz.places and not gaz.places[f][3]]
        if not big_place or person_cue(ctx, text, s, e):
            return "full"
        return ""
    if len(commonish) < len(name) and person_cue(ctx, text, s, e):
        return "full"
    return ""


def _person(
    ctx: Ctx, text: str, fld: str, idx: int, s: int, e: int, name: list[Span], how: str
) -> None:
    gaz = ctx.gaz
    words = tuple(t[0] for t in name)
    fw = [fold(w) for w in words]
    if name and name[-1][2] < e:
        # strip possessive from the last word in ``words`` (surface keeps it)
        pass
    core = [w for w, f in zip(words, fw, strict=True) if f not in NAME_SUFFIXES]
    ea = False
    if len(core) >= 2 and how != "surname":
        f0 = fold(core[0])
        second = core[1]
        if f0 not in gaz.given and (
            ("-" in second and second.split("-")[0] and f0 not in gaz.common)
            or (f0 in gaz.ea_surnames and fold(second) not in gaz.given)
        ):
            ea = True
    kind = "full" if (len(core) >= 2 and how != "surname") else "surname"
    _add(ctx, "person", fld, idx, s, e, text, words=tuple(core), extra=kind, ea=ea)


# --------------------------------------------------------------------------- scanning
