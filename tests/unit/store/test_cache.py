"""The on-disk cache: reuse, invalidation, corruption, and equality with a cold load."""

from __future__ import annotations

import contextlib
import gc
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from parsers.corpus.index import Corpus
from parsers.corpus.query import parse_query
from parsers.pipeline import load_paths
from parsers.store.cache import CACHE_FILE, SCHEMA_VERSION, Cache, cache_dir
from tests.support.loadkit import Calls, bump_mtime, dump, install_fake_entities, make_dumps, write

QUERIES = [
    "",
    "person:Lovelace",
    "person:hopper",
    "peace",
    '"peace talks"',
    "-person:Turing",
    "source:post",
    "after:2025-02-02",
]


def snapshot(corpus: Corpus) -> dict[str, object]:
    """Everything the UI can see, in comparable form."""
    out: dict[str, object] = {"n": len(corpus)}
    for q in QUERIES:
        for sort in ("newest", "source"):
            r = corpus.query(parse_query(q), sort=sort)
            out[f"{q}|{sort}"] = (
                [corpus.headline(i) for i in r.rows],
                r.facets,
                r.unresolved,
            )
    out["articles"] = sorted((corpus.article(i) for i in range(len(corpus))), key=lambda a: a.id)
    return out


@contextlib.contextmanager
def open_db() -> Iterator[sqlite3.Connection]:
    """The cache database, committed and closed after (no stray connection)."""
    db = sqlite3.connect(cache_dir() / CACHE_FILE)
    try:
        with db:
            yield db
    finally:
        db.close()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    return install_fake_entities(monkeypatch)


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    return make_dumps(tmp_path)


def test_cache_dir_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"


def test_warm_load_parses_nothing_and_matches_cold(calls: Calls, dumps: Path) -> None:
    cold = load_paths([str(dumps)], use_cache=False)
    assert sorted(calls.parsed) == ["a.txt", "b.txt", "c.txt"]
    first = load_paths([str(dumps)])
    calls.parsed.clear()
    calls.resolved = 0
    warm = load_paths([str(dumps)])
    assert calls.parsed == [] and calls.resolved == 0
    assert warm.errors == [] and warm.warnings == []
    assert snapshot(cold.corpus) == snapshot(first.corpus) == snapshot(warm.corpus)
    # resolution survived the round trip: "Lovelace" alone became Ada Lovelace
    r = warm.corpus.query(parse_query('person:"ada lovelace"'))
    assert r.total == 2
    assert warm.corpus.resolve("person", "lovelace") == {"person:ada lovelace"}


def test_changed_file_is_reparsed_alone(calls: Calls, dumps: Path) -> None:
    load_paths([str(dumps)])
    calls.parsed.clear()
    write(
        dumps / "b.txt",
        dump("Evening Post", "2025-02-02 09:30:00", ("Turing Returns", "Alan Turing again.")),
    )
    bump_mtime(dumps / "b.txt")
    res = load_paths([str(dumps)])
    assert calls.parsed == ["b.txt"]
    titles = {res.corpus.headline(i).title for i in range(len(res.corpus))}
    assert "Turing Returns" in titles and "Turing Asks If Machines Think" not in titles
    assert snapshot(res.corpus) == snapshot(load_paths([str(dumps)], use_cache=False).corpus)


def test_touched_but_unchanged_file_is_not_reparsed(calls: Calls, dumps: Path) -> None:
    load_paths([str(dumps)])
    calls.parsed.clear()
    bump_mtime(dumps / "a.txt")
    load_paths([str(dumps)])
    assert calls.parsed == []


def test_deleted_file_disappears(calls: Calls, dumps: Path) -> None:
    before = load_paths([str(dumps)]).corpus
    assert before.query(parse_query("source:wire")).total == 2
    (dumps / "c.txt").unlink()
    after = load_paths([str(dumps)]).corpus
    assert after.query(parse_query("source:wire")).total == 0
    assert after.query(parse_query("compilers")).total == 0  # FTS too
    assert len(after) == len(before) - 2
    # retired while the first load (another user of the cache) may still show it ...
    with open_db() as db:
        rows = db.execute("SELECT path, retired IS NOT NULL FROM files").fetchall()
    assert sorted((Path(p).name, r) for p, r in rows) == [("a.txt", 0), ("b.txt", 0), ("c.txt", 1)]
    assert before.article(len(before) - 1).title  # still readable there
    # ... and pruned once no one else has the cache open
    del before, after
    gc.collect()
    load_paths([str(dumps)])
    with open_db() as db:
        paths = [Path(p).name for (p,) in db.execute("SELECT path FROM files")]
    assert sorted(paths) == ["a.txt", "b.txt"]


