"""Every key binding rebindable from the config file's ``[keys.<scope>]`` tables.

Each binding of the app's screens and panes gets an id, ``"<scope>.<action>"``
(``main.clear``, ``list.down``, ``reader.page``), and Textual's keymap
(``App.set_keymap``) puts the config's keys in place of the defaults.
:func:`check_keys` reads the config's ``[keys]`` before the app starts: an
unknown action, a key name Textual does not know, or a key that another action
in reach also has (in the same pane, or in the screen behind the focused pane)
is reported at its line, and that action keeps its default keys.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, _character_to_key, key_to_character

from parsers.config import Config, ConfigProblem

__all__ = [
    "SCOPES",
    "Action",
    "actions",
    "check_keys",
    "display_keys",
    "key_of",
    "normalize_keys",
    "tag_bindings",
]

#: Which pane or screen each scope is, as the config and the help name it.
SCOPE_TITLES = {
    "app": "everywhere (even in dialogs)",
    "main": "the main screen (any pane)",
    "list": "the headline list",
    "reader": "the reading pane",
    "sidebar": "the entity sidebar",
    "timeline": "the timeline strip",
    "query": "the query bar while editing",
    "help": "the help screen",
    "entities": "the 'e' entity list",
    "profile": "the entity profile",
    "links": "the links list",
}
SCOPES = tuple(SCOPE_TITLES)

#: Keys reach the focused pane first, then the screen, then the app: the scopes a
#: key in each scope competes with.
CHAINS: dict[str, tuple[str, ...]] = {
    "app": ("app",),
    "main": ("main", "app"),
    **{pane: (pane, "main", "app") for pane in ("list", "reader", "sidebar", "timeline", "query")},
    **{modal: (modal, "app") for modal in ("help", "entities", "profile", "links")},
}

#: Friendlier action names than the method's, per scope (``None``: any scope).
NAMES: dict[tuple[str | None, str], str] = {
    (None, "back_or_quit"): "quit",
    (None, "toggle_mark('read')"): "toggle_read",
    (None, "toggle_mark('starred')"): "toggle_star",
    (None, "cycle(1)"): "next_pane",
    (None, "cycle(-1)"): "previous_pane",
    (None, "step(1)"): "next",
    (None, "step(-1)"): "previous",
    (None, "cursor_down"): "down",
    (None, "cursor_up"): "up",
    (None, "move(1)"): "down",
    (None, "move(-1)"): "up",
    (None, "pick(True)"): "exclude",
    (None, "open_profile"): "profile",
    (None, "scroll_home"): "top",
    (None, "scroll_end"): "bottom",
    (None, "scroll_down"): "down",
    (None, "scroll_up"): "up",
    ("list", "select"): "open",
    ("list", "read_on"): "read_on",
    ("list", "read_on(-1)"): "read_back",
    ("reader", "read_on"): "page",
    ("sidebar", "select"): "include",
    ("sidebar", "expand(True)"): "more",
    ("sidebar", "expand(False)"): "fewer",
    ("timeline", "move(-1)"): "earlier",
    ("timeline", "move(1)"): "later",
    ("timeline", "move(-100000)"): "first",
    ("timeline", "move(100000)"): "last",
    ("timeline", "select"): "filter",
    ("timeline", "leave"): "back",
    ("query", "leave"): "close",
    ("query", "recall(-1)"): "older",
    ("query", "recall(1)"): "newer",
    ("help", "scroll(1)"): "down",
    ("help", "scroll(-1)"): "up",
    ("help", "scroll(0)"): "page",
}

_CALL = re.compile(r"^(\w+)\((-?\w+)\)$")


def action_name(scope: str, action: str) -> str:
    """The config's name for ``action`` in ``scope``: ``toggle_mark('read')`` -> ``toggle_read``."""
    action = action.removeprefix("screen.").removeprefix("app.")
    name = NAMES.get((scope, action)) or NAMES.get((None, action))
    if name:
        return name
    call = _CALL.match(action)
    if call:  # open_link(3) -> open_link_3
        return f"{call.group(1)}_{call.group(2)}"
    return re.sub(r"\W+", "_", action).strip("_")


