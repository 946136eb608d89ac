"""The dump parser on hand-written texts and the real fixture."""

from __future__ import annotations

from datetime import datetime

import pytest

from parsers.dump.lossless import check_lossless
from parsers.dump.parser import parse_text
from tests.support import NYT, needs_shared

PAYWALL = "You have been granted access, use your keyboard to continue reading."


def parse(text: str):
    result = parse_text(text, "t.txt")
    assert check_lossless(text, result) == []
    return result


def test_header_governs_following_articles():
    text = (
        "The Daily Lantern 2026-03-02 08:15:00\n\nFirst Headline Here\n\n"
        f"{PAYWALL}\n\nFirst Headline Here\n\nA dek sentence.\n\nBody one.\n\nBody two.\n\n"
        "Second Story Arrives\n\n"
        f"{PAYWALL}\n\nSecond Story Arrives\n\nAnother dek.\n\nBody.\n"
    )
    r = parse(text)
    assert [a.title for a in r.articles] == ["First Headline Here", "Second Story Arrives"]
    a = r.articles[0]
    assert a.source == "The Daily Lantern"
    assert a.retrieved == datetime(2026, 3, 2, 8, 15)
    assert a.published == a.retrieved
    assert a.dek == "A dek sentence."
    assert a.paragraphs == ("Body one.", "Body two.")
    assert a.origin.line == 3
    assert [d.reason for d in a.dropped] == ["paywall", "repeated headline"]
    assert r.stray[0].reason == "dump header"


def test_concatenated_headers_each_govern_their_articles():
    art = f"Story {{n}}\n\n{PAYWALL}\n\nStory {{n}}\n\nDek.\n\nBody {{n}}.\n\n"
    text = (
        "Wire One 2026-03-01 10:00:00\n\n"
        + art.format(n=1)
        + art.format(n=2)
        + "Wire Two 2026-03-05 11:30:00\n\n"
        + art.format(n=3)
    )
    r = parse(text)
    assert [(a.title, a.source) for a in r.articles] == [
        ("Story 1", "Wire One"),
        ("Story 2", "Wire One"),
        ("Story 3", "Wire Two"),
    ]
    assert r.articles[2].retrieved == datetime(2026, 3, 5, 11, 30)


def test_kicker_dek_and_furniture():
    text = (
        "Src 2026-03-02 00:00:00\n\nAdvertisement\n\nBig Move in Ottawa\n\n"
        f"{PAYWALL}\n\nNews Analysis\n\nBig Move in Ottawa\n\nThe dek explains it.\n\n"
        "Share full article\n\nListen to this article · 5:32 min Learn more\n\n"
        "By Ana Lima, Tomás Reyes and Kim Ji-woo\n\nReporting from Ottawa, Canada\n\n"
        "Published Feb. 18, 2025 Updated Feb. 19, 2025, 4:05 a.m. ET\n\n"
        "SKIP ADVERTISEMENT\n\nSupported by\n\n"
        "First paragraph of text.\n\n. Second paragraph with a stray dot.\n\n"
        "Officials at the summit.\nCredit...Jo Park for The Lantern\n\n"
        "Third paragraph.\n\nAna Lima in Ottawa and Bo Chen in Toronto contributed reporting.\n\n"
        "Related Content\n\nSome Other Headline\n\nRead more about Canada\n"
    )
    (a,) = parse(text).articles
    assert a.title == "Big Move in Ottawa"
    assert a.kicker == "News Analysis"
    assert a.dek == "The dek explains it."
    assert a.byline == ("Ana Lima", "Tomás Reyes", "Kim Ji-woo")
    assert a.dateline == "Ottawa, Canada"
    assert a.published is not None and a.published.date().isoformat() == "2025-02-18"
    assert a.updated is not None and a.updated.tzinfo is not None
    assert a.updated.hour == 4 and a.updated.utcoffset().total_seconds() == -5 * 3600
    assert a.paragraphs == (
        "First paragraph of text.",
        "Second paragraph with a stray dot.",
        "Third paragraph.",
    )
    assert [(c.text, c.credit) for c in a.captions] == [
        ("Officials at the summit.", "Jo Park for The Lantern")
    ]
    assert a.contributors == ("Ana Lima", "Bo Chen")
    assert "Toronto" in a.contributor_note
    reasons = {d.text: d.reason for d in a.dropped}
    assert reasons["Advertisement"] == "advertisement"
    assert reasons["Some Other Headline"] == "related"
    assert not a.truncated


