"""Entity extraction speed and memory.

Usage: python bench/entities_bench.py [DUMP ...] [--articles N]
       python bench/entities_bench.py --against OTHER_CHECKOUT [--runs N]

Prints, on one core:
* gazetteer load time, cold (JSON, no cache) and warm (pickle cache);
* memory held by the extractor's data (tracemalloc, cold load);
* throughput in MB/s of article text (title + dek + blocks, UTF-8 bytes)
  for ``extract`` and for ``extract`` + ``resolve_corpus``.

Defaults to the fixture dump, ``parsers/sample/*.txt`` and a deterministic
synthetic corpus from ``bench/gen_corpus.py`` (``--articles`` of them, about
3 KB of text each), read once with a cold chunk memo, then once more warm.

``--against`` pairs this checkout with another one (say ``main`` in a second worktree):
``--runs`` runs of each, interleaved, every run a fresh process on the same corpus, then
the best and median CPU MB/s of each side and the ratio of the medians (this machine is
shared: ratios of interleaved runs beat absolute figures).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import subprocess
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
    ap.add_argument("--against", metavar="CHECKOUT", help="pair with another checkout's code")
    ap.add_argument("--runs", type=int, default=5, help="runs of each side with --against")
    ap.add_argument("--tree", help=argparse.SUPPRESS)  # the checkout whose parsers to import
    args = ap.parse_args(argv)
    if args.against:
        return _paired(Path(args.against).resolve(), args)
    if args.tree:
        sys.path.insert(0, args.tree)

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


def _paired(other: Path, args: argparse.Namespace) -> int:
    """Interleaved runs of this checkout and ``other``; best/median CPU MB/s and the ratio."""
    sides = {"other": str(other), "this": str(ROOT)}
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in sides}
    extra = [*args.dumps, "--articles", str(args.articles)]
    for _ in range(args.runs):
        for side, tree in sides.items():
            env = {**os.environ, "PYTHONPATH": tree}
            out = subprocess.run(
                [sys.executable, __file__, "--tree", tree, *extra],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            cpu = [float(m.group(1)) for m in re.finditer(r"([\d.]+) MB/s CPU", out)]
            got[side].append((cpu[0], cpu[1]))  # cold, warm
    print(f"load average {os.getloadavg()[0]:.1f}; {args.runs} interleaved runs each")
    for side, tree in sides.items():
        cold = [c for c, _ in got[side]]
        warm = [w for _, w in got[side]]
        print(
            f"{side:5} cold CPU MB/s best {max(cold):5.2f} median {statistics.median(cold):5.2f}"
            f" | warm best {max(warm):5.2f} median {statistics.median(warm):5.2f}  ({tree})"
        )
    this, that = (statistics.median(c for c, _ in got[k]) for k in ("this", "other"))
    print(f"cold median ratio this/other: {this / that:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
