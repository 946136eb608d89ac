"""Metamorphic checks: rewrites of a dump that must not change its records.

Line endings, byte-order marks, blank lines, trailing whitespace, no-break and
zero-width spaces, advertisements between paragraphs or in the page head, stray
". " artifacts and concatenation are all noise the family's scrapes add; every
fixture must parse to the same records (and stay lossless) with or without it.
"""

from __future__ import annotations

import pytest

from parsers.dump.lossless import check_lossless
from parsers.dump.parser import parse_text
from parsers.files import read_text
from tests.support import DUMPS, NYT

FILES = sorted(p for p in DUMPS.glob("*.txt") if p.stat().st_size) + ([NYT] if NYT.exists() else [])
PAYWALL = "You have been granted access"
SUPPORTED = "Supported by"


def _sig(text: str) -> list[tuple]:
    result = parse_text(text)
    assert check_lossless(text, result) == []
    return [
        (
            a.source,
            a.title,
            a.kicker,
            a.dek,
            a.byline,
            a.contributors,
            a.dateline,
            a.paragraphs,
            tuple(b.kind for b in a.blocks),
            tuple((c.text, c.credit) for c in a.captions),
            a.truncated,
            a.published,
            a.updated,
        )
        for a in result.articles
    ]


def _lines(fn):
    return lambda t: "\n".join(fn(line) for line in t.split("\n"))


def _after(pred, extra: list[str]):
    def rewrite(t: str) -> str:
        out: list[str] = []
        for line in t.split("\n"):
            out.append(line)
            if pred(line):
                out += extra
        return "\n".join(out)

    return rewrite


REWRITES = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "bom": lambda t: "\ufeff" + t,
    "more_blanks": lambda t: t.replace("\n\n", "\n\n\n"),
    "no_blanks": lambda t: "\n".join(x for x in t.split("\n") if x.strip()),
    "trailing_ws": _lines(lambda x: x + " \t"),
    "leading_blanks": lambda t: "\n\n \n" + t,
    "nbsp_bylines": lambda t: t.replace("By ", "By\u00a0"),
    "zero_width": _lines(lambda x: x + "\u200b" if x else x),
    "ads_in_body": _after(lambda x: len(x) > 100, ["", "Advertisement", "", "SKIP ADVERTISEMENT"]),
    "ads_in_head": _after(lambda x: x.startswith(PAYWALL), ["", "Advertisement", "", SUPPORTED]),
    "stray_dots": _lines(lambda x: ". " + x if len(x) > 100 else x),
}


@pytest.mark.parametrize("name", sorted(REWRITES))
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_rewrite_keeps_the_records(path, name):
    text = read_text(str(path)).text
    assert _sig(REWRITES[name](text)) == _sig(text)


def test_concatenated_dumps_parse_as_their_parts():
    texts = [read_text(str(p)).text for p in FILES]
    for a, b in zip(texts, texts[1:] + texts[:1], strict=True):
        assert _sig(a.rstrip("\n") + "\n\n" + b) == _sig(a) + _sig(b)
