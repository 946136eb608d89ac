"""A person's titles cut from the mention are kept on the entity as roles (issue 13), and
survive the cache codec, ``newsdesk parse`` JSON read back, and ``newsdesk entities``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.entities import Extractor, resolve_corpus
from parsers.formats.jsonrec import parse_jsonl
from parsers.model import Article, ArticleEntities
from parsers.store.codec import (
    article_from_dict,
    article_to_dict,
    entities_from_row,
    entities_to_row,
)
from tui.cli import main

TEXT = {
    "title": "PRIME MINISTER ANA RUIZ WINS VOTE",
    "blocks": [
        "Prime Minister Ana Ruiz said on Monday that Mr. Kohl had met Secretary of State "
        "Warren Christopher. Environment Minister Ana Ruiz later spoke with Dr. Anna Berg.",
        "Prime Minister Ana Ruiz's cabinet met on Tuesday.",
    ],
}


def _people(ents: ArticleEntities) -> dict[str, tuple[str, ...]]:
    return {p.name: p.roles for p in ents.people}


def test_titles_cut_from_mentions_are_the_persons_roles() -> None:
    ents = Extractor().extract_text(TEXT)  # type: ignore[arg-type]
    people = _people(ents)
    # most frequent first; the headline's capitals are the same role
    assert people["Ana Ruiz"] == ("Prime Minister", "Minister")
    assert people["Warren Christopher"] == ("Secretary of State",)
    assert people["Kohl"] == () and people["Anna Berg"] == ()  # honorifics are no role
    ruiz = next(p for p in ents.people if p.name == "Ana Ruiz")
    assert all(m.text in ("Ana Ruiz", "ANA RUIZ") for m in ruiz.mentions)
    assert ruiz.to_dict()["roles"] == ["Prime Minister", "Minister"]


def test_roles_survive_the_cache_rows_and_the_dict_form() -> None:
    ents = Extractor().extract_text(TEXT)  # type: ignore[arg-type]
    assert entities_from_row(entities_to_row(ents)) == ents
    assert _people(entities_from_row(entities_to_row(ents), plain=True) or ents) == _people(ents)
    a = Article("id1", "wire", None, None, None, str(TEXT["title"]), entities=ents)
    assert article_from_dict(article_to_dict(a)) == a
    assert article_from_dict(json.loads(json.dumps(a.to_dict()))).entities == ents


def test_parse_json_read_back_keeps_roles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = Path(__file__).resolve().parents[2] / "fixtures" / "dumps" / "basic.txt"
    capsys.readouterr()
    assert main(["parse", str(dump)]) == 0
    out = capsys.readouterr().out
    first = [json.loads(ln) for ln in out.splitlines() if ln.strip()]
    roles = {p["name"]: p["roles"] for a in first for p in a["entities"]["people"]}
    assert roles["Klaus Reindl"] == ["Mayor"]
    back = parse_jsonl(out, "export.jsonl").articles
    assert [a.to_dict() for a in back] == first
    found = resolve_corpus([Extractor().extract(a) for a in back])
    assert [a.entities for a in found] == [a.entities for a in back]


def test_entities_command_lists_roles(capsys: pytest.CaptureFixture[str]) -> None:
    dump = Path(__file__).resolve().parents[2] / "fixtures" / "dumps" / "basic.txt"
    capsys.readouterr()
    assert main(["entities", str(dump), "--json", "--type", "person"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["Klaus Reindl"]["roles"] == ["Mayor"]
    assert all(isinstance(r["roles"], list) for r in rows.values())
    assert main(["entities", str(dump), "--type", "person"]) == 0
    table = capsys.readouterr().out
    assert "Roles" in table and "Mayor" in table
