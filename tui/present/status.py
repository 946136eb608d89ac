"""What the status line shows: counts, one chip per filter term, modes, sort, loading."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parsers.corpus.query import FilterState, Term
from parsers.model import KINDS

__all__ = ["KIND_TITLES", "Chip", "StatusView", "status_view", "term_label"]

KIND_TITLES = {**{k.kind: k.heading for k in KINDS}, "source": "Sources"}


def term_label(term: Term, name_of: Callable[[str, str], str]) -> str:
    """Short text of a term for a chip: ``Vladimir V. Putin``, ``"peace talks"``."""
    if term.field == "is":
        return term.value  # "unread", "starred"
    if term.field == "text":
        return term.value
    if term.field == "phrase":
        return f'"{term.value}"'
    if term.field in ("after", "before"):
        return f"{term.field} {term.value}"
    if term.field in ("source", "feed", "tag"):
        return f"{term.field} {term.value}"  # a bare "northwind" chip reads like a search word
    return name_of(term.field, term.value)


@dataclass(frozen=True)
class Chip:
    """One filter term: ``label``; ``negate`` for an exclude; ``words`` for text/phrase."""

    label: str
    negate: bool = False
    words: bool = False


@dataclass(frozen=True)
class StatusView:
    """``12 / 3,400 articles · [Putin] [−Russia] People:OR · ⇅ newest (s)``."""

    shown: int
    total: int
    chips: tuple[Chip, ...] = ()
    or_titles: tuple[str, ...] = ()
    sort: str = "newest"
    sidebar_hint: bool = False
    loading: str = ""
    unread: int | None = None
    """Unread articles in the result (None: not known)."""


def status_view(
    shown: int,
    total: int,
    state: FilterState,
    sort: str,
    name_of: Callable[[str, str], str],
    *,
    loading: str = "",
    sidebar_hint: bool = False,
    unread: int | None = None,
) -> StatusView:
    """The status line for a result of ``shown`` of ``total`` articles under ``state``."""
    chips = tuple(
        Chip(term_label(t, name_of), t.negate, t.field in ("text", "phrase")) for t in state.terms
    )
    return StatusView(
        shown,
        total,
        chips,
        tuple(KIND_TITLES.get(kind, kind) for kind in sorted(state.or_kinds)),
        sort,
        sidebar_hint,
        loading,
        unread,
    )