def test_subheads_do_not_split_articles():
    text = (
        f"Port Deal Signed\n\n{PAYWALL}\n\nPort Deal Signed\n\nDek here.\n\nOpening para.\n\n"
        "What Comes Next\n\nMore text.\n\nThe Road Ahead for Lagos\n\nFinal text.\n"
    )
    (a,) = parse(text).articles
    assert [b.kind for b in a.blocks] == [
        "paragraph",
        "subhead",
        "paragraph",
        "subhead",
        "paragraph",
    ]
    assert a.paragraphs == ("Opening para.", "More text.", "Final text.")


def test_live_blog_time_lines():
    text = (
        f"Live Updates: Storm Hits Coast\n\n{PAYWALL}\n\nLive Updates: Storm Hits Coast\n\n"
        "Dek.\n\n9:42 a.m. ET\n\nRoads Closed in the North\n\nCrews worked overnight.\n\n"
        "10:05 a.m. ET\n\nPower returns to most homes.\n"
    )
    (a,) = parse(text).articles
    assert [b.kind for b in a.blocks] == ["time", "subhead", "paragraph", "time", "paragraph"]
    assert a.blocks[0].text == "9:42 a.m. ET"


def test_trailing_fragment_is_truncated():
    text = f"Full Story\n\n{PAYWALL}\n\nFull Story\n\nDek.\n\nBody.\n\nCut Off Story\n\n{PAYWALL}\n"
    r = parse(text)
    assert [a.title for a in r.articles] == ["Full Story", "Cut Off Story"]
    assert r.articles[1].truncated and not r.articles[1].paragraphs
    assert not r.articles[0].truncated


def test_crlf_and_bom_and_quotes():
    text = (
        '\ufeffSrc 2026-01-01 00:00:00\r\n\r\nIt’s a "Deal"\r\n\r\n'
        + PAYWALL
        + "\r\n\r\nBody ‘one’.\r\n"
    )
    (a,) = parse(text).articles
    assert a.source == "Src"
    assert a.title == 'It’s a "Deal"'
    assert a.paragraphs == ("Body ‘one’.",)


def test_sentence_starting_with_by_is_not_a_byline():
    text = f"T\n\n{PAYWALL}\n\nT\n\nDek.\n\nBy Thursday morning, it was a sentiment in Kyiv.\n"
    (a,) = parse(text).articles
    assert a.byline == ()
    assert a.paragraphs == ("By Thursday morning, it was a sentiment in Kyiv.",)


def test_ids_are_stable_and_distinct():
    text = f"A\n\n{PAYWALL}\n\nBody.\n\nB\n\n{PAYWALL}\n\nBody.\n"
    ids1 = [a.id for a in parse_text(text).articles]
    ids2 = [a.id for a in parse_text(text).articles]
    assert ids1 == ids2 and len(set(ids1)) == 2


@pytest.mark.parametrize("text", ["", "\n\n   \n", "Src 2026-01-01 00:00:00\n"])
def test_degenerate_inputs(text):
    r = parse(text)
    assert r.articles == []


def test_text_without_structure_is_kept():
    text = "just some words\n\nand more words.\n"
    (a,) = parse(text).articles
    assert a.title == "just some words"
    assert a.paragraphs == ("and more words.",)


@needs_shared
def test_real_fixture():
    text = NYT.read_text(encoding="utf-8")
    r = parse(text)
    assert [a.origin.line for a in r.articles] == [4, 87, 145]
    a1, a2, a3 = r.articles
    assert a1.dek.startswith("Trump’s recent moves")
    assert a2.kicker == "News Analysis"
    assert a2.dek.startswith("Vladimir Putin’s call")
    assert a3.kicker == "" and a3.dek == ""
    assert a1.contributors == ("Anton Troianovski",)
    assert a3.contributors == ("Ana Swanson", "Amy Chang Chien")
    assert all(a.source == "The New York Times" for a in r.articles)
    assert a3.dropped[-1].reason == "newsletter promo"
    # line 53's stray ". " is removed
    assert any(p.startswith("It envisions") for p in a1.paragraphs)
    assert sum(len(a.paragraphs) for a in r.articles) == 36 + 23 + 21


