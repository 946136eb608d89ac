"""Cutting a chunk into name segments at connectors that do not belong to a name
("Zelensky of Ukraine" -> two; "Institute for the Study of War" and "Mr. de la Fuente"
stay whole)."""

from __future__ import annotations

from parsers.entities.gazetteer import Gazetteer, fold
from parsers.entities.lexicon import (
    MEMBER_ENDS,
    ORG_HEADS,
    ORG_SUFFIX,
    PARTICLES,
    TITLE_HEADS,
    WATER_HEADS,
)
from parsers.entities.patterns import PART_RE
from parsers.entities.records import Span
from parsers.entities.surface import is_acronym, strip_poss


def segments(text: str, cstart: int, cend: int, gaz: Gazetteer) -> list[list[Span]]:
    """Cut a chunk into name segments at connectors that do not belong to a name."""
    parts = [(m.group(), m.start(), m.end()) for m in PART_RE.finditer(text, cstart, cend)]
    if len(parts) == 1:  # one word (most chunks): one segment
        return [parts] if parts[0][0] != "&" else []
    if len(parts) > 2:
        whole = fold(strip_poss(text[cstart:cend])[0])
        if whole in gaz.orgs or whole in gaz.country_forms or whole in gaz.places:
            return [parts]  # "Alternative for Germany", "Trinidad and Tobago"
    segs: list[list[Span]] = []
    cur: list[Span] = []
    org_mode = False
    i = 0
    n = len(parts)
    while i < n:
        p = parts[i]
        word = p[0]
        is_conn = (word[0].islower() and "-" not in word) or word == "&"
        if not is_conn:
            cur.append(p)
            i += 1
            continue
        # a run of connectors followed by a token
        j = i
        while j < n and (
            (parts[j][0][0].islower() and "-" not in parts[j][0]) or parts[j][0] == "&"
        ):
            j += 1
        conns = [parts[k][0] for k in range(i, j)]
        if j >= n or not cur:
            i = j
            continue
        left = fold(cur[-1][0])
        right = fold(parts[j][0])
        join = False
        if right in gaz.non_entities and not (
            # "Economic Community of West African States", "Centre for European Reform"
            conns[0] in ("of", "for")
            and (org_mode or left in ORG_HEADS or left in ORG_SUFFIX)
            and j + 1 < n
            and parts[j + 1][0][0].isupper()
            and not parts[j][0].isupper()  # not an upper-case headline
        ):
            segs.append(cur)
            cur = []
            org_mode = False
            i = j
            continue
        if all(c in PARTICLES for c in conns) and conns[0] not in ("the",):
            join = left not in ORG_SUFFIX
            if left in ORG_HEADS:
                org_mode = True
        elif conns[0] in ("of", "for", "on"):
            if (right,) in gaz.titles or right in gaz.honorifics:
                pass  # "Party of Chancellor Olaf Scholz": a new name starts
            elif left in TITLE_HEADS and not org_mode:
                join = True
            elif org_mode or left in ORG_HEADS or left in ORG_SUFFIX:
                join = True
                org_mode = True
            elif (
                conns == ["of"]
                and left in WATER_HEADS
                and len(cur) == 1 + (cur[0][0] == "The")
                and right not in gaz.country_forms
            ):
                join = True  # "Strait of Malacca", "Gulf of Aden": water, not the town
            elif (
                conns == ["of"]
                and left.endswith(MEMBER_ENDS)
                and left in gaz.common
                and gaz.country_forms.get(right, ("", ""))[1] == "name"
                and len(cur) > 1
            ):
                # "Communications Workers of America", "United Steelworkers of America": a
                # body named for its members, then the country it organises
                join = True
        elif conns == ["&"]:
            join = True
        elif conns == ["no"]:
            join = True  # "Nippon Ishin no Kai": a Japanese genitive inside one name
        elif conns == ["and"]:
            if org_mode:
                # not "Writers Guild of America and SAG-AFTRA": an acronym or known body
                join = not is_acronym(parts[j][0]) and right not in gaz.orgs
            elif (
                left in gaz.common
                and right in gaz.common
                and left not in gaz.orgs
                and len(cur) - (cur[0][0] == "The") == 1  # not "... Center and China ..."
                and right not in gaz.country_forms
                and right not in gaz.places
            ):
                # "Securities and Exchange Commission", "Food and Drug Administration":
                # two common words joined, then an organisation word
                join = any(fold(parts[k][0]) in ORG_SUFFIX for k in range(j + 1, n))
        if join:
            cur.extend(parts[i:j])
        else:
            segs.append(cur)
            cur = []
            org_mode = False
        i = j
    if cur:
        segs.append(cur)
    return segs


# --------------------------------------------------------------------------- classification
