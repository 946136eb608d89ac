"""Mention-level bars on the newswire-style sets (issue 13): exact spans, by kind."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WIRE = ROOT / "tests" / "fixtures" / "entities" / "newswire"

# first run -> now: 1996 0.745 -> 0.957 (tuned on it), 1997 0.884 (first run, written
# after the tuning) -> 0.917
BARS = {"wire_1996": 0.94, "wire_1997": 0.90}
# per-article entity-list F1 on running prose (issue 13 target 0.80); first measured
# (scorer added after the tuning): 1996 0.934, 1997 0.888; every block: 0.948, 0.908
LIST_BARS = {"wire_1996": 0.92, "wire_1997": 0.87}


@pytest.mark.parametrize("name", sorted(BARS))
def test_newswire_mention_f1(name: str) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from entities_eval import evaluate_mentions

    res = evaluate_mentions(WIRE / f"{name}.tagged.txt", out=io.StringIO())
    assert res["all"][2] >= BARS[name]
    for kind in ("PER", "LOC", "ORG"):
        assert res[kind][2] >= 0.85, kind
    assert res["dateline"][2] == 1.0
    assert res["list:prose"][2] >= LIST_BARS[name]
    assert res["list:all"][2] >= LIST_BARS[name]


def test_gold_entities_cluster_surnames_initials_not_place_words() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from entities_eval import gold_entities, untag

    text, spans = untag(
        "[PER Laurent Kabila] met [PER Kabila]'s aides; the [ORG International Committee of"
        " the Red Cross] ([ORG ICRC]) flew from [LOC Lake Chad] to [LOC Chad] and [LOC U.S.]"
        " and [LOC United States] officials"
    )
    gold = [("blocks", 0, a, b, t) for a, b, t in spans]
    got = gold_entities({"title": "", "blocks": [text]}, gold, lambda m: True)
    names = sorted((tag, name, len(forms)) for tag, name, forms in got)
    assert names == [
        ("LOC", "Chad", 1),
        ("LOC", "Lake Chad", 1),
        ("LOC", "United States", 2),
        ("ORG", "International Committee of the Red Cross", 2),
        ("PER", "Laurent Kabila", 2),
    ]


def test_tagged_gold_parses_to_exact_spans() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from entities_eval import load_tagged

    docs = load_tagged(WIRE / "wire_1996.tagged.txt")
    assert len(docs) == 16
    doc, gold = docs[1]
    title = str(doc["title"])
    assert [title[a:b] for f, _, a, b, _ in gold if f == "title"] == [
        "RUSSIA",
        "YELTSIN",
        "LEBED",
        "CHECHNYA",
    ]
    assert sum(1 for d, g in docs for m in g if m[4] != "MISC") == 412
