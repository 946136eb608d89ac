"""Where the query's words and phrases occur in an article: patterns for the reader.

The search itself goes through FTS5 (porter stems, prefixes, folded accents); these
patterns only mark what the reader shows, so they approximate it: a word matches the
words that begin with its stem (``tariff`` marks "tariffs"), ``word*`` its prefix, a
phrase its words in order with any spacing. Excluded terms mark nothing.
"""

from __future__ import annotations

import re

from parsers.corpus.query import FilterState, text_alternatives

__all__ = ["match_patterns", "stem"]

_SUFFIXES = ("ing", "ies", "es", "ed", "s", "e", "y")


def stem(word: str) -> str:
    """``tariffs`` -> ``tariff``, ``talks`` -> ``talk``: a crude stem (never below
    three letters) for marking, not for searching."""
    lowered = word.casefold()
    for suffix in _SUFFIXES:
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            return lowered[: -len(suffix)]
    return lowered


def _word_pattern(word: str) -> str | None:
    core = word[:-1] if word.endswith("*") else stem(word)
    core = core.strip("'\"")
    if not any(c.isalnum() for c in core):
        return None
    return r"\b" + re.escape(core).replace("'", "['’]") + r"\w*"


def _phrase_pattern(phrase: str) -> str | None:
    words = [re.escape(w).replace("'", "['’]") for w in phrase.replace("’", "'").split()]
    if not words:
        return None
    return r"\b" + r"\s+".join(words) + r"\b"


def match_patterns(state: FilterState) -> tuple[re.Pattern[str], ...]:
    """One case-insensitive pattern per word or phrase the filter searches for."""
    out: list[re.Pattern[str]] = []
    for term in state.terms:
        if term.negate or term.field not in ("text", "phrase"):
            continue
        pieces = [(term.value, True)] if term.field == "phrase" else text_alternatives(term.value)
        for value, phrase in pieces:
            source = _phrase_pattern(value) if phrase else _word_pattern(value)
            if source is not None:
                out.append(re.compile(source, re.IGNORECASE))
    return tuple(out)
