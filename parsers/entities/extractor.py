"""Rule-based entity extraction for one article: the :class:`Extractor`.

Pipeline (per text: title, dek, each body block), one module a stage:

1. :mod:`~parsers.entities.scan`: one precompiled regex
   (:mod:`~parsers.entities.patterns`) finds *chunks*: runs of capitalised tokens joined
   by single spaces and lowercase connectors, with an optional possessive; memoised
   chunks are replayed (:mod:`~parsers.entities.memo`);
2. :mod:`~parsers.entities.segment`: each chunk is cut into *segments* at connectors that
   do not belong to a name ("Zelensky of Ukraine" -> two; "Institute for the Study of
   War" and "Mr. de la Fuente" stay whole);
3. :mod:`~parsers.entities.classify`: each segment is classified with dictionary lookups
   (the gazetteer and :mod:`~parsers.entities.lexicon`) and the cues around it
   (:mod:`~parsers.entities.cues`);
4. :mod:`~parsers.entities.context`: unsure mentions are re-read in their sentence;
5. :mod:`~parsers.entities.merge`: every person surface form of the article is merged by
   surname ("Mr. Putin’s" -> "Vladimir V. Putin"), acronyms are linked to full names by
   initials; :mod:`~parsers.entities.headlines` reads the (title-case) headline and
   subheads against the forms already found plus the gazetteers;
6. :mod:`~parsers.entities.assemble`: the entities, mentions in reading order.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter

from parsers.entities.assemble import assemble
from parsers.entities.context import context_pass
from parsers.entities.gazetteer import Gazetteer, gazetteer
from parsers.entities.headlines import known_forms, scan_title
from parsers.entities.memo import Memos
from parsers.entities.merge import merge_orgs, merge_people
from parsers.entities.records import Ctx
from parsers.entities.scan import scan_text
from parsers.entities.surface import is_contributor_line, is_titlecase, upper_line
from parsers.model import Article, ArticleEntities
from parsers.perf import paused_gc

__all__ = ["Extractor", "TextItem", "article_texts", "default_extractor", "extract_entities"]

TextItem = tuple[str, int, str, bool]  # (field, block index, text, read as a headline)
TextInput = str | Sequence[str] | Mapping[str, str | Sequence[str]]


class Extractor:
    """Extracts entities from articles; owns its memos (chunk results, name forms).

    The memos only make repeated text faster: the output never depends on them. One
    extractor serves one thread at a time (a lock of its own guards its memos); give
    each worker thread its own extractor to extract in parallel.
    """

    def __init__(self, gaz: Gazetteer | None = None) -> None:
        self._gaz = gaz  # None: the shared bundled gazetteer, loaded on first use
        self._memos = Memos()
        self._lock = threading.Lock()

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer this extractor reads (the bundled one unless given)."""
        return self._gaz or gazetteer()

    def clear_memos(self) -> None:
        """Forget the chunk memos and the gazetteer-dependent memos."""
        with self._lock:
            self._memos.clear()

    def extract(self, article: Article) -> Article:
        """Return a copy of ``article`` with its ``entities`` filled in."""
        return _with_entities(article, self.extract_entities(article_texts(article)))

    def extract_text(self, texts: TextInput) -> ArticleEntities:
        """Extract from plain text(s).

        Accepts one string (one paragraph), a list of paragraphs, or a mapping
        with optional ``"title"``, ``"dek"`` and ``"blocks"`` (str or list).
        """
        return self.extract_entities(_text_items(texts))

    def extract_entities(
        self, texts: Sequence[TextItem], gaz: Gazetteer | None = None
    ) -> ArticleEntities:
        """Extract entities from ``[(field, index, text, titlecase), ...]``."""
        gaz = gaz or self._gaz or gazetteer()
        with self._lock:
            memos = self._memos
            memos.check(gaz)
            if not gc.isenabled():  # the caller paused the GC (a loader, extract_all)
                return _extract(Ctx(gaz, memos), texts)
            with paused_gc():
                return _extract(Ctx(gaz, memos), texts)


def _extract(ctx: Ctx, texts: Sequence[TextItem]) -> ArticleEntities:
    deferred = []
    scanned: dict[tuple[str, int], str] = {}
    for fld, idx, text, titlecase in texts:
        if not text:
            continue
        if titlecase or fld == "title" or upper_line(text):  # wire copy: "MOSCOW 1996-..."
            deferred.append((fld, idx, text))
            continue
        if fld == "blocks" and len(text) < 200 and is_contributor_line(text):
            continue
        scan_text(ctx, text, fld, idx)
        scanned[(fld, idx)] = text

    context_pass(ctx, scanned)
    people = merge_people(ctx)
    orgs = merge_orgs(ctx)
    # headlines / title-case subheads: only known forms
    if deferred:
        forms = known_forms(ctx.memos, people, orgs)
        for fld, idx, text in deferred:
            scan_title(ctx, text, fld, idx, forms, orgs)
    # title matches were appended as already-assigned raws
    return assemble(ctx, people, orgs)


def article_texts(article: Article) -> list[TextItem]:
    """The texts of an article to extract from: title, dek and blocks (not times)."""
    out: list[TextItem] = [("title", 0, article.title, True)]
    if article.dek:
        out.append(("dek", 0, article.dek, False))
    for i, b in enumerate(article.blocks):
        if b.kind == "time":
            continue
        # subheads are often Title Case: read them like headlines (known forms only)
        out.append(("blocks", i, b.text, b.kind == "subhead" and is_titlecase(b.text)))
    return out


def _text_items(texts: TextInput) -> list[TextItem]:
    items: list[TextItem] = []
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
    return items


_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
# every field but ``entities``, in order, read in one C call (faster than ``replace``)
_OTHER_FIELDS = attrgetter(*_FIELDS[:-1]) if _FIELDS[-1] == "entities" else None
_ARTICLE: Callable[..., Article] = Article  # called with the fields unpacked


def _with_entities(article: Article, ents: ArticleEntities) -> Article:
    if _OTHER_FIELDS is None or type(article) is not Article:
        return dataclasses.replace(article, entities=ents)
    return _ARTICLE(*_OTHER_FIELDS(article), ents)


_DEFAULT = Extractor()


def default_extractor() -> Extractor:
    """The extractor behind the module-level functions (``parsers.entities.extract``)."""
    return _DEFAULT


def extract_entities(texts: Sequence[TextItem], gaz: Gazetteer | None = None) -> ArticleEntities:
    """``default_extractor().extract_entities(texts, gaz)``."""
    return _DEFAULT.extract_entities(texts, gaz)
