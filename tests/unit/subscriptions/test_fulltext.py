"""Full text for summary-only feeds: the article page fetched (politely, from a local
server), its main text extracted, kept in the library, shown in place of the summary."""

from __future__ import annotations

import builtins
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import parsers.subscriptions.refresher as refresher
import tui.subscriptions_cmd
from parsers.subscriptions import Library, library_path, refresh, refresh_async
from parsers.subscriptions.fulltext import full_text
from tests.support.articles import make_app, wait_until
from tests.unit.subscriptions.feedserver import FAST, FeedServer, Route
from tui.cli import main
from tui.fulltext import FullTextDone

PAGES = Path(__file__).parent / "data" / "fulltext"
EXPECTED: dict[str, dict[str, list[str]]] = json.loads(
    (PAGES / "expected.json").read_text(encoding="utf-8")
)


def summary_feed(server: FeedServer, pages: list[str]) -> bytes:
    """An RSS feed whose items carry one summary sentence and a link to their page."""
    items = "".join(
        f"<item><guid>{p}</guid><title>Story {i}</title><link>{server.url('/p/' + p)}</link>"
        f"<pubDate>Mon, 0{i + 1} Mar 2026 08:00:00 GMT</pubDate>"
        f"<description>Summary {i} only.</description></item>"
        for i, p in enumerate(pages)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Summary Times</title>'
        f"<link>{server.url('/')}</link>{items}</channel></rss>"
    ).encode()


def serve(server: FeedServer, pages: list[str]) -> str:
    for p in pages:
        server.routes[f"/p/{p}"] = Route(
            (PAGES / p).read_bytes(), content_type="text/html; charset=utf-8"
        )
    server.routes["/feed.xml"] = Route(summary_feed(server, pages))
    return server.url("/feed.xml")


def text_of(blocks: Any) -> str:
    return "\n".join(b.text for b in blocks)


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_full_text_of_each_page(server: FeedServer, library: Library, page: str) -> None:
    sub, _ = library.add(serve(server, [page]))
    [report] = refresh(library, options=FAST)
    [article] = report.added
    assert article.paragraphs == ("Summary 0 only.",)
    outcome = full_text(library, article.id, options=FAST)
    assert outcome.error == ""
    assert outcome.article is not None and outcome.article.id == article.id
    body = text_of(outcome.article.blocks)
    missing = [s for s in EXPECTED[page]["must"] if s not in body]
    leaked = [s for s in EXPECTED[page]["must_not"] if s in body]
    assert (missing, leaked) == ([], [])
    assert server.hits(f"/p/{page}")[0].headers["User-Agent"].startswith("newsdesk/")
    # kept in the library (user data), and it survives a refresh of the unchanged feed
    server.routes["/feed.xml"] = replace(server.routes["/feed.xml"], etag='"x"')
    refresh(library, options=FAST)
    [stored] = library.articles([sub.id])
    assert text_of(stored.blocks) == body


def test_failures_are_one_line_errors(server: FeedServer, library: Library) -> None:
    library.add(serve(server, ["harbor.html"]))
    [report] = refresh(library, options=FAST)
    [article] = report.added
    del server.routes["/p/harbor.html"]
    outcome = full_text(library, article.id, options=FAST)
    assert outcome.article is None and outcome.error == "HTTP 404 Not Found"
    server.routes["/p/harbor.html"] = Route(b"\x00\x01binary", content_type="image/png")
    assert "not a web page" in full_text(library, article.id, options=FAST).error
    assert "not in the library" in full_text(library, "no-such-id", options=FAST).error
    [stored] = library.articles()
    assert stored.paragraphs == ("Summary 0 only.",)  # the summary stays