def test_article_without_paywall_is_found_by_its_repeated_headline():
    text = (
        "Src 2026-01-01 00:00:00\n\nFirst Story Title\n\n"
        f"{PAYWALL}\n\nFirst Story Title\n\nDek one.\n\nBody one.\n\n"
        "Free Story Without Paywall\n\nNews Analysis\n\nFree Story Without Paywall\n\n"
        "Dek two.\n\nBody two.\n\nWhat Comes Next\n\nMore body.\n"
    )
    first, second = parse(text).articles
    assert first.paragraphs == ("Body one.",)
    assert second.title == "Free Story Without Paywall"
    assert second.kicker == "News Analysis" and second.dek == "Dek two."
    assert [b.kind for b in second.blocks] == ["paragraph", "subhead", "paragraph"]


def test_related_tail_stays_with_its_article():
    text = (
        f"One\n\n{PAYWALL}\n\nOne\n\nDek.\n\nBody.\n\nRelated Content\n\nRead more about Chile\n\n"
        f"Advertisement\n\nTwo\n\n{PAYWALL}\n\nTwo\n\nDek.\n\nBody.\n"
    )
    one, two = parse(text).articles
    assert [d.text for d in one.dropped if d.reason == "related"] == [
        "Related Content",
        "Read more about Chile",
    ]
    assert two.dropped[0].text == "Advertisement"


def test_dump_starting_with_the_paywall_takes_the_next_line_as_title():
    (a,) = parse(f"{PAYWALL}\n\nHeadline Here\n\nA dek.\n\nBody.\n").articles
    assert (a.title, a.dek, a.paragraphs) == ("Headline Here", "A dek.", ("Body.",))


def test_two_paywall_lines_in_a_row_are_one_page():
    text = f"Head Line\n\n{PAYWALL}\n{PAYWALL}\n\nHead Line\n\nA dek.\n\nBody.\n"
    (a,) = parse(text).articles
    assert (a.title, a.dek, a.paragraphs) == ("Head Line", "A dek.", ("Body.",))


def test_year_less_date_without_a_header_is_claimed_but_unread():
    (a,) = parse(f"Head Line\n\n{PAYWALL}\n\nPublished Jan. 1\n\nBody.\n").articles
    assert a.published is None and a.paragraphs == ("Body.",)


def test_year_less_date_never_uses_the_machine_clock():
    text = f"Src 2024-01-02 05:00:00\n\nHead Line\n\n{PAYWALL}\n\nPublished Dec. 30\n\nBody.\n"
    (a,) = parse(text).articles
    assert a.published == datetime(2023, 12, 30)  # the year before the header's


def test_separators_and_visual_credits_are_set_aside():
    text = (
        f"Head Line\n\n{PAYWALL}\n\nHead Line\n\nA dek.\n\nBy Ana Lima\n\n"
        "Photographs by Jo Park for The Wire\n\nBody one.\n\n* * *\n\nBody two.\n"
    )
    (a,) = parse(text).articles
    assert a.paragraphs == ("Body one.", "Body two.")
    assert a.byline == ("Ana Lima",)
    assert {d.reason for d in a.dropped} >= {"separator", "visual credit"}


def test_fast_article_construction_equals_the_dataclass_init():
    import dataclasses

    text = f"Head Line\n\n{PAYWALL}\n\nHead Line\n\nA dek.\n\nBy Ana Lima\n\nBody.\n"
    (a,) = parse(text).articles
    b = dataclasses.replace(a)  # goes through Article.__init__
    assert a == b and hash(a) == hash(b) and a.entities is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.title = "x"  # type: ignore[misc]


def test_stray_dot_artifacts_do_not_hide_what_a_line_is():
    text = (
        f"Head Line\n\n{PAYWALL}\n\n. Head Line\n\n. A dek.\n\n. By Ana Lima\n\n"
        ". Published Feb. 18, 2025\n\n. Body one.\n\n. Advertisement\n\n"
        ". Ana Lima contributed reporting.\n"
    )
    (a,) = parse(text).articles
    assert (a.dek, a.byline, a.contributors) == ("A dek.", ("Ana Lima",), ("Ana Lima",))
    assert a.published == datetime(2025, 2, 18) and a.paragraphs == ("Body one.",)


