"""Filter edits as values: toggling an entity, and the ``--filter`` text at start.

Pure: each takes a :class:`FilterState` and returns the next one (the main screen
applies it, keeping the previous one for undo).
"""

from __future__ import annotations

from collections.abc import Callable, Set

from parsers.corpus.query import FilterState, QueryError, parse_query

__all__ = ["parse_initial", "toggle_entity"]


def toggle_entity(
    state: FilterState,
    kind: str,
    key: str,
    value: str,
    resolve: Callable[[str, str], Set[str]],
    negate: bool = False,
) -> FilterState:
    """``state`` with entity ``key`` (written ``value``) toggled, the way the sidebar,
    the reader, the palette and the ``e`` list do it: the same entity again removes
    its filter, and the other sign replaces it. ``resolve(field, value)``: the keys a
    term names (a typed name may name the entity too)."""
    matching = [t for t in state.entity_terms(kind) if key in resolve(t.field, t.value)]
    if not matching:
        return state.toggle_entity(kind, value, negate)
    for term in matching:
        state = state.without(term)
    if not any(t.negate == negate for t in matching):
        state = state.toggle_entity(kind, value, negate)
    return state


def parse_initial(query: str | None) -> tuple[FilterState, str]:
    """The ``--filter`` text as a state, or (empty state, text) when it does not parse."""
    if not query:
        return FilterState(), ""
    try:
        return parse_query(query), ""
    except QueryError:
        return FilterState(), query
