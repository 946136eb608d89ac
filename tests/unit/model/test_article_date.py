"""The article's date: one rule for the list, sort, after:/before: and export.

The reproduction of issue 15 item 1: a dump fetched 2025-02-19 09:15:02 with one
article "Published Feb. 17, 2025, 11:30 p.m. ET" and one "Published Feb. 18, 2025"
(a date without a time: that calendar day, not UTC midnight).
"""

from __future__ import annotations

import io

import pytest

from parsers.corpus.index import Corpus
from parsers.corpus.query import parse_query
from parsers.dump.parser import parse_text
from parsers.export import write_markdown
from parsers.when import article_day, reader_zone

PAYWALL = "You have been granted access, use your keyboard to continue reading."


def _article(title: str, published: str) -> str:
    head = f"{title}\n\n{PAYWALL}\n\n{title}\n\nA dek line.\n\n"
    return f"{head}Published {published}\n\nBody of {title}.\n\n"


DUMP = (
    "The Times 2025-02-19 09:15:02\n\n\n"
    + _article("Late On The Seventeenth", "Feb. 17, 2025, 11:30 p.m. ET")
    + _article("Dated The Eighteenth", "Feb. 18, 2025")
)


@pytest.fixture
def corpus(monkeypatch: pytest.MonkeyPatch) -> Corpus:
    monkeypatch.setenv("NEWSDESK_TZ", "America/New_York")
    c = Corpus()
    c.add(parse_text(DUMP).articles)
    return c


def _titles(c: Corpus, query: str, sort: str = "newest") -> list[str]:
    res = c.query(parse_query(query), sort=sort)
    return [c.headline(int(r)).title for r in res.rows]


def test_newest_first_puts_the_eighteenth_above_the_seventeenth(corpus: Corpus) -> None:
    assert _titles(corpus, "") == ["Dated The Eighteenth", "Late On The Seventeenth"]
    assert _titles(corpus, "", "oldest") == ["Late On The Seventeenth", "Dated The Eighteenth"]


def test_list_shows_the_day_in_the_readers_zone(corpus: Corpus) -> None:
    days = {corpus.headline(i).title: corpus.headline(i).date_text for i in range(len(corpus))}
    assert days == {"Late On The Seventeenth": "2025-02-17", "Dated The Eighteenth": "2025-02-18"}


def test_after_is_inclusive_and_before_exclusive(corpus: Corpus) -> None:
    assert _titles(corpus, "before:2025-02-18") == ["Late On The Seventeenth"]
    assert _titles(corpus, "after:2025-02-18") == ["Dated The Eighteenth"]
    assert _titles(corpus, "after:2025-02-17 before:2025-02-18") == ["Late On The Seventeenth"]
    assert _titles(corpus, "after:2025-02-19") == []


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/Los_Angeles", "UTC"])
def test_filters_agree_with_the_listed_day_in_any_zone(
    monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    monkeypatch.setenv("NEWSDESK_TZ", zone)
    assert str(reader_zone()) != ""
    c = Corpus()
    c.add(parse_text(DUMP).articles)
    for i in range(len(c)):
        h = c.headline(i)
        assert _titles(c, f"after:{h.date_text}").count(h.title) == 1
        assert h.title not in _titles(c, f"before:{h.date_text}")
    if zone == "Asia/Tokyo":  # 11:30 p.m. ET on the 17th is the 18th in Tokyo
        assert {c.headline(i).date_text for i in range(len(c))} == {"2025-02-18"}
    # the date-only article is Feb. 18 in every zone
    (dated,) = [a for a in parse_text(DUMP).articles if a.title.startswith("Dated")]
    assert article_day(dated.published) is not None
    assert str(article_day(dated.published)) == "2025-02-18"


def test_export_uses_the_same_day(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_TZ", "Asia/Tokyo")
    (late,) = [a for a in parse_text(DUMP).articles if a.title.startswith("Late")]
    assert str(article_day(late.published)) == "2025-02-18"
    out = io.StringIO()
    write_markdown([late], out)
    assert "2025-02-18 13:30" in out.getvalue()


def test_the_timeline_buckets_by_the_same_day(corpus: Corpus) -> None:
    import numpy as np

    from parsers.corpus.profile import timeline
    from parsers.corpus.rows import timestamp

    arts = sorted(parse_text(DUMP).articles, key=lambda a: a.title)  # Dated…, Late…
    when = np.array([timestamp(a.published) for a in arts])
    t = timeline(when, np.arange(2))
    assert str(t.start) == "2025-02-17"
    assert t.counts == (1, 1)  # the 17th (11:30 p.m. ET) and the 18th, one each