def test_explicitly_named_missing_file_is_an_error(calls: Calls, dumps: Path) -> None:
    load_paths([str(dumps / "a.txt"), str(dumps / "b.txt")])
    (dumps / "b.txt").unlink()
    res = load_paths([str(dumps / "a.txt"), str(dumps / "b.txt")])
    assert [e.reason for e in res.errors] == ["no such file"]
    assert {res.corpus.headline(i).source for i in range(len(res.corpus))} == {"Daily Bugle"}


@pytest.mark.xfail(
    reason="open bug: after the app's load tests (tests/tui/test_tui_load.py) ran in the same "
    "process, something writes a SQLite file over the garbage; alone this passes",
    strict=False,
)
def test_garbage_named_like_the_cache_is_left_alone(calls: Calls, dumps: Path) -> None:
    load_paths([str(dumps)])
    db = cache_dir() / CACHE_FILE
    for extra in ("-wal", "-shm"):
        Path(str(db) + extra).unlink(missing_ok=True)
    garbage = b"this is not a database at all" * 100
    db.write_bytes(garbage)
    calls.parsed.clear()
    res = load_paths([str(dumps)])
    assert any("not a newsdesk cache" in w and "left alone" in w for w in res.warnings)
    assert sorted(calls.parsed) == ["a.txt", "b.txt", "c.txt"]  # loaded without the cache
    assert snapshot(res.corpus) == snapshot(load_paths([str(dumps)], use_cache=False).corpus)
    assert db.read_bytes() == garbage  # not ours to delete


def test_newer_schema_is_left_alone(calls: Calls, dumps: Path) -> None:
    load_paths([str(dumps)])
    with open_db() as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    res = load_paths([str(dumps)])
    assert any("newer newsdesk" in w and "left alone" in w for w in res.warnings), res.warnings
    assert len(res.corpus) == 5
    with open_db() as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 3


def test_older_schema_is_rebuilt_with_warning(calls: Calls, dumps: Path) -> None:
    load_paths([str(dumps)])
    with open_db() as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    calls.parsed.clear()
    res = load_paths([str(dumps)])
    assert any("older newsdesk" in w and "rebuilt" in w for w in res.warnings), res.warnings
    assert sorted(calls.parsed) == ["a.txt", "b.txt", "c.txt"]
    assert load_paths([str(dumps)]).warnings == []


def test_pre_9_newsdesk_cache_is_recognised_and_rebuilt(calls: Calls, dumps: Path) -> None:
    cache_dir().mkdir(parents=True, exist_ok=True)
    with open_db() as db:  # schema 8 had no application_id
        db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT)")
        db.execute("CREATE TABLE articles(rowid INTEGER PRIMARY KEY, body BLOB)")
        db.execute("INSERT INTO meta VALUES ('schema', '8')")
    res = load_paths([str(dumps)])
    assert any("schema 8" in w and "rebuilt" in w for w in res.warnings), res.warnings
    assert len(res.corpus) == 5


def test_foreign_sqlite_database_is_left_alone(calls: Calls, dumps: Path) -> None:
    cache_dir().mkdir(parents=True, exist_ok=True)
    with open_db() as db:
        db.execute("CREATE TABLE something_else(x)")
        db.execute("INSERT INTO something_else VALUES (42)")
    res = load_paths([str(dumps)])
    assert any("not a newsdesk cache" in w for w in res.warnings)
    assert len(res.corpus) == 5
    with open_db() as db:
        assert db.execute("SELECT x FROM something_else").fetchall() == [(42,)]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert tables == {"something_else"}


def test_use_cache_false_bypasses_cache(calls: Calls, dumps: Path) -> None:
    load_paths([str(dumps)], use_cache=False)
    assert not (cache_dir() / CACHE_FILE).exists()


def test_bodies_load_on_demand(calls: Calls, dumps: Path) -> None:
    load_paths([str(dumps)])
    corpus = load_paths([str(dumps)]).corpus
    assert all(a is None for a in corpus._articles)  # headlines only in memory
    row = corpus.query(parse_query("moth")).rows[0]
    a = corpus.article(row)
    assert a.title == "Hopper Finds a Bug" and "moth" in a.blocks[0].text
    assert [e.key for e in corpus.entities_of(row)] == ["person:grace hopper"]


