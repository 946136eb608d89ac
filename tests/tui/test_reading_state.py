"""Pilot tests for the reading state: r, *, R/U, the Library, views, o, y/Y, E, --view."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from parsers.corpus.query import Term, parse_query
from parsers.state import StateStore
from tests.support.articles import build_corpus, make_app, sample_articles, wait_until
from tui.screens.dialogs import ExportDialog, NameDialog
from tui.screens.help import KEYS
from tui.screens.main import MainScreen


def ids(screen: MainScreen, rows: Any) -> list[str]:
    return screen.corpus.ids_of(rows)


def status(screen: MainScreen) -> str:
    return str(screen.query_one("#status").render())


def notices(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


def ready(app: Any, kind: type, selector: str) -> bool:
    """The dialog of type ``kind`` is up and ``selector`` inside it is mounted."""
    return isinstance(app.screen, kind) and bool(app.screen.query(selector))


def row_text(screen: MainScreen, index: int) -> str:
    strip = screen.headlines.render_row(index, 100, False)
    return "".join(seg.text for seg in strip)


async def test_open_and_r_mark_read_and_it_outlives_the_app(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    app = make_app(state_store=StateStore(path))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        rows = list(screen.headlines.rows)
        assert "· 8 unread" in status(screen)
        assert row_text(screen, 0).startswith("•")
        await pilot.press("enter")  # open: read
        await pilot.pause()
        first = ids(screen, rows[:1])[0]
        assert app.state_store.is_read(first)
        assert "· 7 unread" in status(screen)
        assert not row_text(screen, 0).startswith("•")
        screen.headlines.focus()
        await pilot.press("j", "r")  # r on the second: read; again: unread
        second = ids(screen, rows[1:2])[0]
        assert app.state_store.is_read(second)
        await pilot.press("r")
        assert not app.state_store.is_read(second)
        await pilot.press("r")
        await pilot.press("escape")
    with StateStore(path) as again:
        assert set(again.ids("read")) == {first, second}


async def test_r_in_the_reader_acts_on_the_open_article() -> None:
    app = make_app(state_store=StateStore(memory=True))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reader.has_focus_within
        opened = ids(screen, [screen.reader.row])[0]
        assert app.state_store.is_read(opened)
        await pilot.press("r")
        assert not app.state_store.is_read(opened)


async def test_star_marks_the_row_and_is_starred_filters() -> None:
    app = make_app(state_store=StateStore(memory=True))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("j", "j", "asterisk")
        row = screen.headlines.current_row
        assert row is not None
        starred = ids(screen, [row])[0]
        assert set(app.state_store.ids("starred")) == {starred}
        assert row_text(screen, 2)[1] == "★"
        assert row_text(screen, 0)[1] == " "
        await pilot.press("slash", *"is:starred", "enter")
        await pilot.pause()
        assert ids(screen, screen.headlines.rows) == [starred]
        assert screen.state.terms == (Term("is", "starred"),)
        await pilot.press("asterisk")  # unstar: the list keeps the row until the next query
        assert not app.state_store.ids("starred")


async def test_R_marks_the_whole_result_read_and_U_undoes() -> None:
    app = make_app(filter_query="country:RU", state_store=StateStore(memory=True))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        store = app.state_store
        shown = set(ids(screen, screen.headlines.rows))
        assert 0 < len(shown) < 8
        await pilot.press("R")
        assert set(store.ids("read")) == shown
        assert "· 0 unread" in status(screen)
        assert any("U undoes" in m for m in notices(app))
        await pilot.press("U")
        assert not store.ids("read")
        await pilot.press("U")
        assert any("No read or star change to undo" in m for m in notices(app))


async def test_U_after_R_restores_exactly_what_R_changed() -> None:
    """An article read before ``R`` stays read after ``U``; counts follow each step."""
    app = make_app(filter_query="country:RU", state_store=StateStore(memory=True))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        store = app.state_store
        shown = ids(screen, screen.headlines.rows)
        await pilot.press("r")  # the highlighted one read by hand
        first = set(store.ids("read"))
        assert len(first) == 1
        await pilot.press("R", "U")
        assert set(store.ids("read")) == first
        assert f"· {len(shown) - 1} unread" in status(screen)
        await pilot.press("slash", *" is:unread", "enter")  # after country:RU
        await pilot.pause()
        assert screen.state.to_query() == "country:RU is:unread"
        assert set(ids(screen, screen.headlines.rows)) == set(shown) - first


async def test_the_library_section_counts_and_filters() -> None:
    store = StateStore(memory=True)
    arts = sample_articles()
    store.set_flag("read", [a.id for a in arts[:3]])
    store.set_flag("starred", [arts[0].id])
    store.save_view("Russia", "country:RU", "oldest")
    app = make_app(build_corpus(arts), state_store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        library = screen.facets.section_of("library")
        assert library is not None
        counts = dict(library.entries)
        assert counts["is:unread"] == len(arts) - 3 and counts["is:starred"] == 1
        russia = screen.corpus.count(parse_query("country:RU"))
        assert counts["view:Russia"] == russia
        await pilot.press("L")
        assert screen.facets.has_focus
        await pilot.press("enter")  # Unread: a filter term, as an entity would be
        await pilot.pause()
        assert screen.state.terms == (Term("is", "unread"),)
        assert screen.result is not None and screen.result.total == len(arts) - 3
        await pilot.press("x")  # again with x: the exclude instead
        await pilot.pause()
        assert screen.state.terms == (Term("is", "unread", True),)
        assert screen.facets.move_to_key("view:Russia")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state == parse_query("country:RU") and screen.sort == "oldest"


async def test_ctrl_s_saves_a_view_and_the_palette_renames_and_deletes(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    app = make_app(filter_query="country:RU -tariffs", state_store=StateStore(path))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await pilot.press("s")  # oldest first
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: ready(app, NameDialog, "#name-input"))
        await pilot.press(*"[b]Russia[/b]", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        view = app.state_store.view("[b]Russia[/b]")
        assert view is not None and view.query == "country:RU -tariffs" and view.sort == "oldest"
        library = screen.facets.section_of("library")
        assert library is not None and "view:[b]Russia[/b]" in dict(library.entries)
        assert screen.facets.view.name_of("view:[b]Russia[/b]") == "▸ [b]Russia[/b]"
        screen.library.rename_view("[b]russia[/b]")
        await wait_until(pilot, lambda: ready(app, NameDialog, "#name-input"))
        dialog = app.screen
        assert isinstance(dialog, NameDialog)
        dialog.query_one("#name-input").value = "Russia, no tariffs"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert [v.name for v in app.state_store.views()] == ["Russia, no tariffs"]
        screen.library.delete_view("russia, no tariffs")
        assert app.state_store.views() == []
        await pilot.press("ctrl+s")  # esc cancels
        await wait_until(pilot, lambda: ready(app, NameDialog, "#name-input"))
        await pilot.press("escape")
        assert app.state_store.views() == []


async def test_view_opens_from_make_app_and_cli_refuses_an_unknown_one(capsys) -> None:
    store = StateStore(memory=True)
    store.save_view("ru", "country:RU", "oldest")
    app = make_app(state_store=store, view="RU")
    async with app.run_test(size=(120, 36)):
        screen = app.main_screen
        assert screen.state == parse_query("country:RU") and screen.sort == "oldest"
    with pytest.raises(LookupError):
        make_app(state_store=store, view="nope")
    from tui.cli import main

    assert main(["--view", "nope", "--no-cache"]) == 2
    assert "no saved view named 'nope'" in capsys.readouterr().err


def _with_url(url: str) -> list[Any]:
    arts = sample_articles()
    return [replace(arts[0], url=url), *arts[1:]]


async def test_o_opens_the_url_or_says_there_is_none(monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    arts = _with_url("https://example.org/a")
    app = make_app(build_corpus(arts), state_store=StateStore(memory=True))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        assert screen.headlines.move_to_row(screen.corpus.index_of(arts[0].id) or 0)
        await pilot.press("o")
        await wait_until(pilot, lambda: opened)
        assert opened == ["https://example.org/a"]
        screen.headlines.move_to_row(screen.corpus.index_of(arts[1].id) or 0)
        await pilot.press("o")
        assert "This article has no URL" in notices(app)


async def test_o_without_a_browser_copies_the_url(monkeypatch) -> None:
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    arts = _with_url("https://example.org/a")
    app = make_app(build_corpus(arts), state_store=StateStore(memory=True))
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        screen.headlines.move_to_row(screen.corpus.index_of(arts[0].id) or 0)
        await pilot.press("o")
        await wait_until(pilot, lambda: copied)
        assert copied == ["https://example.org/a"]


async def test_y_copies_the_text_and_Y_the_url(monkeypatch) -> None:
    arts = _with_url("https://example.org/a")
    app = make_app(build_corpus(arts), state_store=StateStore(memory=True))
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        screen.headlines.move_to_row(screen.corpus.index_of(arts[0].id) or 0)
        await pilot.press("y", "Y")
        assert copied[0].startswith(arts[0].title) and arts[0].blocks[0].text in copied[0]
        assert copied[1] == "https://example.org/a"
        screen.headlines.move_to_row(screen.corpus.index_of(arts[1].id) or 0)
        await pilot.press("Y")
        assert len(copied) == 2 and "This article has no URL" in notices(app)


async def test_E_exports_the_result_through_the_dialog(tmp_path: Path) -> None:
    app = make_app(filter_query="country:RU", state_store=StateStore(memory=True))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        want = ids(screen, screen.headlines.rows)
        await pilot.press("E")
        await wait_until(pilot, lambda: ready(app, ExportDialog, "#export-path"))
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.set_format("csv")
        await pilot.pause()
        path = dialog.query_one("#export-path")
        assert path.value.endswith("newsdesk-export.csv")  # type: ignore[attr-defined]
        path.value = str(tmp_path / "ru.csv")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.library.last_export is not None)
        lines = (tmp_path / "ru.csv").read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("id,published") and len(lines) == len(want) + 1
        assert [line.split(",")[0] for line in lines[1:]] == want


async def test_an_unusable_state_file_is_said_once_and_the_app_works(tmp_path: Path) -> None:
    bad = tmp_path / "state.sqlite3"
    bad.write_bytes(b"junk" * 100)
    app = make_app(state_store=StateStore(bad))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert any("damaged" in m for m in notices(app))
        await pilot.press("asterisk")
        assert len(app.state_store.ids("starred")) == 1


async def test_another_instances_marks_show_up(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    app = make_app(state_store=StateStore(path))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        other = StateStore(path)
        other.set_flag("read", ids(screen, screen.headlines.rows))
        screen.library.pick_up_other_instances()
        await pilot.pause()
        assert "· 0 unread" in status(screen)
        other.close()


def test_help_lists_the_reading_state_keys() -> None:
    keys = {k for _, rows in KEYS for k, _ in rows}
    for key in ("r", "*", "R", "U", "ctrl+s", "L", "o", "l / 1-9", "y / Y", "E", "is:starred"):
        assert key in keys, key


async def test_palette_lists_views_to_open_rename_delete_with_inert_help() -> None:
    from tui.commands import LibraryCommands

    store = StateStore(memory=True)
    store.save_view("ru", 'country:RU "[b]x[/b]"', "oldest")
    app = make_app(state_store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        provider = LibraryCommands(screen)
        commands = {
            label: (action, help_text) for label, action, help_text in provider._commands(screen)
        }
        for label in (
            "Open view: ru",
            "Rename view: ru",
            "Delete view: ru",
            "Save view…",
            "Mark all read",
            "Export…",
        ):
            assert label in commands, label
        assert commands["Open view: ru"][1] == 'country:RU "\\[b]x\\[/b]"'
        commands["Open view: ru"][0]()
        await pilot.pause()
        assert screen.state == parse_query('country:RU "[b]x[/b]"') and screen.sort == "oldest"
        commands["Delete view: ru"][0]()
        assert store.views() == []


async def test_l_lists_the_links_and_digits_open_them(monkeypatch) -> None:
    from parsers.model import Link
    from tui.screens.dialogs import LinksScreen

    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    arts = sample_articles()
    links = (Link("https://example.org/b", "[b]second[/b]", "link"),)
    arts[0] = replace(arts[0], url="https://example.org/a", links=links)
    app = make_app(build_corpus(arts), state_store=StateStore(memory=True))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        screen.headlines.move_to_row(screen.corpus.index_of(arts[0].id) or 0)
        await pilot.press("2")  # straight from the list: link 2
        await wait_until(pilot, lambda: opened)
        assert opened == ["https://example.org/b"]
        await pilot.press("l")
        await wait_until(pilot, lambda: ready(app, LinksScreen, "OptionList"))
        await pilot.press("1")
        await wait_until(pilot, lambda: len(opened) == 2)
        assert opened[1] == "https://example.org/a" and app.screen is screen
        await pilot.press("9")
        assert "This article has no link 9" in notices(app)
        screen.headlines.move_to_row(screen.corpus.index_of(arts[1].id) or 0)
        await pilot.press("l")
        assert "This article has no links" in notices(app)


async def test_keys_on_an_empty_result_say_why() -> None:
    app = make_app(filter_query="nosuchwordanywhere", state_store=StateStore(memory=True))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        assert screen.result is not None and screen.result.total == 0
        await pilot.press("asterisk", "o")
        assert (
            sum("No article in this result (c clears the filters)" in m for m in notices(app)) == 2
        )
        assert not app.state_store.ids("starred")
