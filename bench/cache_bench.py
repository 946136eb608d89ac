"""Cache benchmark: warm open of the loader (no UI), paired between two code trees.

    python bench/cache_bench.py DUMPS_DIR [--before TREE] [--runs N] [--work DIR]

Fills one cache per code tree (this checkout, and ``--before``: another checkout, e.g.
``git archive <commit>`` unpacked) with a cold load, then alternates warm loads
(``parsers.pipeline.iter_load`` to its ``done`` event, ``prepare=False`` as the app
does) in fresh processes, ``--runs`` times each, and prints per tree the median and
range of wall seconds from process start and of CPU seconds (user + system). Then,
for this tree: ``PRAGMA quick_check`` of the cache (what the background check after a
load that wrote costs) and the warm open right after a same-size edit with the mtime
put back (ctime moved: one file hashed). Ratios beat absolute times on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time
t0 = float(os.environ["CACHE_BENCH_T0"])
from parsers.pipeline import iter_load
n = 0
for ev in iter_load([sys.argv[1]], prepare=False):
    if ev.result is not None:
        n = len(ev.result.corpus)
        warnings = ev.result.warnings
wall = time.time() - t0
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "n": n, "warnings": warnings}))
"""


def run(tree: Path, cache: Path, dumps: str) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree), NEWSDESK_CACHE_DIR=str(cache))
    env["CACHE_BENCH_T0"] = repr(time.time())
    out = subprocess.run(
        [sys.executable, "-c", CHILD, dumps], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.3f} (range {min(xs):.3f}-{max(xs):.3f})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dumps")
    ap.add_argument("--before", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "newsdesk-cache-bench"
    )
    args = ap.parse_args(argv)
    trees = {"after": ROOT}
    if args.before:
        trees["before"] = args.before.resolve()
    caches = {k: args.work / f"cache-{k}" for k in trees}
    for k, tree in trees.items():
        if not (caches[k] / "cache.sqlite3").exists():
            caches[k].mkdir(parents=True, exist_ok=True)
            t = time.perf_counter()
            r = run(tree, caches[k], args.dumps)
            print(f"{k}: cold load {r['n']} articles, {time.perf_counter() - t:.1f}s", flush=True)
        run(tree, caches[k], args.dumps)  # settle (first warm open after a cold one)
    res: dict[str, list[dict[str, float]]] = {k: [] for k in trees}
    for _ in range(args.runs):
        for k, tree in trees.items():
            res[k].append(run(tree, caches[k], args.dumps))
    for k, rs in res.items():
        print(
            f"{k}: n={rs[0]['n']} wall {summary([r['wall'] for r in rs])} s; "
            f"cpu {summary([r['cpu'] for r in rs])} s"
        )
    if "before" in res:
        ratio = statistics.median(r["cpu"] for r in res["after"]) / statistics.median(
            r["cpu"] for r in res["before"]
        )
        print(f"after/before CPU (medians): {ratio:.3f}")
    db = caches["after"] / "cache.sqlite3"
    t = time.perf_counter()
    conn = sqlite3.connect(db)
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    conn.close()
    mb = db.stat().st_size / 1e6
    print(f"quick_check of {mb:.0f} MB: {time.perf_counter() - t:.2f}s ({check})")
    # a same-size edit with the mtime put back: ctime moves, the file is hashed once
    f = sorted(Path(args.dumps).rglob("*.txt"))[0]
    st = f.stat()
    f.write_bytes(f.read_bytes())
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    r = run(ROOT, caches["after"], args.dumps)
    print(f"after a touch that kept size+mtime: wall {r['wall']:.3f} s, cpu {r['cpu']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
