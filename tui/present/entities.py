"""What the ``e`` list shows: the open article's entities, then its authors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from parsers.corpus.index import author_key
from parsers.model import Article
from tui.present.names import display_name

__all__ = ["EntityRow", "entity_rows"]

KIND_ORDER = {"person": 0, "country": 1, "org": 2, "place": 3}


@dataclass(frozen=True)
class EntityRow:
    """One entity of the article as listed: ``active`` is None, False (include) or True."""

    kind: str
    key: str
    name: str
    mentions: int
    active: bool | None = None


def entity_rows(article: Article, active: Mapping[str, bool]) -> list[EntityRow]:
    """The rows for ``article``, most mentioned first, then its authors; ``active``
    maps filtered keys to ``negate``."""
    rows: list[EntityRow] = []
    if article.entities is not None:
        for entity in article.entities.all():
            name = display_name(entity.kind, entity.name, entity.iso2)
            rows.append(
                EntityRow(
                    entity.kind, entity.key, name, len(entity.mentions), active.get(entity.key)
                )
            )
    # most mentioned first (ties: by kind, then name); authors after the entities
    rows.sort(key=lambda r: (-r.mentions, KIND_ORDER.get(r.kind, 9), r.name.casefold()))
    for name in (*article.byline, *article.contributors):
        key = author_key(name)
        rows.append(EntityRow("author", key, name, 0, active.get(key)))
    return rows
