"""Rule-based entity extraction for one article.

Pipeline (per text: title, dek, each body block):

1. one precompiled regex finds *chunks*: runs of capitalised tokens joined by
   single spaces and lowercase connectors ("of", "for the", "de la", ...),
   with an optional possessive at the end;
2. each chunk is cut into *segments* at connectors that do not belong to a
   name ("Zelensky of Ukraine" -> two; "Institute for the Study of War" and
   "Mr. de la Fuente" stay whole);
3. each segment is classified with dictionary lookups and cues: titles and
   honorifics, country names/demonyms/metonyms, gazetteer places, organisation
   suffixes and acronyms, given names, appositive/"said" cues;
4. a second pass merges every person surface form of the article by surname
   ("Mr. Putin’s" -> "Vladimir V. Putin"), links acronyms to full names by
   initials, and reads the (title-case) headline and subheads against the
   forms already found plus the gazetteers.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from parsers.entities.gazetteer import Gazetteer, fold, gazetteer
from parsers.model import ArticleEntities, Entity, Mention
from parsers.perf import paused_gc

# --------------------------------------------------------------------------- regexes

_UP = "".join(
    c
    for c in map(
        chr, list(range(0x41, 0x250)) + list(range(0x391, 0x3AA)) + list(range(0x400, 0x430))
    )
    if c.isupper()
)
UP = f"[{re.escape(_UP)}]"
W = r"[^\W_]"
ABBR = (
    r"(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sens?|Reps?|Gov|Gens?|Lt|Col|Sgt|Capt|Adm|Maj|Cmdr|Brig|Rev|"
    r"Jr|Sr|St|Ft|Mt|Inc|Corp|Co|Ltd|Bros|Messrs)\."
)
DOTTED = rf"(?:{UP}\.){{2,}}(?:-{W}+)*"
INITIAL = rf"{UP}\.(?=[ \u00a0]{UP})"
# plural nouns whose possessive is part of a name: "People’s Liberation Army", "Workers’ Party"
_NAME_POSS = "People Workers Women Children Farmers Veterans Citizens Peoples Teachers Students"
NPOSS = (
    "(?=['’])(?:"
    + "|".join(rf"(?<={w})" for w in _NAME_POSS.split())
    + rf")(?:['’]s|(?<=s)['’])(?=[ \u00a0]{UP})"
)
# "P&I", "AT&T": an ampersand between capitals inside one word
AMP = rf"(?:&(?<={UP}&){UP}+(?![\w&]))?"
WORD = rf"(?:(?:al|el)-)?{UP}{W}*{AMP}(?:['’]{UP}{W}+)?(?:-{W}+)*(?:{NPOSS})?"
TOK = rf"(?:{ABBR}|{DOTTED}|{INITIAL}|{WORD})"
POSS = r"(?:['’]s\b|(?<=s)['’](?!\w))"
SEP = r"[ \u00a0]"
CONN = (
    r"(?:of|for|on|and|&|the|de|la|le|las|los|del|della|di|da|das|dos|do|du|es|van|von|der|den|"
    r"ter|ten|bin|ibn|al|el|no)"
)
WORD_RE = re.compile(WORD)
_ABBRS = "Mr Mrs Ms Mx Dr Prof Sens Sen Reps Rep Gov Gens Gen Lt Col Sgt Capt Adm Maj Cmdr Brig "
_ABBRS += "Rev Jr Sr St Ft Mt Inc Corp Co Ltd Bros Messrs"
# The first token is spelled out so that the pattern starts with a character
# class: the regex engine can then skip ahead to capitals (~20 MB/s).
_FIRST_TAIL = "|".join(
    rf"(?<={a[0]}){a[1:]}\." for a in sorted(_ABBRS.split(), key=len, reverse=True)
)
FIRST_TOK = (
    rf"{UP}(?<![\w’'.].)(?:{_FIRST_TAIL}|\.(?:{UP}\.)+(?:-{W}+)*|\.(?=[ \u00a0]{UP})"
    rf"|{W}*{AMP}(?:['’]{UP}{W}+)?(?:-{W}+)*(?:{NPOSS})?)"
)
# Sentence-opening function words that are a chunk on their own ("The", "But",
# "It’s") are skipped inside the regex engine: a quarter of all chunks, no entity.
_SKIP_WORDS = """The They This That There These Those Then Though Thus But By He He’s His Her
Here Him How However It It’s Its In If I I’m I’ve I’d Instead A An And As At After Also
Although Among Another Both Because Before Being Despite During Each Even Every For From
Few Meanwhile More Most Many Much My Now No Not Nor Nothing Of On One Once Only Or Other
Our Over She So Some Still Such Since To Today Under Until Unlike We We’re What When Where
Whether Which While Who Why With Within Without Yet You Your Yes Last Next Several
Asked According Although Instead Indeed Earlier Later""".split()


def _skip_alternation(words: list[str]) -> str:
    """Match any of ``words`` *after* its capital initial was consumed.

    A two-level trie on the rest of the word, each leaf checking the initial with a
    lookbehind ("he(?<=The)"): the regex engine rejects most branches on their
    first literal, instead of running one lookbehind per initial at every capital.
    """
    groups: dict[str, list[str]] = {}
    bare: list[str] = []  # one-letter words ("I", "A")
    for w in sorted(set(words), key=len, reverse=True):
        if len(w) == 1:
            bare.append(w)
        else:
            groups.setdefault(w[1], []).append(w)
    alts = [
        re.escape(c) + "(?:" + "|".join(f"{re.escape(w[2:])}(?<={re.escape(w)})" for w in ws) + ")"
        for c, ws in sorted(groups.items())
    ]
    if bare:
        alts.append(f"(?<=[{re.escape(''.join(bare))}])")
    return "|".join(alts)


_SKIP = _skip_alternation(_SKIP_WORDS)
_SKIP_SET = frozenset(_SKIP_WORDS)
_SKIP_RE_PART = rf"(?!(?:{_SKIP})(?![\w’'.-])(?![ \u00a0](?:{UP}|{CONN}[ \u00a0])))"


# Guards: cheap necessary conditions put in front of long alternations, so that
# the regex engine gives up on them in one step (same matches, ~30% faster).
def _guard_abbr_tails(abbrs: list[str]) -> str:
    """Every ``_FIRST_TAIL`` alternative is lowercase letters then a period."""
    tails = [a[1:] for a in abbrs]
    if all(re.fullmatch("[a-z]+", t) for t in tails):
        return rf"(?=[a-z]{{1,{max(map(len, tails))}}}\.)"
    return ""


def _guard_alternation(alternation: str) -> str:
    """A lookahead for the first characters of a plain ``(?:word|word|...)`` alternation."""
    m = re.fullmatch(r"\(\?:([\w&|]+)\)", alternation)
    if not m or "" in m.group(1).split("|"):
        return ""
    firsts = "".join(sorted({w[0] for w in m.group(1).split("|")}))
    return f"(?=[{re.escape(firsts)}])"


def _guard_abbr(abbr: str) -> str:
    """``ABBR`` is ``(?:Mr|Mrs|Sens?|...)\\.``: a capital, lowercase letters, a period."""
    m = re.fullmatch(r"\(\?:([A-Za-z|?]+)\)\\\.", abbr)
    if not m:
        return ""
    alts = m.group(1).split("|")
    if not all(re.fullmatch("[A-Z][a-z]+s?\\??", a) for a in alts):
        return ""
    return rf"(?=[{''.join(sorted({a[0] for a in alts}))}][a-z]+\.)"


_G_FIRST_TAIL = _guard_abbr_tails(_ABBRS.split())
_G_CONN = _guard_alternation(CONN)
_G_ABBR = _guard_abbr(ABBR)
_TOK_G = rf"(?:{_G_ABBR}{ABBR}|{DOTTED}|{INITIAL}|{WORD})"
CHUNK_RE = re.compile(
    rf"{UP}(?<![\w’'.].){_SKIP_RE_PART}"
    rf"(?:{_G_FIRST_TAIL}(?:{_FIRST_TAIL})|\.(?:{UP}\.)+(?:-{W}+)*|\.(?=[ \u00a0]{UP})"
    rf"|{W}*{AMP}(?:['’]{UP}{W}+)?(?:-{W}+)*(?:{NPOSS})?)"
    rf"(?:{SEP}(?:{_G_CONN}{CONN}{SEP}){{0,3}}{_TOK_G})*{POSS}?"
)
PART_RE = re.compile(rf"{_TOK_G}|{_G_CONN}{CONN}(?={SEP})")
_FIRST_TOK_G = FIRST_TOK.replace(f"(?:{_FIRST_TAIL}|", f"(?:{_G_FIRST_TAIL}(?:{_FIRST_TAIL})|", 1)
assert _FIRST_TOK_G != FIRST_TOK or not _G_FIRST_TAIL
TITLE_TOKEN_RE = re.compile(rf"{_FIRST_TOK_G}{POSS}?")
PREV_WORD_RE = re.compile(r"([A-Za-z-]+)[ \u00a0]*$")
POSS_TAIL_RE = re.compile(rf"{POSS}$")
ORG_LIST_TAIL_RE = re.compile(
    rf",{SEP}{WORD}(?:{SEP}{WORD})*(?:,{SEP}{WORD}(?:{SEP}{WORD})*)*,?{SEP}(?:and|&){SEP}"
    rf"{WORD}(?:{SEP}{WORD})*"
)
CONTRIB_RE = re.compile(
    r"\b(?:contributed (?:reporting|research)|reporting was contributed|contributed to this"
    r"|reported from|(?:wrote|edited) this (?:article|report))\b",
    re.I,
)


def _is_contributor_line(text: str) -> bool:
    """ "X contributed reporting." and the like (cheap substring test first)."""
    low = text.lower()
    return ("contribut" in low or "report" in low or "this" in low) and (
        CONTRIB_RE.search(text) is not None
    )


PARTICLES = frozenset(
    """de la le las los del della di da das dos do du es van von der den ter ten bin ibn al
    el""".split()
)
ORG_SUFFIX = frozenset(
    """group institute institution foundation fund center centre council company corporation corp.
    inc. co. ltd. llc party ministry agency bank university college school academy news times post
    journal herald tribune gazette telegraph network networks association union committee
    commission court office department bureau board authority administration service services
    organization organisation federation league society alliance coalition movement front forces
    army navy guard airlines airways motors industries holding holdings technologies systems
    partners capital ventures labs media press broadcasting radio television channel church club
    museum library hospital parliament assembly congress senate cabinet conference forum initiative
    tribunal
    project trust endowment consortium exchange reserve command corps brigade institutes
    foundations laboratory laboratories observatory program programme agencies stiftung
    gesellschaft ag gmbh s.a. spa nv bv plc partei institut fondation fundacion fundación
    fundação universitat universität instituto ministerio ministère motor electronics telecom
    telekom telecommunications energy petroleum pharmaceuticals pharma chemicals steel
    semiconductor semiconductors software robotics automotive aerospace logistics shipping
    entertainment studios therapeutics biotech securities insurance investments enterprises
    brands community cartel militia ratings resources research economics analytics consulting
    associates advisors advisers guild sports markets bros.""".split()
)
ORG_HEADS = frozenset(
    """institute institution university bank ministry department council committee commission
    center centre centers centres office agency bureau board authority association federation
    league union
    society
    foundation fund party church court organization organisation museum library school college
    guild
    academy house chamber secretary minister director conference assembly parliament congress
    council republic federal national international royal banco instituto universidad
    universidade universite université partido ministerio ministério fundacion fundación fundação
    frente movimiento comision comisión consejo corte tribunal banque conseil""".split()
)
PLACE_WORDS = frozenset(
    """rio san santa santo sao são porto port puerto fort lake mount cape saint st. los las
    nord sud sul sur norte grande bay gulf sea ocean river island islands valley mountains
    strait coast peninsula canal salar cerro lago laguna sierra isla bahia bahía valle volcan
    volcán""".split()
)
TITLE_HEADS = frozenset("secretary minister director president chairman chief".split())
PERSON_APPOS_NOUNS = frozenset(
    """analyst fellow director chairman chairwoman chair president founder leader minister
    secretary spokesman spokeswoman spokesperson official lawmaker professor researcher
    economist executive envoy adviser advisor ambassador expert scholar journalist reporter
    editor author writer historian commentator strategist consultant lawyer attorney judge
    teacher student actor actress singer officer general commander colonel soldier activist
    politician senator congressman congresswoman governor mayor investor businessman
    businesswoman entrepreneur manager partner head chief aide deputy candidate member
    veteran doctor physician scientist pilot citizen resident cybercriminal hacker billionaire
    banker diplomat negotiator correspondent columnist blogger prosecutor spokesman nominee
    co-founder cofounder ceo owner resident inventor artist musician rapper coach player
    captain striker forward goalkeeper quarterback pitcher champion star magnate tycoon""".split()
)
ORG_APPOS_NOUNS = frozenset(
    """firm group company blog channel newspaper website outlet broadcaster magazine network
    station agency party organization organisation consultancy startup bank tank institute
    nonprofit charity publication daily tabloid militia alliance bloc coalition union
    manufacturer maker producer retailer platform app service lender insurer fund
    conglomerate operator airline carrier lobby watchdog regulator exchange team club studio
    publisher automaker carmaker chipmaker miner refiner utility giant brand supplier pollster
    legislature cooperative drugmaker biotech shipper line chain assembler contractor
    homebuilder planter trader grower reinsurer""".split()
)
PERSON_FOLLOW_RE = re.compile(
    r"[ \u00a0]+(?:administration|government|campaign|presidency|era|White House|"
    r"family|camp|allies|loyalists|doctrine)\b"
)
# "the Trump administration", "the Bush presidency": a person even if a common word
_ADMIN_FOLLOW_RE = re.compile(r"[ \u00a0]+(?:administration|presidency)\b")
LITERAL_BEFORE = frozenset(
    """in into to at near outside around across toward towards via visit visiting visited
    throughout inside within leave left reach reached arrive arrived arriving flew fly flying
    travel traveled travelled trip trips return returned returning""".split()
)
NAME_SUFFIXES = frozenset({"jr.", "sr.", "ii", "iii", "iv"})
STOP_SINGLE = frozenset(
    "i i'm i'd i've a an the he she it we they you his her its our their this that these "
    "those".split()
)

Span = tuple[str, int, int]  # (text, start, end)


@dataclass(slots=True)
class Raw:
    """One classified mention before merging."""

    kind: str  # person | country | org | place | pending
    field: str
    index: int
    start: int
    end: int
    text: str  # surface text as written (with title/possessive)
    words: tuple[str, ...] = ()  # person: name tokens; org: name tokens
    info: str = ""  # country: iso2; org: canonical; place: name
    extra: str = ""  # country: evidence type; place: iso2; person: "surname"/"full"
    ea: bool = False  # person: surname-first order
    pos: int = 0  # global order
    ok: int = 0  # reading-order key: field, block index, offset


def _base(fld: str, idx: int) -> int:
    return (idx + 2) << 24 if fld == "blocks" else (1 << 24 if fld == "dek" else 0)


@dataclass(slots=True)
class _Ctx:
    gaz: Gazetteer
    raws: list[Raw] = field(default_factory=list)
    counter: int = 0


def _strip_poss(s: str) -> tuple[str, bool]:
    if s.endswith(("’s", "'s")):
        return s[:-2], True
    if s.endswith(("s’", "s'")):
        return s[:-1], True
    return s, False


def _is_acronym(tok: str) -> bool:
    letters = tok.replace(".", "").replace("-", "").replace("&", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalnum() and not letters.isdigit()


def _sentence_initial(text: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and text[j] in " \u00a0\t":
        j -= 1
    if j < 0:
        return True
    c = text[j]
    if c in '.!?:;“"(—–[•‘':
        return True
    return c in "”’'" and j > 0 and text[j - 1] in ".!?,"


_PREV_WINDOW = 24


def _prev_word(text: str, start: int) -> str:
    """The lowercased run of letters/hyphens before ``start`` (spaces skipped).

    Reads a fixed window: the callers compare the result with short function
    words, so a word longer than the window comes back as "".
    """
    w0 = start - _PREV_WINDOW
    seg = text[max(0, w0) : start].rstrip(" \u00a0")
    if not seg or not (seg[-1].isalpha() or seg[-1] == "-"):
        return ""
    tok = seg.rsplit(None, 1)[-1]
    if not tok.isalpha():  # "(in", "co-founded": keep the letters/hyphens at the end
        k = len(tok)
        while k and (tok[k - 1].isalpha() or tok[k - 1] == "-"):
            k -= 1
        tok = tok[k:]
    if w0 > 0 and len(tok) == len(seg):
        return ""  # may run on before the window
    return tok.lower()


# --------------------------------------------------------------------------- segmentation


_AMP_WORDS = frozenset("R&D M&A Q&A B&B P&L A&E".split())
_WATER_HEADS = frozenset("strait straits gulf sea bay".split())
_MEMBER_ENDS = ("workers", "employees", "teachers", "farmers", "scouts", "nurses", "machinists")


def _segments(text: str, cstart: int, cend: int, gaz: Gazetteer) -> list[list[Span]]:
    """Cut a chunk into name segments at connectors that do not belong to a name."""
    parts = [(m.group(), m.start(), m.end()) for m in PART_RE.finditer(text, cstart, cend)]
    if len(parts) == 1:  # one word (most chunks): one segment
        return [parts] if parts[0][0] != "&" else []
    if len(parts) > 2:
        whole = fold(_strip_poss(text[cstart:cend])[0])
        if whole in gaz.orgs or whole in gaz.country_forms or whole in gaz.places:
            return [parts]  # "Alternative for Germany", "Trinidad and Tobago"
    segs: list[list[Span]] = []
    cur: list[Span] = []
    org_mode = False
    i = 0
    n = len(parts)
    while i < n:
        p = parts[i]
        word = p[0]
        is_conn = (word[0].islower() and "-" not in word) or word == "&"
        if not is_conn:
            cur.append(p)
            i += 1
            continue
        # a run of connectors followed by a token
        j = i
        while j < n and (
            (parts[j][0][0].islower() and "-" not in parts[j][0]) or parts[j][0] == "&"
        ):
            j += 1
        conns = [parts[k][0] for k in range(i, j)]
        if j >= n or not cur:
            i = j
            continue
        left = fold(cur[-1][0])
        right = fold(parts[j][0])
        join = False
        if right in gaz.non_entities:
            segs.append(cur)
            cur = []
            org_mode = False
            i = j
            continue
        if all(c in PARTICLES for c in conns) and conns[0] not in ("the",):
            join = left not in ORG_SUFFIX
            if left in ORG_HEADS:
                org_mode = True
        elif conns[0] in ("of", "for", "on"):
            if (right,) in gaz.titles or right in gaz.honorifics:
                pass  # "Party of Chancellor Olaf Scholz": a new name starts
            elif left in TITLE_HEADS and not org_mode:
                join = True
            elif org_mode or left in ORG_HEADS or left in ORG_SUFFIX:
                join = True
                org_mode = True
            elif (
                conns == ["of"]
                and left in _WATER_HEADS
                and len(cur) == 1 + (cur[0][0] == "The")
                and right not in gaz.country_forms
            ):
                join = True  # "Strait of Malacca", "Gulf of Aden": water, not the town
            elif (
                conns == ["of"]
                and left.endswith(_MEMBER_ENDS)
                and left in gaz.common
                and gaz.country_forms.get(right, ("", ""))[1] == "name"
                and len(cur) > 1
            ):
                # "Communications Workers of America", "United Steelworkers of America": a
                # body named for its members, then the country it organises
                join = True
        elif conns == ["&"]:
            join = True
        elif conns == ["no"]:
            join = True  # "Nippon Ishin no Kai": a Japanese genitive inside one name
        elif conns == ["and"]:
            if org_mode:
                # not "Writers Guild of America and SAG-AFTRA": an acronym or known body
                join = not _is_acronym(parts[j][0]) and right not in gaz.orgs
            elif (
                left in gaz.common
                and right in gaz.common
                and left not in gaz.orgs
                and len(cur) - (cur[0][0] == "The") == 1  # not "... Center and China ..."
                and right not in gaz.country_forms
                and right not in gaz.places
            ):
                # "Securities and Exchange Commission", "Food and Drug Administration":
                # two common words joined, then an organisation word
                join = any(fold(parts[k][0]) in ORG_SUFFIX for k in range(j + 1, n))
        if join:
            cur.extend(parts[i:j])
        else:
            segs.append(cur)
            cur = []
            org_mode = False
        i = j
    if cur:
        segs.append(cur)
    return segs


# --------------------------------------------------------------------------- classification


def _add(
    ctx: _Ctx,
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
    **kw: object,
) -> None:
    ctx.counter += 1
    if kw:  # other ``Raw`` fields
        raw = Raw(kind, fld, idx, s, e, text[s:e], words, info, extra, ea, **kw)
        raw.pos = ctx.counter
        raw.ok = _base(fld, idx) + s
    else:
        raw = Raw(
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
            _base(fld, idx) + s,
        )
    ctx.raws.append(raw)


def _country_or_place(
    ctx: _Ctx, f: str, fld: str, idx: int, s: int, e: int, text: str, literal: bool, title: bool
) -> bool:
    """Look a folded form up as country name/demonym, metonym, capital or place."""
    gaz = ctx.gaz
    cf = gaz.country_forms.get(f)
    if cf is not None:
        _add(ctx, "country", fld, idx, s, e, text, info=cf[0], extra=cf[1])
        return True
    met = gaz.metonyms.get(f)
    if met is not None:
        _LIT_USED[0] = True
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
        _LIT_USED[0] = True
        if not literal:
            _add(ctx, "country", fld, idx, s, e, text, info=cap, extra="metonym")
        pl = gaz.places.get(f)
        _add(ctx, "place", fld, idx, s, e, text, info=pl[0] if pl else text[s:e], extra=cap)
        return True
    pl = gaz.places.get(f)
    if pl is not None and pl[3]:
        _LIT_USED[0] = True
    if (
        pl is not None
        and (not pl[3] or (literal and not title))
        and ("." in text[s:e] or not _is_acronym(text[s:e]))  # "N.C." yes, "LA" no
    ):
        _add(ctx, "place", fld, idx, s, e, text, info=pl[0], extra=pl[1])
        return True
    return False


_COORD_TAIL_RE = re.compile(rf"((?:{UP}[\w’'.-]*[ \u00a0,]+)+)(?:and|or)[ \u00a0]+$")


_CHUNK_START = [0]
_OF_LITERAL = frozenset("outside city capital streets center centre suburbs heart".split())


# "alarm in Washington", "donor fatigue in Washington and Berlin": a mood in a capital is
# its government's
_REACTION_NOUNS = frozenset(
    """fatigue concern concerns alarm anger outrage frustration skepticism scepticism unease
    worry worries dismay irritation suspicion resentment jitters nervousness""".split()
)
_LAST_WORD_RE = re.compile(r"([a-z]+)[”\"’']?[ \u00a0]+in[ \u00a0]+$")


def _reaction_in(text: str, s: int, cs: int) -> bool:
    """Is the "in" right before ``s`` governed by a mood noun ("anger in Beijing")?"""
    lo = max(0, s - 24)
    if s > cs and lo < cs:  # at the chunk start, the literal class of the memo key has it
        _DEP[0] = True
    m = _LAST_WORD_RE.search(text, lo, s)
    return m is not None and m.group(1) in _REACTION_NOUNS


def _is_literal(text: str, s: int, e: int) -> bool:
    """Is the place at ``s`` used as a location ("in Kyiv", "a visit to Kyiv")?

    Marks the chunk memo as context-dependent when it has to read text before
    the current chunk for a segment other than the chunk's first.
    """
    cs = _CHUNK_START[0]
    pw = _prev_word(text, s)
    if pw in LITERAL_BEFORE:
        return pw != "in" or not _reaction_in(text, s, cs)
    if pw in ("and", "or"):
        # "in London and Oslo": the preposition governs both
        m = _COORD_TAIL_RE.search(text, max(0, s - 80), s)
        if m:
            if s > cs and m.start(1) < cs:
                _DEP[0] = True
            pw = _prev_word(text, m.start(1))
            return pw in LITERAL_BEFORE and (pw != "in" or not _reaction_in(text, m.start(1), cs))
        return False
    if pw == "of":
        if s > cs and s - 4 < cs:
            _DEP[0] = True
        return _prev_word(text, s - 3) in _OF_LITERAL
    return False


class _LazyLiteral:
    """``_is_literal(text, s, e) or (s == 0 and all(w.isupper() for w in words))`` as a
    bool, computed when first tested (most segments are names that never ask)."""

    __slots__ = ("e", "s", "text", "value", "words")

    def __init__(self, text: str, s: int, e: int, words: list[str]) -> None:
        self.text, self.s, self.e, self.words = text, s, e, words
        self.value: bool | None = None

    def __bool__(self) -> bool:
        v = self.value
        if v is None:
            s = self.s
            v = self.value = _is_literal(self.text, s, self.e) or (
                s == 0 and all(w.isupper() for w in self.words)
            )
        return v


def _classify(
    ctx: _Ctx, text: str, seg: list[Span], fld: str, idx: int, chunk_end: int, initial: bool
) -> None:
    gaz = ctx.gaz
    seg_end = seg[-1][2]  # includes a trailing possessive
    if (
        len(seg) > 1
        and len(seg[0][0]) == 2
        and seg[0][0][1] == "."
        and (fold(seg[1][0]) in gaz.honorifics or seg[1][0] in _SKIP_SET)
    ):
        # "in a post on X. Ms. Le Pen said", "wrote on X. His minister": a one-letter word
        # ends the sentence
        s1 = seg[0][1]
        _classify(ctx, text, [(seg[0][0][0], s1, s1 + 1)], fld, idx, s1 + 1, initial)
        _classify(ctx, text, seg[1:], fld, idx, chunk_end, True)
        return
    # drop sentence-initial common words ("The", "Inside", "Senior")
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
        ):
            if len(toks) > 1 and (ft, fold(toks[1][0])) in gaz.titles:
                break
            if (ft,) in gaz.titles and len(toks) > 1:
                break
            if (
                len(toks) > 1
                and fold(toks[-1][0]) in ORG_SUFFIX
                and t not in _SKIP_SET
                and not t.isupper()
            ):
                break  # "Fox Sports and ...", "Cinema Group": the first word is part of it
            if len(toks) > 1 and text.startswith(",", seg_end) and t not in _SKIP_SET:
                if _org_appositive(text, s0, seg_end):
                    break  # "Football Supporters Europe, an umbrella group of fan clubs,"
                if (
                    len(toks) == 2
                    and ft in gaz.ea_surnames
                    and fold(toks[1][0]) not in gaz.common
                    and _person_cue(text, s0, seg_end)
                ):
                    break  # "Pan Gongsheng, the bank’s governor,": a surname first
            toks = toks[1:]
            initial = False
            continue
        break
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
            _hyphen_parts(ctx, text, fld, idx, toks[0][1], toks[0][0], False)
            toks = toks[1:]
    s = toks[0][1]
    e = seg_end
    words = [t[0] for t in toks]
    fw = [fold(w) for w in words]
    full_f = " ".join(fw)
    literal = _LazyLiteral(text, s, e, words)  # read by few segments: computed on first use

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

    # 2. whole-segment lookups ("Moody’s": a name that ends in a possessive)
    org = gaz.orgs.get(full_f)
    if org is None and text.endswith(("’s", "'s"), s, e):
        org = gaz.orgs.get(full_f + "'s")
    if org is not None:
        _add(ctx, "org", fld, idx, s, e, text, info=org)
        return
    if _country_or_place(ctx, full_f, fld, idx, s, e, text, literal, False):
        return
    if full_f in gaz.non_entities:
        _add(ctx, "pending", fld, idx, s, e, text, extra="nonentity")
        return

    if len(fw) == 3 and fw[0] in _WATER_HEADS and fw[1] == "of":
        _add(ctx, "pending", fld, idx, s, e, text, extra="nonentity")
        return

    # 3. organisations by suffix / "Institute for ..." head
    if (
        len(toks) >= 2
        and (
            fw[-1] in ORG_SUFFIX
            or words[-1] == "AI"
            or "&" in words  # "Arnold & Porter", "Procter & Gamble"
            or "bros." in fw  # "Warner Bros. Discovery"
            or any(CAPS_CAMEL_RE.match(w) for w in words)
            or any(
                fw[k] in ORG_HEADS and fw[k + 1] in ("of", "for", "on") for k in range(len(fw) - 1)
            )
            or (len(fw) >= 3 and fw[-2] == "of" and fw[-3].endswith(_MEMBER_ENDS))
            # "International Group of P&I Clubs": a body's noun in the plural ends the name
            or (len(fw) >= 3 and fw[-1][-1] == "s" and fw[-1][:-1] in ORG_SUFFIX and "of" in fw)
        )
    ):
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return
    # 3a. events and treaties ("Paris Olympics", "Oslo Accords"): neutral, and their
    # city is no place mention (like "Munich Security Conference")
    if len(toks) >= 2 and fw[-1] in EVENT_LAST:
        _add(ctx, "pending", fld, idx, s, e, text, extra="nonentity")
        return
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
        return
    # "Toyota City", "Quezon City": a town's name and "City" are that town
    if (
        len(toks) == 2
        and fw[1] == "city"
        and (pl := gaz.places.get(fw[0])) is not None
        and fw[0] not in gaz.country_forms
    ):
        _add(ctx, "place", fld, idx, s, e, text, info=_strip_poss(text[s:e])[0], extra=pl[1])
        return
    # 3b. named land features: "Senkaku Islands", "Disko Bay" (not "Korea Bay"), and
    # "Salar de Atacama", "San Pedro de Atacama"
    # A delta is named for its river: "Niger Delta" is no evidence for Niger.
    if (
        len(toks) >= 2
        and fw[-1] in GEO_FEATURES
        and (fw[0] not in gaz.country_forms or (fw[-1] == "delta" and len(toks) == 2))
        and fw[0] not in gaz.non_entities
    ) or (len(toks) >= 3 and fw[0] in PLACE_WORDS and any(f in _DE for f in fw[1:-1])):
        _add(ctx, "place", fld, idx, s, e, text, info=_strip_poss(text[s:e])[0])
        return

    # 4. single tokens: acronyms, hyphenated country words, cues
    if len(toks) == 1:
        w = words[0]
        base = w.replace(".", "")
        if base in _AMP_WORDS:
            return  # "R&D", "M&A": common words, not a company
        if _is_acronym(w) and base not in gaz.acronym_stop:
            _add(ctx, "org", fld, idx, s, e, text, words=(w,))
            return
        if w[0] in _AP_FIRST and text.startswith(".", e) and text.endswith(", ", 0, s):
            _DEP[0] = True
            state = AP_STATES.get(w)
            if state and text[max(0, s - 3)].isalpha():
                # "Kansas City, Mo.", "Portland, Ore.": a US state after a town
                _add(ctx, "place", fld, idx, s, e + 1, text, info=state, extra="US")
                return
        if "-" in w and _hyphen_parts(ctx, text, fld, idx, s, w, literal):
            return
        if (CAMEL_RE.match(w) and not w.startswith(CAMEL_NAME_PREFIXES)) or CAPS_CAMEL_RE.match(w):
            # "BlackRock", "JPMorgan", "YouTube": camel-case names are companies/brands
            _add(ctx, "org", fld, idx, s, e, text, words=(w,))
            return
        _FOL_USED[0] = True
        if PERSON_FOLLOW_RE.match(text, e) and (
            fw[0] not in gaz.common or _ADMIN_FOLLOW_RE.match(text, e)
        ):
            _person(ctx, text, fld, idx, s, e, toks, "surname")
            return
        if fw[0] in STOP_SINGLE:
            return
        if (
            not initial
            and text.endswith(" on ", max(0, s - 4), s)
            and fw[0] not in gaz.non_entities
            and fw[0] not in gaz.places
        ):
            _DEP[0] = True
            if _ORG_ON_RE.search(text, max(0, s - 30), s):
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
            elif _SAID_AFTER_RE.match(text, e) or (
                text[max(0, s - 5) : s] in ("said ", "says ") and not _CLAUSE_VERB_RE.match(text, e)
            ):
                _DEP[0] = True
                _person(ctx, text, fld, idx, s, e, toks, "surname")
                return
            if _org_appositive(text, s, e):
                _add(ctx, "org", fld, idx, s, e, text, words=(w,))
                return
        _add(ctx, "pending", fld, idx, s, e, text)
        return

    if "no" in words[1:-1]:
        # "Nippon Ishin no Kai", "Sanseito no Kai": a body's Japanese name, not a person
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return
    # 5. people (not "SD Guthrie, the planter": an all-caps first word and a body's noun)
    if (
        len(toks) == 2
        and _is_acronym(toks[0][0])
        and toks[0][0].replace(".", "") not in gaz.acronym_stop
        and not initial
        and _org_appositive(text, s, e)
    ):
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return
    kind = _person_like(gaz, toks, fw, text, s, e)
    if kind:
        _person(ctx, text, fld, idx, s, e, toks, kind)
        return
    honor = any(f in gaz.honorifics for f in fw)
    if (
        _org_appositive(text, s, e)
        or (not initial and not honor and _org_context(text, s, e))
        or (
            # "Saudi Aramco", "Korean Air": a demonym and an unknown word
            len(toks) == 2
            and gaz.country_forms.get(fw[0], ("", ""))[1] == "demonym"
            and fw[1] not in gaz.common
            and fw[1] not in gaz.given
            and fw[1] not in gaz.places
            and fw[1] not in gaz.country_forms
            and fw[1] not in gaz.ea_surnames
            and not _person_cue(text, s, e)
        )
    ):
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return

    # 6. a company, an acronym or a town right before a country's name, with no comma:
    # a national arm or an exchange ("MTN Ghana", "Bursa Malaysia"), not the country
    if 2 <= len(toks) <= 3 and not honor and _brand_country(gaz, toks, fw):
        _add(ctx, "org", fld, idx, s, e, text, words=tuple(words))
        return

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
            if sub in gaz.orgs and (j - i > 1 or _is_acronym(toks[i][0])):
                # single known words inside an unknown name ("Social Democrats") are not it
                _add(ctx, "org", fld, idx, ss, se, text, info=gaz.orgs[sub])
            elif _country_or_place(
                ctx, sub, fld, idx, ss, se, text, _is_literal(text, ss, se), False
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
                _hyphen_parts(ctx, text, fld, idx, toks[i][1], w, literal)
            elif (
                _is_acronym(w)
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


def _hyphen_parts(ctx: _Ctx, text: str, fld: str, idx: int, s: int, w: str, literal: bool) -> bool:
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
                found = _country_or_place(ctx, f, fld, idx, ps, pe, text, literal, False) or found
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


_COMPASS = frozenset(
    "north south east west northern southern eastern western central greater mainland "
    "upper lower new old".split()
)


def _brand_country(gaz: Gazetteer, toks: list[Span], fw: list[str]) -> bool:
    """'MTN Ghana', 'Bursa Malaysia': a known name or acronym, then a country's name."""
    last = gaz.country_forms.get(fw[-1])
    if not last or last[1] != "name" or toks[-1][0].isupper():
        return False
    head = " ".join(fw[:-1])
    if head in gaz.country_forms or head in _COMPASS or fw[0] in gaz.given:
        return False
    if head in gaz.orgs:
        return True
    if len(toks) == 2 and _is_acronym(toks[0][0]):
        return toks[0][0].replace(".", "") not in gaz.acronym_stop
    pl = gaz.places.get(head)
    return bool(pl) and pl[1] != last[0] and head not in gaz.common  # not "Go To Ukraine"