def _classes() -> dict[str, type[DOMNode]]:
    from tui.app import NewsApp
    from tui.screens.dialogs import LinksScreen
    from tui.screens.entity_list import EntityListScreen
    from tui.screens.help import HelpScreen
    from tui.screens.main import MainScreen
    from tui.screens.profile import ProfileScreen
    from tui.widgets.headlines import HeadlineList
    from tui.widgets.querybar import QueryBar
    from tui.widgets.reader import ReaderPane
    from tui.widgets.sidebar import FacetList
    from tui.widgets.timeline import TimelineStrip

    return {
        "app": NewsApp,
        "main": MainScreen,
        "list": HeadlineList,
        "reader": ReaderPane,
        "sidebar": FacetList,
        "timeline": TimelineStrip,
        "query": QueryBar,
        "help": HelpScreen,
        "entities": EntityListScreen,
        "profile": ProfileScreen,
        "links": LinksScreen,
    }


@dataclass(frozen=True)
class Action:
    """One rebindable action: its id, its default keys and what it does."""

    id: str
    keys: tuple[str, ...]
    description: str


@cache
def tag_bindings() -> dict[str, dict[str, Action]]:
    """Give every binding of every scope its id (once), and list the actions by scope.

    Textual copies a class's merged bindings into each instance when it is built, so
    the ids go on the class's map (``_merged_bindings``), before any instance exists.
    """
    out: dict[str, dict[str, Action]] = {}
    for scope, cls in _classes().items():
        merged = cls._merged_bindings
        found: dict[str, Action] = {}
        if merged is None:
            out[scope] = found
            continue
        for key, bindings in merged.key_to_bindings.items():
            tagged: list[Binding] = []
            for binding in bindings:
                if binding.id is None or "." not in binding.id:
                    binding = replace(binding, id=f"{scope}.{action_name(scope, binding.action)}")
                tagged.append(binding)
                assert binding.id is not None
                known = found.get(binding.id)
                keys = (*known.keys, key) if known else (key,)
                description = (known.description if known else "") or binding.description
                found[binding.id] = Action(binding.id, keys, description or binding.action)
            merged.key_to_bindings[key] = tagged
        out[scope] = found
    return out


def actions() -> dict[str, Action]:
    """Every rebindable action by id, scope by scope."""
    return {a.id: a for scope in tag_bindings().values() for a in scope.values()}


_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_KEY_NAMES = {k.value for k in Keys} | {"space", "enter", "tab", "escape", "backspace"}


def _normalize(key: str) -> str | None:
    """Textual's name of ``key`` (``?`` -> ``question_mark``); None if it is no key."""
    key = key.strip()
    if not key:
        return None
    if len(key) == 1:
        return _character_to_key(key)
    *mods, last = key.split("+") if "+" in key[:-1] else [key]
    if any(m.lower() not in _MODIFIERS for m in mods):
        return None
    if len(last) == 1:
        last = _character_to_key(last)
    elif last.lower() in _KEY_NAMES:
        last = last.lower()
    elif not re.fullmatch(r"[a-z_]+", last) or len(_character_to_key_name(last)) != 1:
        return None
    return "+".join([*(m.lower() for m in mods), last])


def _character_to_key_name(name: str) -> str:
    """The character of a unicode key name (``question_mark`` -> ``?``), '' if none."""
    import unicodedata

    try:
        return unicodedata.lookup(name.replace("_", " ").upper())
    except KeyError:
        return ""


def normalize_keys(keys: str) -> tuple[str, ...] | None:
    """A config value's keys in Textual's names; None if one of them is no key."""
    out: list[str] = []
    for part in keys.split(","):
        if not part.strip():
            continue
        name = _normalize(part)
        if name is None:
            return None
        out.append(name)
    return tuple(out) or None


