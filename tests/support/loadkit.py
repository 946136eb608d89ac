"""Helpers for the cache/loader tests: small dumps and a tiny stand-in entity stage.

The stand-in (installed with ``fake_entities``) keeps these tests independent of
the real extractor's rules: people are the capitalised words listed in
``PEOPLE`` found in the text; resolution maps a bare surname to the one full name
that has it (like the real ``resolve_corpus`` does).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from parsers import pipeline as load
from parsers.model import Article, ArticleEntities, Entity, Mention

PAYWALL = "You have been granted access, use your keyboard to continue reading."
PEOPLE = ("Ada Lovelace", "Lovelace", "Alan Turing", "Grace Hopper", "Hopper")


def article_text(title: str, body: str, dek: str = "A dek line.") -> str:
    return f"{title}\n\n{PAYWALL}\n\n{title}\n\n{dek}\n\n{body}\n\n"


def dump(source: str, stamp: str, *articles: tuple[str, str]) -> str:
    return f"{source} {stamp}\n\n\n" + "".join(article_text(t, b) for t, b in articles)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def bump_mtime(path: Path, seconds: int = 5) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


def fake_extract(a: Article) -> Article:
    people = []
    text = f"{a.title}\n{a.dek}\n" + "\n".join(b.text for b in a.blocks)
    for name in PEOPLE:
        i = text.find(name)
        if i < 0 or any(name in p.name for p in people):
            continue
        m = Mention("title", 0, i, i + len(name), name)
        people.append(Entity("person", f"person:{name.casefold()}", name, (), (m,)))
    return dataclasses.replace(a, entities=ArticleEntities(people=tuple(people)))


def fake_resolve(articles: Sequence[Article]) -> list[Article]:
    full = {
        n.split()[-1]: n
        for a in articles
        if a.entities
        for e in a.entities.people
        for n in [e.name]
        if " " in n
    }
    out = []
    for a in articles:
        if not a.entities:
            out.append(a)
            continue
        people = []
        for e in a.entities.people:
            if " " not in e.name and e.name in full:
                name = full[e.name]
                e = dataclasses.replace(
                    e, key=f"person:{name.casefold()}", name=name, aliases=(e.name,)
                )
            if all(p.key != e.key for p in people):
                people.append(e)
        ents = dataclasses.replace(a.entities, people=tuple(people))
        out.append(dataclasses.replace(a, entities=ents))
    return out


class Calls:
    """Counts of parse/resolve calls made by the loader."""

    def __init__(self) -> None:
        self.parsed: list[str] = []
        self.resolved = 0


def install_fake_entities(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Install the stand-in entity stage and count parses / resolutions."""
    c = Calls()
    real_parse = load.parse_text

    def spy_parse(text: str, path: str = "<string>"):  # type: ignore[no-untyped-def]
        c.parsed.append(Path(path).name)
        return real_parse(text, path)

    def spy_resolve(articles: Sequence[Article]) -> list[Article]:
        c.resolved += 1
        return fake_resolve(articles)

    monkeypatch.setattr(load, "parse_text", spy_parse)
    monkeypatch.setattr(load, "extract_entities", fake_extract)
    monkeypatch.setattr(load, "resolve_corpus", spy_resolve)
    return c


def make_dumps(tmp_path: Path) -> Path:
    """A directory with three small dumps."""
    d = tmp_path / "dumps"
    d.mkdir()
    write(
        d / "a.txt",
        dump(
            "Daily Bugle",
            "2025-02-01 08:00:00",
            ("Lovelace Designs an Engine", "Ada Lovelace wrote the first program. Peace talks."),
            ("Hopper Finds a Bug", "Grace Hopper taped a moth into the log book."),
        ),
    )
    write(
        d / "b.txt",
        dump(
            "Evening Post",
            "2025-02-02 09:30:00",
            ("Turing Asks If Machines Think", "Alan Turing proposed a test. Lovelace disagreed."),
        ),
    )
    write(
        d / "c.txt",
        dump(
            "Morning Wire",
            "2025-02-03 10:00:00",
            ("Compilers for Everyone", "Hopper pushed for English-like languages."),
            ("A Quiet Day", "Nothing happened at all; peace talks stalled."),
        ),
    )
    return d
