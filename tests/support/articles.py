"""Small hand-built articles and a Corpus over them, for the TUI tests.

Built from records directly (no parsing, no entity extraction), so the TUI tests
depend only on ``parsers.model``, ``parsers.corpus.query`` and ``parsers.corpus.index``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest

from parsers.corpus.index import Corpus
from parsers.model import (
    Article,
    ArticleEntities,
    Block,
    Caption,
    Entity,
    Mention,
    Origin,
    make_id,
)

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tui.app import NewsApp

#: The reference clock the snapshots freeze.
FROZEN_NOW = datetime(2025, 2, 17, 12, 0, tzinfo=UTC)

KINDS = {"person": "people", "country": "countries", "org": "organizations", "place": "places"}
ISO = {"Russia": "RU", "Ukraine": "UA", "Taiwan": "TW", "United States": "US", "China": "CN"}
PLACE_ISO = {"Kyiv": "UA", "Moscow": "RU", "Taipei": "TW", "Washington": "US", "Munich": "DE"}
KEY_OF = {
    "Vladimir V. Putin": "person:vladimir v. putin",
    "Volodymyr Zelensky": "person:volodymyr zelensky",
    "Donald J. Trump": "person:donald j. trump",
    "Marco Rubio": "person:marco rubio",
    "Lai Ching-te": "person:lai ching-te",
    "NATO": "org:nato",
    "Kremlin Press Office": "org:kremlin press office",
    "Taiwan Semiconductor": "org:taiwan semiconductor",
}
FORMS = {
    "Vladimir V. Putin": ("Vladimir V. Putin", "Putin"),
    "Volodymyr Zelensky": ("Volodymyr Zelensky", "Zelensky"),
    "Donald J. Trump": ("Donald J. Trump", "Trump"),
    "Marco Rubio": ("Marco Rubio", "Rubio"),
    "Lai Ching-te": ("Lai Ching-te", "Lai"),
    "Russia": ("Russia", "Russian"),
    "Ukraine": ("Ukraine", "Ukrainian"),
    "Taiwan": ("Taiwan", "Taiwanese"),
    "United States": ("United States", "American"),
    "China": ("China", "Chinese"),
}
PEOPLE = {
    "Vladimir V. Putin",
    "Volodymyr Zelensky",
    "Donald J. Trump",
    "Marco Rubio",
    "Lai Ching-te",
}
ORGS = {"NATO", "Kremlin Press Office", "Taiwan Semiconductor"}


def kind_of(name: str) -> str:
    if name in PEOPLE:
        return "person"
    if name in ORGS:
        return "org"
    if name in ISO:
        return "country"
    return "place"


def key_of(name: str) -> str:
    kind = kind_of(name)
    if kind == "country":
        return f"country:{ISO[name]}"
    if kind == "place":
        return f"place:{name.casefold()}|{PLACE_ISO[name]}"
    return KEY_OF[name]


def _mentions(fields: list[tuple[str, int, str]], name: str) -> tuple[Mention, ...]:
    """Every occurrence of any surface form of ``name`` in the given texts."""
    out: list[Mention] = []
    forms = sorted(FORMS.get(name, (name,)), key=len, reverse=True)
    for field, index, text in fields:
        taken: list[tuple[int, int]] = []
        for form in forms:
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    out.append(Mention(field, index, start, end, form))
                start = text.find(form, end)
    return tuple(sorted(out, key=lambda m: (m.field, m.index, m.start)))


def make_article(
    title: str,
    published: datetime,
    paragraphs: Iterable[str],
    *,
    source: str = "The Daily Ledger",
    kicker: str = "",
    dek: str = "",
    byline: tuple[str, ...] = (),
    contributors: tuple[str, ...] = (),
    dateline: str = "",
    subheads: dict[int, str] | None = None,
    times: dict[int, str] | None = None,
    captions: tuple[tuple[str, str], ...] = (),
    updated: datetime | None = None,
) -> Article:
    """An article with entities found by exact surface forms (test data only)."""
    blocks: list[Block] = []
    line = 10
    for i, text in enumerate(paragraphs):
        if subheads and i in subheads:
            blocks.append(Block("subhead", subheads[i], line))
            line += 2
        if times and i in times:
            blocks.append(Block("time", times[i], line))
            line += 2
        blocks.append(Block("paragraph", text, line))
        line += 2
    fields = [("title", 0, title), ("dek", 0, dek)] + [
        ("blocks", i, b.text) for i, b in enumerate(blocks) if b.kind != "time"
    ]
    found: dict[str, list[Entity]] = {section: [] for section in KINDS.values()}
    for name in FORMS.keys() | ORGS | PLACE_ISO.keys():
        mentions = _mentions(fields, name)
        if not mentions:
            continue
        kind = kind_of(name)
        iso2 = ISO.get(name) or PLACE_ISO.get(name)
        found[KINDS[kind]].append(
            Entity(kind, key_of(name), name, (), mentions, iso2)  # type: ignore[arg-type]
        )
    entities = ArticleEntities(
        **{k: tuple(sorted(v, key=lambda e: e.key)) for k, v in found.items()}
    )
    return Article(
        id=make_id(source, title, published),
        source=source,
        retrieved=published,
        published=published,
        updated=updated,
        title=title,
        kicker=kicker,
        dek=dek,
        byline=byline,
        contributors=contributors,
        dateline=dateline,
        blocks=tuple(blocks),
        captions=tuple(Caption(t, c, 11) for t, c in captions),
        origin=Origin("fixture.txt", 1),
        lines=((3, "published"),),  # as from a "Published …" line (not the header's time)
        entities=entities,
    )


def day(d: int, h: int = 9) -> datetime:
    return datetime(2025, 2, d, h, 0, tzinfo=UTC)


def sample_articles() -> list[Article]:
    """Eight articles: Russia/Ukraine, Taiwan, US politics; by date Feb 7..14."""
    return [
        make_article(
            "Putin and Trump Speak by Phone as Ukraine Watches",
            day(14, 8),
            [
                "Vladimir V. Putin spoke with Donald J. Trump for more than an hour.",
                "In Kyiv, Volodymyr Zelensky said Ukraine must be part of any talks.",
                "NATO officials in Munich were caught off guard, an American diplomat said.",
            ],
            kicker="News Analysis",
            dek="The call leaves Ukraine and its allies uneasy about what comes next.",
            byline=("Anna Field", "Ben Hart"),
            contributors=("Cara Diaz",),
            dateline="WASHINGTON —",
            subheads={2: "Allies Taken by Surprise"},
            times={1: "10:32 a.m. ET"},
            captions=(("Mr. Putin at the Kremlin on Wednesday.", "Pool photo"),),
            updated=day(14, 11),
        ),
        make_article(
            "Zelensky Heads to Munich for Security Talks",
            day(13),
            [
                "Volodymyr Zelensky will meet Marco Rubio in Munich on Friday.",
                "Ukraine wants firm guarantees before any ceasefire with Russia.",
            ],
            source="Morning Wire",
            byline=("Ben Hart",),
        ),
        make_article(
            "Taiwan Prepares for Tariffs From Washington",
            day(12),
            [
                "Lai Ching-te said Taiwan would buy more from the United States.",
                "Taiwan Semiconductor is weighing new plants as China watches.",
                "Officials in Taipei were cautious.",
            ],
            kicker="Trade",
            byline=("Dee Kwan",),
        ),
        make_article(
            "Kremlin Press Office Denies Report on Prisoner Swap",
            day(11),
            [
                "The Kremlin Press Office said Russia had made no new offer.",
                "Vladimir V. Putin did not comment, and Moscow stayed quiet.",
            ],
            source="Morning Wire",
            byline=("Anna Field",),
        ),
        make_article(
            "Rubio Says NATO Allies Must Spend More",
            day(10),
            [
                "Marco Rubio told NATO ministers that the United States expects more.",
                "Donald J. Trump has made the same demand for years.",
            ],
            kicker="Politics",
            byline=("Ed Lowe",),
        ),
        make_article(
            "China and Taiwan Trade Warnings Over Drills",
            day(9),
            [
                "China staged drills near Taiwan as Lai Ching-te visited the coast.",
                "The United States urged restraint.",
            ],
            source="Morning Wire",
        ),
        make_article(
            "Winter Grips Kyiv as Power Cuts Continue",
            day(8),
            [
                "Residents of Kyiv lined up for water as Russia struck power plants.",
                "Volodymyr Zelensky asked allies for more air defence.",
            ],
            kicker="Ukraine",
            byline=("Cara Diaz",),
        ),
        make_article(
            "A Quiet Week in Washington, Mostly",
            day(7),
            [
                "Congress left town early and Washington exhaled.",
                "Donald J. Trump spent the weekend in Florida.",
            ],
            byline=("Ed Lowe",),
        ),
    ]


def build_corpus(articles: Iterable[Article] | None = None) -> Corpus:
    """A Corpus over ``articles`` (default: :func:`sample_articles`)."""
    return Corpus(sample_articles() if articles is None else list(articles))


def many_articles(n: int) -> list[Article]:
    """``n`` small articles cycling through the sample, with distinct titles and dates."""
    base = sample_articles()
    out: list[Article] = []
    for i in range(n):
        a = base[i % len(base)]
        title = f"{a.title} #{i}"
        when = datetime.fromtimestamp(a.when - i * 3600, tz=UTC)
        out.append(
            Article(
                id=make_id(a.source, title, when),
                source=a.source,
                retrieved=when,
                published=when,
                updated=None,
                title=title,
                kicker=a.kicker,
                dek=a.dek,
                byline=a.byline,
                blocks=a.blocks,
                origin=a.origin,
                entities=a.entities,
            )
        )
    return out


@pytest.fixture
def tui_corpus() -> Corpus:
    return build_corpus()


def crowd_articles(n_people: int = 12) -> list[Article]:
    """Articles naming ``n_people`` made-up people (for "more…" in the sidebar)."""
    out: list[Article] = []
    for i in range(n_people):
        name = f"Person Number{i:02d}"
        text = f"{name} met the press in the morning."
        mention = Mention("blocks", 0, 0, len(name), name)
        entity = Entity("person", f"person:{name.casefold()}", name, (), (mention,))
        title = f"Story {i:02d}"
        when = day(1 + i % 14, 6 + i % 10)
        out.append(
            Article(
                id=make_id("Crowd", title, when),
                source="Crowd Times",
                retrieved=when,
                published=when,
                updated=None,
                title=title,
                blocks=(Block("paragraph", text, 3),),
                entities=ArticleEntities(people=(entity,)),
            )
        )
    return out


def make_app(corpus: Corpus | None = None, **options: Any) -> NewsApp:
    """The app as the tests run it: ``tui.app.make_app`` with steady frames, over
    ``corpus`` (by default :func:`build_corpus`) unless ``paths=`` are given to load."""
    from tui.app import make_app as build_app

    if corpus is None and "paths" not in options:
        corpus = build_corpus()
    options.setdefault("steady", True)
    return build_app(corpus, **options)


async def wait_until(
    pilot: Pilot[Any], predicate: Callable[[], object], timeout: float = 20.0
) -> None:
    """Let the app run until ``predicate()`` holds (checked after each idle pause).

    The timeout only turns a hang into a failure; nothing waits for it to pass.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {predicate}")
        await pilot.pause()


async def wait_loaded(pilot: Pilot[Any]) -> None:
    """Until the app's load has settled: every file in, the heap frozen, the index
    preparing (see ``LoadController.settled``), and every worker done."""
    from tui.app import NewsApp

    app = pilot.app
    assert isinstance(app, NewsApp)
    await asyncio.wait_for(app.main_screen.loader.settled.wait(), 60)
    await app.workers.wait_for_complete()
    await pilot.pause()
