"""The corpus's entity table: one id per entity key, its names, and name lookup.

Rows refer to entities by id (an index into the table's lists). Names merge as
rows arrive: the fuller form wins and the others become aliases. The name,
alias and token indexes that :meth:`EntityTable.resolve_ids` and
:meth:`EntityTable.find` use are rebuilt lazily when names changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from parsers.corpus.rows import SnapshotColumns
from parsers.model import FACET_KINDS

__all__ = ["EntityInfo", "EntityTable", "norm_name"]

_TOKEN_RE = re.compile(r"\w+")
_POSSESSIVE_RE = re.compile(r"(?:'s|')$")
#: Aliases kept per entity at most.
MAX_ALIASES = 64


#: Letters that carry no combining mark to strip but read as plain Latin ones.
_PLAIN = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe"})


def fold_marks(text: str) -> str:
    """``text`` without diacritics (Erdoğan -> Erdogan, Kılıç -> Kilic); case kept."""
    if text.isascii():
        return text
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t if not unicodedata.combining(c)).translate(_PLAIN)


def _fold_key(key: str) -> str:
    return fold_marks(key.replace("’", "'").casefold())


def norm_name(name: str) -> str:
    """Name as compared by ``resolve`` and ``find``: casefold, no diacritics,
    ’ -> ', no possessive, single spaces (``person:erdogan`` finds Erdoğan)."""
    s = " ".join(fold_marks(name.replace("’", "'").casefold()).split())
    s = s.strip(' .,;:!?"()[]')
    return _POSSESSIVE_RE.sub("", s).strip()


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """Corpus-wide view of one entity (sidebar entry)."""

    key: str
    kind: str
    name: str
    iso2: str | None
    aliases: tuple[str, ...]
    article_count: int
    mention_count: int


