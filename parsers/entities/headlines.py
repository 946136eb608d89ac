"""Headlines and title-case subheads: every word is capitalised there, so they are read
only against the forms the article's body already used and the gazetteer's known names."""

from __future__ import annotations

import re

from parsers.entities.classify import country_or_place, hyphen_parts
from parsers.entities.gazetteer import fold
from parsers.entities.memo import Memos
from parsers.entities.merge import Org, Person
from parsers.entities.patterns import TITLE_TOKEN_RE
from parsers.entities.records import Ctx, Raw, order_base
from parsers.entities.surface import POSS_ENDS, is_acronym, strip_poss

DATELINE_RE = re.compile(r"[ \u00a0]+\d{4}-\d\d-\d\d\b|[ \u00a0]*\((?:Reuters|AP|AFP)\)")
Forms = tuple[dict[str, Person], dict[str, Org]]  # folded form -> person, -> organisation


def known_forms(memos: Memos, people: list[Person], orgs: list[Org]) -> Forms:
    """Every folded form the article's body used for its people and organisations."""
    pforms: dict[str, Person] = {}
    for p in people:
        for k in memos.surname_forms(p.words, p.ea):
            pforms[k] = p
        for r in p.raws:
            pforms[memos.folded_name(r.text)] = p
    oforms: dict[str, Org] = {}
    for o in orgs:
        for r in o.raws:
            oforms[memos.org_folded(r.text)] = o
    return pforms, oforms


def scan_title(ctx: Ctx, text: str, fld: str, idx: int, forms: Forms, orgs: list[Org]) -> None:
    """Read a headline or title-case subhead against the known forms and the gazetteer."""
    gaz, memos = ctx.gaz, ctx.memos
    pforms, oforms = forms
    base = order_base(fld, idx)
    toks = [(m.group(), m.start(), m.end()) for m in TITLE_TOKEN_RE.finditer(text)]
    n = len(toks)
    # run[k]: how many tokens from k on are adjacent (single space, no inner possessive)
    run = [1] * n
    for k in range(n - 2, -1, -1):
        if toks[k + 1][1] - toks[k][2] == 1 and not toks[k][0].endswith(POSS_ENDS):
            run[k] = run[k + 1] + 1
    places = ctx.body_places
    if places is None:
        places = ctx.body_places = {
            memos.folded_name(r.text): r
            for r in ctx.raws
            if (r.kind == "place" or r.kind == "country") and r.field != "title"
        }
    # "MOSCOW 1996-10-17": the city it was filed from is no evidence for its country
    dateline = n > 0 and DATELINE_RE.match(text, toks[run[0] - 1][2]) is not None
    shouted = text.isupper()
    fnames_get = memos.folded_names.get
    known_get = memos.title_known_memo.get
    i = 0
    while i < n:
        done = False
        s = toks[i][1]
        for j in range(i + min(run[i], 5), i, -1):
            e = toks[j - 1][2]
            surface = text[s:e]
            f = fnames_get(surface) or memos.folded_name(surface)
            ctx.counter += 1
            if dateline and i == 0 and (f in gaz.places or f in gaz.capitals):
                # "NEW YORK 1996-11-05": where it was filed, even where a club has its name
                country_or_place(ctx, f, fld, idx, s, e, text, True, True)
            elif f in pforms:
                p = pforms[f]
                p.raws.append(Raw("person", fld, idx, s, e, surface, pos=ctx.counter, ok=base + s))
            elif f in oforms:
                oforms[f].raws.append(
                    Raw("org", fld, idx, s, e, surface, pos=ctx.counter, ok=base + s)
                )
            elif f in places and not (
                f in gaz.country_forms or f in gaz.metonyms or f in gaz.capitals
            ):  # a place the body named ("CHECHNYA", "SAHEL"; not the river "AMAZON")
                b = places[f]
                kind, info, extra = b.kind, b.info, b.extra
                if dateline and kind == "country" and extra == "metonym":
                    kind, info, extra = "place", surface.title(), ""  # where it was filed
                ctx.raws.append(
                    Raw(
                        kind,
                        fld,
                        idx,
                        s,
                        e,
                        surface,
                        info=info,
                        extra=extra,
                        pos=ctx.counter,
                        ok=base + s,
                    )
                )
            elif (known_get(f) or memos.title_known(f)) == 1 and (j - i != 1 or "-" not in surface):
                continue  # fast path: none of the branches below applies
            elif (
                f in gaz.orgs
                and (j - i > 1 or is_acronym(toks[i][0]) or len(f) > 3)
                # in capitals every word looks like an acronym: "WHO" may be "who"
                and not (shouted and j - i == 1 and f in gaz.common)
            ):
                canon = gaz.orgs[f]
                o = next((o for o in orgs if o.key == fold(canon)), None)
                if o is None:
                    o = Org(fold(canon))
                    orgs.append(o)
                o.raws.append(
                    Raw("org", fld, idx, s, e, surface, info=canon, pos=ctx.counter, ok=base + s)
                )
            elif "-" in surface and j - i == 1:
                before = len(ctx.raws)
                hyphen_parts(ctx, text, fld, idx, s, strip_poss(surface)[0], False)
                if len(ctx.raws) == before:
                    continue
            elif (
                f in gaz.country_forms
                or f in gaz.metonyms
                or f in gaz.capitals
                or (f in gaz.places and not gaz.places[f][3])
            ):
                country_or_place(ctx, f, fld, idx, s, e, text, dateline, True)
            else:
                continue
            i = j
            done = True
            break
        if not done:
            i += 1
