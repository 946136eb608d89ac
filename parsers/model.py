"""Article records: the typed values every other module passes around.

Everything here is plain, frozen data with no UI imports. ``to_dict`` gives the
JSON shape used by ``newsdesk parse`` and the on-disk cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Literal, NamedTuple

from parsers.when import article_instant

BlockKind = Literal["paragraph", "subhead", "time"]
EntityKind = Literal["person", "country", "org", "place"]


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Everything one kind of entity is called, in one row of :data:`KINDS`.

    ``kind`` is the key prefix (``person:…``), the query field (``person:putin``),
    the ``--type`` value and ``Entity.kind``; ``section`` the
    :class:`ArticleEntities` field and JSON key (``""`` for a kind that is not
    extracted); ``heading`` the sidebar section and status-line name; ``label``
    the short word in entity lists; ``noun`` the word in the command palette.
    ``extracted``: found in the text by ``parsers.entities`` (authors come from
    bylines); ``coded``: carries an ISO country code.
    """

    kind: str
    section: str
    heading: str
    label: str
    noun: str
    extracted: bool = True
    coded: bool = False


#: The one table of entity kinds, in display order (sidebar, palette, JSON).
KINDS: tuple[KindSpec, ...] = (
    KindSpec("person", "people", "People", "person", "person"),
    KindSpec("country", "countries", "Countries", "country", "country", coded=True),
    KindSpec("org", "organizations", "Organisations", "org", "organisation"),
    KindSpec("place", "places", "Places", "place", "place", coded=True),
    KindSpec("author", "", "Authors", "author", "author", extracted=False),
)
#: Each kind's row of :data:`KINDS`.
KIND: dict[str, KindSpec] = {k.kind: k for k in KINDS}
#: Kinds that ``parsers.entities`` finds in the text (``ArticleEntities`` sections).
ENTITY_KINDS: tuple[EntityKind, ...] = tuple(k.kind for k in KINDS if k.extracted)  # type: ignore[misc]
#: Kinds the corpus indexes and counts: the sidebar's sections and the query's entity fields.
FACET_KINDS: tuple[str, ...] = tuple(k.kind for k in KINDS)
#: Section names used in ``ArticleEntities`` / JSON for each extracted kind.
ENTITY_SECTIONS: dict[EntityKind, str] = {k: KIND[k].section for k in ENTITY_KINDS}
_CODED = frozenset(k.kind for k in KINDS if k.coded)


class Block(NamedTuple):
    """One unit of article body, in reading order."""

    kind: BlockKind
    text: str
    line: int  # 1-based line in the source file


class Caption(NamedTuple):
    """A photo caption and its credit line (either may be empty)."""

    text: str
    credit: str
    line: int


class Dropped(NamedTuple):
    """A line recognised as page furniture, kept so nothing is silently lost."""

    line: int
    text: str
    reason: str


class Link(NamedTuple):
    """A hyperlink or an enclosure of an article (formats other than dumps).

    ``rel`` is ``"link"`` (a link in the body, numbered by its position) or
    ``"enclosure"`` (a podcast file, an image; ``text`` holds its type and size).
    """

    url: str
    text: str
    rel: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an article starts: file path and 1-based line of its headline."""

    path: str
    line: int


class Mention(NamedTuple):
    """One occurrence of an entity.

    ``field`` is ``"title"``, ``"dek"`` or ``"blocks"``; ``index`` is the block
    index when ``field == "blocks"`` (else 0). ``start``/``end`` are character
    offsets into that text.
    """

    field: str
    index: int  # type: ignore[assignment]  # shadows tuple.index; the JSON name
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity found in one article, all its surface forms merged.

    ``key`` is the corpus-wide identity (``"person:donald j. trump"``,
    ``"country:US"``); two articles' entities with the same key are one sidebar
    entry. ``evidence`` lists the surface forms that made a country a country,
    as ``(form, type)`` with type ``name``/``demonym``/``metonym``. ``roles`` are a
    person's titles cut from before the name ("Prime Minister Ana Ruiz" -> mention
    "Ana Ruiz", role "Prime Minister"), most frequent first, one per spelling
    (case-insensitive); honorifics ("Mr.") are no role.
    """

    kind: EntityKind
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    iso2: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()
    roles: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name}
        if self.kind in _CODED:
            d["iso2"] = self.iso2
        if self.kind == "country":
            d["evidence"] = [{"form": f, "type": t} for f, t in self.evidence]
        else:
            d["aliases"] = list(self.aliases)
        if self.kind == "person":
            d["roles"] = list(self.roles)
        d["key"] = self.key
        d["mentions"] = [
            {"field": m.field, "index": m.index, "start": m.start, "end": m.end, "text": m.text}
            for m in self.mentions
        ]
        return d


