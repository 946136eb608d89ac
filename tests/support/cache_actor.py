"""A newsdesk loader in its own process, driven step by step (multi-process cache tests).

Run as ``python -m tests.support.cache_actor PATH...`` with ``NEWSDESK_CACHE_DIR``
set; it uses the stand-in entity stage of :mod:`tests.support.loadkit`. Commands on
stdin, one JSON reply per line on stdout:

``start``   begin a load, up to its ``start`` event (files classified as cached or not)
``finish``  run the load to its end; replies ``{"n", "warnings", "errors"}``
``check``   read every row's article and count hits of each word in ``WORDS``; replies
            ``{"titles": [...] (or "!error"), "bodies", "people": [[title, keys]...], "hits"}``
``exit``    close the cache and exit
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

from parsers import pipeline
from parsers.corpus.query import parse_query
from tests.support.loadkit import fake_extract, fake_resolve

WORDS = ("peace", "compilers", "turing", "moth", "zebra", "quagga")


def serve(paths: list[str]) -> None:
    pipeline.extract_entities = fake_extract
    pipeline.resolve_corpus = fake_resolve
    events: Iterator[pipeline.LoadEvent] | None = None
    result: pipeline.LoadResult | None = None
    corpus = None
    for line in sys.stdin:
        cmd = line.strip()
        reply: dict[str, Any] = {"ok": cmd}
        if cmd == "start":
            events = pipeline.iter_load(paths)
            corpus = next(events).corpus
        elif cmd == "finish":
            assert events is not None
            for ev in events:
                if ev.result is not None:
                    result = ev.result
            assert result is not None
            corpus = result.corpus
            reply |= {
                "n": len(corpus),
                "warnings": result.warnings,
                "errors": [str(e) for e in result.errors],
            }
        elif cmd == "check":
            assert corpus is not None
            titles, bodies, people = [], [], []
            for i in range(len(corpus)):
                try:
                    a = corpus.article(i)
                except Exception as exc:  # what the app would show
                    titles.append(f"!{type(exc).__name__}: {exc}")
                    bodies.append("")
                    continue
                titles.append(a.title)
                bodies.append(" ".join(b.text for b in a.blocks))
                keys = sorted(e.key for e in a.entities.people) if a.entities else []
                people.append([a.title, keys])
            heads = [corpus.headline(i).title for i in range(len(corpus))]
            hits = {w: corpus.query(parse_query(w)).total for w in WORDS}
            reply |= {
                "titles": titles,
                "heads": heads,
                "bodies": bodies,
                "people": sorted(people),
                "hits": hits,
            }
        elif cmd == "exit":
            print(json.dumps(reply), flush=True)
            return
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    serve(sys.argv[1:])
