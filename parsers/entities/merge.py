"""Merging the mentions of one article: every surface form of a person by surname ("Mr.
Putin’s" -> "Vladimir V. Putin"), organisations by name, and acronyms by initials."""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field

from parsers.entities.gazetteer import fold
from parsers.entities.lexicon import CORPORATE_TAILS, ORG_SUFFIX
from parsers.entities.records import Ctx, Raw
from parsers.entities.surface import is_acronym, strip_poss


@dataclass(slots=True)
class Person:
    """One person of the article: the fullest name and every mention of it."""

    words: tuple[str, ...]  # fullest name tokens
    ea: bool
    raws: list[Raw] = field(default_factory=list)
    last_pos: int = 0
    folded: tuple[str, ...] = ()  # ``words`` folded (filled in by the merger)


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


def _compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names with the same surname: same person unless first names clash."""
    fa = [fold(x) for x in a]
    fb = [fold(x) for x in b]
    if fa[-1] != fb[-1] and fa[0] != fb[0]:
        return False
    ga, gb = fa[:-1], fb[:-1]
    if not ga or not gb:
        return True
    x, y = ga[0], gb[0]
    if x == y:
        return True
    if len(x) <= 2 or len(y) <= 2:
        return x[0] == y[0]
    return False


def merge_people(ctx: Ctx) -> list[Person]:
    """Group the person mentions (and unsure single words) of the article by person."""
    raws, gaz, memos = ctx.raws, ctx.gaz, ctx.memos
    people: list[Person] = []
    # one pass: full names, and the surname-only mentions to attach later (in ``pos`` order)
    full: list[Raw] = []
    rest: list[Raw] = []
    for r in raws:
        kind = r.kind
        if kind == "person":
            (full if r.extra == "full" else rest).append(r)
        elif kind == "pending" and r.extra != "nonentity" and r.extra != "multi":
            rest.append(r)
    full.sort(key=_n_words, reverse=True)
    # the person a full name joins depends only on its folded words, its ``ea`` and the
    # people before it, and people are only appended: one scan per distinct name (a
    # giant article repeats names thousands of times)
    joined: dict[tuple[tuple[str, ...], bool], Person] = {}
    for r in full:
        fw = tuple(map(fold, r.words))
        target = joined.get((fw, r.ea))
        if target is not None:
            target.raws.append(r)
            continue
        for p in people:
            pw = p.folded
            if fw == pw:
                target = p
                break
            if r.ea == p.ea and (
                (not r.ea and pw[-1] == fw[-1] and _compatible(p.words, r.words))
                or (r.ea and pw[0] == fw[0] and pw[1:2] == fw[1:2])
            ):
                target = p
                break
            if len(fw) < len(pw) and (pw[-len(fw) :] == fw or (p.ea and pw[: len(fw)] == fw)):
                target = p
                break
            if not r.ea and not p.ea and fw[0] == pw[0] and _subsequence(list(fw), list(pw)):
                target = p
                break
        if target is None:
            target = Person(r.words, r.ea, [], 0, fw)
            people.append(target)
        joined[fw, r.ea] = target
        target.raws.append(r)
    # surname-only mentions (honorific, title, pending single tokens)
    index: dict[tuple[str, ...], list[Person]] = {}
    for p in people:
        for k in memos.surname_keys(p.words, p.ea):
            index.setdefault(k, []).append(p)
    # "Mr. Abiy", "Dr. Tedros": Ethiopian, Eritrean (and Thai, Icelandic) names are
    # shortened to the given name; used only when no surname matches, and one person has it
    first: dict[tuple[str, ...], Person | None] = {}
    for p in people:
        if len(p.folded) >= 2 and not p.ea:
            k = p.folded[:1]
            first[k] = p if k not in first else None
    # ``raws`` is in ``pos`` order already
    seen = _Positions()
    for r in rest:
        kind = r.kind
        key = memos.pending_key(r.text) if kind == "pending" else memos.surname_key(r.words)
        cands = index.get(key)
        if (
            cands is None
            and len(key) == 1
            and (fp := first.get(key)) is not None
            and (kind != "pending" or key[0] not in gaz.given)
        ):
            cands = [fp]
        if cands is None:
            if kind == "pending":
                continue
            words = tuple(strip_poss(w)[0] for w in r.words)
            p = Person(words, False, [], 0, tuple(map(fold, words)))
            people.append(p)
            for k in memos.surname_keys(p.words, p.ea):
                index.setdefault(k, []).append(p)
            if len(p.folded) >= 2:  # "Dr. Tedros Adhanom Ghebreyesus"
                k = p.folded[:1]
                first[k] = p if k not in first else None
        elif len(cands) > 1:
            # the most recently mentioned one
            pos = r.pos
            p = min(cands, key=lambda p: -seen.latest_before(p, pos))
        else:
            p = cands[0]
        r.kind = "person"
        p.raws.append(r)
        seen.note(p, r.pos)
    return people


class _Positions:
    """Each person's mention positions, sorted, for "the most recently mentioned" in
    log time (a scan of every mention per surname mention is quadratic in a giant
    article)."""

    __slots__ = ("_by_person",)

    def __init__(self) -> None:
        self._by_person: dict[int, list[int]] = {}

    def _of(self, p: Person) -> list[int]:
        got = self._by_person.get(id(p))
        if got is None:
            got = self._by_person[id(p)] = sorted(x.pos for x in p.raws)
        return got

    def latest_before(self, p: Person, pos: int) -> int:
        """The largest position of ``p``'s mentions below ``pos`` (-1: none)."""
        got = self._of(p)
        i = bisect_left(got, pos)
        return got[i - 1] if i else -1

    def note(self, p: Person, pos: int) -> None:
        """``p`` was mentioned at ``pos`` (after its positions were first asked for)."""
        got = self._by_person.get(id(p))
        if got is not None:
            insort(got, pos)


