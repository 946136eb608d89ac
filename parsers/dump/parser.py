"""Parser for scraped news dumps ("<Source> <timestamp>" headers, paywall-anchored articles).

The parse is lossless: every non-blank input line lands in exactly one field of
one :class:`~parsers.model.Article` (recorded in ``Article.lines``), in the
article's ``dropped`` list, or in :attr:`ParseResult.stray` (dump headers and
furniture outside any article).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from operator import itemgetter

from parsers.dump import furniture as F
from parsers.dump.boundaries import _article_starts, _find_specials, _repeat_starts
from parsers.dump.builder import (
    _Builder,
    _Context,
    _in_head_or_live,
    _live_headings,
    _new,
    _trailing_promos,
    _trailing_reporters,
)
from parsers.dump.dates import (
    HEADER_LAST_CHARS,
    looks_like_published_line,
    parse_bare_date,
    parse_header_time,
    parse_news_date,
    parse_published_line,
    parse_relative_line,
)
from parsers.dump.document import (
    _ARTIFACT_FIRST,
    _PROMO_FIRST,
    _PROSE_END,
    _Doc,
    _FurnitureMemo,
    _next_content,
    _next_prose,
    _norm,
    _previous_nonblank,
    _same_headline,
    _strip_artifact,
    split_lines,
)
from parsers.model import Article, Block, Caption, Dropped
from parsers.perf import paused_gc
from parsers.sanitize import SANITIZED_REASON, Removed

_kind_of = itemgetter(0)  # Block.kind, read at C speed


@dataclass(slots=True)
class ParseResult:
    """Articles of one dump plus the file-level lines (headers, stray furniture)."""

    articles: list[Article] = field(default_factory=list)
    stray: list[Dropped] = field(default_factory=list)


def parse_text(text: str, path: str = "<string>", removed: Sequence[Removed] = ()) -> ParseResult:
    """Parse one dump's text into article records.

    ``text`` comes sanitised from :func:`parsers.files.decode_bytes`, with
    ``removed``, the originals of the lines that held control characters: each
    goes to the ``dropped`` list of the article holding its line (see
    :func:`keep_originals`).
    """
    with paused_gc():
        result = _parse(text, path)
    if removed:
        keep_originals(result, removed)
    return result


def keep_originals(result: ParseResult, removed: Sequence[Removed]) -> None:
    """File each sanitised line's original in the ``dropped`` list of the article it
    belongs to (the last one starting at or before it; the first for lines above
    every article), with reason :data:`~parsers.sanitize.SANITIZED_REASON`. With no
    article at all they go to ``result.stray``. They claim no line: the cleaned line
    is where its claim is.
    """
    arts = result.articles
    if not arts:
        result.stray.extend(Dropped(r.line, r.original, SANITIZED_REASON) for r in removed)
        result.stray.sort()
        return
    order = sorted(range(len(arts)), key=lambda i: arts[i].origin.line)
    starts = [arts[i].origin.line for i in order]
    extra: dict[int, list[Dropped]] = {}
    for r in removed:
        k = order[max(0, bisect_right(starts, r.line) - 1)]
        extra.setdefault(k, []).append(Dropped(r.line, r.original, SANITIZED_REASON))
    for k, more in extra.items():
        arts[k] = replace(arts[k], dropped=tuple(sorted((*arts[k].dropped, *more))))


def _parse(text: str, path: str) -> ParseResult:
    lines = split_lines(text)
    n = len(lines)
    result = ParseResult()
    specials = _find_specials(lines)
    paywalls = [
        i
        for i in specials
        if lines[i].startswith(F.PAYWALL_PREFIXES)
        or (lines[i][0] in _ARTIFACT_FIRST and F.is_paywall(lines[i]))
    ]
    headers: dict[int, tuple[str, datetime]] = {}
    digit_end = _HEADER_END
    for i in specials:
        s = lines[i]
        # Cheap pre-screen: a header ends in a digit, "Z" or a zone name and has a date.
        if (
            s[-1] in digit_end
            and ("-" in s or "/" in s)
            and (h := parse_header_time(s)) is not None
        ):
            headers[i] = h
    doc = _Doc(lines, specials, path, _FurnitureMemo())
    starts = _article_starts(doc, headers, paywalls)
    starts |= _repeat_starts(doc, headers, starts, bool(paywalls))
    if headers:
        _drop_body_headers(lines, headers, starts)
    # Pass 2: regions between boundaries (headers and article starts).
    boundaries = sorted(set(starts) | set(headers))
    ctx = _Context()
    pos = 0
    for b in [*boundaries, n]:
        if pos < b:
            _region(doc, pos, b, ctx, result)
        if b == n:
            break
        if b in headers:
            src, ts = headers[b]
            ctx = _Context(src, ts)
            result.stray.append(Dropped(b + 1, lines[b], "dump header"))
            pos = b + 1
        else:
            pos = b
    if result.articles and text and text[-1] not in "\n\r":
        _cut_at_eof(result, lines)
    return result


#: How a complete paragraph ends; a file that stops after anything else was cut off.
_COMPLETE_END = frozenset(".!?\"”’')»…]")


def _cut_at_eof(result: ParseResult, lines: list[str]) -> None:
    """The file ends mid-paragraph (no final newline, no closing punctuation on the
    last line, which is the last article's last paragraph): that article is truncated.
    """
    last = result.articles[-1]
    blocks = last.blocks
    if last.truncated or not blocks or blocks[-1].kind != "paragraph":
        return
    text, line = blocks[-1].text, blocks[-1].line
    if text[-1] in _COMPLETE_END or line != _previous_nonblank(lines, len(lines) + 1):
        return
    result.articles[-1] = replace(last, truncated=True)


def _drop_body_headers(
    lines: list[str], headers: dict[int, tuple[str, datetime]], starts: set[int]
) -> None:
    """Forget header-shaped lines that sit inside a body ("Filing deadline 2026-01-15").

    A real dump header opens a dump: what follows it is an article's start, another
    header, furniture or the end of the file. A candidate followed directly by a
    prose line (one ending like a sentence) that starts no article is body text.
    """
    n = len(lines)
    prose_end = _PROSE_END
    for h in list(headers):
        j = h + 1
        while j < n and not lines[j]:
            j += 1
        if j < n and j not in starts and j not in headers and lines[j][-1] in prose_end:
            del headers[h]


def _region(doc: _Doc, begin: int, end: int, ctx: _Context, result: ParseResult) -> None:
    """Turn lines[begin:end] into one article, or stray lines if it has no content."""
    lines = doc.lines
    furniture = doc.furniture
    first = _next_content(doc, begin, end)
    if first == end:
        for i in range(begin, end):
            s = lines[i]
            if s:
                result.stray.append(Dropped(i + 1, s, furniture[s] or "stray"))
        return
    art = _Builder(doc.path, ctx)
    head_repeated = False  # the title line is the page's own headline, after the paywall
    i = begin
    # Leading furniture before the headline. After a paywall line, the first text
    # line is the page's own headline: the line above the paywall was not one.
    while i < first:
        s = lines[i]
        if s:
            reason = furniture[s] or "furniture"
            art.drop(i + 1, s, reason)
            if reason == "paywall":
                head_repeated = True
        i += 1
    if head_repeated:
        # Promos and a known kicker ("Opinion") may sit between the paywall and the headline.
        while first < end:
            head = lines[first]
            if head[0] in _PROMO_FIRST and F.is_promo(head):
                art.drop(first + 1, head, "newsletter promo")
            elif not art.kicker and F.is_known_kicker(head):
                art.kicker = head
                art.claim(first + 1, "kicker")
            else:
                break
            first = _next_content(doc, first + 1, end)
            while i < first:
                s = lines[i]
                if s and i + 1 > art.claims[-1][0]:
                    art.drop(i + 1, s, furniture[s] or "furniture")
                i += 1
        if first == end:
            art.title_line = art.claims[0][0]
            result.articles.append(art.build(doc.ids))
            return
    head = lines[first]
    if F.is_paywall(head):
        # No headline before the paywall: the repeated headline after it becomes the title.
        art.drop(first + 1, head, "paywall")
        nxt = _next_content(doc, first + 1, end)
        while nxt < end and lines[nxt][0] in _PROMO_FIRST and F.is_promo(lines[nxt]):
            nxt = _next_content(doc, nxt + 1, end)
        if nxt < end and not F.is_paywall(lines[nxt]):
            first = nxt
            head_repeated = True
            head = lines[first]
            for k in range(art.claims[-1][0], first):
                s = lines[k]
                if s:
                    art.drop(k + 1, s, furniture[s] or "furniture")
        else:
            art.title_line = first + 1
            _body(doc, first + 1, end, art)
            result.articles.append(art.build(doc.ids))
            return
    art.title = _strip_artifact(head)
    art.title_line = first + 1
    art.claim(first + 1, "title")
    _body(doc, first + 1, end, art, head_repeated)
    result.articles.append(art.build(doc.ids))


def _in_bullet_list(lines: list[str], k: int, end: int) -> bool:
    """Line ``k`` starts with "• " (or "· ") and so does a neighbouring text line.

    A lone leading bullet is a scraping artifact like ". "; a run of them is a
    list whose markers are content (as "- " and "1. " already are).
    """
    s = lines[k]
    mark = s[0]
    if mark == "." or len(s) < 2 or not s[1].isspace():
        return False
    for step in (-1, 1):
        j = k + step
        while 0 <= j < end and not lines[j]:
            j += step
        if 0 <= j < end and lines[j][:1] == mark and lines[j][1:2].isspace():
            return True
    return False


_HEADER_END = HEADER_LAST_CHARS


#: First three characters of the lines _meta_line can take.
_META_HEADS = frozenset({"htt", "By ", "Rep", "Pub", "Upd"})


def _body(doc: _Doc, i: int, end: int, art: _Builder, head_repeated: bool = False) -> None:
    """Classify the lines after the headline.

    Runs of plain prose lines (not in ``doc.specials``) become paragraphs in bulk;
    only the few special lines go through the full chain of recognisers.
    """
    lines = doc.lines
    specials = doc.specials
    furniture = doc.furniture
    blocks = art.blocks
    k = bisect_left(specials, i)
    n_specials = len(specials)
    title_norm: str | None = None  # _norm(art.title), computed on first use
    in_head = True
    # After a head-less page's title (the line after the paywall) a dek is expected,
    # and the title may still be repeated once.
    repeat_seen = False
    expect_dek = head_repeated
    in_tail = False
    next_prose = -1  # index of the next prose line, once a "Read more" line asked
    # Furniture is most of the special lines: art.drop inlined for it.
    dropped_append, claims_append = art.dropped.append, art.claims.append
    while i < end:
        if not in_head and not in_tail:
            while k < n_specials and specials[k] < i:
                k += 1
            stop = specials[k] if k < n_specials else end
            if stop > i:
                if stop > end:
                    stop = end
                # Plain prose up to the next special line: paragraphs, in bulk.
                n_blocks = len(blocks)
                blocks += [
                    _new(Block, ("paragraph", t, j))
                    for j, t in enumerate(lines[i:stop], i + 1)
                    if t
                ]
                if len(blocks) > n_blocks:
                    art.n_par += len(blocks) - n_blocks
                    expect_dek = False
                i = stop
                continue
        s = lines[i]
        lineno = i + 1
        i += 1
        if not s:
            continue
        if s[0] in _ARTIFACT_FIRST and not _in_bullet_list(lines, i - 1, end):
            s = _strip_artifact(s)  # ". By Ana Lima" is a byline: recognise the line without it
        reason = furniture[s]
        if reason is not None:
            if reason == "related" and not in_tail:
                # "Related Content", or "Read more about …" links at the end.
                if next_prose < i:
                    next_prose = _next_prose(doc, i, end)
                in_tail = next_prose == end or F.is_tail_header(s)
            dropped_append(_new(Dropped, (lineno, s, reason)))
            claims_append((lineno, "dropped"))
            continue
        if in_tail and not F.parse_contributors(s):
            art.drop(lineno, s, "related")
            continue
        # Page head: repeated headline, kicker, dek.
        if in_head and not repeat_seen:
            if art.title:
                if s != art.title and title_norm is None:
                    title_norm = _norm(art.title)
                if s == art.title or _norm(s) == title_norm or _same_headline(s, art.title):
                    repeat_seen = True
                    expect_dek = True
                    dropped_append(_new(Dropped, (lineno, s, "repeated headline")))
                    claims_append((lineno, "dropped"))
                    continue
            if F.looks_like_kicker_between(s):
                if title_norm is None:
                    title_norm = _norm(art.title)
                # Kicker: short lines between the paywall and the repeated headline
                # ("Opinion", "Guest Essay"), joined with " | ".
                if _kicker_run(doc, i, end, title_norm, art.title) or (
                    not art.kicker and F.is_known_kicker(s)
                ):
                    art.kicker = f"{art.kicker} | {s}" if art.kicker else s
                    art.claim(lineno, "kicker")
                    continue
        if s[:3] in _META_HEADS and _meta_line(art, s, lineno, doc, i, end):
            if s[0] != "h":
                expect_dek = False  # the dek comes before the byline, dateline and dates
            continue
        if (
            not blocks  # nothing in the body yet (a lead photo's caption may have been)
            and len(s) < 40
            and (day := parse_bare_date(s) or _head_timestamp(doc, s, i, end, art))
        ):
            # The page's date on a line of its own ("March 8, 2025"), in the page head.
            art.published = art.published or day
            art.claim(lineno, "published")
            expect_dek = False
            continue
        if "Credit" in s and (credit_at := F.credit_index(s)) is not None:
            _caption(doc, art, s, lineno, credit_at)
            expect_dek = False  # ... and before the lead photo
            if not blocks:
                in_head = True  # the caption took the only block: still the page head
            continue
        if "contributed" in s or s.startswith(F.CONTRIB_PREFIXES):
            names = F.parse_contributors(s)
            if names:
                art.contributors.extend(names)
                art.contributor_lines.append(s)
                art.claim(lineno, "contributors")
                continue
        if s[0] in _PROMO_FIRST and F.is_promo(s):
            art.drop(lineno, s, "newsletter promo")
            continue
        if " by " in s and F.is_credit_line(s):
            art.drop(lineno, s, "visual credit")
            continue
        # Dek: the first text line right after the repeated headline.
        if expect_dek and not art.dek and not blocks and not F.is_time_line(s):
            nxt = _next_content(doc, i, end)
            if nxt >= end or F.credit_index(lines[nxt]) != 0:
                art.dek = _strip_artifact(s)
                art.claim(lineno, "dek")
                expect_dek = False
                continue
        expect_dek = False
        in_head = False
        text = s
        if s[0] in _ARTIFACT_FIRST and not _in_bullet_list(lines, i - 1, end):
            text = _strip_artifact(s)
        if len(text) < 40 and ":" in text and F.is_time_line(text):
            kind = "time"
        elif (blocks or repeat_seen) and F.looks_like_subhead(text):
            # A subhead needs a page head above it (repeated headline) or earlier
            # blocks: the first line of a head-less body is its first paragraph.
            if blocks and blocks[-1][0] == "subhead" and blocks[-1][1] == text:
                art.drop(lineno, s, "repeated subhead")  # scraped twice (link + heading)
                continue
            kind = "subhead"
        else:
            kind = "paragraph"
            art.n_par += 1
        if kind == "time":
            art.live = True
        blocks.append(_new(Block, (kind, text, lineno)))
    _trailing_reporters(art)
    _trailing_promos(art)
    if art.live or (art.kicker and "live" in art.kicker.casefold()):
        _live_headings(art)


_DATED_TIME = re.compile(r"^[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4},? \d")


def _head_timestamp(doc: _Doc, s: str, i: int, end: int, art: _Builder) -> datetime | None:
    """ "Feb. 13, 2025, 9:42 a.m. ET" in the page head of a page with no other time
    line: the page's date, not a live-blog update time. ``lines[i:end]`` follow it.
    """
    if not (F.is_time_line(s) and _DATED_TIME.match(s)):
        return None
    lines = doc.lines
    for j in range(i, end):
        t = lines[j]
        if t and len(t) < 40 and ":" in t and F.is_time_line(t):
            return None  # a live blog: its first update's time
    return parse_news_date(s, art.ctx.retrieved)


def _meta_line(art: _Builder, s: str, lineno: int, doc: _Doc, i: int, end: int) -> bool:
    """Link, byline, dateline or publication-date line: record it, ``True`` if taken.

    ``lines[i:end]`` are the lines after it: a "By …" line below the first paragraph
    is still the byline when a dateline or date line follows it.
    """
    if s.startswith(("http://", "https://")) and " " not in s:
        if not art.url:
            art.url = s
            art.claim(lineno, "url")
        else:
            art.drop(lineno, s, "link")
        return True
    if s.startswith("By ") and (
        _in_head_or_live(art)
        or (
            not art.byline
            and (nxt := _next_content(doc, i, end)) < end
            and doc.lines[nxt].startswith(("Reporting from ", "Published ", "Updated "))
        )
    ):
        names = F.parse_byline(s)
        if names:
            # Live-blog updates carry their own bylines: new names join the article's.
            byline = art.byline
            byline.extend(n for n in names if n not in byline)
            art.claim(lineno, "byline")
            return True
    if s.startswith("Reporting from ") and not art.dateline and len(s) < 120:
        place = _place(s[len("Reporting from ") :])
        if (
            (
                place[:1].isupper()
                # "Reporting from the West Bank" in the page head (no paragraph yet)
                or (place.startswith("the ") and place[4:5].isupper() and art.n_par == 0)
            )
            and _in_head_or_live(art)
        ):
            # A place name; "Reporting from the Front" in a body is a subhead.
            art.dateline = place
            art.claim(lineno, "dateline")
            return True
    if s.startswith("Reporting from ") and art.dateline and art.live:
        art.drop(lineno, s, "dateline")  # a later live-blog update's dateline
        return True
    if s.startswith(("Published ", "Updated ")) and len(s) < 120:
        relative = parse_relative_line(s, art.ctx.retrieved)
        if relative is not None:  # "Updated 12 minutes ago": before the scrape
            which, when = relative
            if which == "updated":
                art.updated = art.updated or when
            else:
                art.published = art.published or when
            art.claim(lineno, which)
            return True
        published, updated = parse_published_line(s, art.ctx.retrieved)
        if published or updated or looks_like_published_line(s):
            art.published = art.published or published
            art.updated = art.updated or updated
            art.claim(lineno, "updated" if updated and not published else "published")
            return True
    return False


#: Abbreviations a dateline place may end with: their period is not a full stop.
_PLACE_ABBREVIATIONS = frozenset(
    "Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. "
    "Mich. Minn. Miss. Mo. Mont. Neb. Nev. Okla. Ore. Pa. Tenn. Tex. Va. Vt. Wash. Wis. "
    "Wyo. Mex. Co. St. Ft. Mt. Is.".split()
)


def _place(text: str) -> str:
    """ "Kyiv, Ukraine." -> "Kyiv, Ukraine"; "Houma, La." and "Washington, D.C." keep theirs."""
    place = text.strip()
    if place.endswith("."):
        last = place.rpartition(" ")[2].rpartition(",")[2]
        if last not in _PLACE_ABBREVIATIONS and "." not in last[:-1]:
            place = place.rstrip(".")
    return place


def _caption(doc: _Doc, art: _Builder, s: str, lineno: int, credit_at: int) -> None:
    """Record the caption whose credit is on line ``lineno``.

    The caption text is on the same line before "Credit…", else the body block
    (paragraph or subhead-shaped line) just above the credit line, else empty.
    """
    caption_text = s[:credit_at].strip()
    credit = F.credit_name(s[credit_at:])
    cap_line = lineno
    blocks = art.blocks
    if not caption_text and blocks:
        prev = blocks[-1]
        if prev.kind != "time" and _previous_nonblank(doc.lines, lineno) == prev.line:
            blocks.pop()
            if prev.kind == "paragraph":
                art.n_par -= 1
            caption_text, cap_line = prev.text, prev.line
            art.claim(prev.line, "captions")
    art.captions.append(Caption(caption_text, credit, cap_line))
    art.claim(lineno, "captions")


def _kicker_run(doc: _Doc, i: int, end: int, title_norm: str, title: str = "") -> bool:
    """Whether the repeated headline follows lines[i:] after at most two more kicker lines."""
    lines, furniture = doc.lines, doc.furniture
    seen = 0
    while i < end and seen < 3:
        s = lines[i]
        i += 1
        if not s or furniture[s] is not None:
            continue
        if _norm(s) == title_norm or (title and _same_headline(s, title)):
            return True
        if not F.looks_like_kicker_between(s):
            return False
        seen += 1
    return False


__all__ = ["ParseResult", "parse_text", "split_lines"]
