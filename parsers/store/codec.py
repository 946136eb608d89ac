"""Article <-> plain dict (JSON-, marshal-safe) conversion, lossless.

``article_to_dict`` is ``Article.to_dict()`` plus what that leaves out
(``lines``, country aliases, person iso2, each entity's ``kind``), minus the
derived ``paragraphs``; ``article_from_dict`` reads that shape and also the
plain ``Article.to_dict()`` / ``newsdesk parse`` JSON. Only lists, dicts,
strings, numbers, booleans and None are produced, so the dict can go through
``json`` or ``marshal`` unchanged (tuples become lists; reading accepts both).
Fields added to the records later pass through if they hold plain values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

from dateutil import tz

from parsers.model import (
    ENTITY_SECTIONS,
    Article,
    ArticleEntities,
    Block,
    Caption,
    Dropped,
    Entity,
    Link,
    Mention,
    Origin,
)

__all__ = [
    "article_from_dict",
    "article_from_row",
    "article_to_dict",
    "article_to_row",
    "entities_from_dict",
    "entities_from_row",
    "entities_to_dict",
    "entities_to_row",
    "entity_from_dict",
    "entity_to_dict",
]

_DATES = ("retrieved", "published", "updated")
_STR_TUPLES = ("byline", "contributors")
_SPECIAL = {
    *_DATES,
    *_STR_TUPLES,
    *("blocks", "captions", "origin", "dropped", "lines", "entities", "links"),
}
_SECTION_KIND = {v: k for k, v in ENTITY_SECTIONS.items()}
_ARTICLE_FIELDS = {f.name: f for f in dataclasses.fields(Article)}


_ZONE_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_+-]{0,30}(?:/[A-Za-z0-9_+-]{1,30}){0,2}")


def _zone_key(zone: tzinfo | None) -> str | None:
    """The IANA name of a named zone (``America/New_York``), else ``None``."""
    key = getattr(zone, "key", None)  # zoneinfo.ZoneInfo
    if isinstance(key, str):
        return key
    path = getattr(zone, "_filename", None)  # dateutil's tzfile
    if isinstance(path, str) and "zoneinfo/" in path:
        return path.rsplit("zoneinfo/", 1)[1]
    return None


def _iso(d: datetime | None) -> str | None:
    """ISO 8601, with the zone's name in brackets when it has one
    (``2025-02-17T23:30:00-05:00[America/New_York]``, RFC 9557) so "EST" survives."""
    if not d:
        return None
    key = _zone_key(d.tzinfo)
    return f"{d.isoformat()}[{key}]" if key else d.isoformat()


def _dt(s: str | None) -> datetime | None:
    if not s:
        return None
    if s[-1] == "]" and "[" in s:
        s, _, key = s[:-1].partition("[")
        when = datetime.fromisoformat(s)
        ok = when.tzinfo is not None and _ZONE_KEY.fullmatch(key) is not None
        zone = tz.gettz(key) if ok else None  # a name, never a path
        return when.astimezone(zone) if zone is not None else when
    return datetime.fromisoformat(s)


def _plain(v: Any) -> Any:
    if isinstance(v, tuple | list):
        return [_plain(x) for x in v]
    return v


def entity_to_dict(e: Entity) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "key": e.key,
        "name": e.name,
        "aliases": list(e.aliases),
        "iso2": e.iso2,
        "evidence": [[f, t] for f, t in e.evidence],
        "mentions": [[m.field, m.index, m.start, m.end, m.text] for m in e.mentions],
        "roles": list(e.roles),
    }


def _mention(m: Any) -> Mention:
    if isinstance(m, Mapping):
        return Mention(m["field"], m["index"], m["start"], m["end"], m["text"])
    return Mention(*m)


def entity_from_dict(d: Mapping[str, Any], kind: str | None = None) -> Entity:
    evidence = tuple(
        (x["form"], x["type"]) if isinstance(x, Mapping) else (x[0], x[1])
        for x in d.get("evidence") or ()
    )
    return Entity(
        kind=d.get("kind") or kind,  # type: ignore[arg-type]
        key=d["key"],
        name=d["name"],
        aliases=tuple(d.get("aliases") or ()),
        mentions=tuple(_mention(m) for m in d.get("mentions") or ()),
        iso2=d.get("iso2"),
        evidence=evidence,
        roles=tuple(d.get("roles") or ()),
    )


def entities_to_dict(ents: ArticleEntities) -> dict[str, list[dict[str, Any]]]:
    return {
        section: [entity_to_dict(e) for e in getattr(ents, section)]
        for section in ENTITY_SECTIONS.values()
    }


def entities_from_dict(d: Mapping[str, Any]) -> ArticleEntities:
    return ArticleEntities(
        **{
            section: tuple(entity_from_dict(x, _SECTION_KIND[section]) for x in d.get(section, ()))
            for section in ENTITY_SECTIONS.values()
        }
    )


def article_to_dict(a: Article) -> dict[str, Any]:
    """Lossless plain-data form of ``a``."""
    d: dict[str, Any] = {}
    for name in _ARTICLE_FIELDS:
        v = getattr(a, name)
        if name in _DATES:
            d[name] = _iso(v)
        elif name in _STR_TUPLES:
            d[name] = list(v)
        elif name == "blocks":
            d[name] = [{"kind": b.kind, "text": b.text, "line": b.line} for b in v]
        elif name == "captions":
            d[name] = [{"text": c.text, "credit": c.credit, "line": c.line} for c in v]
        elif name == "origin":
            d[name] = {"path": v.path, "line": v.line}
        elif name == "dropped":
            d[name] = [{"line": x.line, "text": x.text, "reason": x.reason} for x in v]
        elif name == "lines":
            d[name] = [[n, f] for n, f in v]
        elif name == "entities":
            d[name] = entities_to_dict(v) if v is not None else None
        elif name == "links":
            d[name] = [{"url": k.url, "text": k.text, "rel": k.rel} for k in v]
        else:
            d[name] = _plain(v)
    return d


def article_from_dict(d: Mapping[str, Any]) -> Article:
    """Inverse of :func:`article_to_dict`; also reads ``Article.to_dict()`` output."""
    kw: dict[str, Any] = {}
    for name, f in _ARTICLE_FIELDS.items():
        if name not in d:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                kw[name] = None
            continue
        v = d[name]
        if name in _DATES:
            kw[name] = _dt(v)
        elif name in _STR_TUPLES:
            kw[name] = tuple(v)
        elif name == "blocks":
            kw[name] = tuple(Block(b["kind"], b["text"], b["line"]) for b in v)
        elif name == "captions":
            kw[name] = tuple(Caption(c["text"], c["credit"], c["line"]) for c in v)
        elif name == "origin":
            kw[name] = Origin(v["path"], v["line"])
        elif name == "dropped":
            kw[name] = tuple(Dropped(x["line"], x["text"], x["reason"]) for x in v)
        elif name == "lines":
            kw[name] = tuple((n, f) for n, f in v)
        elif name == "entities":
            kw[name] = entities_from_dict(v) if v is not None else None
        elif name == "links":
            kw[name] = tuple(
                Link(k["url"], k["text"], k["rel"]) if isinstance(k, Mapping) else Link(*k)
                for k in v
            )
        else:
            kw[name] = tuple(v) if isinstance(v, list) else v
    return Article(**kw)


# -- compact rows (the cache's blobs) ------------------------------------------------
#
# Positional tuples of plain values instead of dicts: about half the CPU to build
# and marshal and a third smaller. The positions follow the record classes' fields,
# so a change there changes the parser fingerprint and the cache is rebuilt.

_ROW_FIELDS = tuple(n for n in _ARTICLE_FIELDS if n != "entities")
_NO_LINKS: tuple[Any, ...] = ()


def _entity_row(e: Entity) -> tuple[Any, ...]:
    return (
        e.kind,
        e.key,
        e.name,
        tuple(e.aliases),
        e.iso2,
        tuple(map(tuple, e.evidence)),
        tuple(map(tuple, e.mentions)),
        tuple(e.roles),
    )


def _entity_from_row(r: Sequence[Any]) -> Entity:
    kind, key, name, aliases, iso2, evidence, mentions, roles = r
    return Entity(
        kind,
        key,
        name,
        tuple(aliases),
        tuple(map(Mention._make, mentions)),
        iso2,
        tuple(map(tuple, evidence)),
        tuple(roles),
    )


def _entity_from_row_plain(r: Sequence[Any]) -> Entity:
    kind, key, name, aliases, iso2, evidence, mentions, roles = r
    return Entity(
        kind, key, name, tuple(aliases), tuple(mentions), iso2, tuple(evidence), tuple(roles)
    )


def entities_to_row(ents: ArticleEntities | None) -> tuple[Any, ...] | None:
    """Compact, marshal-safe form of an article's entities (None stays None)."""
    if ents is None:
        return None
    return (
        tuple(map(_entity_row, ents.people)),
        tuple(map(_entity_row, ents.countries)),
        tuple(map(_entity_row, ents.organizations)),
        tuple(map(_entity_row, ents.places)),
    )