def _person_like(gaz: Gazetteer, toks: list[Span], fw: list[str], text: str, s: int, e: int) -> str:
    """Return "full" if the segment looks like a personal name, else ""."""
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
            if fw[1] not in gaz.common and fw[1] not in gaz.places and _person_cue(text, s, e):
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
        return "full" if _person_cue(text, s, e) else ""
    commonish = [f for f in name if f in gaz.common]
    if not commonish:
        big_place = [f for f in name if f in gaz.places and not gaz.places[f][3]]
        if not big_place or _person_cue(text, s, e):
            return "full"
        return ""
    if len(commonish) < len(name) and _person_cue(text, s, e):
        return "full"
    return ""


NONPERSON_FOLLOW_RE = re.compile(
    r"[ \u00a0]+(?:crossing|border|region|province|state|district|county|airport|square|street|"
    r"avenue|bridge|river|valley|camp|base|port|oblast|neighborhood|mountains?|peninsula|"
    r"strait|canal|sea|dam|plant|reactor|prison|stadium|accords?|agreement|treaty|summit|"
    r"doctrine|corridor|pipeline|field|island|islands|coast|desert|forest|park)\b"
)
# AP-style US state abbreviations that are also words or names ("Mo.", "Pa.", "Ore."):
# only after "Town, " (the others are in regions.tsv)
AP_STATES = {
    "Ark": "Arkansas", "Del": "Delaware", "Ga": "Georgia", "Ill": "Illinois", "Ind": "Indiana",
    "Kan": "Kansas", "Ky": "Kentucky", "La": "Louisiana", "Md": "Maryland",
    "Mass": "Massachusetts", "Miss": "Mississippi", "Mo": "Missouri", "Mont": "Montana",
    "Neb": "Nebraska", "Nev": "Nevada", "Ore": "Oregon", "Pa": "Pennsylvania",
    "Va": "Virginia", "Vt": "Vermont", "Wash": "Washington", "Wis": "Wisconsin",
    "Wyo": "Wyoming",
}  # fmt: skip
_AP_FIRST = frozenset(k[0] for k in AP_STATES)
NOT_TEAM_PLURALS = frozenset(
    """olympics paralympics games accords agreements conventions protocols talks riots
    protests attacks bombings elections summits negotiations principles rules springs falls
    heights hills lakes plains flats islands mountains highlands keys rapids woods sands
    fields gardens docks times news""".split()
)
# last words that end a name of a thing, not of a person ("Booker Prize")
EVENT_LAST = frozenset(
    "olympics paralympics games accords agreements conventions protocols talks".split()
)
NONPERSON_LAST = frozenset(
    """prize prizes award awards medal trophy cup act olympics paralympics games accords
    agreements conventions protocols talks summit""".split()
)
CAMEL_RE = re.compile(r"[A-Z][a-z]+[A-Z]")
SPANISH_ARTICLES = frozenset(("los", "las"))
_DE = frozenset(("de", "del", "do", "da", "dos", "das"))
# "JPMorgan", "STMicroelectronics": capitals run into a lowercase word (not a personal name)
CAPS_CAMEL_RE = re.compile(r"[A-Z]{2,}[a-z]{2}")
# named land features are places; seas and straits are left out like "Pacific" and "Gulf"
GEO_FEATURES = frozenset(
    """islands island bay peninsula mountains valley desert basin plateau delta highlands
    heights archipelago county""".split()
)
CAMEL_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Al", "El")
_APPOS_RE = re.compile(
    r",[ \u00a0]+(?:a|an|the|then|now|who|whose|its|his|her|their|another)[ \u00a0]+([^,.;]{0,80})"
)
# "said Nissan would close": the subject of reported speech, not a speaker after "said"
_CLAUSE_VERB_RE = re.compile(
    r"[ \u00a0]+(?:would|will|could|should|might|may|must|can|had|has|have|was|is|were|"
    r"planned|plans|expected|expects|intended|intends)\b"
)
_SAID_AFTER_RE = re.compile(
    r"[ \u00a0]+(?:said|says|told|wrote|added|asked|argued|noted|explained)\b"
)


