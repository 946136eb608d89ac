"""Parser throughput: MB/s of ``parse_text`` vs merely reading and splitting into lines.

Usage: python bench/parse_bench.py [--mb 60] [--repeat 3]

Builds a dump of the family (>= 50 MB by default) with ``bench/gen_corpus.py``,
then times, on one core, (a) read + decode + split into lines and (b) read +
decode + full parse. Prints MB/s for both and their ratio: wall-clock best of N
runs, and CPU time (``time.process_time``) best and median, which a busy shared
machine disturbs far less.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.gen_corpus import generate
from parsers.dump.parser import parse_text, split_lines
from parsers.files import read_text


def build_dump(target_mb: float, directory: Path) -> Path:
    """One big dump file of at least ``target_mb`` MB (generated files concatenated)."""
    n = max(1000, int(target_mb * 1024 * 1024 / 3600))
    files = generate(n, directory / "parts", seed=7)
    big = directory / "big_dump.txt"
    with open(big, "wb") as out:
        for f in files:
            out.write(Path(f).read_bytes())
    while big.stat().st_size < target_mb * 1024 * 1024:
        with open(big, "ab") as out:
            out.write(Path(files[0]).read_bytes())
    return big


def best_of(repeat: int, fn) -> tuple[float, object]:
    best, _, result = timed(repeat, fn)
    return best, result


def timed(repeat: int, fn) -> tuple[float, list[float], object]:
    """(best wall seconds, CPU seconds of every run, last result)."""
    best, cpu, result = float("inf"), [], None
    for _ in range(repeat):
        result = None  # free the previous run's records first
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        cpu.append(time.process_time() - c0)
        best = min(best, time.perf_counter() - t0)
    return best, cpu, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=55.0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = build_dump(args.mb, Path(tmp))
        size_mb = big.stat().st_size / 1024 / 1024
        path = str(big)
        t_split, c_split, lines = timed(args.repeat, lambda: split_lines(read_text(path).text))
        t_parse, c_parse, result = timed(
            args.repeat, lambda: parse_text(read_text(path).text, path)
        )
    articles = len(result.articles)  # type: ignore[union-attr]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"input: {size_mb:.1f} MB, {len(lines):,} lines, {articles:,} articles")  # type: ignore[arg-type]
    print(f"read + split lines : {size_mb / t_split:8.1f} MB/s  ({t_split:.2f} s)")
    print(f"read + full parse  : {size_mb / t_parse:8.1f} MB/s  ({t_parse:.2f} s)")
    print(f"parse / split time : {t_parse / t_split:8.1f}x")
    print(
        f"CPU, read + parse  : {size_mb / min(c_parse):8.1f} MB/s best, "
        f"{size_mb / statistics.median(c_parse):.1f} MB/s median of {args.repeat}; "
        f"read + split {size_mb / min(c_split):.1f} MB/s best "
        f"(ratio {min(c_parse) / min(c_split):.1f}x)"
    )
    print("target: parse >= 50 MB/s on one core")


if __name__ == "__main__":
    main()
