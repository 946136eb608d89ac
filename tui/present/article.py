"""How an article reads in the reading pane: header, times, body, captions, mentions.

Pure: :func:`render_article` builds Rich renderables from an :class:`Article` and a
style lookup (the pane's component classes), so it is tested without an app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text

from parsers.corpus.index import Corpus, author_key
from parsers.model import Article, Mention

__all__ = [
    "MentionMarks",
    "ReaderStyles",
    "ReaderView",
    "absolute_time",
    "published_label",
    "reader_view",
    "reading_minutes",
    "relative_time",
    "render_article",
]

WORDS_PER_MINUTE = 230
KIND_CLASSES = {
    "person": "reader--person",
    "country": "reader--country",
    "org": "reader--org",
    "place": "reader--place",
    "author": "reader--author",
}


def _utc(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def absolute_time(when: datetime) -> str:
    """``Feb 14, 2025 00:11``; just ``Mar 8, 2026`` for a date given without a time
    (a naive midnight: "Published March 8, 2026"), rather than an invented 00:00."""
    if when.tzinfo is None and (when.hour, when.minute, when.second) == (0, 0, 0):
        return f"{when:%b} {when.day}, {when.year}"
    text = f"{when:%b} {when.day}, {when.year} {when:%H:%M}"
    zone = _zone(when)
    # the zone, when the dump gave one ("5:47 a.m. ET" is EST or EDT): times from
    # different sources and headers are otherwise not comparable at a glance
    return f"{text} {zone}" if zone else text


def _zone(when: datetime) -> str:
    """``EST``, ``UTC``; a bare offset (what a cached time carries) as ``UTC-4``."""
    if when.tzinfo is None:
        return ""
    name = when.tzname() or ""
    if name and not name.startswith(("UTC+", "UTC-", "+", "-")):
        return name
    offset = when.utcoffset()
    if offset is None:
        return name
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def published_label(article: Article) -> str:
    """ "Published", or "Retrieved" when the page had no "Published" line and the
    time is the dump header's (when the page was scraped, not when it came out)."""
    if (
        article.published is not None
        and article.published == article.retrieved
        and not any(field == "published" for _, field in article.lines)
    ):
        return "Retrieved"
    return "Published"


