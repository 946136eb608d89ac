"""Memory benchmark: resident set size once the app is idle after a cold load and a warm open.

    python bench/memory_bench.py [N ...]          (default: 10000)

For each N (the corpus of ``bench/gen_corpus.py`` under ``$NEWSDESK_BENCH_DIR``, made once
and reused), two fresh processes start the app headless (120x40) on it as the newsdesk
command does, through a private cache that is emptied first:

* **cold**: the empty cache, so every file is parsed (by the worker pool) and stored;
* **warm**: the cache the cold run filled.

Each waits until the load has settled (``LoadController.settled``, the index prepared,
every worker done), then ``IDLE`` seconds more, and reports the *current* RSS (VmRSS in
``/proc/self/status``), the peak (VmHWM), and Python's small-object allocator: the MB
of arenas it holds and of live blocks in them. Linux only (``/proc``, ``fork``).
While it loads, the headline list is sampled every ``SAMPLE`` seconds: when the first
rows showed (``rows s``) and how many times the list grew before the load ended
(``steps``: rows streaming in, not all at the end). A big cold load runs in a child
process (``parsers.offload``): its CPU is not this process's, and its peak is its own.
Target: the idle RSS after a cold load close to a warm open's (at most 500 MB at 100k).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.tui_bench import corpus_dir  # noqa: E402

SIZE = (120, 40)
IDLE = 2.0
SAMPLE = 0.25


def status_mb(field: str) -> float:
    """A ``kB`` field of ``/proc/self/status`` (VmRSS, VmHWM) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def pymalloc_mb() -> tuple[float, float]:
    """Python's small-object allocator: MB of arenas held, MB of live blocks in them
    (the difference is fragmentation: arenas kept by a few survivors)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the stats go to the C stderr: print them in a copy of this process
        os.dup2(write, 2)
        sys._debugmallocstats()
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    held = live = 0
    for line in b"".join(chunks).decode().splitlines():
        if line.startswith("# bytes in allocated blocks"):
            live = int(line.split("=")[1].replace(",", ""))
        elif line.startswith("Total") and not held:
            held = int(line.split("=")[1].replace(",", ""))
    return held / 2**20, live / 2**20


def child(dumps: str) -> dict[str, Any]:
    """Open the app on ``dumps``, wait until it is idle, report its memory."""
    from parsers.perf import gc_off_for_startup, limit_blas_threads

    limit_blas_threads()  # as the newsdesk command starts the app (tui/cli.py)
    gc_off_for_startup()
    from tui.app import NewsApp

    app = NewsApp(paths=[dumps], use_cache=True)
    out: dict[str, Any] = {}

    async def run() -> None:
        started = time.monotonic()
        async with app.run_test(headless=True, size=SIZE) as pilot:
            settled = app.main_screen.loader.settled
            first, sizes = None, set()
            while not settled.is_set():  # sample what the list shows while it loads
                shown = len(app.main_screen.headlines.rows)
                if shown and first is None:
                    first = time.monotonic() - started
                if shown and app.main_screen.loader.running:
                    sizes.add(shown)
                await asyncio.sleep(SAMPLE)
            out["rows_s"] = first if first is not None else -1.0
            out["steps"] = len(sizes)
            await app.workers.wait_for_complete()
            out["load_s"] = time.monotonic() - started
            out["settled_mb"] = status_mb("VmRSS")
            await pilot.pause(IDLE)
            out["idle_mb"] = status_mb("VmRSS")
            out["peak_mb"] = status_mb("VmHWM")
            out["rows"] = len(app.corpus)
            out["py_arenas_mb"], out["py_live_mb"] = pymalloc_mb()

    asyncio.run(run())
    return out


def run_child(dumps: Path, cache: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env["NEWSDESK_CACHE_DIR"] = str(cache)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(dumps)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1])))
        return
    sizes = [int(a) for a in argv] or [10_000]
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(
        f"{'N':>8} {'run':>5} {'rows s':>7} {'steps':>6} {'load s':>7} {'settled MB':>11}"
        f" {'idle MB':>8} {'peak MB':>8} {'pymalloc MB':>12} {'(live)':>7}"
    )
    for n in sizes:
        dumps = corpus_dir(n) / "dumps"
        with tempfile.TemporaryDirectory(prefix="newsdesk-mem-") as tmp:
            cache = Path(tmp) / "cache"
            shutil.rmtree(cache, ignore_errors=True)
            for run in ("cold", "warm"):
                r = run_child(dumps, cache)
                print(
                    f"{n:>8,} {run:>5} {r['rows_s']:>7.1f} {r['steps']:>6} {r['load_s']:>7.1f}"
                    f" {r['settled_mb']:>11.0f}"
                    f" {r['idle_mb']:>8.0f} {r['peak_mb']:>8.0f}"
                    f" {r['py_arenas_mb']:>12.0f} {r['py_live_mb']:>7.0f}",
                    flush=True,
                )
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
