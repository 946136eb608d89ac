"""The user's config file: a TOML file read once at start (``docs/config.md``).

Where it lives: ``--config PATH``, else ``$NEWSDESK_CONFIG_DIR/config.toml``, else
``config.toml`` in ``platformdirs.user_config_dir("newsdesk")``. A missing file is
the defaults. A file that is not TOML is one problem naming its line, and the
defaults; an option with a wrong value is one problem naming its line, and that
option's default (the others keep theirs). What the TUI alone can check (theme
names, the filter's grammar, key bindings) it checks against :attr:`Config.lines`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = [
    "CONFIG_ENV",
    "DEFAULT",
    "SECTION_NAMES",
    "SORTS",
    "Config",
    "ConfigProblem",
    "config_path",
    "load_config",
    "parse_config",
]

CONFIG_ENV = "NEWSDESK_CONFIG_DIR"
FILENAME = "config.toml"
#: Sort orders (as ``parsers.corpus.engine.SORTS``; not imported: it brings numpy).
SORTS = ("newest", "oldest", "source")
#: Sidebar sections a config may list, in their default order.
SECTION_NAMES = (
    "people",
    "countries",
    "organisations",
    "places",
    "authors",
    "library",
    "feeds",
    "tags",
)
#: Bounds of ``[layout]`` values: (low, high).
SPLIT_RANGE = (15, 85)
SIDEBAR_RANGE = (20, 80)


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong in the config file, at ``line`` (0: not tied to a line)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else self.path
        return f"config {where}: {self.message}"


@dataclass(frozen=True)
class Config:
    """The effective configuration (defaults where the file says nothing)."""

    theme: str = "textual-dark"
    """A Textual theme name; a theme picked in the app is remembered over it."""
    sort: str = "newest"
    """The list's order at start: newest, oldest or source."""
    filter: str = ""
    """The filter at start, in the query grammar (``--filter`` and ``--view`` replace it)."""
    date_format: str = "%Y-%m-%d"
    """strftime format of the list's date column (the article's day, in your zone)."""
    split: int = 45
    """Percent of the right-hand column the headline list takes (the reader the rest)."""
    sidebar_width: int = 34
    """Width of the entity sidebar in columns."""
    sections: tuple[str, ...] = SECTION_NAMES
    """Sidebar sections in order; a section left out is not shown."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Rebound keys: ``"scope.action"`` -> keys (comma-separated), as written."""
    path: str = ""
    """The file these came from ('' when there was none)."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Line of each option in the file (``"theme"``, ``"layout.split"``, ``"keys.main.clear"``)."""

    def line_of(self, dotted: str) -> int:
        return self.lines.get(dotted, 0)

    def is_set(self, dotted: str) -> bool:
        """Whether the file sets option ``dotted`` (``"layout.sidebar_width"``)."""
        return dotted in self.lines

    def problem(self, dotted: str, message: str) -> ConfigProblem:
        """A problem with option ``dotted``, at its line."""
        return ConfigProblem(self.path, self.line_of(dotted), message)


DEFAULT = Config()