def relative_time(when: datetime, reference: datetime, suffix: str = "ago") -> str:
    """``3 days ago`` style distance from ``reference`` (``suffix`` names the reference)."""
    seconds = (_utc(reference) - _utc(when)).total_seconds()
    later = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now" if suffix == "ago" else suffix
    for size, unit in (
        (86400 * 365, "year"),
        (86400 * 30, "month"),
        (86400, "day"),
        (3600, "hour"),
        (60, "minute"),
    ):
        if seconds >= size:
            count = int(seconds // size)
            words = f"{count} {unit}{'s' if count != 1 else ''}"
            break
    if suffix == "ago":
        return f"{words} from now" if later else f"{words} ago"
    return f"{words} {'after' if later else 'before'} {suffix}"


def _words(text: str) -> int:
    # a giant paragraph: count spaces rather than build millions of strings
    return len(text.split()) if len(text) < SHOWN_CHARS else text.count(" ") + 1


def reading_minutes(article: Article) -> int:
    """Estimated reading time in whole minutes (at least 1)."""
    words = sum(_words(block.text) for block in article.blocks)
    words += len(article.title.split()) + len(article.dek.split())
    return max(1, round(words / WORDS_PER_MINUTE))


class ReaderStyles:
    """Rich styles for the parts of an article, looked up once per render."""

    def __init__(self, lookup: Callable[[str], Style]) -> None:
        self.lookup = lookup
        self._cache: dict[str, Style] = {}

    def __call__(self, name: str) -> Style:
        style = self._cache.get(name)
        if style is None:
            style = self._cache[name] = self.lookup(name)
        return style


def _click(key: str) -> Style:
    return Style(meta={"@click": ("toggle_entity", (key,))})


@dataclass
class MentionMarks:
    """The mentions as shown, numbered in reading order (``keys[n]`` is mention n's
    entity); mention ``cursor`` is drawn as the reader's mention cursor. Each shown
    mention carries ``{"mention": n}`` in its style's meta, so a pane can find its line.
    """

    cursor: int | None = None
    keys: list[str] = field(default_factory=list)
    matches: tuple[re.Pattern[str], ...] = ()
    """The query's words and phrases (``tui.present.matches``), marked where they occur."""
    find: re.Pattern[str] | None = None
    """What ``ctrl+f`` looks for in the article; each hit carries ``{"find": n}``."""
    find_cursor: int | None = None
    found: int = 0
    """Hits of :attr:`find` shown (counted while rendering)."""


def _highlight(
    text: str,
    base: Style,
    mentions: Iterable[tuple[Mention, str, str]],
    styles: ReaderStyles,
    active: Mapping[str, bool],
    marks: MentionMarks | None = None,
) -> Text:
    """``text`` with each mention styled by its kind and clickable, and the query's
    words (``marks.matches``) marked."""
    out = Text(text, style=base)
    if marks is not None and marks.matches:
        match = styles("reader--match")
        for pattern in marks.matches:
            out.highlight_regex(pattern, match)
    taken_end = 0  # in start order, a mention overlaps a taken one iff it starts before this
    for mention, kind, key in sorted(mentions, key=lambda m: (m[0].start, -m[0].end)):
        start, end = mention.start, mention.end
        if start < 0 or end > len(text) or start >= end or start < taken_end:
            continue
        taken_end = end
        style = styles(KIND_CLASSES.get(kind, "reader--person"))
        if key in active:
            style = style + styles("reader--excluded" if active[key] else "reader--included")
        style += _click(key)
        if marks is not None:
            number = len(marks.keys)
            marks.keys.append(key)
            style += Style(meta={"mention": number})
            if number == marks.cursor:
                style += styles("reader--mention-cursor")
        out.stylize(style, start, end)
    if marks is not None and marks.find is not None:
        for hit in marks.find.finditer(text):
            if hit.end() > hit.start():
                number = marks.found
                marks.found += 1
                style = styles("reader--find")
                if number == marks.find_cursor:
                    style += styles("reader--find-current")
                out.stylize(style + Style(meta={"find": number}), hit.start(), hit.end())
    return out


def _bylines(
    article: Article, styles: ReaderStyles, active: Mapping[str, bool], sep: str = "\n"
) -> Text:
    """``By A and B`` / ``With reporting by C`` (on lines of their own, or joined by
    ``sep``), each name clickable (empty if none)."""
    meta = Text(style=styles("reader--meta"))

    def names(label: str, people: tuple[str, ...]) -> None:
        meta.append(label)
        for i, name in enumerate(people):
            if i:
                meta.append(" and " if i == len(people) - 1 else ", ")
            key = author_key(name)
            style = styles("reader--author")
            if key in active:
                style += styles("reader--excluded" if active[key] else "reader--included")
            meta.append(name, style + _click(key))

    if article.byline:
        names("By ", article.byline)
    if article.contributors:
        meta.append(sep if article.byline else "")
        joined = article.byline and sep != "\n"
        names("with reporting by " if joined else "With reporting by ", article.contributors)
    return meta


def _facts(
    article: Article, styles: ReaderStyles, reference: datetime | None, reference_label: str
) -> Text:
    """Dateline, published / updated times, reading time and source."""
    facts: list[str] = []
    if article.dateline:
        facts.append(article.dateline)
    for label, when in (
        (published_label(article), article.published),
        ("Updated", article.updated),
    ):
        if when is None:
            continue
        line = f"{label} {absolute_time(when)}"
        if reference is not None:
            line += f" · {relative_time(when, reference, reference_label)}"
        facts.append(line)
    # a headline scraped without its body has nothing to read: no "1 min read"
    reading = f"{reading_minutes(article)} min read · " if article.blocks else ""
    facts.append(f"{reading}{article.source}" + (" · truncated" if article.truncated else ""))
    return Text("\n".join(facts), style=styles("reader--meta"))


#: The reading pane lays out at most this many characters of an article's body (a 50 MB
#: paragraph would hold the UI for a minute); a line says how much is left out.
SHOWN_CHARS = 100_000


def _omitted(left: int) -> str:
    return f"… {left:,} more characters not shown here ('newsdesk parse' prints them all)"


def render_article(
    article: Article,
    styles: ReaderStyles,
    reference: datetime | None,
    reference_label: str = "the newest article",
    active: Mapping[str, bool] | None = None,
    compact: bool = False,
    marks: MentionMarks | None = None,
) -> RenderableType:
    """Lay out ``article``: header, body blocks with subheads and times, captions.

    ``active`` maps the entity keys of the current filters to ``negate``, so the
    mentions already filtered on look different; ``compact``: the header in three
    or four rows, for a short pane (80x24); ``marks`` numbers the mentions shown (and
    says which one is the mention cursor).
    """
    active = active or {}
    by_field: dict[tuple[str, int], list[tuple[Mention, str, str]]] = {}
    if article.entities is not None:
        for entity in article.entities.all():
            for mention in entity.mentions:
                by_field.setdefault((mention.field, mention.index), []).append(
                    (mention, entity.kind, entity.key)
                )

    def mentions(field: str, index: int = 0) -> list[tuple[Mention, str, str]]:
        return by_field.get((field, index), [])

    parts: list[RenderableType] = []
    title = _highlight(
        article.title, styles("reader--title"), mentions("title"), styles, active, marks
    )
    if compact:
        dek = mentions("dek")
        parts.append(
            _compact_header(article, title, dek, styles, reference, reference_label, active, marks)
        )
    else:
        if article.kicker:
            parts.append(Text(f" {article.kicker.upper()} ", style=styles("reader--kicker")))
        parts.append(title)
        if article.dek:
            parts.append(
                _highlight(
                    article.dek, styles("reader--dek"), mentions("dek"), styles, active, marks
                )
            )
        meta = _bylines(article, styles, active)
        if meta.plain:
            parts.append(meta)
        parts.append(_facts(article, styles, reference, reference_label))
        if article.url:
            parts.append(Text(article.url, style=styles("reader--url")))
    # cropped, not wrapped, in a pane narrower than the rule
    parts.append(Text("─" * 40, style=styles("reader--rule"), no_wrap=True, overflow="crop"))

    captions = sorted(article.captions, key=lambda c: c.line)
    caption_index = 0

    def caption_parts(before_line: int | None) -> None:
        nonlocal caption_index
        while caption_index < len(captions) and (
            before_line is None or captions[caption_index].line < before_line
        ):
            caption = captions[caption_index]
            caption_index += 1
            text = Text("▍ ", style=styles("reader--caption-bar"))
            text.append(caption.text, styles("reader--caption"))
            if caption.credit:
                text.append(f"  {caption.credit}", styles("reader--credit"))
            parts.append(Padding(text, (0, 2)))

    budget = SHOWN_CHARS
    left = 0  # characters of the body not shown
    for index, block in enumerate(article.blocks):
        if budget <= 0:
            left = sum(len(b.text) for b in article.blocks[index:])
            break
        if len(block.text) > budget:  # a giant paragraph: its start only
            cut = block.text.rfind(" ", budget // 2, budget)
            cut = cut if cut > 0 else budget
            left = len(block.text) - cut + sum(len(b.text) for b in article.blocks[index + 1 :])
            block = block._replace(text=block.text[:cut] + " …")
        budget -= len(block.text)
        caption_parts(block.line)
        if block.kind == "subhead":
            parts.append(
                _highlight(
                    block.text,
                    styles("reader--subhead"),
                    mentions("blocks", index),
                    styles,
                    active,
                    marks,
                )
            )
        elif block.kind == "time":
            parts.append(Text(f"◷ {block.text}", style=styles("reader--time")))
        else:
            parts.append(
                _highlight(
                    block.text,
                    styles("reader--paragraph"),
                    mentions("blocks", index),
                    styles,
                    active,
                    marks,
                )
            )
        if left:
            break
    if left:
        parts.append(Text(_omitted(left), style=styles("reader--meta")))
    caption_parts(None)
    if not article.blocks:
        parts.append(Text("(no body text)", style=styles("reader--meta")))

    spaced: list[RenderableType] = []
    for i, part in enumerate(parts):
        if i and not (i == 1 and (article.kicker or compact)):
            spaced.append(Text(""))
        spaced.append(part)
    return Group(*spaced)


def _compact_header(
    article: Article,
    title: Text,
    dek: list[tuple[Mention, str, str]],
    styles: ReaderStyles,
    reference: datetime | None,
    reference_label: str,
    active: Mapping[str, bool],
    marks: MentionMarks | None,
) -> Text:
    """The header in as few rows as it takes: ``KICKER Title``, the dek, then one
    line of byline · date · reading time · source (for a short reading pane)."""
    header = Text()
    if article.kicker:
        header.append(f" {article.kicker.upper()} ", styles("reader--kicker"))
        header.append(" ")
    header.append_text(title)
    if article.dek:
        header.append("\n")
        dek_text = _highlight(article.dek, styles("reader--dek"), dek, styles, active, marks)
        header.append_text(dek_text)
    meta = _bylines(article, styles, active, " · ")
    when = article.published or article.updated
    if when is not None:
        if meta.plain:
            meta.append(" · ")
        meta.append(absolute_time(when))
        if reference is not None and reference_label == "ago":
            meta.append(f", {relative_time(when, reference)}")
    if article.blocks:
        meta.append(f"{' · ' if meta.plain else ''}{reading_minutes(article)} min")
    meta.append(f"{' · ' if meta.plain else ''}{article.source}")
    if article.truncated:
        meta.append(" · truncated")
    header.append("\n")
    header.append_text(meta)
    return header


@dataclass(frozen=True)
class ReaderView:
    """What the reading pane shows: ``article`` (at corpus ``row``), or ``placeholder``.

    ``reference`` is the clock for relative dates, named by ``reference_label``;
    ``active`` maps the entity keys of the current filters to ``negate``.
    """

    row: int | None = None
    article: Article | None = None
    placeholder: str = ""
    reference: datetime | None = None
    reference_label: str = "the newest article"
    active: Mapping[str, bool] = field(default_factory=dict)
    matches: tuple[re.Pattern[str], ...] = ()


def reader_view(
    corpus: Corpus,
    row: int | None,
    active: Mapping[str, bool],
    reference: datetime | None,
    reference_label: str,
    matches: tuple[re.Pattern[str], ...] = (),
) -> ReaderView:
    """The pane for corpus ``row`` (None: nothing selected); a body that cannot be
    read says why instead."""
    if row is None:
        placeholder = "" if not len(corpus) else "No article selected."
        return ReaderView(None, None, placeholder, reference, reference_label)
    try:
        article = corpus.article(row)
    except (LookupError, OSError) as error:
        message = f"Cannot load this article: {error}"
        return ReaderView(row, None, message, reference, reference_label)
    return ReaderView(row, article, "", reference, reference_label, dict(active), matches)
