"""The state store under stress: bad files, two writers, a kill mid-write, a lost cache."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from parsers.state import StateStore
from parsers.state.schema import SCHEMA_VERSION
from tests.support import DUMPS, REPO


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


def _filled(db: Path) -> None:
    with StateStore(db) as s:
        s.set_flag("read", ["a", "b"])
        s.set_flag("starred", ["b"])
        s.save_view("mine", "person:A")
    # fold the WAL into the file so the bytes we compare are the whole database
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable even for root (chattr +i), or skip."""
    mode = path.stat().st_mode
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    immutable = False
    try:
        if os.access(path, os.W_OK):  # root: permissions do not bind
            if shutil.which("chattr") is None:
                pytest.skip("running as root without chattr")
            ok = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
            if not ok or os.access(path, os.W_OK):
                pytest.skip("cannot make a file read-only here")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


def test_read_only_file_is_read_with_a_notice_and_never_written(db):
    _filled(db)
    before = db.read_bytes()
    with _read_only(db):
        with StateStore(db) as s:
            assert not s.persistent
            assert "read-only" in s.notice and "\n" not in s.notice
            assert set(s.ids("read")) == {"a", "b"} and s.is_starred("b")
            assert s.view("mine") is not None
            s.set_flag("read", ["c"])  # works, in memory
            assert s.is_read("c")
        assert db.read_bytes() == before