def test_without_trafilatura_says_how_to_install(
    server: FeedServer, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.add(serve(server, ["harbor.html"]))
    [report] = refresh(library, options=FAST)
    real_import = builtins.__import__

    def no_trafilatura(name: str, *args: Any, **kw: Any) -> Any:
        if name.startswith("trafilatura"):
            raise ImportError(name)
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    outcome = full_text(library, report.added[0].id, options=FAST)
    assert outcome.article is None and "pip install 'newsdesk[html]'" in outcome.error


def test_full_text_flag_applies_on_refresh(
    server: FeedServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.subscriptions_cmd, "OPTIONS", FAST)
    url = serve(server, ["harbor.html", "divsoup.html"])
    assert main(["subscribe", url, "--full-text"]) == 0
    out = capsys.readouterr().out
    assert "2 new" in out and "2 full texts" in out
    with Library(library_path()) as lib:
        [sub] = lib.subscriptions()
        assert sub.full_text
        bodies = {a.url.rsplit("/", 1)[-1]: text_of(a.blocks) for a in lib.articles()}
    assert EXPECTED["harbor.html"]["must"][0] in bodies["harbor.html"]
    assert EXPECTED["divsoup.html"]["must"][0] in bodies["divsoup.html"]
    # a later refresh fetches no page again
    pages_seen = len(server.hits("/p/harbor.html"))
    assert main(["refresh"]) == 0
    assert len(server.hits("/p/harbor.html")) == pages_seen
    capsys.readouterr()
    assert main(["subscriptions", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["full_text"] is True


@pytest.fixture
def _fast_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    real = refresher.refresh

    def fast(*args: Any, **kw: Any) -> Any:
        kw["options"] = replace(FAST, total_timeout=5.0)
        return real(*args, **kw)

    monkeypatch.setattr("parsers.subscriptions.refresh", fast)
    monkeypatch.setattr("tui.fulltext.OPTIONS", replace(FAST, total_timeout=5.0))


async def test_F_on_an_article_not_from_a_feed_says_so() -> None:
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await wait_until(pilot, lambda: app.main_screen.result is not None)
        await pilot.press("F")
        await wait_until(pilot, lambda: any(isinstance(m, FullTextDone) for m in messages))
        await app.workers.wait_for_complete()
        done = next(m for m in messages if isinstance(m, FullTextDone))
        assert done.article is None and "not from a subscription" in done.error


@pytest.mark.usefixtures("_fast_fetch")
async def test_F_in_the_app_shows_the_full_text(server: FeedServer) -> None:
    from parsers.corpus.query import parse_query
    from tests.support.articles import wait_loaded
    from tui.subscriptions_cmd import library_paths

    url = serve(server, ["hostile.html", "harbor.html"])
    with Library(library_path()) as lib:
        lib.add(url)
        await refresh_async(lib, options=FAST)
    messages: list[object] = []
    app = make_app(paths=library_paths())
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        screen = app.main_screen
        await wait_loaded(pilot)
        screen.state = parse_query('"Story 0"')
        await wait_until(pilot, lambda: screen.result is not None and screen.result.total == 1)
        assert screen.result is not None
        row = screen.result.rows[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.reader.row == row)
        before = len(screen.corpus)
        await pilot.press("F")  # from the reader
        await wait_until(pilot, lambda: any(isinstance(m, FullTextDone) for m in messages))
        await app.workers.wait_for_complete()
        await pilot.pause()
        done = [m for m in messages if isinstance(m, FullTextDone)][-1]
        assert done.error == "" and done.article is not None
        article = screen.reader.article
        assert article is not None and screen.reader.row == row
        body = text_of(article.blocks)
        assert "Engineers found cracked bearings" in body
        assert "\x1b" not in body and "\x07" not in body and "]52;" not in body
        assert len(screen.corpus) == before  # the same row, its text replaced
        assert list(screen.corpus.query(parse_query("bearings")).rows) == [row]
        assert screen.state == parse_query('"Story 0"')
        # a page that fails: a toast, no traceback, the article as it was
        del server.routes["/p/harbor.html"]
        await pilot.press("escape")
        screen.state = parse_query('"Story 1"')
        await wait_until(pilot, lambda: screen.result is not None and screen.result.total == 1)
        other = screen.result.rows[0]
        await pilot.press("F")  # from the list: the highlighted article
        await wait_until(pilot, lambda: sum(isinstance(m, FullTextDone) for m in messages) >= 2)
        await app.workers.wait_for_complete()
        last = [m for m in messages if isinstance(m, FullTextDone)][-1]
        assert last.article is None and "404" in last.error
        assert screen.corpus.article(other).paragraphs == ("Summary 1 only.",)
        assert app.is_running


def test_passing_failures_are_retried_lasting_ones_are_not(
    server: FeedServer, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub, _ = library.add(serve(server, ["harbor.html", "divsoup.html"]))
    library.set_full_text(sub.id, True)
    server.routes["/p/harbor.html"] = Route(b"", status=503)  # passing: asked again later
    server.routes["/p/divsoup.html"] = Route(b"", status=410)  # lasting: not asked again
    [first] = refresh(library, options=FAST)
    assert (first.new, first.full_texts, first.full_text_errors) == (2, 0, 2)
    server.routes["/p/harbor.html"] = Route(
        (PAGES / "harbor.html").read_bytes(), content_type="text/html"
    )
    [second] = refresh(library, options=FAST)
    assert (second.full_texts, second.full_text_errors) == (1, 0)
    assert len(server.hits("/p/divsoup.html")) == 1
    # without the extractor: no page is fetched, the feed's line says how to install it
    monkeypatch.setattr(refresher, "available", lambda: False)
    other, _ = library.add(serve_as(server, "/feed2.xml", ["listpage.html"]))
    library.set_full_text(other.id, True)
    [third] = refresh(library, [library.get(other.id)], options=FAST)  # type: ignore[list-item]
    assert "pip install 'newsdesk[html]'" in third.summary()
    assert not server.hits("/p/listpage.html")


def serve_as(server: FeedServer, path: str, pages: list[str]) -> str:
    for p in pages:
        server.routes[f"/p/{p}"] = Route((PAGES / p).read_bytes(), content_type="text/html")
    server.routes[path] = Route(summary_feed(server, pages))
    return server.url(path)
