"""TUI benchmark: warm open, entity toggle, full-text + entity query, cursor key, peak RSS.

    python bench/tui_bench.py [N ...]          (default: 1000 10000 100000)

For each N, ``bench/gen_corpus.py`` writes N synthetic articles (kept under
``$NEWSDESK_BENCH_DIR``, default ``/tmp/newsdesk-bench``, and reused), a cold run fills
a private cache (``<dir>/nN/cache``, or ``$NEWSDESK_BENCH_CACHE/nN`` so that several people
can share one corpus without sharing a cache), then:

* **warm open**: a subprocess (``python -m tui``'s app, headless, 120x40) from process
  start until the first frame with headlines in it, median of 3; and its peak RSS;
* **entity toggle**: the sidebar's include on the most mentioned person, on then off —
  from the action until the last frame that follows (list, sidebar counts, status);
* **query**: a full-text word with >= N/10 hits combined with a country filter, set as
  the query bar would;
* **cursor key**: one step down the headline list.

Frames are timed by wrapping ``App._display`` (called once per composed frame, headless
too). Each interaction reports CPU ms of the UI thread until the first frame after the
action (the one with the new list, sidebar counts and status: they are computed in one
go), the wall ms to it (the frame timer adds up to 1/60 s), and the CPU ms to the last
frame, which includes the reader following the cursor after its 0.12 s debounce. Warm
open reports wall and CPU seconds (wall suffers first on a busy machine). The index's
result caches are cleared before each measurement, so every query is computed afresh.
Targets: open <= 1.0 s, toggle <= 50 ms, query <= 100 ms, cursor <= 16 ms, RSS <= 500 MB.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.perf import gc_off_for_startup, limit_blas_threads  # noqa: E402

BENCH_DIR = Path(
    os.environ.get("NEWSDESK_BENCH_DIR", Path(tempfile.gettempdir()) / "newsdesk-bench")
)
SIZE = (120, 40)
REPEATS = 5
WORDS = ("officials", "minister", "government", "economy", "president", "said", "the")
TARGETS = {"open_s": 1.0, "toggle_ms": 50.0, "query_ms": 100.0, "cursor_ms": 16.0, "rss_mb": 500.0}


def corpus_dir(n: int) -> Path:
    """Generated dumps for ``n`` articles (made once, then reused)."""
    out = BENCH_DIR / f"n{n}"
    done = out / ".complete"
    if not done.exists():
        from bench.gen_corpus import generate

        print(f"  generating {n:,} articles in {out} …", file=sys.stderr, flush=True)
        generate(n, out / "dumps")
        done.write_text("ok\n")
    return out


def cache_dir(n_dir: Path) -> Path:
    """The benchmark's cache for one corpus (``$NEWSDESK_BENCH_CACHE`` moves it)."""
    root = os.environ.get("NEWSDESK_BENCH_CACHE")
    return Path(root) / n_dir.name if root else n_dir / "cache"


