"""The loader: events, per-file errors, duplicates, parallel parsing, the real pipeline."""

from __future__ import annotations

import importlib.util
import io
import os
import sys
from pathlib import Path

import pytest

from parsers import pipeline as load
from parsers.corpus.query import parse_query
from parsers.pipeline import LoadEvent, iter_load, load_paths
from parsers.store.codec import article_from_dict, article_to_dict
from tests.support import NYT, REPO, needs_shared
from tests.support.loadkit import Calls, dump, install_fake_entities, make_dumps, write

SAMPLES = REPO / "parsers" / "sample"
HAS_ENTITIES = importlib.util.find_spec("parsers.entities") is not None and hasattr(
    importlib.import_module("parsers.entities"), "resolve_corpus"
)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    return install_fake_entities(monkeypatch)


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    return make_dumps(tmp_path)


@pytest.mark.parametrize("use_cache", [True, False])
def test_events(calls: Calls, dumps: Path, use_cache: bool) -> None:
    events: list[LoadEvent] = []
    res = load_paths([str(dumps)], use_cache=use_cache, on_progress=events.append)
    kinds = [e.kind for e in events]
    assert kinds[0] == "start" and kinds[-1] == "done"
    assert kinds.count("file_started") == kinds.count("file_done") == 3
    assert "resolved" in kinds
    done = [e for e in events if e.kind == "file_done"]
    assert [e.files_done for e in done] == [1, 2, 3]
    assert (
        done[-1].bytes_done
        == done[-1].bytes_total
        == sum(p.stat().st_size for p in dumps.iterdir())
    )
    assert sum(e.count for e in done) == 5
    # records ride along only when kept in memory (the cache loads bodies on demand)
    assert all(len(e.articles) == (0 if use_cache else e.count) for e in done)
    assert all(e.corpus is res.corpus for e in events)
    assert events[-1].result is res
    # second (warm) load: cached events, no records, no resolution needed
    if use_cache:
        events2 = list(iter_load([str(dumps)]))
        assert "resolved" not in [e.kind for e in events2]
        assert all(e.cached and not e.articles for e in events2 if e.kind == "file_done")


def test_corpus_is_usable_while_streaming(calls: Calls, dumps: Path) -> None:
    seen = []
    for ev in iter_load([str(dumps)], use_cache=False):
        if ev.kind == "file_done":
            seen.append(ev.corpus.query(parse_query("")).total)
    assert seen == [2, 3, 5]


@pytest.mark.parametrize("use_cache", [True, False])
def test_bad_files_do_not_stop_the_others(
    calls: Calls, dumps: Path, tmp_path: Path, use_cache: bool
) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_bytes(b"")
    res = load_paths(
        [
            str(tmp_path / "missing.txt"),
            str(tmp_path / "bin.txt"),
            str(dumps),
            str(tmp_path / "empty.txt"),
        ],
        use_cache=use_cache,
    )
    reasons = sorted(e.reason.split(" ")[0] for e in res.errors)
    assert reasons == ["binary", "empty", "no"]
    assert len(res.corpus) == 5


