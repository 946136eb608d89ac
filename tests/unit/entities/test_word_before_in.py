"""The fast reading of the word before "in" ("anger in Beijing") gives what the
regex it replaced gives, on any text and window."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.entities.cues import _word_before_in
from parsers.entities.patterns import LAST_WORD_RE


def regex_reading(text: str, lo: int, s: int) -> str:
    m = LAST_WORD_RE.search(text, lo, s)
    return m.group(1) if m else ""


@settings(max_examples=1500)
@given(st.text(alphabet="ain zA”\"’' \u00a0\n.", max_size=24), st.data())
def test_the_fast_reading_equals_the_regex(text: str, data: st.DataObject) -> None:
    s = data.draw(st.integers(0, len(text)))
    lo = data.draw(st.integers(0, s))
    assert _word_before_in(text, lo, s) == regex_reading(text, lo, s)


def test_examples() -> None:
    text = "There was anger in Beijing and “fury” in Kyiv"
    assert _word_before_in(text, 0, text.index("Beijing")) == "anger"
    assert _word_before_in(text, 0, text.index("Kyiv")) == "fury"
    assert _word_before_in(text, 0, text.index("and")) == ""
