"""SVG snapshots of the key screens (pytest-textual-snapshot).

Deterministic by construction: fixed terminal sizes, relative dates measured from
the newest article in the fixture corpus, no cursor blink, the reader following
the cursor without a timer, and no worker (the corpus is prebuilt).
Regenerate deliberately: ``pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from textual.pilot import Pilot

from parsers.corpus.query import parse_query
from tests.support.articles import make_app

PUTIN = "person:vladimir v. putin"


async def _toggle(pilot: Pilot, key: str, negate: bool = False) -> None:
    await pilot.pause()
    screen = pilot.app.main_screen  # type: ignore[attr-defined]
    screen.facets.focus()
    assert screen.facets.move_to_key(key)
    await pilot.press("x" if negate else "enter")
    await pilot.pause()


def test_main_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(120, 36))


def test_person_filter(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await _toggle(pilot, PUTIN)
        pilot.app.main_screen.headlines.focus()  # type: ignore[attr-defined]
        await pilot.press("enter")

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)


def test_country_filter_with_exclude(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await _toggle(pilot, "country:US")
        await _toggle(pilot, "country:TW", negate=True)

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)


def test_query_bar_error(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(), terminal_size=(120, 36), press=["slash", *"person:Putin OR -x", "enter"]
    )


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(120, 36), press=["question_mark"])


def test_narrow_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The reading view at 80x24: a compact header, the list down to a few rows."""
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["j", "enter"])


def test_wide_200x60(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """A wide terminal: list and reader side by side, the sidebar wide enough for names."""
    assert snap_compare(make_app(), terminal_size=(200, 60), press=["j", "enter"])


def test_entity_list(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(120, 36), press=["e"])


def test_empty_result(snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = make_app(filter_query="person:Putin -country:RU -country:UA")
    assert snap_compare(app, terminal_size=(120, 36))


def test_entity_profile(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        screen = pilot.app.main_screen  # type: ignore[attr-defined]
        screen.set_state(parse_query("country:US"))
        screen.facets.focus()
        assert screen.facets.move_to_key("country:UA")
        await pilot.press("i")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)


def test_light_theme_reader_focused(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 items 5 and 7: a light theme throughout, the reader's accent bar."""
    app = make_app()
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(120, 36), press=["enter"])


def test_dark_theme_sidebar_focused(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 item 7: the focused sidebar's accent bar and border (the list's cursor dims)."""
    assert snap_compare(make_app(), terminal_size=(120, 36), press=["f", "down"])


def test_grouped_stories(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The multi-source fixture set grouped by story (`S`), a story open in the reader
    with its "Also covered by"."""
    from pathlib import Path

    from parsers.pipeline import load_paths

    folder = Path(__file__).resolve().parents[1] / "fixtures" / "stories" / "tech"
    corpus = load_paths(sorted(str(p) for p in folder.iterdir()), use_cache=False).corpus

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(corpus), terminal_size=(120, 36), run_before=run_before)
