"""How long the help screen and the command palette take to open (issue 15: < 100 ms at 5k).

    python bench/palette_bench.py [N]            (default: 5000 articles)

Uses the synthetic corpus of ``bench/tui_bench.py`` (``bench/gen_corpus.py``, kept under
``$NEWSDESK_BENCH_DIR`` and its cache reused), loads it, opens the app headless at 120x40
and, REPEATS times each:

* **help**: from ``?`` (the screen's action) to the first frame that shows the help screen;
* **palette**: from ``ctrl+p`` to the first frame that shows the palette with its
  discovery list filled (entities, views, actions), and to the frame after typing
  ``sort`` with its hits listed.

Frames are timed by wrapping ``App._display`` (once per composed frame, headless too);
each figure is wall ms and the UI thread's CPU ms, median of the repeats. Textual's
frame timer adds up to 1/60 s to wall. The code under test is whatever ``tui`` imports
(run with ``PYTHONPATH=<checkout>`` for paired before/after runs on two checkouts).
"""

from __future__ import annotations

import asyncio
import inspect
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # bench.*; tui comes first from PYTHONPATH when given

REPEATS = 7
SIZE = (120, 40)
TARGET_MS = 100.0


def load(n: int) -> Any:
    from bench.tui_bench import cache_dir, corpus_dir
    from parsers.pipeline import load_paths

    n_dir = corpus_dir(n)
    os.environ["NEWSDESK_CACHE_DIR"] = str(cache_dir(n_dir))
    t0 = time.perf_counter()
    corpus = load_paths([str(n_dir / "dumps")], use_cache=True).corpus
    print(f"  loaded {len(corpus):,} articles in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return corpus


def run(n: int) -> dict[str, float]:
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    from tui.app import NewsApp
    from tui.screens.help import HelpScreen

    corpus = load(n)
    app = NewsApp(corpus=corpus, blink=False, preview_delay=0.0)
    frames: list[tuple[float, float, Any]] = []
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), time.thread_time(), screen))

    app._display = timed_display  # type: ignore[method-assign]
    out: dict[str, list[tuple[float, float]]] = {"help": [], "palette": [], "palette_search": []}

    def options(screen: Any) -> int:
        try:
            return screen.query_one(OptionList).option_count
        except Exception:
            return 0

    async def time_until(
        action: Callable[[], object], done: Callable[[Any], bool], limit: float = 5.0
    ) -> tuple[float, float]:
        frames.clear()
        w0, c0 = time.perf_counter(), time.thread_time()
        started = action()
        if inspect.isawaitable(started):
            await started
        deadline = w0 + limit
        while time.perf_counter() < deadline:
            for wall, cpu, screen in frames:
                if done(screen):
                    return (wall - w0) * 1000, (cpu - c0) * 1000
            await asyncio.sleep(0.002)
        return float("nan"), float("nan")

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.main_screen
            for _ in range(REPEATS):
                out["help"].append(
                    await time_until(screen.action_help, lambda s: isinstance(s, HelpScreen))
                )
                await pilot.press("escape")
                await pilot.pause(0.2)
                palette = await time_until(
                    app.action_command_palette,
                    lambda s: isinstance(s, CommandPalette) and options(s) > 0,
                )
                out["palette"].append(palette)
                await pilot.pause(0.3)  # discovery finishes
                out["palette_search"].append(
                    await time_until(
                        lambda: pilot.press(*"sort"),
                        lambda s: isinstance(s, CommandPalette) and _has_sort(s),
                    )
                )
                await pilot.press("escape")
                await pilot.pause(0.2)

    asyncio.run(main())
    return {
        f"{name}_{kind}": statistics.median(s[i] for s in samples)
        for name, samples in out.items()
        for i, kind in enumerate(("wall_ms", "cpu_ms"))
    }


def _has_sort(screen: Any) -> bool:
    from textual.widgets import OptionList

    try:
        options = screen.query_one(OptionList)
    except Exception:
        return False
    return any(
        "Sort" in str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 5000
    figures = run(n)
    load_avg = os.getloadavg()[0]
    print(f"palette_bench N={n:,} load average {load_avg:.1f} (median of {REPEATS})")
    for name in ("help", "palette", "palette_search"):
        wall, cpu = figures[f"{name}_wall_ms"], figures[f"{name}_cpu_ms"]
        mark = "ok" if wall < TARGET_MS else "OVER"
        print(
            f"  {name:15} {wall:7.1f} ms wall  {cpu:7.1f} ms CPU"
            f"  (target < {TARGET_MS:.0f}: {mark})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
