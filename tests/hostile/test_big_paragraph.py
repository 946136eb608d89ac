"""Item 18: one giant paragraph loads in time proportional to its size, with the same
entities as the same sentences in paragraphs of their own.

(Merging an article's mentions compared every mention with every person and every
acronym with every organisation mention: a 50 MB paragraph of news text took 80 s of
CPU in entity extraction. ``bench/big_paragraph_bench.py`` measures it.)
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from parsers.entities.memo import Memos
from parsers.model import Article, Block
from parsers.pipeline import extract_entities, parse_file

FIRST = "Anna Boris Carla Dmitri Elena Felix Greta Hamid Irene Jonas Kofi Lena".split()
LAST = "Abara Bennett Castillo Dufresne Eriksen Fontaine Garrido Haddad Ivanova".split()
ADJ = "Northern Southern Eastern Western Central Coastal Highland Harbor".split()
NOUN = "Fisheries Housing Transport Energy Water Aviation Textile Mining".split()


def _sentences(n: int) -> list[str]:
    """``n`` sentences naming many distinct people and organisations (with acronyms)."""
    people = list(itertools.product(FIRST, LAST))
    orgs = list(itertools.product(ADJ, NOUN))
    out = []
    for i in range(n):
        first, last = people[(i * 7) % len(people)]
        adj, noun = orgs[(i * 5) % len(orgs)]
        acronym = f"{adj[0]}{noun[0]}C"
        out.append(
            f"{first} {last}, a senior official at the {adj} {noun} Council ({acronym}), "
            f"told reporters on Monday that the plan was overdue. Mr. {last} said the "
            f"{acronym} would publish a full assessment next month."
        )
    return out


def _article(paragraphs: list[str]) -> Article:
    blocks = tuple(Block("paragraph", text, i) for i, text in enumerate(paragraphs))
    return Article(
        id="giant", source="s", retrieved=None, published=None, updated=None,
        title="A Giant Article", blocks=blocks,
    )  # fmt: skip


def _summary(article: Article) -> Counter[tuple[str, str, str]]:
    """Each entity (kind, key, name) with its number of mentions."""
    assert article.entities is not None
    return Counter({(e.kind, e.key, e.name): len(e.mentions) for e in article.entities.all()})


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return _sentences(1_500)


def test_one_paragraph_has_the_entities_of_many(sentences: list[str]) -> None:
    one = extract_entities(_article([" ".join(sentences)]))
    many = extract_entities(_article(sentences))
    got = _summary(one)
    assert got == _summary(many)
    people = {k for k in got if k[0] == "person"}
    assert len(people) == len(FIRST) * len(LAST)  # every full name a person of its own
    orgs = {k for k in got if k[0] == "org"}
    assert len(orgs) == len(ADJ) * len(NOUN)  # each acronym joined its council
    text = one.blocks[0].text
    assert one.entities is not None
    for entity in one.entities.all():
        for m in entity.mentions:
            if m.field == "blocks":
                assert text[m.start : m.end] == m.text


def test_acronyms_are_matched_without_rescanning_every_mention(
    sentences: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Initials are computed about once per organisation mention, not once per
    (acronym, mention) pair."""
    calls = 0
    initials = Memos.org_initials

    def counting(self: Memos, text: str) -> str | None:
        nonlocal calls
        calls += 1
        return initials(self, text)

    monkeypatch.setattr(Memos, "org_initials", counting)
    one = extract_entities(_article([" ".join(sentences)]))
    assert one.entities is not None
    org_mentions = sum(len(e.mentions) for e in one.entities.organizations)
    assert 0 < calls <= 2 * org_mentions


def test_a_giant_paragraph_file_loads_as_one_article(tmp_path: Path, sentences: list[str]) -> None:
    path = tmp_path / "giant.txt"
    body = " ".join(sentences)
    path.write_text(f"Harbor Gazette 2026-01-20 07:30:00\n\n\nA Giant Article\n\n{body}\n")
    parsed = parse_file(str(path))
    assert parsed.error is None
    (article,) = parsed.articles
    assert [b.text for b in article.blocks] == [body]
    assert _summary(article) == _summary(extract_entities(_article([body])))