def _env(n_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NEWSDESK_CACHE_DIR"] = str(cache_dir(n_dir))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_child(mode: str, n_dir: Path) -> dict[str, Any]:
    """Run this file in a fresh process (``--child MODE DIR``) and return its JSON line."""
    env = _env(n_dir)
    env["TUI_BENCH_T0"] = repr(time.time())
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(n_dir / "dumps")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child {mode} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- children ----------------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_open(dumps: str) -> dict[str, Any]:
    """Start the app on ``dumps``; report when headlines first reach a frame."""
    t0 = float(os.environ["TUI_BENCH_T0"])
    limit_blas_threads()  # as the newsdesk command starts the app (tui/cli.py)
    gc_off_for_startup()
    from tui.app import NewsApp
    from tui.widgets.headlines import HeadlineList

    painted = {"rows": False}
    render_row = HeadlineList.render_row

    def spy(self: HeadlineList, index: int, width: int, highlighted: bool) -> Any:
        painted["rows"] = True
        return render_row(self, index, width, highlighted)

    HeadlineList.render_row = spy  # type: ignore[method-assign]
    app = NewsApp(paths=[dumps], use_cache=True)
    marks: dict[str, float] = {}
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None:
            return
        now = time.time() - t0
        if painted["rows"] and "first_headlines" not in marks:
            marks["first_headlines"] = now
            usage = resource.getrusage(resource.RUSAGE_SELF)
            marks["first_headlines_cpu"] = usage.ru_utime + usage.ru_stime
        if app.loaded and "loaded" not in marks:
            marks["loaded"] = now
            usage = resource.getrusage(resource.RUSAGE_SELF)
            marks["loaded_cpu"] = usage.ru_utime + usage.ru_stime
            # the parse pool has been joined by then
            kids = resource.getrusage(resource.RUSAGE_CHILDREN)
            marks["loaded_children_cpu"] = kids.ru_utime + kids.ru_stime
            marks["loadavg"] = os.getloadavg()[0]
        if "loaded" in marks and ("first_headlines" in marks or not len(app.corpus)):
            app.exit()

    app._display = timed_display  # type: ignore[method-assign]
    app.run(headless=True, size=SIZE)
    return {**marks, "rows": len(app.corpus), "rss_mb": _rss_mb(), "errors": app.load_errors}


def child_interact(dumps: str) -> dict[str, Any]:
    """Load through the (warm) cache, then time toggles, a query and the cursor."""
    limit_blas_threads()  # as the newsdesk command does
    from parsers.corpus.query import FilterState, Term, parse_query
    from parsers.pipeline import load_paths
    from tui.app import NewsApp

    corpus = load_paths([dumps], use_cache=True).corpus
    n = len(corpus)
    app = NewsApp(corpus=corpus)
    frames: list[tuple[float, float]] = []
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), time.thread_time()))

    app._display = timed_display  # type: ignore[method-assign]
    out: dict[str, Any] = {"rows": n}

    def fresh() -> None:
        corpus.drop_caches()

    async def measure(action: Callable[[], None], settle: float = 0.3) -> tuple[float, ...]:
        """(wall, cpu) ms to the first frame after ``action``, then to the last one."""
        fresh()
        await asyncio.sleep(settle)
        frames.clear()
        w0, c0 = time.perf_counter(), time.thread_time()
        action()
        await asyncio.sleep(settle)
        if not frames:
            return (float("nan"),) * 4
        (wf, cf), (wl, cl) = frames[0], frames[-1]
        return (wf - w0) * 1000, (cf - c0) * 1000, (wl - w0) * 1000, (cl - c0) * 1000

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.main_screen
            result = screen.result
            assert result is not None
            person = result.facets["person"][0][0]
            country = result.facets["country"][0][0]
            screen.facets.focus()
            assert screen.facets.move_to_key(person)
            await pilot.pause()
            toggles = [await measure(screen.facets.action_select) for _ in range(REPEATS)]
            out["toggle_rows"] = corpus.count(FilterState((Term("person", person[7:]),)))
            screen.set_state(FilterState())
            word = next(
                (w for w in WORDS if corpus.count(parse_query(w)) >= max(1, n // 10)), WORDS[-1]
            )
            query = parse_query(f"{word} country:{country.split(':', 1)[1]}")
            out["query"] = query.to_query()
            out["query_word_hits"] = corpus.count(parse_query(word))
            out["query_hits"] = corpus.count(query)

            def apply_query() -> None:
                screen.set_state(query)

            def clear_query() -> None:
                screen.set_state(FilterState())

            queries = []
            for _ in range(REPEATS):
                queries.append(await measure(apply_query))
                await measure(clear_query)
            screen.headlines.focus()
            await pilot.pause()
            cursor = [
                await measure(screen.headlines.action_cursor_down, settle=0.05)
                for _ in range(REPEATS * 4)
            ]
            reader = []
            for i in range(REPEATS):
                row = screen.headlines.rows[min(i + 10, len(screen.headlines.rows) - 1)]
                fresh()
                c0 = time.thread_time()
                screen.reading.show(row)
                reader.append((time.thread_time() - c0) * 1000)
            for name, samples in (("toggle", toggles), ("query", queries), ("cursor", cursor)):
                out[f"{name}_wall_ms"] = statistics.median(s[0] for s in samples)
                out[f"{name}_ms"] = statistics.median(s[1] for s in samples)
                out[f"{name}_last_wall_ms"] = statistics.median(s[2] for s in samples)
                out[f"{name}_last_ms"] = statistics.median(s[3] for s in samples)
            out["reader_ms"] = statistics.median(reader)

    asyncio.run(run())
    out["rss_mb"] = _rss_mb()
    return out


# -- parent --------------------------------------------------------------------------


def bench(n: int) -> dict[str, Any]:
    n_dir = corpus_dir(n)
    cold = run_child("open", n_dir) if not cache_dir(n_dir).exists() else None
    warm = [run_child("open", n_dir) for _ in range(3)]
    if any("first_headlines" not in w for w in warm):
        raise SystemExit(f"no headlines painted for N={n}: {warm}")
    interact = run_child("interact", n_dir)
    return {
        "n": n,
        "rows": warm[0]["rows"],
        "cold_open_s": cold["loaded"] if cold else None,
        "cold": cold,
        "mb": sum(p.stat().st_size for p in (n_dir / "dumps").rglob("*") if p.is_file()) / 1e6,
        "open_s": statistics.median(w["first_headlines"] for w in warm),
        "open_cpu_s": statistics.median(w["first_headlines_cpu"] for w in warm),
        "loaded_s": statistics.median(w["loaded"] for w in warm),
        "rss_mb": max(w["rss_mb"] for w in warm),
        **{k: v for k, v in interact.items() if k not in ("rows", "rss_mb")},
    }


def calibrate() -> float:
    """Milliseconds for a fixed pure-Python workload (machines here vary by 1.5x)."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i & 7
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def _ok(value: float, target: float) -> str:
    return "ok" if value <= target else "SLOW"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--child"]:
        mode, dumps = args[1], args[2]
        result = child_open(dumps) if mode == "open" else child_interact(dumps)
        print(json.dumps(result))
        return 0
    sizes = [int(a) for a in args] or [1_000, 10_000, 100_000]
    print(f"machine: {calibrate():.0f} ms for a fixed pure-Python loop (compare runs by it)")
    print(
        f"{'N':>8} {'rows':>8} {'open s':>7} {'cpu s':>6} {'toggle ms':>10} {'query ms':>9}"
        f" {'cursor ms':>9} {'reader ms':>9} {'RSS MB':>7}"
    )
    for n in sizes:
        r = bench(n)
        c = r["cold"]
        cold = (
            f", cold {c['loaded']:.1f} s = {r['mb'] / c['loaded']:.2f} MB/s,"
            f" {c['loaded_cpu']:.1f} + {c['loaded_children_cpu']:.1f} CPU-s (app + pool),"
            f" load average {c['loadavg']:.1f}"
            if c
            else ""
        )
        print(
            f"{n:>8,} {r['rows']:>8,} {r['open_s']:>7.2f} {r['open_cpu_s']:>6.2f}"
            f" {r['toggle_ms']:>10.1f} {r['query_ms']:>9.1f} {r['cursor_ms']:>9.1f}"
            f" {r['reader_ms']:>9.1f} {r['rss_mb']:>7.0f}",
            flush=True,
        )
        print(
            f"{'':>8} open {_ok(r['open_s'], TARGETS['open_s'])} (all loaded"
            f" {r['loaded_s']:.2f} s{cold}),"
            f" RSS {_ok(r['rss_mb'], TARGETS['rss_mb'])}\n"
            f"{'':>8} toggle {_ok(r['toggle_ms'], TARGETS['toggle_ms'])}: wall"
            f" {r['toggle_wall_ms']:.0f} ms, to last frame {r['toggle_last_ms']:.0f} ms cpu,"
            f" {r['toggle_rows']:,} rows\n"
            f"{'':>8} query {_ok(r['query_ms'], TARGETS['query_ms'])}: wall"
            f" {r['query_wall_ms']:.0f} ms, to last frame {r['query_last_ms']:.0f} ms cpu,"
            f" {r['query']!r}: {r['query_word_hits']:,} word hits, {r['query_hits']:,} combined\n"
            f"{'':>8} cursor {_ok(r['cursor_ms'], TARGETS['cursor_ms'])}: wall"
            f" {r['cursor_wall_ms']:.0f} ms",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
