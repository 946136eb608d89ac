"""``newsdesk`` with no PATH: the library opens through the load pipeline as files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import parsers.perf
import tui.app
from parsers.pipeline import load_paths
from parsers.subscriptions import Library, library_path, refresh
from parsers.subscriptions.snapshot import write_snapshot
from tests.support.loadkit import install_fake_entities
from tests.unit.subscriptions.feedserver import FAST, FeedServer, Route, rss
from tui.cli import main
from tui.subscriptions_cmd import library_paths

ITEMS = [("a1", "Ferry fares rise"), ("a2", "Council pay deal")]


def test_snapshot_loads_as_the_library_holds_it(
    server: FeedServer, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_fake_entities(monkeypatch)
    server.routes["/a.xml"] = Route(rss("Alpha", ITEMS))
    server.routes["/b.xml"] = Route(rss("Beta", ITEMS[:1]))
    server.routes["/empty.xml"] = Route(rss("Empty", []))
    for path in ("/a.xml", "/b.xml", "/empty.xml"):
        library.add(server.url(path))
    refresh(library, options=FAST)
    folder = write_snapshot(library, tmp_path / "snap")
    assert folder is not None
    assert sorted(p.name for p in folder.iterdir()) == [
        ".stamps.json",
        "feed-1.jsonl",
        "feed-2.jsonl",
    ]
    loaded = load_paths([str(folder)], use_cache=False)
    assert not loaded.errors
    strip = [(a.id, a.title, a.source, a.url, a.blocks) for a in library.articles()]
    got = [(a.id, a.title, a.source, a.url, a.blocks) for a in loaded.articles]
    assert sorted(got) == sorted(strip)

    # a new item in one feed rewrites only that feed's file; an unsubscribed feed's file goes
    before = (folder / "feed-1.jsonl").stat().st_mtime_ns
    server.routes["/b.xml"] = Route(rss("Beta", [("b9", "Late news"), *ITEMS[:1]]))
    refresh(library, options=FAST)
    write_snapshot(library, folder)
    assert (folder / "feed-1.jsonl").stat().st_mtime_ns == before
    assert len((folder / "feed-2.jsonl").read_text().splitlines()) == 2
    # nothing changed: nothing is read from the library
    with monkeypatch.context() as m:
        m.setattr(library, "articles", lambda *a: pytest.fail("re-read"))
        write_snapshot(library, folder)
    library.remove(1)
    write_snapshot(library, folder)
    assert sorted(p.name for p in folder.iterdir()) == [".stamps.json", "feed-2.jsonl"]


def test_no_arguments_open_the_library_or_the_sample(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[list[str]] = []
    monkeypatch.setattr(tui.app, "run_app", lambda app: 0)
    # the app would switch the GC back on once loaded; it never runs here
    monkeypatch.setattr(parsers.perf, "gc_off_for_startup", lambda: None)
    real_make = tui.app.make_app

    def spy(*args: object, paths: list[str] | None = None, **kw: object) -> tui.app.NewsApp:
        opened.append(list(paths or []))
        return real_make(*args, paths=paths, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(tui.app, "make_app", spy)
    assert library_paths() == []  # no library yet: nothing is created
    assert not library_path().exists()
    assert main([]) == 0 and opened[-1] == []  # make_app falls back to the sample

    server.routes["/a.xml"] = Route(rss("Alpha", ITEMS))
    with Library(library_path()) as lib:
        lib.add(server.url("/a.xml"))
        assert library_paths() == []  # subscribed, nothing fetched yet: still the sample
        refresh(lib, options=FAST)
    assert main([]) == 0
    [folder] = opened[-1]
    assert sorted(p.name for p in Path(folder).iterdir()) == [".stamps.json", "feed-1.jsonl"]


def test_unreadable_library_falls_back_to_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    path = library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database at all" * 50)
    assert library_paths() == []
    assert "library not opened" in capsys.readouterr().err


def test_export_and_entities_default_to_the_library(
    server: FeedServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    install_fake_entities(monkeypatch)
    assert main(["export", "--format", "jsonl"]) == 2
    assert "library is empty" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["entities"])
    assert "library is empty" in capsys.readouterr().err

    server.routes["/a.xml"] = Route(rss("Alpha", ITEMS))
    with Library(library_path()) as lib:
        lib.add(server.url("/a.xml"))
        refresh(lib, options=FAST)
    assert main(["export", "--format", "jsonl", "--no-cache"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["title"] for r in exported) == ["Council pay deal", "Ferry fares rise"]
    assert {r["source"] for r in exported} == {"Alpha"}
    assert main(["entities", "--json"]) == 0
    json.loads(capsys.readouterr().out)
