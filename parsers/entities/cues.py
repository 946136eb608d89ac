"""Cues in the words around a mention: is a place used as a location ("in Kyiv"), does an
appositive or "said" make it a person, does a role or kind noun make it an organisation.

Each cue that reads text outside the chunk being classified sets ``ctx.dep`` (the chunk
memo must not replay the result); :func:`lit_class` is the memo's key for the literal cue.
"""

from __future__ import annotations

import re

from parsers.entities.lexicon import (
    LITERAL_BEFORE,
    OF_LITERAL,
    ORG_APPOS_NOUNS,
    PERSON_APPOS_NOUNS,
    REACTION_NOUNS,
)
from parsers.entities.patterns import (
    APPOS_RE,
    CLAUSE_VERB_RE,
    COORD_TAIL_RE,
    CUE_TAILS,
    ORG_FOLLOW_RE,
    ORG_KIND_BEFORE_RE,
    ORG_NOUN_BEFORE_RE,
    ORG_ROLE_BEFORE_RE,
    POSS_APPOS_RE,
    ROLE_TAILS,
    SAID_AFTER_RE,
    WHO_RE,
)
from parsers.entities.records import Ctx
from parsers.entities.surface import prev_word


def _reaction_in(ctx: Ctx, text: str, s: int, cs: int) -> bool:
    """Is the "in" right before ``s`` governed by a mood noun ("anger in Beijing")?"""
    lo = max(0, s - 24)
    if s > cs and lo < cs:  # at the chunk start, the literal class of the memo key has it
        ctx.dep = True
    return _word_before_in(text, lo, s) in REACTION_NOUNS


def _word_before_in(text: str, lo: int, s: int) -> str:
    """``LAST_WORD_RE.search(text, lo, s).group(1)`` ("" if no match), read from the end:
    the regex tries every offset of the window (6 us a call, thousands of calls)."""
    t = text[lo:s]
    u = t.rstrip(" \u00a0")
    if len(u) == len(t) or not u.endswith("in"):
        return ""
    v = u[:-2]
    w = v.rstrip(" \u00a0")
    if len(w) == len(v):
        return ""
    if w and w[-1] in "”\"’'":
        w = w[:-1]
    k = len(w)
    while k and "a" <= w[k - 1] <= "z":
        k -= 1
    return w[k:]


def is_literal(ctx: Ctx, text: str, s: int, e: int) -> bool:
    """Is the place at ``s`` used as a location ("in Kyiv", "a visit to Kyiv")?

    Marks the chunk memo as context-dependent when it has to read text before
    the current chunk for a segment other than the chunk's first.
    """
    cs = ctx.chunk_start
    pw = prev_word(text, s)
    if pw in LITERAL_BEFORE:
        return pw != "in" or not _reaction_in(ctx, text, s, cs)
    if pw in ("and", "or"):
        # "in London and Oslo": the preposition governs both
        m = COORD_TAIL_RE.search(text, max(0, s - 80), s)
        if m:
            if s > cs and m.start(1) < cs:
                ctx.dep = True
            pw = prev_word(text, m.start(1))
            return pw in LITERAL_BEFORE and (
                pw != "in" or not _reaction_in(ctx, text, m.start(1), cs)
            )
        return False
    if pw == "of":
        if s > cs and s - 4 < cs:
            ctx.dep = True
        return prev_word(text, s - 3) in OF_LITERAL
    return False


class LazyLiteral:
    """``is_literal(text, s, e) or (s == 0 and all(w.isupper() for w in words))`` as a
    bool, computed when first tested (most segments are names that never ask)."""

    __slots__ = ("ctx", "e", "s", "text", "value", "words")

    def __init__(self, ctx: Ctx, text: str, s: int, e: int, words: list[str]) -> None:
        self.ctx, self.text, self.s, self.e, self.words = ctx, text, s, e, words
        self.value: bool | None = None

    def __bool__(self) -> bool:
        v = self.value
        if v is None:
            s = self.s
            v = self.value = is_literal(self.ctx, self.text, s, self.e) or (
                s == 0 and all(w.isupper() for w in self.words)
            )
        return v