def entities_from_row(r: Sequence[Any] | None, *, plain: bool = False) -> ArticleEntities | None:
    """Inverse of :func:`entities_to_row`.

    ``plain=True`` leaves mentions and evidence as plain tuples instead of
    :class:`Mention` records (equal to them, and about half the cost): for
    internal stubs that only count, concatenate and re-serialise mentions.
    """
    if r is None:
        return None
    people, countries, orgs, places = r
    make = _entity_from_row_plain if plain else _entity_from_row
    return ArticleEntities(
        tuple(map(make, people)),
        tuple(map(make, countries)),
        tuple(map(make, orgs)),
        tuple(map(make, places)),
    )


def article_to_row(a: Article, *, body: bool = True) -> tuple[Any, ...]:
    """Compact, marshal-safe form of ``a`` without its entities.

    ``body=False`` leaves blocks, captions, dropped lines and the line map out
    (empty), for the stubs that entity resolution reads.
    """
    return (
        a.id,
        a.source,
        _iso(a.retrieved),
        _iso(a.published),
        _iso(a.updated),
        a.title,
        a.kicker,
        a.dek,
        tuple(a.byline),
        tuple(a.contributors),
        a.contributor_note,
        a.dateline,
        a.url,
        tuple(map(tuple, a.blocks)) if body else (),
        tuple(map(tuple, a.captions)) if body else (),
        a.truncated,
        (a.origin.path, a.origin.line),
        tuple(map(tuple, a.dropped)) if body else (),
        tuple(map(tuple, a.lines)) if body else (),
        tuple(map(tuple, a.links)) if body else (),
    )


