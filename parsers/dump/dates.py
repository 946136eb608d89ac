"""Date handling for dumps: header timestamps and "Published … Updated …" lines.

All parsing goes through python-dateutil; US newsroom zone abbreviations
(ET, PT, …) become real time zones so the results are timezone-aware.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil import parser as du_parser
from dateutil import tz

_NY = tz.gettz("America/New_York")
_TZINFOS = {
    "ET": _NY,
    "EST": _NY,
    "EDT": _NY,
    "CT": tz.gettz("America/Chicago"),
    "CST": tz.gettz("America/Chicago"),
    "CDT": tz.gettz("America/Chicago"),
    "MT": tz.gettz("America/Denver"),
    "PT": tz.gettz("America/Los_Angeles"),
    "PST": tz.gettz("America/Los_Angeles"),
    "PDT": tz.gettz("America/Los_Angeles"),
    "GMT": tz.UTC,
    "UTC": tz.UTC,
    "BST": tz.gettz("Europe/London"),
    "CET": tz.gettz("Europe/Paris"),
    "CEST": tz.gettz("Europe/Paris"),
}

HEADER_RE = re.compile(
    r"^(?P<src>\S.{0,120}?)\s+"
    r"(?P<ts>\d{4}(?P<sep>[-/])\d{2}(?P=sep)\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)"
    r"(?: ?(?P<off>Z|[+-]\d{2}:?\d{2}))?(?: (?P<zone>[A-Z]{2,4}))?$"
)
#: Last characters a dump header can end with (a digit, "Z", or a zone name's last letter).
HEADER_LAST_CHARS = frozenset("0123456789Z") | frozenset(k[-1] for k in _TZINFOS)
_PUBLISHED_RE = re.compile(
    r"^(?:Published\s+(?P<p>.+?))?\s*(?:Updated\s+(?P<u>.+?))?\.?$", re.IGNORECASE
)
_MERIDIEM = re.compile(r"\b([ap])\.m\.", re.IGNORECASE)
_MONTH_DOT = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.")


_SOURCE_SEPARATORS = " \t—–-|:,·@"


def parse_header_time(line: str) -> tuple[str, datetime] | None:
    """``"The New York Times 2025-02-14 00:11:28"`` -> (source, time), else ``None``."""
    if len(line) > 160:
        return None
    m = HEADER_RE.match(line)
    if not m:
        return None
    zone = m.group("zone")
    if zone is not None and zone not in _TZINFOS:
        return None
    try:
        ts = m.group("ts").replace(" ", "T").replace("/", "-")
        when = du_parser.isoparse(ts + (m.group("off") or ""))
    except ValueError:
        return None
    if zone is not None and when.tzinfo is None:
        when = when.replace(tzinfo=_TZINFOS[zone])  # "2025-02-14 00:11:28 ET"
    # "The New York Times — 2025-02-14 …", "… | 2025-02-14": the separator is not the name.
    source = m.group("src").rstrip(_SOURCE_SEPARATORS)
    return (source, when) if source else None


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_NEWS_DATE_RE = re.compile(
    r"^(?P<mon>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?"
    r"(?:,? (?P<h>\d{1,2}):(?P<mi>\d{2}) ?(?P<ap>[ap])\.?m\.?(?: (?P<tz>[A-Z]{2,4}))?)?$"
)
_YEAR = re.compile(r"\b\d{4}\b")


def parse_news_date(text: str, ref: datetime | None = None) -> datetime | None:
    """Parse "Feb. 19, 2025, 4:05 a.m. ET" style dates; ``None`` if not a date.

    A date without a year ("Sept. 1, 8:10 a.m. ET") takes the year of ``ref`` (the
    dump header's time), or the year before when that would put it more than a day
    after ``ref``; with no ``ref`` its year is unknown and the result ``None``. The
    clock of the machine parsing the dump never enters.
    """
    when, has_year = _parse_news_date(text, ref.date() if ref is not None else None)
    if when is not None and not has_year and ref is not None:
        naive_ref = ref.replace(tzinfo=None)
        if (when.replace(tzinfo=None) - naive_ref).days >= 1:
            try:
                when = when.replace(year=when.year - 1)
            except ValueError:  # Feb. 29
                return None
    return when


@lru_cache(maxsize=4096)
def _parse_news_date(text: str, ref_day: date | None) -> tuple[datetime | None, bool]:
    """(date, whether the text gave its year); memoised, dates repeat.

    The newsroom format is read by a regular expression (fast); anything else
    goes through dateutil.
    """
    text = text.strip().rstrip(".")
    m = _NEWS_DATE_RE.match(text)
    if m:
        month = _MONTHS.get(m.group("mon")[:3].lower())
        tzname = m.group("tz")
        has_year = m.group("year") is not None
        year = int(m.group("year")) if has_year else ref_day.year if ref_day else None
        if month and year is not None and (tzname is None or tzname in _TZINFOS):
            try:
                if m.group("h") is None:
                    return datetime(year, month, int(m.group("day"))), has_year
                hour = int(m.group("h")) % 12 + (12 if m.group("ap") == "p" else 0)
                return datetime(
                    year,
                    month,
                    int(m.group("day")),
                    hour,
                    int(m.group("mi")),
                    tzinfo=_TZINFOS[tzname] if tzname else None,
                ), has_year
            except ValueError:
                return None, has_year
    cleaned = _MERIDIEM.sub(lambda m: m.group(1).upper() + "M", text)
    cleaned = _MONTH_DOT.sub(lambda m: m.group(1)[:3], cleaned)
    if not any(ch.isdigit() for ch in cleaned):
        return None, False
    has_year = _YEAR.search(cleaned) is not None
    if not has_year and ref_day is None:
        return None, False
    # A fixed default ("Updated 9:42 a.m. ET" is on the header's day): dateutil
    # would otherwise fill the gaps from today's date.
    day = ref_day or date(2000, 1, 1)
    default = datetime(day.year, day.month, day.day)
    try:
        return du_parser.parse(cleaned, default=default, tzinfos=_TZINFOS, fuzzy=False), has_year
    except (ValueError, OverflowError):
        return None, False


_DATE_WORD = re.compile(
    r"(?:Published|Updated|[A-Z][a-z]{2,8}\.?|[\d:,.\-]+|[ap]\.m\.,?|[AP]M|[A-Z]{2,4})$"
)


def looks_like_published_line(line: str) -> bool:
    """A "Published Jan. 1" line even when its date cannot be read (no year, no header).

    Every word must be date-like (a month, a number, "a.m.", a zone name): the
    sentence "Updated Jan. 5 figures showed …" is prose.
    """
    words = line.split()
    return (
        len(words) >= 2
        and words[0] in ("Published", "Updated")
        and any(ch.isdigit() for ch in line)
        and all(_DATE_WORD.match(w) for w in words)
    )


_RELATIVE_RE = re.compile(
    r"^(?P<word>Published|Updated)\s+(?:(?P<n>\d{1,3}|an?|one)\s*"
    r"(?P<unit>sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|[smhdw])s?\.?\s+ago"
    r"|(?P<now>just now))\.?$",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_relative_line(line: str, ref: datetime | None) -> tuple[str, datetime | None] | None:
    """``"Updated 12 minutes ago"`` -> ("updated", ref - 12 min); ``None`` if not such a line.

    Live pages stamp updates relative to the moment of the scrape, which is the
    dump header's time ``ref``; with no ``ref`` the line is still recognised.
    """
    if len(line) > 40 or not line.endswith(("ago", "ago.", "now", "now.")):
        return None
    m = _RELATIVE_RE.match(line)
    if m is None:
        return None
    which = m.group("word").casefold()
    if ref is None:
        return which, None
    if m.group("now"):
        return which, ref
    n = m.group("n").casefold()
    count = int(n) if n.isdigit() else 1
    return which, ref - timedelta(seconds=count * _UNIT_SECONDS[m.group("unit")[0].lower()])


_BARE_DATE_RE = re.compile(r"^[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}$")


def parse_bare_date(line: str) -> datetime | None:
    """A page's date on a line of its own ("March 8, 2025", "Sept. 3, 2025"), else ``None``."""
    if len(line) > 20 or not _BARE_DATE_RE.match(line):
        return None
    when, _ = _parse_news_date(line, None)
    return when


_DATE_SEPARATORS = " \t|·•;,—–-"


def parse_published_line(
    line: str, ref: datetime | None = None
) -> tuple[datetime | None, datetime | None]:
    """``"Published Feb. 18, 2025 Updated Feb. 19, 2025, 4:05 a.m. ET"`` -> (published, updated).

    ``ref`` (the dump header's time) supplies the year of dates written without one.
    """
    m = _PUBLISHED_RE.match(line)
    if not m:
        return None, None
    # "Published Feb. 18, 2025 | Updated …": the separator is not part of the date.
    p_text = m.group("p").rstrip(_DATE_SEPARATORS) if m.group("p") else None
    u_text = m.group("u")
    p = parse_news_date(p_text, ref) if p_text else None
    u = parse_news_date(u_text, ref) if u_text else None
    if u_text and u is None and (rel := parse_relative_line(f"Updated {u_text}", ref)):
        u = rel[1]  # "… Updated 2 hours ago"
    if (p_text and p is None) or (u_text and u is None):
        return None, None
    return p, u
