"""Every hand-written dump fixture against the oracle beside it (``<name>.expected.json``).

The keys are described in ``tests/fixtures/dumps/README.md``; an oracle holding ``error``
names a file that must not read as text.
"""

from __future__ import annotations

import json

import pytest

from parsers.dump.lossless import check_lossless
from parsers.dump.parser import parse_text
from parsers.files import InputError, read_text
from tests.support import DUMPS

ORACLE_SUFFIX = ".expected.json"


def _oracles() -> dict[str, dict]:
    """``{fixture file name: its oracle}`` for every ``*.expected.json`` in the folder."""
    out: dict[str, dict] = {}
    for oracle in sorted(DUMPS.glob("*" + ORACLE_SUFFIX)):
        stem = oracle.name.removesuffix(ORACLE_SUFFIX)
        (data,) = [p for p in DUMPS.glob(stem + ".*") if not p.name.endswith(ORACLE_SUFFIX)]
        out[data.name] = json.loads(oracle.read_text(encoding="utf-8"))
    return out


ORACLES = _oracles()
CASES = sorted((n, o) for n, o in ORACLES.items() if "error" not in o)
ERRORS = sorted(n for n, o in ORACLES.items() if "error" in o)


def test_every_fixture_has_an_oracle() -> None:
    inputs = {p.name for p in DUMPS.iterdir() if p.suffix in (".txt", ".bin")}
    assert inputs == set(ORACLES)


def _load(name: str):
    try:
        decoded = read_text(str(DUMPS / name))
    except InputError:
        return "", None
    return decoded.text, parse_text(decoded.text, name)


@pytest.mark.parametrize(("name", "spec"), CASES, ids=[c[0] for c in CASES])
def test_fixture_matches_oracle(name, spec):
    text, result = _load(name)
    if result is None:
        assert spec["articles"] == 0
        return
    assert check_lossless(text, result) == []
    assert len(result.articles) == spec["articles"]
    for art, want in zip(result.articles, spec["items"], strict=True):
        got = {
            "source": art.source,
            "retrieved": art.retrieved.isoformat() if art.retrieved else None,
            "title": art.title,
            "kicker": art.kicker,
            "dek": art.dek,
            "byline": list(art.byline),
            "contributors": list(art.contributors),
            "dateline": art.dateline,
            "paragraphs": len(art.paragraphs),
            "subheads": sum(b.kind == "subhead" for b in art.blocks),
            "time_blocks": sum(b.kind == "time" for b in art.blocks),
            "captions": len(art.captions),
            "truncated": art.truncated,
            "block_kinds": [b.kind for b in art.blocks],
            "time_texts": [b.text for b in art.blocks if b.kind == "time"],
            "subhead_texts": [b.text for b in art.blocks if b.kind == "subhead"],
            "paragraph_texts": list(art.paragraphs),
            "first_paragraph": art.paragraphs[0] if art.paragraphs else None,
            "last_paragraph": art.paragraphs[-1] if art.paragraphs else None,
            "caption_list": [{"text": c.text, "credit": c.credit} for c in art.captions],
            "published_date": art.published.date().isoformat() if art.published else None,
            "updated_date": art.updated.date().isoformat() if art.updated else None,
            "published": art.published.isoformat() if art.published else None,
            "updated": art.updated.isoformat() if art.updated else None,
            "origin_line": art.origin.line,
        }
        for key, value in want.items():
            assert got[key] == value, f"{name} / {art.title!r}: {key}"


@pytest.mark.parametrize("name", ERRORS)
def test_bad_fixtures_raise_input_error(name):
    with pytest.raises(InputError):
        read_text(str(DUMPS / name))