def article_from_row(r: Sequence[Any], entities: ArticleEntities | None = None) -> Article:
    """Inverse of :func:`article_to_row` (with ``entities`` put back)."""
    (
        id_,
        source,
        retrieved,
        published,
        updated,
        title,
        kicker,
        dek,
        byline,
        contributors,
        contributor_note,
        dateline,
        url,
        blocks,
        captions,
        truncated,
        origin,
        dropped,
        lines,
        *rest,  # links (rows written before links existed have none)
    ) = r
    links = rest[0] if rest else _NO_LINKS
    return Article(
        id_,
        source,
        _dt(retrieved),
        _dt(published),
        _dt(updated),
        title,
        kicker,
        dek,
        tuple(byline),
        tuple(contributors),
        contributor_note,
        dateline,
        url,
        tuple(map(Block._make, blocks)),
        tuple(map(Caption._make, captions)),
        truncated,
        Origin(*origin),
        tuple(map(Dropped._make, dropped)),
        tuple(map(tuple, lines)),
        tuple(map(Link._make, links)),
        entities,
    )


assert _ROW_FIELDS == (
    "id",
    "source",
    "retrieved",
    "published",
    "updated",
    "title",
    "kicker",
    "dek",
    "byline",
    "contributors",
    "contributor_note",
    "dateline",
    "url",
    "blocks",
    "captions",
    "truncated",
    "origin",
    "dropped",
    "lines",
    "links",
), "parsers.store.codec: Article's fields changed; update article_to_row/article_from_row"
