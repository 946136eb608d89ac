"""Refreshing against a local server: validators, new items, redirects, and every failure
contained to its own feed."""

from __future__ import annotations

import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler

import pytest

from parsers.subscriptions import FeedReport, Library, refresh
from parsers.subscriptions import refresher as refresh_module
from tests.unit.subscriptions.feedserver import (
    FAST,
    FeedServer,
    Route,
    http_date,
    huge,
    huge_chunked,
    rss,
    silent,
    slow_loris,
)

ITEMS = [("a1", "Ferry fares rise"), ("a2", "Council pay deal"), ("a3", "Storm warning")]


def by_url(reports: list[FeedReport]) -> dict[str, FeedReport]:
    return {r.url: r for r in reports}


def test_second_refresh_sends_validators_gets_304_and_parses_nothing(
    server: FeedServer, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    modified = http_date(time.time() - 3600)
    server.routes["/etag.xml"] = Route(rss("Etag News", ITEMS), etag='"v1"')
    server.routes["/lm.xml"] = Route(rss("LM News", ITEMS[:2]), last_modified=modified)
    etag_sub, _ = library.add(server.url("/etag.xml"))
    lm_sub, _ = library.add(server.url("/lm.xml"))

    first = by_url(refresh(library, options=FAST))
    assert first[etag_sub.url].outcome == "updated" and first[etag_sub.url].new == 3
    assert first[lm_sub.url].new == 2

    parses: list[str] = []
    real = refresh_module.parse_feed
    monkeypatch.setattr(
        refresh_module, "parse_feed", lambda b, u, c="": parses.append(u) or real(b, u, c)
    )
    second = by_url(refresh(library, options=FAST))
    assert {r.outcome for r in second.values()} == {"not-modified"}
    assert parses == []
    assert server.hits("/etag.xml")[-1].headers.get("If-None-Match") == '"v1"'
    assert server.hits("/lm.xml")[-1].headers.get("If-Modified-Since") == modified
    sub = library.get(etag_sub.id)
    assert sub is not None and sub.status == "not-modified" and sub.article_count == 3
    assert sub.title == "Etag News" and sub.last_fetched is not None


def test_unchanged_body_without_validators_is_not_reparsed(
    server: FeedServer, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/plain.xml"] = Route(rss("Plain", ITEMS))
    library.add(server.url("/plain.xml"))
    refresh(library, options=FAST)
    monkeypatch.setattr(refresh_module, "parse_feed", lambda *a: pytest.fail("re-parsed"))
    assert [r.outcome for r in refresh(library, options=FAST)] == ["not-modified"]


def test_changed_feed_adds_only_new_items_and_keeps_those_that_left(
    server: FeedServer, library: Library
) -> None:
    server.routes["/f.xml"] = Route(rss("F", ITEMS), etag='"v1"')
    sub, _ = library.add(server.url("/f.xml"))
    refresh(library, options=FAST)
    # a4 arrives, a1 leaves the feed, a2's title is corrected
    changed = [("a4", "Bridge reopens"), ("a2", "Council pay deal agreed"), ("a3", "Storm warning")]
    server.routes["/f.xml"] = Route(rss("F", changed), etag='"v2"')
    [report] = refresh(library, options=FAST)
    assert (report.outcome, report.new, report.updated) == ("updated", 1, 1)
    assert report.summary().endswith("1 new, 1 updated")
    titles = sorted(a.title for a in library.articles([sub.id]))
    assert titles == [
        "Bridge reopens",
        "Council pay deal agreed",
        "Ferry fares rise",
        "Storm warning",
    ]
    assert library.article_keys(sub.id) == {"guid:a1", "guid:a2", "guid:a3", "guid:a4"}


def test_articles_are_feed_records(server: FeedServer, library: Library) -> None:
    server.routes["/f.xml"] = Route(rss("Harbor Gazette", ITEMS[:1]))
    library.add(server.url("/f.xml"))
    refresh(library, options=FAST)
    [a] = library.articles()
    assert a.source == "Harbor Gazette"
    assert a.url == "https://example.org/a1"
    assert a.paragraphs == ("Body of Ferry fares rise.",)
    assert a.published is not None and a.published.isoformat() == "2026-03-01T08:00:00+00:00"


def test_permanent_redirect_moves_the_subscription_temporary_does_not(
    server: FeedServer, library: Library
) -> None:
    server.routes["/old.xml"] = Route(status=301, headers={"Location": "/new.xml"})
    server.routes["/new.xml"] = Route(rss("Moved", ITEMS))
    server.routes["/tmp.xml"] = Route(status=302, headers={"Location": "/new2.xml"})
    server.routes["/new2.xml"] = Route(rss("Temp", ITEMS))
    moved, _ = library.add(server.url("/old.xml"))
    temp, _ = library.add(server.url("/tmp.xml"))
    reports = {r.sub_id: r for r in refresh(library, options=FAST)}
    assert reports[moved.id].moved_to == server.url("/new.xml")
    assert "moved permanently" in reports[moved.id].summary()
    after = library.get(moved.id)
    assert after is not None and after.url == server.url("/new.xml") and after.article_count == 3
    temp_after = library.get(temp.id)
    assert temp_after is not None and temp_after.url == server.url("/tmp.xml")
    assert temp_after.article_count == 3


def test_gzip_and_user_agent(server: FeedServer, library: Library) -> None:
    server.routes["/gz.xml"] = Route(rss("Zipped", ITEMS), gzip=True)
    library.add(server.url("/gz.xml"))
    [report] = refresh(library, options=FAST)
    assert report.new == 3
    headers = server.hits("/gz.xml")[0].headers
    assert "gzip" in headers["Accept-Encoding"]
    assert headers["User-Agent"].startswith("newsdesk/")


def html_with_feed_link(h: BaseHTTPRequestHandler) -> None:
    body = b'<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" '
    body += b'href="/real.xml"></head><body><p>Welcome</p></body></html>'
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def test_every_failure_is_contained_to_its_feed(server: FeedServer, library: Library) -> None:
    server.routes["/good.xml"] = Route(rss("Good", ITEMS))
    server.routes["/e500.xml"] = Route(b"oops", status=500, content_type="text/plain")
    server.routes["/silent.xml"] = Route(handler=silent)
    server.routes["/loris.xml"] = Route(handler=slow_loris)
    server.routes["/huge.xml"] = Route(handler=huge)
    server.routes["/chunked.xml"] = Route(handler=huge_chunked)
    server.routes["/page.html"] = Route(handler=html_with_feed_link)
    server.routes["/junk.xml"] = Route(b"\x00\x01 plainly not xml", content_type="text/plain")
    paths = [
        "/good.xml",
        "/missing.xml",
        "/e500.xml",
        "/silent.xml",
        "/loris.xml",
        "/huge.xml",
        "/chunked.xml",
        "/page.html",
        "/junk.xml",
    ]
    for p in paths:
        library.add(server.url(p))
    # The good feed already holds articles: a failure must not lose them.
    refresh(library, library.find(server.url("/good.xml")), options=FAST)
    server.routes["/good.xml"] = Route(rss("Good", [*ITEMS, ("a9", "Late news")]))

    reports = by_url(refresh(library, options=FAST))
    err = {p: reports[server.url(p)].error for p in paths}
    assert reports[server.url("/good.xml")].new == 1
    assert err["/missing.xml"] == "HTTP 404 Not Found"
    assert err["/e500.xml"] == "HTTP 500 Internal Server Error"
    assert err["/silent.xml"] == "the server stopped answering for 0.5 s"
    assert err["/loris.xml"] == "no complete response within 1.5 s (server too slow)"
    assert err["/huge.xml"] == "response larger than 1 MB: refused"
    assert err["/chunked.xml"] == "response larger than 1 MB: refused"
    assert err["/page.html"] == (
        f"the URL serves an HTML page, not a feed; the page names a feed: {server.url('/real.xml')}"
    )
    assert reports[server.url("/page.html")].feed_link == server.url("/real.xml")
    assert err["/junk.xml"].startswith("not a feed")
    for sub in library.subscriptions():
        if sub.url == server.url("/good.xml"):
            assert (sub.status, sub.article_count) == ("ok", 4)
        else:
            assert sub.status == "error" and sub.error == err[sub.url.split(str(server.port))[1]]


def test_a_failure_keeps_the_articles_and_the_next_success_clears_it(
    server: FeedServer, library: Library
) -> None:
    server.routes["/f.xml"] = Route(rss("F", ITEMS))
    sub, _ = library.add(server.url("/f.xml"))
    refresh(library, options=FAST)
    server.routes["/f.xml"] = Route(b"", status=500)
    assert refresh(library, options=FAST)[0].outcome == "error"
    failed = library.get(sub.id)
    assert failed is not None and failed.article_count == 3 and failed.status == "error"
    server.routes["/f.xml"] = Route(rss("F", ITEMS))
    assert refresh(library, options=FAST)[0].outcome in ("updated", "not-modified")
    ok = library.get(sub.id)
    assert ok is not None and ok.error == "" and ok.article_count == 3


def test_50mb_response_refused_with_default_cap(server: FeedServer, library: Library) -> None:
    server.routes["/huge.xml"] = Route(handler=huge)
    library.add(server.url("/huge.xml"))
    [report] = refresh(library, options=replace(FAST, max_bytes=16 * 1024 * 1024))
    assert report.error == "response larger than 16 MB: refused"


def test_retry_after_is_honoured(server: FeedServer, library: Library) -> None:
    server.routes["/busy.xml"] = Route(b"", status=429, headers={"Retry-After": "120"})
    sub, _ = library.add(server.url("/busy.xml"))
    [first] = refresh(library, options=FAST)
    assert first.outcome == "error" and first.error.startswith("HTTP 429 Too Many Requests")
    stored = library.get(sub.id)
    assert stored is not None and stored.retry_at is not None
    assert 100 < stored.retry_at - time.time() <= 120
    [second] = refresh(library, options=FAST)
    assert second.outcome == "skipped" and "asked to wait" in second.error
    assert len(server.hits("/busy.xml")) == 1  # the server was not asked again


def test_retry_after_holds_back_the_rest_of_that_host(server: FeedServer, library: Library) -> None:
    server.routes["/a.xml"] = Route(b"", status=503, headers={"Retry-After": "600"})
    server.routes["/b.xml"] = Route(rss("B", ITEMS))
    library.add(server.url("/a.xml"))
    library.add(server.url("/b.xml"))
    reports = by_url(refresh(library, options=replace(FAST, max_concurrency=1)))
    assert reports[server.url("/a.xml")].error.startswith("HTTP 503")
    assert reports[server.url("/b.xml")].error.startswith("skipped: the server asked to wait")
    assert server.hits("/b.xml") == []


def test_invalid_tls_is_a_per_feed_error(server: FeedServer, library: Library) -> None:
    import ssl
    import threading
    from http.server import ThreadingHTTPServer
    from pathlib import Path

    data = Path(__file__).parent / "data"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(data / "selfsigned.pem", data / "selfsigned.key")
    tls = ThreadingHTTPServer(("127.0.0.1", 0), server.httpd.RequestHandlerClass)
    tls.daemon_threads = True
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    thread = threading.Thread(target=tls.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        server.routes["/ok.xml"] = Route(rss("Fine", ITEMS))
        server.routes["/tls.xml"] = Route(rss("Self-signed", ITEMS))
        library.add(f"https://127.0.0.1:{tls.server_address[1]}/tls.xml")
        library.add(server.url("/ok.xml"))
        reports = {r.name: r for r in refresh(library, options=FAST)}
    finally:
        tls.shutdown()
        tls.server_close()
        thread.join()
    bad = reports[f"https://127.0.0.1:{tls.server_address[1]}/tls.xml"]
    assert bad.outcome == "error" and bad.error.startswith("TLS error")
    assert "CERTIFICATE_VERIFY_FAILED" in bad.error
    assert reports["Fine"].new == 3
