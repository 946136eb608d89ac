"""A local feed server on 127.0.0.1, started by the tests themselves (never the internet)."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from parsers.subscriptions import FetchOptions

#: Short limits so the failure tests end quickly.
FAST = FetchOptions(
    max_concurrency=4,
    host_delay=0.0,
    connect_timeout=2.0,
    read_timeout=0.5,
    total_timeout=1.5,
    max_bytes=1024 * 1024,
)


def rss(title: str, items: list[tuple[str, str]], link: str = "https://example.org/") -> bytes:
    """An RSS 2.0 feed; ``items`` are (guid, title)."""
    body = "".join(
        f"<item><guid>{g}</guid><title>{t}</title><link>https://example.org/{g}</link>"
        f"<pubDate>Mon, 0{i % 9 + 1} Mar 2026 08:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Body of {t}.&lt;/p&gt;</description></item>"
        for i, (g, t) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>{link}</link>{body}</channel></rss>"
    ).encode()


Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Route:
    """What one path answers: a static feed (with validators), or a custom handler."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    etag: str = ""
    last_modified: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False
    handler: Handler | None = None


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class FeedServer:
    """Routes by path; records every request it sees."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        server = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.seen.append(Seen(self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.handler is not None:
                    route.handler(self)
                    return
                server.answer(self, route)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def answer(self, h: BaseHTTPRequestHandler, route: Route) -> None:
        inm = h.headers.get("If-None-Match")
        ims = h.headers.get("If-Modified-Since")
        if (route.etag and inm == route.etag) or (
            not route.etag and route.last_modified and ims == route.last_modified
        ):
            h.send_response(304)
            if route.etag:
                h.send_header("ETag", route.etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        body = gzip.compress(route.body) if route.gzip else route.body
        h.send_response(route.status)
        h.send_header("Content-Type", route.content_type)
        h.send_header("Content-Length", str(len(body)))
        if route.gzip:
            h.send_header("Content-Encoding", "gzip")
        if route.etag:
            h.send_header("ETag", route.etag)
        if route.last_modified:
            h.send_header("Last-Modified", route.last_modified)
        for k, v in route.headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def http_date(ts: float) -> str:
    return formatdate(ts, usegmt=True)


# -- misbehaving handlers --------------------------------------------------------


def silent(h: BaseHTTPRequestHandler) -> None:
    """Accepts the request and never answers (until the client gives up)."""
    time.sleep(3)


def slow_loris(h: BaseHTTPRequestHandler) -> None:
    """Headers at once, then one byte every 0.1 s: no read timeout ever fires."""
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    try:
        for _ in range(100):  # 10 s at most, far past the client's total deadline
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def huge(h: BaseHTTPRequestHandler) -> None:
    """A 50 MB response (declared); streams until the client hangs up."""
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", str(50 * 1024 * 1024))
    h.end_headers()
    chunk = b"<!-- padding -->" * 4096
    try:
        for _ in range(50 * 1024 * 1024 // len(chunk)):
            h.wfile.write(chunk)
    except OSError:
        pass


def huge_chunked(h: BaseHTTPRequestHandler) -> None:
    """A 50 MB body with no Content-Length (chunked): refused by counting, not by header."""
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<!-- padding -->" * 4096
    try:
        for _ in range(50 * 1024 * 1024 // len(chunk)):
            h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        h.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass
