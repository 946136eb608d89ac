"""The config file (``parsers.config``): defaults, values, one line per problem, lines named."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.config import DEFAULT, SECTION_NAMES, as_toml, config_path, load_config, parse_config
from parsers.theme_memory import ThemeMemory

FULL = """\
theme = "textual-light"   # a comment
sort = "oldest"
filter = "country:UA"
date_format = "%d %b"

[layout]
split = 60
sidebar_width = 40

[sidebar]
sections = ["places", "people"]

[keys.main]
clear = "x"
undo = ["ctrl+z", "u"]
"""


def test_every_option_is_read() -> None:
    config, problems = parse_config(FULL)
    assert problems == []
    assert (config.theme, config.sort, config.filter) == ("textual-light", "oldest", "country:UA")
    assert (config.date_format, config.split, config.sidebar_width) == ("%d %b", 60, 40)
    assert config.sections == ("places", "people")
    assert config.keys == {"main.clear": "x", "main.undo": "ctrl+z,u"}
    assert config.line_of("keys.main.undo") == 15 and config.line_of("layout.split") == 7


def test_empty_file_and_missing_file_are_the_defaults(tmp_path: Path) -> None:
    assert parse_config("") == (parse_config("")[0], [])
    assert parse_config("")[0].sections == SECTION_NAMES
    config, problems = load_config(tmp_path / "nope.toml")
    assert config is DEFAULT and problems == []
    config, problems = load_config(tmp_path / "nope.toml", required=True)
    assert config is DEFAULT and "no such file" in str(problems[0])


def test_broken_toml_is_one_line_naming_the_line_and_the_defaults() -> None:
    config, problems = parse_config('theme = "nord"\nsort = \n[layout]\n', "my.toml")
    assert config == DEFAULT
    assert len(problems) == 1 and problems[0].line == 2
    text = str(problems[0])
    assert "\n" not in text and text.startswith("config my.toml, line 2: ")
    assert text.endswith("using the defaults")


def test_a_bad_value_falls_back_alone_and_is_named_at_its_line() -> None:
    text = (
        'theme = "nord"\nsort = "random"\n[layout]\nsplit = 99\nwidth = 3\n'
        '[sidebar]\nsections = ["people", "weather"]\n'
    )
    config, problems = parse_config(text)
    assert config.theme == "nord"  # kept
    assert (config.sort, config.split, config.sections) == ("newest", 45, SECTION_NAMES)
    lines = {p.line: p.message for p in problems}
    assert set(lines) == {2, 4, 5, 7}
    assert "newest, oldest, source" in lines[2] and "15 to 85" in lines[4]
    assert "unknown option layout.width" in lines[5]


def test_unknown_top_level_option_and_wrong_types() -> None:
    config, problems = parse_config('colour = "red"\ntheme = 3\nkeys = 4\n')
    assert [p.line for p in problems] == [1, 2, 3]
    assert config.theme == DEFAULT.theme


def test_date_format_must_format_something() -> None:
    assert parse_config('date_format = "%Y"')[1] == []
    assert parse_config('date_format = ""')[1][0].line == 1
    assert parse_config('date_format = "plain"')[0].date_format == "plain"


def test_config_path_override_then_env_then_user_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_CONFIG_DIR", str(tmp_path))
    assert config_path() == tmp_path / "config.toml"
    assert config_path("~/x.toml") == Path("~/x.toml").expanduser()
    monkeypatch.delenv("NEWSDESK_CONFIG_DIR")
    assert config_path().name == "config.toml" and "newsdesk" in str(config_path())


def test_as_toml_round_trips() -> None:
    config, _ = parse_config(FULL)
    again, problems = parse_config(as_toml(config))
    assert problems == []
    assert (again.theme, again.sort, again.filter, again.date_format) == (
        config.theme,
        config.sort,
        config.filter,
        config.date_format,
    )
    assert (again.split, again.sidebar_width, again.sections, again.keys) == (
        config.split,
        config.sidebar_width,
        config.sections,
        config.keys,
    )


def test_theme_memory_wins_until_the_config_theme_is_edited(tmp_path: Path) -> None:
    path = tmp_path / "theme.json"
    memory = ThemeMemory(path)
    assert memory.choose("textual-dark") == "textual-dark"
    memory.remember("nord", "textual-dark")
    again = ThemeMemory(path)
    assert again.choose("textual-dark") == "nord"
    assert again.choose("gruvbox") == "gruvbox"  # the file was edited since: it wins
    path.write_text("{not json", encoding="utf-8")
    assert ThemeMemory(path).choose("textual-dark") == "textual-dark"
