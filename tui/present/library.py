"""The sidebar's "Library" section and the status line's unread count.

Entries are keys of their own: ``is:unread``, ``is:starred`` (toggled as filter
terms, like an entity) and ``view:NAME`` (a saved view, opened on enter). Counts
are live: unread and starred in the whole corpus, each view's result size
(cached per corpus and state-store version: a view's query may be costly).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from parsers.corpus.index import Corpus
from parsers.corpus.query import FilterState, QueryError, Term, parse_query
from parsers.state import SavedView, StateStore

__all__ = [
    "LIBRARY",
    "LibraryCounts",
    "library_active",
    "library_entries",
    "library_name",
    "view_key",
]

LIBRARY = "library"
FLAG_KEYS: tuple[tuple[str, str], ...] = (("is:unread", "Unread"), ("is:starred", "Starred"))
_VIEW = "view:"


def view_key(name: str) -> str:
    return _VIEW + name


def library_name(key: str) -> str:
    """What a library entry reads as: ``Unread``, ``★ Starred``, ``▸ My view``."""
    if key.startswith(_VIEW):
        return "▸ " + key[len(_VIEW) :]
    return dict(FLAG_KEYS).get(key, key)


def library_active(state: FilterState) -> dict[str, bool]:
    """``is:`` terms of ``state`` as sidebar marks: key -> negated?"""
    return {f"is:{t.value}": t.negate for t in state.terms if t.field == "is"}


@dataclass
class LibraryCounts:
    """Counts for the Library section, recomputed only when their inputs change."""

    _views: dict[tuple[str, str], tuple[object, int | None]] = field(default_factory=dict)

    def view_count(self, corpus: Corpus, store: StateStore, view: SavedView) -> int | None:
        """Articles in ``view`` now (None when its query no longer parses)."""
        try:
            state = parse_query(view.query)
        except QueryError:
            return None
        uses_marks = any(t.field == "is" for t in state.terms)
        key = (id(corpus), corpus.version, store.version if uses_marks else None)
        hit = self._views.get((view.name, view.query))
        if hit is not None and hit[0] == key:
            return hit[1]
        count = corpus.count(state)
        self._views[(view.name, view.query)] = (key, count)
        return count


def library_entries(
    corpus: Corpus, store: StateStore, counts: LibraryCounts
) -> list[tuple[str, int]]:
    """``(key, count)`` rows: Unread, Starred, then each saved view in its order."""
    entries = [
        ("is:unread", corpus.count(FilterState((Term("is", "unread"),)))),
        ("is:starred", corpus.count(FilterState((Term("is", "starred"),)))),
    ]
    for view in store.views():
        n = counts.view_count(corpus, store, view)
        entries.append((view_key(view.name), -1 if n is None else n))
    return entries


def merged_active(active: Mapping[str, bool], state: FilterState) -> dict[str, bool]:
    """The sidebar's active marks with the library's added."""
    return {**active, **library_active(state)}
