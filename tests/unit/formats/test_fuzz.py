"""Hypothesis: no detector or mapper raises on arbitrary bytes, text or JSON.

The only exception ``parse_document`` may raise is ``InputError`` (an unreadable
file, reported as a one-line error).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.files import InputError
from parsers.formats import FORMATS, detect_format, parse_document
from parsers.formats.feeds import parse_feed
from parsers.formats.html_blocks import html_to_blocks, html_to_text
from parsers.formats.html_page import parse_html
from parsers.formats.jsonrec import parse_json, parse_jsonl
from parsers.formats.markdown import parse_markdown
from parsers.formats.plaintext import parse_plaintext

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Bytes shaped like the formats' openings, so the fuzzing reaches past detection.
_PREFIXES = st.sampled_from(
    [
        b"",
        b"<?xml version='1.0'?><rss><channel><item><title>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
        b"<!DOCTYPE html><html><body><p>",
        b'{"title": ',
        b'[{"text": "',
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
        b"Title: x\nURL Source: y\nMarkdown Content:\n",
        b"Source Name 2026-01-01 10:00:00\n\n",
        b"\x1f\x8b",
        b"\xff\xfe<\x00",
    ]
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(
            st.sampled_from(["title", "text", "date", "url", "authors", "source", "items", "x"])
            | st.text(max_size=8),
            inner,
            max_size=6,
        )
    ),
    max_leaves=20,
)


@FAST
@given(_PREFIXES, st.binary(max_size=600), st.sampled_from(["x", "a.json", "b.xml.gz", "-"]))
def test_detect_and_parse_document_never_raise(prefix: bytes, data: bytes, name: str) -> None:
    raw = prefix + data
    assert detect_format(raw, name) in FORMATS
    try:
        result = parse_document(raw, name)
    except InputError:
        return
    assert all(isinstance(w, str) and "\n" not in w for w in result.warnings)


@FAST
@given(_JSON)
def test_any_json_document_or_line_maps_without_raising(value: object) -> None:
    text = json.dumps(value)
    parse_json(text, "x.json")
    parse_jsonl(text + "\n" + text, "x.jsonl")
    parse_json(json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": value}), "f")


@FAST
@given(st.text(max_size=800))
def test_text_mappers_never_raise(text: str) -> None:
    parse_markdown(text, "x.md")
    parse_markdown("Title: t\nURL Source: u\nMarkdown Content:\n" + text, "x.md")
    parse_plaintext(text, "x.txt")
    html_to_blocks(text, "https://h.example/")
    html_to_text(text)


@SLOW
@given(_PREFIXES, st.binary(max_size=400))
def test_feed_and_html_mappers_never_raise(prefix: bytes, data: bytes) -> None:
    parse_feed(prefix + data, "x.xml")
    parse_html(prefix + data, "x.html")