class EntityTable:
    """Entity ids by key, with kind, name, aliases and ISO code (not thread-safe:
    the corpus holds its lock)."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.ids: dict[str, int] = {}
        self.kinds: list[str] = []
        self.names: list[str] = []
        self.aliases: list[dict[str, None]] = []
        self.iso2: list[str | None] = []
        #: bumped when an entity's name, key or kind set changes
        self.names_gen = 0
        self._names_dirty = True
        self._ranked: tuple[int, int] = (-1, -1)
        self.name_rank = np.empty(0, dtype=np.int64)
        self.kind_eids: dict[str, np.ndarray] = {}
        self._folded_key: dict[tuple[str, str], set[int]] = {}
        self._name_idx: dict[tuple[str, str], set[int]] = {}
        self._tok_idx: dict[tuple[str, str], set[int]] = {}
        self._norms: list[tuple[str, ...]] = []

    def __len__(self) -> int:
        return len(self.keys)

    def _changed(self) -> None:
        self._names_dirty = True
        self.names_gen += 1

    def id_of(
        self, kind: str, key: str, name: str, aliases: Iterable[str], iso2: str | None
    ) -> int:
        """The id of ``key``, added if new; merges ``name``/``aliases``/``iso2`` in."""
        eid = self.ids.get(key)
        if eid is None:
            eid = len(self.keys)
            self.ids[key] = eid
            self.keys.append(key)
            self.kinds.append(kind)
            self.names.append(name)
            self.aliases.append(dict.fromkeys(a for a in aliases if a != name))
            self.iso2.append(iso2)
            self._changed()
            return eid
        cur = self.names[eid]
        al = self.aliases[eid]
        if name != cur:
            if len(name) > len(cur):  # prefer the fuller form ("Donald J. Trump")
                self.names[eid] = name
                al.pop(name, None)
                name, cur = cur, name
            if name not in al and len(al) < MAX_ALIASES:
                al[name] = None
            self._changed()
        for a in aliases:
            if a not in al and a != cur and len(al) < MAX_ALIASES:
                al[a] = None
                self._changed()
        if iso2 and not self.iso2[eid]:
            self.iso2[eid] = iso2
        return eid

    def adopt(self, cols: SnapshotColumns) -> np.ndarray:
        """Table ids of a snapshot's entity table (adding the new ones)."""
        keys: list[str] = cols["e_key"]
        ne = len(keys)
        if not self.keys and len(set(keys)) == ne:
            # nothing to merge with: take the table as it is
            self.keys = list(keys)
            self.ids = dict(zip(keys, range(ne), strict=True))
            self.kinds = list(cols["e_kind"])
            self.names = list(cols["e_name"])
            aliases = [dict.fromkeys(al) for al in cols["e_aliases"]]
            for name, al in zip(self.names, aliases, strict=True):
                al.pop(name, None)
            self.aliases = aliases
            self.iso2 = list(cols["e_iso2"])
            self._changed()
            return np.arange(ne, dtype=np.int64)
        eid = self.id_of
        return np.fromiter(
            (
                eid(k, key, name, al, iso)
                for k, key, name, al, iso in zip(
                    cols["e_kind"],
                    keys,
                    cols["e_name"],
                    cols["e_aliases"],
                    cols["e_iso2"],
                    strict=True,
                )
            ),
            dtype=np.int64,
            count=ne,
        )

    def rank(self) -> None:
        """Refresh :attr:`name_rank` (facet ties go by name, then key) and
        :attr:`kind_eids` (ids of each kind) if entities or names changed."""
        ne = len(self.keys)
        if self._ranked == (ne, self.names_gen):
            return
        # numpy compares code points, like str
        folded = np.array([x.casefold() for x in self.names], dtype=str)
        name_order = (
            np.lexsort((np.array(self.keys, dtype=str), folded)) if ne else np.empty(0, np.int64)
        )
        self.name_rank = np.empty(ne, dtype=np.int64)
        self.name_rank[name_order] = np.arange(ne)
        kinds = np.array(self.kinds, dtype=str) if ne else np.empty(0, dtype=str)
        self.kind_eids = {k: np.flatnonzero(kinds == k) for k in FACET_KINDS}
        self._ranked = (ne, self.names_gen)

    def info(self, eid: int, articles: int, mentions: int) -> EntityInfo:
        return EntityInfo(
            key=self.keys[eid],
            kind=self.kinds[eid],
            name=self.names[eid],
            iso2=self.iso2[eid],
            aliases=tuple(self.aliases[eid]),
            article_count=articles,
            mention_count=mentions,
        )

    # -- name lookup -------------------------------------------------------------

    def build_names(self) -> None:
        """(Re)build the name/alias/token indexes that ``resolve`` uses."""
        if not self._names_dirty:
            return
        folded: dict[tuple[str, str], set[int]] = {}
        names: dict[tuple[str, str], set[int]] = {}
        toks: dict[tuple[str, str], set[int]] = {}
        norms: list[tuple[str, ...]] = []
        for eid, (kind, key, name, al) in enumerate(
            zip(self.kinds, self.keys, self.names, self.aliases, strict=True)
        ):
            folded.setdefault((kind, _fold_key(key)), set()).add(eid)
            forms = tuple(dict.fromkeys(norm_name(n) for n in (name, *al)))
            norms.append(forms)
            for nm in forms:
                names.setdefault((kind, nm), set()).add(eid)
                for t in _TOKEN_RE.findall(nm):
                    toks.setdefault((kind, t), set()).add(eid)
        self._folded_key, self._name_idx, self._tok_idx = folded, names, toks
        self._norms = norms
        self._names_dirty = False

    def resolve_ids(self, kind: str, value: str, counts: np.ndarray) -> set[int]:
        """Ids of the entities of ``kind`` that ``value`` names, among those with
        ``counts[id] > 0`` (see :meth:`parsers.corpus.index.Corpus.resolve`)."""
        value = value.strip()
        if not value or kind == "source":
            return set()
        self.build_names()
        self.rank()

        def live(ids: Iterable[int] | None) -> set[int]:
            return {e for e in ids or () if counts[e] > 0}

        folded = _fold_key(value)
        if folded.startswith(kind + ":"):
            folded = folded[len(kind) + 1 :]
        hit = live(self._folded_key.get((kind, f"{kind}:{folded}")))
        if hit:
            return hit
        nm = norm_name(value)
        hit = live(self._name_idx.get((kind, nm)))
        if hit:
            return hit
        if kind == "country":
            iso = _country_iso2(value)
            if iso:
                hit = live(self._folded_key.get((kind, _fold_key(f"country:{iso}"))))
                if hit:
                    return hit
                hit = live(
                    e
                    for e in self.kind_eids["country"].tolist()
                    if (self.iso2[e] or "").upper() == iso
                )
                if hit:
                    return hit
        result: set[int] | None = None
        for t in _TOKEN_RE.findall(nm):
            s = self._tok_idx.get((kind, t))
            result = set(s or ()) if result is None else result & (s or set())
            if not result:
                return set()
        return live(result)

    def find(self, text: str, limit: int, kind: str | None, counts: list[int]) -> list[int]:
        """Ids of entities whose name or an alias contains ``text``, best first
        (see :meth:`parsers.corpus.index.Corpus.find_entities`)."""
        q = norm_name(text)
        if not q:
            return []
        self.build_names()
        scored: list[tuple[int, int, str, int]] = []
        for eid, forms in enumerate(self._norms):
            if (kind is not None and self.kinds[eid] != kind) or not counts[eid]:
                continue
            best = 9
            for cand in forms:
                s = _match_score(q, cand)
                if s < best:
                    best = s
                    if s == 0:
                        break
            if best < 9:
                scored.append((best, -counts[eid], self.names[eid].casefold(), eid))
        scored.sort()
        return [e for *_, e in scored[:limit]]


def _match_score(q: str, cand: str) -> int:
    if cand == q:
        return 0
    if cand.startswith(q):
        return 1
    if any(w.startswith(q) for w in cand.split()):
        return 2
    if q in cand:
        return 3
    it = iter(cand)
    if len(q) >= 3 and all(ch in it for ch in q):
        return 4
    return 9


def _country_iso2(value: str) -> str | None:
    """ISO2 for an ISO2/ISO3 code, a country name (pycountry), or any form the
    gazetteer knows a country by (``U.S.``, ``American``, ``Dutch``, the capital
    ``Ankara``, the metonym ``Kremlin``), else None."""
    v = value.strip()
    if not v:
        return None
    if v.upper() == "UK":  # common, but not the ISO code
        return "GB"
    if len(v) == 2 and v.isalpha():
        return v.upper()
    try:
        import pycountry
    except ImportError:  # pragma: no cover
        return None
    try:
        return str(pycountry.countries.lookup(v).alpha_2)
    except LookupError:
        return _gazetteer_iso2(v)


def _gazetteer_iso2(value: str) -> str | None:
    """The country the gazetteer files ``value`` under (alias, demonym, capital
    or metonym), else None."""
    from parsers.entities.gazetteer import fold, gazetteer

    g = gazetteer()
    f = fold(" ".join(value.split()))
    for form in (f, f.removeprefix("the ")):
        hit = g.country_forms.get(form)
        if hit:
            return hit[0]
        iso = g.capitals.get(form) or g.metonyms.get(form)
        if iso and not iso.startswith("org:"):
            return iso
    return None
