"""The subscription commands end to end, against a local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tui.subscriptions_cmd
from parsers.subscriptions import Library, library_path
from tests.unit.subscriptions.feedserver import FAST, FeedServer, Route, rss
from tui.cli import main

DATA = Path(__file__).parent / "data"
ITEMS = [("a1", "Ferry fares rise"), ("a2", "Council pay deal")]


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tui.subscriptions_cmd, "OPTIONS", FAST)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    for command in (
        "subscribe",
        "unsubscribe",
        "subscriptions",
        "refresh",
        "import-opml",
        "export-opml",
    ):
        assert command in out


def test_subscribe_refresh_list_unsubscribe(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/f.xml"] = Route(rss("Harbor Gazette", ITEMS), etag='"1"')
    url = server.url("/f.xml")
    code, out, _ = run(capsys, "subscribe", url, "--tag", "local", "--tag", "news")
    assert code == 0
    assert out.splitlines() == [f"subscribed to {url}", "Harbor Gazette: 2 new"]

    code, out, _ = run(capsys, "refresh", "harbor gazette")
    assert code == 0
    assert out.splitlines() == [
        "Harbor Gazette: not modified",
        "1 feed refreshed: 0 new articles, 0 errors",
    ]

    code, out, _ = run(capsys, "subscriptions")
    header, row = out.splitlines()
    assert header.split() == ["NAME", "URL", "TAGS", "LAST", "FETCHED", "STATUS", "ARTICLES"]
    assert row.startswith("Harbor Gazette  " + url) and "local, news" in row
    assert "ok (not modified)" in row and row.endswith(" 2")

    code, out, _ = run(capsys, "subscriptions", "--json")
    [entry] = json.loads(out)
    assert (entry["name"], entry["tags"], entry["articles"]) == (
        "Harbor Gazette",
        ["local", "news"],
        2,
    )

    code, out, _ = run(capsys, "unsubscribe", "Harbor Gazette")
    assert (
        code == 0 and out.strip() == f"unsubscribed from Harbor Gazette ({url}); 2 articles removed"
    )
    assert run(capsys, "subscriptions")[1].startswith("no subscriptions yet")


def test_refresh_reports_each_feed_and_fails_when_one_did(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/ok.xml"] = Route(rss("Good", ITEMS))
    for path in ("/ok.xml", "/gone.xml"):
        assert run(capsys, "subscribe", "--no-fetch", server.url(path))[0] == 0
    code, out, _ = run(capsys, "refresh")
    assert code == 1
    lines = sorted(out.splitlines())
    assert lines == [
        "2 feeds refreshed: 2 new articles, 1 error",
        "Good: 2 new",
        f"{server.url('/gone.xml')}: error: HTTP 404 Not Found",
    ]
    code, _, err = run(capsys, "refresh", "nope")
    assert code == 1 and "no subscription with URL or name 'nope'" in err


def test_subscribe_to_a_page_follows_the_feed_it_names(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page = b'<!doctype html><html><head><link rel="alternate" type="application/atom+xml" '
    page += b'href="/feed.xml"></head></html>'
    server.routes["/"] = Route(page, content_type="text/html")
    server.routes["/feed.xml"] = Route(rss("Site", ITEMS))
    code, out, _ = run(capsys, "subscribe", server.url("/"))
    assert code == 0
    assert out.splitlines()[1:] == [
        f"{server.url('/')}: error: the URL serves an HTML page, not a feed; "
        f"the page names a feed: {server.url('/feed.xml')}",
        f"following the page's feed instead: {server.url('/feed.xml')}",
        "Site: 2 new",
    ]
    with Library(library_path()) as lib:
        [sub] = lib.subscriptions()
        assert sub.url == server.url("/feed.xml") and sub.article_count == 2


def test_control_characters_are_escaped_in_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "subscribe", "--no-fetch", "https://x.example/f", "--name", "Evil\x1b[31mRed\x07")
    out = run(capsys, "subscriptions")[1]
    assert "\x1b" not in out and "\x07" not in out
    assert "Evil\\x1b[31mRed\\x07" in out


def test_bad_url_and_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "subscribe", "ftp://x.example/feed")
    assert code == 1 and "not an http(s) URL" in err
    code, _, err = run(capsys, "unsubscribe", "nobody")
    assert code == 1 and "no subscription" in err


def test_import_and_export_opml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import-opml", str(DATA / "feedly_nested.opml"))
    assert code == 0 and out.splitlines()[0] == "imported 5 feeds: 5 new, 0 already subscribed"
    code, out, _ = run(capsys, "import-opml", str(DATA / "feedly_nested.opml"))
    assert out.splitlines()[0] == "imported 5 feeds: 0 new, 5 already subscribed"
    target = tmp_path / "out.opml"
    assert run(capsys, "export-opml", "-o", str(target))[0] == 0
    out = run(capsys, "export-opml")[1]

    def undated(text: str) -> list[str]:
        return [line for line in text.splitlines() if "<dateCreated>" not in line]

    assert undated(out) == undated(target.read_text(encoding="utf-8"))
    assert out.count('type="rss"') == 5
    code, _, err = run(capsys, "import-opml", str(tmp_path / "missing.opml"))
    assert code == 1 and "missing.opml" in err
    bad = tmp_path / "bad.opml"
    bad.write_text("<html/>")
    code, _, err = run(capsys, "import-opml", str(bad))
    assert code == 1 and "not OPML" in err
