"""Checks of the parser's lossless contract, used by the tests and ``newsdesk parse --check``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from parsers.dump.parser import ParseResult, split_lines
from parsers.model import Article
from parsers.sanitize import SANITIZED_REASON, Removed

_WORD = re.compile(r"[^\W_]+")
#: Words the parser legitimately removes from a line (markers around the value it keeps).
_MARKERS = frozenset(
    {
        "by",
        "and",
        "reporting",
        "from",
        "contributed",
        "published",
        "updated",
        "credit",
        "in",
        "research",
        "additional",
        "was",
    }
)


def _field_text(article: Article, field: str, lineno: int) -> str:
    """The text held by ``field`` of ``article`` for input line ``lineno``."""
    if field == "title":
        return article.title
    if field == "kicker":
        return article.kicker
    if field == "dek":
        return article.dek
    if field == "url":
        return article.url
    if field == "dateline":
        return article.dateline
    if field == "byline":
        return " ".join(article.byline)
    if field == "contributors":
        return article.contributor_note
    if field in ("published", "updated"):
        return ""  # dates are re-encoded; presence of the claim is what we check
    if field == "blocks":
        return " ".join(b.text for b in article.blocks if b.line == lineno)
    if field == "captions":
        return " ".join(f"{c.text} {c.credit}" for c in article.captions)
    if field == "dropped":
        return " ".join(d.text for d in article.dropped if d.line == lineno)
    raise KeyError(field)


def check_lossless(text: str, result: ParseResult, removed: Sequence[Removed] = ()) -> list[str]:
    """Problems with the contract: lines unclaimed, claimed twice, or whose words went missing.

    ``text`` is the sanitised text the parser read; ``removed`` the originals of
    its sanitised lines, each of which must be kept in a ``dropped`` list.
    """
    lines = split_lines(text)
    claims: Counter[int] = Counter()
    problems: list[str] = []
    kept = {(d.line, d.text) for d in result.stray if d.reason == SANITIZED_REASON}
    for art in result.articles:
        kept.update((d.line, d.text) for d in art.dropped if d.reason == SANITIZED_REASON)
    for r in removed:
        if (r.line, r.original) not in kept:
            problems.append(f"line {r.line}: original before sanitising not kept")
    for d in result.stray:
        if d.reason != SANITIZED_REASON:
            claims[d.line] += 1
    for art in result.articles:
        claimed = [*art.lines, *((b.line, "blocks") for b in art.blocks)]
        for lineno, field in claimed:
            claims[lineno] += 1
            words = _WORD.findall(lines[lineno - 1].casefold())
            if field in ("published", "updated"):
                continue
            held = set(_WORD.findall(_field_text(art, field, lineno).casefold()))
            missing = [w for w in words if w not in held and w not in _MARKERS]
            if missing:
                problems.append(f"line {lineno} -> {field}: words missing {missing[:5]}")
    for i, raw in enumerate(lines, start=1):
        if raw and claims[i] != 1:
            problems.append(f"line {i} claimed {claims[i]} times: {raw.strip()[:60]!r}")
    for i in claims:
        if not lines[i - 1].strip():
            problems.append(f"blank line {i} claimed")
    return problems
