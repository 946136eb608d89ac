"""Cold-load benchmark by stage: where the CPU of a cold open goes (loader only, no UI).

    python bench/cold_bench.py [--in-process] DUMPS_DIR [CACHE_DIR]

Loads ``DUMPS_DIR`` with ``parsers.pipeline.iter_load`` into an empty cache (``CACHE_DIR``,
default a fresh temporary directory; emptied first) and prints wall seconds, MB/s, the
CPU seconds of this process and of its children (the load's child process and the parse
pool: ``parsers.offload``), the parse processes' CPU per stage (read, parse, entities,
serialise; summed over files as each worker measured them, in-process loads only) and
this process's per stage (store, resolve, snapshot, ...: the child's own when the load
runs in a child), the wall time of the serial start (to the first file) and end (after
the last file), this process's resident size once loaded (after a collection and
``malloc_trim``, as the app does) and its peak, and the load average (the machine is
shared: compare CPU first). ``--in-process`` keeps the whole load in this process (as
before ``parsers.offload``), for paired runs.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _status_mb(field: str) -> float:
    """A ``kB`` field of ``/proc/self/status`` (VmRSS, VmHWM) in MB (0 without /proc)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str]) -> int:
    from parsers.perf import gc_off_for_startup, limit_blas_threads, trim_malloc

    limit_blas_threads()  # as the app starts
    gc_off_for_startup()
    from parsers import pipeline as load
    from parsers.corpus import index as index_mod
    from parsers.corpus import rows as rows_mod
    from parsers.store import admin
    from parsers.store import cache as cache_mod
    from parsers.store.users import USERS_DIR

    isolate = None
    if argv[:1] == ["--in-process"]:
        isolate, argv = False, argv[1:]
    dumps = argv[0]
    cdir = Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp(prefix="cold-bench-"))
    if cdir.exists():
        own = {*admin.OWN_FILES, USERS_DIR}
        extra = [
            p.name
            for p in cdir.iterdir()
            if not p.name.startswith(cache_mod.CACHE_FILE)
            and p.name not in own
            and not p.match("*gazetteer*.pickle")
        ]
        if extra:
            raise SystemExit(f"{cdir} holds more than a newsdesk cache ({extra[:3]}): not emptied")
        shutil.rmtree(cdir)
    cdir.mkdir(parents=True)
    mb = sum(p.stat().st_size for p in Path(dumps).rglob("*") if p.is_file()) / 1e6

    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)

    def timed(owner: Any, name: str, label: str | None = None) -> None:
        fn = getattr(owner, name)

        @functools.wraps(fn)
        def wrapper(*a: Any, **kw: Any) -> Any:
            c0, w0 = time.thread_time(), time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                cpu[label or name] += time.thread_time() - c0
                wall[label or name] += time.perf_counter() - w0

        setattr(owner, name, wrapper)

    timed(cache_mod.Cache, "store")
    timed(cache_mod.Cache, "store_resolved")
    timed(cache_mod.Cache, "store_snapshot")
    timed(cache_mod.Cache, "prune_missing")
    timed(load, "resolve_corpus")
    timed(rows_mod, "columns_from_blocks")  # the pipeline imports them when it needs them
    timed(rows_mod, "head_block")
    timed(index_mod.Corpus, "add_block")
    timed(index_mod.Corpus, "prepare")

    load1 = os.getloadavg()
    workers = [0.0, 0.0, 0.0, 0.0]
    orig_parse_many = load._parse_many

    def parse_many(*a: Any, **kw: Any) -> Any:
        for res in orig_parse_many(*a, **kw):
            for i, v in enumerate(getattr(res, "cpu", ())):
                workers[i] += v
            yield res

    load._parse_many = parse_many  # type: ignore[assignment]
    t0 = time.perf_counter()
    p0 = time.process_time()
    marks: dict[str, float] = {}
    c = cache_mod.Cache(cdir)
    for ev in load.iter_load([dumps], cache=c, isolate=isolate):
        now = time.perf_counter() - t0
        if ev.kind == "file_done":
            marks.setdefault("first_file", now)
            marks["last_file"] = now
        elif ev.kind == "resolved":
            marks["resolved"] = now
    total = time.perf_counter() - t0
    parent = time.process_time() - p0
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = ch.ru_utime + ch.ru_stime
    load2 = os.getloadavg()
    gc.collect()
    trim_malloc()
    out = {
        "mb": round(mb, 1),
        "wall_s": round(total, 2),
        "mb_s": round(mb / total, 2),
        "parent_cpu_s": round(parent, 2),
        "children_cpu_s": round(children, 2),
        "workers_s": dict(
            zip(
                ("read", "parse", "entities", "serialise"),
                (round(w, 2) for w in workers),
                strict=True,
            )
        ),
        "parent_stages_cpu_s": {k: round(v, 2) for k, v in sorted(cpu.items())},
        "parent_stages_wall_s": {k: round(v, 2) for k, v in sorted(wall.items())},
        "to_first_file_s": round(marks.get("first_file", 0), 2),
        "after_last_file_s": round(total - marks.get("last_file", 0), 2),
        "rss_mb": round(_status_mb("VmRSS")),
        "peak_mb": round(_status_mb("VmHWM")),
        "loadavg": [round(x, 2) for x in (load1[0], load2[0])],
        "db_mb": round(sum(p.stat().st_size for p in cdir.iterdir()) / 1e6, 1),
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
