"""Named entities (people, countries, organisations, places) for articles.

Pure data side: no Textual/Rich imports. :class:`Extractor` (in
:mod:`parsers.entities.extractor`, which names the stage modules) holds the rules'
memos; :mod:`parsers.entities.resolve` gives entities a corpus-wide identity.

* :func:`extract` adds ``entities`` to one :class:`~parsers.model.Article`;
* :func:`resolve_corpus` unifies people/organisations across articles;
* :func:`extract_text` is a small helper for tests and scripts.

The module-level functions use one shared :func:`default_extractor`; a worker thread
that extracts in parallel makes its own :class:`Extractor`.
"""

from __future__ import annotations

from collections.abc import Iterable

from parsers.entities.extractor import (
    Extractor,
    TextInput,
    default_extractor,
    extract_entities,
)
from parsers.entities.gazetteer import gazetteer, load_gazetteer
from parsers.entities.resolve import resolve_corpus
from parsers.entities.surface import is_titlecase
from parsers.model import Article, ArticleEntities
from parsers.perf import paused_gc

__all__ = [
    "Extractor",
    "default_extractor",
    "extract",
    "extract_all",
    "extract_entities",
    "extract_text",
    "gazetteer",
    "is_titlecase",
    "load_gazetteer",
    "resolve_corpus",
]


def extract(article: Article) -> Article:
    """Return a copy of ``article`` with its ``entities`` filled in."""
    return default_extractor().extract(article)


def extract_all(articles: Iterable[Article]) -> list[Article]:
    """``extract`` every article, then :func:`resolve_corpus` them together."""
    ex = default_extractor()
    with paused_gc():  # one pause for the batch: no collections between articles
        return resolve_corpus([ex.extract(a) for a in articles])


def extract_text(texts: TextInput) -> ArticleEntities:
    """Extract from plain text(s).

    Accepts one string (one paragraph), a list of paragraphs, or a mapping
    with optional ``"title"``, ``"dek"`` and ``"blocks"`` (str or list).
    """
    return default_extractor().extract_text(texts)
