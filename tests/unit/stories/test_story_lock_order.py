"""A query that needs story labels never waits on a placement in progress while it
holds the corpus lock (that wait deadlocked the app: the loader's placement then
waited for the corpus lock)."""

from __future__ import annotations

import threading

from parsers.corpus.query import parse_query
from tests.support.articles import build_corpus, many_articles


def test_a_story_query_during_a_placement_does_not_wait() -> None:
    corpus = build_corpus(many_articles(40))
    corpus.prepare()
    done = threading.Event()
    with corpus._story_lock:  # a loader placing rows right now

        def query() -> None:
            corpus.count(parse_query("story:0000000000"))
            done.set()

        threading.Thread(target=query, daemon=True).start()
        assert done.wait(20), "the query waited for the placement while holding the corpus lock"
    assert corpus.count(parse_query("story:0000000000")) == 0