_WHO_RE = re.compile(r",[ \u00a0]+who(?:se)?[ \u00a0]")
# ", Colombia’s largest carrier", ", China's biggest shipping line"
_POSS_APPOS_RE = re.compile(
    rf",[ \u00a0]+{UP}[\w.-]*(?:[ \u00a0]{UP}[\w.-]*){{0,2}}['’]s[ \u00a0]+([^,.;“”\"]{{0,60}})"
)


def _person_appositive(text: str, e: int) -> bool:
    """ ", the company’s chairman,": a person's noun in the appositive after ``e``."""
    m = _APPOS_RE.match(text, e)
    return m is not None and any(
        w.strip("’'s") in PERSON_APPOS_NOUNS for w in m.group(1).lower().split()[:5]
    )


def _person_cue(text: str, s: int, e: int) -> bool:
    _DEP[0] = True
    m = _APPOS_RE.match(text, e)
    if m and any(w.strip("’'s") in PERSON_APPOS_NOUNS for w in m.group(1).lower().split()):
        return True
    if m and _WHO_RE.match(text, e):
        return True  # "Wyc Grousbeck, who led ...": bodies take "which"
    if _SAID_AFTER_RE.match(text, e):
        return True
    before = text[max(0, s - 12) : s].lower()
    if before.endswith(("said ", "says ", "told ", "wrote ")) and not _CLAUSE_VERB_RE.match(
        text, e
    ):
        return True
    # ", the chairman of X, Y" / "defense secretary, Pete Hegseth,"
    pre = text[max(0, s - 60) : s]
    if pre.endswith(", "):
        words = re.findall(r"[a-z][a-z-]+", pre.lower())
        if words and any(w in PERSON_APPOS_NOUNS for w in words[-3:]):
            return True
    return False


