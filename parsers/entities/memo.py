"""What an :class:`~parsers.entities.extractor.Extractor` remembers between articles.

* the chunk memos: chunk text -> the raws its rules produce (as templates relative to the
  chunk), one dict for mid-sentence chunks and one for sentence-initial ones; an entry is
  a tuple of templates, or a :class:`DepEntry` when the raws depend on the words before
  (the "literal" cue) or after (the "follow" cue) the chunk;
* memos that depend on the gazetteer (surname keys, town test, headline lookups),
  emptied with the chunk memos when the gazetteer changes or the memos grow too big;
* memos of pure functions of a surface string (org names, folded names, entity keys),
  each emptied on its own when it reaches ``SURFACE_MEMO_MAX`` entries.

Nothing here changes what is extracted, only how fast: ``bench/entities_regress.py``
compares cold, warm and reordered runs byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from parsers.entities.gazetteer import Gazetteer, fold
from parsers.entities.lexicon import PARTICLES
from parsers.entities.surface import initials, strip_poss

MEMO_MAX = 400_000  # chunk memo entries (both dicts) before they are emptied
SURFACE_MEMO_MAX = 100_000

# (kind, start, end, surface, words, info, extra, ea), offsets relative to the chunk
Template = tuple[str, int, int, str, tuple[str, ...], str, str, bool]
SurnameKey = tuple[tuple[str, ...], bool]

K = TypeVar("K")
V = TypeVar("V")


@dataclass(slots=True)
class DepEntry:
    """Memo entry whose raws depend on the literal cue and/or the follow cue."""

    lit: bool
    fol: bool
    by_cue: dict[tuple[int | None, int | None], tuple[Template, ...]]


MemoEntry = tuple[Template, ...] | DepEntry


def _put(memo: dict[K, V], k: K, v: V) -> None:
    if len(memo) >= SURFACE_MEMO_MAX:
        memo.clear()
    memo[k] = v


def surname_keys_of(
    words: tuple[str, ...], ea: bool, ea_first: frozenset[str]
) -> frozenset[tuple[str, ...]]:
    """Every token run a later mention may use for a person named ``words``."""
    fw = tuple(map(fold, words))
    keys = {fw}
    rest = [f for f in fw[1:] if not (len(f) == 2 and f.endswith("."))]
    # western order: any run of the later tokens ("putin", "de la fuente",
    # "ibarra" of "Catalina Ibarra Reyes", "chang chien")
    for a in range(len(rest)):
        for b in range(a + 1, len(rest) + 1):
            if rest[a] not in PARTICLES or a == 0 or rest[a - 1] not in PARTICLES:
                keys.add(tuple(rest[a:b]))
    if ea or (fw and fw[0] in ea_first):
        keys.add(fw[:1])
    # "Bashar al-Assad" is also "Mr. Assad" (and "Mr. al-Assad")
    keys.update((f[3:],) for f in rest if f.startswith(("al-", "el-")) and len(f) > 4)
    return frozenset(keys)


class Memos:
    """The memos of one extractor (not shared: no locking here)."""

    __slots__ = (
        "_org_folded",
        "_org_initials",
        "_org_words",
        "_pending_keys",
        "_person_names",
        "_place_keys",
        "_surname_forms",
        "_surname_keys",
        "_words_keys",
        "folded_names",
        "gaz",
        "init",
        "mid",
        "org_names",
        "title_known_memo",
        "town",
    )

    def __init__(self) -> None:
        self.gaz: Gazetteer | None = None  # the gazetteer the memos were filled with
        self.mid: dict[str, MemoEntry] = {}  # chunk -> templates | DepEntry (mid-sentence)
        self.init: dict[str, MemoEntry] = {}  # the same for sentence-initial chunks
        self._surname_keys: dict[SurnameKey, frozenset[tuple[str, ...]]] = {}
        self._surname_forms: dict[SurnameKey, tuple[str, ...]] = {}
        self._pending_keys: dict[str, tuple[str, ...]] = {}
        self._words_keys: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.town: dict[str, bool] = {}  # place surface -> may be a body's name
        self.title_known_memo: dict[str, int] = {}
        self.org_names: dict[str, str] = {}  # surface -> org name ("The ", possessive dropped)
        self.folded_names: dict[str, str] = {}  # surface -> fold(strip_poss(surface)[0])
        self._org_folded: dict[str, str] = {}
        self._org_words: dict[str, list[str]] = {}
        self._org_initials: dict[str, str | None] = {}
        self._place_keys: dict[tuple[str, str], str] = {}
        self._person_names: dict[tuple[str, ...], tuple[str, str]] = {}

    # ------------------------------------------------------------ life cycle

    def check(self, gaz: Gazetteer) -> None:
        """Empty the gazetteer-dependent memos if ``gaz`` is another one or they are big."""
        if self.gaz is not gaz or len(self.mid) + len(self.init) > MEMO_MAX:
            self.clear()
            self.gaz = gaz

    def clear(self) -> None:
        """Empty the chunk memos and everything that depends on the gazetteer."""
        for memo in (
            self.mid,
            self.init,
            self._surname_keys,
            self._surname_forms,
            self._pending_keys,
            self._words_keys,
            self.town,
            self.title_known_memo,
        ):
            memo.clear()
        self.gaz = None

    # ------------------------------------------------------------ people

    def surname_keys(self, words: tuple[str, ...], ea: bool) -> frozenset[tuple[str, ...]]:
        """:func:`surname_keys_of` with the gazetteer's East Asian surnames, memoised."""
        k = (words, ea)
        keys = self._surname_keys.get(k)
        if keys is None:
            assert self.gaz is not None
            keys = self._surname_keys[k] = surname_keys_of(words, ea, self.gaz.ea_surnames)
        return keys

    def surname_forms(self, words: tuple[str, ...], ea: bool) -> tuple[str, ...]:
        """``surname_keys`` joined with spaces, in the same order (memoised)."""
        k = (words, ea)
        forms = self._surname_forms.get(k)
        if forms is None:
            forms = self._surname_forms[k] = tuple(
                " ".join(x) for x in self.surname_keys(words, ea)
            )
        return forms

    def pending_key(self, text: str) -> tuple[str, ...]:
        """Folded tokens of a pending surface ("Putin’s" -> ("putin",)), memoised."""
        key = self._pending_keys.get(text)
        if key is None:
            key = self._pending_keys[text] = tuple(map(fold, strip_poss(text)[0].split()))
        return key

    def surname_key(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """Folded name tokens of a surname-only person mention, possessive dropped."""
        key = self._words_keys.get(words)
        if key is None:
            key = tuple(map(fold, words))
            if key and key[-1].endswith(("'s", "’s")):
                key = (*key[:-1], strip_poss(key[-1])[0])
            self._words_keys[words] = key
        return key

    def person_name(self, words: tuple[str, ...]) -> tuple[str, str]:
        """(display name, key) of a merged person: possessive dropped from the last word."""
        r = self._person_names.get(words)
        if r is None:
            name = " ".join(
                strip_poss(w)[0] if k == len(words) - 1 else w for k, w in enumerate(words)
            )
            r = (name, "person:" + name.casefold())
            _put(self._person_names, words, r)
        return r

    # ------------------------------------------------------------ organisations, places

    def org_name(self, text: str) -> str:
        """An organisation's name from its surface: possessive and "The " dropped."""
        s = self.org_names.get(text)
        if s is None:
            s, _ = strip_poss(text)
            if s.startswith(("The ", "the ")):
                s = s[4:]
            _put(self.org_names, text, s)
        return s

    def folded_name(self, text: str) -> str:
        """``fold(strip_poss(text)[0])``, memoised."""
        f = self.folded_names.get(text)
        if f is None:
            f = fold(strip_poss(text)[0])
            _put(self.folded_names, text, f)
        return f

    def org_folded(self, text: str) -> str:
        """``fold(org_name(text))``, memoised."""
        f = self._org_folded.get(text)
        if f is None:
            f = fold(self.org_name(text))
            _put(self._org_folded, text, f)
        return f

    def org_initials(self, text: str) -> str | None:
        """``initials`` of the org name's words when it has two or more, else None."""
        try:
            return self._org_initials[text]
        except KeyError:
            words = self.org_words(text)
            r = initials(words) if len(words) >= 2 else None
            _put(self._org_initials, text, r)
            return r

    def org_words(self, text: str) -> list[str]:
        """``org_name(text).split()``, memoised (callers must not mutate the list)."""
        w = self._org_words.get(text)
        if w is None:
            w = self.org_name(text).split()
            _put(self._org_words, text, w)
        return w

    def place_key(self, name: str, iso: str) -> str:
        """The entity key of a place."""
        k = self._place_keys.get((name, iso))
        if k is None:
            k = f"place:{name.casefold()}|{iso}"
            _put(self._place_keys, (name, iso), k)
        return k

    def title_known(self, f: str) -> int:
        """2 if ``f`` may be an org, country, metonym, capital or strong place, else 1.

        Memoised per gazetteer (truthy either way, so callers can test ``get(f) or ...``).
        """
        known = self.title_known_memo.get(f)
        if known is None:
            gaz = self.gaz
            assert gaz is not None
            pl = gaz.places.get(f)
            known = (
                2
                if (
                    f in gaz.orgs
                    or f in gaz.country_forms
                    or f in gaz.metonyms
                    or f in gaz.capitals
                    # a strong place, unless a common word that is only another spelling
                    # of it ("the Rest" in a headline is not Rasht)
                    or (pl is not None and not pl[3] and (f not in gaz.common or fold(pl[0]) == f))
                )
                else 1
            )
            _put(self.title_known_memo, f, known)
        return known
