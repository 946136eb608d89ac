"""Reading input files: paths, directories, stdin and text decoding.

Every failure becomes an :class:`InputError` with a one-line reason, so callers
can report it and carry on with the other files.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: Suffixes picked up when a directory is walked (explicit file paths take any name).
DUMP_SUFFIXES = frozenset({".txt", ".text", ".dump"})
_BINARY_PROBE = 8192


class InputError(Exception):
    """A file that could not be read as text; ``str()`` is a one-line message."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text with the encoding used and a warning when we had to fall back."""

    path: str
    text: str
    encoding: str
    size: int
    warning: str | None = None


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: the offending bytes as cp1252 (raises if cp1252 has none)."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    try:
        return bytes(bad).decode("cp1252"), exc.end
    except UnicodeDecodeError as inner:
        raise UnicodeDecodeError(
            "cp1252", exc.object, exc.start + inner.start, exc.start + inner.end, inner.reason
        ) from None


_CP1252_FALLBACK = "newsdesk-utf8-cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)


def decode_bytes(data: bytes, path: str) -> Decoded:
    """Decode ``data``: UTF-8 (BOM or not), UTF-16 (BOM or not), else cp1252 with a warning."""
    size = len(data)
    if not data or data.isspace():  # (``data.strip()`` would copy the whole file)
        raise InputError(path, "empty file" if size == 0 else "file contains only whitespace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(path, data.decode("utf-16"), "utf-16", size)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"undecodable UTF-16 ({exc.reason})") from None
    if b"\x00" in data[:_BINARY_PROBE]:
        codec = _bomless_utf16(data)
        if codec is not None:
            return Decoded(path, data.decode(codec), codec, size)
        raise InputError(path, "binary file (contains NUL bytes), not a text dump")
    try:
        return Decoded(path, data.decode("utf-8-sig"), "utf-8", size)
    except UnicodeDecodeError as exc:
        if exc.start >= size - 3 and exc.reason == "unexpected end of data":
            text = data.decode("utf-8-sig", errors="replace")
            warning = "file ends inside a UTF-8 character (truncated?); last bytes replaced with �"
            return Decoded(path, text, "utf-8", size, warning)
        first_bad = exc.start
    try:
        # Each byte that is not UTF-8 is read as cp1252; valid UTF-8 stays UTF-8, so
        # a dump concatenated from a UTF-8 and a cp1252 part decodes right in both.
        text = data.decode("utf-8-sig", errors=_CP1252_FALLBACK)
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"undecodable: not UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}) "
            f"nor cp1252 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
        ) from None
    warning = (
        f"not valid UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}); decoded as cp1252"
    )
    return Decoded(path, text, "cp1252", size, warning)


def _bomless_utf16(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for UTF-16 text saved without a byte-order mark, else ``None``.

    Mostly-ASCII UTF-16 has a NUL in every other byte, always on the same side of
    each pair; binary data has its NULs anywhere. The whole file must decode, to
    text with no NUL and no other control character than tab, CR and LF.
    """
    probe = data[: _BINARY_PROBE & ~1]
    if len(data) % 2 or len(probe) < 2:
        return None
    odd, even = probe[1::2].count(0), probe[0::2].count(0)
    if odd >= len(probe) // 4 and even == 0:
        codec = "utf-16-le"
    elif even >= len(probe) // 4 and odd == 0:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if any(ch < " " and ch not in "\t\r\n" for ch in set(text)):
        return None
    return codec


def read_bytes(path: str) -> bytes:
    """Raw bytes of ``path`` (``-`` is stdin), or :class:`InputError`."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None


def read_text(path: str) -> Decoded:
    """Read and decode one input file (``-`` reads stdin)."""
    return decode_bytes(read_bytes(path), path)


def iter_input_files(paths: Iterable[str]) -> Iterator[str]:
    """Expand ``paths``: files as given, directories walked (sorted, dump suffixes only).

    Missing paths are yielded unchanged so that reading them reports the error.
    """
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in DUMP_SUFFIXES:
                        yield os.path.join(root, name)
        else:
            yield raw
