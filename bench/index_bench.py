"""Index benchmark: synthetic Article records -> Corpus build, entity toggles, FTS.

    python bench/index_bench.py [N ...]        (default: 1000 10000 100000)
    python bench/index_bench.py --load DIR     cold + warm open of real dump files

``--load`` runs the loader in fresh processes against a temporary cache: a
cold open (parse + cache), then warm opens, printing the wall time from
process start to the first headlines (first ``file_done`` + a query + 60
headlines, what the UI paints) and peak RSS.

Records are made here (no generator, no parser): a Zipf spread of a few
thousand people, ~150 countries, orgs, places and authors, and bodies of
random words, with the word "ceasefire" planted in ~12% of articles so a
full-text query has 10k+ hits at 100k. Timings are medians of repeats with
the corpus's result caches cleared, so each query is computed from scratch.
"""

from __future__ import annotations

import gc
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.corpus.index import Corpus
from parsers.corpus.query import parse_query
from parsers.model import Article, ArticleEntities, Block, Entity, Mention

SOURCES = ["The New York Times", "The Washington Post", "Reuters", "AP", "BBC", "Guardian"]


def _zipf(rng: np.random.Generator, n: int, size: int, a: float = 1.15) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** a
    return rng.choice(n, size=size, p=w / w.sum())


def make_articles(n: int, seed: int = 7) -> list[Article]:
    rng = np.random.default_rng(seed)
    n_people, n_countries, n_orgs, n_places, n_authors = 4000, 150, 800, 1500, 400
    vocab = [f"w{i}" for i in range(6000)]
    m = Mention("blocks", 0, 0, 4, "name")

    def ents(kind: str, count: int, mk: Callable[[int], Entity]) -> list[Entity]:
        return [mk(i) for i in range(count)]

    people = ents(
        "person",
        n_people,
        lambda i: Entity(
            "person",
            f"person:p{i} smith{i % 97}",
            f"P{i} Smith{i % 97}",
            (f"Smith{i % 97}",),
            (m, m),
        ),
    )
    countries = ents(
        "country",
        n_countries,
        lambda i: Entity("country", f"country:C{i:03d}", f"Country {i}", (), (m,), f"C{i}"),
    )
    orgs = ents("org", n_orgs, lambda i: Entity("org", f"org:o{i}", f"Org {i}", (), (m,)))
    places = ents(
        "place",
        n_places,
        lambda i: Entity("place", f"place:pl{i}|C{i % 150}", f"Place {i}", (), (m,), f"C{i % 150}"),
    )
    authors = [f"Author {i}" for i in range(n_authors)]
    n_p = rng.integers(1, 6, n)
    n_c = rng.integers(1, 4, n)
    n_o = rng.integers(0, 4, n)
    n_pl = rng.integers(0, 3, n)
    pp = _zipf(rng, n_people, int(n_p.sum()))
    cc = _zipf(rng, n_countries, int(n_c.sum()), 1.0)
    oo = _zipf(rng, n_orgs, int(n_o.sum()))
    ll = _zipf(rng, n_places, int(n_pl.sum()))
    au = _zipf(rng, n_authors, n, 0.8)
    words = _zipf(rng, len(vocab), n * 120, 1.05)
    cease = rng.random(n) < 0.12
    base = datetime(2025, 1, 1, tzinfo=UTC)
    mins = rng.integers(0, 60 * 24 * 365, n)
    ip = ic = io = il = 0
    out: list[Article] = []
    for i in range(n):
        ps = tuple({people[k].key: people[k] for k in pp[ip : ip + n_p[i]]}.values())
        ip += n_p[i]
        cs = tuple({countries[k].key: countries[k] for k in cc[ic : ic + n_c[i]]}.values())
        ic += n_c[i]
        os_ = tuple({orgs[k].key: orgs[k] for k in oo[io : io + n_o[i]]}.values())
        io += n_o[i]
        ls = tuple({places[k].key: places[k] for k in ll[il : il + n_pl[i]]}.values())
        il += n_pl[i]
        body = " ".join(vocab[k] for k in words[i * 120 : (i + 1) * 120])
        if cease[i]:
            body += " ceasefire talks"
        pub = base + timedelta(minutes=int(mins[i]))
        src = SOURCES[i % len(SOURCES)]
        title = f"Headline {i} " + " ".join(vocab[k] for k in words[i * 120 : i * 120 + 6])
        out.append(
            Article(
                id=f"id{i}",
                source=src,
                retrieved=pub,
                published=pub,
                updated=None,
                title=title,
                dek="A dek line " + vocab[int(words[i * 120 + 7])],
                byline=(authors[au[i]],),
                blocks=(Block("paragraph", body, 3),),
                entities=ArticleEntities(ps, cs, os_, ls),
            )
        )
    return out


