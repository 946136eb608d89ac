"""Where articles begin in a dump: the lines worth a close look, paywall-anchored
headlines, and headlines repeated without a paywall line."""

from __future__ import annotations

from datetime import datetime

from parsers.dump import furniture as F
from parsers.dump.document import _PROMO_FIRST, _PROSE_END, _Doc, _norm, _previous_nonblank


def _find_specials(lines: list[str]) -> list[int]:
    """Indexes of the non-blank lines that need a close look ("specials").

    Every other non-blank line is plain prose: long, ending like a sentence, with
    no prefix or marker any recogniser looks for. One comprehension over all
    lines, cheapest tests first; ``s[:3] in _SLOW_HEADS`` only pre-screens the
    ``startswith`` on the prefix list.
    """
    slow, heads, prose_end = _SLOW_PREFIXES, _SLOW_HEADS, _PROSE_END
    # A line ending in a header digit never ends in prose punctuation, so
    # ``s[-1] not in prose_end`` also keeps every dump header.
    return [
        i
        for i, s in enumerate(lines)
        if s
        and (
            len(s) <= 70
            or s[-1] not in prose_end
            or s[0] in ".·•"
            or (s[:3] in heads and s.startswith(slow))
            or "Credit" in s
            or "contributed" in s
        )
    ]


def _article_starts(
    doc: _Doc, headers: dict[int, tuple[str, datetime]], paywalls: list[int]
) -> set[int]:
    """Line indexes where articles begin (their headline, or leading furniture)."""
    lines, furniture = doc.lines, doc.furniture
    starts: set[int] = set()
    titles = doc.titles
    last_title = ""
    last_paywall = -1
    for p in paywalls:
        j = p - 1
        while j > last_paywall and (not lines[j] or furniture[lines[j]] is not None):
            j -= 1
        if j == last_paywall >= 0:
            last_paywall = p  # a second paywall line right after the first: the same page
            continue
        if j <= last_paywall or j in headers or not _can_be_headline(doc, j, p):
            start = p  # paywall with no headline before it: the article starts here
            title = ""
        else:
            title = lines[j]
            # (_norm only when the raw texts could match: it is the costly part.)
            if (
                last_title
                and abs(len(title) - len(last_title)) < 8
                and (title == last_title or _norm(title) == _norm(last_title))
                and not _body_between(doc, last_paywall + 1, j, _norm(title))
            ):
                last_paywall = p  # a repeated paywall inside the same article head
                continue
            start = j
            titles.add(j)
        # Furniture right above the headline ("Advertisement", "Supported by") belongs to it.
        k = start - 1
        while k > last_paywall and k not in headers and (not lines[k] or _leads(doc, lines[k])):
            k -= 1
        k += 1
        while k < start and not lines[k]:
            k += 1
        starts.add(k)
        last_title = title
        last_paywall = p
    return starts


def _can_be_headline(doc: _Doc, j: int, p: int) -> bool:
    """Whether lines[j], the last text line above the paywall at ``p``, is its headline.

    It is when the page repeats it after the paywall. Otherwise a contributor line,
    or a sentence (long, or followed after the paywall by a headline-shaped line), is
    the end of the previous article: this page was scraped without its headline.
    """
    lines, furniture = doc.lines, doc.furniture
    s = lines[j]
    if (
        s[-1] not in _SENTENCE_END
        and "contributed" not in s
        and len(s) <= 120
        and not s.startswith(F.CONTRIB_PREFIXES)
    ):
        return True  # the common case: a headline-shaped line
    norm = None
    after: list[str] = []  # the first text lines after the paywall
    i, n = p + 1, len(lines)
    while i < n and len(after) < 4 and i < p + 12:
        t = lines[i]
        i += 1
        if not t or furniture[t] is not None:
            continue
        if t == s or _norm(t) == (norm := norm or _norm(s)):
            return True
        if not (t[0] in _PROMO_FIRST and F.is_promo(t)) and not F.is_known_kicker(t):
            after.append(t)
    if ("contributed" in s or s.startswith(F.CONTRIB_PREFIXES)) and F.parse_contributors(s):
        return False
    if s[-1] in _SENTENCE_END:
        if len(s) > 120:
            return False
        if after and len(after[0]) <= 150 and after[0][-1] not in _PROSE_END:
            return False
    return True