def test_same_title_and_date_get_distinct_ids_but_a_rescrape_keeps_its_id():
    page = f"Corrections\n\n{PAYWALL}\n\nCorrections\n\n"
    head = "Src 2026-01-01 00:00:00\n\n"
    text = f"{head}{page}An error.\n\n{page}Another error.\n\n{page}An error.\n"
    a, b, c = parse(text).articles
    assert a.id != b.id and a.id == c.id
    (alone,) = parse(f"Src 2026-01-01 00:00:00\n\n{page}An error.\n").articles
    assert alone.id == a.id  # the first keeps the plain id, so other dumps merge with it


def test_byline_after_an_unknown_line_is_kept_when_a_date_line_follows():
    text = (
        f"Head Line\n\n{PAYWALL}\n\nHead Line\n\nA dek.\n\nA lead photo without a credit line\n\n"
        "By Ana Lima\n\nPublished Feb. 18, 2025\n\nBody one.\n\nBy Land and Sea\n\nBody two.\n"
    )
    (a,) = parse(text).articles
    assert a.byline == ("Ana Lima",) and a.published == datetime(2025, 2, 18)
    assert [b.text for b in a.blocks if b.kind == "subhead"] == ["By Land and Sea"]


def test_a_subhead_scraped_twice_never_splits_a_paywalled_article():
    text = (
        f"Head Line\n\n{PAYWALL}\n\nHead Line\n\nA dek.\n\nBody one.\n\n"
        "What Comes Next\n\nWhat Comes Next\n\nBody two.\n\nBy Ana Lima\n\nBy Ana Lima\n\nEnd.\n"
    )
    (a,) = parse(text).articles
    assert a.paragraphs[:2] == ("Body one.", "Body two.")


def test_many_paywall_lines_in_a_row_parse_in_linear_time():
    import time

    text = f"{PAYWALL}\n" * 20000
    t0 = time.process_time()
    parse(text)
    assert time.process_time() - t0 < 2.0


def test_paywall_above_the_headline_pair():
    text = (
        "Src 2026-01-01 00:00:00\n\nPrevious Story\n\n"
        f"{PAYWALL}\n\nPrevious Story\n\nDek one.\n\nLast paragraph of it.\n\n"
        f"{PAYWALL}\n\nSecond Story\n\nSecond Story\n\nDek two.\n\nBody two.\n"
    )
    first, second = parse(text).articles
    assert first.paragraphs == ("Last paragraph of it.",)
    assert (second.title, second.dek) == ("Second Story", "Dek two.")
    assert second.paragraphs == ("Body two.",)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (
            "Tripp Mickle reported from San Francisco, and Alex Travelli from New Delhi.",
            ("Tripp Mickle", "Alex Travelli"),
        ),
        ("Ana Lima and Bo Chen reported from Kyiv, Ukraine.", ("Ana Lima", "Bo Chen")),
    ],
)
def test_reporters_credit_at_the_end_is_a_contributor_line(line, names):
    text = f"Head Line\n\n{PAYWALL}\n\nHead Line\n\nA dek.\n\nBody one.\n\n{line}\n"
    (a,) = parse(text).articles
    assert a.contributors == names and a.paragraphs == ("Body one.",)


def test_a_sentence_with_reported_stays_a_paragraph():
    line = "The ministry reported from its regional offices that prices rose, and more."
    text = f"Head Line\n\n{PAYWALL}\n\nHead Line\n\nA dek.\n\n{line}\n"
    (a,) = parse(text).articles
    assert a.contributors == () and a.paragraphs == (line,)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (
            "Hari Dass contributed reporting from Pune, and Zia ur-Rashid from Multan, Pakistan.",
            ("Hari Dass", "Zia ur-Rashid"),
        ),
        (
            "Mina Cho contributed reporting from Busan, and Aiko Ueno from Kobe.",
            ("Mina Cho", "Aiko Ueno"),
        ),
        ("Ana Lima contributed reporting from Bosnia and Herzegovina.", ("Ana Lima",)),
    ],
)
def test_contributor_line_with_a_second_reporter_after_the_place(line, names):
    text = f"Head Line\n\n{PAYWALL}\n\nHead Line\n\nA dek.\n\nBody one.\n\n{line}\n"
    (a,) = parse(text).articles
    assert a.contributors == names


def _page(body: str, head: str = "The Daily Lantern 2025-04-02 18:00:00") -> str:
    return f"{head}\n\nA Headline Here\n\n{PAYWALL}\n\nA Headline Here\n\n{body}"