def timed(fn: Callable[[], object], repeat: int = 15) -> float:
    """Median wall time of ``fn`` in ms."""
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1000)
    return statistics.median(ts)


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(n: int) -> None:
    t0 = time.perf_counter()
    arts = make_articles(n)
    t_gen = time.perf_counter() - t0
    gc.collect()
    rss0 = rss_mb()
    t0 = time.perf_counter()
    corpus = Corpus()
    t1 = time.perf_counter()
    corpus.add(arts)
    t_add = time.perf_counter() - t1
    t1 = time.perf_counter()
    corpus.query(parse_query(""))
    t_arrays = time.perf_counter() - t1
    t1 = time.perf_counter()
    corpus.prepare()
    t_prep = time.perf_counter() - t1
    t_build = time.perf_counter() - t0
    rss1 = rss_mb()

    def fresh(q: str, sort: str = "newest") -> Callable[[], object]:
        state = parse_query(q)

        def run() -> object:
            corpus.drop_caches()
            return corpus.query(state, sort=sort)

        return run

    top = corpus.query(parse_query("")).facets
    p1 = top["person"][0][0].split(":", 1)[1]
    p2 = top["person"][5][0].split(":", 1)[1]
    c1 = top["country"][0][0].split(":", 1)[1]
    o1 = top["org"][0][0].split(":", 1)[1]
    qs = {
        "all (facets of corpus)": "",
        "1 person": f'person:"{p1}"',
        "person+country": f'person:"{p1}" country:{c1}',
        "person+country-org": f'person:"{p1}" country:{c1} -org:"{o1}"',
        "2 persons OR": f'person:"{p1}" OR person:"{p2}"',
        "person token (Smith1)": "person:Smith1",
        "country, sort=source": f"country:{c1}",
    }
    print(f"\n== N={n:,}  (make records {t_gen:.1f}s)")
    print(
        f"build: add {t_add:.2f}s (incl. FTS insert), arrays {t_arrays * 1000:.0f} ms, "
        f"prepare (postings, sorts, names) {t_prep * 1000:.0f} ms, "
        f"total {t_build:.2f}s; RSS +{rss1 - rss0:.0f} MB (records {rss0:.0f} MB)"
    )
    for label, q in qs.items():
        sort = "source" if "source" in label else "newest"
        r = fresh(q, sort)()
        ms = timed(fresh(q, sort))
        print(f"  entity toggle {label:<26} {ms:7.2f} ms  ({r.total:,} rows)")  # type: ignore[attr-defined]
    for label, q in {
        "FTS word": "ceasefire",
        "FTS word + person": f'ceasefire person:"{p1}"',
        "FTS word + country": f"ceasefire country:{c1}",
        "FTS phrase + country": f'"ceasefire talks" country:{c1}',
        "FTS common word": "w1",
    }.items():
        r = fresh(q)()
        ms = timed(fresh(q), repeat=7)
        print(f"  {label:<40} {ms:7.2f} ms  ({r.total:,} rows)")  # type: ignore[attr-defined]
    # the UI's common case: a text term stays, entity chips toggle (FTS hits cached)
    q2 = parse_query(f'ceasefire country:{c1} -person:"{p1}"')
    corpus.query(q2)

    def toggle() -> object:
        corpus.drop_caches(text=False)
        return corpus.query(q2)

    ms = timed(toggle)
    print(f"  {'FTS word (hits cached) + entity toggle':<40} {ms:7.2f} ms")


_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from parsers.pipeline import iter_load
from parsers.corpus.query import parse_query
first = None
for ev in iter_load([sys.argv[1]]):
    if ev.kind == "file_done" and first is None:
        r = ev.corpus.query(parse_query(""))
        heads = [ev.corpus.headline(i) for i in r.rows[:60]]
        first = time.perf_counter() - t0
        first_wall = time.time()
    if ev.kind == "done":
        res = ev.result
total = time.perf_counter() - t0
t = time.perf_counter()
res.corpus.query(parse_query(""))
q = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"first": first, "first_wall": first_wall, "total": total, "query": q, "rss": rss,
                  "rows": len(res.corpus), "errors": len(res.errors)}))
"""


def bench_load(directory: str, warm_runs: int = 3) -> None:
    import json
    import os
    import subprocess
    import tempfile

    root = str(Path(__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NEWSDESK_CACHE_DIR": cache, "PYTHONPATH": root}
        for i in range(warm_runs + 1):
            t = time.perf_counter()
            started = time.time()
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, directory],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            wall = time.perf_counter() - t
            d = json.loads(out.strip().splitlines()[-1])
            label = "cold" if i == 0 else "warm"
            print(
                f"{label}: process start -> first headlines {d['first_wall'] - started:.2f}s "
                f"(script {d['first']:.2f}s), load done {d['total']:.2f}s "
                f"(process wall {wall:.2f}s), "
                f"query after load {d['query'] * 1000:.0f} ms, rows {d['rows']:,}, "
                f"peak RSS {d['rss']:.0f} MB"
            )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--load"]:
        bench_load(argv[1])
        return
    sizes = [int(a) for a in argv] or [1000, 10000, 100000]
    for n in sizes:
        bench(n)


if __name__ == "__main__":
    main(sys.argv[1:])
