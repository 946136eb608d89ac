"""What every format mapper shares: the result type, dates, names, text to blocks.

Mappers build :class:`~parsers.model.Article` records through :func:`build_article`,
so that ids, sources and empty titles are handled the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from parsers.files import Decoded
from parsers.model import Article, Block, Dropped, Link, Origin, make_id
from parsers.perf import slots_constructor
from parsers.sanitize import SANITIZED_REASON, clean, take_originals

__all__ = [
    "FormatResult",
    "build_article",
    "clean_text",
    "parse_date",
    "split_names",
    "text_blocks",
    "title_from_text",
    "unescape_references",
]


@dataclass(slots=True)
class FormatResult:
    """Records of one input file, its detected format and one-line warnings.

    ``decoded``: the text the line-based formats read (``parse --check`` needs it).
    """

    format: str
    articles: list[Article] = field(default_factory=list)
    stray: list[Dropped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    decoded: Decoded | None = None


#: Control characters (they must not reach the terminal) read as spaces, invisible
#: ones (byte-order mark, zero-width space, soft hyphen) removed.
_TABLE: dict[int, str | None] = {
    **dict.fromkeys([*range(0, 32), 127, *range(0x80, 0xA0), 0x2028, 0x2029], " "),
    **dict.fromkeys(map(ord, "\ufeff\u200b\u00ad"), None),
}


#: Control characters ``str.split`` takes for whitespace: they must reach :func:`clean`.
_SPLIT_CONTROLS = "\x0b\x0c\x1c\x1d\x1e\x1f\x85"


def clean_text(s: str) -> str:
    """One line of display text: invisible and control characters out, spaces collapsed."""
    if not s.isprintable():  # (C-speed test; false for any control, format or space but " ")
        # Most often only line breaks and other spaces: collapsing them is all it takes.
        one = " ".join(s.split())
        if one.isprintable() and not any(c in s for c in _SPLIT_CONTROLS):
            return one
        s = clean(s).translate(_TABLE)  # whole escape sequences out first (no "[31m" left)
    return " ".join(s.split())


_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_references(s: str) -> str:
    """HTML character references with their ``;`` decoded (``&amp;``, ``&#8217;``).

    Scrapers often leave them in plain-text fields. Unlike ``html.unescape``,
    a bare ``&para`` (in "Fish&parachutes") stays as written.
    """
    import html

    return _REFERENCE.sub(lambda m: html.unescape(m.group()), s)


def text_blocks(text: str, first_line: int = 0) -> list[Block]:
    """Plain text to paragraph blocks: blank lines, or else single newlines, separate them.

    ``first_line`` > 0 numbers blocks by their line in a file; 0 numbers them 1, 2, …
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text or "\n \n" in text else text.split("\n")
    blocks: list[Block] = []
    for i, part in enumerate(parts, start=1):
        t = clean_text(part)
        if t:
            blocks.append(Block("paragraph", t, i))
    return blocks


_SENTENCE = re.compile(r"^(.{12,160}?[.!?…])(?=\s|$)")


def title_from_text(text: str, limit: int = 120) -> str:
    """A stand-in headline for a record without one: its first sentence, or first words."""
    t = clean_text(text)
    if not t:
        return ""
    m = _SENTENCE.match(t)
    if m:
        return m.group(1)
    if len(t) <= limit:
        return t
    cut = t[:limit].rsplit(" ", 1)[0]
    return cut + "…"


#: A byline part that is a job title, not a name ("Transport Correspondent").
_ROLE = re.compile(
    r"\b(?:correspondents?|editors?|reporters?|writers?|columnists?|contributors?|"
    r"chief|producers?|analysts?|critics?|photographers?|staff)\b",
    re.IGNORECASE,
)
_BY = re.compile(r"^\s*(?:by|von|par|por|di|door)\s+", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:;|\||,\s*(?:and|&)\s+|\s+and\s+|\s+&\s+|,)\s*")
_EMAIL_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^)]+)\)$")


