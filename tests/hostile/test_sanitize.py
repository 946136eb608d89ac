"""Items 1 and 20: terminal sequences are removed at ingestion, the originals kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.dump.lossless import check_lossless
from parsers.dump.parser import parse_text, split_lines
from parsers.files import decode_bytes
from parsers.sanitize import (
    SANITIZED_REASON,
    clean,
    escape_json_controls,
    restore,
    sanitize_text,
    visible,
)
from tests.hostile.kit import CONTROL, OSC52, TITLE, WIPE, hostile_dump, strings

#: Text rich in the characters that matter: controls, ESC-sequence pieces, line ends.
_ALPHABET = st.sampled_from(
    ["\x1b", "\x9b", "\x9d", "\x9c", "\x07", "\x00", "\x7f", "\x85", "\r", "\n", "\t", "[", "]",
     "\\", ";", "0", "2", "J", "m", "P", "a", " ", "é", "\u202e"]
)  # fmt: skip
_TEXT = st.one_of(st.text(), st.lists(_ALPHABET, max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_arbitrary_text_never_yields_a_control_sequence(text):
    result = sanitize_text(text)
    assert not CONTROL.search(result.text.replace("\r", "\n"))  # CR stays as a line end
    assert not CONTROL.search(clean(text)) and "\r" not in clean(text)
    shown = visible(text)
    assert not CONTROL.search(shown) and "\n" not in shown and "\r" not in shown
    # lossless: the originals give the input back, line structure unchanged
    assert restore(result.text, result.removed) == text
    assert len(split_lines(result.text)) == len(split_lines(text))


def test_dump_with_escape_sequences_parses_clean_and_lossless():
    raw = hostile_dump()
    decoded = decode_bytes(raw.encode(), "hostile.txt")
    result = parse_text(decoded.text, "hostile.txt", decoded.removed)
    assert len(result.articles) == 1
    art = result.articles[0]
    record = art.to_dict()
    for s in strings(record):
        assert not CONTROL.search(s), s
    assert art.title == "Ukraine Talks Resume in Geneva"
    assert art.source == "The Harbor Gazette"
    # whole sequences are gone, not just their ESC: no "]52;c;…" or "[31m" fragments
    body = " ".join(b.text for b in art.blocks)
    assert "31m" not in body and "[0m" not in body and "52;c" not in art.title
    # the originals are kept, claimed nowhere, and the contract still holds
    kept = {d.line: d.text for d in art.dropped if d.reason == SANITIZED_REASON}
    assert kept[1].startswith("The " + TITLE)
    assert kept[3] == f"Ukraine {OSC52}Talks Resume in Geneva{WIPE}"
    assert check_lossless(decoded.text, result, decoded.removed) == []
    assert restore(decoded.text, decoded.removed) == raw
    assert "control characters removed from 4 lines" in (decoded.warning or "")


def test_escape_fragments_do_not_become_entities():
    from parsers.entities import extract

    raw = hostile_dump().replace("Officials", "\x1b[1mNATO\x1b[0m officials")
    decoded = decode_bytes(raw.encode(), "hostile.txt")
    art = extract(parse_text(decoded.text, "h.txt", decoded.removed).articles[0])
    names = [e.name for e in art.entities.all()] if art.entities else []
    assert "NATO" in names
    for name in names:
        assert not CONTROL.search(name) and "[" not in name and "1m" not in name.split()


def test_json_output_escapes_c1_controls():
    assert escape_json_controls('{"a": "x\x9bq\x7f"}') == '{"a": "x\\u009bq\\u007f"}'


def test_structured_formats_lose_whole_sequences_too():
    import json

    from parsers.formats import parse_document

    record = {
        "title": "Evil \x1b]0;pwned\x07 title",
        "source": "Src\x1b[2J",
        "url": "http://x/\x1b]52;c;aGk=\x07",
        "author": "Ana \x9b31mLima",
        "content": "Body \x1b[31mred\x1b[0m text.",
        "published": "2026-01-20T07:30:00Z",
    }
    result = parse_document(json.dumps([record]).encode(), "x.json")
    (art,) = result.articles
    for s in strings(art.to_dict()):
        assert not CONTROL.search(s)
        for fragment in ("]0;", "[2J", "]52;", "31m", "[0m"):
            assert fragment not in s, (fragment, s)
    assert art.title == "Evil title" and art.source == "Src"
    assert [b.text for b in art.blocks] == ["Body red text."]
    # the originals are kept in ``dropped``, as for the dumps (lossless)
    kept = {d.text for d in art.dropped if d.reason == SANITIZED_REASON}
    assert {record["title"], record["source"], record["url"], record["author"]} <= kept
    assert record["content"] in kept


def test_giant_tokens_are_not_organisations():
    from parsers.entities import extract

    blob = "ABCDEFGHIJ" * 2000
    text = (
        "Src 2026-01-20 07:30:00\n\nHeadline About Things\n\n"
        "You have been granted access, use your keyboard to continue reading.\n\n"
        f"Headline About Things\n\nOfficials said {blob} was there, and {'Xq' * 10000} too, "
        "said Marco Rubio of NATO.\n"
    )
    decoded = decode_bytes(text.encode(), "x.txt")
    art = extract(parse_text(decoded.text, "x.txt", decoded.removed).articles[0])
    names = sorted(e.name for e in art.entities.all())  # type: ignore[union-attr]
    assert names == ["Marco Rubio", "NATO"]
