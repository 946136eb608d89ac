"""The dump being parsed: its lines (split and cleaned), their normal form for
comparing headlines, the furniture memo, and walking to the next line that counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.dump import furniture as F

#: Invisible characters scrapes leave in text (byte-order mark, zero-width space,
#: soft hyphen): removed everywhere, so a line holding only these is blank.
_INVISIBLE = ("\ufeff", "\u200b", "\u00ad")


#: No-break spaces become plain spaces ("By\u00a0Ana Lima" is a byline).
_NBSPACES = ("\u00a0", "\u202f")


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or CR; each line stripped of whitespace and invisible characters.

    Byte-order marks, zero-width spaces and soft hyphens are removed and
    no-break spaces read as spaces. Each ``in`` test is one fast scan, so text without
    them (the common case) costs nothing more.
    """
    for ch in _INVISIBLE:
        if ch in text:
            text = text.replace(ch, "")
    for ch in _NBSPACES:
        if ch in text:
            text = text.replace(ch, " ")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return list(map(str.strip, text.split("\n")))


def _norm(s: str) -> str:
    """Comparison form of a headline: casefolded, straight quotes, single spaces.

    Chained ``replace`` calls: several times faster than ``str.translate`` here.
    A leading ". " scraping artifact is ignored.
    """
    if s and s[0] in _ARTIFACT_FIRST:
        s = _strip_artifact(s)
    return " ".join(
        s.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .casefold()
        .split()
    )


_NOT_WORD = re.compile(r"[\W_]+")


def _same_headline(s: str, title: str) -> bool:
    """Whether ``s`` repeats ``title`` with other punctuation ("—" as "-", "…" as "...",
    a final period): the same letters and digits. The fallback after :func:`_norm`.
    """
    return abs(len(s) - len(title)) < 8 and (
        _NOT_WORD.sub("", s.casefold()) == _NOT_WORD.sub("", title.casefold()) != ""
    )


class _FurnitureMemo(dict[str, str | None]):
    """``furniture_reason`` of each distinct line, computed once per parse.

    Furniture lines ("Advertisement", the paywall line, …) repeat in every
    article, and the parser asks about the same line several times; a hit is a
    plain dict lookup.
    """

    def __missing__(self, s: str) -> str | None:
        if len(s) > F.EXACT_MAX and s[0] not in F.PREFIX_FIRST:
            self[s] = None  # furniture_reason's own first test, without the call
            return None
        reason = self[s] = F.furniture_reason(s)
        return reason


def _next_content(doc: _Doc, i: int, end: int) -> int:
    """Index of the next non-blank, non-furniture line at or after ``i`` (or ``end``)."""
    lines, furniture = doc.lines, doc.furniture
    while i < end:
        s = lines[i]
        if s and furniture[s] is None:
            return i
        i += 1
    return end


@dataclass(slots=True)
class _Doc:
    """One dump being parsed: its lines, the special-line indexes, a furniture memo."""

    lines: list[str]
    specials: list[int]
    path: str
    furniture: _FurnitureMemo
    titles: set[int] = field(default_factory=set)  # headline lines found above paywalls
    ids: dict[str, str] = field(default_factory=dict)  # ids given out -> opening text


def _strip_artifact(s: str) -> str:
    """Remove scraping artifacts such as a stray leading ". "."""
    if s[0] not in _ARTIFACT_FIRST:
        return s  # the pattern starts with one of these characters
    m = F.LEADING_ARTIFACT.match(s)
    return s[m.end() :] if m else s


_PROSE_END = frozenset(".,;:!?\"”’')»…")


_ARTIFACT_FIRST = frozenset(".·•")  # first characters F.LEADING_ARTIFACT can match


_PROMO_FIRST = frozenset("WSGF")  # F.is_promo only takes lines starting with these


def _next_prose(doc: _Doc, i: int, end: int) -> int:
    """Index of the next prose paragraph (a long line ending like a sentence), or ``end``.

    Furniture and contributor lines do not count.
    """
    lines, furniture, prose_end = doc.lines, doc.furniture, _PROSE_END
    for j in range(i, end):
        t = lines[j]
        if (
            len(t) > 70
            and t[-1] in prose_end
            and furniture[t] is None
            and not F.parse_contributors(t)
        ):
            return j
    return end


def _previous_nonblank(lines: list[str], lineno: int) -> int:
    """1-based number of the last non-blank line before 1-based ``lineno``."""
    j = lineno - 2
    while j >= 0 and not lines[j]:
        j -= 1
    return j + 1
