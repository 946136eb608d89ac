"""Issue 9, item 22: where the caches live, that they stay bounded, ``newsdesk cache``."""

from __future__ import annotations

import gc
import importlib
import json
import sqlite3
from pathlib import Path

import pytest

from parsers.pipeline import load_paths
from parsers.store.admin import prune_cache
from parsers.store.cache import CACHE_FILE, Cache, cache_dir
from tests.support.loadkit import Calls, dump, install_fake_entities, make_dumps, write
from tui import cache_cmd
from tui.cli import main as cli_main

# the package re-exports a function of the same name as the module
gaz_mod = importlib.import_module("parsers.entities.gazetteer")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    return install_fake_entities(monkeypatch)


def cached_paths() -> list[str]:
    db = sqlite3.connect(cache_dir() / CACHE_FILE)
    try:
        return sorted(Path(p).name for (p,) in db.execute("SELECT path FROM files"))
    finally:
        db.close()


def test_gazetteer_pickle_lives_in_the_cache_dir_once(monkeypatch: pytest.MonkeyPatch) -> None:
    gaz_mod.load_gazetteer()
    gaz_mod.load_gazetteer()
    monkeypatch.setattr(gaz_mod, "_FORMAT", 999)  # other data or layout: replaced, not added
    again = gaz_mod.load_gazetteer()
    assert again.countries
    assert [p.name for p in cache_dir().glob("*gazetteer*")] == ["entities-gazetteer.pickle"]


def test_no_cache_writes_no_gazetteer_pickle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_NO_CACHE", "1")
    assert gaz_mod.load_gazetteer().countries
    assert not cache_dir().exists() or not list(cache_dir().glob("*gazetteer*"))


def test_size_cap_drops_least_recently_used_files_never_open_ones(
    calls: Calls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_CACHE_MAX_MB", "0.01")  # 10 KB: far below what is cached
    first = make_dumps(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    write(other / "x.txt", dump("Other Paper", "2025-04-01 08:00:00", ("Elsewhere", "Calm.")))
    res = load_paths([str(first)])
    assert len(res.corpus) == 5  # over the cap, but in use: kept
    assert cached_paths() == ["a.txt", "b.txt", "c.txt"]
    del res
    gc.collect()
    res = load_paths([str(other)])
    assert cached_paths() == ["x.txt"]  # the others were the least recently used
    assert res.corpus.article(0).title == "Elsewhere"


def test_cache_command_reports_and_clears(
    calls: Calls, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_paths([str(make_dumps(tmp_path))])
    gc.collect()
    gaz_mod.load_gazetteer()
    assert cli_main(["cache", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["location"] == str(cache_dir())
    assert info["files"] == 3 and info["articles"] == 5 and info["state"] == "ours"
    assert info["bytes"] > info["database_bytes"] > 0
    assert cache_cmd.run(["info"]) == 0
    assert f"location: {cache_dir()}" in capsys.readouterr().out

    holder = Cache()  # another newsdesk has it open: nothing is deleted
    assert cache_cmd.run(["clear"]) == 1
    assert "open" in capsys.readouterr().err
    assert (cache_dir() / CACHE_FILE).exists()
    holder.close()

    assert cache_cmd.run(["clear"]) == 0
    assert not (cache_dir() / CACHE_FILE).exists()
    assert not list(cache_dir().glob("*gazetteer*"))


def test_cache_clear_leaves_a_foreign_file(capsys: pytest.CaptureFixture[str]) -> None:
    cache_dir().mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(cache_dir() / CACHE_FILE)
    with db:
        db.execute("CREATE TABLE notes(x)")
    db.close()
    cache_cmd.run(["clear"])
    assert "not a newsdesk cache" in capsys.readouterr().err
    assert (cache_dir() / CACHE_FILE).exists()


def test_cache_prune_gives_space_back(calls: Calls, tmp_path: Path) -> None:
    d = make_dumps(tmp_path)
    many = [(f"Bulletin {k}", f"Hopper and Lovelace, part {k}. " * 30) for k in range(200)]
    write(d / "d.txt", dump("Night Desk", "2025-02-04 10:00:00", *many))
    load_paths([str(d)])
    (d / "d.txt").unlink()
    gc.collect()
    load_paths([str(d)])
    gc.collect()
    before, after, notes = prune_cache()
    assert notes == []
    assert after < before
    assert cached_paths() == ["a.txt", "b.txt", "c.txt"]


def test_a_moved_folder_is_reused_by_content_not_parsed_again(calls: Calls, tmp_path: Path) -> None:
    d = make_dumps(tmp_path)
    load_paths([str(d)])
    gc.collect()
    moved = tmp_path / "elsewhere"
    d.rename(moved)
    calls.parsed.clear()
    res = load_paths([str(moved)])
    assert calls.parsed == []  # same names, sizes and bytes: from the cache
    want = load_paths([str(moved)], use_cache=False)
    got = sorted((a.title, a.origin.path, a.blocks) for a in res.articles)
    assert got == sorted((a.title, a.origin.path, a.blocks) for a in want.articles)
    assert all(a.origin.path.startswith(str(moved)) for a in res.articles)
    del res
    gc.collect()
    load_paths([str(moved)])
    assert cached_paths() == ["a.txt", "b.txt", "c.txt"]  # the old copies went: no growth
