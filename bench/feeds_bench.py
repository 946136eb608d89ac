"""``feed:`` / ``tag:`` terms and the sidebar's Feeds section at scale.

    python bench/feeds_bench.py [N ...]        (default: 100000)

Builds a corpus of N synthetic records (``bench/index_bench.py``'s generator),
spreads them over 200 subscriptions carrying 20 tags (a FeedMap, as the
library gives it) and a state store with a third of them read, then times, as
wall and CPU (median of 15 where it says so):

* the first ``feed:`` query after the map is attached (the corpus's ids hashed
  and every pair placed: once per corpus and map version);
* a ``feed:`` toggle query with facets, a new feed each time (its mask built) and
  the same feed again; a ``tag:`` toggle; a ``-tag:`` exclusion;
* the Feeds/Tags sections' unread counts (``Corpus.feed_counts(is:unread)``: every
  sidebar repaint) and the whole presenter (``tui.feeds.feed_sections``);
* an entity-toggle query in the same run, for a ratio against the budget the app
  already meets (toggle <= 50 ms at 100k);
* a ctrl+r: 100 rows added with a new map (every pair placed again), then 100 more
  with the same map (only the new rows matched);
* reading the map from a library holding N articles (the app's start).
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

from parsers.corpus.feeds import FeedInfo, FeedMap
from parsers.corpus.index import Corpus
from parsers.corpus.query import parse_query
from parsers.state import StateStore

FEEDS = 200
TAGS = 20


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return (time.perf_counter() - w) * 1e3, (time.process_time() - c) * 1e3, out


def line(label: str, wall: float, cpu: float, extra: str = "") -> None:
    print(f"  {label:<52} {wall:8.1f} ms wall {cpu:8.1f} ms CPU {extra}")


def median_of(label: str, fns: list[Callable[[], object]], corpus: Corpus) -> float:
    walls, cpus = [], []
    for fn in fns:
        corpus.drop_caches(text=False)  # from scratch, as after a toggle
        w, c, _ = timed(fn)
        walls.append(w)
        cpus.append(c)
    line(label, statistics.median(walls), statistics.median(cpus), f"(max {max(walls):.1f})")
    return statistics.median(cpus)


def feeds_of() -> tuple[FeedInfo, ...]:
    return tuple(
        FeedInfo(
            i,
            f"Feed {i} Gazette",
            f"https://site{i}.example/rss",
            (f"Tag {i % TAGS}", f"Région {i % 3}"),
        )
        for i in range(1, FEEDS + 1)
    )


def run(n: int, tmp: Path) -> None:
    from tui.feeds import feed_sections

    print(f"N = {n:,}, {FEEDS} feeds, {TAGS + 3} tags")
    corpus = Corpus(make_articles(n))
    corpus.prepare()
    ids = corpus.ids_of(range(len(corpus)))
    store = StateStore(tmp / f"state-{n}.sqlite3")
    store.set_flag("read", ids[::3])
    store.flush()
    corpus.set_marks(store)
    fm = FeedMap.build(feeds_of(), ((1 + i % FEEDS, rid) for i, rid in enumerate(ids)))
    corpus.set_feeds(fm)

    w, c, res = timed(lambda: corpus.query(parse_query("feed:7"), "newest", 20))
    line("first feed: query (pairs placed) + facets", w, c, f"-> {res.total:,}")  # type: ignore[attr-defined]
    feeds = [parse_query(f'feed:"Feed {i} Gazette"') for i in range(20, 35)]
    fcpu = median_of(
        "feed: toggle + facets, a new feed each (med)",
        [lambda s=s: corpus.query(s, "newest", 20) for s in feeds],
        corpus,
    )
    same = parse_query('feed:"Feed 20 Gazette"')
    median_of(
        "feed: toggle + facets, same feed again (med)",
        [lambda: corpus.query(same, "newest", 20)] * 15,
        corpus,
    )
    tags = [parse_query(f'tag:"tag {i}"') for i in range(15)]
    median_of(
        "tag: toggle + facets (med)",
        [lambda s=s: corpus.query(s, "newest", 20) for s in tags],
        corpus,
    )
    excl = [parse_query(f'-tag:"Région {i % 3}" feed:"Feed {i} Gazette"') for i in range(1, 16)]
    median_of(
        "-tag: with feed: + facets (med)",
        [lambda s=s: corpus.query(s, "newest", 20) for s in excl],
        corpus,
    )
    unread = parse_query("is:unread")
    median_of(
        "feed_counts(is:unread) (sidebar repaint, med)",
        [lambda: corpus.feed_counts(unread)] * 15,
        corpus,
    )
    empty = parse_query("")
    median_of(
        "feed_sections presenter (med)", [lambda: feed_sections(corpus, empty, fm)] * 15, corpus
    )

    top = corpus.query(parse_query(""), "newest", 20).facets["person"][0][0]
    ent = parse_query(f'person:"{top}"')
    corpus.drop_caches()
    ew, ec, _ = timed(lambda: corpus.query(ent, "newest", 20))
    line("reference: entity filter query + facets", ew, ec)
    print(f"  ratio feed: toggle / entity query (CPU): {fcpu / max(ec, 1e-6):.2f}")
    extra = make_articles(n + 100)[n:]  # a ctrl+r: 100 new articles in feed 1
    corpus.add(extra)
    corpus.set_feeds(FeedMap.build(feeds_of(), [*fm.pairs(), *((1, a.id) for a in extra)]))
    w, c, _ = timed(lambda: corpus.count(unread))  # the status line's count: index rebuilt
    line("after a refresh (+100 rows): the status line's count", w, c)
    w, c, _ = timed(lambda: corpus.feed_counts(unread))
    line("   then the feed counts (new map: all pairs again)", w, c)
    corpus.add(make_articles(n + 200)[n + 100 :])
    corpus.count(unread)
    w, c, _ = timed(lambda: corpus.feed_counts(unread))
    line("+100 rows, same map: the feed counts (new rows only)", w, c)

    store.close()
    library_map(n, tmp)


def library_map(n: int, tmp: Path) -> None:
    """The app's start: the feed map read from a library holding ``n`` articles."""
    import json

    from parsers.subscriptions import Library
    from tui.feeds import feed_map_of

    lib = Library(tmp / "library.sqlite3")
    subs = [
        lib.add(f"https://site{i}.example/rss", tags=[f"Tag {i % TAGS}"])[0].id
        for i in range(FEEDS)
    ]
    data = json.dumps({"id": "x", "title": "t"})
    with lib._write() as db:
        db.executemany(
            "INSERT INTO article (sub_id, key, article_id, published, first_seen, changed, data) "
            "VALUES (?, ?, ?, 0, 0, 0, ?)",
            ((subs[i % FEEDS], f"k{i}", f"{i:016x}", data) for i in range(n)),
        )
    w, c, _ = timed(lambda: feed_map_of(lib))
    line(f"feed map from a library of {n:,} articles", w, c)
    lib.close()


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [100_000]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            run(size, Path(tmp))