def config_path(override: str | None = None) -> Path:
    """The config file: ``override`` (``--config``), ``$NEWSDESK_CONFIG_DIR``, or the
    user config dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser() / FILENAME
    from platformdirs import user_config_dir

    return Path(user_config_dir("newsdesk", appauthor=False)) / FILENAME


def load_config(path: Path, *, required: bool = False) -> tuple[Config, list[ConfigProblem]]:
    """The config in ``path`` (defaults if it does not exist, unless ``required``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not required:
            return DEFAULT, []
        return DEFAULT, [ConfigProblem(str(path), 0, "no such file; using the defaults")]
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        return DEFAULT, [
            ConfigProblem(str(path), 0, f"cannot be read ({reason}); using the defaults")
        ]
    return parse_config(text, str(path))


_ERROR_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def parse_config(text: str, path: str = "config.toml") -> tuple[Config, list[ConfigProblem]]:
    """``text`` as a config: the values it sets over the defaults, and what is wrong in it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = 0
        m = _ERROR_AT.search(message)
        if m:
            line = int(m.group(1))
            message = message[: m.start()]
        return DEFAULT, [ConfigProblem(path, line, f"{message}; using the defaults")]
    lines = option_lines(text)
    problems: list[ConfigProblem] = []
    values: dict[str, Any] = {}

    def bad(dotted: str, message: str) -> None:
        problems.append(ConfigProblem(path, lines.get(dotted, 0), message))

    known = {"theme", "sort", "filter", "date_format", "layout", "sidebar", "keys"}
    for name in data:
        if name not in known:
            bad(name, f"unknown option {name!r} (known: {', '.join(sorted(known))})")
    for name in ("theme", "filter", "date_format"):
        if name in data:
            if isinstance(data[name], str):
                values[name] = data[name]
            else:
                bad(name, f"{name} must be a string")
    if "date_format" in values and not _valid_date_format(values["date_format"]):
        bad("date_format", f"date_format {values.pop('date_format')!r} is not a strftime format")
    if "sort" in data:
        if data["sort"] in SORTS:
            values["sort"] = data["sort"]
        else:
            bad("sort", f"sort must be one of {', '.join(SORTS)}, not {data['sort']!r}")
    layout = _table(data, "layout", bad)
    for name, key, (low, high) in (
        ("split", "split", SPLIT_RANGE),
        ("sidebar_width", "sidebar_width", SIDEBAR_RANGE),
    ):
        if key in layout:
            value = layout[key]
            if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
                values[name] = value
            else:
                bad(f"layout.{key}", f"layout.{key} must be a whole number from {low} to {high}")
    for key in layout:
        if key not in ("split", "sidebar_width"):
            bad(f"layout.{key}", f"unknown option layout.{key} (known: split, sidebar_width)")
    sidebar = _table(data, "sidebar", bad)
    if "sections" in sidebar:
        sections = _sections(sidebar["sections"])
        if sections is None:
            bad(
                "sidebar.sections",
                "sidebar.sections must be a list of distinct names from "
                + ", ".join(SECTION_NAMES),
            )
        else:
            values["sections"] = sections
    for key in sidebar:
        if key != "sections":
            bad(f"sidebar.{key}", f"unknown option sidebar.{key} (known: sections)")
    keys: dict[str, str] = {}
    for scope, table in _table(data, "keys", bad).items():
        if not isinstance(table, dict):
            bad(f"keys.{scope}", f"keys.{scope} must be a table: [keys.{scope}]")
            continue
        for action, value in table.items():
            dotted = f"{scope}.{action}"
            if isinstance(value, str) and value.strip(" ,"):
                keys[dotted] = value
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                keys[dotted] = ",".join(value)
            else:
                bad(f"keys.{dotted}", f"keys.{dotted} must be a key name or a list of them")
    values["keys"] = keys
    return Config(**values, path=path, lines=lines), problems


def _table(
    data: Mapping[str, Any], name: str, bad: Callable[[str, str], None]
) -> Mapping[str, Any]:
    value = data.get(name, {})
    if isinstance(value, dict):
        return value
    bad(name, f"{name} must be a table: [{name}]")
    return {}


def _sections(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    names = tuple(v.strip().casefold() for v in value)
    if len(set(names)) != len(names) or not set(names) <= set(SECTION_NAMES):
        return None
    return names


def _valid_date_format(fmt: str) -> bool:
    if not fmt.strip():
        return False
    try:
        out = datetime(2025, 2, 17, 9, 5).strftime(fmt)
    except ValueError:
        return False
    return out != fmt or "%" not in fmt


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_ASSIGN = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_\-.]+)\s*=""")


def option_lines(text: str) -> dict[str, int]:
    """The line each option is set on, keyed ``"table.key"`` (top level: ``"key"``);
    a table's own line under its name. Good for the files people write; a value
    spread over several lines counts from its first."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            table = ".".join(_unquote(p) for p in header.group(1).split("."))
            lines.setdefault(table, number)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            key = ".".join(_unquote(p) for p in _split_key(assign.group(1)))
            lines.setdefault(f"{table}.{key}" if table else key, number)
    return lines


def _split_key(key: str) -> list[str]:
    if key[0] in "\"'":
        return [key]
    return key.split(".")


def _unquote(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        return part[1:-1]
    return part


def as_toml(
    config: Config, key_rows: Mapping[str, list[tuple[str, str, str]]] | None = None
) -> str:
    """``config`` as the TOML that would set it (``newsdesk config``): every option.

    ``key_rows``: per scope, (action, default keys, what it does): every action is
    listed, the rebound ones set, the others as comments with their defaults.
    """

    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = [
        f"theme = {q(config.theme)}",
        f"sort = {q(config.sort)}",
        f"filter = {q(config.filter)}",
        f"date_format = {q(config.date_format)}",
        "",
        "[layout]",
        f"split = {config.split}",
        f"sidebar_width = {config.sidebar_width}",
        "",
        "[sidebar]",
        "sections = [" + ", ".join(q(s) for s in config.sections) + "]",
    ]
    scopes: dict[str, list[str]] = {}
    for scope, rows in (key_rows or {}).items():
        lines = scopes.setdefault(scope, [])
        for action, keys, what in rows:
            bound = config.keys.get(f"{scope}.{action}")
            if bound is None:
                lines.append(f"# {action} = {q(keys)}  # {what}")
            else:
                lines.append(f"{action} = {q(bound)}  # {what} (default {q(keys)})")
    for dotted, keys in config.keys.items():
        scope, action = dotted.split(".", 1)
        if key_rows is None or scope not in key_rows:
            scopes.setdefault(scope, []).append(f"{action} = {q(keys)}")
    for scope, settings in scopes.items():
        out += ["", f"[keys.{scope}]", *settings]
    return "\n".join(out) + "\n"


#: The option names of :class:`Config` a file can set (for the docs test).
OPTIONS = tuple(f.name for f in fields(Config) if f.name not in ("path", "lines"))
