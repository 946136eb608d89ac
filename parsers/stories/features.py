"""What a headline row says about its story: title stems and weighted entities.

Only what the corpus keeps per row is used (title, entity ids with mention counts,
time): a warm open has no bodies in memory, and grouping must give the same answer
on the cold and the warm path. Entities are extracted from the whole text, so they
carry the body's specifics (the people quoted, the ship, the company).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

__all__ = ["STOPWORDS", "entity_weights", "name_tokens", "title_stems"]

_WORD = re.compile(r"[^\W_]+")

#: Words that say nothing about which story a headline tells.
STOPWORDS: frozenset[str] = frozenset(
    """a about after again against ahead all als also am an and any are as at be
    been before being between both but by can could de del der des did die do does
    down du during each el en et for from further had has have he her here hers him
    his how i if in into is it its itself la le les me more most my new no nor not
    now of off on once only or other our out over own says said same she should so
    some such than that the their them then there these they this those through to
    too two under until up us very was we were what when where which while who whom
    why will with would you your first last over amid after gets get set sets back
    could may might one three four five day days week year years""".split()
)


def _fold(text: str) -> str:
    text = text.replace("’", "'").casefold()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def title_stems(title: str) -> frozenset[str]:
    """Content words of a title, folded and cut to their first six letters
    (a crude stem: "recalls"/"recall", "flooding"/"floods" meet)."""
    out: set[str] = set()
    for w in _WORD.findall(_fold(title)):
        if w.endswith("'s"):
            w = w[:-2]
        if w in STOPWORDS or (len(w) < 3 and not w.isdigit()):
            continue
        out.add(w[:6])
    return frozenset(out)


#: Words of entity names that are titles or generic parts, not names.
_NAME_NOISE: frozenset[str] = frozenset(
    """mr mrs ms dr sir chief master inspector detective captain capt president minister
    councillor councilor mayor professor prof general gen senator governor director
    secretary judge king queen prince saint st city port university company group
    inc ltd corp co""".split()
)


def name_tokens(name: str) -> list[str]:
    """The words of an entity's name that name it ("Harbor Master Elin Sandvik" ->
    harbor, elin, sandvik): extractors cut the same name differently from one article
    to the next, so stories compare names word by word."""
    out = []
    for w in _WORD.findall(_fold(name)):
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) >= 3 and w not in _NAME_NOISE and w not in STOPWORDS:
            out.append(w)
    return out


def entity_weights(words: Sequence[Sequence[str]], mcs: Sequence[int]) -> dict[str, float]:
    """An article's entity name words (:func:`name_tokens` of each entity) weighted by
    how much it is about them (1 + ln mentions of the most-mentioned entity with that word)."""
    out: dict[str, float] = {}
    for ws, m in zip(words, mcs, strict=True):
        w = 1.0 + math.log(max(int(m), 1))
        for t in ws:
            key = "@" + t
            if out.get(key, 0.0) < w:
                out[key] = w
    return out
