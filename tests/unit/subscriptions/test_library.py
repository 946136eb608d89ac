"""The library database: its identity, its schema guard, and subscription bookkeeping."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from parsers.model import Article
from parsers.subscriptions import FeedItem, Library, LibraryError, library_path
from parsers.subscriptions.library import APPLICATION_ID, SCHEMA_VERSION


def article(title: str) -> Article:
    return Article(id=title, source="S", retrieved=None, published=None, updated=None, title=title)


def test_lives_in_the_data_dir_with_its_identity(data_dir: Path) -> None:
    with Library(library_path()) as lib:
        lib.add("https://a.example/feed")
    path = library_path()
    assert path.parent == data_dir and path.name == "library.sqlite3"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_database_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE mine (x)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(LibraryError, match="not a newsdesk library"):
        Library(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    Library(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(LibraryError, match="newer newsdesk"):
        Library(path)


def test_garbage_file_is_a_library_error(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError):
        Library(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_add_merges_and_find_matches_url_name_or_title(library: Library) -> None:
    sub, created = library.add("https://a.example/feed", "Alpha", ["news", "World"])
    assert created and sub.tags == ("news", "World") and sub.status == "new"
    again, created = library.add("https://a.example/feed", "", ["NEWS", "tech"])
    assert not created and again.name == "Alpha" and again.tags == ("news", "World", "tech")
    other, _ = library.add("https://b.example/rss")
    library.store(other.id, [], title="Beta Times")
    assert [s.id for s in library.find("alpha")] == [sub.id]
    assert [s.id for s in library.find("https://a.example/feed")] == [sub.id]
    assert [s.id for s in library.find("beta times")] == [other.id]
    assert library.find("nothing") == []


def test_store_dedups_by_key_and_remove_takes_the_articles(library: Library) -> None:
    sub, _ = library.add("https://a.example/feed")
    first = library.store(
        sub.id, [FeedItem("guid:1", article("One")), FeedItem("guid:2", article("Two"))]
    )
    assert (first.new, first.updated) == (2, 0)
    second = library.store(
        sub.id, [FeedItem("guid:2", article("Two")), FeedItem("guid:3", article("Three"))]
    )
    assert (second.new, second.updated) == (1, 0)
    assert sorted(a.title for a in library.articles()) == ["One", "Three", "Two"]
    assert library.remove(sub.id) == 3
    assert library.articles() == [] and library.subscriptions() == []


def test_two_connections_see_each_others_writes(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    with Library(path) as one, Library(path) as two:
        one.add("https://a.example/feed")
        two.add("https://b.example/feed")
        assert [s.url for s in one.subscriptions()] == [
            "https://a.example/feed",
            "https://b.example/feed",
        ]
