"""Refresh N subscriptions served locally: wall time, and how long the main thread waits.

A child process serves N RSS feeds (``--items`` items each, ETag support) from
``--hosts`` ports on 127.0.0.1 (each port is one origin for the politeness
delay), each answer after ``--latency`` seconds as a server across a network
would. The refresh runs in a worker thread, as the app would run it, while the
main thread ticks every 10 ms: the longest gap between ticks is what a key
press would have waited. Two rounds: the first fetches and parses everything,
the second gets 304s.

    python -m bench.refresh_bench [--feeds 200] [--hosts 100] [--jobs 8]
                                  [--delay 1.0] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from parsers.subscriptions import FeedReport, FetchOptions, Library, refresh


def _feed(n: int, items: int) -> bytes:
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {n}</title><link>https://site{n}.example/</link>"
    ]
    for i in range(items):
        body = "".join(
            f"&lt;p&gt;Paragraph {p} of story {i} in feed {n}: officials in Paris and Berlin "
            f"met on Tuesday to discuss the budget, the ports and the weather.&lt;/p&gt;"
            for p in range(6)
        )
        parts.append(
            f"<item><guid>f{n}-i{i}</guid><title>Story {i} of feed {n}</title>"
            f"<link>https://site{n}.example/{i}</link>"
            f"<pubDate>Mon, 02 Mar 2026 {i % 24:02d}:00:00 GMT</pubDate>"
            f"<description>{body}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def _serve(ports: mp.Queue, hosts: int, items: int, feeds: int, latency: float) -> None:  # type: ignore[type-arg]
    bodies = {f"/feed{n}.xml": _feed(n, items) for n in range(feeds)}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
            path = head.split(" ", 2)[1]
            await asyncio.sleep(latency)  # a server across a network, not next door
            body = bodies.get(path)
            etag = f'"{path}"'
            if body is None:
                writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            elif f"if-none-match: {etag}" in head.lower():
                writer.write(f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\n\r\n".encode())
            else:
                writer.write(
                    f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: {etag}\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                    + body
                )
            await writer.drain()
        finally:
            writer.close()

    async def main() -> None:
        servers = [await asyncio.start_server(handle, "127.0.0.1", 0) for _ in range(hosts)]
        ports.put([s.sockets[0].getsockname()[1] for s in servers])
        await asyncio.Event().wait()

    asyncio.run(main())


def _round(path: Path, options: FetchOptions) -> tuple[float, float, int, int]:
    """(seconds, longest main-thread tick gap in ms, new articles, 304s)."""
    result: list[list[FeedReport]] = []

    def work() -> None:
        with Library(path) as library:  # opened in the thread that uses it
            result.append(refresh(library, options=options))

    worker = threading.Thread(target=work)
    t0 = time.perf_counter()
    worker.start()
    worst = 0.0
    last = time.perf_counter()
    while worker.is_alive():
        time.sleep(0.01)
        now = time.perf_counter()
        worst = max(worst, now - last - 0.01)
        last = now
    worker.join()
    elapsed = time.perf_counter() - t0
    reports = result[0]
    errors = [r for r in reports if r.outcome == "error"]
    if errors:
        raise SystemExit(f"{len(errors)} feeds failed, e.g. {errors[0].summary()}")
    return (
        elapsed,
        worst * 1000,
        sum(r.new for r in reports),
        sum(r.outcome == "not-modified" for r in reports),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=FetchOptions().max_concurrency)
    ap.add_argument("--delay", type=float, default=FetchOptions().host_delay)
    ap.add_argument("--latency", type=float, default=0.1, help="server think time, seconds")
    args = ap.parse_args()
    ports: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    server = mp.Process(
        target=_serve, args=(ports, args.hosts, args.items, args.feeds, args.latency), daemon=True
    )
    server.start()
    port_list = ports.get(timeout=30)
    options = replace(FetchOptions(), max_concurrency=args.jobs, host_delay=args.delay)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.sqlite3"
        with Library(path) as lib:
            for n in range(args.feeds):
                lib.add(f"http://127.0.0.1:{port_list[n % len(port_list)]}/feed{n}.xml")
        size = len(_feed(0, args.items))
        print(
            f"{args.feeds} feeds x {args.items} items ({size / 1024:.0f} KB each) on "
            f"{len(port_list)} origins; {args.jobs} parallel fetches, "
            f"{args.delay:g} s per-origin delay, {args.latency * 1000:.0f} ms server latency"
        )
        first = _round(path, options)
        print(
            f"  first refresh : {first[0]:6.2f} s  {first[2]} new articles   "
            f"longest main-thread wait {first[1]:.0f} ms"
        )
        second = _round(path, options)
        print(
            f"  second refresh: {second[0]:6.2f} s  {second[3]} not modified (304)   "
            f"longest main-thread wait {second[1]:.0f} ms"
        )
    server.terminate()


if __name__ == "__main__":
    main()
