"""Small pure helpers on surface text: possessives, acronyms, sentence starts, the word
before a mention, title case. No state, no gazetteer."""

from __future__ import annotations

from collections.abc import Iterable

from parsers.entities.patterns import CONTRIB_RE

POSS_ENDS = ("’s", "'s", "s’", "s'")  # ``strip_poss(x)[1]``


def is_contributor_line(text: str) -> bool:
    """ "X contributed reporting." and the like (cheap substring test first)."""
    # every alternative of CONTRIB_RE holds one of these three (case aside)
    low = text.lower()
    if not ("contribut" in low or "report" in low or "this article" in low):
        return False
    # narrower, before the slow regex (it tries every offset, case-insensitively): what its
    # alternatives hold, unless a letter only it reads as "i" or "s" ("ı", "ſ", "İ")
    return (
        "contribut" in low
        or "reported from" in low
        or "this article" in low
        or "this report" in low
        or "ı" in low
        or "ſ" in low
        or "\u0307" in low
    ) and CONTRIB_RE.search(text) is not None


def strip_poss(s: str) -> tuple[str, bool]:
    """``s`` without a trailing possessive, and whether it had one."""
    if s.endswith(("’s", "'s")):
        return s[:-2], True
    if s.endswith(("s’", "s'")):
        return s[:-1], True
    return s, False


def poss_len(s: str) -> int:
    """How many trailing characters of ``s`` are a possessive (0, 1 for "s’", 2 for "’s")."""
    if s.endswith(("’s", "'s")):
        return 2
    if s.endswith(("s’", "s'")):
        return 1
    return 0


def name_start(text: str, first: str) -> int:
    """Where a person's name begins in its mention's surface: past any title or honorific
    before ``first``, the name's first word ("President Boris Yeltsin" -> 10)."""
    if not first or text.startswith(first):
        return 0
    i = text.find(" " + first)
    if i < 0:
        i = text.casefold().find(" " + first.casefold())
    return i + 1 if i >= 0 else 0


def upper_line(text: str) -> bool:
    """Is ``text`` written in capitals (a wire headline, a dateline "MOSCOW 1996-10-17")?

    No lower-case letter (``str.isupper``, one C call: this runs on every block) and a
    word of four letters or more."""
    return text.isupper() and any(len(w) >= 4 and w.isalpha() for w in text.split())


def is_acronym(tok: str) -> bool:
    """Two or more capitals (dots, hyphens and "&" aside), not all digits."""
    letters = tok.replace(".", "").replace("-", "").replace("&", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalnum() and not letters.isdigit()


def sentence_initial(text: str, start: int) -> bool:
    """Is ``start`` the first word of a sentence (only spaces after an opener)?"""
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


def prev_word(text: str, start: int) -> str:
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


def is_titlecase(text: str) -> bool:
    """Do most words of four letters or more start with a capital (a headline)?"""
    words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.7


def initials(words: Iterable[str]) -> str:
    """The capital initials of ``words`` ("The" left out)."""
    return "".join(w[0] for w in words if w and w[0].isupper() and w not in ("The",))


def rank_roles(found: list[str]) -> tuple[str, ...]:
    """Roles most frequent first (then first seen), one per spelling ignoring case (a
    mixed-case spelling over one in capitals)."""
    seen: dict[str, list] = {}  # casefolded -> [count, first position, spelling]
    for i, x in enumerate(found):
        c = seen.get(k := x.casefold())
        if c is None:
            seen[k] = [1, i, x]
        else:
            c[0] += 1
            if c[2].isupper() and not x.isupper():
                c[2] = x
    return tuple(c[2] for c in sorted(seen.values(), key=lambda c: (-c[0], c[1])))
