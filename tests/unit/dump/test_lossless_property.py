"""Property: on arbitrary text the parser never raises and accounts for every line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.dump.lossless import check_lossless
from parsers.dump.parser import parse_text

PIECES = [
    "The Wire 2026-03-02 08:15:00",
    "You have been granted access, use your keyboard to continue reading.",
    "News Analysis",
    "Advertisement",
    "Related Content",
    "By Ana Lima and Bo Chen",
    "Reporting from Lagos, Nigeria",
    "Published Feb. 18, 2025 Updated Feb. 19, 2025, 4:05 a.m. ET",
    "Credit...Jo Park for The Wire",
    "Ana Lima contributed reporting.",
    "9:42 a.m. ET",
    "What Comes Next",
    ". A stray-dot paragraph.",
    "A plain paragraph of prose.",
    "Headline Of Note",
    "",
    "\ufeff",
    "\r",
]

line = st.one_of(st.sampled_from(PIECES), st.text(max_size=40))
documents = st.lists(line, max_size=40).map("\n".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_structured_noise_is_lossless(text):
    assert check_lossless(text, parse_text(text)) == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_is_lossless(text):
    assert check_lossless(text, parse_text(text)) == []
