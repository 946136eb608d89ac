"""Story grouping cost at scale, against the open it is part of.

    NEWSDESK_CACHE_DIR=... python bench/stories_bench.py DUMPS_DIR [--cold-seconds S]

DUMPS_DIR: a generated corpus (``bench/gen_corpus.py``, e.g. 100k articles). The files
are opened through the cache as the app does (warm if a snapshot is there; the figure
printed says which), then, on that corpus:

* ``place``: every row placed from scratch (what a cold open pays once);
* ``bodies`` (``--bodies``): loading every row's body from the cache, what comparing
  article text (not only titles and entities) would add;
* ``increment``: the last 1% of rows placed after the other 99% (a new file: it is
  compared only with the rows it could join);
* ``adopt``: a warm open taking the labels saved with the snapshot;
* RSS before and after placing (the index's memory).

The ratio to the cold open is printed against ``--cold-seconds`` / ``--cold-cpu`` (the
cold open of the same corpus measured by ``bench/cold_bench.py``, wall and CPU of the app
and its pool) when given: on a shared machine the CPU ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.corpus.index import Corpus
from parsers.pipeline import iter_load
from parsers.stories.grouping import RowInput, StoryIndex


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def source(corpus: Corpus):  # type: ignore[no-untyped-def]
    """The corpus's own row source (as ``Corpus.story_labels`` builds it)."""
    eng = corpus._ensure()
    ptr, flat, mc = eng.row_ptr, eng.flat_e, eng.flat_m
    names, kinds = corpus._ents.names, corpus._ents.kinds
    titles, when = corpus._titles, corpus._when

    def src(r: int) -> RowInput:
        a, b = int(ptr[r]), int(ptr[r + 1])
        es, ms = flat[a:b].tolist(), mc[a:b].tolist()
        keep = [i for i, e in enumerate(es) if kinds[e] != "author"]
        return RowInput(
            titles[r], float(when[r]), [names[es[i]] for i in keep], [ms[i] for i in keep]
        )

    return src


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dumps")
    ap.add_argument("--cold-seconds", type=float, default=None, help="cold open, wall")
    ap.add_argument("--cold-cpu", type=float, default=None, help="cold open, CPU-s (app + pool)")
    ap.add_argument("--bodies", action="store_true", help="also time loading every body")
    args = ap.parse_args()

    t0 = time.perf_counter()
    events: list[str] = []
    corpus: Corpus | None = None
    for ev in iter_load([args.dumps], prepare=False):  # the open without story placement
        events.append(ev.kind)
        if ev.result is not None:
            corpus = ev.result.corpus
    assert corpus is not None
    t_open = time.perf_counter() - t0
    n = len(corpus)
    kind = "warm (snapshot)" if "snapshot" in events else "cold"
    adopted = len(corpus._stories) == len(corpus) and corpus._stories._counted == 0
    print(f"open: {n} rows, {kind}, {t_open:.2f} s; labels adopted from the snapshot: {adopted}")

    src = source(corpus)
    before = rss_mb()
    idx = StoryIndex()
    t0, c0 = time.perf_counter(), time.process_time()
    idx.add(0, n, src)
    t_place, c_place = time.perf_counter() - t0, time.process_time() - c0
    groups = len(set(idx.labels))
    print(f"place: {t_place:.2f} s wall, {c_place:.2f} s CPU, {groups} stories, ", end="")
    print(f"{n - groups} rows joined another")
    print(f"  RSS after placing: +{rss_mb() - before:.0f} MB (labels and word counts kept)")
    if args.cold_seconds:
        share = 100 * t_place / args.cold_seconds
        print(f"  wall = {share:.1f}% of a {args.cold_seconds:.0f} s cold open")
    if args.cold_cpu:
        share = 100 * c_place / args.cold_cpu
        print(f"  CPU = {share:.1f}% of a cold open's {args.cold_cpu:.0f} CPU-s (app + pool)")
    del idx

    if args.bodies:
        t0 = time.perf_counter()
        for r in range(n):
            corpus.article(r)
        print(f"bodies: {time.perf_counter() - t0:.2f} s to load {n}")

    m = n - max(1, n // 100)
    idx = StoryIndex()
    idx.add(0, m, src)
    t0 = time.perf_counter()
    idx.add(m, n, src)
    print(f"increment: {n - m} new rows placed among {m} in {time.perf_counter() - t0:.2f} s")

    labels = corpus.story_labels()
    t0 = time.perf_counter()
    StoryIndex().adopt(labels)
    print(f"adopt: {1000 * (time.perf_counter() - t0):.1f} ms for {n} labels")


if __name__ == "__main__":
    main()
