"""Building the article's :class:`~parsers.model.ArticleEntities` from the merged raws:
one :class:`~parsers.model.Entity` per person, country, organisation and place, with its
mentions in reading order, aliases and evidence."""

from __future__ import annotations

from operator import attrgetter

from parsers.entities.gazetteer import fold
from parsers.entities.merge import Org, Person, reconcile
from parsers.entities.records import Ctx, Raw
from parsers.entities.surface import POSS_ENDS, name_start, poss_len, rank_roles
from parsers.model import ArticleEntities, Entity, Mention
from parsers.perf import slots_constructor

_OK = attrgetter("ok")


def _org_fullness(x: str) -> tuple[bool, int, int]:
    """Sort key: the fullest form of an organisation's name (a form with lower-case
    letters before one a headline put in capitals, then most words, then longest)."""
    return (not x.isupper(), len(x.split()), len(x))


_new_entity = slots_constructor(Entity)
_mk = tuple.__new__


def _mention(r: Raw, first: str = "", keep_poss: bool = False) -> Mention:
    """The mention of a raw: the name only, with exact offsets (no title before a
    person's ``first`` name word, no possessive unless ``keep_poss``)."""
    text = r.text
    if (not first or text.startswith(first)) and (keep_poss or not text.endswith(POSS_ENDS)):
        # most mentions: nothing to cut (what ``name_start`` and ``poss_len`` would say)
        return _mk(Mention, (r.field, r.index, r.start, r.end, text))
    a = name_start(text, first) if first else 0
    b = len(text) - (0 if keep_poss else poss_len(text))
    if a == 0 and b == len(text):
        return _mk(Mention, (r.field, r.index, r.start, r.end, text))
    return _mk(Mention, (r.field, r.index, r.start + a, r.start + b, text[a:b]))


def _role(r: Raw, m: Mention, honorifics: frozenset[str]) -> str:
    """The title cut from before a person's name in ``r`` ("Prime Minister Ana Ruiz" ->
    "Prime Minister"); "" when nothing was cut or only honorifics ("Mr.")."""
    words = r.text[: m.start - r.start].split()
    while words and fold(words[0]) in honorifics:
        del words[0]
    return " ".join(words)


def _first(r: Raw, words: tuple[str, ...]) -> str:
    """The first word of a person raw's name (titles come before it); for a raw read
    against known names (a headline in capitals: no words of its own), the person's."""
    return r.words[0] if r.words else words[0] if words else ""


def assemble(ctx: Ctx, people: list[Person], orgs: list[Org]) -> ArticleEntities:
    """The article's entities from the merged people and orgs and the other raws.

    Mentions in reading order; people first mentioned in the headline first.
    """
    gaz, memos = ctx.gaz, ctx.memos
    reconcile(ctx, people, orgs)
    ent = _new_entity
    ok = _OK

    out_people: list[Entity] = []
    title_first: list[Entity] = []
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    hon = gaz.honorifics
    for p in people:
        rs = p.raws
        if not rs:
            continue
        name, key = memos.person_name(p.words)
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
            ms = tuple([_mention(r, _first(r, p.words)) for r in rs])
            forms = list(dict.fromkeys([m.text for m in ms]))
            if name in forms:
                forms.remove(name)
            aliases = tuple(forms)
            found = [_role(r, m, hon) for r, m in zip(rs, ms, strict=True) if m.start > r.start]
            roles = rank_roles([x for x in found if x]) if found else ()
        else:  # one mention (a third of all entities): no sorting, no de-duplication
            r = rs[0]
            m = _mention(r, _first(r, p.words))
            aliases = () if m.text == name else (m.text,)
            ms = (m,)
            roles = (x,) if m.start > r.start and (x := _role(r, m, hon)) else ()
        e = ent("person", key, name, aliases, ms, None, (), roles)
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
            ms = tuple([_mention(r) for r in rs])
            ev = tuple(dict.fromkeys([(m.text, r.extra) for m, r in zip(ms, rs, strict=True)]))
        else:
            r = rs[0]
            ms = (_mention(r),)
            ev = ((ms[0].text, r.extra),)
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
        # a name that is a possessive ("Moody’s") keeps it
        whole = name != surfaces[0] and fold(surfaces[0]) in gaz.orgs and poss_len(surfaces[0])
        if whole:
            name = surfaces[0]
        ms = tuple([_mention(r, keep_poss=bool(whole) and r.text == name) for r in rs])
        aliases = tuple([x for x in dict.fromkeys([m.text for m in ms]) if x != name])
        out_orgs.append(ent("org", "org:" + o.key, name, aliases, ms))
    out_places = []
    for (name, iso), rs in places.items():
        if len(rs) > 1:
            rs = sorted(rs, key=ok)
            ms = tuple([_mention(r) for r in rs])
            aliases = tuple([x for x in dict.fromkeys([m.text for m in ms]) if x != name])
        else:
            ms = (_mention(rs[0]),)
            aliases = () if ms[0].text == name else (ms[0].text,)
        # a region or feature that crosses borders has no code: iso2 null, not ""
        out_places.append(ent("place", memos.place_key(name, iso), name, aliases, ms, iso or None))
    return ArticleEntities(
        tuple(out_people), tuple(out_countries), tuple(out_orgs), tuple(out_places)
    )
