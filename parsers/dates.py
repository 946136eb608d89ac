"""Date handling for dumps: header timestamps and "Published … Updated …" lines.

All parsing goes through python-dateutil; US newsroom zone abbreviations
(ET, PT, …) become real time zones so the results are timezone-aware.
"""

from __future__ import annotations

import re
from datetime import datetime
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
    r"^(?P<src>[^\d\s].{0,120}?)\s+"
    r"(?P<ts>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?)$"
)
_PUBLISHED_RE = re.compile(
    r"^(?:Published\s+(?P<p>.+?))?\s*(?:Updated\s+(?P<u>.+?))?\.?$", re.IGNORECASE
)
_MERIDIEM = re.compile(r"\b([ap])\.m\.", re.IGNORECASE)
_MONTH_DOT = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.")


def parse_header_time(line: str) -> tuple[str, datetime] | None:
    """``"The New York Times 2025-02-14 00:11:28"`` -> (source, time), else ``None``."""
    if len(line) > 160:
        return None
    m = HEADER_RE.match(line)
    if not m:
        return None
    try:
        when = du_parser.isoparse(m.group("ts").replace(" ", "T"))
    except ValueError:
        return None
    return m.group("src").strip(), when


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_NEWS_DATE_RE = re.compile(
    r"^(?P<mon>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2}), (?P<year>\d{4})"
    r"(?:,? (?P<h>\d{1,2}):(?P<mi>\d{2}) ?(?P<ap>[ap])\.?m\.?(?: (?P<tz>[A-Z]{2,4}))?)?$"
)


@lru_cache(maxsize=4096)
def parse_news_date(text: str) -> datetime | None:
    """Parse "Feb. 19, 2025, 4:05 a.m. ET" style dates; ``None`` if not a date.

    The newsroom format is read by a regular expression (fast, and dates repeat);
    anything else goes through dateutil.
    """
    m = _NEWS_DATE_RE.match(text.strip().rstrip("."))
    if m:
        month = _MONTHS.get(m.group("mon")[:3].lower())
        tzname = m.group("tz")
        if month and (tzname is None or tzname in _TZINFOS):
            try:
                if m.group("h") is None:
                    return datetime(int(m.group("year")), month, int(m.group("day")))
                hour = int(m.group("h")) % 12 + (12 if m.group("ap") == "p" else 0)
                return datetime(
                    int(m.group("year")),
                    month,
                    int(m.group("day")),
                    hour,
                    int(m.group("mi")),
                    tzinfo=_TZINFOS[tzname] if tzname else None,
                )
            except ValueError:
                return None
    cleaned = _MERIDIEM.sub(lambda m: m.group(1).upper() + "M", text.strip().rstrip("."))
    cleaned = _MONTH_DOT.sub(lambda m: m.group(1)[:3], cleaned)
    if not any(ch.isdigit() for ch in cleaned):
        return None
    try:
        return du_parser.parse(cleaned, tzinfos=_TZINFOS, fuzzy=False)
    except (ValueError, OverflowError):
        return None


def parse_published_line(line: str) -> tuple[datetime | None, datetime | None]:
    """``"Published Feb. 18, 2025 Updated Feb. 19, 2025, 4:05 a.m. ET"`` -> (published, updated)."""
    m = _PUBLISHED_RE.match(line)
    if not m:
        return None, None
    p = parse_news_date(m.group("p")) if m.group("p") else None
    u = parse_news_date(m.group("u")) if m.group("u") else None
    if (m.group("p") and p is None) or (m.group("u") and u is None):
        return None, None
    return p, u
