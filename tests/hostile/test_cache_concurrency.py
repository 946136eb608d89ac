"""Issue 9, items 9 and 10: several newsdesk processes on one cache.

Each instance is a real process (``tests.support.cache_actor``) stepped through its
load, so the interleavings are exact, not left to timing.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parsers.pipeline import load_paths
from parsers.store.cache import CACHE_FILE, cache_dir
from tests.support import REPO
from tests.support.cache_actor import WORDS
from tests.support.loadkit import Calls, dump, install_fake_entities, make_dumps, write


class Actor:
    """One newsdesk loader process."""

    def __init__(self, paths: list[str], tmp: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(REPO), NEWSDESK_CACHE_DIR=str(cache_dir()))
        self.err = open(tmp / f"actor-{id(self)}.err", "w+")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.cache_actor", *paths],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.err,
            text=True,
            cwd=REPO,
            env=env,
        )
        self.watchdog = threading.Timer(60, self.proc.kill)  # a hang fails, never blocks
        self.watchdog.start()

    def __call__(self, cmd: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(cmd + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            self.err.seek(0)
            raise AssertionError(f"actor died on {cmd!r}:\n{self.err.read()[-3000:]}")
        return json.loads(line)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self("exit")
        self.proc.wait(timeout=30)
        self.watchdog.cancel()
        self.err.close()


@contextlib.contextmanager
def actors(n: int, paths: list[str], tmp: Path) -> Iterator[list[Actor]]:
    group = [Actor(paths, tmp) for _ in range(n)]
    try:
        yield group
    finally:
        for a in group:
            a.close()


def expected(paths: list[str]) -> dict[str, Any]:
    """What a load without the cache shows (the oracle)."""
    corpus = load_paths(paths, use_cache=False).corpus
    arts = [corpus.article(i) for i in range(len(corpus))]
    from parsers.corpus.query import parse_query

    people = sorted(
        [a.title, sorted(e.key for e in a.entities.people) if a.entities else []] for a in arts
    )
    return {
        "titles": sorted(a.title for a in arts),
        "bodies": sorted(" ".join(b.text for b in a.blocks) for a in arts),
        "people": people,
        "hits": {w: corpus.query(parse_query(w)).total for w in WORDS},
    }


def seen(reply: dict[str, Any]) -> dict[str, Any]:
    return {
        "titles": sorted(reply["titles"]),
        "bodies": sorted(reply["bodies"]),
        "people": reply["people"],
        "hits": reply["hits"],
    }


def db_rows(sql: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(cache_dir() / CACHE_FILE)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    return install_fake_entities(monkeypatch)


def many_dumps(tmp_path: Path) -> Path:
    d = make_dumps(tmp_path)
    for k in range(6):  # more files: more steps in which loads can interleave
        write(
            d / f"more{k}.txt",
            dump("Extra Times", f"2025-03-0{k + 1} 08:00:00", (f"Extra {k}", f"Story {k}.")),
        )
    return d


def test_two_and_three_instances_cold_loading_one_cache(calls: Calls, tmp_path: Path) -> None:
    # item 9: every instance classifies the files as new, then they store in turn,
    # each one's rows written over (on main: deleted by) the next one's
    paths = [str(many_dumps(tmp_path))]
    want = expected(paths)
    with actors(3, paths, tmp_path) as (a, b, c):
        for x in (a, b, c):
            x("start")
        for x in (a, c, b):
            assert x("finish")["n"] == 11
        for x in (a, b, c):
            assert seen(x("check")) == want  # every article readable, the right one
    gc.collect()
    res = load_paths(paths)  # alone now: retired generations collected
    assert res.warnings == []
    assert sorted(res.corpus.article(i).title for i in range(len(res.corpus))) == want["titles"]
    assert db_rows("SELECT count(*) FROM files WHERE retired IS NOT NULL") == [(0,)]
    assert db_rows("SELECT count(*) FROM articles") == [(11,)]
    db_rows("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0)")  # FTS matches the rows


def test_second_run_while_an_app_is_open_keeps_the_apps_articles(
    calls: Calls, tmp_path: Path
) -> None:
    # item 10: the open app keeps every article it listed, with the text it listed
    d = make_dumps(tmp_path)
    paths = [str(d)]
    old = expected(paths)
    with actors(1, paths, tmp_path) as (app,):
        app("start")
        app("finish")
        write(d / "c.txt", dump("Morning Wire", "2025-02-03 10:00:00", ("Zebra News", "Quagga.")))
        new = expected(paths)
        with actors(1, paths, tmp_path) as (second,):
            second("start")
            assert second("finish")["n"] == 4
            assert seen(second("check")) == new
            assert seen(app("check")) == old  # on main: "no longer in the cache"
        assert seen(app("check")) == old
    gc.collect()
    res = load_paths(paths)
    assert sorted(res.corpus.article(i).title for i in range(len(res.corpus))) == new["titles"]
    assert db_rows("SELECT count(*) FROM files") == [(3,)]  # the old generation went


def test_instances_with_different_sets_of_files_keep_their_own_resolution(
    calls: Calls, tmp_path: Path
) -> None:
    # item 9 ("mix up"): "Lovelace" in b.txt is Ada Lovelace when a.txt is open with it,
    # plain Lovelace alone; an instance that opens b.txt alone must not change what the
    # instance with every file shows in its reading pane
    d = make_dumps(tmp_path)
    everything, alone = [str(d)], [str(d / "b.txt")]
    want_all, want_alone = expected(everything), expected(alone)
    turing = "Turing Asks If Machines Think"
    assert [p for p in want_all["people"] if p[0] == turing] != want_alone["people"]
    with actors(1, everything, tmp_path) as (app,), actors(1, alone, tmp_path) as (other,):
        app("start")
        app("finish")
        other("start")
        other("finish")
        assert seen(other("check")) == want_alone
        assert seen(app("check")) == want_all  # on main: b.txt's people from the other set
        app("start")  # and each opens warm again, still right
        app("finish")
        assert seen(app("check")) == want_all
