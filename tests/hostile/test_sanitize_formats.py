"""Issue 9, the sanitiser's last pieces: bidi controls are removed like control
characters, and feeds, JSON and HTML keep the originals of what was cleaned
(in ``dropped``, as the dumps do): one sanitising step, lossless in every format."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.dump.lossless import check_lossless
from parsers.dump.parser import parse_text
from parsers.files import decode_bytes
from parsers.formats import parse_document
from parsers.sanitize import (
    SANITIZED_REASON,
    clean,
    has_controls,
    keeping_originals,
    restore,
    sanitize_text,
    take_originals,
    visible,
)
from tests.hostile.kit import CONTROL, OSC52, TITLE, WIPE, strings

#: Right-to-left override, left-to-right embedding, first-strong isolate, pop.
RLO, LRE, FSI, PDI = "\u202e", "\u202a", "\u2068", "\u2069"
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _inert(s: str) -> bool:
    return not CONTROL.search(s) and not BIDI.search(s)


def test_bidi_controls_are_removed_and_kept():
    text = f"Invoice {RLO}txt.exe{PDI} attached\nplain line\n{FSI}x{LRE}\n"
    result = sanitize_text(text)
    assert result.text == "Invoice txt.exe attached\nplain line\nx\n"
    assert [r.line for r in result.removed] == [1, 3]
    assert restore(result.text, result.removed) == text
    assert has_controls(RLO) and not has_controls("\u200f marks stay \u200e")
    assert clean(f"a{RLO}b") == "ab"
    assert visible(f"evil{RLO}name") == "evil\\u202ename"


def test_bidi_in_a_utf8_dump_is_found_by_the_byte_scan():
    raw = (
        "The Harbor Gazette 2026-01-20 07:30:00\n\n"
        f"Ferry fares {RLO}rise{PDI} again\n\n"
        "You have been granted access, use your keyboard to continue reading.\n\n"
        f"Ferry fares rise again\n\nFares rise in April, the operator said on Monday.\n"
    )
    decoded = decode_bytes(raw.encode(), "bidi.txt")
    assert not BIDI.search(decoded.text) and len(decoded.removed) == 1
    result = parse_text(decoded.text, "bidi.txt", decoded.removed)
    art = result.articles[0]
    assert art.title == "Ferry fares rise again"
    kept = [d for d in art.dropped if d.reason == SANITIZED_REASON]
    assert [d.text for d in kept] == [f"Ferry fares {RLO}rise{PDI} again"]
    assert check_lossless(decoded.text, result, decoded.removed) == []


_FEED = (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
    f"<title>Harbor {RLO}Gazette</title><link>https://h.example/</link>"
    f"<item><title>Ukraine {RLO}Talks{PDI} Resume</title>"
    "<link>https://h.example/a</link>"
    f"<description>&lt;p&gt;First {LRE}paragraph{PDI}.&lt;/p&gt;</description>"
    "</item><item><title>Clean item</title><link>https://h.example/b</link>"
    "<description>Nothing to see.</description></item></channel></rss>"
)


def test_feed_fields_are_cleaned_with_the_originals_kept():
    result = parse_document(_FEED.encode(), "feed.xml")
    first, second = result.articles
    for art in (first, second):
        assert all(_inert(s) for s in strings(art.to_dict()))
    assert first.title == "Ukraine Talks Resume" and first.source == "Harbor Gazette"
    assert first.blocks[0].text == "First paragraph."
    kept = {d.text for d in first.dropped if d.reason == SANITIZED_REASON}
    assert f"Ukraine {RLO}Talks{PDI} Resume" in kept  # the item's title
    assert f"Harbor {RLO}Gazette" in kept  # the feed's title, with its first item
    assert any(LRE in k for k in kept)  # the body paragraph
    assert not [d for d in second.dropped if d.reason == SANITIZED_REASON]


def test_json_escapes_decode_to_controls_that_are_cleaned_and_kept():
    rec = {
        "title": f"Talks {OSC52}resume{WIPE}",
        "text": f"Para one {TITLE}ends.\n\nPara {RLO}two.",
        "url": "https://x.example/t",
        "author": f"Ana {FSI}Lima",
    }
    data = json.dumps(rec) + "\n" + json.dumps({"title": "Plain", "text": "Body."}) + "\n"
    assert "\\u001b" in data  # JSON escapes: no control byte in the file itself
    result = parse_document(data.encode(), "x.jsonl")
    art, plain = result.articles
    assert all(_inert(s) for s in strings(art.to_dict()))
    assert art.title == "Talks resume" and art.byline == ("Ana Lima",)
    assert [b.text for b in art.blocks] == ["Para one ends.", "Para two."]
    kept = {d.text for d in art.dropped if d.reason == SANITIZED_REASON}
    assert rec["title"] in kept and rec["author"] in kept
    assert any(OSC52 not in k and TITLE in k for k in kept)
    assert not plain.dropped


def test_keeping_originals_is_per_block_and_forgotten_outside():
    assert take_originals() == []
    clean(f"outside{RLO}")  # no block open: nothing recorded
    with keeping_originals() as outer:
        clean(f"a{RLO}")
        with keeping_originals() as inner:
            clean(f"b{RLO}")
        assert inner == [f"b{RLO}"]
        assert take_originals() == [f"a{RLO}"] and outer == []
    assert take_originals() == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\x1b", "[", "2", "J", RLO, PDI, "\x9b", "é"])))
def test_arbitrary_json_titles_come_out_inert(title):
    data = json.dumps({"title": title, "text": title + " body."}).encode()
    for art in parse_document(data, "t.json").articles:
        assert all(_inert(s) for s in strings(art.to_dict()))


def test_json_output_escapes_bidi_controls():
    from parsers.sanitize import escape_json_controls

    dumped = json.dumps({"dropped": f"a{RLO}b{PDI}"}, ensure_ascii=False)
    assert escape_json_controls(dumped) == '{"dropped": "a\\u202eb\\u2069"}'
    assert json.loads(escape_json_controls(dumped)) == json.loads(dumped)
