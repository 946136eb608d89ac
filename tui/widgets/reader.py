"""The reading pane: one article, laid out for reading, with entity mentions clickable."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from parsers.corpus.index import author_key
from parsers.model import Article, Mention

__all__ = ["ArticleBody", "ReaderPane", "relative_time", "render_article"]

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
        return "just now" if suffix == "ago" else suffix.removeprefix("the ")
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


def reading_minutes(article: Article) -> int:
    """Estimated reading time in whole minutes (at least 1)."""
    words = sum(len(block.text.split()) for block in article.blocks)
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


def _highlight(
    text: str,
    base: Style,
    mentions: Iterable[tuple[Mention, str, str]],
    styles: ReaderStyles,
    active: dict[str, bool],
) -> Text:
    """``text`` with each mention styled by its kind and clickable."""
    out = Text(text, style=base)
    taken: list[tuple[int, int]] = []
    for mention, kind, key in sorted(mentions, key=lambda m: (m[0].start, -m[0].end)):
        start, end = mention.start, mention.end
        if start < 0 or end > len(text) or start >= end:
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        style = styles(KIND_CLASSES.get(kind, "reader--person"))
        if key in active:
            style = style + styles("reader--excluded" if active[key] else "reader--included")
        out.stylize(style + _click(key), start, end)
    return out


def render_article(
    article: Article,
    styles: ReaderStyles,
    reference: datetime | None,
    reference_label: str = "the newest article",
    active: dict[str, bool] | None = None,
) -> RenderableType:
    """Lay out ``article``: header, body blocks with subheads and times, captions.

    ``active`` maps the entity keys of the current filters to ``negate``, so the
    mentions already filtered on look different.
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
    if article.kicker:
        parts.append(Text(f" {article.kicker.upper()} ", style=styles("reader--kicker")))
    parts.append(
        _highlight(article.title, styles("reader--title"), mentions("title"), styles, active)
    )
    if article.dek:
        parts.append(
            _highlight(article.dek, styles("reader--dek"), mentions("dek"), styles, active)
        )

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
        meta.append("\n" if article.byline else "")
        names("With reporting by ", article.contributors)
    if meta.plain:
        parts.append(meta)

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
    parts.append(Text("\n".join(facts), style=styles("reader--meta")))
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

    for index, block in enumerate(article.blocks):
        caption_parts(block.line)
        if block.kind == "subhead":
            parts.append(
                _highlight(
                    block.text, styles("reader--subhead"), mentions("blocks", index), styles, active
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
                )
            )
    caption_parts(None)
    if not article.blocks:
        parts.append(Text("(no body text)", style=styles("reader--meta")))

    spaced: list[RenderableType] = []
    for i, part in enumerate(parts):
        if i and not (i == 1 and article.kicker):
            spaced.append(Text(""))
        spaced.append(part)
    return Group(*spaced)


class ArticleBody(Static):
    """The rendered article; turns clicks on mentions into a message."""

    @property
    def link_style(self) -> Style:
        """Mentions keep their own per-kind colours (no generic link colour)."""
        return Style()

    def action_toggle_entity(self, key: str) -> None:
        self.post_message(ReaderPane.EntityClicked(key))


class ReaderPane(VerticalScroll, can_focus=True):
    """Scrollable reading pane for the open article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "read_on", "Page", show=False),
        Binding("shift+space", "page_up", "Page up", show=False),
        Binding("j,down", "scroll_down", show=False),
        Binding("k,up", "scroll_up", show=False),
        Binding("g,home", "scroll_home", show=False),
        Binding("G,end", "scroll_end", show=False),
        Binding("n", "step(1)", "Next", show=False),
        Binding("p", "step(-1)", "Previous", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--kicker",
        "reader--title",
        "reader--dek",
        "reader--meta",
        "reader--url",
        "reader--rule",
        "reader--subhead",
        "reader--time",
        "reader--paragraph",
        "reader--caption",
        "reader--caption-bar",
        "reader--credit",
        "reader--person",
        "reader--country",
        "reader--org",
        "reader--place",
        "reader--author",
        "reader--included",
        "reader--excluded",
    }

    @dataclass
    class EntityClicked(Message):
        """A mention (or a byline name) was clicked: toggle it as a filter."""

        key: str

    @dataclass
    class Step(Message):
        """Open the next (+1) or previous (-1) article of the list."""

        delta: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.row: int | None = None
        self.article: Article | None = None
        self._signature: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield ArticleBody(id="article-body")

    def show(
        self,
        article: Article | None,
        row: int | None,
        reference: datetime | None,
        reference_label: str,
        active: dict[str, bool],
        placeholder: str = "",
        keep_scroll: bool = False,
    ) -> None:
        """Display ``article`` (or ``placeholder`` when there is none).

        Re-renders only when something visible changed; a change of filter that only
        restyles mentions keeps the layout (and the scroll position).
        """
        changed = row != self.row or article is not self.article
        relevant: frozenset[tuple[str, bool]] = frozenset()
        if article is not None and active:
            keys = {e.key for e in article.entities.all()} if article.entities else set()
            keys.update(author_key(n) for n in (*article.byline, *article.contributors))
            relevant = frozenset((k, v) for k, v in active.items() if k in keys)
        signature = (row, article is None, placeholder, reference, relevant)
        if not changed and signature == self._signature:
            return
        self._signature = signature
        self.row = row
        self.article = article
        body = self.query_one(ArticleBody)
        if article is None:
            body.update(Text(placeholder, style=self.get_component_rich_style("reader--meta")))
        else:
            styles = ReaderStyles(self.get_component_rich_style)
            rendered = render_article(article, styles, reference, reference_label, active)
            body.update(rendered, layout=changed)
        if changed or not keep_scroll:
            self.scroll_home(animate=False, immediate=True)

    def action_step(self, delta: int) -> None:
        self.post_message(self.Step(delta))

    def action_read_on(self) -> None:
        """Space: page down; at the end of the article, on to the next one."""
        if self.article is not None and self.scroll_y >= self.max_scroll_y:
            self.post_message(self.Step(1))
        else:
            self.action_page_down()
