"""Recognisers for page furniture and structural lines in scraped news dumps.

Each function looks at one stripped, non-blank line. They are ordered for speed:
cheap length and prefix checks come before any regular expression, because the
parser calls them on every line.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: NYT's closing "A version of this article appears in print on …, Section A, Page 6 …".
PRINT_LINE = "A version of this article appears in print"
PAYWALL_PREFIXES = (
    "You have been granted access",
    "You’ve been granted access",  # the contraction, curly or straight apostrophe
    "You've been granted access",
    "Thank you for your patience while we verify access",
)

#: Exact furniture lines (casefolded) and the reason recorded in ``dropped``.
_EXACT: dict[str, str] = {
    "advertisement": "advertisement",
    "skip advertisement": "advertisement",
    "supported by": "furniture",
    "share full article": "furniture",
    "share": "furniture",
    "save": "furniture",
    "give this article": "furniture",
    "read in app": "furniture",
    "continue reading the main story": "furniture",
    "site index": "furniture",
    "go to home page": "furniture",
    "image": "furniture",
    "video": "furniture",
    "leer en español": "furniture",
    "read in english": "furniture",
    "lire en français": "furniture",
    "ler em português": "furniture",
    "related content": "related",
    "related coverage": "related",
    "more coverage": "related",
}
_EXACT_MAX = max(map(len, _EXACT))
_PREFIX_FIRST = frozenset("AELlRrSsTY")
#: A line longer than EXACT_MAX whose first character is not in PREFIX_FIRST is
#: never furniture (the parser's memo uses this to skip the call).
EXACT_MAX, PREFIX_FIRST = _EXACT_MAX, _PREFIX_FIRST
_PREFIX_RE = re.compile(
    r"^(?:(?P<listen>Listen to this article\b.{0,60}"
    r"|Listen\s*[·•|-]\s*\d{1,2}:\d{2}\s*min\b.{0,20})"
    r"|(?P<readmore>Read more about\b.{0,200})"
    r"|(?P<seemore>See more on:.{0,200})"
    r"|(?P<print>A version of this article appears in print\b.{0,400})"
    r"|(?P<explore>Explore (?:Our|More) Coverage\b.{0,120})"
    r"|(?P<skip>Skip to (?:content|site index|main content)))$",
    re.IGNORECASE,
)
_PROMO_RE = re.compile(
    r"^(?:Want to stay updated|Sign up for|Subscribe to|Get our|Want more|Follow our)\b"
    r".*\b(?:newsletter|inbox|sign up|updates|coverage)\b",
    re.IGNORECASE,
)
#: Opinion pages' closing boilerplate: the letters invitation and the social-media line.
_OPINION_PROMO_RE = re.compile(
    r"^(?:The [A-Z][\w.]*(?: [A-Z][\w.]*){0,4} is committed to publishing a diversity of letters\b"
    r"|Follow (?:the|our|us)\b.{0,80}"
    r"\bon (?:Facebook|Instagram|Threads|TikTok|Bluesky|WhatsApp|X)\b)"
)
LEADING_ARTIFACT = re.compile(r"^[.·•]\s+(?=\S)")
_TIME_RE = re.compile(
    r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?,? )?"
    r"\d{1,2}:\d{2}\s?(?:a\.m\.|p\.m\.|am|pm|AM|PM)(?:\s+[A-Z]{2,4})?$"
)
_CONTRIB_TAIL_RE = re.compile(
    r"contributed(?: additional)?(?: reporting| research| reporting and research"
    r"| to this (?:report|article))?"
    r"(?:\s+(?:from|in)\s+.+)?\.?$",
    re.IGNORECASE,
)
_CONTRIB_BY_RE = re.compile(
    r"^(?:Additional )?(?:reporting|research|reporting and research)\s+(?:was\s+)?"
    r"(?:contributed\s+)?by\s+(?P<names>.+?)\.?$",
    re.IGNORECASE,
)
CONTRIB_PREFIXES = ("Reporting", "Research", "Additional", "reporting", "research")
_SPLIT_NAMES = re.compile(r",?\s+and\s+|;\s*(?:and\s+)?|\s+&\s+")
_PLACE_TAIL = re.compile(r"\s+(?:in|from)\s+.*$")
_REST_SPLIT = re.compile(r",? and |; ")
_PARTICLES = frozenset(
    "de da das do dos du del della di la le van von der den ter ten y e al el bin ibn ben".split()
)
_CONNECTORS = _PARTICLES | {"and", "in", "from", "&"}
_SUFFIXES = frozenset({"Jr.", "Sr.", "II", "III", "IV", "Jr", "Sr"})
_SMALL = frozenset(
    "a an the and or of in on for to at by with from as vs. vs but is are nor per via".split()
)
_KNOWN_KICKERS = frozenset(
    {
        "news analysis",
        "analysis",
        "opinion",
        "live updates",
        "live",
        "fact check",
        "guest essay",
        "editorial",
        "the interview",
        "explainer",
        "what to know",
        "obituary",
        "review",
        "briefing",
        "first person",
        "critic's notebook",
        "critic’s notebook",
        "the big picture",
        "a closer look",
        "letter from washington",
    }
)
_END_PUNCT = frozenset(".,;:!\"”’')»…")


def is_paywall(s: str) -> bool:
    """The "You have been granted access…" line that anchors every article."""
    if s.startswith(PAYWALL_PREFIXES):
        return True
    # ". You have been granted access…": the stray-dot artifact hides no paywall.
    m = LEADING_ARTIFACT.match(s) if s[:1] in ".·•" else None
    return m is not None and s[m.end() :].startswith(PAYWALL_PREFIXES)


def furniture_reason(s: str) -> str | None:
    """Why ``s`` is page furniture (advertisement, listen bar, tail…), or ``None``."""
    n = len(s)
    if n > 220 and not s.startswith(PRINT_LINE):
        return None
    if n <= _EXACT_MAX:
        reason = _EXACT.get(s.casefold())
        if reason is not None:
            return reason
        if not any(map(str.isalnum, s)):
            return "separator"  # "* * *", "—", "###": no words at all
    if s[0] not in _PREFIX_FIRST:
        return None
    if s.startswith(PAYWALL_PREFIXES):
        return "paywall"
    if s[0] in "AE" and not s.startswith(TAIL_STARTS):
        return None
    m = _PREFIX_RE.match(s)
    if m:
        if m.group("listen"):
            return "listen bar"
        return "furniture" if m.group("skip") else "related"
    return None


_TAIL_HEADERS = frozenset(k for k, v in _EXACT.items() if v == "related")


#: Lines after which the rest of a page is its tail, like "Related Content".
TAIL_STARTS = (PRINT_LINE, "Explore Our Coverage", "Explore More Coverage")


def is_tail_header(s: str) -> bool:
    """ "Related Content", the print-edition line, "Explore Our Coverage of …": the
    rest of the page is its tail.
    """
    if len(s) <= _EXACT_MAX:
        return s.casefold() in _TAIL_HEADERS
    return s.startswith(TAIL_STARTS)


def is_furniture(s: str) -> bool:
    return furniture_reason(s) is not None


_CREDIT_LINE_RE = re.compile(
    r"^(?:Photographs|Photos|Photograph|Photography|Photo|Illustrations?|Videos?|Graphics?"
    r"|Maps?|Charts?|Animation|Audio"
    r"|Produced|Design(?:ed)?)(?: and (?:[Tt]ext|[Vv]ideo|[Pp]hotographs|[Rr]eporting))?"
    r" by (?P<names>.+)$"
)


def is_credit_line(s: str) -> bool:
    """ "Photographs by Maren Holt", "Video by A and B": a page's visual credits, not authors."""
    m = _CREDIT_LINE_RE.match(s) if len(s) < 200 else None
    if m is None:
        return False
    names = m.group("names")
    at = names.find(" for ")  # "… for The Harbor Gazette"
    return bool(_byline_names("By " + (names[:at] if at > 0 else names)))


