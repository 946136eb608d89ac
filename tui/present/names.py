"""How entities are called on screen: display names, chip names, what to type in a query."""

from __future__ import annotations

from parsers.corpus.index import Corpus

__all__ = ["EntityNames", "display_name"]


def display_name(kind: str, name: str, iso2: str | None) -> str:
    """A name as listed: countries and places carry their ISO code (``Russia (RU)``,
    ``Kharkiv (UA)``: which country a place is in, at a glance)."""
    if kind in ("country", "place") and iso2:
        return f"{name} ({iso2})"
    return name


class EntityNames:
    """Names of one corpus's entities, cached (the sidebar asks for each visible row).

    Term names (``name_of``) depend on the query and are forgotten on every re-query;
    key names only when a load may have renamed entities (``forget_keys``).
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._terms: dict[tuple[str, str], str] = {}
        self._keys: dict[str, str] = {}

    def key_name(self, key: str) -> str:
        """Display name of an entity key (countries with their ISO code)."""
        name = self._keys.get(key)
        if name is not None:
            return name
        try:
            kind, name, iso2 = self.corpus.entity_name(key)
        except KeyError:
            return key.split(":", 1)[-1]
        name = self._keys[key] = display_name(kind, name, iso2)
        return name

    def name_of(self, kind: str, value: str) -> str:
        """Display name of an entity term value (a key or typed text)."""
        cache_key = (kind, value)
        name = self._terms.get(cache_key)
        if name is None:
            keys = self.corpus.resolve(kind, value) if kind != "source" else set()
            name = self.key_name(next(iter(keys))) if len(keys) == 1 else value
            self._terms[cache_key] = name
        return name

    def term_value(self, kind: str, key: str) -> str:
        """What to write in the query for ``key``: its name when that names only it."""
        try:
            name = self.corpus.entity(key).name
        except KeyError:
            return key
        if kind == "country" or not name or '"' in name:
            return key  # country:RU reads better than country:Russia
        return name if self.corpus.resolve(kind, name) == {key} else key

    def forget_terms(self) -> None:
        """Before a re-query: what a typed name resolves to may have changed."""
        self._terms.clear()

    def forget_keys(self) -> None:
        """After a load: cross-file resolution may have renamed entities."""
        self._keys.clear()