@pytest.mark.parametrize(
    ("line", "minutes"),
    [
        ("Updated 12 minutes ago", 12),
        ("Updated 1 hour ago", 60),
        ("Updated an hour ago", 60),
        ("Updated 2h ago", 120),
        ("Updated 25m ago", 25),
        ("Updated just now", 0),
    ],
)
def test_relative_updated_line_counts_back_from_the_header(line, minutes):
    from datetime import timedelta

    r = parse(_page(f"{line}\n\nBody sentence one.\n"))
    a = r.articles[0]
    assert a.dek == ""
    assert a.updated == datetime(2025, 4, 2, 18, 0) - timedelta(minutes=minutes)
    assert a.paragraphs == ("Body sentence one.",)


def test_bare_date_line_in_the_page_head_is_the_published_date():
    r = parse(_page("A dek here.\n\nBy Ana Lima\n\nMarch 8, 2025\n\nYes.\n\nBody two.\n"))
    a = r.articles[0]
    assert a.published == datetime(2025, 3, 8)
    assert [b.kind for b in a.blocks] == ["paragraph", "paragraph"]


def test_bare_date_line_after_the_first_paragraph_is_not_taken():
    r = parse(_page("A dek here.\n\nBody one.\n\nMarch 8, 2025\n\nBody two.\n"))
    assert r.articles[0].published == datetime(2025, 4, 2, 18, 0)


def test_live_blog_sentence_case_update_headlines_are_subheads():
    body = (
        "Updated 5 minutes ago\n\nHere’s what to know\n\nThe storm grew overnight.\n\n"
        "4:12 p.m. ET\n\n"
        "Governor orders shelters opened in three parishes\n\nShelters open at noon.\n\n"
        "3:20 p.m. ET\n\nWhat the forecast says\n\nLandfall is expected late Wednesday.\n"
    )
    a = parse(_page(body)).articles[0]
    assert [b.kind for b in a.blocks] == [
        "subhead",
        "paragraph",
        "time",
        "subhead",
        "paragraph",
        "time",
        "subhead",
        "paragraph",
    ]


def test_short_unpunctuated_paragraph_outside_live_blogs_stays_a_paragraph():
    text = _page("A dek.\n\nBody one.\n\nbut then nothing happened at all\n\nEnd.\n")
    a = parse(text).articles[0]
    assert len(a.paragraphs) == 3


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("Reporting from Houma, La.", "Houma, La."),
        ("Reporting from Washington, D.C.", "Washington, D.C."),
        ("Reporting from Kyiv, Ukraine.", "Kyiv, Ukraine"),
        ("Reporting from Boston", "Boston"),
        ("Reporting from the West Bank", "the West Bank"),
    ],
)
def test_dateline_keeps_an_abbreviation_period(line, place):
    a = parse(_page(f"A dek.\n\n{line}\n\nBody one.\n")).articles[0]
    assert a.dateline == place


@pytest.mark.parametrize("line", ["Leer en español", "Read in English", "Lire en français"])
def test_language_switch_links_are_furniture(line):
    a = parse(_page(f"A dek.\n\n{line}\n\nBody one.\n")).articles[0]
    assert a.paragraphs == ("Body one.",)
    assert a.dropped[-1].text == line


def test_print_edition_line_and_explore_coverage_end_the_page():
    body = (
        "A dek.\n\nBody one.\n\n"
        "A version of this article appears in print on July 20, 2025, Section A, Page 1 of "
        "the New York edition with the headline: Keepers. Order Reprints | Today’s Paper\n\n"
        "Explore Our Coverage of Canada\n\nOttawa Weighs New Tariffs\n\n"
        "A Quiet Election in Alberta Shapes the Race for Premier Next Spring, Officials Say.\n"
    )
    a = parse(_page(body)).articles[0]
    assert a.paragraphs == ("Body one.",)
    assert [d.reason for d in a.dropped[-4:]] == ["related"] * 4


@pytest.mark.parametrize(
    "line",
    [
        "The Times is committed to publishing a diversity of letters to the editor. We’d like "
        "to hear what you think about this or any of our articles.",
        "Follow the New York Times Opinion section on Facebook, Instagram, TikTok and Threads.",
    ],
)
def test_opinion_boilerplate_is_a_promo(line):
    a = parse(_page(f"A dek.\n\nBody one.\n\n{line}\n")).articles[0]
    assert a.paragraphs == ("Body one.",)
    assert a.dropped[-1].reason == "newsletter promo"