def test_locked_file_gives_a_notice_and_memory_state(db):
    _filled(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO read VALUES ('held', 0)")
    try:
        with StateStore(db, busy_timeout=0.05) as s:
            assert not s.persistent
            assert "locked" in s.notice and "\n" not in s.notice
            s.toggle("starred", "x")
            assert s.is_starred("x")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with StateStore(db) as s:
        assert s.persistent and set(s.ids("read")) == {"a", "b"} and not s.is_starred("x")


def test_a_lock_taken_later_moves_writes_to_memory_with_one_notice(db):
    with StateStore(db, busy_timeout=0.05) as s:
        s.set_flag("read", ["a"])
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            s.set_flag("read", ["b"])
            assert not s.persistent and "could not save" in s.notice
            assert set(s.ids("read")) == {"a", "b"}
            s.save_view("v", "x")
            assert s.view("v") is not None
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    with StateStore(db) as s:
        assert set(s.ids("read")) == {"a"}


def test_garbage_file_is_kept_aside_and_a_new_store_starts(db):
    junk = b"this is not a database\n" * 300
    db.write_bytes(junk)
    with StateStore(db) as s:
        assert s.persistent
        assert "damaged" in s.notice and "\n" not in s.notice
        s.set_flag("read", ["a"])
    asides = list(db.parent.glob("state.sqlite3.corrupt-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == junk
    with StateStore(db) as s:
        assert s.notice is None and s.is_read("a")


def test_damaged_pages_are_found_and_the_file_kept_aside(db):
    with StateStore(db) as s:
        s.set_flag("read", [f"{i:016x}" for i in range(20_000)])
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[3 * page : 6 * page] = b"\xa5" * (3 * page)
    db.write_bytes(bytes(data))
    with StateStore(db) as s:
        assert "damaged" in s.notice
        assert len(s.ids("read")) == 0
    (aside,) = db.parent.glob("state.sqlite3.corrupt-*")
    assert aside.read_bytes() == bytes(data)


def test_two_corrupt_files_in_one_second_both_kept(db):
    for junk in (b"first junk " * 200, b"second junk " * 200):
        db.unlink(missing_ok=True)
        for p in db.parent.glob("state.sqlite3-*"):
            p.unlink()
        db.write_bytes(junk)
        StateStore(db).close()
    kept = {p.read_bytes()[:6] for p in db.parent.glob("state.sqlite3.corrupt-*")}
    assert kept == {b"first ", b"second"}


def test_newer_schema_is_read_but_never_written(db):
    _filled(db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db.read_bytes()
    with StateStore(db) as s:
        assert not s.persistent
        assert "newer newsdesk" in s.notice and "\n" not in s.notice
        assert set(s.ids("read")) == {"a", "b"}
        s.set_flag("read", ["c"])
        s.delete_view("mine")
    assert db.read_bytes() == before


def test_someone_elses_database_is_left_untouched(db):
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with StateStore(db) as s:
        assert not s.persistent and "not a newsdesk state database" in s.notice
        s.set_flag("read", ["a"])
    assert db.read_bytes() == before


def test_unusable_directory_gives_memory_state(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with StateStore(blocker / "sub" / "state.sqlite3") as s:
        assert not s.persistent and "cannot create the state directory" in s.notice
        s.toggle("read", "a")
        assert s.is_read("a")


_WRITER = textwrap.dedent(
    """
    import sys
    from parsers.state import StateStore
    path, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    s = StateStore(path)
    assert s.persistent, s.notice
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(n):
        s.toggle("read", f"{tag}{i}")
        if i % 10 == 0:
            s.set_flag("starred", [f"{tag}{i}", f"{tag}{i + 1}"])
        if i % 50 == 0:
            s.save_view(f"{tag}{i}", f"person:{tag}")
        print(i, flush=True)
    """
)


def _spawn(code: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_two_processes_writing_at_once_lose_nothing(db):
    StateStore(db).close()
    n = 150
    procs = [_spawn(_WRITER, str(db), tag, str(n)) for tag in ("p", "q")]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        p.communicate(timeout=60)
        assert p.returncode == 0
    with StateStore(db) as s:
        for tag in ("p", "q"):
            assert {f"{tag}{i}" for i in range(n)} <= set(s.ids("read"))
            assert {f"{tag}{i}" for i in range(0, n, 10)} <= set(s.ids("starred"))
            assert {f"{tag}{i}" for i in range(0, n, 50)} <= {v.name for v in s.views()}
        assert len(s.ids("read")) == 2 * n
        assert s._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_refresh_picks_up_the_other_instances_writes(db):
    with StateStore(db) as a, StateStore(db) as b:
        assert a.refresh() is False
        b.set_flag("starred", ["x"])
        b.save_view("v", "country:US")
        v = a.version
        assert a.refresh() is True
        assert a.is_starred("x") and a.view("v") is not None
        assert a.version > v and a.changes_since(v) is None  # consumers rebuild
        a.toggle("read", "y")  # own writes are not "news" on the next refresh
        assert a.refresh() is False


_BULK = textwrap.dedent(
    """
    import sys
    from parsers.state import StateStore
    s = StateStore(sys.argv[1])
    assert s.persistent, s.notice
    i = 0
    while True:
        s.set_flag("read", [f"b{i}-{k}" for k in range(3000)])
        s.flush()
        print(i, flush=True)
        i += 1
    """
)


def test_killing_mid_write_loses_at_most_the_action_in_flight(db):
    StateStore(db).close()
    p = _spawn(_BULK, str(db))
    assert p.stdout is not None
    acked = [int(p.stdout.readline()) for _ in range(6)]
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    with StateStore(db) as s:
        assert s.persistent and s.notice is None
        ids = set(s.ids("read"))
        batches = {int(i[1:].split("-")[0]) for i in ids}
        for b in batches:  # every batch is all there or not at all
            assert {f"b{b}-{k}" for k in range(3000)} <= ids
        assert set(acked) <= batches  # everything acknowledged survived
        assert max(batches) <= acked[-1] + 2


def test_state_survives_deleting_the_cache_and_follows_moved_files(tmp_path, monkeypatch):
    from parsers.pipeline import load_paths

    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(cache))
    src = tmp_path / "a" / "basic.txt"
    src.parent.mkdir()
    shutil.copy(DUMPS / "basic.txt", src)
    corpus = load_paths([str(src)]).corpus
    ids = [corpus.headline(i).id for i in range(len(corpus))]
    assert ids
    with StateStore() as s:
        s.set_flag("read", ids[:1])
        s.toggle("starred", ids[-1])
    shutil.rmtree(cache)
    moved = tmp_path / "b" / "renamed.txt"
    moved.parent.mkdir()
    shutil.move(src, moved)
    again = load_paths([str(moved)]).corpus
    assert {again.headline(i).id for i in range(len(again))} == set(ids)
    with StateStore() as s:
        assert s.notice is None
        assert set(s.ids("read")) == {ids[0]} and set(s.ids("starred")) == {ids[-1]}


_EXIT = textwrap.dedent(
    """
    import sys
    from parsers.state import StateStore
    s = StateStore(sys.argv[1])
    s.set_flag("read", [f"x{k}" for k in range(50_000)])
    s.toggle("starred", "x1")
    print(len(s.ids("read")), flush=True)
    """  # exits without close(): the queued bulk write still lands
)


def test_bulk_marks_are_written_in_the_background_and_land_on_exit(db):
    p = _spawn(_EXIT, str(db))
    out, _ = p.communicate(timeout=60)
    assert p.returncode == 0 and out.strip() == "50000"
    with StateStore(db) as s:
        assert len(s.ids("read")) == 50_000 and s.is_starred("x1")