def is_promo(s: str) -> bool:
    """Newsletter promos such as "Want to stay updated on … inbox."."""
    if len(s) >= 300 or s[0] not in "WSGFT":
        return False
    return _PROMO_RE.match(s) is not None or _OPINION_PROMO_RE.match(s) is not None


def is_time_line(s: str) -> bool:
    """Live-blog update times: "9:42 a.m. ET", "Feb. 14, 9:42 a.m. ET"."""
    return len(s) < 40 and ":" in s and _TIME_RE.match(s) is not None


def credit_index(s: str) -> int | None:
    """Offset of a photo credit marker ("Credit...") in ``s``, or ``None``."""
    if "Credit" not in s:
        return None  # the common case, one scan
    for marker in ("Credit...", "Credit…"):
        at = s.find(marker)
        if at != -1 and len(s) > at + len(marker):
            return at
    if s.startswith("Credit:") and _is_colon_credit(s):
        return 0
    return None


def _is_colon_credit(s: str) -> bool:
    """ "Credit: Lena Voss for The Times": a whole line naming who took the photo.

    Only at the start of a line, short, the name capitalised and no sentence end
    (a "Jr." aside), so "Credit: the bank lent more." stays prose.
    """
    rest = s[7:].strip()
    return (
        bool(rest)
        and len(s) <= 120
        and rest[0].isupper()
        and (s[-1] not in ".!?" or s.endswith((" Jr.", " Sr.")))
    )


