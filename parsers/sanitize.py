"""Untrusted text made inert: terminal control sequences and control characters removed.

Every byte of a scraped page or a file name may be attacker-controlled, and a
terminal obeys control sequences wherever they appear (``ESC ] 52`` writes the
clipboard, ``ESC ] 0`` the window title, ``ESC [ 2J`` wipes the screen). Text is
cleaned once, at ingestion (:func:`parsers.files.decode_bytes` calls
:func:`sanitize_text`): whole escape sequences go (CSI ``ESC [ … final``, OSC
``ESC ] … BEL/ST``, DCS/SOS/PM/APC strings, two-character ``ESC x`` sequences,
and their 8-bit C1 forms), then every other control character (C0, DEL, C1)
except tab, line feed and carriage return, and the bidirectional embedding,
override and isolate characters (U+202A-U+202E, U+2066-U+2069: they reorder what
the terminal shows, so "txt.exe" can read as "exe.txt"; the marks U+200E/U+200F
stay). The original of each changed line is kept (:class:`Removed`); the dump
parser files it in the article's ``dropped`` list, so nothing is lost.

Other parsers (feeds, JSON, HTML) clean each decoded field value with
:func:`clean` (JSON ``\\u001b`` escapes only become control characters when
decoded). Inside :func:`keeping_originals`, :func:`clean` also records each value
it changed, and the format mappers file those originals in the record's
``dropped`` list with the same reason as the dumps': one sanitising step, lossless
for every format. Text that does not come through ingestion and is shown to a
user (file names, error messages, queries) goes through :func:`visible`, which
makes control characters visible as escapes instead of removing them.

This module is pure Python: no Textual or Rich.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "SANITIZED_REASON",
    "Removed",
    "Sanitized",
    "clean",
    "escape_json_controls",
    "has_controls",
    "keeping_originals",
    "restore",
    "sanitize_text",
    "take_originals",
    "visible",
]

#: ``Dropped.reason`` of the original of a line that held control characters.
SANITIZED_REASON = "control characters removed"

#: Bidirectional embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Every C0 control except tab/LF/CR, DEL, every C1 control, the bidi controls.
_CTRL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS
#: Terminal sequences, whole, then any remaining control character. Any match
#: is removed; since the last branch takes every control character, the result
#: holds none, and every terminal control sequence starts with one.
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*+[ -/]*+[@-~]"  # CSI: parameters, intermediates, final byte
    # OSC/DCS/SOS/PM/APC strings up to BEL or ST; the payload stops at any control
    # character, so a flood of unterminated starts costs linear time, not quadratic
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x00-\x1f\x7f-\x9f]*+(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*+[0-~]"  # other escape sequences (ESC c, ESC 7, ESC ( B, …)
)
_REMOVE = re.compile(f"{_SEQUENCE}|[{_CTRL}]")
_CONTROL = re.compile(f"[{_CTRL}]")
#: Field values (no line structure to keep): CR is a control character too.
_FIELD_CONTROL = re.compile(f"[{_CTRL}\r]")
_EOL = re.compile(r"(\r\n|\r|\n)")


class Removed(NamedTuple):
    """The original of an input line that held control characters."""

    line: int  # 1-based, counting LF, CRLF and CR as line ends (as the parsers do)
    original: str


@dataclass(frozen=True, slots=True)
class Sanitized:
    """Clean text (same lines, same line ends) and the original of each changed line."""

    text: str
    removed: tuple[Removed, ...] = ()


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a control character other than tab, LF and CR."""
    return _CONTROL.search(text) is not None


def _clean_line(line: str) -> str:
    return _REMOVE.sub("", line)


def sanitize_text(text: str) -> Sanitized:
    """Remove terminal sequences and control characters line by line, keeping the originals.

    Tab, LF and CR stay (line structure is the parsers' business), so line
    numbers do not move. Text without control characters is returned as is.
    """
    if _CONTROL.search(text) is None:
        return Sanitized(text)
    parts = _EOL.split(text)  # line, end, line, end, …, line
    removed: list[Removed] = []
    for k in range(0, len(parts), 2):
        line = parts[k]
        if _CONTROL.search(line) is not None:
            removed.append(Removed(k // 2 + 1, line))
            cleaned = _clean_line(line)
            if not cleaned and k and parts[k - 1] == "\r" and parts[k + 1 : k + 2] == ["\n"]:
                cleaned = " "  # CR + "" + LF would become one CRLF: keep the lines apart
            parts[k] = cleaned
    return Sanitized("".join(parts), tuple(removed))


def restore(text: str, removed: tuple[Removed, ...] | list[Removed]) -> str:
    """The text :func:`sanitize_text` was given, from its result (the lossless check)."""
    if not removed:
        return text
    parts = _EOL.split(text)
    for r in removed:
        parts[2 * (r.line - 1)] = r.original
    return "".join(parts)


_kept = threading.local()  # .lists: the open keeping_originals() lists of this thread


@contextmanager
def keeping_originals() -> Iterator[list[str]]:
    """Within the block, :func:`clean` appends to the yielded list each value it
    changed (as it was), once: what a format mapper keeps in ``dropped``.

    Per thread and nestable (an inner block collects for itself).
    """
    stack: list[list[str]] | None = getattr(_kept, "lists", None)
    if stack is None:
        stack = _kept.lists = []
    got: list[str] = []
    stack.append(got)
    try:
        yield got
    finally:
        stack.pop()


def take_originals() -> list[str]:
    """The originals the innermost :func:`keeping_originals` block holds so far,
    handed over and forgotten (``[]`` outside any block)."""
    stack = getattr(_kept, "lists", None)
    if not stack:
        return []
    got = list(dict.fromkeys(stack[-1]))
    stack[-1].clear()
    return got


def clean(value: str) -> str:
    """One field value made inert: sequences and control characters removed.

    Tab and LF stay; CRLF and CR become LF (a lone CR rewrites a terminal line).
    For parsers of structured formats, on every decoded string they keep. Inside
    :func:`keeping_originals` a value that held control characters is recorded.
    """
    if _FIELD_CONTROL.search(value) is None:
        return value
    original = value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _REMOVE.sub("", value)
    if value != original.replace("\r\n", "\n").replace("\r", "\n"):
        stack = getattr(_kept, "lists", None)
        if stack:
            stack[-1].append(original)
    return value


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code > 0xFF:
        return f"\\u{code:04x}"
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{code:02x}")


_ANY_CONTROL = re.compile(f"[{_CTRL}\t\n\r]")


def visible(text: str) -> str:
    """``text`` on one line with every control character (tab and newlines too, and
    the bidi controls) shown as a Python-style escape (``\\x1b``, ``\\n``,
    ``\\u202e``): for file names and messages."""
    if _ANY_CONTROL.search(text) is None:
        return text
    return _ANY_CONTROL.sub(_escape, text)


_JSON_UNESCAPED = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")


def escape_json_controls(dumped: str) -> str:
    """JSON text with DEL, C1 and bidi controls as ``\\u`` escapes (``json.dumps``
    with ``ensure_ascii=False`` leaves them raw); the same data, safe on a terminal."""
    if dumped.isprintable() or _JSON_UNESCAPED.search(dumped) is None:  # (C-speed test first)
        return dumped
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