@dataclass(frozen=True, slots=True)
class ArticleEntities:
    """The entities of one article, grouped by kind."""

    people: tuple[Entity, ...] = ()
    countries: tuple[Entity, ...] = ()
    organizations: tuple[Entity, ...] = ()
    places: tuple[Entity, ...] = ()

    def all(self) -> tuple[Entity, ...]:
        return self.people + self.countries + self.organizations + self.places

    def to_dict(self) -> dict[str, Any]:
        return {s: [e.to_dict() for e in getattr(self, s)] for s in ENTITY_SECTIONS.values()}


if tuple(f.name for f in fields(ArticleEntities)) != tuple(ENTITY_SECTIONS.values()):
    raise ImportError("parsers.model: ArticleEntities' fields and KINDS' sections differ")


def make_id(source: str, title: str, published: datetime | None) -> str:
    """Stable article id from source, title and publication time."""
    stamp = published.isoformat() if published else ""
    raw = f"{source}\x1f{title}\x1f{stamp}".encode()
    return hashlib.blake2b(raw, digest_size=8).hexdigest()


def sort_key(when: datetime | None) -> float:
    """Seconds since the epoch for ordering; naive times are on the reader's
    clock (``parsers.when``: the one rule for an article's date)."""
    if when is None:
        return float("-inf")
    return article_instant(when).timestamp()


@dataclass(frozen=True, slots=True)
class Article:
    """One article parsed from a dump, with every input line accounted for.

    ``lines`` maps each non-blank input line of the article, other than the body
    blocks (which carry their own ``line``), to the field that holds it
    (``"title"``, ``"captions"``, ``"dropped"``, …): the lossless contract made
    checkable.
    """

    id: str
    source: str
    retrieved: datetime | None
    published: datetime | None
    updated: datetime | None
    title: str
    kicker: str = ""
    dek: str = ""
    byline: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    contributor_note: str = ""  # the raw "… contributed reporting." line(s), places kept
    dateline: str = ""
    url: str = ""
    blocks: tuple[Block, ...] = ()
    captions: tuple[Caption, ...] = ()
    truncated: bool = False
    origin: Origin = field(default_factory=lambda: Origin("", 0))
    dropped: tuple[Dropped, ...] = ()
    lines: tuple[tuple[int, str], ...] = ()
    links: tuple[Link, ...] = ()
    entities: ArticleEntities | None = None  # last: parsers.entities rebuilds records by position

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Texts of the paragraph blocks only."""
        return tuple(b.text for b in self.blocks if b.kind == "paragraph")

    @property
    def when(self) -> float:
        """Sort key: published time as epoch seconds."""
        return sort_key(self.published)

    def text_of(self, field_name: str, index: int = 0) -> str:
        """The text a :class:`Mention` points into."""
        if field_name == "title":
            return self.title
        if field_name == "dek":
            return self.dek
        return self.blocks[index].text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; keys are the field names, dates ISO 8601.

        ``links`` is there only when the article has some (dumps have none, so
        their output is what it always was).
        """

        def iso(d: datetime | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "id": self.id,
            "source": self.source,
            "retrieved": iso(self.retrieved),
            "published": iso(self.published),
            "updated": iso(self.updated),
            "title": self.title,
            "kicker": self.kicker,
            "dek": self.dek,
            "byline": list(self.byline),
            "contributors": list(self.contributors),
            "contributor_note": self.contributor_note,
            "dateline": self.dateline,
            "url": self.url,
            "blocks": [{"kind": b.kind, "text": b.text, "line": b.line} for b in self.blocks],
            "paragraphs": list(self.paragraphs),
            "captions": [
                {"text": c.text, "credit": c.credit, "line": c.line} for c in self.captions
            ],
            "truncated": self.truncated,
            "origin": {"path": self.origin.path, "line": self.origin.line},
            "dropped": [{"line": d.line, "text": d.text, "reason": d.reason} for d in self.dropped],
            "entities": self.entities.to_dict() if self.entities else None,
        } | (
            {"links": [{"url": k.url, "text": k.text, "rel": k.rel} for k in self.links]}
            if self.links
            else {}
        )
