"""The filter state and its query grammar.

A query is a list of space-separated terms::

    ukraine "peace talks" person:Putin person:"Marco Rubio" country:UA -org:NATO
    after:2025-02-01 before:2025-03-01 -"opinion" source:times author:"Jane Doe"

* a free word matches title + dek + body (case-insensitive, whole word and
  its inflections: ``tariff`` finds "tariffs", FTS5's porter stemmer; a
  trailing ``*`` makes it a prefix: ``ukrain*``);
* ``wheat OR maize``: either word (or phrase); the alternatives make one
  term, ANDed with the rest (``wheat OR maize tariff``);
* ``"a quoted phrase"`` matches that phrase;
* ``field:value`` with field one of ``person country org place author source
  feed tag after before is story``; values with spaces go in quotes
  (``person:"Marco Rubio"``);
* ``after:YYYY-MM-DD`` keeps articles of that day and later (inclusive),
  ``before:YYYY-MM-DD`` those of earlier days (exclusive): ``after:D before:E``
  is D <= day < E, the day being the article's date in the reader's zone
  (the one rule of :mod:`parsers.when`);
* ``is:unread``, ``is:read``, ``is:starred``: the reading state (evaluated by
  the corpus from the marks it was given, see ``parsers.corpus.flags``);
* ``feed:NAME`` (a subscription by its name, feed title or URL; a part of the
  name will do) and ``tag:TAG`` (every subscription with that tag), both
  folded for case and accents: the subscriptions library's membership
  (``parsers.corpus.feeds``);
* ``story:ID``: the articles of one story (``parsers.stories``; the id is shown by
  ``newsdesk stories`` and the app);
* a leading ``-`` excludes whatever the term matches (``-person:Trump``,
  ``-"quoted phrase"``, ``-word``);
* include-terms of one kind are ANDed; ``person:A OR person:B`` (or the
  directive ``or:person``) switches that kind to OR.

:func:`parse_query` turns text into a :class:`FilterState`;
:meth:`FilterState.to_query` renders it back, and the two round-trip:
``parse_query(s.to_query()) == s``. Errors raise :class:`QueryError` with the
character position the UI can point at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from parsers.model import FACET_KINDS
from parsers.when import day_start, reader_zone

__all__ = [
    "DATE_FIELDS",
    "ENTITY_FIELDS",
    "FIELDS",
    "IS_VALUES",
    "OR_KINDS",
    "QUERY_FIELDS",
    "FilterState",
    "QueryError",
    "Term",
    "parse_query",
    "text_alternatives",
]

#: Fields resolved through ``Corpus.resolve`` (the sidebar's kinds, ``parsers.model.KINDS``).
ENTITY_FIELDS: tuple[str, ...] = FACET_KINDS
#: Every ``Term.field``.
FIELDS: frozenset[str] = frozenset(
    {"text", "phrase", *ENTITY_FIELDS, "source", "feed", "tag", "after", "before", "is", "story"}
)
#: Fields a user can type as ``field:value``.
QUERY_FIELDS: tuple[str, ...] = (
    *ENTITY_FIELDS, "source", "feed", "tag", "after", "before", "is", "story",
)  # fmt: skip
#: Values of ``is:`` (the reading state: ``parsers.corpus.flags``).
IS_VALUES: tuple[str, ...] = ("unread", "read", "starred")
DATE_FIELDS: frozenset[str] = frozenset({"after", "before"})
#: Kinds whose include-terms may be switched to OR.
OR_KINDS: frozenset[str] = frozenset({*ENTITY_FIELDS, "source", "feed", "tag"})
#: Non-entity kinds the sidebar toggles like an entity (:meth:`FilterState.toggle_entity`).
TOGGLE_KINDS: frozenset[str] = frozenset({"source", "feed", "tag"})

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_FIELD_RE = re.compile(r"([A-Za-z_]+):")


class QueryError(ValueError):
    """A query that cannot be parsed; ``position`` is a 0-based character offset."""

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return f"{self.message} (at column {self.position + 1})"


def _fold(value: str) -> str:
    return value.replace("’", "'").casefold()


@dataclass(frozen=True, slots=True)
class Term:
    """One query term. ``value`` is as typed (dates normalised to ``YYYY-MM-DD``)."""

    field: str
    value: str
    negate: bool = False

    @property
    def is_entity(self) -> bool:
        return self.field in ENTITY_FIELDS

    @property
    def day(self) -> date:
        """For after/before terms: the calendar day (``after:`` includes it,
        ``before:`` excludes it; days are in the reader's zone: ``parsers.when``)."""
        return date.fromisoformat(self.value)

    @property
    def date(self) -> datetime:
        """For after/before terms: the start of :attr:`day` in the reader's zone."""
        return datetime.fromtimestamp(day_start(self.day), tz=reader_zone())

    def same_target(self, field_name: str, value: str) -> bool:
        """True if this term names the same thing (case/apostrophe-insensitive)."""
        return self.field == field_name and _fold(self.value) == _fold(value)

    def to_query(self) -> str:
        sign = "-" if self.negate else ""
        if self.field == "phrase":
            return f'{sign}"{self.value}"'
        if self.field == "text":
            return f"{sign}{self.value}"
        return f"{sign}{self.field}:{_render_value(self.value)}"


def _render_value(value: str) -> str:
    if value and not any(c.isspace() or c == '"' for c in value):
        return value
    return f'"{value}"'


@dataclass(frozen=True, slots=True)
class FilterState:
    """Everything that filters the headline list: query bar and sidebar alike."""

    terms: tuple[Term, ...] = ()
    or_kinds: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not self.terms

    def to_query(self) -> str:
        """Render as query text; ``parse_query(self.to_query()) == self``.

        Include-terms of an OR kind that sit next to each other are joined
        with ``OR``; otherwise the kind is marked by an ``or:kind`` directive.
        """
        parts: list[str] = []
        directives: list[str] = []
        joined: set[str] = set()
        for kind in sorted(self.or_kinds):
            idx = [i for i, t in enumerate(self.terms) if t.field == kind and not t.negate]
            if len(idx) >= 2 and idx == list(range(idx[0], idx[0] + len(idx))):
                joined.add(kind)
            else:
                directives.append(f"or:{kind}")
        prev: Term | None = None
        for t in self.terms:
            if (
                prev is not None
                and t.field in joined
                and not t.negate
                and prev.field == t.field
                and not prev.negate
            ):
                parts.append("OR")
            parts.append(t.to_query())
            prev = t
        return " ".join(parts + directives)

    def __str__(self) -> str:
        return self.to_query()

    # -- editing helpers (all return new states) ---------------------------

    def with_term(self, term: Term) -> FilterState:
        """Add ``term`` unless an identical one is already there."""
        if term in self.terms:
            return self
        return replace(self, terms=(*self.terms, term))

    def without(self, term: Term) -> FilterState:
        """Drop every occurrence of ``term``."""
        return replace(self, terms=tuple(t for t in self.terms if t != term))

    def cleared(self) -> FilterState:
        return FilterState()

    def toggle_entity(self, kind: str, value: str, negate: bool = False) -> FilterState:
        """Sidebar click: add the term, or remove it if it is already there.

        ``value`` may be an entity key (``"person:vladimir v. putin"``); the
        ``kind:`` prefix is dropped so the query reads ``person:"vladimir v.
        putin"`` (which resolves to that key exactly). A term for the same
        entity with the other sign is replaced.
        """
        if kind not in ENTITY_FIELDS and kind not in TOGGLE_KINDS:
            raise ValueError(f"not an entity kind: {kind!r}")
        if value.startswith(kind + ":"):
            value = value[len(kind) + 1 :]
        if not value:
            raise ValueError("empty entity value")
        same = [t for t in self.terms if t.same_target(kind, value)]
        if any(t.negate == negate for t in same):
            return replace(self, terms=tuple(t for t in self.terms if t not in same))
        kept = tuple(t for t in self.terms if t not in same)
        return replace(self, terms=(*kept, Term(kind, value, negate)))

    def has_entity(self, kind: str, value: str) -> Term | None:
        """The term naming this entity value (or key), if any."""
        if value.startswith(kind + ":"):
            value = value[len(kind) + 1 :]
        for t in self.terms:
            if t.same_target(kind, value):
                return t
        return None

    def toggle_or(self, kind: str) -> FilterState:
        if kind not in OR_KINDS:
            raise ValueError(f"kind cannot be ORed: {kind!r}")
        return replace(self, or_kinds=self.or_kinds ^ {kind})

    def entity_terms(self, kind: str | None = None) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.is_entity and (kind is None or t.field == kind))