def test_parser_crash_is_a_file_error(
    calls: Calls, dumps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = load.parse_text

    def boom(text: str, path: str = "<string>"):  # type: ignore[no-untyped-def]
        if path.endswith("b.txt"):
            raise RuntimeError("kaboom")
        return real(text, path)

    monkeypatch.setattr(load, "parse_text", boom)
    res = load_paths([str(dumps)], use_cache=False)
    assert len(res.errors) == 1 and "kaboom" in res.errors[0].reason
    assert len(res.corpus) == 4


def test_resolution_failure_is_a_warning(
    calls: Calls, dumps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(articles):  # type: ignore[no-untyped-def]
        raise ValueError("nope")

    monkeypatch.setattr(load, "resolve_corpus", broken)
    res = load_paths([str(dumps)], use_cache=False)
    assert any("resolution failed" in w for w in res.warnings)
    assert len(res.corpus) == 5


def test_same_article_in_two_dumps_is_shown_once(calls: Calls, tmp_path: Path) -> None:
    story = ("Turing Asks If Machines Think", "Alan Turing proposed a test.")
    newer = ("Turing Asks If Machines Think", "Alan Turing proposed a test. Updated text.")
    # same source/title/published -> same id; the later retrieval wins
    write(tmp_path / "1.txt", dump("Evening Post", "2025-02-02 09:30:00", story))
    write(tmp_path / "2.txt", dump("Evening Post", "2025-02-02 09:30:00", newer))
    for use_cache in (False, True, True):
        res = load_paths([str(tmp_path)], use_cache=use_cache)
        ids = [res.corpus.headline(i).id for i in range(len(res.corpus))]
        assert len(ids) == len(set(ids)), ids
        assert res.corpus.query(parse_query("machines")).total == len(set(ids))


def test_directories_and_duplicate_paths(calls: Calls, dumps: Path) -> None:
    res = load_paths([str(dumps), str(dumps / "a.txt"), str(dumps / ".." / "dumps" / "b.txt")])
    assert len(res.corpus) == 5
    assert sorted(calls.parsed) == ["a.txt", "b.txt", "c.txt"]


def test_articles_property(calls: Calls, dumps: Path) -> None:
    res = load_paths([str(dumps)])
    arts = res.articles
    assert len(arts) == 5 and all(a.entities is not None for a in arts)
    assert all(article_from_dict(article_to_dict(a)) == a for a in arts)


def test_parallel_parse_matches_serial(
    calls: Calls, dumps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the pool runs the real entity stage in its workers, so compare records only
    monkeypatch.setattr(load, "extract_entities", lambda a: a)
    serial = load_paths([str(dumps)], use_cache=False)
    monkeypatch.setattr(load, "PARALLEL_MIN_BYTES", 0)

    class Captured(io.StringIO):  # what sys.stderr is under a running Textual app
        def fileno(self) -> int:
            return -1

    monkeypatch.setattr(sys, "stderr", Captured())
    seen = list(load._parse_many([str(p) for p in sorted(dumps.iterdir())], 10**9))
    assert sorted(p.path for p in seen) == sorted(str(p) for p in dumps.iterdir())
    assert all(p.error is None for p in seen)
    assert all(p.pid != os.getpid() for p in seen)  # really parsed in the pool
    by_title = {a.title: a for p in seen for a in p.articles}
    for a in serial.articles:
        assert by_title[a.title].blocks == a.blocks
        assert by_title[a.title].id == a.id


@pytest.mark.skipif(not HAS_ENTITIES, reason="parsers.entities not available")
@needs_shared
def test_real_pipeline_with_and_without_cache() -> None:
    paths = [str(SAMPLES), str(NYT)]
    cold = load_paths(paths, use_cache=False)
    load_paths(paths)
    warm = load_paths(paths)
    assert cold.errors == warm.errors == []
    assert len(cold.corpus) == len(warm.corpus) > 10
    for q in ["", "ukraine", "-country:US"]:
        a = cold.corpus.query(parse_query(q))
        b = warm.corpus.query(parse_query(q))
        assert [cold.corpus.headline(i) for i in a.rows] == [
            warm.corpus.headline(i) for i in b.rows
        ]
        assert a.facets == b.facets
    assert sorted(cold.articles, key=lambda x: x.id) == sorted(warm.articles, key=lambda x: x.id)


@pytest.mark.parametrize("use_cache", [True, False])
def test_resolution_lets_the_gazetteer_go(
    calls: Calls, dumps: Path, use_cache: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a load that resolved, the process holds no gazetteer (the next use reads
    it again): a cold load's idle memory stays near a warm open's."""
    gaz = importlib.import_module("parsers.entities.gazetteer")
    monkeypatch.setattr(gaz, "_GAZ", object())
    kinds = [e.kind for e in iter_load([str(dumps)], use_cache=use_cache)]
    assert "resolved" in kinds
    assert gaz._GAZ is None
    assert gaz.gazetteer() is not None  # read again on demand
