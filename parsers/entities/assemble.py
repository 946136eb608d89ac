"""Building the article's :class:`~parsers.model.ArticleEntities` from the merged raws:
one :class:`~parsers.model.Entity` per person, country, organisation and place, with its
mentions in reading order, aliases and evidence."""

from __future__ import annotations

from operator import attrgetter

from parsers.entities.merge import Org, Person
from parsers.entities.records import Ctx, Raw
from parsers.model import ArticleEntities, Entity, Mention
from parsers.perf import slots_constructor

_OK = attrgetter("ok")


def _org_fullness(x: str) -> tuple[int, int]:
    """Sort key: the fullest form of an organisation's name (most words, then longest)."""
    return (len(x.split()), len(x))


_new_entity = slots_constructor(Entity)


def assemble(ctx: Ctx, people: list[Person], orgs: list[Org]) -> ArticleEntities:
    """The article's entities from the merged people and orgs and the other raws.

    Mentions in reading order; people first mentioned in the headline first.
    """
    gaz, memos = ctx.gaz, ctx.memos
    mk = tuple.__new__
    ent = _new_entity
    ok = _OK

    out_people: list[Entity] = []
    title_first: list[Entity] = []
    aliases: tuple[str, ...]
    for p in people:
        rs = p.raws
        if not rs:
            continue
        name, key = memos.person_name(p.words)
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
            forms = list(dict.fromkeys([r.text for r in rs]))
            if name in forms:
                forms.remove(name)
            aliases = tuple(forms)
            ms = tuple([mk(Mention, (r.field, r.index, r.start, r.end, r.text)) for r in rs])
        else:  # one mention (a third of all entities): no sorting, no de-duplication
            r = rs[0]
            aliases = () if r.text == name else (r.text,)
            ms = (mk(Mention, (r.field, r.index, r.start, r.end, r.text)),)
        e = ent("person", key, name, aliases, ms)
        # people first mentioned in the headline come first (a stable partition)
        (title_first if rs[0].field == "title" else out_people).append(e)
    if title_first:
        out_people = title_first + out_people

    countries: dict[str, list[Raw]] = {}
    places: dict[tuple[str, str], list[Raw]] = {}
    for r in ctx.raws:
        kind = r.kind
        if kind == "country":
            lst = countries.get(r.info)
            if lst is None:
                countries[r.info] = [r]
            else:
                lst.append(r)
        elif kind == "place":
            pk = (r.info, r.extra)
            lst = places.get(pk)
            if lst is None:
                places[pk] = [r]
            else:
                lst.append(r)
    out_countries = []
    cnames = gaz.countries
    for iso, rs in countries.items():
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
            ev = tuple(dict.fromkeys([(r.text, r.extra) for r in rs]))
            ms = tuple([mk(Mention, (r.field, r.index, r.start, r.end, r.text)) for r in rs])
        else:
            r = rs[0]
            ev = ((r.text, r.extra),)
            ms = (mk(Mention, (r.field, r.index, r.start, r.end, r.text)),)
        out_countries.append(
            ent("country", "country:" + iso, cnames.get(iso, iso), (), ms, iso, ev)
        )
    out_orgs = []
    for o in orgs:
        rs = o.raws
        if not rs:
            continue
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
        surfaces = list(dict.fromkeys([r.text for r in rs]))
        if len(surfaces) == 1:
            name = memos.org_name(surfaces[0])
        else:
            names = list(dict.fromkeys([memos.org_name(x) for x in surfaces]))
            name = max(names, key=_org_fullness)
        aliases = tuple([x for x in surfaces if x != name])
        out_orgs.append(
            ent(
                "org",
                "org:" + o.key,
                name,
                aliases,
                tuple([mk(Mention, (r.field, r.index, r.start, r.end, r.text)) for r in rs]),
            )
        )
    out_places = []
    for (name, iso), rs in places.items():
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
            aliases = tuple([x for x in dict.fromkeys([r.text for r in rs]) if x != name])
            ms = tuple([mk(Mention, (r.field, r.index, r.start, r.end, r.text)) for r in rs])
        else:
            r = rs[0]
            aliases = () if r.text == name else (r.text,)
            ms = (mk(Mention, (r.field, r.index, r.start, r.end, r.text)),)
        # a region or feature that crosses borders has no code: iso2 null, not ""
        out_places.append(ent("place", memos.place_key(name, iso), name, aliases, ms, iso or None))
    return ArticleEntities(
        tuple(out_people), tuple(out_countries), tuple(out_orgs), tuple(out_places)
    )