def person_appositive(text: str, e: int) -> bool:
    """ ", the company’s chairman,": a person's noun in the appositive after ``e``."""
    m = APPOS_RE.match(text, e)
    return m is not None and any(
        w.strip("’'s") in PERSON_APPOS_NOUNS for w in m.group(1).lower().split()[:5]
    )


def person_cue(ctx: Ctx, text: str, s: int, e: int) -> bool:
    """Do the words around ``text[s:e]`` say it names a person (appositive, "said")?"""
    ctx.dep = True
    m = APPOS_RE.match(text, e)
    if m and any(w.strip("’'s") in PERSON_APPOS_NOUNS for w in m.group(1).lower().split()):
        return True
    if m and WHO_RE.match(text, e):
        return True  # "Wyc Grousbeck, who led ...": bodies take "which"
    if SAID_AFTER_RE.match(text, e):
        return True
    before = text[max(0, s - 12) : s].lower()
    if before.endswith(("said ", "says ", "told ", "wrote ")) and not CLAUSE_VERB_RE.match(text, e):
        return True
    # ", the chairman of X, Y" / "defense secretary, Pete Hegseth,"
    pre = text[max(0, s - 60) : s]
    if pre.endswith(", "):
        words = re.findall(r"[a-z][a-z-]+", pre.lower())
        if words and any(w in PERSON_APPOS_NOUNS for w in words[-3:]):
            return True
    return False


def org_appositive(ctx: Ctx, text: str, s: int, e: int) -> bool:
    """Does an appositive around ``text[s:e]`` name a kind of organisation?"""
    ctx.dep = True
    m = APPOS_RE.match(text, e)
    if m and not WHO_RE.match(text, e):  # ", who led the ownership group": a person
        ws = m.group(1).lower().split()
        if any(w in ORG_APPOS_NOUNS for w in ws[:6]) and not any(
            w in PERSON_APPOS_NOUNS for w in ws[:6]
        ):
            return True
    m = POSS_APPOS_RE.match(text, e)
    if m:  # ", Colombia’s largest carrier,": the body of a place or of another body
        # "Mexico’s two budget carriers" after a list: plurals too
        ws = [w[:-1] if w.endswith("s") else w for w in m.group(1).lower().split()[:4]]
        if any(w in ORG_APPOS_NOUNS for w in ws) and not any(w in PERSON_APPOS_NOUNS for w in ws):
            return True
    pre = text[max(0, s - 80) : s]
    if pre.endswith(", "):
        clause = re.split(r"[.;:]", pre)[-1].lower()
        m2 = re.search(r"(?:\b(?:a|an|the)\b|\w['’]s(?= ))([^,]*),[ \u00a0]$", clause)
        if m2:
            ws = m2.group(1).split()
            if any(w in ORG_APPOS_NOUNS for w in ws):
                return not any(w in PERSON_APPOS_NOUNS for w in ws)
    return False


def org_context(ctx: Ctx, text: str, s: int, e: int) -> bool:
    """Do the words around ``text[s:e]`` say it names an organisation?"""
    ctx.dep = True
    if ORG_FOLLOW_RE.match(text, e - 2 if text.endswith(("’s", "'s"), s, e) else e):
        return True
    before = text[max(0, s - 80) : s]
    if before.endswith(ROLE_TAILS):
        return ORG_ROLE_BEFORE_RE.search(before) is not None or (
            before.endswith(CUE_TAILS) and ORG_KIND_BEFORE_RE.search(before) is not None
        )
    if before.endswith(CUE_TAILS):
        return ORG_KIND_BEFORE_RE.search(before) is not None
    # "the oil company X", "the pro-government channel X"
    return (
        before.endswith(" ")
        and before[:-1].rsplit(" ", 1)[-1] in ORG_APPOS_NOUNS
        and ORG_NOUN_BEFORE_RE.search(before) is not None
    )


def lit_class(ctx: Ctx, text: str, cs: int) -> int:
    """1 if the words before the chunk make a place literal ("in", "a visit to"), else 0."""
    if not cs or text[cs - 1] not in " \u00a0":
        return 0
    ctx.chunk_start = cs
    return 1 if is_literal(ctx, text, cs, cs) else 0


LiteralCue = bool | LazyLiteral  # a place's literal cue, given or computed on first use
