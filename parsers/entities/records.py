"""Working records of one extraction: raw mentions and the per-call context.

A :class:`Raw` is one classified mention before merging; :class:`Ctx` is what one
:meth:`~parsers.entities.extractor.Extractor.extract_entities` call carries through the
stages: the gazetteer, the extractor's memos, the raws found so far, and the flags the
chunk rules set to tell the chunk memo which context they read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.entities.gazetteer import Gazetteer
from parsers.entities.memo import Memos

Span = tuple[str, int, int]  # (text, start, end)


@dataclass(slots=True)
class Raw:
    """One classified mention before merging."""

    kind: str  # person | country | org | place | pending
    field: str
    index: int
    start: int
    end: int
    text: str  # surface text as written (with title/possessive)
    words: tuple[str, ...] = ()  # person: name tokens; org: name tokens
    info: str = ""  # country: iso2; org: canonical; place: name
    extra: str = ""  # country: evidence type; place: iso2; person: "surname"/"full"
    ea: bool = False  # person: surname-first order
    pos: int = 0  # global order
    ok: int = 0  # reading-order key: field, block index, offset


def order_base(fld: str, idx: int) -> int:
    """The reading-order key of offset 0 of a field (title, dek, then blocks in order)."""
    return (idx + 2) << 24 if fld == "blocks" else (1 << 24 if fld == "dek" else 0)


@dataclass(slots=True)
class Ctx:
    """The state of one extraction call (one article).

    ``dep``, ``lit_used`` and ``fol_used`` are reset before each chunk is classified:
    ``dep`` says the result read text beyond what the chunk memo keys on (not
    memoisable); ``lit_used`` / ``fol_used`` say it depended on the words before the
    chunk (the "literal" cue) or after it (the "follow" cue), so the memo keys it by them.
    ``chunk_start`` is the offset of the chunk being classified.
    """

    gaz: Gazetteer
    memos: Memos
    raws: list[Raw] = field(default_factory=list)
    counter: int = 0
    dep: bool = False
    lit_used: bool = False
    fol_used: bool = False
    chunk_start: int = 0
    # folded form -> the body's country or place raw, for headlines (filled on first use)
    body_places: dict[str, Raw] | None = None
