"""Input-format throughput: a 10,000-item RSS feed and a 100 MB JSONL export.

Usage: python bench/formats_bench.py [--items 10000] [--jsonl-mb 100] [--repeat 2]

Generates both files in a temporary directory, then times ``newsdesk parse
--no-entities`` on each (in this process, output to /dev/null) and, apart,
``parsers.formats.parse_document`` alone. Prints MB/s by wall clock (best of N)
and by CPU time of this process and its children (a feed over 4 MB is parsed
in two halves, one in a spawned process), which a busy shared machine disturbs
less: on an idle 2-core machine wall ~ CPU / 2 for a big feed. The issue's bar
is 10 MB/s for ``newsdesk parse`` without entities.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.formats import parse_document
from tui.cli import main as cli_main

_WORDS = (
    "harbour council ferry tolls storm wall engineers survey budget minister talks grain "
    "prices market union strike vote river lake ice weather report police court school "
    "hospital rail station airport energy water data centre city region government"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 28))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))


def make_feed(path: Path, items: int, seed: int = 1) -> None:
    """An RSS 2.0 feed: titles, links, dates, authors, summary and content:encoded HTML."""
    rng = random.Random(seed)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        "<title>Bench Gazette</title><link>https://bench.example/</link>\n"
    ]
    for i in range(items):
        paras = "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(rng.randint(3, 6)))
        out.append(
            f"<item><title>{_sentence(rng)[:90]}</title>"
            f"<link>https://bench.example/news/{i}</link>"
            f'<guid isPermaLink="false">bench-{i}</guid>'
            f"<dc:creator>Reporter {i % 97}</dc:creator>"
            f"<pubDate>Tue, 03 Mar 2026 {i % 24:02d}:{i % 60:02d}:00 +0000</pubDate>"
            f"<description>{_sentence(rng)}</description>"
            f"<content:encoded><![CDATA[{paras}<h2>More</h2><ul><li>One</li><li>Two</li></ul>"
            f'<p>See <a href="/topics/{i % 50}">related</a>.</p>]]></content:encoded>'
            "</item>\n"
        )
    out.append("</channel>\n</rss>\n")
    path.write_text("".join(out), encoding="utf-8")


def make_jsonl(path: Path, target_mb: float, seed: int = 2) -> None:
    """news-please-shaped records, one a line, until the file reaches ``target_mb``."""
    rng = random.Random(seed)
    target = target_mb * 1024 * 1024
    size = 0
    i = 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < target:
            rec = {
                "title": _sentence(rng)[:90],
                "maintext": "\n\n".join(_paragraph(rng) for _ in range(rng.randint(4, 10))),
                "date_publish": f"2026-03-{1 + i % 28:02d} {i % 24:02d}:15:00",
                "url": f"https://bench.example/a/{i}",
                "authors": [f"Reporter {i % 97}"],
                "description": _sentence(rng),
                "source_domain": "bench.example",
                "language": "en",
            }
            line = json.dumps(rec) + "\n"
            fh.write(line)
            size += len(line)
            i += 1


def _cpu() -> float:
    """CPU seconds of this process and its finished children (a big feed's second half)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), _cpu()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(_cpu() - c0)
    return min(walls), min(cpus)


def _cli(path: Path) -> None:
    with (
        open(os.devnull, "w", encoding="utf-8") as null,
        contextlib.redirect_stdout(null),
    ):
        assert cli_main(["parse", "--no-entities", str(path)]) == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--jsonl-mb", type=float, default=100.0)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        feed, jsonl = Path(tmp) / "feed.xml", Path(tmp) / "export.jsonl"
        make_feed(feed, args.items)
        make_jsonl(jsonl, args.jsonl_mb)
        print(f"python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")
        for label, path in ((f"feed, {args.items} items", feed), ("JSONL export", jsonl)):
            mb = path.stat().st_size / 1e6
            data = path.read_bytes()
            n = len(parse_document(data, str(path)).articles)
            pw, pc = _time(
                lambda d=data, p=path: parse_document(d, str(p), parallel=True), args.repeat
            )
            cw, cc = _time(lambda p=path: _cli(p), args.repeat)
            print(f"{label}: {mb:.1f} MB, {n} records")
            print(f"  parse_document           {mb / pw:6.1f} MB/s wall  {mb / pc:6.1f} MB/s CPU")
            print(f"  newsdesk parse (no ents) {mb / cw:6.1f} MB/s wall  {mb / cc:6.1f} MB/s CPU")
            if path is feed:  # paired: the same feed in one process
                sw, sc = _time(lambda d=data, p=path: parse_document(d, str(p)), args.repeat)
                print(
                    f"  parse_document, 1 proc  {mb / sw:6.1f} MB/s wall  {mb / sc:6.1f} MB/s CPU"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