def test_cache_object_api(tmp_path: Path, calls: Calls, dumps: Path) -> None:
    cache = Cache(tmp_path / "c")
    res = load_paths([str(dumps / "a.txt")], cache=cache)
    entry = cache.entry(str((dumps / "a.txt").resolve()))
    assert entry is not None and entry.n == 2 and entry.fileset
    assert len(cache.stubs(entry.id)) == 2 and cache.stubs(entry.id)[0].blocks == ()
    assert cache.heads(entry.id) is not None
    assert res.corpus.article(0).title == "Lovelace Designs an Engine"
    rowid = cache.rowids(entry.id)[0]
    cache.forget(entry.path)
    assert cache.entry(entry.path) is None
    assert cache.load_article(rowid).title  # retired, still readable ...
    assert cache.housekeeping(check=False)["retired"] == 1  # ... until collected (alone)
    with pytest.raises(LookupError):
        cache.load_article(rowid)
    cache.close()


def test_same_file_set_opens_from_one_snapshot(
    calls: Calls, dumps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_paths([str(dumps)])
    used: list[int] = []
    real = Corpus.add_columns

    def spy(self: Corpus, cols: dict[str, object], unique: bool = False) -> None:
        used.append(len(cols["ids"]))  # type: ignore[arg-type]
        real(self, cols, unique)

    monkeypatch.setattr(Corpus, "add_columns", spy)
    res = load_paths([str(dumps)])
    assert used == [5]
    assert len(res.corpus) == 5
    # a different set of files (subset) does not use it, but gets its own next time
    load_paths([str(dumps / "a.txt"), str(dumps / "b.txt")])
    assert used == [5]
    load_paths([str(dumps / "a.txt"), str(dumps / "b.txt")])
    assert used == [5, 3]


def test_damaged_blobs_are_reparsed(calls: Calls, dumps: Path) -> None:
    load_paths([str(dumps)])
    with open_db() as db:
        db.execute("UPDATE snapshots SET blob = x'00ff00ff'")
        db.execute(
            "UPDATE file_blobs SET heads = x'789c0000' WHERE file_id IN "
            "(SELECT id FROM files WHERE path LIKE '%b.txt')"
        )
    calls.parsed.clear()
    res = load_paths([str(dumps)])
    assert calls.parsed == ["b.txt"]
    assert any("b.txt" in w and "re-parsing" in w for w in res.warnings)
    assert snapshot(res.corpus) == snapshot(load_paths([str(dumps)], use_cache=False).corpus)
    assert load_paths([str(dumps)]).warnings == []


def test_snapshot_of_another_layout_is_rebuilt(calls: Calls, dumps: Path) -> None:
    import marshal

    from parsers.store.cache import _unpack_columns

    load_paths([str(dumps)])
    old = marshal.dumps({"ids": ["x"], "titles": ["y"]})  # an earlier layout, no "format"
    with open_db() as db:
        db.execute("UPDATE snapshots SET blob = ?", (old,))
    calls.parsed.clear()
    res = load_paths([str(dumps)])
    assert calls.parsed == [] and res.warnings == []  # the per-file blocks serve instead
    assert snapshot(res.corpus) == snapshot(load_paths([str(dumps)], use_cache=False).corpus)
    with open_db() as db:
        (blob,) = db.execute("SELECT blob FROM snapshots").fetchone()
    assert len(_unpack_columns(blob)["ids"]) == 5  # and the snapshot was saved again


def test_patch_block_equals_head_block_of_the_resolved_records() -> None:
    import dataclasses

    from parsers.model import Article, ArticleEntities, Entity, Mention
    from parsers.store.cache import head_block, patch_block, rebase_block

    def person(name: str, n: int = 1) -> Entity:
        m = tuple(Mention("title", 0, 0, len(name), name) for _ in range(n))
        return Entity("person", f"person:{name.casefold()}", name, (), m)

    def art(i: int, *people: Entity) -> Article:
        return Article(
            f"id{i}", "Post", None, None, None, f"T{i}", byline=("Ann Bee",),
            entities=ArticleEntities(people=people),
        )  # fmt: skip

    before = [
        art(0, person("Lovelace"), person("Alan Turing")),
        art(1, person("Ada Lovelace", 2)),
        art(2, person("Lovelace", 3), person("Grace Hopper")),
        art(3),
    ]
    full = person("Ada Lovelace", 3)
    turing = person("Alan Turing")
    after = [
        dataclasses.replace(before[0], entities=ArticleEntities(people=(full, turing))),
        before[1],
        dataclasses.replace(before[2], entities=ArticleEntities(people=(full,))),
        before[3],
    ]
    changed = [a.entities != b.entities for a, b in zip(after, before, strict=True)]
    assert changed == [True, False, True, False]
    rowids = [7, 8, 9, 10]
    unresolved = rebase_block(head_block(before, range(4)), rowids)
    assert unresolved == head_block(before, rowids)
    assert patch_block(unresolved, after, changed) == head_block(after, rowids)
    assert patch_block(unresolved, before, [False] * 4) == head_block(before, rowids)


def test_resolution_undone_when_the_file_that_caused_it_goes(calls: Calls, dumps: Path) -> None:
    # b.txt's bare "Lovelace" is Ada Lovelace only while a.txt is in the set
    first = load_paths([str(dumps)]).corpus
    i = next(i for i in range(len(first)) if first.headline(i).title.startswith("Turing"))
    assert "person:ada lovelace" in {e.key for e in first.article(i).entities.people}  # type: ignore[union-attr]
    (dumps / "a.txt").unlink()
    after = load_paths([str(dumps)]).corpus
    i = next(i for i in range(len(after)) if after.headline(i).title.startswith("Turing"))
    assert "person:lovelace" in {e.key for e in after.article(i).entities.people}  # type: ignore[union-attr]
    assert snapshot(after) == snapshot(load_paths([str(dumps)], use_cache=False).corpus)


def test_contentless_fts_forgets_deleted_and_changed_files(
    tmp_path: Path, calls: Calls, dumps: Path
) -> None:
    cache = Cache(tmp_path / "c")
    load_paths([str(dumps)], cache=cache)
    assert cache.text_index.search('"compilers"').size == 1
    assert cache.text_index.search('"turing"').size == 1
    (dumps / "c.txt").unlink()
    write(dumps / "b.txt", dump("Evening Post", "2025-02-02 09:30:00", ("Other", "Nobody.")))
    bump_mtime(dumps / "b.txt")
    load_paths([str(dumps)], cache=cache)
    assert cache.text_index.search('"compilers"').size == 0
    assert cache.text_index.search('"turing"').size == 0
    assert cache.text_index.search('"nobody"').size == 1
    # FTS5's own consistency check of the index against what was inserted
    cache.conn.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0)")


