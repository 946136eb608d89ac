"""Regular expressions of the extraction rules, compiled once at import.

* the *chunk* regex (``CHUNK_RE``): runs of capitalised tokens joined by single spaces and
  lowercase connectors ("of", "for the", "de la", ...), with an optional possessive;
* token regexes (``PART_RE``, ``WORD_RE``, ``TITLE_TOKEN_RE``) that cut a chunk or a headline;
* cue regexes that read the words around a mention (appositives, "said", "based in", ...).

The word lists that some patterns are built from are in :mod:`parsers.entities.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from parsers.entities.lexicon import ABBREVIATIONS, POSSESSIVE_PLURALS, SKIP_WORDS

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
NPOSS = (
    "(?=['’])(?:"
    + "|".join(rf"(?<={w})" for w in POSSESSIVE_PLURALS)
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

# The first token is spelled out so that the pattern starts with a character
# class: the regex engine can then skip ahead to capitals (~20 MB/s).
_FIRST_TAIL = "|".join(
    rf"(?<={a[0]}){a[1:]}\." for a in sorted(ABBREVIATIONS, key=len, reverse=True)
)
FIRST_TOK = (
    rf"{UP}(?<![\w’'.].)(?:{_FIRST_TAIL}|\.(?:{UP}\.)+(?:-{W}+)*|\.(?=[ \u00a0]{UP})"
    rf"|{W}*{AMP}(?:['’]{UP}{W}+)?(?:-{W}+)*(?:{NPOSS})?)"
)
# Sentence-opening function words that are a chunk on their own ("The", "But",
# "It’s") are skipped inside the regex engine: a quarter of all chunks, no entity.


def _skip_alternation(words: Sequence[str]) -> str:
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


_SKIP = _skip_alternation(SKIP_WORDS)

_SKIP_RE_PART = rf"(?!(?:{_SKIP})(?![\w’'.-])(?![ \u00a0](?:{UP}|{CONN}[ \u00a0])))"


# Guards: cheap necessary conditions put in front of long alternations, so that
# the regex engine gives up on them in one step (same matches, ~30% faster).
def _guard_abbr_tails(abbrs: Sequence[str]) -> str:
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


_G_FIRST_TAIL = _guard_abbr_tails(ABBREVIATIONS)
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


PERSON_FOLLOW_RE = re.compile(
    r"[ \u00a0]+(?:administration|government|campaign|presidency|era|White House|"
    r"family|camp|allies|loyalists|doctrine)\b"
)
# "the Trump administration", "the Bush presidency": a person even if a common word
ADMIN_FOLLOW_RE = re.compile(r"[ \u00a0]+(?:administration|presidency)\b")

COORD_TAIL_RE = re.compile(rf"((?:{UP}[\w’'.-]*[ \u00a0,]+)+)(?:and|or)[ \u00a0]+$")

LAST_WORD_RE = re.compile(r"([a-z]+)[”\"’']?[ \u00a0]+in[ \u00a0]+$")

NONPERSON_FOLLOW_RE = re.compile(
    r"[ \u00a0]+(?:crossing|border|region|province|state|district|county|airport|square|street|"
    r"avenue|bridge|river|valley|camp|base|port|oblast|neighborhood|mountains?|peninsula|"
    r"strait|canal|sea|dam|plant|reactor|prison|stadium|accords?|agreement|treaty|summit|"
    r"doctrine|corridor|pipeline|field|island|islands|coast|desert|forest|park)\b"
)
# AP-style US state abbreviations that are also words or names ("Mo.", "Pa.", "Ore."):

CAMEL_RE = re.compile(r"[A-Z][a-z]+[A-Z]")

CAPS_CAMEL_RE = re.compile(r"[A-Z]{2,}[a-z]{2}")

APPOS_RE = re.compile(
    r",[ \u00a0]+(?:a|an|the|then|now|who|whose|its|his|her|their|another)[ \u00a0]+([^,.;]{0,80})"
)
# "said Nissan would close": the subject of reported speech, not a speaker after "said"
CLAUSE_VERB_RE = re.compile(
    r"[ \u00a0]+(?:would|will|could|should|might|may|must|can|had|has|have|was|is|were|"
    r"planned|plans|expected|expects|intended|intends)\b"
)
SAID_AFTER_RE = re.compile(
    r"[ \u00a0]+(?:said|says|told|wrote|added|asked|argued|noted|explained)\b"
)


WHO_RE = re.compile(r",[ \u00a0]+who(?:se)?[ \u00a0]")
# ", Colombia’s largest carrier", ", China's biggest shipping line"
POSS_APPOS_RE = re.compile(
    rf",[ \u00a0]+{UP}[\w.-]*(?:[ \u00a0]{UP}[\w.-]*){{0,2}}['’]s[ \u00a0]+([^,.;“”\"]{{0,60}})"
)


ORG_AT_RE = re.compile(
    r"\b(?:economists?|analysts?|executives?|strategists?|researchers?|engineers?|employees?|"
    r"shareholders?|investors?|traders?|bankers?|lawyers?|scientists?|managers?|partners?|"
    r"fellows?|professors?|lecturers?) (?:at|from) $",
    re.I,
)
POLL_AFTER_RE = re.compile(r" (?:poll|polls|survey|surveys)\b")
# "Likud party", "the IG Metall union"
ORG_AFTER_RE = re.compile(r" (?:party|movement|militia|coalition|alliance|union)\b")
# cues that the capitalised words right after are an organisation (checked on mentions
# the chunk rules were unsure of): a role held *at* or *of* a body ("the head of
# global commodity strategy at X", "the founder of X", "a spokeswoman for X"),
# ownership ("majority-owned by X", "a platform run by X"), a post "on X", and a
# kind-of-organisation noun right before the name ("the oil company X", "the
# pro-government channel X")
ORG_ROLE_BEFORE_RE = re.compile(
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
ORG_NOUN_BEFORE_RE = re.compile(r"\b(?:[Tt]he|[Aa]n?)(?: [a-z-]+){0,2} [a-z]+ $")
ROLE_TAILS = (" at ", " of ", " for ", " by ", " in ", " on ")
ORG_FOLLOW_RE = re.compile(
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


ORG_ON_RE = re.compile(
    r"\b(?:posts?|posted|wrote|writing|statement|message|video|said|says|announced) on $"
)


ORG_KIND_BEFORE_RE = re.compile(  # "companies including Iluka Resources and ..."
    r"\b(?:companies|firms|banks|lenders|insurers|carmakers|automakers|chipmakers|airlines|"
    r"retailers|groups|parties|brands|startups|gangs|cartels|militias|unions|miners|producers|"
    r"suppliers|manufacturers|broadcasters|sponsors)"
    r",? (?:including|such as|like) $"
    # "Mr. Nielsen's coalition, which includes Inuit Ataqatigiit and Siumut"
    r"|\b(?:coalition|alliance|bloc)(?:,? which)? (?:includes|included) $"
)
PLACE_BEFORE_RE = re.compile(
    r"\b(?:based in|the (?:town|city|village|port|region|province|state|district) of) $"
)
# "the enrichment site at Fordo", "the border crossing at Attari"
SITE_AT_RE = re.compile(
    r"\b(?:site|plant|facility|base|crossing|checkpoint|mine|refinery|complex|camp|airfield|"
    r"airport|port|factory|terminal|smelter) (?:at|in|near) $"
)
PLACE_APPOS_RE = re.compile(
    r",[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:(?:small|large|remote|coastal|fishing|border|"
    r"mountain|port|frontier|northern|southern|eastern|western|central)[ \u00a0]+)*"
    r"(?:town|city|village|port|region|province|district|county|island)\b"
    # "Nakhchivan, an Azerbaijani exclave bordering ...": any one adjective, then a
    # territory word that ends the noun phrase
    r"|,[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+)?"
    r"(?:exclave|enclave|territory|suburb|municipality|oblast|prefecture|governorate)"
    r"(?=[,.;]|[ \u00a0]+(?:of|in|on|near|bordering|that|which|where|with|whose)\b)"
)
PLACE_AFTER_RE = re.compile(
    r" (?:province|state|region|district|county|prefecture|governorate|oblast)\b"
    # "the Atacama salt flats", "the Karoo desert": a geographic noun after the name
    r"| (?:salt flats?|desert|steppe|highlands|lowlands|plateau|peninsula|delta)\b"
)
COORD = (", ", " and ", " or ", " & ", " and the ", " or the ")
# "X said it would ...", "X said in a statement that it had ...": a body, not a person
# (not "said it would be", "said it had been": the "it" of the weather)
IT_SAID_RE = re.compile(
    r"[ \u00a0]+(?:said|says|announced)(?: on [A-Z][a-z]+| in a statement| last [a-z]+)?,?"
    r"(?: that)? (?:it (?:would|will|had|has|plans|planned|intends|expects|could|might|"
    r"is planning|was planning)[ \u00a0](?!be\b|been\b|take\b|cost\b|not\b|make\b)|its )"
)
CAP_OPENER_RE = re.compile(rf"(?:^|[.!?:;“\"(][ \u00a0]*){UP}[\w’'-]*[ \u00a0]$")
ITS_ROLE_RE = re.compile(
    r"\bits (?:chief executive|chairman|chairwoman|founder|board|shares|stock|executives|"
    r"employees|customers|subscribers|shareholders|headquarters|subsidiary|parent company)\b"
)
ITS_NEXT_RE = re.compile(
    r"Its (?:president|chief executive|chairman|chairwoman|founder|owner|board|shares|stock|"
    r"executives|parent company)\b"
)
SENT_END_RE = re.compile(r"[.!?][”\"’']?[ \u00a0]+")

SUBJ_VERB_RE = re.compile(
    r"[ \u00a0]+(?:said|says|announced|opened|closed|reported|plans|planned|declined|agreed|"
    r"warned|sued|filed|expects|expected|posted|signed|launched|acquired|bought|sold|"
    r"confirmed|denied|imposed|hired|cut|raised)\b"
)


ROLE_BEFORE_RE = re.compile(r"(?:\b(?:the|its|his|her|their)|\w['’]s) ([a-z-]+ ){0,2}([a-z-]+), $")

HYPHEN_ADJ_RE = re.compile(r"-[a-z]+$")  # "Kurdish-led", not "Jamaat-e-Islami"

POSS_BRAND_RE = re.compile(r"(?:^|[ \u00a0(“\"])([A-Z][a-z]+)['’]s[ \u00a0]$")

AIRPORT_RE = re.compile(r"[ \u00a0]+(?:International[ \u00a0]+)?Airport\b")

PROVINCE_AFTER_RE = re.compile(r"[ \u00a0]+(?:province|state)\b")
CUE_TAILS = (
    " at ",
    " from ",
    " including ",
    " as ",
    " like ",
    " includes ",
    " included ",
)  # "such as", "companies like"
# sports results: a town that beats, draws with or loses to another is its club
# ("Lyon beat Nantes 2-1", "lost at home to Lens, 1-0", "Monaco drew with Lille")
_RESULT_VERB = (
    r"(?:beat|beats|defeated|edged|routed|thrashed|drew|tied|lost|held|"
    r"won(?= \d| at| against| away))"
)
RESULT_AFTER_RE = re.compile(  # the opponent follows: "beat Nantes", "lost at home to Lens"
    rf"[ \u00a0]+{_RESULT_VERB}(?:[ \u00a0]+(?:\d{{1,2}}-\d{{1,2}}|with|to|at|home|against|away))*"
    rf"[ \u00a0]+{UP}"
)
RESULT_BEFORE_RE = re.compile(
    r"\b(?:beat|beats|defeated|edged|routed|thrashed|drew with|tied with|lost to|"
    r"lost at home to|held|draw with|won at|won against|away at|against|and) $"
)
# the first words of RESULT_AFTER_RE, for a cheap str.startswith test first
RESULT_AFTER = (
    " beat",
    " defeated",
    " edged",
    " routed",
    " thrashed",
    " drew",
    " tied",
    " lost",
    " held",
    " won",
)
# the last words of RESULT_BEFORE_RE, for a cheap str.endswith test first
RESULT_BEFORE = (
    "beat ",
    "beats ",
    "defeated ",
    "edged ",
    "routed ",
    "thrashed ",
    " with ",
    " to ",
    " held ",
    " at ",
    "against ",
    " and ",
)
SCORE_RE = re.compile(r"\b\d{1,2}-\d{1,2}\b(?! percent| per cent|%)")
# what every SCORE_RE match holds ("\d-\d"), spelled to start with a literal so that the
# engine skips ahead to the hyphens (ten times faster than searching "\d-\d")
SCORE_HINT_RE = re.compile(r"-(?<=\d-)\d")
# "Lyon's coach", "Porto's striker": a club's people
_CLUB_PEOPLE = (
    r"[ \u00a0]+(?:coach|manager|striker|goalkeeper|midfielder|defender|forward|winger|"
    r"captain|squad|fans|supporters|ultras|academy|home ground|stadium)\b"
)
CLUB_POSS_RE = re.compile(rf"['’]s{_CLUB_PEOPLE}")
# is there a CLUB_POSS_RE match anywhere? The same test, spelled to start with a literal
# so that the engine skips ahead to the "s" (half the time of a search for CLUB_POSS_RE)
CLUB_POSS_HINT_RE = re.compile(rf"s(?<=['’]s){_CLUB_PEOPLE}")
# on a page with results: "start against Rennes", "host Lille", "away at Brest"
FIXTURE_BEFORE_RE = re.compile(r"\b(?:against|face|faces|host|hosts|away at|visit|visits) $")
# a lone name a person's words follow: ", who runs ...", "told reporters"
PERSON_LONE_RE = re.compile(
    r"(?:,[ \u00a0]+who(?:se)?[ \u00a0]"
    r"|[ \u00a0]+told (?:reporters|journalists|lawmakers|analysts)\b)"
)


def follow_class(text: str, e: int) -> int:
    """The follow cue a memo entry is keyed by: 1 a person's word ("administration"),
    2 a lone person's words (", who", "told reporters"), else 0."""
    if PERSON_FOLLOW_RE.match(text, e):
        return 1
    return 2 if PERSON_LONE_RE.match(text, e) else 0