def _n_words(r: Raw) -> int:
    return len(r.words)


@dataclass(slots=True)
class Org:
    """One organisation of the article: its key and every mention of it."""

    key: str
    raws: list[Raw] = field(default_factory=list)


def merge_orgs(ctx: Ctx) -> list[Org]:
    """Group the organisation mentions by name, acronym, head word and short form."""
    gaz, memos = ctx.gaz, ctx.memos
    orgs: dict[str, Org] = {}
    acr: list[Raw] = []
    gorgs = gaz.orgs
    for r in ctx.raws:
        if r.kind != "org":
            continue
        text = r.text
        canon = r.info
        if not canon:
            fname = memos.org_folded(text)
            canon = gorgs.get(fname) or ""
            if not canon:
                name = memos.org_name(text)
                if " " not in name and is_acronym(name):
                    acr.append(r)
                    continue
                key = fname
            else:
                key = fold(canon)
        else:
            key = fold(canon)
        o = orgs.get(key)
        if o is None:
            o = orgs[key] = Org(key)
        o.raws.append(r)
    # acronym <-> full name by initials: the first org (in order) with a mention whose
    # initials they are, from an index kept up to date as mentions join
    if acr:
        rank: dict[int, int] = {}
        by_initials: dict[str | None, Org] = {}

        def note(o: Org, text: str) -> None:
            initials = memos.org_initials(text)
            held = by_initials.get(initials)
            if held is None or rank[id(held)] > rank[id(o)]:
                by_initials[initials] = o

        for o in orgs.values():
            rank[id(o)] = len(rank)
            for x in o.raws:
                note(o, x.text)
        for r in acr:
            name = memos.org_name(r.text)
            letters = name.replace(".", "").replace("-", "")
            target = by_initials.get(letters)
            if target is None:
                key = fold(name.replace(".", "") if "." in name else name)
                target = orgs.get(key)
                if target is None:
                    target = orgs[key] = Org(key)
                    rank[id(target)] = len(rank)
            target.raws.append(r)
            note(target, r.text)
    # a lone word that opens a two-word name the article uses: "Novo" -> Novo Nordisk
    if len(orgs) > 1:
        firsts: dict[str, Org] = {}
        for key, o in orgs.items():
            ws = key.split()
            if len(ws) == 2:
                firsts.setdefault(ws[0], o)
        if firsts:
            # a known company too if the longer name is its business arm ("Samsung" ->
            # Samsung Electronics), not another body ("Ford" / Ford Foundation)
            for key in [
                k
                for k in orgs
                if k in firsts and (k not in gorgs or firsts[k].key.split()[1] in CORPORATE_TAILS)
            ]:
                firsts[key].raws.extend(orgs.pop(key).raws)
    # an acronym that ends a longer name the article uses: "BPM" -> Banco BPM
    if len(orgs) > 1:
        lasts = {
            key.split()[-1]: o
            for key, o in orgs.items()
            if " " in key
            and len(key.split()[-1]) >= 3
            and key.split()[-1].isalpha()
            and not all(x.text.isupper() for x in o.raws)  # not in all-caps text
        }
        for key in [k for k in orgs if k in lasts and k not in gorgs and lasts[k].key != k]:
            if all(x.text.rstrip("’'s").isupper() for x in orgs[key].raws):
                lasts[key].raws.extend(orgs.pop(key).raws)
    # single-token aliases: "the Eurasia analyst" -> Eurasia Group
    heads: dict[str, Org] = {}
    for o in orgs.values():
        for x in o.raws:
            words = memos.org_words(x.text)
            if len(words) == 2 and fold(words[-1]) in ORG_SUFFIX:
                h = fold(words[0])
                if h in gaz.country_forms or (
                    h in gaz.non_entities and h.endswith(("an", "ern", "ic", "ese"))
                ):
                    continue  # "European" does not stand for the European Union
                heads[h] = o
    if heads:
        for r in ctx.raws:
            if r.kind == "pending":
                f = memos.folded_name(r.text)
                if f in heads:
                    r.kind = "org"
                    heads[f].raws.append(r)
    return list(orgs.values())