#: How a sentence (a paragraph's last line) ends; a headline rarely does.
_SENTENCE_END = frozenset(".!\"”’')")


def _body_between(doc: _Doc, begin: int, end: int, title_norm: str) -> bool:
    """Whether lines[begin:end] hold body text, not just an article head.

    Two articles may share a headline ("Corrections"); the second paywall starts a
    new article when any line since the first is more than furniture, a kicker or
    the headline itself.
    """
    lines, furniture = doc.lines, doc.furniture
    for i in range(begin, end):
        s = lines[i]
        if s and furniture[s] is None and not F.looks_like_kicker(s) and _norm(s) != title_norm:
            return True
    return False


def _leads(doc: _Doc, s: str) -> bool:
    """Furniture that sits above a headline ("Advertisement"), not a previous article's tail."""
    reason = doc.furniture[s]
    return reason is not None and reason != "related"


def _repeat_starts(
    doc: _Doc, headers: dict[int, tuple[str, datetime]], starts: set[int], paywalled: bool
) -> set[int]:
    """Articles without a paywall line: a headline repeated within the next few lines.

    ("Headline", optional kicker, "Headline" again) is how every page of the family
    opens, so it anchors an article even when the paywall line is missing. The line
    must be headline-shaped (not a byline, credit, time, contributor or kicker line).
    In a dump that has paywall lines, two adjacent copies with nothing between them
    are a subhead scraped twice, never a new article: a kicker or furniture line must
    separate them.
    """
    lines, furniture = doc.lines, doc.furniture
    found: set[int] = set()
    n = len(lines)
    titles = doc.titles
    for i in _repeated_later(lines, doc.specials):
        if i in titles:
            continue  # already the headline of a paywalled article
        s = lines[i]
        if len(s) > 250 or s[-1] in _PROSE_END or i in headers or furniture[s] is not None:
            continue
        if not _headline_shaped(s):
            continue
        seen = 0
        between = 0  # kicker and furniture lines between the two copies
        j = i + 1
        while j < n and seen < 3:
            t = lines[j]
            if t:
                if j in headers or j in starts or F.is_paywall(t):
                    break
                if t == s:
                    # Unless it follows a time line: a live-blog update heading
                    # scraped twice, not a new page.
                    if (between or not paywalled) and not F.is_time_line(
                        lines[_previous_nonblank(lines, i + 1) - 1]
                    ):
                        found.add(i)
                    break
                between += 1
                if furniture[t] is None:
                    if not F.looks_like_kicker(t):
                        break
                    seen += 1
            j += 1
    # Keep only anchors that are not the repeated headline of an article just found.
    result: set[int] = set()
    for i in sorted(found):
        near = range(max(0, i - 11), i)
        if any((k in result or k in starts) and lines[k] == lines[i] for k in near):
            continue
        result.add(i)
    return result


def _headline_shaped(s: str) -> bool:
    """Not a byline, dateline, date, link, credit, time, contributor or kicker line."""
    return not (
        s.startswith(F.META_STARTS)
        or ("Credit" in s and F.credit_index(s) is not None)
        or F.is_time_line(s)
        or F.is_known_kicker(s)
        or (("contributed" in s or s.startswith(F.CONTRIB_PREFIXES)) and F.parse_contributors(s))
    )


def _repeated_later(lines: list[str], specials: list[int]) -> list[int]:
    """The special lines whose exact text comes back in a later line, in order.

    Only those can be a repeated headline. Whether a line is special depends on
    its text alone, so the repeat is itself among ``specials``.
    """
    seen: set[str] = set()
    repeated: list[int] = []
    for i in reversed(specials):
        s = lines[i]
        if s in seen:
            repeated.append(i)
        else:
            seen.add(s)
    repeated.reverse()
    return repeated


_SLOW_PREFIXES = (
    "By ",
    "Reporting",
    "Research",
    "Additional",
    "Published",
    "Updated",
    "http",
    "Listen",
    "A version of this article",
    "Read more",
    "See more",
    "Skip",
    "Want",
    "Sign up",
    "Subscribe",
    "Get our",
    "Follow our",
    "You have been",
    "You’ve been",
    "You've been",
    "Thank you for",
)


#: First three characters of every slow prefix: a cheap pre-screen for ``startswith``.
_SLOW_HEADS = frozenset(p[:3] for p in _SLOW_PREFIXES)
