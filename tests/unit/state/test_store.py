"""The state store: marks, stars and views persist, undo is exact, views behave."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from parsers.state import SavedView, StateStore, clean_view_name, data_dir, state_path
from parsers.state.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, migrate


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


def test_default_location_follows_the_env_var_and_is_not_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "d"))
    assert data_dir() == tmp_path / "d"
    assert state_path() == tmp_path / "d" / "state.sqlite3"
    with StateStore() as s:
        assert s.persistent and s.notice is None
        assert s.path == tmp_path / "d" / "state.sqlite3"
    assert (tmp_path / "d" / "state.sqlite3").exists()


def test_marks_and_views_survive_reopening(db):
    with StateStore(db) as s:
        s.set_flag("read", ["a", "b", "c"])
        s.toggle("starred", "b")
        s.save_view("Putin not US", "person:Putin -country:US", "oldest")
    with StateStore(db) as s:
        assert set(s.ids("read")) == {"a", "b", "c"}
        assert s.is_starred("b") and not s.is_starred("a")
        assert s.views() == [SavedView("Putin not US", "person:Putin -country:US", "oldest")]


def test_file_identity_and_durability_pragmas(db):
    with StateStore(db) as s:
        c = s._conn
        assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_set_flag_reports_only_what_changed_and_undo_restores_exactly(db):
    with StateStore(db) as s:
        s.set_flag("read", ["a", "b"])
        change = s.set_flag("read", ["a", "b", "c", "d", "c"])
        assert sorted(change.ids) == ["c", "d"] and change.value is True
        s.undo(change)
        assert set(s.ids("read")) == {"a", "b"}
        cleared = s.set_flag("read", ["a", "x"], False)
        assert cleared.ids == ("a",)
        redo = s.undo(cleared)
        assert set(s.ids("read")) == {"a", "b"}
        s.undo(redo)
        assert set(s.ids("read")) == {"b"}
    with StateStore(db) as s:
        assert set(s.ids("read")) == {"b"}


def test_toggle_flips_and_unknown_flag_is_refused(db):
    with StateStore(db) as s:
        assert s.toggle("starred", "a") is True
        assert s.toggle("starred", "a") is False
        assert not s.is_starred("a")
        with pytest.raises(ValueError):
            s.set_flag("liked", ["a"])  # type: ignore[arg-type]


def test_changes_since_lists_mark_changes_and_says_when_it_cannot(db):
    with StateStore(db) as s:
        v0 = s.version
        a = s.set_flag("read", ["a"])
        s.save_view("v", "x")
        b = s.set_flag("starred", ["b"])
        assert s.changes_since(v0) == [a, b]
        assert s.changes_since(s.version) == []
        assert s.changes_since(s.version + 5) is None
        for i in range(300):
            s.toggle("read", f"id{i}")
        assert s.changes_since(v0) is None  # too old: rebuild


def test_views_overwrite_rename_delete(db):
    with StateStore(db) as s:
        s.save_view("One", "person:A")
        s.save_view("Two", "country:US", "source")
        s.save_view("one", "person:B")  # same name, any case: overwritten in place
        assert [v.name for v in s.views()] == ["one", "Two"]
        assert s.view("ONE") == SavedView("one", "person:B", "newest")
        with pytest.raises(ValueError):
            s.rename_view("one", "two")
        s.rename_view("one", "First")
        s.rename_view("First", "first")  # a change of case is a rename, not a clash
        with pytest.raises(KeyError):
            s.rename_view("missing", "x")
        assert s.delete_view("TWO") == SavedView("Two", "country:US", "source")
        assert s.delete_view("Two") is None
        with pytest.raises(ValueError):
            s.save_view("x", "q", "sideways")
    with StateStore(db) as s:
        assert s.views() == [SavedView("first", "person:B", "newest")]


def test_view_names_are_cleaned():
    assert clean_view_name("  a\tb \x1b[31m ") == "a b [31m"
    for bad in ("", "   ", "\x00", "x" * 81):
        with pytest.raises(ValueError):
            clean_view_name(bad)


def test_memory_store_persists_nothing(db):
    with StateStore(memory=True) as s:
        assert not s.persistent and s.notice is None and s.path is None
        s.set_flag("read", ["a"])
        assert s.is_read("a")


def test_migrations_only_add_and_keep_data(db):
    with StateStore(db) as s:
        s.set_flag("starred", ["a"])
        s.save_view("v", "person:A")
    future = [*MIGRATIONS, ("ALTER TABLE starred ADD COLUMN note TEXT NOT NULL DEFAULT ''",)]
    conn = sqlite3.connect(db, isolation_level=None)
    assert migrate(conn, future) == SCHEMA_VERSION
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT id, note FROM starred").fetchall() == [("a", "")]
    assert migrate(conn, future) == SCHEMA_VERSION + 1  # idempotent
    conn.close()


def test_every_migration_is_additive():
    for step in MIGRATIONS:
        for stmt in step:
            assert not stmt.lstrip().upper().startswith(("DROP", "DELETE", "UPDATE")), stmt


def test_a_bulk_mark_shows_at_once_and_reaches_the_file_in_order(db):
    from parsers.state.store import BULK

    many = [f"id{i}" for i in range(BULK * 3)]
    with StateStore(db) as s:
        change = s.set_flag("read", many)
        assert s.is_read(many[-1]) and len(change.ids) == len(many)
        s.toggle("read", many[0])  # waits for the bulk, then unmarks one
        s.undo(s.set_flag("read", many[1:], False))  # a bulk unmark and its undo
        s.flush()
        with StateStore(db) as other:
            assert set(other.ids("read")) == set(many[1:])
    with StateStore(db) as s:
        assert set(s.ids("read")) == set(many[1:])


def test_bulk_marks_of_any_ids_reach_the_file_exactly(db):
    """Many ids go to SQLite as one JSON array when they are ASCII; quotes,
    backslashes and non-ASCII ids take the parameter path; both land exactly."""
    from parsers.state.store import BULK

    plain = [f"{i:016x}" for i in range(BULK * 2)]
    odd = [f'id "{i}" \\ ü' for i in range(BULK + 5)] + ["\u2028x", "'; DROP TABLE read; --"]
    with StateStore(db) as s:
        s.set_flag("read", plain)
        s.set_flag("starred", odd)
        s.set_flag("read", plain[: BULK + 1], False)
    with StateStore(db) as s:
        assert set(s.ids("read")) == set(plain[BULK + 1 :])
        assert set(s.ids("starred")) == set(odd)


def test_refresh_never_waits_for_our_own_bulk_write(db, monkeypatch):
    """The app's refresh timer runs on the UI thread: while a bulk write is queued
    it returns at once (nothing read), and picks up other writes afterwards."""
    import threading

    from parsers.state import store as store_mod

    monkeypatch.setattr(store_mod, "BULK_DELAY", 0)
    with StateStore(db) as s, StateStore(db) as other:
        other.set_flag("starred", ["elsewhere"])  # another instance wrote
        gate = threading.Event()
        real = store_mod._mark_statements

        def held(*args: object) -> object:  # the writer thread's bulk write waits here
            gate.wait(60)
            return real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(store_mod, "_mark_statements", held)
        s.set_flag("read", [f"{i:x}" for i in range(store_mod.BULK + 1)])
        assert s.refresh() is False  # our bulk write is still queued: no wait, no read
        gate.set()
        s.flush()
        assert s.refresh() is True and s.is_starred("elsewhere")
