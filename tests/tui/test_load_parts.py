"""The LoadController's pure parts, without Pilot: the worker body, the toast gate,
the re-query throttle and the loading line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.message import Message

from parsers.corpus.index import Corpus
from parsers.files import InputError
from parsers.pipeline import LoadEvent, LoadResult
from tests.support.articles import sample_articles
from tui import load as load_module
from tui.load import (
    FIRST_ROWS_AFTER,
    REFRESH_EVERY,
    NoticeGate,
    RefreshThrottle,
    progress_line,
    run_load,
)
from tui.messages import LoadFinished, LoadNotice, LoadProgress, LoadStarted


def _events(corpus: Corpus) -> Iterator[LoadEvent]:
    articles = sample_articles()
    yield LoadEvent("start", corpus, bytes_total=300, files_total=3)
    yield LoadEvent("file_started", corpus, path="a")
    corpus.add(articles[:5])
    yield LoadEvent("file_done", corpus, path="a", count=5, bytes_done=100, files_done=1)
    yield LoadEvent("error", corpus, path="b", error=InputError("b", "no such file"), files_done=2)
    yield LoadEvent("warning", corpus, path="c", message="c: decoded as cp1252")
    corpus.add(articles[5:])
    yield LoadEvent("file_done", corpus, path="c", count=3, bytes_done=300, files_done=3)
    yield LoadEvent("done", corpus, result=LoadResult(corpus))


def _run(monkeypatch: pytest.MonkeyPatch, events: Any, cancel_after: int = -1) -> list[Message]:
    posted: list[Message] = []
    monkeypatch.setattr(load_module, "iter_load", lambda paths, use_cache, **_: events)
    run_load(["a", "b", "c"], False, posted.append, lambda: len(posted) == cancel_after)
    return posted


def test_run_load_reports_each_step_and_always_finishes(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = Corpus()
    posted = _run(monkeypatch, _events(corpus))
    kinds = [type(m).__name__ for m in posted]
    assert kinds == [
        "LoadStarted",
        "LoadProgress",
        "LoadProgress",  # file a
        "LoadNotice",
        "LoadProgress",  # the error moves the bar too
        "LoadNotice",  # a warning does not
        "LoadProgress",
        "LoadFinished",
    ]
    started = posted[0]
    assert isinstance(started, LoadStarted) and started.corpus is corpus
    notices = [m for m in posted if isinstance(m, LoadNotice)]
    assert [(n.text, n.severity) for n in notices] == [
        ("b: no such file", "error"),
        ("c: decoded as cp1252", "warning"),
    ]
    last = posted[-2]
    assert isinstance(last, LoadProgress) and (last.articles, last.new_articles) == (8, 3)
    finished = posted[-1]
    assert isinstance(finished, LoadFinished) and not finished.cancelled
    assert finished.errors == ["b: no such file"]
    assert finished.warnings == ["c: decoded as cp1252"]


def test_run_load_stops_when_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    posted = _run(monkeypatch, _events(Corpus()), cancel_after=2)
    assert len(posted) == 3
    finished = posted[-1]
    assert isinstance(finished, LoadFinished) and finished.cancelled


def test_run_load_turns_a_loader_crash_into_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def crashing() -> Iterator[LoadEvent]:
        yield LoadEvent("start", Corpus(), files_total=1)
        raise ValueError("bad row")

    posted = _run(monkeypatch, crashing())
    finished = posted[-1]
    assert isinstance(finished, LoadFinished)
    assert finished.errors == ["loading stopped: ValueError: bad row"]
    assert isinstance(posted[-2], LoadNotice) and posted[-2].text == finished.errors[0]


def test_a_snapshot_makes_cached_file_events_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = Corpus(sample_articles())
    events = [
        LoadEvent("start", corpus, files_total=2),
        LoadEvent("snapshot", corpus, files_total=2, files_done=2),
        LoadEvent("file_done", corpus, path="a", cached=True, files_done=1),
        LoadEvent("file_done", corpus, path="b", cached=False, files_done=2),
    ]
    posted = _run(monkeypatch, iter(events))
    progress = [m for m in posted if isinstance(m, LoadProgress)]
    assert [p.complete for p in progress] == [False, True, False]  # the cached one: nothing


def test_notice_gate_shows_the_first_few_then_sums_up() -> None:
    gate = NoticeGate(shown=2)
    admitted = [gate.admit(s) for s in ("error", "warning", "error", "error", "warning")]
    assert admitted == [True, True, False, False, False]
    assert gate.summary() == [
        ("…and 2 more files could not be read (all are listed when you quit)", "error"),
        ("…and 1 more warning (listed when you quit)", "warning"),
    ]
    assert gate.summary() == []  # said once


def test_throttle_waits_between_requeries_and_for_slow_ones() -> None:
    now = [100.0]
    throttle = RefreshThrottle(clock=lambda: now[0])
    with throttle.measure():
        now[0] += 0.01
    assert throttle.wait(rows_shown=True, articles=10, complete=False) == pytest.approx(
        REFRESH_EVERY
    )
    now[0] += REFRESH_EVERY
    assert throttle.wait(rows_shown=True, articles=10, complete=False) <= 0
    with throttle.measure():
        now[0] += 0.5  # a slow re-query: wait ten times as long
    assert throttle.wait(rows_shown=True, articles=10, complete=False) == pytest.approx(5.0)


def test_throttle_shows_the_first_rows_soon() -> None:
    now = [0.0]
    throttle = RefreshThrottle(clock=lambda: now[0])
    with throttle.measure():
        pass
    assert throttle.wait(rows_shown=False, articles=4, complete=False) == FIRST_ROWS_AFTER
    assert throttle.wait(rows_shown=False, articles=4, complete=True) == 0.0
    assert throttle.wait(rows_shown=False, articles=0, complete=False) == REFRESH_EVERY


def test_progress_line() -> None:
    message = LoadProgress(2, 8, 1750, 3_000_000, 4_000_000, 2.0)
    assert progress_line(message) == "loading 2/8 files · 1,750 articles · 1.5 MB/s"
    assert progress_line(LoadProgress(0, 1, 0, 0, 10, 0.0)).endswith("0.0 MB/s")