def test_phrase_checked_against_the_text_matches_an_uncached_load(
    calls: Calls, tmp_path: Path
) -> None:
    d = tmp_path / "p"
    d.mkdir()
    write(
        d / "a.txt",
        dump(
            "Daily Bugle",
            "2025-02-01 08:00:00",
            ("Troops Move", "The U.S. troops moved north."),
            ("Troops Stay", "The US troops stayed put."),
            ("Troops Wait", "The U S troops waited."),  # FTS matches; the text check rejects
        ),
    )
    write(d / "b.txt", dump("Evening Post", "2025-02-02 09:30:00", ("Calm", "U.S. troops rest.")))
    q = parse_query('"U.S. troops"')
    load_paths([str(d)])  # fills the cache
    cached = load_paths([str(d)]).corpus
    fresh = load_paths([str(d)], use_cache=False).corpus
    titles = sorted(cached.headline(i).title for i in cached.query(q).rows)
    assert titles == ["Calm", "Troops Move"]
    assert titles == sorted(fresh.headline(i).title for i in fresh.query(q).rows)


def test_rowids_are_never_reused(tmp_path: Path, calls: Calls, dumps: Path) -> None:
    # a contentless FTS row that could not be deleted must not match a later article
    cache = Cache(tmp_path / "c")
    load_paths([str(dumps)], cache=cache)
    (top,) = cache.conn.execute("SELECT max(rowid) FROM articles").fetchone()
    cache.conn.execute("UPDATE articles SET body = x'00' WHERE rowid = ?", (top,))
    cache.conn.commit()
    (dumps / "c.txt").unlink()  # held the last rowid; one of its bodies is unreadable
    load_paths([str(dumps)], cache=cache)
    write(
        dumps / "d.txt",
        dump("Evening Post", "2025-02-05 09:30:00", ("Late", "Quiet news."), ("Later", "None.")),
    )
    res = load_paths([str(dumps)], cache=cache)
    assert min(cache.rowids(cache.entry(str(dumps / "d.txt")).id)) > top  # type: ignore[union-attr]
    assert res.corpus.query(parse_query("peace")).total == 1  # a.txt's; not c.txt's stale row
