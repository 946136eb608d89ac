"""The config file in the app (issue 15 items 5, 7 and 12): every option applied, key
bindings rebound (and told where they clash), a broken file reported at its line with
the app on its defaults, themes that repaint every pane and are remembered, and the
focused pane marked in every theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.color import Color
from textual.widget import Widget

from parsers.config import parse_config
from parsers.theme_memory import ThemeMemory
from tests.support.articles import make_app, wait_until
from tui.cli import main
from tui.screens.help import HelpScreen
from tui.widgets.keyhints import KeyHints
from tui.widgets.reader import ArticleBody
from tui.widgets.statusline import StatusLine


def _app(text: str, **options: Any) -> Any:
    config, problems = parse_config(text, "cfg.toml")
    return make_app(config=config, config_problems=problems, **options)


def _notes(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_options_apply_sort_filter_theme_layout() -> None:
    app = _app(
        'theme = "textual-light"\nsort = "oldest"\nfilter = "country:UA"\n'
        "[layout]\nsplit = 60\nsidebar_width = 40\n"
    )
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert app.theme == "textual-light"
        assert screen.sort == "oldest"
        assert screen.state.to_query() == "country:UA"
        assert screen.sidebar.outer_size.width == 40
        main_height = screen.query_one("#split").size.height
        assert screen.headlines.outer_size.height == int(main_height * 0.6)
        assert app.config_problems == []


async def test_cli_filter_replaces_the_config_filter() -> None:
    app = _app('filter = "country:UA"', filter_query="country:RU")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.main_screen.state.to_query() == "country:RU"


async def test_broken_config_is_one_line_naming_the_line_and_the_app_starts() -> None:
    app = _app('theme = "textual-light"\nsort = "oldest\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark" and app.main_screen.sort == "newest"
        notes = _notes(app)
        assert len(notes) == 1 and "cfg.toml, line 2" in notes[0] and "\n" not in notes[0]
        assert len(app.main_screen.headlines.rows) == 8  # usable


async def test_unknown_theme_and_bad_filter_fall_back_and_are_named() -> None:
    app = _app('theme = "no-such-theme"\nfilter = "country:UA OR"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert app.main_screen.state.to_query() == ""
        lines = sorted(p.line for p in app.config_problems)
        assert lines == [1, 2]


async def test_rebound_keys_work_show_in_the_key_bar_and_help() -> None:
    app = _app('[keys.main]\nclear = "C"\nhelp = "f1"\n[keys.list]\ndown = "ctrl+n"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert app.config_problems == []
        screen.set_state(screen.state.with_term(_term("country", "UA")))
        await pilot.press("c")  # the old key does nothing now
        assert screen.state.to_query() == "country:UA"
        await pilot.press("C")
        assert screen.state.to_query() == ""
        cursor = screen.headlines.cursor
        await pilot.press("ctrl+n")
        assert screen.headlines.cursor == cursor + 1
        await pilot.press("j")  # replaced, not added to
        assert screen.headlines.cursor == cursor + 1
        bar = str(screen.query_one(KeyHints).render())
        assert " C Clear" in bar and " f1 Help" in bar
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        lines = _help_lines(app.config.keys)
        assert any(line.split() == ["C", "clear", "all", "filters"] for line in lines)
        assert any(line.split()[:2] == ["f1", "this"] for line in lines)
        assert not any(line.split()[:1] == ["c"] for line in lines)


def _help_lines(keymap: Any) -> list[str]:
    from io import StringIO

    from rich.console import Console

    from tui.screens.help import help_table

    console = Console(width=80, record=True, file=StringIO())
    console.print(help_table(1, keymap=keymap))
    return console.export_text().splitlines()


def _term(field: str, value: str) -> Any:
    from parsers.corpus.query import Term

    return Term(field, value)


async def test_clashing_keys_are_reported_at_start_and_keep_their_defaults() -> None:
    app = _app('[keys.main]\nsort = "o"\nclear = "C"\nnope = "z"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        notes = _notes(app)
        assert any("line 2" in n and "'o'" in n and "main.open_url" in n for n in notes)
        assert any("line 4" in n and "nope" in n for n in notes)
        assert app.config.keys == {"main.clear": "C"}
        screen = app.main_screen
        await pilot.press("s")  # sort keeps its default
        assert screen.sort == "oldest"


def _background_colours(widget: Widget) -> set[str]:
    out = set()
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            style: Style | None = segment.style
            if style is not None and style.bgcolor is not None:
                out.add(style.bgcolor.name)
    return out


async def test_theme_switch_repaints_status_key_bar_and_reader() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        await pilot.press("enter")
        await pilot.pause()
        widgets = [
            screen.query_one(StatusLine),
            screen.query_one(KeyHints),
            screen.query_one(ArticleBody),
        ]
        dark = set().union(*(_background_colours(w) for w in widgets))
        app.theme = "textual-light"
        await wait_until(pilot, lambda: app.current_theme.name == "textual-light")
        await pilot.pause()
        light = set().union(*(_background_colours(w) for w in widgets))
        assert light and not (light & dark), (dark, light)
        panel = app.theme_variables["panel"]
        assert Color.parse(panel).hex.lower() in {c.lower() for c in light}


async def test_theme_picked_in_the_app_is_remembered(tmp_path: Path) -> None:
    memory = tmp_path / "theme.json"
    app = make_app(theme_memory=ThemeMemory(memory))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await wait_until(pilot, memory.exists)
    again = make_app(theme_memory=ThemeMemory(memory))
    async with again.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_focused_pane_has_the_focus_bar(theme: str) -> None:
    app = make_app()
    app.theme = theme
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        accent = Color.parse(app.theme_variables["focus-bar"])
        panes = {"list": screen.headlines, "reader": screen.reader, "sidebar": screen.sidebar}

        def marked() -> list[str]:
            return [
                name
                for name, pane in panes.items()
                if pane.styles.border_left[0] == "thick" and pane.styles.border_left[1] == accent
            ]

        assert marked() == ["list"]
        await pilot.press("tab")
        assert marked() == ["reader"]
        await pilot.press("f")
        assert marked() == ["sidebar"]
        for pane in panes.values():  # unfocused panes keep a bar's width: nothing moves
            assert pane.styles.border_left[0] in ("thick", "blank")


def test_newsdesk_config_prints_every_option_and_the_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "c.toml"
    path.write_text('sort = "oldest"\n[keys.main]\nclear = "C"\n', encoding="utf-8")
    assert main(["config", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# {path}\n")
    config, problems = parse_config(out)
    assert problems == [] and config.sort == "oldest" and config.keys == {"main.clear": "C"}
    assert '# undo = "u"' in out and "[keys.reader]" in out
    assert main(["config", "--path", "--config", str(path)]) == 0
    assert capsys.readouterr().out.strip() == str(path)
    path.write_text("sort = 1\n", encoding="utf-8")
    assert main(["config", "--config", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 1" in err


async def test_date_format_and_sidebar_sections_apply() -> None:
    app = _app('date_format = "%d %b"\n[sidebar]\nsections = ["places", "library", "people"]\n')
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        titles = [s.title for s in screen.facets.sections]
        assert titles == ["Places", "Library", "People"]
        headlines = screen.headlines
        assert headlines.dates.width == len("14 Feb") + 1
        row = "".join(seg.text for seg in headlines.render_line(0))
        assert "14 Feb " in row and "2025-02-14" not in row


def test_date_column_widths() -> None:
    from tui.settings import DateColumn

    assert DateColumn().width == 11 and DateColumn().text("2025-02-14") == "2025-02-14"
    long = DateColumn("%A %d %B")
    assert long.width == len("Wednesday 24 September") + 1
    assert long.text("2025-02-14") == "Friday 14 February" and long.text("") == ""


def test_the_focus_bar_stands_out_in_every_theme() -> None:
    from textual.theme import BUILTIN_THEMES

    from tui.settings import FOCUS_CONTRAST, contrast, focus_colour

    for name, theme in BUILTIN_THEMES.items():
        variables = theme.to_color_system().generate()
        bar = Color.parse(focus_colour(variables))
        assert contrast(bar, Color.parse(variables["surface"])) >= FOCUS_CONTRAST, name
    light = BUILTIN_THEMES["textual-light"].to_color_system().generate()
    assert focus_colour(light) == light["primary"]  # its orange accent is too pale
    dark = BUILTIN_THEMES["textual-dark"].to_color_system().generate()
    assert focus_colour(dark) == dark["accent"]


async def test_layout_options_hold_side_by_side_on_a_wide_screen() -> None:
    app = _app("[layout]\nsplit = 60\nsidebar_width = 40\n")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        split = screen.query_one("#split")
        assert screen.headlines.outer_size.width == int(split.size.width * 0.6)
        assert screen.sidebar.outer_size.width == 40
