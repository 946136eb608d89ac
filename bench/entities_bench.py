"""Entity extraction speed and memory.

Usage: python bench/entities_bench.py [DUMP ...] [--articles N]

Prints, on one core:
* gazetteer load time, cold (JSON, no cache) and warm (pickle cache);
* memory held by the extractor's data (tracemalloc, cold load);
* throughput in MB/s of article text (title + dek + blocks, UTF-8 bytes)
  for ``extract`` and for ``extract`` + ``resolve_corpus``.

Defaults to the fixture dump, ``parsers/sample/*.txt`` and a deterministic
synthetic corpus from ``bench/gen_corpus.py`` (``--articles`` of them, about
3 KB of text each), read once with a cold chunk memo, then once more warm.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _default_dumps() -> list[Path]:
    out = sorted((ROOT / "parsers" / "sample").glob("*.txt"))
    fx = ROOT.parent / "shared" / "fixtures" / "nyt_2025-02-14.txt"
    if fx.exists():
        out.insert(0, fx)
    return out


def _text_bytes(a: Any) -> int:
    n = len(a.title.encode()) + len(a.dek.encode())
    return n + sum(len(b.text.encode()) for b in a.blocks)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="entity extraction benchmark")
    ap.add_argument("dumps", nargs="*")
    ap.add_argument(
        "--articles", type=int, default=1500, help="synthetic articles to generate (default 1500)"
    )
    args = ap.parse_args(argv)

    from parsers.dump.parser import parse_text
    from parsers.entities import extract, resolve_corpus
    from parsers.entities import gazetteer as gz_mod
    from parsers.entities.gazetteer import load_gazetteer
    from parsers.files import read_text

    # --- load time and memory (timed without tracemalloc, which slows allocation 3-5x)
    gc.collect()
    t0 = time.perf_counter()
    load_gazetteer(use_cache=False)
    cold = time.perf_counter() - t0
    gc.collect()
    tracemalloc.start()
    load_gazetteer(use_cache=False)
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
    paths = [Path(p) for p in args.dumps]
    tmp = None
    if not paths:
        paths = _default_dumps()
        try:  # a diverse synthetic corpus (thousands of distinct names), when available
            import tempfile

            sys.path.insert(0, str(ROOT / "bench"))
            from gen_corpus import generate

            tmp = tempfile.TemporaryDirectory()
            paths += generate(args.articles, tmp.name, seed=1)
        except ImportError:
            pass
    arts = []
    for p in paths:
        arts.extend(parse_text(read_text(str(p)).text, str(p)).articles)
    if tmp is not None:
        tmp.cleanup()
    if not arts:
        print("no articles", file=sys.stderr)
        return 2
    total = sum(_text_bytes(a) for a in arts)
    mb = total / 1e6
    gc.collect()
    # The parsed corpus is long-lived: keep the cyclic GC from re-walking it (and the
    # growing list of results) on every full collection, as a loader would.
    gc.freeze()
    t0, c0 = time.perf_counter(), time.process_time()
    done = [extract(a) for a in arts]
    t_ex, c_ex = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    resolve_corpus(done)
    t_res = time.perf_counter() - t0
    print(f"text: {mb:.2f} MB in {len(arts)} articles from {len(paths)} dumps (cold memo)")
    print(
        f"extract:           {mb / t_ex:6.2f} MB/s wall, {mb / c_ex:6.2f} MB/s CPU  ({t_ex:.2f} s)"
    )
    print(f"extract + resolve: {mb / (t_ex + t_res):6.2f} MB/s wall  (resolve {t_res:.2f} s)")
    # a second pass over the same articles: the chunk memo is warm (as when re-reading)
    t0, c0 = time.perf_counter(), time.process_time()
    for a in arts:
        extract(a)
    t_warm, c_warm = time.perf_counter() - t0, time.process_time() - c0
    print(f"extract, warm memo:{mb / t_warm:6.2f} MB/s wall, {mb / c_warm:6.2f} MB/s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
