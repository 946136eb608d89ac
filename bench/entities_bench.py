"""Entity extraction speed and memory.

Usage: python bench/entities_bench.py [DUMP ...] [--repeat N] [--min-mb M]

Prints, on one core:
* gazetteer load time, cold (JSON, no cache) and warm (pickle cache);
* memory held by the extractor's data (tracemalloc, cold load);
* throughput in MB/s of article text (title + dek + blocks, UTF-8 bytes)
  for ``extract`` and for ``extract`` + ``resolve_corpus``.

Defaults to the fixture dump plus ``parsers/sample/*.txt``, repeated until
at least ``--min-mb`` of text has been processed. Titles are made unique
per repetition so nothing is memoised across copies.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _default_dumps() -> list[Path]:
    out = sorted((ROOT / "parsers" / "sample").glob("*.txt"))
    fx = ROOT.parent / "shared" / "fixtures" / "nyt_2025-02-14.txt"
    if fx.exists():
        out.insert(0, fx)
    return out


def _text_bytes(a) -> int:
    n = len(a.title.encode()) + len(a.dek.encode())
    return n + sum(len(b.text.encode()) for b in a.blocks)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="entity extraction benchmark")
    ap.add_argument("dumps", nargs="*")
    ap.add_argument("--min-mb", type=float, default=4.0, help="text to process (MB)")
    args = ap.parse_args(argv)

    from parsers.dump import parse_text
    from parsers.entities import extract, resolve_corpus
    from parsers.entities import gazetteer as gz_mod
    from parsers.entities.gazetteer import load_gazetteer
    from parsers.sources import read_text

    # --- load time and memory
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    load_gazetteer(use_cache=False)
    cold = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gc.collect()
    tracemalloc.start()
    gaz = load_gazetteer(use_cache=False)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    load_gazetteer(use_cache=True)  # make sure the cache exists
    t0 = time.perf_counter()
    gaz = load_gazetteer(use_cache=True)
    warm = time.perf_counter() - t0
    gz_mod._GAZ = gaz
    print(f"gazetteer load: {warm * 1000:.0f} ms from cache (pickle), {cold * 1000:.0f} ms cold")
    mib = 2**20
    print(f"extractor data memory: {held / mib:.1f} MiB held (peak {peak / mib:.1f} MiB loading)")

    # --- throughput
    paths = [Path(p) for p in args.dumps] or _default_dumps()
    base = []
    for p in paths:
        base.extend(parse_text(read_text(str(p)).text, str(p)).articles)
    if not base:
        print("no articles", file=sys.stderr)
        return 2
    unit = sum(_text_bytes(a) for a in base)
    reps = max(1, int(args.min_mb * 1e6 / unit) + 1)
    arts = []
    for r in range(reps):
        for a in base:
            arts.append(dataclasses.replace(a, title=f"{a.title} {r}" if r else a.title))
    total = sum(_text_bytes(a) for a in arts)
    # warm-up (regex compile, first-use caches)
    for a in base:
        extract(a)
    gc.collect()
    t0 = time.perf_counter()
    done = [extract(a) for a in arts]
    t_ex = time.perf_counter() - t0
    t0 = time.perf_counter()
    resolve_corpus(done)
    t_res = time.perf_counter() - t0
    mb = total / 1e6
    print(f"text: {mb:.2f} MB in {len(arts)} articles ({len(base)} distinct, x{reps})")
    print(f"extract:           {mb / t_ex:6.2f} MB/s  ({t_ex:.2f} s)")
    print(f"extract + resolve: {mb / (t_ex + t_res):6.2f} MB/s  (resolve {t_res:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