def test_dated_time_line_in_the_head_of_a_plain_page_is_its_date():
    from dateutil import tz

    a = parse(_page("By Ana Lima\n\nFeb. 13, 2025, 9:42 a.m. ET\n\nBody one.\n")).articles[0]
    assert a.published == datetime(2025, 2, 13, 9, 42, tzinfo=tz.gettz("America/New_York"))
    assert a.paragraphs == ("Body one.",)
    assert not any(b.kind == "time" for b in a.blocks)


def test_dated_time_line_in_the_head_of_a_live_blog_stays_a_time_block():
    body = "By Ana Lima\n\nFeb. 13, 2025, 9:42 a.m. ET\n\nBody one.\n\n10:15 a.m. ET\n\nBody two.\n"
    a = parse(_page(body)).articles[0]
    assert [b.kind for b in a.blocks] == ["time", "paragraph", "time", "paragraph"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (
            "Lorenzo de’ Medici and Anh Nguyen contributed reporting.",
            ["Lorenzo de’ Medici", "Anh Nguyen"],
        ),
        ("Valéry d’Estaing contributed reporting.", ["Valéry d’Estaing"]),
    ],
)
def test_contributor_names_with_elided_particles(line, names):
    a = parse(_page(f"A dek.\n\nBody one.\n\n{line}\n")).articles[0]
    assert list(a.contributors) == names


def test_opinion_boilerplate_after_the_body_is_dropped_in_line_order():
    body = (
        "A dek.\n\nBody one.\n\nThe Times is committed to publishing a diversity of letters to "
        "the editor.\n\nFollow the Times Opinion section on Facebook and Threads.\n"
    )
    a = parse(_page(body)).articles[0]
    assert a.paragraphs == ("Body one.",)
    lines = [d.line for d in a.dropped]
    assert lines == sorted(lines)


@pytest.mark.parametrize("sep", [" —", " |", ":", " -", " ·"])
def test_header_separator_before_the_timestamp_is_not_part_of_the_source(sep):
    from parsers.dump.dates import parse_header_time

    assert parse_header_time(f"The New York Times{sep} 2025-02-14 00:11:28") == (
        "The New York Times",
        datetime(2025, 2, 14, 0, 11, 28),
    )


def test_bare_date_line_after_lead_photo_captions_is_the_published_date():
    body = (
        "Credit...Ana Lima\n\nRescuers in Valencia on July 29.\n\nCredit...Ben Ortiz/Reuters\n\n"
        "By Ana Lima\n\nJuly 31, 2025\n\nThe floods killed at least 200 people.\n"
    )
    a = parse(_page(body)).articles[0]
    assert a.published == datetime(2025, 7, 31)
    assert [b.kind for b in a.blocks] == ["paragraph"]
    assert len(a.captions) == 2


@pytest.mark.parametrize(
    ("title", "repeat"),
    [
        ("Gaza Talks Resume — With Caveats", "Gaza Talks Resume - With Caveats"),
        ("The 10 Best Books of the Summer", "The 10 Best Books of the Summer."),
        ("Storms…and More Storms", "Storms ... and More Storms"),
        ("“Yes,” She Said", '"Yes," she said'),
    ],
)
def test_headline_repeated_with_other_punctuation_is_the_repeat(title, repeat):
    text = (
        f"The Daily Lantern 2025-09-01 08:00:00\n\n{title}\n\n{PAYWALL}\n\n{repeat}\n\n"
        "A dek.\n\nBy Ana Lima\n\nBody one.\n"
    )
    a = parse(text).articles[0]
    assert a.title == title
    assert a.dek == "A dek."
    assert a.byline == ("Ana Lima",)
    assert a.dropped[-1] == (7, repeat, "repeated headline")


def test_a_final_jr_keeps_its_period_in_bylines_and_credit_lines():
    from parsers.dump.furniture import parse_byline, parse_contributors

    assert parse_byline("By Ana Lima and Ben Ortiz Jr.") == ["Ana Lima", "Ben Ortiz Jr."]
    assert parse_byline("By Ana Lima.") == ["Ana Lima"]
    assert parse_contributors("Reporting was contributed by Ana Lima and Ben Ortiz Jr.") == [
        "Ana Lima",
        "Ben Ortiz Jr.",
    ]


