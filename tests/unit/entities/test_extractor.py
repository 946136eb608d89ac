"""The Extractor object: its own memos, no shared mutable state, parallel use, the lexicon."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import threading
import types
from pathlib import Path

import pytest

import parsers.entities as entities_pkg
from parsers.dump.parser import parse_text
from parsers.entities import Extractor, default_extractor, extract, extract_text
from parsers.entities.gazetteer import gazetteer, load_gazetteer
from parsers.entities.lexicon import LEXICON_DIR, ORG_SUFFIX, read_list
from parsers.entities.memo import Memos
from parsers.files import InputError, read_text
from parsers.model import Article
from tests.support import DUMPS, SAMPLES

# modules of the extraction stages: none may hold mutable state at module level
STAGES = [
    m.name
    for m in pkgutil.iter_modules(entities_pkg.__path__, "parsers.entities.")
    if m.name.rsplit(".", 1)[1] not in ("gazetteer", "build_data", "resolve")
]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    out: list[Article] = []
    for p in [*sorted(SAMPLES.glob("*.txt")), *sorted(DUMPS.glob("*.txt"))]:
        try:
            text = read_text(str(p)).text
        except InputError:
            continue
        out.extend(parse_text(text, p.name).articles)
    assert len(out) >= 20
    return out


def _ents(arts: list[Article]) -> list[object]:
    return [a.entities for a in arts]


def test_stage_modules_hold_no_mutable_state() -> None:
    assert "parsers.entities.classify" in STAGES and "parsers.entities.scan" in STAGES
    bad = []
    for name in STAGES:
        mod = importlib.import_module(name)
        for k, v in vars(mod).items():
            if k.startswith("__") or isinstance(v, types.ModuleType):
                continue
            if isinstance(v, (dict, list, set, bytearray)):
                bad.append(f"{name}.{k}")
    assert bad == []


def test_two_extractors_in_threads_match_one(articles: list[Article]) -> None:
    want = _ents([Extractor().extract(a) for a in articles])
    got: dict[str, list[object]] = {}

    def run(tag: str, arts: list[Article]) -> None:
        ex = Extractor()
        out = [ex.extract(a) for a in arts]
        if tag == "reversed":
            out.reverse()
        got[tag] = _ents(out)

    threads = [
        threading.Thread(target=run, args=("forward", articles)),
        threading.Thread(target=run, args=("reversed", articles[::-1])),
    ]
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: interleave the two extractions
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert got["forward"] == want
    assert got["reversed"] == want


def test_memos_are_per_extractor_and_do_not_change_output(articles: list[Article]) -> None:
    a, b = Extractor(), Extractor()
    cold = _ents([a.extract(x) for x in articles])
    assert a._memos.mid or a._memos.init  # the chunk memo filled up
    assert not b._memos.mid and not b._memos.init  # the other one is untouched
    warm = _ents([a.extract(x) for x in articles])
    a.clear_memos()
    assert not a._memos.mid and not a._memos.init
    again = _ents([a.extract(x) for x in articles[::-1]])[::-1]
    assert cold == warm == again


def test_module_functions_use_the_default_extractor(articles: list[Article]) -> None:
    ex = default_extractor()
    assert isinstance(ex, Extractor) and default_extractor() is ex
    art = articles[0]
    assert extract(art).entities == Extractor().extract(art).entities
    text = "Mr. Putin met President Joe Biden in Kyiv, Ukraine."
    assert extract_text(text) == Extractor().extract_text(text)
    names = {e.name for e in extract_text(text).people}
    assert names == {"Joe Biden", "Putin"}


def test_memos_follow_the_gazetteer() -> None:
    memos = Memos()
    gaz = gazetteer()
    memos.check(gaz)
    memos.mid["Kyiv"] = ()
    memos.check(gaz)
    assert "Kyiv" in memos.mid  # same gazetteer: kept
    other = load_gazetteer(use_cache=True)
    assert other is not gaz
    memos.check(other)
    assert memos.mid == {} and memos.gaz is other


def test_extractor_with_its_own_gazetteer() -> None:
    gaz = load_gazetteer(use_cache=True)
    ex = Extractor(gaz)
    assert ex.gazetteer is gaz
    ents = ex.extract_text("Officials in Nairobi said Kenya would respond.")
    assert [e.iso2 for e in ents.countries] == ["KE"]
    assert ex._memos.gaz is gaz


def test_lexicon_files_have_a_header_and_entries() -> None:
    files = sorted(LEXICON_DIR.iterdir())
    assert len(files) >= 25
    for f in files:
        lines = Path(f).read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), f.name  # says what the list is
        entries = [ln for ln in lines if ln and not ln.startswith("#")]
        assert entries, f.name
        assert all(ln == ln.strip() for ln in entries), f.name


def test_lexicon_lists_load_in_file_order() -> None:
    abbrs = read_list("abbreviations")
    assert abbrs[:3] == ("Mr", "Mrs", "Ms")
    assert "institute" in ORG_SUFFIX and "" not in ORG_SUFFIX
