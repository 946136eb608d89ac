"""Time-zone names survive the cache: "EST", not "UTC-5" (issue 15 item 2)."""

from __future__ import annotations

from parsers.dump.parser import parse_text
from parsers.store.codec import article_from_dict, article_from_row, article_to_dict, article_to_row

PAYWALL = "You have been granted access, use your keyboard to continue reading."
DUMP = (
    "The Times 2025-02-19 09:15:02\n\n\nLate Story\n\n"
    f"{PAYWALL}\n\nLate Story\n\nA dek line.\n\n"
    "Published Feb. 17, 2025, 11:30 p.m. ET Updated July 1, 2025, 9:00 a.m. PT\n\nBody.\n"
)


def test_zone_names_survive_the_row_codec() -> None:
    (a,) = parse_text(DUMP).articles
    assert a.published is not None and a.published.tzname() == "EST"
    back = article_from_row(article_to_row(a))
    assert back == a
    assert back.published is not None and back.published.tzname() == "EST"
    assert back.updated is not None and back.updated.tzname() == "PDT"
    assert back.published.utcoffset() == a.published.utcoffset()


def test_zone_names_survive_the_dict_codec() -> None:
    (a,) = parse_text(DUMP).articles
    back = article_from_dict(article_to_dict(a))
    assert back.published is not None and back.published.tzname() == "EST"


def test_plain_offsets_and_naive_dates_still_read() -> None:
    d = article_to_dict(parse_text(DUMP).articles[0])
    d["published"] = "2025-02-17T23:30:00-05:00"
    assert article_from_dict(d).published.isoformat() == "2025-02-17T23:30:00-05:00"  # type: ignore[union-attr]
    d["published"] = "2025-02-18T00:00:00"
    assert article_from_dict(d).published.tzinfo is None  # type: ignore[union-attr]


def test_a_zone_name_is_never_read_as_a_path() -> None:
    d = article_to_dict(parse_text(DUMP).articles[0])
    d["published"] = "2025-02-17T23:30:00-05:00[/etc/passwd]"
    when = article_from_dict(d).published
    assert when is not None and when.utcoffset() is not None
    assert when.isoformat() == "2025-02-17T23:30:00-05:00"
