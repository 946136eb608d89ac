"""Corpus-wide identity for people and organisations.

Within one article the extractor already merged every surface form of a
person. Across articles, ``resolve_corpus`` links

* full names that share a surname and whose given names agree
  ("Donald Trump" / "Donald J. Trump"; "Vladimir Putin" / "Vladimir V. Putin"),
  and keeps apart those whose given names clash ("Joe Biden" / "Hunter Biden");
* surname-only entries ("Trump") to the one full-name person with that surname,
  when there is exactly one (otherwise they stay separate);
* organisation acronyms to the full name whose initials they spell, when one
  full name in the corpus matches.

The corpus-level ``name`` is the fullest form; the article's own fullest form
moves into ``aliases`` when it differs. Keys become ``person:<canonical>``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from parsers.entities.gazetteer import fold, gazetteer
from parsers.entities.surface import rank_roles
from parsers.model import Article, Entity


def _tokens(name: str) -> list[str]:
    return [
        t for t in name.split() if t.rstrip(".").casefold() not in ("jr", "sr", "ii", "iii", "iv")
    ]


def _is_initial(t: str) -> bool:
    return (len(t) <= 2 and t.endswith(".")) or len(t) == 1


def _surname_first(toks: list[str]) -> bool:
    if len(toks) < 2:
        return False
    gaz = gazetteer()
    f0 = fold(toks[0])
    if f0 in gaz.given:
        return False
    return ("-" in toks[1]) or (f0 in gaz.ea_surnames and fold(toks[1]) not in gaz.given)


def _surname(toks: list[str]) -> str:
    if _surname_first(toks):
        return fold(toks[0])
    for i, t in enumerate(toks[:-1]):
        if i > 0 and t[0].islower():  # particle: "Lula da Silva", "de la Fuente"
            return fold(" ".join(toks[i:]))
    return fold(toks[-1])


def _given(toks: list[str]) -> list[str]:
    if _surname_first(toks):
        return [fold(t) for t in toks[1:]]
    return [fold(t) for t in toks[:-1] if not _is_initial(t) and t[0].isupper()]


def _compatible(a: list[str], b: list[str]) -> bool:
    ga, gb = _given(a), _given(b)
    if not ga or not gb:
        return True
    x, y = ga[0], gb[0]
    return x == y or (x.startswith(y) and len(y) <= 2) or (y.startswith(x) and len(x) <= 2)


def _subseq(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


def _fullness(name: str) -> tuple[int, int]:
    return (len(name.split()), len(name))


def resolve_corpus(articles: Sequence[Article]) -> list[Article]:
    """Unify person and organisation keys/names across ``articles``."""
    # ---- people
    names: dict[str, int] = {}  # full names -> mention count
    for a in articles:
        if not a.entities:
            continue
        for e in a.entities.people:
            names[e.name] = names.get(e.name, 0) + len(e.mentions)
    by_surname: dict[str, list[list[str]]] = {}  # surname -> clusters of names
    for name in sorted(names, key=_fullness, reverse=True):
        toks = _tokens(name)
        if len(toks) < 2:
            continue
        clusters = by_surname.setdefault(_surname(toks), [])
        for cl in clusters:
            if all(_compatible(_tokens(x), toks) for x in cl):
                cl.append(name)
                break
        else:
            clusters.append([name])
    # "Catalina Ibarra" and "Catalina Ibarra Reyes": same first name, ordered subset
    flat = [cl for cls in by_surname.values() for cl in cls]
    by_first: dict[str, list[tuple[list[str], list[str]]]] = {}
    for cl in flat:
        bt = [fold(t) for t in _tokens(max(cl, key=_fullness))]
        by_first.setdefault(bt[0], []).append((bt, cl))
    for group in by_first.values():
        if len(group) < 2:
            continue
        for bt, cl in group:
            if not cl:
                continue
            hosts = [
                other
                for ot, other in group
                if other is not cl and other and len(ot) > len(bt) and _subseq(bt, ot)
            ]
            if len(hosts) == 1:
                hosts[0].extend(cl)
                cl.clear()
    canon: dict[str, str] = {}
    for clusters in by_surname.values():
        for cl in clusters:
            if not cl:
                continue
            best = max(cl, key=_fullness)
            for n in cl:
                canon[n] = best
    for name in names:
        toks = _tokens(name)
        if len(toks) == 1:
            clusters = [c for c in by_surname.get(fold(toks[0]), []) if c]
            if len(clusters) == 1:
                canon[name] = max(clusters[0], key=_fullness)

    # ---- organisations: acronym keys -> full-name keys by initials
    org_full: dict[str, set[str]] = {}
    org_keys: set[str] = set()
    for a in articles:
        if not a.entities:
            continue
        for e in a.entities.organizations:
            org_keys.add(e.key)
            for form in (e.name, *e.aliases):
                words = [w for w in form.split() if w[:1].isupper() and w != "The"]
                if len(words) >= 2:
                    org_full.setdefault("".join(w[0] for w in words), set()).add(e.key)
    org_map: dict[str, str] = {}
    for key in org_keys:
        tail = key[4:]
        letters = tail.replace(".", "").upper()
        if " " in tail or not letters.isalnum():
            continue
        targets = org_full.get(letters, set()) - {key}
        if len(targets) == 1:
            org_map[key] = next(iter(targets))

    out = []
    for a in articles:
        if not a.entities:
            out.append(a)
            continue
        changed = False
        people = []
        for e in a.entities.people:
            c = canon.get(e.name, e.name)
            if c != e.name:
                aliases = (e.name, *e.aliases) if e.name not in e.aliases else e.aliases
                e = dataclasses.replace(e, name=c, key="person:" + c.casefold(), aliases=aliases)
                changed = True
            people.append(e)
        n_people = len(people)
        people = _merge_same_key(people)
        changed = changed or len(people) != n_people
        orgs = []
        for e in a.entities.organizations:
            if e.key in org_map:
                e = dataclasses.replace(e, key=org_map[e.key])
                changed = True
            orgs.append(e)
        n_orgs = len(orgs)
        orgs = _merge_same_key(orgs)
        if not changed and len(orgs) == n_orgs:
            out.append(a)  # nothing to unify: the record is already what a copy would be
            continue
        ents = dataclasses.replace(a.entities, people=tuple(people), organizations=tuple(orgs))
        out.append(dataclasses.replace(a, entities=ents))
    return out


def _merge_same_key(ents: list[Entity]) -> list[Entity]:
    seen: dict[str, int] = {}
    out: list[Entity] = []
    for e in ents:
        if e.key in seen:
            i = seen[e.key]
            o = out[i]
            aliases = list(o.aliases)
            for x in (e.name, *e.aliases):
                if x != o.name and x not in aliases:
                    aliases.append(x)
            name = max((o.name, e.name), key=_fullness) if o.kind == "org" else o.name
            if name != o.name:
                aliases = [x for x in aliases if x != name] + [o.name]
            roles = rank_roles([*o.roles, *e.roles]) if e.roles else o.roles
            out[i] = dataclasses.replace(
                o,
                name=name,
                aliases=tuple(aliases),
                mentions=o.mentions + e.mentions,
                roles=roles,
            )
        else:
            seen[e.key] = len(out)
            out.append(e)
    return out
