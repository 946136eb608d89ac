"""Profile benchmark: entity profiles and result timelines on a synthetic corpus.

    python bench/profile_bench.py [N ...]        (default: 100000)
    python bench/profile_bench.py --app [N]      also time the screen in the app

Records come from ``bench/index_bench.py`` (Zipf-spread entities over 60 days);
bodies are dropped (profiles never read text). Prints the median time to build
the profile of the most, a middling and a rare entity (with and without a
filter active), and the timeline of the whole corpus and of a filter's result:
what the profile screen and the headline strip cost on open and per toggle.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.index_bench import make_articles, timed
from parsers.corpus.index import Corpus
from parsers.corpus.query import FilterState, Term, parse_query


def bench(n: int) -> None:
    t0 = time.perf_counter()
    arts = [dataclasses.replace(a, blocks=()) for a in make_articles(n)]
    corpus = Corpus(arts)
    corpus.prepare()
    print(f"n={n}: corpus built in {time.perf_counter() - t0:.1f} s")
    infos = corpus.entities()
    picks = {
        "top": infos[0],
        "middle": infos[len(infos) // 20],
        "rare": infos[len(infos) // 2],
    }
    country = corpus.entities("country")[0]
    picks["country"] = country
    state = parse_query("source:Reuters")
    for label, info in picks.items():
        plain = timed(lambda k=info.key: corpus.profile(k), repeat=9)
        filt = timed(lambda k=info.key: corpus.profile(k, state), repeat=9)
        print(
            f"  profile {label:8} {info.key[:28]:28} {info.article_count:6} articles: "
            f"{plain:6.1f} ms, with a filter {filt:6.1f} ms"
        )
    everything = corpus.query(parse_query(""))
    some = corpus.query(FilterState((Term("country", country.key),)))
    t_all = timed(lambda: corpus.timeline(everything.rows))
    t_some = timed(lambda: corpus.timeline(some.rows))
    print(f"  timeline all {everything.total} rows: {t_all:.2f} ms")
    print(f"  timeline {country.key} {some.total} rows: {t_some:.2f} ms")


def bench_app(n: int) -> None:
    """Wall and CPU time from ``i`` (the main screen's ``insight.open``) until the
    profile screen has painted, headless at 120x36, for the most mentioned entity:
    the first open, then the median of six more (esc between)."""
    import asyncio

    from parsers.state import StateStore
    from tui.app import make_app
    from tui.screens.profile import ProfileScreen

    arts = [dataclasses.replace(a, blocks=()) for a in make_articles(n)]
    corpus = Corpus(arts)
    corpus.prepare()
    top = corpus.entities()[0].key

    cpu: list[float] = []  # this process's CPU time per open (steadier on a busy machine)
    data: list[float] = []  # each profile the corpus builds (a repeat may need none)
    build = corpus.profile

    def timed_profile(*args: object, **kwargs: object) -> object:
        t = time.perf_counter()
        out = build(*args, **kwargs)  # type: ignore[arg-type]
        data.append((time.perf_counter() - t) * 1000)
        return out

    corpus.profile = timed_profile  # type: ignore[method-assign, assignment]

    async def run() -> list[float]:
        app = make_app(corpus, steady=True, state_store=StateStore(memory=True))
        times = []
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            main = app.main_screen
            for _ in range(7):
                t, c = time.perf_counter(), time.process_time()
                main.insight.open(top)
                while not isinstance(app.screen, ProfileScreen) or not app.screen.is_mounted:
                    await pilot.pause()
                await pilot.pause()
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                await pilot.press("escape")
                await pilot.pause()
        return times

    times = asyncio.run(run())
    first, rest = times[0], sorted(times[1:])
    print(
        f"  app: i -> profile painted ({top}): first {first:.0f} ms, "
        f"then median {rest[len(rest) // 2]:.0f} ms; CPU first {cpu[0]:.0f} ms, then median "
        f"{sorted(cpu[1:])[len(cpu) // 2 - 1]:.0f} ms; profiles built: {len(data)} "
        f"({', '.join(f'{d:.0f}' for d in data)} ms)"
    )


def main(argv: list[str]) -> None:
    app = "--app" in argv
    for n in [int(x) for x in argv if x != "--app"] or [100_000]:
        bench(n)
        if app:
            bench_app(n)


if __name__ == "__main__":
    main(sys.argv[1:])