@pytest.mark.parametrize(
    ("line", "updated"),
    [
        ("Published Feb. 18, 2025 | Updated Feb. 19, 2025", datetime(2025, 2, 19)),
        ("Published Feb. 18, 2025 · Updated Feb. 19, 2025", datetime(2025, 2, 19)),
        ("Published Feb. 18, 2025 Updated 2 hours ago", datetime(2025, 4, 2, 16, 0)),
    ],
)
def test_published_line_with_a_separator_or_a_relative_update(line, updated):
    a = parse(_page(f"By Ana Lima\n\n{line}\n\nBody one.\n")).articles[0]
    assert a.published == datetime(2025, 2, 18)
    assert a.updated == updated
    assert a.paragraphs == ("Body one.",)


@pytest.mark.parametrize(
    "line", ["Graphic by Ana Lima", "Maps by Ana Lima and Ben Ortiz", "Photography by Ana Lima"]
)
def test_more_visual_credit_lines_are_set_aside(line):
    a = parse(_page(f"A dek.\n\n{line}\n\nBody one.\n")).articles[0]
    assert a.paragraphs == ("Body one.",)
    assert a.dropped[-1] == (11, line, "visual credit")


def test_one_word_question_in_a_body_is_a_paragraph():
    a = parse(_page("A dek.\n\nBody one.\n\nWhy?\n\nBecause.\n\nWhy Now?\n\nBody two.\n")).articles[
        0
    ]
    assert [b.kind for b in a.blocks] == [
        "paragraph",
        "paragraph",
        "paragraph",
        "subhead",
        "paragraph",
    ]


def test_kicker_run_ends_at_a_repeat_with_other_punctuation():
    text = (
        f"The Daily Lantern 2025-09-01 08:00:00\n\nTalks Resume — With Caveats\n\n{PAYWALL}\n\n"
        "Middle East Crisis\n\nTalks Resume - With Caveats\n\nA dek.\n\nBody one.\n"
    )
    a = parse(text).articles[0]
    assert (a.kicker, a.dek, a.paragraphs) == ("Middle East Crisis", "A dek.", ("Body one.",))


def test_lead_photo_between_paywall_and_repeated_headline_keeps_the_page_head():
    body = "The union said talks had failed.\n\nBy Ben Ortiz\n\nThe vote was 90 percent in favor.\n"
    text = (
        f"The Daily Lantern 2025-09-01 08:00:00\n\nDockworkers Vote to Strike\n\n{PAYWALL}\n\n"
        "Cranes stood idle at the port on Monday.\n\nCredit...Ana Lima\n\n"
        f"Dockworkers Vote to Strike\n\n{body}"
    )
    a = parse(text).articles[0]
    assert a.dek == "The union said talks had failed."
    assert a.byline == ("Ben Ortiz",)
    assert a.paragraphs == ("The vote was 90 percent in favor.",)
    assert len(a.captions) == 1


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (
            "Ana Lima in Kyiv, Ukraine; Ben Ortiz in Moscow; and Carla Diaz in Washington "
            "contributed reporting.",
            ["Ana Lima", "Ben Ortiz", "Carla Diaz"],
        ),
        (
            "Ana Lima and Ben Ortiz contributed reporting, and Carla Diaz contributed research.",
            ["Ana Lima", "Ben Ortiz", "Carla Diaz"],
        ),
        (
            "Ana Lima contributed reporting. Carla Diaz contributed research.",
            ["Ana Lima", "Carla Diaz"],
        ),
        ("Ana Lima contributed to this report.", ["Ana Lima"]),
    ],
)
def test_contributor_lines_with_semicolons_two_clauses_or_wire_wording(line, names):
    a = parse(_page(f"A dek.\n\nBody one.\n\n{line}\n")).articles[0]
    assert list(a.contributors) == names
    assert a.paragraphs == ("Body one.",)


def test_a_sentence_with_contributed_twice_stays_a_paragraph():
    line = "Ana Lima contributed reporting. The rest contributed too."
    a = parse(_page(f"A dek.\n\nBody one.\n\n{line}\n")).articles[0]
    assert a.paragraphs == ("Body one.", line)


def test_reporting_from_the_place_after_the_first_paragraph_is_a_subhead():
    a = parse(_page("A dek.\n\nBody one.\n\nReporting from the Depot\n\nBody two.\n")).articles[0]
    assert a.dateline == ""
    assert [b.kind for b in a.blocks] == ["paragraph", "subhead", "paragraph"]