def credit_name(s: str) -> str:
    """ "Credit...Jane Doe for The Times" -> "Jane Doe for The Times"."""
    for marker in ("Credit...", "Credit…", "Credit:"):
        if s.startswith(marker):
            return s[len(marker) :].strip()
    return s.strip()


def is_name(text: str) -> bool:
    """A personal (or agency) name as it appears in bylines: capitalised tokens."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 7:
        return False
    capitals = 0
    for tok in tokens:
        if tok in _SUFFIXES:
            continue
        if tok.casefold() in _PARTICLES:
            continue
        if not tok[0].isupper() and not _lower_name_part(tok):
            return False
        if not tok.isalpha() and not all(ch.isalpha() or ch in ".-'’" for ch in tok):
            return False
        capitals += 1
    return capitals >= 1


def _split_names(text: str) -> list[str]:
    """ "A in Kyiv, Ukraine, B and C" -> ["A", "B", "C"] (places dropped).

    A single-word comma piece right after a located name is the rest of that place
    ("Tromsø, Norway", "Washington, D.C."), not a person. Each regular expression is
    skipped when the literal text it needs is absent ("and"/";"/"&" to split,
    "in"/"from" for a place): same result, far cheaper.
    """
    text = text.strip()
    if text.endswith(".") and not text.endswith((" Jr.", " Sr.", ",Jr.")):
        text = text.rstrip(".")  # a full stop, not "Jr."'s period
    needs_split = "and" in text or ";" in text or "&" in text
    pieces = _SPLIT_NAMES.split(text) if needs_split else [text]
    names: list[str] = []
    after_place = False
    for piece in pieces:
        for part in piece.split(",") if "," in piece else (piece,):
            part = part.strip()
            if not part:
                continue
            located = _PLACE_TAIL.search(part) if " in " in part or " from " in part else None
            if located:
                names.append(part[: located.start()].strip())
                after_place = True
            elif after_place and " " not in part:
                continue  # "…in Tromsø, Norway": the country of the place before
            else:
                names.append(part)
                after_place = False
    return names


def _lower_name_part(tok: str) -> bool:
    """A lowercase name token: "ur-Rehman", "al-Sisi" (a particle joined by a hyphen),
    "d’Estaing" (by an apostrophe), "de’" / "dell’" (an elided particle).
    """
    if tok.rstrip("’'") in _PARTICLES or tok in ("d’", "d'", "dell’", "dell'"):
        return True
    return any(sep in tok and tok.rpartition(sep)[2][:1].isupper() for sep in "-’'")


def _names_only(text: str) -> bool:
    """Quick reject: every lowercase word must be a connector or a name particle."""
    return all(w[0].isupper() or w in _CONNECTORS or _lower_name_part(w) for w in text.split())


def parse_byline(s: str) -> list[str]:
    """``"By A, B and C"`` -> ["A", "B", "C"]; ``[]`` when the line is prose."""
    return list(_byline_names(s))


@lru_cache(maxsize=4096)
def _byline_names(s: str) -> tuple[str, ...]:
    """:func:`parse_byline`, memoised: the same reporters sign many articles."""
    if len(s) > 200 or not _names_only(s[3:]):
        return ()
    names = _split_names(s[3:])
    return tuple(names) if names and all(is_name(n) for n in names) else ()


def parse_contributors(s: str) -> list[str]:
    """ "A in Kyiv and B contributed reporting." -> ["A", "B"]; ``[]`` if not such a line."""
    return list(_contributor_names(s))


#: Where a credit line with two clauses splits: "A contributed reporting, and B
#: contributed research." / "A contributed reporting. B contributed research."
_CLAUSE_SPLIT = re.compile(r"(?:(?<=reporting)|(?<=research))[.,]?\s+(?:and\s+)?(?=[A-Z])")


@lru_cache(maxsize=4096)
def _contributor_names(s: str) -> tuple[str, ...]:
    """:func:`parse_contributors`, memoised (contributor lines repeat too)."""
    if len(s) >= 400:
        return ()
    if s.count(" contributed") > 1:
        clauses = _CLAUSE_SPLIT.split(s)
        if len(clauses) > 1:
            groups = [_contributor_names(c) for c in clauses]
            return tuple(n for group in groups for n in group) if all(groups) else ()
    at = s.find(" contributed")
    more: list[str] = []
    if at > 0 and _names_only(s[:at]) and _CONTRIB_TAIL_RE.match(s, at + 1):
        names_part = s[:at]
        # "A contributed reporting from Delhi, and B from Karachi, Pakistan.": the
        # pieces after the first place that name a place of their own are people too.
        place = _PLACE_AT.search(s, at)
        if place and (" and " in s or "; " in s):
            for piece in _REST_SPLIT.split(s[place.end() :].rstrip("."))[1:]:
                located = _PLACE_TAIL.search(piece)
                if located and is_name(name := piece[: located.start()].strip()):
                    more.append(name)
    elif s.startswith(CONTRIB_PREFIXES) and (m := _CONTRIB_BY_RE.match(s)):
        names_part = m.group("names")
        if s.endswith((" Jr.", " Sr.")):
            names_part += "."  # the regular expression took "Jr."'s period for a full stop
    else:
        return ()
    names = _split_names(names_part)
    return (*names, *more) if names and all(is_name(n) for n in names) else ()


_PLACE_AT = re.compile(r"\s(?:from|in)\s")


_REPORTED_RE = re.compile(r"^(?P<first>[^,]+?) reported (?:from|in) (?P<rest>.+?)\.?$")


def parse_reported(s: str) -> list[str]:
    """ "A reported from Paris, and B from Rome." -> ["A", "B"]; ``[]`` if not such a line.

    The reporters' credit some pages end with instead of "… contributed reporting."
    """
    if len(s) >= 300 or " reported " not in s:
        return []
    m = _REPORTED_RE.match(s)
    if not m or not _names_only(m.group("first")):
        return []
    names = _split_names(m.group("first"))
    for piece in _REST_SPLIT.split(m.group("rest"))[1:]:
        located = _PLACE_TAIL.search(piece)
        if not located:
            return []  # "… and more" after the place: a sentence, not a credit
        names.append(piece[: located.start()].strip())
    return names if names and all(is_name(n) for n in names) else []


def looks_like_kicker(s: str) -> bool:
    """A short label line ("News Analysis", "The Interpreter") on its own."""
    return len(s) <= 40 and len(s.split()) <= 5 and s[0].isupper() and s[-1] not in _END_PUNCT


#: Byline, dateline, date and link lines start so.
META_STARTS = ("By ", "Reporting from ", "Published ", "Updated ", "http")


def looks_like_kicker_between(s: str) -> bool:
    """A kicker line sitting between the paywall and the repeated headline.

    There, any short label counts ("Russia-Ukraine War: Live Updates and Analysis"),
    just not a byline, dateline, date or link line, nor a sentence.
    """
    return (
        len(s) <= 80
        and (s[0].isupper() or s[0].isdigit())
        and s[-1] not in _END_PUNCT
        and len(s.split()) <= 12
        and not s.startswith(META_STARTS)
    )


def is_known_kicker(s: str) -> bool:
    return s.casefold() in _KNOWN_KICKERS


def looks_like_subhead(s: str) -> bool:
    """Short title-case lines inside a body ("What Comes Next")."""
    if len(s) > 70 or not s[0].isupper() or s[-1] in _END_PUNCT:
        return False
    words = s.split()
    if len(words) > 9:
        return False
    content = [w for w in words[1:] if w.casefold() not in _SMALL]
    if not content:
        return len(words) <= 3 and s[-1] != "?"  # "Why?" is a one-word paragraph
    capped = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capped / len(content) >= 0.6
