"""Story grouping: quality on the multi-source fixtures, incremental placement, the
``story:`` term, the snapshot that keeps the groups, and ``newsdesk stories``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from parsers.corpus.index import Corpus
from parsers.corpus.query import FilterState, Term, parse_query
from parsers.corpus.rows import columns_from_blocks
from parsers.model import Article
from parsers.pipeline import load_paths
from parsers.store.snapshot_blob import pack_columns, unpack_columns
from parsers.stories import pairwise
from parsers.stories.features import name_tokens, title_stems
from parsers.stories.score import groups_to_labels
from tests.support.articles import make_article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "stories"
GOLD = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))


def _gold(name: str) -> dict[tuple[str, str], str]:
    return {
        (a["source"], a["title"]): label
        for label, arts in GOLD[name]["stories"].items()
        for a in arts
    }


def _load(name: str) -> Corpus:
    files = sorted(str(p) for p in (FIXTURES / name).iterdir())
    return load_paths(files, use_cache=False).corpus


def _keys(corpus: Corpus) -> list[tuple[str, str]]:
    return [(h.source, h.title) for h in corpus.headlines(range(len(corpus)))]


def test_pairwise_counts() -> None:
    gold = groups_to_labels([["a", "b", "c"], ["d"]])
    pred = groups_to_labels([["a", "b"], ["c", "d"]])
    s = pairwise(pred, gold)
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)
    assert s.precision == 0.5 and s.recall == pytest.approx(1 / 3)


def test_features_fold_and_cut() -> None:
    assert title_stems("Flooding in Marlow’s Streets") == {"floodi", "marlow", "street"}
    assert name_tokens("Harbor Master Elin Sandvik") == ["harbor", "elin", "sandvik"]


def test_fixture_sets_pairwise_f1() -> None:
    """Every set at once: pairwise F1 of the groups against the gold (0.894 when tuned,
    0.804 with the entity extraction of 2026-12-08; below 0.78 grouping got worse)."""
    total = None
    for name in sorted(GOLD):
        corpus = _load(name)
        got = dict(zip(_keys(corpus), corpus.story_labels().tolist(), strict=True))
        s = pairwise(got, _gold(name))
        total = s if total is None else total + s
    assert total is not None
    assert total.f1 >= 0.78, str(total)
    assert total.precision >= 0.8, str(total)


def _art(
    title: str, day: int | None, source: str = "Wire", people: tuple[str, ...] = ()
) -> Article:
    """An article naming ``people`` (entities by exact surface forms)."""
    from dataclasses import replace

    from parsers.model import ArticleEntities, Entity, make_id

    when = datetime(2026, 3, day, 9, 0) if day is not None else None
    a = make_article(
        title, when or datetime(2026, 3, 1), [" ".join(people) or "Text."], source=source
    )
    ents = ArticleEntities(people=tuple(Entity("person", f"person:{p.lower()}", p) for p in people))
    return replace(
        a, id=make_id(source, title, when), published=when, retrieved=when, entities=ents
    )


def test_incremental_rows_join_existing_stories() -> None:
    corpus = Corpus([_art("Dockers strike closes Karvik harbour", 10, "A", ("Greta Holm",))])
    corpus.add([_art("Unrelated cricket score", 10, "B")])
    first = corpus.story_labels().copy()
    assert first.tolist() == [0, 1]
    corpus.add([_art("Karvik harbour strike enters second day", 11, "C", ("Greta Holm",))])
    corpus.add([_art("Karvik harbour strike", 25, "D", ("Greta Holm",))])  # two weeks on
    labels = corpus.story_labels()
    assert labels[:2].tolist() == first.tolist()  # placed rows keep their story
    assert labels[2] == labels[0] and labels[3] == 3
    assert corpus.story_rows(2) == [0, 2]
    assert corpus.story_sizes().tolist() == [2, 1, 2, 1]


def test_undated_rows_stay_alone() -> None:
    a = _art("Karvik harbour strike", 10, people=("Greta Holm",))
    b = _art("Karvik harbour strike", None, "X", people=("Greta Holm",))
    assert Corpus([a, b]).story_labels().tolist() == [0, 1]


def test_story_term_parses_filters_and_round_trips() -> None:
    corpus = Corpus(
        [
            _art("Dockers strike closes Karvik harbour", 10, "A", ("Greta Holm",)),
            _art("Karvik harbour strike enters second day", 11, "B", ("Greta Holm",)),
            _art("Unrelated cricket score", 10, "C"),
        ]
    )
    sid = corpus.story_id(1)
    assert sid == corpus.story_id(0) != corpus.story_id(2)
    state = parse_query(f"story:{sid.upper()}")
    assert state == FilterState((Term("story", sid),))
    assert parse_query(state.to_query()) == state
    assert sorted(corpus.query(state).rows) == [0, 1]
    assert list(corpus.query(parse_query(f"-story:{sid}")).rows) == [2]
    assert corpus.query(parse_query("story:nosuchid")).total == 0


def test_snapshot_keeps_labels_and_warm_open_adopts_them(tmp_path: Path) -> None:
    from parsers.store.cache import Cache

    files = sorted(str(p) for p in (FIXTURES / "tech").iterdir())
    cache = Cache(tmp_path / "c")
    cold = load_paths(files, cache=cache).corpus
    want = {cold.headline(r).id: cold.story_id(r) for r in range(len(cold))}
    cache.close()
    cache = Cache(tmp_path / "c")
    warm = load_paths(files, cache=cache).corpus
    cache.close()
    assert len(warm._stories) == len(warm) and warm._stories._counted == 0  # adopted
    got = {warm.headline(r).id: warm.story_id(r) for r in range(len(warm))}
    assert got == want


def test_snapshot_blob_story_is_optional() -> None:
    corpus = Corpus([_art("Karvik harbour strike", 10, people=("Greta Holm",))])
    from parsers.corpus.rows import head_block

    cols = columns_from_blocks([head_block([corpus.article(0)], [0])])
    assert "story" not in unpack_columns(pack_columns(cols))
    cols["story"] = np.asarray([0])
    assert unpack_columns(pack_columns(cols))["story"].tolist() == [0]


def test_labels_for_snapshot_are_positions() -> None:
    arts = [
        _art("Dockers strike closes Karvik harbour", 10, "A", ("Greta Holm",)),
        _art("Unrelated cricket score", 10, "C"),
        _art("Karvik harbour strike enters second day", 11, "B", ("Greta Holm",)),
    ]
    corpus = Corpus(arts)
    ids = [arts[2].id, arts[1].id, arts[0].id]
    assert corpus.story_labels_for(ids).tolist() == [2, 1, 2]
    assert corpus.story_labels_for([arts[2].id]) is None  # founder not among them


def test_stories_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    assert main(["stories", "--json", "--no-cache", str(FIXTURES / "tech")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out and all(s["size"] == len(s["articles"]) >= 2 for s in out)
    titles = {a["title"] for s in out for a in s["articles"]}
    assert "Orvane Promises Refunds After Cloud Outage as Regulators Ask Questions" in titles
    first = out[0]
    assert set(first["articles"][0]) == {"id", "title", "source", "date"}
    assert main(["stories", "--json", "--all", "--no-cache", str(FIXTURES / "tech")]) == 0
    every = json.loads(capsys.readouterr().out)
    assert sum(s["size"] for s in every) == 11


def test_stories_cli_table_and_filter(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    path = str(FIXTURES / "tech")
    assert main(["stories", "--no-cache", "--filter", "org:Veritas", path]) == 0
    out = capsys.readouterr().out
    assert "1 story (3 of 11 articles)" in out
    assert "Dresden" in out and "Orvane" not in out
    assert main(["stories", "--no-cache", "--filter", "person:", path]) == 2
    assert "--filter" in capsys.readouterr().err


def test_placing_holds_the_stories_lock_not_the_corpus_lock() -> None:
    """A UI thread may query while a loader places stories: the corpus lock is free
    during placement, and rows count as pending until they are placed."""
    import threading

    corpus = Corpus([_art("Karvik harbour strike", 10, people=("Greta Holm",))])
    seen: list[bool] = []
    real = corpus._stories._place_all

    def spy(*args: object) -> None:
        got = corpus._lock.acquire(blocking=False)  # free while placing
        seen.append(got)
        if got:
            corpus._lock.release()
        assert corpus.stories_pending() == 1
        real(*args)  # type: ignore[arg-type]

    corpus._stories._place_all = spy  # type: ignore[method-assign]
    t = threading.Thread(target=corpus.story_labels)
    t.start()
    t.join()
    assert seen == [True] and corpus.stories_pending() == 0