def check_keys(config: Config) -> tuple[Config, list[ConfigProblem]]:
    """``config`` with only the ``[keys]`` entries that can be applied; the others reported."""
    known = actions()
    problems: list[ConfigProblem] = []
    user: dict[str, tuple[str, ...]] = {}
    for dotted, value in config.keys.items():
        where = f"keys.{dotted}"
        if dotted not in known:
            scope, _, name = dotted.partition(".")
            if scope not in SCOPE_TITLES:
                hint = f"scopes: {', '.join(SCOPES)}"
            else:
                in_scope = [a.split(".", 1)[1] for a in known if a.startswith(scope + ".")]
                close = difflib.get_close_matches(name, in_scope, n=3)
                hint = f"did you mean {' or '.join(close)}?" if close else "see 'newsdesk config'"
            problems.append(config.problem(where, f"no action [keys.{scope}] {name} ({hint})"))
            continue
        parsed = normalize_keys(value)
        if parsed is None:
            problems.append(config.problem(where, f"{value!r} is not a key name for {dotted}"))
            continue
        user[dotted] = parsed
    while True:
        clash = _first_clash(known, user)
        if clash is None:
            break
        key, ids = clash
        mine = [i for i in ids if i in user and key not in known[i].keys]
        shown = display_key(key)
        for ident in mine:
            rivals = [i for i in ids if i != ident]
            problems.append(
                config.problem(
                    f"keys.{ident}",
                    f"key {shown!r} for {ident} is also {', '.join(rivals)}'s: "
                    f"{ident} keeps its default ({_shown(known[ident].keys)})",
                )
            )
            del user[ident]
    applied = {ident: ",".join(k) for ident, k in user.items()}
    return replace(config, keys=applied), problems


def _first_clash(
    known: Mapping[str, Action], user: Mapping[str, tuple[str, ...]]
) -> tuple[str, list[str]] | None:
    """A key the user gave an action that another action in reach of it also has.

    Only keys the config adds count: the defaults' own overlaps (``o`` in the sidebar
    and on the main screen) are by design, the focused pane's key winning.
    """
    by_scope: dict[str, dict[str, list[tuple[str, bool]]]] = {}
    for ident, action in known.items():
        scope = ident.split(".", 1)[0]
        for key in user.get(ident, action.keys):
            added = ident in user and key not in action.keys
            by_scope.setdefault(scope, {}).setdefault(key, []).append((ident, added))
    for chain in CHAINS.values():
        for key in sorted({k for s in chain for k in by_scope.get(s, {})}):
            hits = [h for s in chain for h in by_scope.get(s, {}).get(key, [])]
            if len(hits) > 1 and any(added for _, added in hits):
                return key, [ident for ident, _ in hits]
    return None


def display_key(key: str) -> str:
    """How the help and messages write ``key``: ``question_mark`` -> ``?``; named keys
    (``enter``, ``ctrl+p``, ``pagedown``) as they are."""
    if "+" in key or len(key) == 1 or key == "space":
        return key
    if key == "slash":
        return "/"
    char = key_to_character(key)
    return char if char is not None and len(char) == 1 and char.isprintable() else key


def _shown(keys: Iterable[str]) -> str:
    return ", ".join(display_key(k) for k in keys)


def display_keys(keymap: Mapping[str, str], ident: str) -> str | None:
    """The keys of action ``ident`` as the help shows them, if ``keymap`` rebinds it."""
    value = keymap.get(ident)
    if value is None:
        return None
    return " / ".join(display_key(k) for k in value.split(","))


def key_of(keymap: Mapping[str, str], ident: str) -> str:
    """The first key of action ``ident`` in effect (the config's, else its default), as
    the help writes it; '' for no such action."""
    bound = keymap.get(ident)
    if bound:
        return display_key(bound.split(",")[0])
    action = actions().get(ident)
    return display_key(action.keys[0]) if action else ""


def key_rows() -> dict[str, list[tuple[str, str, str]]]:
    """Per scope: (action, default keys, what it does), for ``newsdesk config`` and the docs."""
    return {
        scope: [
            (a.id.split(".", 1)[1], ",".join(display_key(k) for k in a.keys), a.description)
            for a in found.values()
        ]
        for scope, found in tag_bindings().items()
    }