# -- parser ----------------------------------------------------------------


def _is_text(t: Term) -> bool:
    return t.field in ("text", "phrase") and not t.negate


def text_alternatives(value: str) -> list[tuple[str, bool]]:
    """The alternatives of a text term's value: ``wheat OR "peace talks"`` ->
    ``[("wheat", False), ("peace talks", True)]`` (value, is a phrase)."""
    out: list[tuple[str, bool]] = []
    i, n = 0, len(value)
    while i < n:
        while i < n and value[i].isspace():
            i += 1
        if i >= n:
            break
        if value[i] == '"':
            end = value.find('"', i + 1)
            end = n if end < 0 else end
            out.append((value[i + 1 : end], True))
            i = end + 1
            continue
        word, i = _read_word(value, i)
        if word != "OR":
            out.append((word, False))
    return out


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """``text[start]`` is ``"``; return (content, index after closing quote)."""
    end = text.find('"', start + 1)
    if end < 0:
        raise QueryError("unterminated quote", start)
    return text[start + 1 : end], end + 1


def _read_word(text: str, start: int) -> tuple[str, int]:
    i = start
    n = len(text)
    while i < n and not text[i].isspace() and text[i] != '"':
        i += 1
    return text[start:i], i


def parse_query(text: str) -> FilterState:
    """Parse query text into a :class:`FilterState`; raises :class:`QueryError`."""
    terms: list[Term] = []
    or_kinds: set[str] = set()
    # index into ``terms`` after which an ``OR`` was seen, with its position
    pending_or: tuple[int, int] | None = None
    i = 0
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        start = i
        negate = False
        if text[i] == "-":
            negate = True
            i += 1
            if i >= n or text[i].isspace():
                raise QueryError("nothing after '-'", start)
        if text[i] == '"':
            value, i = _read_quoted(text, i)
            value = " ".join(value.split())
            if not value:
                raise QueryError("empty phrase", start)
            term = Term("phrase", value, negate)
        else:
            m = _FIELD_RE.match(text, i)
            if m:
                name = m.group(1).casefold()
                if name != "or" and name not in QUERY_FIELDS:
                    raise QueryError(
                        f"unknown field '{m.group(1)}:' (use {', '.join(QUERY_FIELDS)})", i
                    )
                vstart = m.end()
                if vstart < n and text[vstart] == '"':
                    value, i = _read_quoted(text, vstart)
                    value = " ".join(value.split())
                else:
                    value, i = _read_word(text, vstart)
                if not value:
                    raise QueryError(f"empty value for '{name}:'", start)
                if name == "or":
                    if negate:
                        raise QueryError("'or:' cannot be negated", start)
                    if value.casefold() not in OR_KINDS:
                        raise QueryError(
                            f"'or:' takes one of {', '.join(sorted(OR_KINDS))}", vstart
                        )
                    or_kinds.add(value.casefold())
                    continue
                if name == "is":
                    if value.casefold() not in IS_VALUES:
                        raise QueryError(f"'is:' takes one of {', '.join(IS_VALUES)}", vstart)
                    value = value.casefold()
                if name == "story":
                    value = value.casefold()
                if name in DATE_FIELDS:
                    if not _DATE_RE.match(value):
                        raise QueryError(f"bad date '{value}' (use YYYY-MM-DD)", vstart)
                    try:
                        date.fromisoformat(value)
                    except ValueError:
                        raise QueryError(f"bad date '{value}'", vstart) from None
                term = Term(name, value, negate)
            else:
                word, i = _read_word(text, i)
                if word == "OR" and not negate:
                    if pending_or is not None:
                        raise QueryError("'OR' twice in a row", start)
                    if not terms:
                        raise QueryError("'OR' needs a term before it", start)
                    pending_or = (len(terms), start)
                    continue
                if not word:
                    raise QueryError("empty term", start)
                term = Term("text", word, negate)
        if pending_or is not None:
            _, opos = pending_or
            prev = terms[-1]
            if _is_text(prev) and _is_text(term):  # words and phrases: one text term
                terms[-1] = Term("text", f"{prev.to_query()} OR {term.to_query()}")
                pending_or = None
                continue
            if term.negate or prev.negate or term.field != prev.field or term.field not in OR_KINDS:
                raise QueryError(
                    "'OR' joins two include terms of the same kind, e.g. person:A OR person:B",
                    opos,
                )
            or_kinds.add(term.field)
            pending_or = None
        terms.append(term)
    if pending_or is not None:
        raise QueryError("'OR' needs a term after it", pending_or[1])
    return FilterState(tuple(terms), frozenset(or_kinds))