def _org_appositive(text: str, s: int, e: int) -> bool:
    _DEP[0] = True
    m = _APPOS_RE.match(text, e)
    if m and not _WHO_RE.match(text, e):  # ", who led the ownership group": a person
        ws = m.group(1).lower().split()
        if any(w in ORG_APPOS_NOUNS for w in ws[:6]) and not any(
            w in PERSON_APPOS_NOUNS for w in ws[:6]
        ):
            return True
    m = _POSS_APPOS_RE.match(text, e)
    if m:  # ", Colombia’s largest carrier,": the body of a place or of another body
        # "Mexico’s two budget carriers" after a list: plurals too
        ws = [w[:-1] if w.endswith("s") else w for w in m.group(1).lower().split()[:4]]
        if any(w in ORG_APPOS_NOUNS for w in ws) and not any(w in PERSON_APPOS_NOUNS for w in ws):
            return True
    pre = text[max(0, s - 80) : s]
    if pre.endswith(", "):
        clause = re.split(r"[.;:]", pre)[-1].lower()
        m2 = re.search(r"(?:\b(?:a|an|the)\b|\w['’]s(?= ))([^,]*),[ \u00a0]$", clause)
        if m2:
            ws = m2.group(1).split()
            if any(w in ORG_APPOS_NOUNS for w in ws):
                return not any(w in PERSON_APPOS_NOUNS for w in ws)
    return False