_DESIGNATORS = frozenset(("corp", "corp.", "inc", "inc.", "co", "co.", "cos", "plc", "ltd", "ltd."))


def reconcile(ctx: Ctx, people: list[Person], orgs: list[Org]) -> None:
    """Settle names read both ways in one article.

    A company's name without its designator ("Philip Morris" beside "Philip Morris Cos
    Inc", "Toyota" beside "Toyota Motor Corp") is that company, not a person or a town;
    a one-word organisation read from a cue ("Kohl’s spokesman") that is a person's
    surname in the article is that person.
    """
    memos = ctx.memos
    heads: dict[str, Org] = {}
    for o in orgs:
        for r in o.raws:
            ws = memos.org_words(r.text)
            k = len(ws)
            while k > 1 and fold(ws[k - 1]) in CORPORATE_TAILS:
                k -= 1
            if k < len(ws) and any(fold(w) in _DESIGNATORS for w in ws[k:]):
                heads[fold(" ".join(ws[:k]))] = o
    if heads:
        for p in people:
            company = heads.get(" ".join(p.folded))
            if company is not None and p.raws:
                for r in p.raws:
                    r.kind = "org"
                company.raws.extend(p.raws)
                p.raws = []
        for r in ctx.raws:
            if r.kind == "place" and " " not in r.text:
                company = heads.get(memos.folded_name(r.text))
                if company is not None:
                    r.kind = "org"
                    company.raws.append(r)
    # the surname: first in a surname-first name ("Shen Guofang"), else last
    surnames = {p.folded[0 if p.ea else -1]: p for p in people if p.raws and len(p.folded) >= 2}
    if surnames:
        for o in orgs:
            if o.raws and all(
                " " not in r.text and memos.org_folded(r.text) not in ctx.gaz.orgs for r in o.raws
            ):
                person = surnames.get(memos.folded_name(o.raws[0].text))
                if person is not None and all(
                    memos.folded_name(r.text) == person.folded[0 if person.ea else -1]
                    for r in o.raws
                ):
                    for r in o.raws:
                        r.kind, r.words = "person", (strip_poss(r.text)[0],)
                    person.raws.extend(o.raws)
                    o.raws = []
