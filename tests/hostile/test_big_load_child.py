"""Item 19: a big cold load runs in a child process, and the app opens what it stored.

The app's process then holds none of the cold load's garbage (``bench/memory_bench.py``
measures the resident size). Rows still stream in as files are stored; a child that
fails or dies is an error line, never a hang; quitting terminates it.

Bounded: every wait polls a condition under a deadline (a guard, not a timing claim).
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from parsers import pipeline, pool
from parsers.pipeline import LoadEvent, iter_load
from parsers.store.cache import Cache
from tests.support import DUMPS, child_faults


def _until(condition, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    folder = tmp_path / "dumps"
    folder.mkdir()
    for path in sorted(DUMPS.glob("*.txt"))[:12]:  # (one of them is empty: an error)
        shutil.copy(path, folder / path.name)
    return folder


def _load(folder: Path, cache_dir: Path, isolate: bool) -> list[LoadEvent]:
    cache = Cache(cache_dir)
    try:
        return list(iter_load([str(folder)], cache=cache, isolate=isolate))
    finally:
        cache.close()


def _rows(event: LoadEvent) -> list[tuple[str, str, tuple[str, ...]]]:
    corpus = event.corpus
    return sorted(
        (corpus.ids_of([i])[0], corpus.headline(i).title, tuple(sorted(corpus.entity_keys_of(i))))
        for i in range(len(corpus))
    )


def _errors(events: list[LoadEvent]) -> list[str]:
    return [str(e.error).rsplit("/", 1)[-1] for e in events if e.kind == "error"]


def test_a_child_load_gives_what_a_load_here_gives(dumps: Path, tmp_path: Path) -> None:
    here = _load(dumps, tmp_path / "a", isolate=False)
    child = _load(dumps, tmp_path / "b", isolate=True)
    assert "reopened" not in [e.kind for e in here]
    assert _errors(child) == _errors(here) == ["empty.txt: empty file"]
    assert _rows(child[-1]) == _rows(here[-1]) and len(child[-1].corpus) > 10
    kinds = [e.kind for e in child]
    # the files' rows streamed into the first corpus, then the snapshot replaced it
    streamed = [e for e in child if e.kind == "file_done"]
    assert len(streamed) == 11 and all(e.path for e in streamed)
    assert sum(e.count for e in streamed) == len(child[-1].corpus)
    assert kinds.index("reopened") > kinds.index("file_done")
    first, last = child[0].corpus, child[-1].corpus
    assert first is not last and len(first) == len(last)
    assert child[-1].result is not None and child[-1].result.corpus is last
    assert child[-1].bytes_done == child[-1].bytes_total > 0
    # the child saved the snapshot: the next open is warm (once the file that could
    # not be read is gone: it keeps any load off the warm path)
    (dumps / "empty.txt").unlink()
    again = _load(dumps, tmp_path / "b", isolate=True)
    assert "snapshot" in [e.kind for e in again] and _rows(again[-1]) == _rows(here[-1])


@pytest.mark.parametrize(
    ("target", "says"),
    [
        (child_faults.dies_later, "the loading process ended unexpectedly (exit status 3)"),
        (child_faults.fails, "the loading process failed: RuntimeError: the disk caught fire"),
    ],
)
def test_a_child_fault_is_a_message(dumps, tmp_path, monkeypatch, target, says) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pipeline, "child_target", target)
    events = _load(dumps, tmp_path / "c", isolate=True)
    assert events[-1].kind == "done" and events[-1].result is not None
    (error,) = events[-1].result.errors
    assert str(error) == f"loading stopped: {says}"
    assert not pool._children


def test_a_child_that_never_starts_leaves_the_load_to_this_process(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "child_target", child_faults.dies)
    events = _load(dumps, tmp_path / "e", isolate=True)
    warnings = [e.message for e in events if e.kind == "warning"]
    assert warnings[0] == (
        "could not load in a child process (the loading process ended unexpectedly "
        "(exit status 3)); loading here"
    )
    assert _errors(events) == ["empty.txt: empty file"]
    assert len(events[-1].corpus) > 10 and "reopened" not in [e.kind for e in events]


def test_stop_parsing_terminates_the_child(dumps, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pipeline, "child_target", child_faults.hangs)
    kinds: list[str] = []
    thread = threading.Thread(
        target=lambda: kinds.extend(e.kind for e in _load(dumps, tmp_path / "d", True))
    )
    thread.start()
    assert _until(lambda: bool(pool._children))
    (child,) = pool._children
    pool.stop_parsing()  # what the app does when it quits
    thread.join(30)
    assert not thread.is_alive() and "done" not in kinds
    assert _until(lambda: not child.is_alive())


async def test_the_reopened_corpus_keeps_the_cursor_and_the_open_article() -> None:
    """Rows are numbered per corpus: the snapshot's order is not the order the files'
    rows streamed in, so the swap carries the cursor and the reader over by id."""
    from tests.support.articles import build_corpus, make_app, sample_articles
    from tui.messages import LoadStarted

    articles = sample_articles()
    app = make_app(build_corpus(articles))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        before = screen.corpus
        (opened,) = before.ids_of([screen.headlines.current_row])
        assert before.ids_of([screen.reader.row]) == [opened]
        reopened = build_corpus(list(reversed(articles)))
        screen.loader.started(LoadStarted(reopened))
        await pilot.pause()
        assert app.corpus is reopened and screen.headlines.corpus is reopened
        assert reopened.ids_of([screen.headlines.current_row]) == [opened]
        assert reopened.ids_of([screen.reader.row]) == [opened]
        assert screen.headlines.cursor == 2 and len(screen.headlines.rows) == len(articles)
