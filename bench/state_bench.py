"""Reading-state benchmark: marking articles read, counting unread, ``is:`` queries.

    python bench/state_bench.py [N ...]        (default: 10000 100000)
    python bench/state_bench.py --app [N]      the same keys in the app (default 100000)

Builds a corpus of N synthetic records (``bench/index_bench.py``'s generator)
and a state store in a temporary directory, then times, as wall and CPU:

* mark all N read (one transaction, fsync'd) and undo it;
* counting unread right after (the ``is:`` mask brought up to date from the
  store's change log) and from scratch (a refresh from another instance);
* one ``r`` press: toggle one article + count unread + the ``is:unread``
  query with facets (the list and sidebar repaint), median of 25;
* an entity-toggle query in the same run, for a ratio against the budget
  the app already meets (toggle <= 50 ms at 100k);
* opening a store that holds N read marks.

``--app`` runs the app headless over the same corpus and times, CPU of the UI
thread from the key's action to the next frame (list, status, sidebar with the
Library counts): ``r`` (toggle read), ``*``, ``R`` (mark the result read), ``U``,
the ``is:unread`` filter, and an entity-filter toggle for comparison; median of 7.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from index_bench import make_articles

from parsers.corpus.index import Corpus
from parsers.corpus.query import parse_query
from parsers.state import StateStore

UNREAD = parse_query("is:unread")


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return (time.perf_counter() - w) * 1e3, (time.process_time() - c) * 1e3, out


def line(label: str, wall: float, cpu: float, extra: str = "") -> None:
    print(f"  {label:<44} {wall:8.1f} ms wall {cpu:8.1f} ms CPU {extra}")


def run(n: int, tmp: Path) -> None:
    print(f"N = {n:,}")
    corpus = Corpus(make_articles(n))
    corpus.prepare()
    ids = [corpus.headline(i).id for i in range(len(corpus))]
    path = tmp / f"state-{n}.sqlite3"
    store = StateStore(path)
    assert store.persistent, store.notice
    corpus.set_marks(store)

    w, c, k = timed(lambda: corpus.count(UNREAD))
    line("count unread, first (mask built, none read)", w, c, f"-> {k:,}")
    everything = corpus.query(parse_query(""), "newest", 20).rows
    w, c, change = timed(lambda: store.set_flag("read", corpus.ids_of(everything)))
    line(f"mark all {len(ids):,} read (ids of the result + store)", w, c)
    w, c, _ = timed(store.flush)
    line("   then the background write (1 commit, fsync)", w, c)
    w, c, k = timed(lambda: corpus.count(UNREAD))
    line("count unread after (mask from the change log)", w, c, f"-> {k:,}")
    w, c, _ = timed(lambda: corpus.query(UNREAD, "newest", 20))
    line("query is:unread + facets", w, c)
    w, c, _ = timed(lambda: store.undo(change))  # type: ignore[arg-type]
    line("undo mark-all (store)", w, c)
    store.flush()
    w, c, k = timed(lambda: corpus.count(UNREAD))
    line("count unread after undo", w, c, f"-> {k:,}")
    store.set_flag("read", ids[: len(ids) // 2])

    walls: list[float] = []
    cpus: list[float] = []
    for i in range(25):
        rid = ids[(i * 7919) % len(ids)]

        def press(rid: str = rid) -> object:
            store.toggle("read", rid)
            corpus.count(UNREAD)
            return corpus.query(UNREAD, "newest", 20)

        w, c, _ = timed(press)
        walls.append(w)
        cpus.append(c)
    line(
        "r: toggle one + count + is:unread query (med)",
        statistics.median(walls),
        statistics.median(cpus),
        f"(max {max(walls):.1f} wall)",
    )
    store.toggle("read", ids[0])
    w2, c2, _ = timed(lambda: store.toggle("read", ids[1]))
    line("   of which the store write (fsync)", w2, c2)

    top = corpus.query(parse_query(""), "newest", 20).facets["person"][0][0]
    ent = parse_query(f'person:"{top}"')
    corpus._qcache.clear()  # from scratch, as after a toggle
    ew, ec, _ = timed(lambda: corpus.query(ent, "newest", 20))
    line("reference: entity filter query + facets", ew, ec)
    print(f"  ratio r-press / entity query (CPU): {statistics.median(cpus) / max(ec, 1e-6):.2f}")

    other = StateStore(path)
    other.set_flag("starred", ids[:10])
    w, c, _ = timed(store.refresh)
    line("refresh after another instance wrote", w, c)
    w, c, k = timed(lambda: corpus.count(UNREAD))
    line("count unread, mask rebuilt from scratch", w, c, f"-> {k:,}")
    other.close()
    store.set_flag("read", ids)
    store.close()
    w, c, s2 = timed(lambda: StateStore(path))
    line(f"open a store holding {len(ids):,} read marks", w, c)
    s2.close()  # type: ignore[union-attr]
    print(f"  state file: {path.stat().st_size / 1e6:.1f} MB")


def run_app(n: int, tmp: Path) -> None:
    import asyncio

    from parsers.corpus.query import Term
    from tui.app import make_app

    print(f"app, N = {n:,}")
    corpus = Corpus(make_articles(n))
    corpus.prepare()
    store = StateStore(tmp / f"app-{n}.sqlite3")
    store.save_view("top person", "", "newest")
    app = make_app(corpus, steady=True, state_store=store)

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.main_screen
            await app.workers.wait_for_complete()
            top = screen.result.facets["person"][0][0]  # type: ignore[union-attr]
            store.save_view("top person", f'person:"{top}"', "newest")

            async def measure(label: str, action: Callable[[], object], reps: int = 7) -> None:
                cpus, walls, ui = [], [], []
                for _ in range(reps):
                    corpus._qcache.clear()
                    w, c, t = time.perf_counter(), time.process_time(), time.thread_time()
                    action()
                    await pilot.pause()
                    ui.append((time.thread_time() - t) * 1e3)
                    cpus.append((time.process_time() - c) * 1e3)
                    walls.append((time.perf_counter() - w) * 1e3)
                med = statistics.median
                line(label, med(walls), med(cpus), f"(UI thread {med(ui):.1f} ms)")

            await measure("r: toggle read + repaint", lambda: screen.library.toggle("read"))
            await measure("*: toggle star + repaint", lambda: screen.library.toggle("starred"))

            def mark_all_and_undo() -> None:
                screen.library.mark_all_read()
                screen.library.undo()

            await measure("R then U (mark 100% read, undo)", mark_all_and_undo, 3)
            await measure("R alone (the whole result)", screen.library.mark_all_read, 1)
            store.flush()
            unread = screen.state.with_term(Term("is", "unread"))
            await measure(
                "is:unread filter on/off",
                lambda: screen.set_state(unread if screen.state != unread else unread.cleared()),
            )
            ent = screen.state.cleared().toggle_entity("person", top)
            await measure(
                "reference: entity filter on/off",
                lambda: screen.set_state(ent if screen.state != ent else ent.cleared()),
            )
            await pilot.press("q")

    asyncio.run(go())
    store.close()


def main() -> None:
    if sys.argv[1:2] == ["--app"]:
        with tempfile.TemporaryDirectory() as d:
            for n in [int(a) for a in sys.argv[2:]] or [100_000]:
                run_app(n, Path(d))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            run(n, Path(d))


if __name__ == "__main__":
    main()
