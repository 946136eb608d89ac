"""Issue 9, items 5, 7, 11 and 14: faults injected into the cache and the files it
describes. Each test failed on the code before this work."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parsers.corpus.index import Corpus
from parsers.corpus.query import parse_query
from parsers.pipeline import load_paths
from parsers.store import cache as cache_mod
from parsers.store.cache import CACHE_FILE, SCHEMA_VERSION, Cache, cache_dir
from tests.support.loadkit import Calls, dump, install_fake_entities, make_dumps, write


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    return install_fake_entities(monkeypatch)


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    return make_dumps(tmp_path)


def db_rows(sql: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(cache_dir() / CACHE_FILE)
    try:
        with db:
            return db.execute(sql).fetchall()
    finally:
        db.close()


def titles(corpus: Corpus) -> list[str]:
    return sorted(corpus.article(i).title for i in range(len(corpus)))


def cold_then_closed(paths: list[str]) -> None:
    """Fill the cache, then let every connection go (WAL folded into the file)."""
    cache = Cache()
    load_paths(paths, cache=cache)
    cache.close()  # waits for its background check too
    gc.collect()


# -- item 5: a damaged page ----------------------------------------------------


def test_damaged_page_is_noticed_and_the_cache_heals(calls: Calls, dumps: Path) -> None:
    paths = [str(dumps)]
    want = titles(load_paths(paths, use_cache=False).corpus)
    cold_then_closed(paths)
    (page,) = db_rows("PRAGMA page_size")[0]
    (root,) = db_rows("SELECT rootpage FROM sqlite_master WHERE name = 'articles'")[0]
    with open(cache_dir() / CACHE_FILE, "r+b") as fh:  # garbage over the articles' root page
        fh.seek((root - 1) * page)
        fh.write(b"\xa5\x5a" * (page // 2))
    cache = Cache()
    res = load_paths(paths, cache=cache)  # the warm path reads no article page
    assert len(res.corpus) == 5
    for i in range(len(res.corpus)):
        with pytest.raises(LookupError, match="damaged"):  # not a DatabaseError traceback
            res.corpus.article(i)
    cache.wait_checked()
    assert (cache_dir() / cache_mod.DAMAGED_MARKER).exists()
    del res
    cache.close()
    calls.parsed.clear()
    healed = load_paths(paths)
    assert any("damaged" in w and "rebuilt" in w for w in healed.warnings), healed.warnings
    assert sorted(calls.parsed) == ["a.txt", "b.txt", "c.txt"]
    assert titles(healed.corpus) == want
    assert db_rows("PRAGMA quick_check") == [("ok",)]


def test_only_the_files_on_a_damaged_page_are_parsed_again(calls: Calls, dumps: Path) -> None:
    for k in range(8):
        body = f"Hopper and Lovelace, part {k}. " * 12
        arts = [(f"Item {k}-{j}", body) for j in range(12)]
        write(dumps / f"extra{k}.txt", dump("Night Desk", f"2025-03-0{k + 1} 10:00:00", *arts))
    paths = [str(dumps)]
    want = titles(load_paths(paths, use_cache=False).corpus)
    cold_then_closed(paths)
    (page,) = db_rows("PRAGMA page_size")[0]
    leaves = [
        r[0]
        for r in db_rows(
            "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf' "
            "ORDER BY pageno"
        )
    ]
    assert len(leaves) > 4
    with open(cache_dir() / CACHE_FILE, "r+b") as fh:  # one leaf in the middle
        fh.seek((leaves[len(leaves) // 2] - 1) * page)
        fh.write(b"\xa5\x5a" * (page // 2))
    cache = Cache()
    load_paths(paths, cache=cache)
    cache.close()  # its background check found the damage
    gc.collect()
    calls.parsed.clear()
    healed = load_paths(paths)
    assert any("damaged" in w and "files kept" in w for w in healed.warnings), healed.warnings
    assert 0 < len(calls.parsed) < 11  # the files with rows on that page, not all 11
    assert titles(healed.corpus) == want
    assert db_rows("PRAGMA quick_check") == [("ok",)]
    db_rows("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0)")


@pytest.mark.parametrize("table", ["fts_data", "fts_idx", "files", "snapshots", "file_blobs"])
def test_damage_anywhere_never_raises_and_heals(calls: Calls, dumps: Path, table: str) -> None:
    paths = [str(dumps)]
    fresh = load_paths(paths, use_cache=False).corpus
    want = (titles(fresh), fresh.query(parse_query("peace")).total)
    cold_then_closed(paths)
    (page,) = db_rows("PRAGMA page_size")[0]
    (root,) = db_rows(f"SELECT rootpage FROM sqlite_master WHERE name = '{table}'")[0]
    with open(cache_dir() / CACHE_FILE, "r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(b"\xa5\x5a" * (page // 2))
    cache = Cache() if table in ("snapshots", "file_blobs") else None
    res = load_paths(paths, cache=cache)
    assert (titles(res.corpus), res.corpus.query(parse_query("peace")).total) == want
    del res
    if cache is not None:
        cache.close()
    gc.collect()
    healed = load_paths(paths)
    assert (titles(healed.corpus), healed.corpus.query(parse_query("peace")).total) == want
    assert db_rows("PRAGMA quick_check") == [("ok",)]


# -- item 7: disk full during the cross-file step --------------------------------


def test_disk_full_while_storing_resolved_entities(
    calls: Calls, dumps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [(f"Bulletin {k}", f"Hopper and Lovelace, part {k}. " * 20) for k in range(150)]
    write(dumps / "d.txt", dump("Night Desk", "2025-02-04 10:00:00", *many))
    paths = [str(dumps)]
    want = titles(load_paths(paths, use_cache=False).corpus)
    real = Cache.store_resolved

    def full_disk(self: Cache, *a: Any, **kw: Any) -> Any:
        (pages,) = self.conn.execute("PRAGMA page_count").fetchone()
        self.conn.execute(f"PRAGMA max_page_count = {pages}")  # not one page more
        return real(self, *a, **kw)

    monkeypatch.setattr(Cache, "store_resolved", full_disk)
    res = load_paths(paths)  # on main: OperationalError out of store_resolved
    assert any("full" in w for w in res.warnings), res.warnings
    assert titles(res.corpus) == want
    monkeypatch.setattr(Cache, "store_resolved", real)
    del res
    gc.collect()
    again = load_paths(paths)  # resolution redone, nothing lost
    assert titles(again.corpus) == want
    assert again.warnings == []


# -- item 11: the cache deletes only what is provably its own ----------------------


def test_a_lock_held_longer_than_the_timeout_is_busy_not_damage(
    calls: Calls, dumps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(dumps)]
    cold_then_closed(paths)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(cache_dir() / CACHE_FILE)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode = EXCLUSIVE')\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "c.execute('UPDATE meta SET value = value')\n"
            "print('held', flush=True)\n"
            "sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(cache_mod, "BUSY_TIMEOUT", 0.3, raising=False)
        res = load_paths(paths)
        assert len(res.corpus) == 5
        assert any("busy" in w or "locked" in w for w in res.warnings), res.warnings
        assert not any("rebuilt" in w for w in res.warnings)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert db_rows("SELECT count(*) FROM files") == [(3,)]  # still there, untouched


@contextlib.contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """``directory`` and its files unwritable, also for root (``chattr +i``)."""
    items = [directory, *directory.iterdir()]
    if os.geteuid() != 0:
        for p in items:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p in items:
                p.chmod(0o755 if p.is_dir() else 0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", *map(str, items)]).returncode:
        subprocess.run([chattr or "true", "-i", *map(str, items)], check=False)
        pytest.skip("cannot make files immutable here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", *map(str, items)], check=True)


def test_a_read_only_healthy_cache_is_used_not_called_broken(calls: Calls, dumps: Path) -> None:
    paths = [str(dumps)]
    want = titles(load_paths(paths, use_cache=False).corpus)
    cold_then_closed(paths)
    before = (cache_dir() / CACHE_FILE).read_bytes()
    calls.parsed.clear()
    with read_only(cache_dir()):
        res = load_paths(paths)
        assert calls.parsed == [], res.warnings  # every file came from the cache
        assert titles(res.corpus) == want
        assert any("read-only" in w for w in res.warnings), res.warnings
        assert not any("rebuilt" in w or "unreadable" in w for w in res.warnings)
        del res
        gc.collect()
    assert (cache_dir() / CACHE_FILE).read_bytes() == before


def test_a_foreign_sqlite_file_named_like_the_cache_survives(calls: Calls, dumps: Path) -> None:
    cache_dir().mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(cache_dir() / CACHE_FILE)
    with db:
        db.execute("CREATE TABLE notes(x)")
        db.execute("INSERT INTO notes VALUES ('keep me')")
    db.close()
    res = load_paths([str(dumps)])
    assert len(res.corpus) == 5
    assert any("not a newsdesk cache" in w for w in res.warnings), res.warnings
    assert db_rows("SELECT x FROM notes") == [("keep me",)]


def test_an_older_newsdesk_leaves_a_newer_cache_alone(calls: Calls, dumps: Path) -> None:
    paths = [str(dumps)]
    cold_then_closed(paths)
    db_rows(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")  # as a newer newsdesk wrote it
    res = load_paths(paths)
    assert len(res.corpus) == 5
    assert any("newer newsdesk" in w for w in res.warnings), res.warnings
    assert db_rows("PRAGMA user_version") == [(SCHEMA_VERSION + 1,)]
    assert db_rows("SELECT count(*) FROM files") == [(3,)]


# -- item 14: same size, modification time put back -----------------------------


def test_same_size_edit_with_the_mtime_preserved_is_not_served_stale(
    calls: Calls, dumps: Path
) -> None:
    paths = [str(dumps)]
    load_paths(paths)
    b = dumps / "b.txt"
    st = b.stat()
    text = b.read_text(encoding="utf-8").replace("Turing Asks If", "Zuring Asks Of")
    write(b, text)
    os.utime(b, ns=(st.st_atime_ns, st.st_mtime_ns))  # what cp -p / rsync -t do
    assert (b.stat().st_size, b.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    res = load_paths(paths)
    assert "Zuring Asks Of Machines Think" in titles(res.corpus)
    calls.parsed.clear()
    again = load_paths(paths)
    assert calls.parsed == []  # and then served from the cache again
    assert "Zuring Asks Of Machines Think" in titles(again.corpus)


def test_a_touched_file_with_the_same_bytes_is_not_reparsed(calls: Calls, dumps: Path) -> None:
    paths = [str(dumps)]
    load_paths(paths)
    b = dumps / "b.txt"
    write(b, b.read_text(encoding="utf-8"))  # new ctime, same content
    calls.parsed.clear()
    load_paths(paths)
    assert calls.parsed == []  # the content hash said: unchanged
