"""Plain-text articles: headline on the first line, then paragraphs (the BBC dataset shape).

One record per file. Paragraphs are separated by blank lines; a file with no
blank line between its body lines has one paragraph a line. A short "By …"
line right after the headline is the byline. Every non-blank line is recorded
in ``Article.lines`` or a block, so ``parse --check`` holds as for dumps.
"""

from __future__ import annotations

import itertools
import os
import re

from parsers.formats.common import FormatResult, build_article, clean_text, split_names
from parsers.model import Block

__all__ = ["parse_plaintext"]

_BYLINE = re.compile(r"^by\s+[A-Z\u00c0-\u024f]", re.IGNORECASE)


def parse_plaintext(text: str, path: str) -> FormatResult:
    """One article; never raises."""
    from parsers.dump.parser import split_lines  # same line splitting as dumps

    result = FormatResult("text")
    lines = split_lines(text)
    nonblank = [i for i, s in enumerate(lines) if s]
    if not nonblank:
        result.warnings.append("no text")
        return result
    t = nonblank[0]
    title = clean_text(lines[t])
    claimed: list[tuple[int, str]] = [(t + 1, "title")]
    byline: tuple[str, ...] = ()
    rest = nonblank[1:]
    if rest and _BYLINE.match(lines[rest[0]]) and len(lines[rest[0]]) < 120:
        byline = split_names(lines[rest[0]])
        if byline:
            claimed.append((rest[0] + 1, "byline"))
            rest = rest[1:]
    blocks: list[Block] = []
    has_blank_gaps = any(b - a > 1 for a, b in itertools.pairwise(rest))
    para: list[int] = []

    def flush() -> None:
        if para:
            blocks.append(
                Block("paragraph", clean_text(" ".join(lines[j] for j in para)), para[0] + 1)
            )
            claimed.extend((j + 1, "blocks") for j in para[1:])
            para.clear()

    prev = -2
    for i in rest:
        if not has_blank_gaps or i != prev + 1:
            flush()
        para.append(i)
        prev = i
    flush()
    if len(title) > 300:
        result.warnings.append("first line is very long for a headline")
    name = os.path.basename(path)
    result.articles.append(
        build_article(
            path=path,
            line=t + 1,
            title=title,
            source=_source_of(path) or name or "unknown",
            blocks=blocks,
            byline=byline,
            lines=[c for c in claimed if c[1] != "blocks"],
        )
    )
    return result


def _source_of(path: str) -> str:
    """The folder a file sits in (``bbc/business/001.txt`` -> ``business``), else ''."""
    if path in ("-", "<string>", ""):
        return "stdin" if path == "-" else ""
    parent = os.path.basename(os.path.dirname(path))
    return parent