def _person(
    ctx: _Ctx, text: str, fld: str, idx: int, s: int, e: int, name: list[Span], how: str
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


# chunk memo, one dict per sentence position (mid-sentence, sentence-initial):
# chunk -> templates (a tuple: the raws, relative to the chunk, whatever the
# context) or a ``_DepEntry`` (the raws depend on the literal/follow cues).
_MEMO: tuple[dict[str, object], dict[str, object]] = ({}, {})
_MEMO_OWNER: list[int] = [0]
_MEMO_MAX = 400_000
_DEP = [False]  # set when a classification looked at context beyond the memo key

# (kind, start, end, surface, words, info, extra, ea), offsets relative to the chunk
Template = tuple[str, int, int, str, tuple[str, ...], str, str, bool]


@dataclass(slots=True)
class _DepEntry:
    """Memo entry whose raws depend on the literal cue and/or the follow cue."""

    lit: bool
    fol: bool
    by_cue: dict[tuple[int | None, bool | None], tuple[Template, ...]]


def _memos(gaz: Gazetteer) -> tuple[dict[str, object], dict[str, object]]:
    """The chunk memos, emptied when the gazetteer changes or they grow too big."""
    if _MEMO_OWNER[0] != id(gaz) or len(_MEMO[0]) + len(_MEMO[1]) > _MEMO_MAX:
        for memo in (
            *_MEMO,
            _SURNAME_KEYS,
            _SURNAME_FORMS,
            _PENDING_KEYS,
            _WORDS_KEYS,
            _TOWN,
            _TITLE_KNOWN,
        ):
            memo.clear()
        _MEMO_OWNER[0] = id(gaz)
    return _MEMO


def _scan_text(ctx: _Ctx, text: str, fld: str, idx: int) -> None:
    """Find and classify the chunks of one text, replaying memoised chunks."""
    gaz = ctx.gaz
    memo_mid, memo_init = _MEMO
    if _MEMO_OWNER[0] != id(gaz) or len(memo_mid) + len(memo_init) > _MEMO_MAX:
        _memos(gaz)
    skip_until = -1
    raws = ctx.raws
    append = raws.append
    base = _base(fld, idx)
    initial_chars = _INITIAL_CHARS
    for m in CHUNK_RE.finditer(text):
        cs, ce = m.span()
        if cs < skip_until:
            continue
        # sentence-initial: only spaces between the chunk and a sentence opener
        j = cs - 1
        while j >= 0 and text[j] == " ":
            j -= 1
        if j < 0:
            initial = True
        else:
            c = text[j]
            initial = c in initial_chars or (c in "”’'" and j > 0 and text[j - 1] in ".!?,")
        memo = memo_init if initial else memo_mid
        chunk = m.group()
        entry = memo.get(chunk)
        lit = fol = None
        if entry is not None:
            if entry.__class__ is tuple:
                hit = entry
            else:
                if entry.lit:  # _lit_class, its cheap test inlined
                    lit = _lit_class(text, cs) if cs and text[cs - 1] in " \u00a0" else 0
                if entry.fol:
                    fol = PERSON_FOLLOW_RE.match(text, ce) is not None
                hit = entry.by_cue.get((lit, fol))
            if hit is not None:
                if hit:
                    counter = ctx.counter
                    for kind, rs, rend, surface, words, info, extra, ea in hit:
                        counter += 1
                        s = cs + rs
                        append(
                            Raw(
                                kind,
                                fld,
                                idx,
                                s,
                                cs + rend,
                                surface,
                                words,
                                info,
                                extra,
                                ea,
                                counter,
                                base + s,
                            )
                        )
                    ctx.counter = counter
                continue
        n0 = len(raws)
        _CHUNK_START[0] = cs
        _DEP[0] = False
        _LIT_USED[0] = False
        _FOL_USED[0] = False
        ce = _classify_chunk(ctx, text, cs, ce, fld, idx, initial)
        if ce != m.end():
            skip_until = ce
        if _DEP[0]:
            continue
        _remember(memo, chunk, entry, text, cs, raws[n0:], lit, fol)


def _classify_chunk(
    ctx: _Ctx, text: str, cs: int, ce: int, fld: str, idx: int, initial: bool
) -> int:
    """Segment and classify one chunk (memo miss); return its end (a list tail may extend it)."""
    segs = _segments(text, cs, ce, ctx.gaz)
    if not segs:
        return ce
    # "Research Institute for Democracy, Society and Emerging Technology"
    last = segs[-1]
    if (
        text.startswith(",", ce)
        and len(last) >= 3
        and any(
            fold(last[k][0]) in ORG_HEADS and last[k + 1][0] in ("for", "of", "on")
            for k in range(len(last) - 1)
        )
    ):
        t = ORG_LIST_TAIL_RE.match(text, ce)
        if t:
            last.extend(
                (mm.group(), mm.start(), mm.end()) for mm in WORD_RE.finditer(text, ce, t.end())
            )
            ce = t.end()
            _DEP[0] = True
    for k, seg in enumerate(segs):
        seg_end = ce if k == len(segs) - 1 else seg[-1][2]
        _classify_seg(ctx, text, seg, fld, idx, seg_end, initial and k == 0)
    return ce


def _remember(
    memo: dict[str, object],
    chunk: str,
    entry: object,
    text: str,
    cs: int,
    new: list[Raw],
    lit: int | None,
    fol: bool | None,
) -> None:
    """Store the raws of a freshly classified chunk, keyed by the cues it used."""
    templates = tuple(
        (r.kind, r.start - cs, r.end - cs, r.text, r.words, r.info, r.extra, r.ea) for r in new
    )
    lit_used, fol_used = _LIT_USED[0], _FOL_USED[0]
    if entry is None:
        if not lit_used and not fol_used:
            memo[chunk] = templates
            return
        entry = memo[chunk] = _DepEntry(False, False, {})
    assert isinstance(entry, _DepEntry)
    if (lit_used and not entry.lit) or (fol_used and not entry.fol):
        entry.lit = entry.lit or lit_used
        entry.fol = entry.fol or fol_used
        entry.by_cue.clear()
    if entry.lit and lit is None:
        lit = _lit_class(text, cs)
    if entry.fol and fol is None:
        fol = PERSON_FOLLOW_RE.match(text, cs + len(chunk)) is not None
    entry.by_cue[(lit if entry.lit else None, fol if entry.fol else None)] = templates


_INITIAL_CHARS = frozenset('.!?:;“"(—–[•‘\n\t')
_LIT_USED = [False]
_FOL_USED = [False]


def _lit_class(text: str, cs: int) -> int:
    """1 if the words before the chunk make a place literal ("in", "a visit to"), else 0."""
    if not cs or text[cs - 1] not in " \u00a0":
        return 0
    _CHUNK_START[0] = cs
    return 1 if _is_literal(text, cs, cs) else 0


def _classify_seg(
    ctx: _Ctx, text: str, seg: list[Span], fld: str, idx: int, seg_end: int, initial: bool
) -> None:
    # extend the last token to the segment end (possessive) for span purposes
    lt, ls, le = seg[-1]
    if seg_end > le:
        seg = [*seg[:-1], (lt, ls, seg_end)]
    _classify(ctx, text, seg, fld, idx, seg_end, initial)


def is_titlecase(text: str) -> bool:
    words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.7


# --------------------------------------------------------------------------- merging


@dataclass(slots=True)
class _Person:
    words: tuple[str, ...]  # fullest name tokens
    ea: bool
    raws: list[Raw] = field(default_factory=list)
    last_pos: int = 0
    folded: tuple[str, ...] = ()  # ``words`` folded (filled in by the merger)

    @property
    def surname_keys(self) -> frozenset[tuple[str, ...]]:
        """Every token run a later mention may use for this person (memoised)."""
        k = (self.words, self.ea)
        keys = _SURNAME_KEYS.get(k)
        if keys is None:
            keys = _SURNAME_KEYS[k] = _surname_keys(self.words, self.ea)
        return keys

    @property
    def surname_forms(self) -> tuple[str, ...]:
        """``surname_keys`` joined with spaces, in the same order (memoised)."""
        k = (self.words, self.ea)
        forms = _SURNAME_FORMS.get(k)
        if forms is None:
            forms = _SURNAME_FORMS[k] = tuple(" ".join(x) for x in self.surname_keys)
        return forms


# (words, ea) -> surname keys; cleared with the chunk memo (they depend on the gazetteer)
_SURNAME_KEYS: dict[tuple[tuple[str, ...], bool], frozenset[tuple[str, ...]]] = {}
_SURNAME_FORMS: dict[tuple[tuple[str, ...], bool], tuple[str, ...]] = {}


def _surname_keys(words: tuple[str, ...], ea: bool) -> frozenset[tuple[str, ...]]:
    fw = tuple(map(fold, words))
    keys = {fw}
    rest = [f for f in fw[1:] if not (len(f) == 2 and f.endswith("."))]
    # western order: any run of the later tokens ("putin", "de la fuente",
    # "ibarra" of "Catalina Ibarra Reyes", "chang chien")
    for a in range(len(rest)):
        for b in range(a + 1, len(rest) + 1):
            if rest[a] not in PARTICLES or a == 0 or rest[a - 1] not in PARTICLES:
                keys.add(tuple(rest[a:b]))
    if ea or (fw and fw[0] in _EA_FIRST):
        keys.add(fw[:1])
    # "Bashar al-Assad" is also "Mr. Assad" (and "Mr. al-Assad")
    keys.update((f[3:],) for f in rest if f.startswith(("al-", "el-")) and len(f) > 4)
    return frozenset(keys)


_EA_FIRST: frozenset[str] = frozenset()


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


def _compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names with the same surname: same person unless first names clash."""
    fa = [fold(x) for x in a]
    fb = [fold(x) for x in b]
    if fa[-1] != fb[-1] and fa[0] != fb[0]:
        return False
    ga, gb = fa[:-1], fb[:-1]
    if not ga or not gb:
        return True
    x, y = ga[0], gb[0]
    if x == y:
        return True
    if len(x) <= 2 or len(y) <= 2:
        return x[0] == y[0]
    return False


def _name_of(raw: Raw) -> str:
    return " ".join(raw.words)


def _clean_surface(s: str) -> str:
    return s


def _merge_people(raws: list[Raw], gaz: Gazetteer) -> list[_Person]:
    people: list[_Person] = []
    # one pass: full names, and the surname-only mentions to attach later (in ``pos`` order)
    full: list[Raw] = []
    rest: list[Raw] = []
    for r in raws:
        kind = r.kind
        if kind == "person":
            (full if r.extra == "full" else rest).append(r)
        elif kind == "pending" and r.extra != "nonentity" and r.extra != "multi":
            rest.append(r)
    full.sort(key=_N_WORDS, reverse=True)
    for r in full:
        fw = tuple(map(fold, r.words))
        target = None
        for p in people:
            pw = p.folded
            if fw == pw:
                target = p
                break
            if r.ea == p.ea and (
                (not r.ea and pw[-1] == fw[-1] and _compatible(p.words, r.words))
                or (r.ea and pw[0] == fw[0] and pw[1:2] == fw[1:2])
            ):
                target = p
                break
            if len(fw) < len(pw) and (pw[-len(fw) :] == fw or (p.ea and pw[: len(fw)] == fw)):
                target = p
                break
            if not r.ea and not p.ea and fw[0] == pw[0] and _subsequence(list(fw), list(pw)):
                target = p
                break
        if target is None:
            target = _Person(r.words, r.ea, [], 0, fw)
            people.append(target)
        target.raws.append(r)
    # surname-only mentions (honorific, title, pending single tokens)
    index: dict[tuple[str, ...], list[_Person]] = {}
    for p in people:
        for k in p.surname_keys:
            index.setdefault(k, []).append(p)
    # "Mr. Abiy", "Dr. Tedros": Ethiopian, Eritrean (and Thai, Icelandic) names are
    # shortened to the given name; used only when no surname matches, and one person has it
    first: dict[tuple[str, ...], _Person | None] = {}
    for p in people:
        if len(p.folded) >= 2 and not p.ea:
            k = p.folded[:1]
            first[k] = p if k not in first else None
    # ``raws`` is in ``pos`` order already
    for r in rest:
        kind = r.kind
        key = _pending_key(r.text) if kind == "pending" else _surname_key(r.words)
        cands = index.get(key)
        if (
            cands is None
            and len(key) == 1
            and first.get(key) is not None
            and (kind != "pending" or key[0] not in gaz.given)
        ):
            cands = [first[key]]  # type: ignore[list-item]
        if cands is None:
            if kind == "pending":
                continue
            words = tuple(_strip_poss(w)[0] for w in r.words)
            p = _Person(words, False, [], 0, tuple(map(fold, words)))
            people.append(p)
            for k in p.surname_keys:
                index.setdefault(k, []).append(p)
            if len(p.folded) >= 2:  # "Dr. Tedros Adhanom Ghebreyesus"
                k = p.folded[:1]
                first[k] = p if k not in first else None
        elif len(cands) > 1:
            # the most recently mentioned one
            pos = r.pos
            p = min(cands, key=lambda p: -max((x.pos for x in p.raws if x.pos < pos), default=-1))
        else:
            p = cands[0]
        r.kind = "person"
        p.raws.append(r)
    return people


def _n_words(r: Raw) -> int:
    return len(r.words)


_N_WORDS = _n_words
_PENDING_KEYS: dict[str, tuple[str, ...]] = {}
_WORDS_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _pending_key(text: str) -> tuple[str, ...]:
    """Folded tokens of a pending surface ("Putin’s" -> ("putin",)), memoised."""
    key = _PENDING_KEYS.get(text)
    if key is None:
        key = _PENDING_KEYS[text] = tuple(map(fold, _strip_poss(text)[0].split()))
    return key


def _surname_key(words: tuple[str, ...]) -> tuple[str, ...]:
    """Folded name tokens of a surname-only person mention, possessive dropped."""
    key = _WORDS_KEYS.get(words)
    if key is None:
        key = tuple(map(fold, words))
        if key and key[-1].endswith(("'s", "’s")):
            key = (*key[:-1], _strip_poss(key[-1])[0])
        _WORDS_KEYS[words] = key
    return key


def _initials(words: Iterable[str]) -> str:
    return "".join(w[0] for w in words if w and w[0].isupper() and w not in ("The",))


_LOCK = threading.Lock()


def extract_entities(
    texts: list[tuple[str, int, str, bool]], gaz: Gazetteer | None = None
) -> ArticleEntities:
    """Extract entities from ``[(field, index, text, titlecase), ...]``.

    Thread-safe (the chunk memo and its flags are module state, so calls are
    serialised; the GIL would serialise them anyway).
    """
    with _LOCK, paused_gc():
        return _extract_entities(texts, gaz)


def _extract_entities(
    texts: list[tuple[str, int, str, bool]], gaz: Gazetteer | None = None
) -> ArticleEntities:
    """Extract entities from ``[(field, index, text, titlecase), ...]``."""
    gaz = gaz or gazetteer()
    global _EA_FIRST
    _EA_FIRST = gaz.ea_surnames
    ctx = _Ctx(gaz)
    deferred = []
    scanned: dict[tuple[str, int], str] = {}
    for fld, idx, text, titlecase in texts:
        if not text:
            continue
        if titlecase or fld == "title":
            deferred.append((fld, idx, text))
            continue
        if fld == "blocks" and len(text) < 200 and _is_contributor_line(text):
            continue
        _scan_text(ctx, text, fld, idx)
        scanned[(fld, idx)] = text

    _context_pass(ctx.raws, scanned, gaz)
    people = _merge_people(ctx.raws, gaz)
    orgs = _merge_orgs(ctx, gaz)
    # headlines / title-case subheads: only known forms
    if deferred:
        forms = _known_forms(people, orgs)
        for fld, idx, text in deferred:
            _scan_title(ctx, text, fld, idx, forms, orgs)
    # title matches were appended as already-assigned raws
    return _assemble(ctx, people, orgs, gaz)


# ----------------------------------------------------------------- context pass
# Rules that read the words around a mention. They run once per article on the
# raws (outside the chunk memo, which is keyed by the chunk text alone), and
# only touch mentions the chunk rules left unsure: unknown single words, names
# without a known given name, towns that are also words of an organisation.

_ORG_AT_RE = re.compile(
    r"\b(?:economists?|analysts?|executives?|strategists?|researchers?|engineers?|employees?|"
    r"shareholders?|investors?|traders?|bankers?|lawyers?|scientists?|managers?|partners?|"
    r"fellows?|professors?|lecturers?) (?:at|from) $",
    re.I,
)
_POLL_AFTER_RE = re.compile(r" (?:poll|polls|survey|surveys)\b")
# "Likud party", "the IG Metall union"
_ORG_AFTER_RE = re.compile(r" (?:party|movement|militia|coalition|alliance|union)\b")
# cues that the capitalised words right after are an organisation (checked on mentions
# the chunk rules were unsure of): a role held *at* or *of* a body ("the head of
# global commodity strategy at X", "the founder of X", "a spokeswoman for X"),
# ownership ("majority-owned by X", "a platform run by X"), a post "on X", and a
# kind-of-organisation noun right before the name ("the oil company X", "the
# pro-government channel X")
_ORG_ROLE_BEFORE_RE = re.compile(
    r"(?:\b(?:economists?|analysts?|executives?|strategists?|researchers?|engineers?|"
    r"employees?|shareholders?|investors?|bankers?|lawyers?|scientists?|managers?|"
    r"partners?|fellows?|professors?|lecturers?|head|director|officials?|founder|"
    r"co-founder|owner|chairman|chairwoman|chief executive|board|spokes(?:man|woman|person)|"
    r"strategy|research)\b[^,.;:“”\"()]{0,40}? (?:at|of) "
    r"|\bspokes(?:man|woman|person) for "
    r"|\b(?:owned|run|operated|controlled|acquired|bought) by "
    r"|\b(?:a (?:unit|subsidiary|division) of|shares (?:of|in)|a stake in) "
    r"|\b(?:posts?|posted|wrote|writing|statement|message|video) on )$",
    re.I,  # "Shares of X" opening a sentence
)
_ORG_NOUN_BEFORE_RE = re.compile(r"\b(?:[Tt]he|[Aa]n?)(?: [a-z-]+){0,2} [a-z]+ $")
_ROLE_TAILS = (" at ", " of ", " for ", " by ", " in ", " on ")
_ORG_FOLLOW_RE = re.compile(
    r"(?: (?:party|movement|militia|coalition|alliance|union|news agency|newspaper|"
    r"broadcaster|group)\b"
    r"|,[ \u00a0]+(?:led|founded|headed|chaired) by\b"  # a group is led by someone
    # ", which makes batteries": bodies and places take "which", only bodies make things
    r"|,[ \u00a0]+which (?:makes|produces|sells|owns|operates|employs|manufactures|builds|"
    r"supplies|runs|publishes|represents)\b"
    r"|,[ \u00a0]+which is (?:[a-z]+ )?(?:owned|controlled|listed) (?:by|in)\b"
    r"|['’]s (?:parent company|chief executive|board|shares|stock|subsidiary|shareholders|"
    r"headquarters|share price|market value|revenue|profits?|owners?|customers|employees|"
    r"subscribers|stadium)\b)"
)


_ORG_ON_RE = re.compile(
    r"\b(?:posts?|posted|wrote|writing|statement|message|video|said|says|announced) on $"
)


def _org_context(text: str, s: int, e: int) -> bool:
    """Do the words around ``text[s:e]`` say it names an organisation?"""
    _DEP[0] = True
    if _ORG_FOLLOW_RE.match(text, e - 2 if text.endswith(("’s", "'s"), s, e) else e):
        return True
    before = text[max(0, s - 80) : s]
    if before.endswith(_ROLE_TAILS):
        return _ORG_ROLE_BEFORE_RE.search(before) is not None or (
            before.endswith(_CUE_TAILS) and _ORG_KIND_BEFORE_RE.search(before) is not None
        )
    if before.endswith(_CUE_TAILS):
        return _ORG_KIND_BEFORE_RE.search(before) is not None
    # "the oil company X", "the pro-government channel X"
    return (
        before.endswith(" ")
        and before[:-1].rsplit(" ", 1)[-1] in ORG_APPOS_NOUNS
        and _ORG_NOUN_BEFORE_RE.search(before) is not None
    )


_ORG_KIND_BEFORE_RE = re.compile(  # "companies including Iluka Resources and ..."
    r"\b(?:companies|firms|banks|lenders|insurers|carmakers|automakers|chipmakers|airlines|"
    r"retailers|groups|parties|brands|startups|gangs|cartels|militias|unions|miners|producers|"
    r"suppliers|manufacturers|broadcasters|sponsors)"
    r",? (?:including|such as|like) $"
    # "Mr. Nielsen's coalition, which includes Inuit Ataqatigiit and Siumut"
    r"|\b(?:coalition|alliance|bloc)(?:,? which)? (?:includes|included) $"
)
_PLACE_BEFORE_RE = re.compile(
    r"\b(?:based in|the (?:town|city|village|port|region|province|state|district) of) $"
)
# "the enrichment site at Fordo", "the border crossing at Attari"
_SITE_AT_RE = re.compile(
    r"\b(?:site|plant|facility|base|crossing|checkpoint|mine|refinery|complex|camp|airfield|"
    r"airport|port|factory|terminal|smelter) (?:at|in|near) $"
)
_PLACE_APPOS_RE = re.compile(
    r",[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:(?:small|large|remote|coastal|fishing|border|"
    r"mountain|port|frontier|northern|southern|eastern|western|central)[ \u00a0]+)*"
    r"(?:town|city|village|port|region|province|district|county|island)\b"
    # "Nakhchivan, an Azerbaijani exclave bordering ...": any one adjective, then a
    # territory word that ends the noun phrase
    r"|,[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+)?"
    r"(?:exclave|enclave|territory|suburb|municipality|oblast|prefecture|governorate)"
    r"(?=[,.;]|[ \u00a0]+(?:of|in|on|near|bordering|that|which|where|with|whose)\b)"
)
_ADMIN_WORDS = frozenset(
    "province state region district county prefecture governorate oblast territory".split()
)
_PLACE_AFTER_RE = re.compile(
    r" (?:province|state|region|district|county|prefecture|governorate|oblast)\b"
    # "the Atacama salt flats", "the Karoo desert": a geographic noun after the name
    r"| (?:salt flats?|desert|steppe|highlands|lowlands|plateau|peninsula|delta)\b"
)
_COORD = (", ", " and ", " or ", " & ", " and the ", " or the ")
# "X said it would ...", "X said in a statement that it had ...": a body, not a person
# (not "said it would be", "said it had been": the "it" of the weather)
_IT_SAID_RE = re.compile(
    r"[ \u00a0]+(?:said|says|announced)(?: on [A-Z][a-z]+| in a statement| last [a-z]+)?,?"
    r"(?: that)? (?:it (?:would|will|had|has|plans|planned|intends|expects|could|might|"
    r"is planning|was planning)[ \u00a0](?!be\b|been\b|take\b|cost\b|not\b|make\b)|its )"
)
_CAP_OPENER_RE = re.compile(rf"(?:^|[.!?:;“\"(][ \u00a0]*){UP}[\w’'-]*[ \u00a0]$")
_ITS_ROLE_RE = re.compile(
    r"\bits (?:chief executive|chairman|chairwoman|founder|board|shares|stock|executives|"
    r"employees|customers|subscribers|shareholders|headquarters|subsidiary|parent company)\b"
)
_ITS_NEXT_RE = re.compile(
    r"Its (?:president|chief executive|chairman|chairwoman|founder|owner|board|shares|stock|"
    r"executives|parent company)\b"
)
_SENT_END_RE = re.compile(r"[.!?][”\"’']?[ \u00a0]+")


def _plural_org_appositive(t: str, e: int) -> bool:
    """ ", Mexico’s two budget carriers", ", the three lenders": a plural body noun."""
    m = _POSS_APPOS_RE.match(t, e) or _APPOS_RE.match(t, e)
    if not m:
        return False
    ws = m.group(1).lower().split()[:5]
    return not any(w in PERSON_APPOS_NOUNS or w[:-1] in PERSON_APPOS_NOUNS for w in ws) and any(
        w.endswith("s") and w[:-1] in ORG_APPOS_NOUNS for w in ws
    )


def _it_anaphora(t: str, s: int, e: int) -> bool:
    """Is the mention at ``t[s:e]`` taken up as "it"/"its" ("X said it would", "X plans
    ..., its chief executive said", "X ... . Its chairman, ...")? People are "he"/"she"."""
    if _IT_SAID_RE.match(t, e):
        # not the second word of a name the sentence start cut off ("Live Nation said ...")
        return _CAP_OPENER_RE.search(t, max(0, s - 30), s) is None
    if not _sentence_initial(t, s):
        return False
    m = _SENT_END_RE.search(t, e)
    if _ITS_ROLE_RE.search(t, e, m.start() if m else len(t)):
        return True
    return m is not None and _ITS_NEXT_RE.match(t, m.end()) is not None


# "Greenpeace said the project ...", "The Teamsters said on Wednesday ...": an unknown word
# that opens a sentence as the subject of a reporting or business verb
_SUBJ_VERB_RE = re.compile(
    r"[ \u00a0]+(?:said|says|announced|opened|closed|reported|plans|planned|declined|agreed|"
    r"warned|sued|filed|expects|expected|posted|signed|launched|acquired|bought|sold|"
    r"confirmed|denied|imposed|hired|cut|raised)\b"
)


_ROLE_BEFORE_RE = re.compile(r"(?:\b(?:the|its|his|her|their)|\w['’]s) ([a-z-]+ ){0,2}([a-z-]+), $")


def _role_then_name(t: str, s: int, e: int, text: str) -> bool:
    """ "the country’s leader, To Lam," : two or three words between commas right after a
    person's role noun, none of them a body's word."""
    ws = text.split()
    if not 2 <= len(ws) <= 3 or not t.startswith(",", e):
        return False
    if any(fold(w) in ORG_SUFFIX or fold(w) in ORG_HEADS for w in ws):
        return False
    m = _ROLE_BEFORE_RE.search(t, max(0, s - 50), s)
    return m is not None and m.group(2) in PERSON_APPOS_NOUNS


def _subject_org(t: str, s: int, e: int, gaz: Gazetteer) -> bool:
    """Is the unknown word at ``t[s:e]`` a body acting as a sentence's subject? Not a
    given name, a common word or a known person's surname (the caller checks that):
    people are "Mr. X said" or named in full; bodies open sentences bare. "the Treasury
    imposed": a government body after "the" anywhere."""
    the = t.endswith(("the ", "The "), 0, s)
    verb = _SUBJ_VERB_RE.match(t, e) is not None
    if not (the or verb):
        return False
    w = _strip_poss(t[s:e])[0]
    f = fold(w)
    if the and f in _GOV_BODIES:
        return True
    if not verb or f in gaz.given:
        return False
    if _is_acronym(w) and w.replace(".", "") in gaz.acronym_stop:  # "The CEO said"
        return False
    if t.endswith("The ", 0, s):  # a capitalised common word after "The" is a name
        return _sentence_initial(t, s - 4)
    return f not in gaz.common and _sentence_initial(t, s)


_HYPHEN_ADJ_RE = re.compile(r"-[a-z]+$")  # "Kurdish-led", not "Jamaat-e-Islami"


def _opening_phrase(t: str, s: int) -> bool:
    """Is the mention at ``s`` in a sentence-opening phrase ("In Quebec, the Bloc ...")?"""
    w = _prev_word(t, s)
    return w in LITERAL_BEFORE and _sentence_initial(t, max(0, s - 1 - len(w)))


_CUE_TAILS = (
    " at ",
    " from ",
    " including ",
    " as ",
    " like ",
    " includes ",
    " included ",
)  # "such as", "companies like"
_TOWN_BEFORE = LITERAL_BEFORE | {"of", "from", "including", "at", "like"}
_TOWN: dict[str, bool] = {}  # place surface -> may be an organisation's name (not a capital)


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


_POSS_BRAND_RE = re.compile(r"(?:^|[ \u00a0(“\"])([A-Z][a-z]+)['’]s[ \u00a0]$")


def _join_possessive_brand(raws: list[Raw], texts: dict[tuple[str, int], str], gaz) -> None:
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
        m = _POSS_BRAND_RE.search(t, max(0, r.start - 24), r.start)
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


_AIRPORT_RE = re.compile(r"[ \u00a0]+(?:International[ \u00a0]+)?Airport\b")
_GOV_BODIES = frozenset("treasury parliament senate congress cabinet army navy judiciary".split())


_PROVINCE_AFTER_RE = re.compile(r"[ \u00a0]+(?:province|state)\b")


def _province_capitals(raws: list[Raw], texts: dict[tuple[str, int], str]) -> None:
    """ "San Juan province", "Santa Fe province": a capital's name before "province" or
    "state" names that province in the whole article, not the state whose capital it is."""
    provs = {
        _strip_poss(r.text)[0]
        for r in raws
        if r.kind == "place" and _PROVINCE_AFTER_RE.match(texts.get((r.field, r.index), ""), r.end)
    }
    if provs:
        for r in raws:
            if r.kind == "country" and r.extra == "metonym" and _strip_poss(r.text)[0] in provs:
                r.kind, r.extra = "pending", "nonentity"


def _context_pass(raws: list[Raw], texts: dict[tuple[str, int], str], gaz: Gazetteer) -> None:
    """Re-read unsure mentions in their sentence (appositives, lists, "based in")."""
    given = gaz.given
    # one joined copy for the substring pre-checks ("\n" never occurs inside a cue)
    alltext = "\n".join(texts.values())
    if "&" in alltext:
        _join_ampersand_names(raws, texts)
    _join_possessive_brand(raws, texts, gaz)
    _join_club_city(raws)
    if " province" in alltext or " state" in alltext:
        _province_capitals(raws, texts)
    cands: list[int] = []  # raws the chunk rules were unsure of
    pending: list[Raw] = []
    lone: list[int] = []
    if "Airport" in alltext:
        for r in raws:
            # "Benito Juárez International Airport": a building, neutral like "Red Sea"
            if r.kind == "place" and _AIRPORT_RE.match(texts.get((r.field, r.index), ""), r.end):
                r.kind, r.extra = (
                    "pending",
                    "nonentity",
                )  # one-word people ("Jefferies said"), no title
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
            and raws[k - 1].text.endswith(_POSS_ENDS)
            and fold(r.text) in _GOV_BODIES
        ):
            # "Kenya's Treasury", "Japan's Cabinet": the body of that state
            r.kind, r.info, r.extra = "org", "", ""
            r.words = (r.text,)
        elif kind == "pending":
            # not "Kurdish-led", "Iranian-backed": adjectives
            if r.extra == "multi" or (
                r.extra != "nonentity" and " " not in r.text and not _HYPHEN_ADJ_RE.search(r.text)
            ):
                cands.append(k)
                pending.append(r)
        elif kind == "place":
            # a town may be a company's or a party's name: only in a list or before ", the ..."
            town = _TOWN.get(r.text)
            if town is None:
                f = fold(_strip_poss(r.text)[0])
                town = _TOWN[r.text] = (
                    " " not in r.text and f not in gaz.capitals and f not in gaz.metonyms
                )
            if town:
                t = texts.get((r.field, r.index))
                if t is not None and (
                    t.startswith(",", r.end) or t.endswith(_COORD, max(0, r.start - 5), r.start)
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
        elif kind == "org" and not r.info and r.text.isupper() and k and raws[k - 1].kind == "org":
            # ", or P.K.K.": an acronym right after an organisation names it
            p = raws[k - 1]
            t = texts.get((r.field, r.index))
            if (
                t is not None
                and (p.field, p.index) == (r.field, r.index)
                and t[p.end : r.start] in (", or ", " (")
                and _is_acronym(r.text)
            ):
                r.info = p.info or gaz.orgs.get(fold(_org_name(p))) or _org_name(p)
    if lone:
        # a one-word "person" the article never gives a first name or a title ("Mr. X")
        # may be a body: it is re-read like an unknown word
        anchored = {
            _surname_key(x.words)[-1]
            for x in raws
            if x.kind == "person"
            and x.words
            and (x.extra == "full" or not x.text.startswith(x.words[0]))
        }
        lone = [k for k in lone if _surname_key(raws[k].words)[-1] not in anchored]
        cands.extend(lone)
    if not cands and not any(r.kind == "org" for r in raws):
        return
    named = (
        {  # surnames of people the chunk rules are sure of: their lone mentions stay
            _surname_key(r.words)[-1]
            for r in raws
            if r.kind == "person" and r.words and (r.extra != "full" or fold(r.words[0]) in given)
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
            elif _pending_key(r.text)[-1] not in named:
                unsure[k] = "word"
        elif r.kind == "person":
            unsure[k] = "name" if r.extra == "full" else "lone"
        else:
            unsure[k] = "town"
    changed: dict[str, str] = {}

    def to_org(r: Raw) -> None:
        r.kind, r.info, r.extra = "org", "", ""
        r.words = tuple(_strip_poss(r.text)[0].split())
        changed[fold(_strip_poss(r.text)[0])] = "org"

    def to_place(r: Raw) -> None:
        f = fold(_strip_poss(r.text)[0])
        pl = gaz.places.get(f)
        r.kind, r.info, r.extra = (
            "place",
            pl[0] if pl else _strip_poss(r.text)[0],
            pl[1] if pl else "",
        )
        changed[f] = "place"

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
            and _org_appositive(t, s, e)
        ) or (
            kind != "town"
            and before.endswith(_CUE_TAILS)
            and (_ORG_AT_RE.search(before) or _ORG_KIND_BEFORE_RE.search(before))
        ):
            to_org(r)
        elif kind == "town":
            pass
        elif (
            (kind != "name" and _org_context(t, s, e))
            or (
                t.startswith(" ", e)
                and (
                    (_POLL_AFTER_RE.match(t, e) and before.endswith(("a ", "an ")))
                    or _ORG_AFTER_RE.match(t, e)
                )
            )
            or (
                kind != "multi"
                and _it_anaphora(t, s, e)
                # "Hisham Talaat Moustafa, the company’s chairman, said ... . Its shares
                # rose": the "its" is the company's; a person's appositive wins
                and not (kind in ("name", "lone") and _person_appositive(t, e))
            )
            or (
                (kind == "word" or (kind == "lone" and t.endswith("The ", 0, s)))
                and _subject_org(t, s, e, gaz)
            )
        ):
            to_org(r)
        elif kind == "multi" and _role_then_name(t, s, e, r.text):
            # "Vietnam’s leader, To Lam, has ...": a person's role, then the name alone
            ws = tuple(_strip_poss(r.text)[0].split())
            r.kind, r.info, r.extra, r.words = "person", "", "full", ws
            r.ea = fold(ws[0]) in gaz.ea_surnames
        elif kind in ("multi", "lone", "name"):
            pass
        elif (
            (before.endswith((" in ", " of ")) and _PLACE_BEFORE_RE.search(before))
            or (before.endswith((" at ", " in ", " near ")) and _SITE_AT_RE.search(before))
            or (
                comma_after
                and _PLACE_APPOS_RE.match(t, e)
                and fold(r.text) not in _ADMIN_WORDS  # not "Oblast" of "Donetsk Oblast"
            )
            or _PLACE_AFTER_RE.match(t, e)
        ):
            to_place(r)
    # lists: "Bosch, Infineon and NXP", "Hyundai Motor and Toyota". A list has an
    # "and"/"or"; only its unsure members change, and only if all the others are orgs.
    done: set[int] = set()
    for k in unsure:
        if k in done or raws[k].kind == "org" or (raws[k].kind == "place" and unsure[k] != "town"):
            continue
        r = raws[k]
        t = texts.get((r.field, r.index), "")
        lo = hi = k
        joins: list[str] = []
        while lo > 0:
            p = raws[lo - 1]
            sep = t[p.end : raws[lo].start] if (p.field, p.index) == (r.field, r.index) else ""
            if sep not in _COORD or p.end > raws[lo].start:
                break
            joins.append(sep)
            lo -= 1
        while hi + 1 < len(raws):
            q = raws[hi + 1]
            sep = t[raws[hi].end : q.start] if (q.field, q.index) == (r.field, r.index) else ""
            if sep not in _COORD or raws[hi].end > q.start:
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
            and _prev_word(t, raws[lo].start) in LITERAL_BEFORE
        ):
            # "near Nabatieh and Tyre": unknown words in a list of places after "in", "near"
            for m in members:
                if unsure.get(m) == "word" and raws[m].kind == "pending":
                    to_place(raws[m])
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
            if sep not in _COORD or p.end > raws[lo].start:
                break
            joins.append(sep)
            lo -= 1
        if lo < k and any(j != ", " for j in joins):
            for m in range(lo, k):
                if raws[m].kind == "person" and raws[m].extra == "full" and not raws[m].ea:
                    to_org(raws[m])
    # a small town of the gazetteer that nothing else claimed, after a preposition
    # ("within two miles of Pokrovsk"): not a word, a given name or a known surname
    for k, kind in unsure.items():
        r = raws[k]
        if kind == "word" and r.kind == "pending" and r.text == _strip_poss(r.text)[0]:
            f = fold(r.text)
            t = texts.get((r.field, r.index), "")
            if (
                f in gaz.places
                and f not in gaz.common
                and f not in given
                and _prev_word(t, r.start) in _TOWN_BEFORE
            ):
                to_place(r)
    # the same unknown word elsewhere in the article ("near Pahalgam" in the dek)
    if changed:
        # and a lone word that opens an organisation's name ("said Novo would ..." after
        # "Novo Nordisk said it would ...")
        firsts = {fold(x.words[0]) for x in raws if x.kind == "org" and len(x.words) > 1}
        for k in lone:
            r = raws[k]
            f = fold(_strip_poss(r.text)[0])
            if r.kind == "person" and (changed.get(f) == "org" or f in firsts):
                to_org(r)
        for r in pending:
            if r.kind == "pending":
                c = changed.get(fold(_strip_poss(r.text)[0]))
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
                and (f := fold(_strip_poss(r.text)[0])) in firsts2
                and f not in gaz.capitals
                and _prev_word(texts.get((r.field, r.index), ""), r.start) not in _TOWN_BEFORE
            ):
                to_org(r)
    if pending:
        # "said Velno would gain" (a pending word: a clause's subject) after "Velno Kestrup"
        heads = {fold(x.words[0]) for x in raws if x.kind == "org" and len(x.words) == 2}
        if heads:
            for r in pending:
                if r.kind == "pending" and not r.extra and fold(_strip_poss(r.text)[0]) in heads:
                    to_org(r)


@dataclass(slots=True)
class _Org:
    key: str
    raws: list[Raw] = field(default_factory=list)


def _org_name(r: Raw) -> str:
    return _org_name_s(r.text)


def _org_name_s(text: str) -> str:
    s = _ORG_NAMES.get(text)
    if s is None:
        s, _ = _strip_poss(text)
        if s.startswith(("The ", "the ")):
            s = s[4:]
        _memo_put(_ORG_NAMES, text, s)
    return s


# Pure functions of a surface string, memoised (surfaces repeat across mentions
# and articles): no dependence on the gazetteer, so never stale.
_ORG_NAMES: dict[str, str] = {}  # surface -> org name (possessive and "The " dropped)
_FOLDED_NAMES: dict[str, str] = {}  # surface -> fold(_strip_poss(surface)[0])
_ORG_FOLDED: dict[str, str] = {}  # surface -> fold(_org_name_s(surface))
_ORG_WORDS: dict[str, list[str]] = {}  # surface -> _org_name_s(surface).split()
_SURFACE_MEMO_MAX = 100_000


def _memo_put(memo: dict, k: object, v: object) -> None:
    if len(memo) >= _SURFACE_MEMO_MAX:
        memo.clear()
    memo[k] = v


def _folded_name(text: str) -> str:
    """``fold(_strip_poss(text)[0])``, memoised."""
    f = _FOLDED_NAMES.get(text)
    if f is None:
        f = fold(_strip_poss(text)[0])
        _memo_put(_FOLDED_NAMES, text, f)
    return f


def _org_folded(text: str) -> str:
    """``fold(_org_name_s(text))``, memoised."""
    f = _ORG_FOLDED.get(text)
    if f is None:
        f = fold(_org_name_s(text))
        _memo_put(_ORG_FOLDED, text, f)
    return f


_ORG_INITIALS: dict[str, str | None] = {}


def _org_initials(text: str) -> str | None:
    """``_initials`` of the org name's words when it has two or more, else None; memoised."""
    try:
        return _ORG_INITIALS[text]
    except KeyError:
        words = _org_words(text)
        r = _initials(words) if len(words) >= 2 else None
        _memo_put(_ORG_INITIALS, text, r)
        return r


def _org_words(text: str) -> list[str]:
    """``_org_name_s(text).split()``, memoised (callers must not mutate the list)."""
    w = _ORG_WORDS.get(text)
    if w is None:
        w = _org_name_s(text).split()
        _memo_put(_ORG_WORDS, text, w)
    return w


_CORPORATE_TAILS = frozenset(
    "electronics motors motor holdings holding industries corporation corp. inc. airlines "
    "airways energy telecom pharma mining steel chemicals semiconductor".split()
)


def _merge_orgs(ctx: _Ctx, gaz: Gazetteer) -> list[_Org]:
    orgs: dict[str, _Org] = {}
    acr: list[Raw] = []
    gorgs = gaz.orgs
    for r in ctx.raws:
        if r.kind != "org":
            continue
        text = r.text
        canon = r.info
        if not canon:
            fname = _org_folded(text)
            canon = gorgs.get(fname) or ""
            if not canon:
                name = _org_name_s(text)
                if " " not in name and _is_acronym(name):
                    acr.append(r)
                    continue
                key = fname
            else:
                key = fold(canon)
        else:
            key = fold(canon)
        o = orgs.get(key)
        if o is None:
            o = orgs[key] = _Org(key)
        o.raws.append(r)
    # acronym <-> full name by initials
    for r in acr:
        name = _org_name(r)
        letters = name.replace(".", "").replace("-", "")
        target = None
        for o in orgs.values():
            for x in o.raws:
                if _org_initials(x.text) == letters:
                    target = o
                    break
            if target:
                break
        if target is None:
            key = fold(name.replace(".", "") if "." in name else name)
            target = orgs.setdefault(key, _Org(key))
        target.raws.append(r)
    # a lone word that opens a two-word name the article uses: "Novo" -> Novo Nordisk
    if len(orgs) > 1:
        firsts: dict[str, _Org] = {}
        for key, o in orgs.items():
            ws = key.split()
            if len(ws) == 2:
                firsts.setdefault(ws[0], o)
        if firsts:
            # a known company too if the longer name is its business arm ("Samsung" ->
            # Samsung Electronics), not another body ("Ford" / Ford Foundation)
            for key in [
                k
                for k in orgs
                if k in firsts and (k not in gorgs or firsts[k].key.split()[1] in _CORPORATE_TAILS)
            ]:
                firsts[key].raws.extend(orgs.pop(key).raws)
    # an acronym that ends a longer name the article uses: "BPM" -> Banco BPM
    if len(orgs) > 1:
        lasts = {
            key.split()[-1]: o
            for key, o in orgs.items()
            if " " in key
            and len(key.split()[-1]) >= 3
            and key.split()[-1].isalpha()
            and not all(x.text.isupper() for x in o.raws)  # not in all-caps text
        }
        for key in [k for k in orgs if k in lasts and k not in gorgs and lasts[k].key != k]:
            if all(x.text.rstrip("’'s").isupper() for x in orgs[key].raws):
                lasts[key].raws.extend(orgs.pop(key).raws)
    # single-token aliases: "the Eurasia analyst" -> Eurasia Group
    heads: dict[str, _Org] = {}
    for o in orgs.values():
        for x in o.raws:
            words = _org_words(x.text)
            if len(words) == 2 and fold(words[-1]) in ORG_SUFFIX:
                h = fold(words[0])
                if h in gaz.country_forms or (
                    h in gaz.non_entities and h.endswith(("an", "ern", "ic", "ese"))
                ):
                    continue  # "European" does not stand for the European Union
                heads[h] = o
    if heads:
        for r in ctx.raws:
            if r.kind == "pending":
                f = _folded_name(r.text)
                if f in heads:
                    r.kind = "org"
                    heads[f].raws.append(r)
    return list(orgs.values())


def _known_forms(people: list[_Person], orgs: list[_Org]) -> tuple[dict, dict]:
    pforms: dict[str, _Person] = {}
    for p in people:
        for k in p.surname_forms:
            pforms[k] = p
        for r in p.raws:
            pforms[_folded_name(r.text)] = p
    oforms: dict[str, _Org] = {}
    for o in orgs:
        for r in o.raws:
            oforms[_org_folded(r.text)] = o
    return pforms, oforms


def _title_known(gaz: Gazetteer, f: str) -> int:
    """2 if ``f`` may be an org, country, metonym, capital or strong place, else 1.

    Memoised per gazetteer (truthy either way, so callers can test ``get(f) or ...``).
    """
    known = _TITLE_KNOWN.get(f)
    if known is None:
        pl = gaz.places.get(f)
        known = (
            2
            if (
                f in gaz.orgs
                or f in gaz.country_forms
                or f in gaz.metonyms
                or f in gaz.capitals
                # a strong place, unless a common word that is only another spelling
                # of it ("the Rest" in a headline is not Rasht)
                or (pl is not None and not pl[3] and (f not in gaz.common or fold(pl[0]) == f))
            )
            else 1
        )
        _memo_put(_TITLE_KNOWN, f, known)
    return known


_TITLE_KNOWN: dict[str, int] = {}  # cleared with the chunk memos (depends on the gazetteer)


def _scan_title(
    ctx: _Ctx, text: str, fld: str, idx: int, forms: tuple[dict, dict], orgs: list[_Org]
) -> None:
    gaz = ctx.gaz
    pforms, oforms = forms
    base = _base(fld, idx)
    toks = [(m.group(), m.start(), m.end()) for m in TITLE_TOKEN_RE.finditer(text)]
    n = len(toks)
    # run[k]: how many tokens from k on are adjacent (single space, no inner possessive)
    run = [1] * n
    for k in range(n - 2, -1, -1):
        if toks[k + 1][1] - toks[k][2] == 1 and not toks[k][0].endswith(_POSS_ENDS):
            run[k] = run[k + 1] + 1
    fnames_get = _FOLDED_NAMES.get
    known_get = _TITLE_KNOWN.get
    i = 0
    while i < n:
        done = False
        s = toks[i][1]
        for j in range(i + min(run[i], 5), i, -1):
            e = toks[j - 1][2]
            surface = text[s:e]
            f = fnames_get(surface) or _folded_name(surface)
            ctx.counter += 1
            if f in pforms:
                p = pforms[f]
                p.raws.append(Raw("person", fld, idx, s, e, surface, pos=ctx.counter, ok=base + s))
            elif f in oforms:
                oforms[f].raws.append(
                    Raw("org", fld, idx, s, e, surface, pos=ctx.counter, ok=base + s)
                )
            elif (known_get(f) or _title_known(gaz, f)) == 1 and (j - i != 1 or "-" not in surface):
                continue  # fast path: none of the branches below applies
            elif f in gaz.orgs and (j - i > 1 or _is_acronym(toks[i][0]) or len(f) > 3):
                canon = gaz.orgs[f]
                o = next((o for o in orgs if o.key == fold(canon)), None)
                if o is None:
                    o = _Org(fold(canon))
                    orgs.append(o)
                o.raws.append(
                    Raw("org", fld, idx, s, e, surface, info=canon, pos=ctx.counter, ok=base + s)
                )
            elif "-" in surface and j - i == 1:
                before = len(ctx.raws)
                _hyphen_parts(ctx, text, fld, idx, s, _strip_poss(surface)[0], False)
                if len(ctx.raws) == before:
                    continue
            elif (
                f in gaz.country_forms
                or f in gaz.metonyms
                or f in gaz.capitals
                or (f in gaz.places and not gaz.places[f][3])
            ):
                _country_or_place(ctx, f, fld, idx, s, e, text, False, True)
            else:
                continue
            i = j
            done = True
            break
        if not done:
            i += 1


_POSS_ENDS = ("’s", "'s", "s’", "s'")  # ``_strip_poss(x)[1]``


_OK = attrgetter("ok")
_PLACE_KEYS: dict[tuple[str, str], str] = {}


def _place_key(name: str, iso: str) -> str:
    k = _PLACE_KEYS.get((name, iso))
    if k is None:
        k = f"place:{name.casefold()}|{iso}"
        _memo_put(_PLACE_KEYS, (name, iso), k)
    return k


def _person_name(words: tuple[str, ...]) -> tuple[str, str]:
    """(display name, key) of a merged person: possessive dropped from the last word."""
    r = _PERSON_NAMES.get(words)
    if r is None:
        name = " ".join(
            _strip_poss(w)[0] if k == len(words) - 1 else w for k, w in enumerate(words)
        )
        r = (name, "person:" + name.casefold())
        _memo_put(_PERSON_NAMES, words, r)
    return r


_PERSON_NAMES: dict[tuple[str, ...], tuple[str, str]] = {}


def _org_fullness(x: str) -> tuple[int, int]:
    return (len(x.split()), len(x))


def _entity_ctor() -> Callable[..., Entity]:
    """A faster ``Entity(kind, key, name, aliases, mentions, iso2, evidence)``.

    ``Entity`` is a frozen slots dataclass: its ``__init__`` goes through
    ``object.__setattr__`` per field. Setting the slots directly is ~2x faster.
    Falls back to the class itself if its fields ever change.
    """
    import dataclasses

    names = ("kind", "key", "name", "aliases", "mentions", "iso2", "evidence")
    fields = tuple(f.name for f in dataclasses.fields(Entity))
    if fields != names or "__slots__" not in vars(Entity):
        return Entity
    new = object.__new__
    sk, sy, sn, sa, sm, si, se = (Entity.__dict__[n].__set__ for n in names)

    def make(
        kind: str,
        key: str,
        name: str,
        aliases: tuple[str, ...] = (),
        mentions: tuple[Mention, ...] = (),
        iso2: str | None = None,
        evidence: tuple[tuple[str, str], ...] = (),
    ) -> Entity:
        e = new(Entity)
        sk(e, kind)
        sy(e, key)
        sn(e, name)
        sa(e, aliases)
        sm(e, mentions)
        si(e, iso2)
        se(e, evidence)
        return e

    return make


_new_entity = _entity_ctor()


def _assemble(
    ctx: _Ctx, people: list[_Person], orgs: list[_Org], gaz: Gazetteer
) -> ArticleEntities:
    mk = tuple.__new__
    ent = _new_entity
    ok = _OK

    out_people = []
    title_first = []
    for p in people:
        rs = p.raws
        if not rs:
            continue
        name, key = _person_name(p.words)
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
            aliases = list(dict.fromkeys([r.text for r in rs]))
            if name in aliases:
                aliases.remove(name)
            aliases = tuple(aliases)
            ms = tuple([mk(Mention, (r.field, r.index, r.start, r.end, r.text)) for r in rs])
        else:  # one mention (a third of all entities): no sorting, no de-duplication
            r = rs[0]
            aliases = () if r.text == name else (r.text,)
            ms = (mk(Mention, (r.field, r.index, r.start, r.end, r.text)),)
        e = ent("person", key, name, aliases, ms)
        # people first mentioned in the headline come first (a stable partition)
        (title_first if rs[0].field == "title" else out_people).append(e)
    if title_first:
        out_people = title_first + out_people

    countries: dict[str, list[Raw]] = {}
    places: dict[tuple[str, str], list[Raw]] = {}
    for r in ctx.raws:
        kind = r.kind
        if kind == "country":
            lst = countries.get(r.info)
            if lst is None:
                countries[r.info] = [r]
            else:
                lst.append(r)
        elif kind == "place":
            pk = (r.info, r.extra)
            lst = places.get(pk)
            if lst is None:
                places[pk] = [r]
            else:
                lst.append(r)
    out_countries = []
    cnames = gaz.countries
    for iso, rs in countries.items():
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
            ev = tuple(dict.fromkeys([(r.text, r.extra) for r in rs]))
            ms = tuple([mk(Mention, (r.field, r.index, r.start, r.end, r.text)) for r in rs])
        else:
            r = rs[0]
            ev = ((r.text, r.extra),)
            ms = (mk(Mention, (r.field, r.index, r.start, r.end, r.text)),)
        out_countries.append(
            ent("country", "country:" + iso, cnames.get(iso, iso), (), ms, iso, ev)
        )
    out_orgs = []
    for o in orgs:
        rs = o.raws
        if not rs:
            continue
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
        surfaces = list(dict.fromkeys([r.text for r in rs]))
        if len(surfaces) == 1:
            name = _org_name_s(surfaces[0])
        else:
            forms = list(dict.fromkeys([_org_name_s(x) for x in surfaces]))
            name = max(forms, key=_org_fullness)
        aliases = tuple([x for x in surfaces if x != name])
        out_orgs.append(
            ent(
                "org",
                "org:" + o.key,
                name,
                aliases,
                tuple([mk(Mention, (r.field, r.index, r.start, r.end, r.text)) for r in rs]),
            )
        )
    out_places = []
    for (name, iso), rs in places.items():
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
            surfaces = tuple([x for x in dict.fromkeys([r.text for r in rs]) if x != name])
            ms = tuple([mk(Mention, (r.field, r.index, r.start, r.end, r.text)) for r in rs])
        else:
            r = rs[0]
            surfaces = () if r.text == name else (r.text,)
            ms = (mk(Mention, (r.field, r.index, r.start, r.end, r.text)),)
        out_places.append(ent("place", _place_key(name, iso), name, surfaces, ms, iso))
    return ArticleEntities(
        tuple(out_people), tuple(out_countries), tuple(out_orgs), tuple(out_places)
    )
