"""Taking a result out of newsdesk: JSON Lines, CSV and a Markdown digest.

* ``jsonl``: one ``Article.to_dict()`` per line, exactly what ``newsdesk parse``
  writes, so an export reads back as the same records;
* ``csv``: one row per article for a spreadsheet, entity columns (people,
  countries, organisations, places) ``;``-joined; a cell that a spreadsheet
  would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a
  leading ``'``;
* ``md``: a readable digest (headline, source, date, dek, link), with the
  article text escaped so it cannot inject links, HTML or headings.

Writers take any iterable of articles and a text stream and return the count.
:func:`write_file` writes a file atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from parsers.model import Article, Entity
from parsers.sanitize import escape_json_controls
from parsers.when import local_time

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "write",
    "write_csv",
    "write_file",
    "write_jsonl",
    "write_markdown",
]

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "published",
    "source",
    "title",
    "kicker",
    "dek",
    "byline",
    "url",
    "people",
    "countries",
    "organisations",
    "places",
    "path",
    "line",
)
#: Format name -> file suffix.
FORMATS: dict[str, str] = {"jsonl": ".jsonl", "csv": ".csv", "md": ".md"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """The records as ``newsdesk parse --format jsonl`` writes them."""
    n = 0
    for a in articles:
        out.write(escape_json_controls(json.dumps(a.to_dict(), ensure_ascii=False)))
        out.write("\n")
        n += 1
    return n


def _cell(value: str) -> str:
    value = _CONTROL.sub(" ", value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _names(entities: Iterable[Entity]) -> str:
    return ";".join(dict.fromkeys(e.name.replace(";", ",") for e in entities))


def write_csv(articles: Iterable[Article], out: TextIO) -> int:
    """One row per article, a header row first (:data:`CSV_COLUMNS`)."""
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    n = 0
    for a in articles:
        e = a.entities
        row = [
            a.id,
            a.published.isoformat() if a.published else "",
            a.source,
            a.title,
            a.kicker,
            a.dek,
            ";".join(b.replace(";", ",") for b in a.byline),
            a.url,
            _names(e.people) if e else "",
            _names(e.countries) if e else "",
            _names(e.organizations) if e else "",
            _names(e.places) if e else "",
            a.origin.path,
            str(a.origin.line),
        ]
        w.writerow([_cell(v) for v in row])
        n += 1
    return n


def _md(text: str) -> str:
    """Untrusted text as inert Markdown: one line, specials escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(_CONTROL.sub(" ", text).split()))


def _md_link(url: str) -> str:
    url = url.strip()
    if not re.match(r"https?://[^\s<>]+\Z", url):
        return ""
    return f"<{url}>"


def _when_text(when: datetime) -> str:
    """The article's date on the reader's clock (``parsers.when``); a date given
    without a time stays just the date."""
    local = local_time(when)
    if when.tzinfo is None and (when.hour, when.minute, when.second) == (0, 0, 0):
        return f"{local:%Y-%m-%d}"
    return f"{local:%Y-%m-%d %H:%M}"


def write_markdown(articles: Iterable[Article], out: TextIO, title: str = "") -> int:
    """A digest: a heading per article, then source and date, dek, link."""
    items: list[str] = []
    for a in articles:
        parts = [f"## {_md(a.title) or '(untitled)'}", ""]
        meta = [_md(a.source)] if a.source else []
        if a.published:
            meta.append(_when_text(a.published))
        if a.byline:
            meta.append("by " + _md(", ".join(a.byline)))
        if meta:
            parts += ["*" + " · ".join(meta) + "*", ""]
        if a.dek:
            parts += [_md(a.dek), ""]
        link = _md_link(a.url)
        if link:
            parts += [link, ""]
        items.append("\n".join(parts))
    head = f"# {_md(title) or 'newsdesk digest'}\n\n"
    noun = "article" if len(items) == 1 else "articles"
    head += f"{len(items)} {noun}.\n\n"
    out.write(head + "\n".join(items))
    return len(items)


def write(fmt: str, articles: Iterable[Article], out: TextIO, title: str = "") -> int:
    """Write ``articles`` to ``out`` in ``fmt`` (a key of :data:`FORMATS`)."""
    writers: dict[str, Callable[[Iterable[Article], TextIO], int]] = {
        "jsonl": write_jsonl,
        "csv": write_csv,
        "md": lambda arts, o: write_markdown(arts, o, title),
    }
    if fmt not in writers:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    return writers[fmt](articles, out)


def write_file(fmt: str, articles: Iterable[Article], path: str | Path, title: str = "") -> int:
    """Write to ``path`` atomically: readers see the old file or the whole new one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        newline = "" if fmt == "csv" else None
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            n = write(fmt, articles, f, title)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; a new one gets the usual 0o666 minus the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
