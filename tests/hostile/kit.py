"""Hostile inputs shared by the tests in ``tests/hostile``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Sequences a terminal obeys: clipboard write (OSC 52), window title (OSC 0),
#: screen wipe (CSI 2J), colour, 8-bit CSI, a DCS string, a bare ESC.
OSC52 = "\x1b]52;c;aGFja2Vk\x1b\\"
TITLE = "\x1b]0;pwned\x07"
WIPE = "\x1b[2J"
RED = "\x1b[31m"
CSI8 = "\x9b1;31m"
DCS = "\x1bPq#0;2;0;0;0\x1b\\"
#: Textual markup that runs an action, and markup that does not parse.
CLICK = "[@click=app.screenshot('x.svg','/tmp')]Ukraine Talks[/]"
BAD_MARKUP = "Moderators of [/r/worldnews] Ban Links [/b]"

#: Any byte that starts a terminal control sequence, or any control character
#: but tab and newline.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_dump() -> str:
    """A dump whose header, headline, dek and body carry terminal sequences and markup."""
    return (
        f"The {TITLE}Harbor Gazette 2026-01-20 07:30:00\n"
        "\n"
        f"Ukraine {OSC52}Talks Resume in Geneva{WIPE}\n"
        "\n"
        "You have been granted access, use your keyboard to continue reading.\n"
        "\n"
        "Ukraine Talks Resume in Geneva\n"
        "\n"
        f"A dek line with {CSI8}colour and {DCS}a string.\n"
        "\n"
        f"Officials said on Monday that the {RED}talks{RED[:2]}0m would go on. {CLICK}\n"
        "\n"
        f"Protesters gathered outside. {BAD_MARKUP}\n"
    )


def strings(value: Any, skip: tuple[str, ...] = ("dropped",)) -> Iterator[str]:
    """Every string inside a JSON-like value, except under keys in ``skip``."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                yield from strings(v, skip)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v, skip)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
