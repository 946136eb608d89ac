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
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from operator import itemgetter

from parsers.dump import furniture as F
from parsers.dump.dates import (
    HEADER_LAST_CHARS,
    looks_like_published_line,
    parse_bare_date,
    parse_header_time,
    parse_news_date,
    parse_published_line,
    parse_relative_line,
)
from parsers.model import Article, Block, Caption, Dropped, Origin, make_id
from parsers.perf import paused_gc, slots_constructor
from parsers.sanitize import SANITIZED_REASON, Removed

UNKNOWN_SOURCE = "unknown"
_new = tuple.__new__  # builds NamedTuple records without the Python-level __new__
_kind_of = itemgetter(0)  # Block.kind, read at C speed


@dataclass(slots=True)
class ParseResult:
    """Articles of one dump plus the file-level lines (headers, stray furniture)."""

    articles: list[Article] = field(default_factory=list)
    stray: list[Dropped] = field(default_factory=list)


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


@dataclass(slots=True)
class _Context:
    source: str = UNKNOWN_SOURCE
    retrieved: datetime | None = None


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


class _Builder:
    """Collects one article's fields while its lines are classified."""

    __slots__ = (
        "blocks",
        "byline",
        "captions",
        "claims",
        "contributor_lines",
        "contributors",
        "ctx",
        "dateline",
        "dek",
        "dropped",
        "kicker",
        "live",
        "n_par",
        "path",
        "published",
        "title",
        "title_line",
        "updated",
        "url",
    )

    def __init__(self, path: str, ctx: _Context) -> None:
        self.path = path
        self.ctx = ctx
        self.title = ""
        self.title_line = 0
        self.kicker = ""
        self.dek = ""
        self.byline: list[str] = []
        self.contributors: list[str] = []
        self.contributor_lines: list[str] = []
        self.dateline = ""
        self.url = ""
        self.published: datetime | None = None
        self.updated: datetime | None = None
        self.blocks: list[Block] = []
        self.n_par = 0  # paragraph blocks in ``blocks``
        self.live = False  # a time block seen: a live blog
        self.captions: list[Caption] = []
        self.dropped: list[Dropped] = []
        self.claims: list[tuple[int, str]] = []

    def claim(self, lineno: int, field_name: str) -> None:
        self.claims.append((lineno, field_name))

    def drop(self, lineno: int, text: str, reason: str) -> None:
        self.dropped.append(_new(Dropped, (lineno, text, reason)))
        self.claims.append((lineno, "dropped"))

    def build(self, ids: dict[str, str]) -> Article:
        """The record; ``ids`` maps the ids given out in this dump to their opening text."""
        ctx = self.ctx
        published = self.published or ctx.retrieved
        source = ctx.source
        blocks = self.blocks
        truncated = self.n_par == 0
        self.claims.sort()
        article_id = make_id(source, self.title, published)
        opening = self.dek or (blocks[0][1] if blocks else "")
        if ids.setdefault(article_id, opening) != opening:
            # Another article of this dump has the same source, title and date but
            # another opening (two "Corrections" pages): the opening tells them apart.
            # A page scraped twice keeps its one id, so the index still merges it.
            article_id = make_id(source, f"{self.title}\x1f{opening}", published)
        # All fields in order (checked at import), set through their slots: half
        # the cost of the frozen dataclass's __init__ (parsers.perf.slots_constructor).
        return _make_article(
            article_id,
            source,
            ctx.retrieved,
            published,
            self.updated,
            self.title,
            self.kicker,
            self.dek,
            tuple(self.byline),
            tuple(self.contributors),
            "\n".join(self.contributor_lines),
            self.dateline,
            self.url,
            tuple(blocks),
            tuple(self.captions),
            truncated,
            Origin(self.path, self.title_line),
            tuple(self.dropped),
            tuple(self.claims),
            (),  # links
            None,  # entities
        )


#: Article's leading fields, in the order _Builder.build passes them.
_ARTICLE_FIELDS = (
    "id",
    "source",
    "retrieved",
    "published",
    "updated",
    "title",
    "kicker",
    "dek",
    "byline",
    "contributors",
    "contributor_note",
    "dateline",
    "url",
    "blocks",
    "captions",
    "truncated",
    "origin",
    "dropped",
    "lines",
)
if tuple(f.name for f in fields(Article)) != (*_ARTICLE_FIELDS, "links", "entities"):
    raise ImportError("parsers.model.Article fields changed: update _Builder.build")
#: ``Article(*values)`` setting the slots directly (see ``parsers.perf``).
_make_article = slots_constructor(Article)


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


def _strip_artifact(s: str) -> str:
    """Remove scraping artifacts such as a stray leading ". "."""
    if s[0] not in _ARTIFACT_FIRST:
        return s  # the pattern starts with one of these characters
    m = F.LEADING_ARTIFACT.match(s)
    return s[m.end() :] if m else s


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
_PROSE_END = frozenset(".,;:!?\"”’')»…")
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


_ARTIFACT_FIRST = frozenset(".·•")  # first characters F.LEADING_ARTIFACT can match
#: First three characters of the lines _meta_line can take.
_META_HEADS = frozenset({"htt", "By ", "Rep", "Pub", "Upd"})
_PROMO_FIRST = frozenset("WSGF")  # F.is_promo only takes lines starting with these


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


def _live_headings(art: _Builder) -> None:
    """In a live blog, update headlines are sentence case ("Governor orders shelters
    opened"): a short line that does not end like a sentence, with a block after it,
    is a subhead, not a paragraph.
    """
    blocks = art.blocks
    for idx in range(len(blocks) - 1):
        kind, text, line = blocks[idx]
        if (
            kind == "paragraph"
            and len(text) <= 90
            and text[-1] not in _PROSE_END
            and (text[0].isupper() or text[0].isdigit())
            and len(text.split()) <= 14
        ):
            blocks[idx] = _new(Block, ("subhead", text, line))
            art.n_par -= 1


def _trailing_promos(art: _Builder) -> None:
    """Opinion pages end with boilerplate ("The Times is committed to publishing a
    diversity of letters…", "Follow the … on Facebook…"): long lines that end like
    prose, so the bulk path made them paragraphs. Checked on the last blocks only.
    """
    blocks = art.blocks
    n_dropped = len(art.dropped)
    while blocks and blocks[-1][0] == "paragraph":
        _, text, line = blocks[-1]
        if not (
            (text[0] == "F" and text.startswith("Follow "))
            or (text[0] == "T" and " committed to publishing " in text)
        ) or not F.is_promo(text):
            break
        blocks.pop()
        art.n_par -= 1
        art.drop(line, text, "newsletter promo")
    if len(art.dropped) > n_dropped:
        art.dropped.sort()  # in line order, like the rest


def _trailing_reporters(art: _Builder) -> None:
    """A last paragraph "A reported from Paris, and B from Rome." is a contributor line.

    Checked once per article, on its last block only: such lines end an article.
    """
    blocks = art.blocks
    if blocks and blocks[-1][0] == "paragraph" and " reported " in blocks[-1][1]:
        _, text, line = blocks[-1]
        names = F.parse_reported(text)
        if names:
            blocks.pop()
            art.n_par -= 1
            art.contributors.extend(names)
            art.contributor_lines.append(text)
            art.claim(line, "contributors")


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


def _in_head_or_live(art: _Builder) -> bool:
    """Before the first paragraph, or anywhere in a live blog (bylines, datelines)."""
    return art.n_par == 0 or art.live


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


__all__ = ["ParseResult", "parse_text", "split_lines"]