def test_file_cut_mid_paragraph_marks_the_last_article_truncated():
    cut = _page("A dek.\n\nBody one.\n\nThe second paragraph stops in the mid")
    assert parse(cut).articles[0].truncated
    whole = _page("A dek.\n\nBody one.\n\nThe second paragraph ends.")
    assert not parse(whole).articles[0].truncated
    # A final newline: the scrape ended the line itself; the text is what it is.
    assert not parse(cut + "\n").articles[0].truncated


def test_live_updates_kicker_without_time_lines_still_has_sentence_case_headings():
    text = (
        f"The Daily Lantern 2025-09-01 08:00:00\n\nStorm Nears\n\n{PAYWALL}\n\nLive Updates\n\n"
        "Storm Nears\n\nA dek.\n\nBody one.\n\nGovernor orders shelters opened\n\nBody two.\n"
    )
    a = parse(text).articles[0]
    assert a.kicker == "Live Updates"
    assert [b.kind for b in a.blocks] == ["paragraph", "subhead", "paragraph"]


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Listen · 5:32 min", True),
        ("Listen to this article · 5:32 min Learn more", True),
        ("Listen, the mayor said, nobody wanted this.", False),
    ],
)
def test_listen_bar_variants(line, furniture):
    from parsers.dump.furniture import furniture_reason

    assert (furniture_reason(line) == "listen bar") is furniture


@pytest.mark.parametrize("mark", ["’", "'"])
def test_paywall_contraction_anchors_an_article(mark):
    text = (
        "The Daily Lantern 2025-09-01 08:00:00\n\nFirst Story\n\n"
        f"{PAYWALL}\n\nFirst Story\n\nA dek.\n\nBody one.\n\n"
        f"Second Story\n\nYou{mark}ve been granted access, use your keyboard to continue"
        " reading.\n\n"
        "Second Story\n\nAnother dek.\n\nBody two.\n"
    )
    r = parse(text)
    assert [a.title for a in r.articles] == ["First Story", "Second Story"]
    assert list(r.articles[1].paragraphs) == ["Body two."]


def test_colon_credit_line_is_a_photo_credit_but_colon_prose_is_not():
    text = (
        f"The Daily Lantern 2025-09-01 08:00:00\n\nMill Closes\n\n{PAYWALL}\n\nMill Closes\n\n"
        "A dek.\n\nBody one.\n\nThe empty mill on Tuesday.\n\nCredit: Lena Voss for The Lantern\n\n"
        "Credit: lenders tightened terms, the board said.\n\n"
        "Credit: That Is What They Call It Here, the Owner Said.\n"
    )
    a = parse(text).articles[0]
    assert [(c.text, c.credit) for c in a.captions] == [
        ("The empty mill on Tuesday.", "Lena Voss for The Lantern")
    ]
    assert list(a.paragraphs) == [
        "Body one.",
        "Credit: lenders tightened terms, the board said.",
        "Credit: That Is What They Call It Here, the Owner Said.",
    ]


def test_bullet_list_keeps_its_markers_but_a_lone_bullet_is_an_artifact():
    text = (
        f"The Daily Lantern 2025-09-01 08:00:00\n\nMill Closes\n\n{PAYWALL}\n\nMill Closes\n\n"
        "A dek.\n\nThe union listed its demands:\n\n• Higher pay.\n• Shorter shifts.\n\n"
        "• The mill closed anyway, its owner said on Tuesday.\n\n"
        "Nobody was surprised by the outcome at the end.\n\n· A stray dot opened this line.\n"
    )
    a = parse(text).articles[0]
    assert list(a.paragraphs) == [
        "The union listed its demands:",
        "• Higher pay.",
        "• Shorter shifts.",
        "• The mill closed anyway, its owner said on Tuesday.",
        "Nobody was surprised by the outcome at the end.",
        "A stray dot opened this line.",
    ]


def test_paywall_with_stray_dot_artifact_still_starts_an_article():
    text = (
        f"The Daily Lantern 2025-09-01 08:00:00\n\nFirst Story\n\n{PAYWALL}\n\nFirst Story\n\n"
        f"A dek.\n\nBody one.\n\nSecond Story\n\n. {PAYWALL}\n\nSecond Story\n\nAnother dek.\n\n"
        "Body two.\n"
    )
    r = parse(text)
    assert [a.title for a in r.articles] == ["First Story", "Second Story"]
    assert [list(a.paragraphs) for a in r.articles] == [["Body one."], ["Body two."]]
