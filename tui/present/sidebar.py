"""What the entity sidebar shows: per kind, the facet counts of the current result."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from parsers.corpus.index import Corpus, QueryResult
from parsers.corpus.query import FilterState
from parsers.model import KINDS

__all__ = ["SECTIONS", "TOP", "ExtraSections", "Section", "SidebarView", "sidebar_view"]

#: Sidebar sections in order: (kind, title).
SECTIONS: tuple[tuple[str, str], ...] = tuple((k.kind, k.heading) for k in KINDS)
#: Entries a folded section lists.
TOP = 8
#: Entities the find box ranks.
FIND_LIMIT = 200


@dataclass(frozen=True)
class Section:
    """One kind's entries: ``(key, count)`` pairs, most mentioned first."""

    kind: str
    title: str
    entries: Sequence[tuple[str, int]]
    or_mode: bool = False
    empty_text: str = "none in this result"
    has_mode: bool = True
    """Whether the header shows AND/OR (not for the Library section)."""
    notes: Mapping[str, str] = field(default_factory=dict)
    """One line under an entry (key -> text): a failing feed's error."""

    @property
    def has_toggle(self) -> bool:
        """Whether it has more entries than a folded section lists."""
        return len(self.entries) > TOP


def _key_as_is(key: str) -> str:
    return key


@dataclass(frozen=True)
class SidebarView:
    """The sections, how to name a key, and which keys are active (key -> negate).

    Names are looked up per visible row (``name_of``): a section may hold thousands.
    ``expand_all``: while the find box narrows the list, every section is unfolded.
    ``preferred``: keys best first, where enter in the find box goes.
    """

    sections: tuple[Section, ...] = ()
    name_of: Callable[[str], str] = _key_as_is
    active: Mapping[str, bool] = field(default_factory=dict)
    expand_all: bool = False
    preferred: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtraSections:
    """Sections a controller adds below the Library (their keys, names and marks)."""

    sections: tuple[Section, ...] = ()
    active: Mapping[str, bool] = field(default_factory=dict)
    name_of: Callable[[str], str | None] = lambda key: None
    """The name of one of their keys (None: not theirs)."""


def _with_extra_names(
    name_of: Callable[[str], str], extra: Callable[[str], str | None]
) -> Callable[[str], str]:
    def named(key: str) -> str:
        mine = extra(key)
        return name_of(key) if mine is None else mine

    return named


def _empty_text(narrow: str, loading: bool) -> str:
    if narrow:
        return "no match so far" if loading else "no match"
    return "loading…" if loading else "none in this result"


def _with_library_names(
    name_of: Callable[[str], str], library_name: Callable[[str], str]
) -> Callable[[str], str]:
    def named(key: str) -> str:
        return library_name(key) if key.startswith(("is:", "view:")) else name_of(key)

    return named


def sidebar_view(
    corpus: Corpus,
    result: QueryResult,
    state: FilterState,
    sort: str,
    name_of: Callable[[str], str],
    narrow: str = "",
    library: Sequence[tuple[str, int]] = (),
    extra: ExtraSections | None = None,
    loading: bool = False,
    order: Sequence[str] | None = None,
) -> SidebarView:
    """The sidebar for ``result`` (of ``state``), narrowed to entities matching ``narrow``.

    ``library``: the Library section's entries (``tui.present.library``), listed last
    (the entity sections keep their places; ``L`` jumps there) while the find box is empty;
    ``extra``: sections after it (the Feeds and Tags of ``tui.feeds``), likewise.
    ``loading``: files are still coming in, so an empty section says so rather than
    that the result has none.
    ``order``: the config's ``sidebar.sections`` (``people``, ..., ``library``, ``feeds``,
    ``tags``): the sections shown, in that order (all, as above, when None).
    """
    allowed: set[str] | None = None
    ranked: list[str] = []
    if narrow:
        ranked = [info.key for info in corpus.find_entities(narrow, limit=FIND_LIMIT)]
        allowed = set(ranked)
    active = dict(result.active)
    facets = dict(result.facets)
    for kind in state.or_kinds:
        # OR sections count as if that kind were unfiltered (disjunctive facets), so
        # the entries one could still add stay listed
        terms = tuple(t for t in state.terms if t.field != kind or t.negate)
        if len(terms) != len(state.terms):
            base = FilterState(terms, state.or_kinds)
            facets[kind] = corpus.query(base, sort=sort).facets.get(kind, [])
    sections: list[Section] = []
    for kind, title in SECTIONS:
        entries = facets.get(kind, [])
        mine = [key for key in active if key.startswith(kind + ":")]
        if mine:
            # active filters stay listed (at the top, even at count 0) so they can be undone
            present = {key for key, _ in entries}
            missing = [(key, 0) for key in mine if key not in present]
            if missing:
                entries = missing + list(entries)
        if allowed is not None:
            entries = [(key, count) for key, count in entries if key in allowed]
        sections.append(
            Section(
                kind,
                title,
                entries,
                or_mode=kind in state.or_kinds,
                empty_text=_empty_text(narrow, loading),
            )
        )
    if library and not narrow:
        from tui.present.library import LIBRARY, library_active, library_name

        sections.append(Section(LIBRARY, "Library", library, has_mode=False))
        active.update(library_active(state))
        name_of = _with_library_names(name_of, library_name)
    if extra is not None and extra.sections and not narrow:
        sections.extend(extra.sections)
        active.update(extra.active)
        name_of = _with_extra_names(name_of, extra.name_of)

    if order is not None:
        sections = _ordered(sections, order)
    return SidebarView(tuple(sections), name_of, active, bool(narrow), tuple(ranked))


def _ordered(sections: Sequence[Section], order: Sequence[str]) -> list[Section]:
    """``sections`` named in ``order`` (section titles, any case), in that order."""
    by_name = {s.title.casefold(): s for s in sections}
    return [by_name[name] for name in (n.casefold() for n in order) if name in by_name]