def split_names(value: Any) -> tuple[str, ...]:
    """Author names from a string ("By A and B", "A; B", "x@y (Name)"), a list, or objects."""
    out: list[str] = []
    items: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("@name") or ""
        if not isinstance(item, str):
            continue
        s = clean_text(item)
        m = _EMAIL_NAME.match(s)
        if m:
            s = m.group("name")
        s = _BY.sub("", s)
        parts = [p.strip(" .,") for p in _NAME_SPLIT.split(s)]
        parts = [p for p in parts if p and len(p) < 80]
        names = [p for p in parts if not _ROLE.search(p)]
        for part in names or parts:  # only roles ("Staff"): keep what was written
            if part not in out:
                out.append(part)
    return tuple(out)


_EPOCH_MIN, _EPOCH_MAX = 0, 4_102_444_800  # 1970 .. 2100
_TZ_NAMES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
}


def parse_date(value: Any) -> datetime | None:
    """A publication date from what exports write; ``None`` when it cannot be read.

    ISO 8601 (date only, with or without offset), RFC 822 (``Tue, 03 Mar 2026
    08:15:00 +0000``), epoch seconds or milliseconds, and free text dateutil reads.
    A value without a zone stays naive, as written.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        v = float(value)
        if v > _EPOCH_MAX * 100:  # milliseconds
            v /= 1000.0
        if not _EPOCH_MIN <= v <= _EPOCH_MAX:
            return None
        return datetime.fromtimestamp(v, UTC)
    if isinstance(value, dict):  # {"$date": ...} (MongoDB exports)
        return parse_date(value.get("$date"))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 80:
        return None
    if s.isdigit() and len(s) >= 9:
        return parse_date(int(s))
    try:
        d = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
        return _sane(d)
    except ValueError:
        pass
    try:
        d = parsedate_to_datetime(s)
        if d is not None:
            if d.tzinfo is None:
                zone = s.rsplit(" ", 1)[-1].upper()
                if zone in _TZ_NAMES:
                    d = d.replace(tzinfo=timezone(timedelta(hours=_TZ_NAMES[zone])))
            return _sane(d)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        from dateutil import parser as du

        tzinfos = {k: v * 3600 for k, v in _TZ_NAMES.items()}
        return _sane(du.parse(s, tzinfos=tzinfos))
    except (ValueError, OverflowError, TypeError, LookupError):
        return None


def _sane(d: datetime) -> datetime | None:
    return d if 1 <= d.year <= 9998 else None


def build_article(
    *,
    path: str,
    line: int,
    title: str,
    source: str,
    blocks: Sequence[Block] = (),
    url: str = "",
    published: datetime | None = None,
    updated: datetime | None = None,
    retrieved: datetime | None = None,
    byline: Sequence[str] = (),
    dek: str = "",
    kicker: str = "",
    links: Sequence[Link] = (),
    dropped: Sequence[Dropped] = (),
    truncated: bool = False,
    lines: Sequence[tuple[int, str]] = (),
    id: str = "",
) -> Article:
    """An :class:`Article` with a stable id; a missing title is taken from the text.

    Inside :func:`parsers.sanitize.keeping_originals`, the original of every value
    cleaning changed since the last record goes to ``dropped`` (lossless).
    """
    title = clean_text(title)
    if not title:
        body = next((b.text for b in blocks if b.kind == "paragraph"), "") or dek
        title = title_from_text(body) or clean_text(url)
    dek = clean_text(dek)
    kept = take_originals()
    if kept:
        dropped = (*dropped, *(Dropped(0, s, SANITIZED_REASON) for s in kept))
    return _make_article(
        id=id or make_id(source, title, published),
        source=source,
        retrieved=retrieved,
        published=published,
        updated=updated,
        title=title,
        kicker=kicker,
        dek=dek,
        byline=tuple(byline),
        url=url,
        blocks=tuple(blocks),
        truncated=truncated,
        origin=Origin(path, line),
        dropped=tuple(dropped),
        lines=tuple(lines),
        links=tuple(links),
    )


_make_article = slots_constructor(Article)  # Article(...) at half the cost (parsers.perf)
