"""One article while its lines are classified (:class:`_Builder`), the record it
becomes, and the passes over a finished article (live headings, trailing promos and
reporter lines)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from parsers.dump import furniture as F
from parsers.dump.document import _PROSE_END
from parsers.model import Article, Block, Caption, Dropped, Origin, make_id
from parsers.perf import slots_constructor

UNKNOWN_SOURCE = "unknown"


_new = tuple.__new__  # builds NamedTuple records without the Python-level __new__


@dataclass(slots=True)
class _Context:
    source: str = UNKNOWN_SOURCE
    retrieved: datetime | None = None


class _Builder:
    """Collects one article's fields while its lines are classified."""

    __slots__ = (
        "blocks",
        "byline",
        "captions",
        "claims",
        "contributor_lines",
        "contributors",
        "ctx",
        "dateline",
        "dek",
        "dropped",
        "kicker",
        "live",
        "n_par",
        "path",
        "published",
        "title",
        "title_line",
        "updated",
        "url",
    )

    def __init__(self, path: str, ctx: _Context) -> None:
        self.path = path
        self.ctx = ctx
        self.title = ""
        self.title_line = 0
        self.kicker = ""
        self.dek = ""
        self.byline: list[str] = []
        self.contributors: list[str] = []
        self.contributor_lines: list[str] = []
        self.dateline = ""
        self.url = ""
        self.published: datetime | None = None
        self.updated: datetime | None = None
        self.blocks: list[Block] = []
        self.n_par = 0  # paragraph blocks in ``blocks``
        self.live = False  # a time block seen: a live blog
        self.captions: list[Caption] = []
        self.dropped: list[Dropped] = []
        self.claims: list[tuple[int, str]] = []

    def claim(self, lineno: int, field_name: str) -> None:
        self.claims.append((lineno, field_name))

    def drop(self, lineno: int, text: str, reason: str) -> None:
        self.dropped.append(_new(Dropped, (lineno, text, reason)))
        self.claims.append((lineno, "dropped"))

    def build(self, ids: dict[str, str]) -> Article:
        """The record; ``ids`` maps the ids given out in this dump to their opening text."""
        ctx = self.ctx
        published = self.published or ctx.retrieved
        source = ctx.source
        blocks = self.blocks
        truncated = self.n_par == 0
        self.claims.sort()
        article_id = make_id(source, self.title, published)
        opening = self.dek or (blocks[0][1] if blocks else "")
        if ids.setdefault(article_id, opening) != opening:
            # Another article of this dump has the same source, title and date but
            # another opening (two "Corrections" pages): the opening tells them apart.
            # A page scraped twice keeps its one id, so the index still merges it.
            article_id = make_id(source, f"{self.title}\x1f{opening}", published)
        # All fields in order (checked at import), set through their slots: half
        # the cost of the frozen dataclass's __init__ (parsers.perf.slots_constructor).
        return _make_article(
            article_id,
            source,
            ctx.retrieved,
            published,
            self.updated,
            self.title,
            self.kicker,
            self.dek,
            tuple(self.byline),
            tuple(self.contributors),
            "\n".join(self.contributor_lines),
            self.dateline,
            self.url,
            tuple(blocks),
            tuple(self.captions),
            truncated,
            Origin(self.path, self.title_line),
            tuple(self.dropped),
            tuple(self.claims),
            (),  # links
            None,  # entities
        )


#: Article's leading fields, in the order _Builder.build passes them.
_ARTICLE_FIELDS = (
    "id",
    "source",
    "retrieved",
    "published",
    "updated",
    "title",
    "kicker",
    "dek",
    "byline",
    "contributors",
    "contributor_note",
    "dateline",
    "url",
    "blocks",
    "captions",
    "truncated",
    "origin",
    "dropped",
    "lines",
)


if tuple(f.name for f in fields(Article)) != (*_ARTICLE_FIELDS, "links", "entities"):
    raise ImportError("parsers.model.Article fields changed: update _Builder.build")


#: ``Article(*values)`` setting the slots directly (see ``parsers.perf``).
_make_article = slots_constructor(Article)


def _live_headings(art: _Builder) -> None:
    """In a live blog, update headlines are sentence case ("Governor orders shelters
    opened"): a short line that does not end like a sentence, with a block after it,
    is a subhead, not a paragraph.
    """
    blocks = art.blocks
    for idx in range(len(blocks) - 1):
        kind, text, line = blocks[idx]
        if (
            kind == "paragraph"
            and len(text) <= 90
            and text[-1] not in _PROSE_END
            and (text[0].isupper() or text[0].isdigit())
            and len(text.split()) <= 14
        ):
            blocks[idx] = _new(Block, ("subhead", text, line))
            art.n_par -= 1


def _trailing_promos(art: _Builder) -> None:
    """Opinion pages end with boilerplate ("The Times is committed to publishing a
    diversity of letters…", "Follow the … on Facebook…"): long lines that end like
    prose, so the bulk path made them paragraphs. Checked on the last blocks only.
    """
    blocks = art.blocks
    n_dropped = len(art.dropped)
    while blocks and blocks[-1][0] == "paragraph":
        _, text, line = blocks[-1]
        if not (
            (text[0] == "F" and text.startswith("Follow "))
            or (text[0] == "T" and " committed to publishing " in text)
        ) or not F.is_promo(text):
            break
        blocks.pop()
        art.n_par -= 1
        art.drop(line, text, "newsletter promo")
    if len(art.dropped) > n_dropped:
        art.dropped.sort()  # in line order, like the rest


def _trailing_reporters(art: _Builder) -> None:
    """A last paragraph "A reported from Paris, and B from Rome." is a contributor line.

    Checked once per article, on its last block only: such lines end an article.
    """
    blocks = art.blocks
    if blocks and blocks[-1][0] == "paragraph" and " reported " in blocks[-1][1]:
        _, text, line = blocks[-1]
        names = F.parse_reported(text)
        if names:
            blocks.pop()
            art.n_par -= 1
            art.contributors.extend(names)
            art.contributor_lines.append(text)
            art.claim(line, "contributors")


def _in_head_or_live(art: _Builder) -> bool:
    """Before the first paragraph, or anywhere in a live blog (bylines, datelines)."""
    return art.n_par == 0 or art.live
