"""The TUI loading real files in its thread worker: the bundled sample, bad files, run_app."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.sample import sample_paths
from tests.support.articles import make_app, wait_loaded, wait_until
from tui.app import NewsApp, run_app


@pytest.mark.parametrize("use_cache", [False, True])
async def test_bundled_sample_loads_and_filters(use_cache: bool) -> None:
    app = make_app(paths=sample_paths(), use_cache=use_cache)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        screen = app.main_screen
        total = len(app.corpus)
        assert total >= 10
        assert len(screen.headlines.rows) == total
        assert not screen.query_one("#progress").display
        assert app.load_errors == []
        # newest first
        whens = [app.corpus.headline(r).when for r in screen.headlines.rows]
        assert whens == sorted(whens, reverse=True)
        # filter by the most mentioned person from the sidebar
        people = screen.result.facets["person"]  # type: ignore[union-attr]
        key, count = people[0]
        screen.facets.focus()
        assert screen.facets.move_to_key(key)
        await pilot.press("enter")
        assert len(screen.headlines.rows) == count
        assert all(key in app.corpus.entity_keys_of(r) for r in screen.headlines.rows)
        # then by a country, excluded
        countries = screen.result.facets["country"]  # type: ignore[union-attr]
        before = list(screen.headlines.rows)
        if countries:
            ckey, ccount = countries[min(len(countries), 8) - 1]
            assert screen.facets.move_to_key(ckey)
            await pilot.press("x")
            after = list(screen.headlines.rows)
            assert len(after) == count - ccount
            assert after == [r for r in before if ckey not in app.corpus.entity_keys_of(r)]
        # open an article and its entity list
        screen.headlines.focus()
        await pilot.press("enter", "e")
        await pilot.pause()
        assert app.screen is not screen
        await pilot.press("escape")


async def test_unreadable_files_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    app = make_app(paths=[str(missing), str(binary), *sample_paths()[:1]], use_cache=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        assert len(app.load_errors) == 2
        assert any("missing.txt" in e for e in app.load_errors)
        assert any("photo.txt" in e for e in app.load_errors)
        assert len(app.corpus) > 0
        assert len(app.main_screen.headlines.rows) == len(app.corpus)
        severities = [n.severity for n in app._notifications]
        assert severities.count("error") == 2


async def test_no_articles_at_all_says_why(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.txt"
    app = make_app(paths=[str(missing)], use_cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        message = str(app.main_screen.query_one("#empty").render())
        assert "No articles loaded" in message
        assert "could not be read" in message
        assert "nothing-here.txt" in message


async def test_initial_filter_applies_to_streamed_articles() -> None:
    app = make_app(paths=sample_paths(), filter_query="country:CA", use_cache=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        screen = app.main_screen
        rows = list(screen.headlines.rows)
        assert rows
        assert all("country:CA" in app.corpus.entity_keys_of(r) for r in rows)
        assert screen.querybar.shown_text == "country:CA"


def test_run_app_prints_a_summary_of_load_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fake_run(self: NewsApp) -> None:
        self.load_errors.extend(["a.txt: no such file", "b.bin: binary"])

    monkeypatch.setattr(NewsApp, "run", fake_run)
    assert run_app(make_app(paths=["a.txt", "b.bin"], use_cache=False)) == 1
    err = capsys.readouterr().err
    assert "2 input files could not be loaded" in err
    assert "a.txt: no such file" in err


def test_run_app_defaults_to_the_bundled_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def fake_run(self: NewsApp) -> None:
        seen["paths"] = self.paths
        seen["filter"] = self.filter_query
        seen["cache"] = self.use_cache

    monkeypatch.setattr(NewsApp, "run", fake_run)
    assert run_app(make_app(paths=[], filter_query="person:Putin", use_cache=True)) == 0
    assert seen == {"paths": sample_paths(), "filter": "person:Putin", "cache": True}


async def test_list_fills_while_loading_and_progress_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows show up batch by batch while the worker is still loading; the UI answers keys."""
    import threading

    from parsers.corpus.index import Corpus
    from parsers.pipeline import LoadEvent, LoadResult
    from tests.support.articles import sample_articles
    from tui import load as load_module

    articles = sample_articles()
    gate = threading.Event()

    def fake_iter_load(paths, use_cache=True, **_):  # type: ignore[no-untyped-def]
        corpus = Corpus()
        yield LoadEvent("start", corpus, bytes_total=800, files_total=2)
        corpus.add(articles[:4])
        yield LoadEvent(
            "file_done",
            corpus,
            path="a",
            count=4,
            bytes_done=400,
            bytes_total=800,
            files_done=1,
            files_total=2,
        )
        gate.wait(10)
        corpus.add(articles[4:])
        yield LoadEvent(
            "file_done",
            corpus,
            path="b",
            count=4,
            bytes_done=800,
            bytes_total=800,
            files_done=2,
            files_total=2,
        )
        yield LoadEvent("done", corpus, result=LoadResult(corpus))

    monkeypatch.setattr(load_module, "iter_load", fake_iter_load)
    app = make_app(paths=["a", "b"], use_cache=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: len(screen.headlines.rows) == 4)
        assert not app.loaded
        # the bar shows only once loading has taken a moment
        await wait_until(pilot, lambda: screen.query_one("#progress").display)
        label = str(screen.query_one("#progress-label").render())
        assert "1/2 files" in label and "4 articles" in label
        await pilot.press("j")
        assert app.focused is screen.headlines, app.focused
        assert screen.headlines.cursor == 1  # the UI is not blocked by the worker
        gate.set()
        await wait_loaded(pilot)
        assert len(screen.headlines.rows) == 8
        assert not screen.query_one("#progress").display
        # the cursor stayed on the same article while rows were inserted around it
        assert screen.headlines.current_row == 1


async def test_parallel_parse_works_inside_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader's spawn pool must start from the worker thread of a running app.

    Textual swaps ``sys.stderr`` for a capture whose fileno is -1; spawning the
    resource tracker from there used to fail with "bad value(s) in fds_to_keep".
    """
    import os

    import parsers.pipeline

    monkeypatch.setattr(parsers.pipeline, "PARALLEL_MIN_BYTES", 0)
    parse_many = parsers.pipeline._parse_many
    pids: list[int] = []

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        for parsed in parse_many(*args, **kwargs):
            pids.append(parsed.pid)
            yield parsed

    monkeypatch.setattr(parsers.pipeline, "_parse_many", recording)
    app = make_app(paths=sample_paths(), use_cache=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        assert app.load_errors == []
        assert len(app.corpus) >= 10
    # parsed by the pool's processes, not by the in-process fallback
    assert pids and all(pid != os.getpid() for pid in pids)


async def test_the_collector_is_back_on_once_loaded() -> None:
    """``newsdesk`` starts with the cyclic GC off (start-up makes no cycles worth it);
    the app switches it back on when loading is over."""
    import gc

    gc.disable()
    try:
        app = make_app(paths=sample_paths(), use_cache=False)
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_loaded(pilot)
            assert gc.isenabled()
    finally:
        gc.enable()
