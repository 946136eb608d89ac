"""Named entities (people, countries, organisations, places) for articles.

Pure data side: no Textual/Rich imports. See :mod:`parsers.entities.extractor`
for the rules and :mod:`parsers.entities.resolve` for corpus-wide identity.

* :func:`extract` adds ``entities`` to one :class:`~parsers.model.Article`;
* :func:`resolve_corpus` unifies people/organisations across articles;
* :func:`extract_text` is a small helper for tests and scripts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter

from parsers.entities.extractor import extract_entities, is_titlecase
from parsers.entities.gazetteer import gazetteer, load_gazetteer
from parsers.entities.resolve import resolve_corpus
from parsers.model import Article, ArticleEntities
from parsers.perf import paused_gc

__all__ = [
    "extract",
    "extract_all",
    "extract_text",
    "gazetteer",
    "load_gazetteer",
    "resolve_corpus",
]


def _texts(article: Article) -> list[tuple[str, int, str, bool]]:
    out: list[tuple[str, int, str, bool]] = [("title", 0, article.title, True)]
    if article.dek:
        out.append(("dek", 0, article.dek, False))
    for i, b in enumerate(article.blocks):
        if b.kind == "time":
            continue
        # subheads are often Title Case: read them like headlines (known forms only)
        out.append(("blocks", i, b.text, b.kind == "subhead" and is_titlecase(b.text)))
    return out


_FIELDS = [f.name for f in dataclasses.fields(Article)]
# every field but ``entities``, in order, read in one C call (faster than ``replace``)
_OTHER_FIELDS = attrgetter(*_FIELDS[:-1]) if _FIELDS[-1] == "entities" else None


def _with_entities(article: Article, ents: ArticleEntities) -> Article:
    if _OTHER_FIELDS is None or type(article) is not Article:
        return dataclasses.replace(article, entities=ents)
    return Article(*_OTHER_FIELDS(article), ents)


def extract(article: Article) -> Article:
    """Return a copy of ``article`` with its ``entities`` filled in."""
    return _with_entities(article, extract_entities(_texts(article)))


def extract_all(articles: Iterable[Article]) -> list[Article]:
    """``extract`` every article, then :func:`resolve_corpus` them together."""
    with paused_gc():  # one pause for the batch: no collections between articles
        return resolve_corpus([extract(a) for a in articles])


def extract_text(
    texts: str | Sequence[str] | Mapping[str, str | Sequence[str]],
) -> ArticleEntities:
    """Extract from plain text(s).

    Accepts one string (one paragraph), a list of paragraphs, or a mapping
    with optional ``"title"``, ``"dek"`` and ``"blocks"`` (str or list).
    """
    items: list[tuple[str, int, str, bool]] = []
    if isinstance(texts, str):
        items.append(("blocks", 0, texts, False))
    elif isinstance(texts, Mapping):
        if texts.get("title"):
            items.append(("title", 0, str(texts["title"]), True))
        if texts.get("dek"):
            items.append(("dek", 0, str(texts["dek"]), False))
        blocks = texts.get("blocks") or []
        if isinstance(blocks, str):
            blocks = [blocks]
        items.extend(("blocks", i, b, False) for i, b in enumerate(blocks))
    else:
        items.extend(("blocks", i, b, False) for i, b in enumerate(texts))
    return extract_entities(items)
