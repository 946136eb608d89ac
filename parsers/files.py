"""Reading input files: paths, directories, stdin, text decoding and sanitising.

Every failure becomes an :class:`InputError` with a one-line reason (the path
shown with its control characters escaped), so callers report it and carry on
with the other files. Before anything is opened the path is checked with
``stat``: only regular files are read (a FIFO, device or socket is refused, so
nothing blocks or reads forever), and every read is capped at
:func:`max_input_bytes` (stdin too). Decoded text goes through
:func:`parsers.sanitize.sanitize_text`: it never holds terminal control
characters, and the original of each changed line comes along in
:attr:`Decoded.removed`.

Which files a walked directory loads (:func:`iter_input_files`): a file given
on the command line is always read, whatever its name. Inside a directory,
files are taken in sorted order when their suffix is an input suffix
(:data:`INPUT_SUFFIXES`, optionally ``.gz``) and none of these says the file is
not an article:

- hidden files and directories (``.git``, ``.cache``) are skipped;
- sidecars beside data files: ``NAME.expected.json`` (test oracles),
  ``NAME.meta.json``, ``NAME.info.json`` (downloader metadata) and
  ``NAME.schema.json``;
- project documents, by base name in any case and with any suffix: ``README``,
  ``LICENSE``/``LICENCE``, ``COPYING``, ``NOTICE``, ``CHANGELOG``, ``CHANGES``,
  ``HISTORY``, ``AUTHORS``, ``CONTRIBUTING``, ``CODE_OF_CONDUCT``, ``SECURITY``;
- tool manifests: ``package.json``, ``package-lock.json``, ``tsconfig.json``,
  ``composer.json``, ``manifest.json``.

Everything else is parsed, its format detected from the content.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from parsers.sanitize import Removed, sanitize_text, visible

#: Suffixes picked up when a directory is walked (explicit file paths take any name),
#: each also gzipped (``.txt.gz``); the format itself is detected from the content.
DUMP_SUFFIXES = frozenset({".txt", ".text", ".dump"})
INPUT_SUFFIXES = DUMP_SUFFIXES | {
    *(".xml", ".rss", ".atom", ".rdf", ".json", ".jsonl", ".ndjson"),
    *(".md", ".markdown", ".html", ".htm", ".xhtml"),
}
#: Largest input read, in MiB, unless ``NEWSDESK_MAX_INPUT_MB`` says otherwise.
DEFAULT_MAX_INPUT_MB = 128
_BINARY_PROBE = 8192
#: A few NUL bytes past the probe are stray bytes (removed with the other control
#: characters); more than this and the file is binary.
_STRAY_NULS = 16
_CHUNK = 1 << 20


def max_input_bytes() -> int:
    """The size cap of one input (``NEWSDESK_MAX_INPUT_MB``, default 128 MiB)."""
    raw = os.environ.get("NEWSDESK_MAX_INPUT_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_INPUT_MB
    except ValueError:
        mb = DEFAULT_MAX_INPUT_MB
    return max(1, int(mb * 1024 * 1024))


class InputError(Exception):
    """A file that could not be read as text; ``str()`` is a one-line message.

    ``path`` is the path as given; the message shows it with control characters
    escaped, so it is safe to print.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{visible(path)}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded, sanitised text with the encoding used and a warning when we had to fall back.

    ``removed``: the original of each line that held control characters (the
    text has them removed), for the parser to keep with the records.
    """

    path: str
    text: str
    encoding: str
    size: int
    warning: str | None = None
    removed: tuple[Removed, ...] = ()


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: the offending bytes as cp1252.

    The five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become
    the C1 control of the same number, as browsers do (WHATWG "windows-1252");
    sanitising then removes them, keeping the original line.
    """
    assert isinstance(exc, UnicodeDecodeError)
    bad = bytes(exc.object[exc.start : exc.end])
    return bad.decode("cp1252", errors="newsdesk-latin1"), exc.end


def _latin1_bytes(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    return bytes(exc.object[exc.start : exc.end]).decode("latin-1"), exc.end


_CP1252_FALLBACK = "newsdesk-utf8-cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)
codecs.register_error("newsdesk-latin1", _latin1_bytes)

#: ``bytes.translate`` table: 1 for ASCII control bytes other than tab, LF, CR.
_C0_FLAGS = bytes(1 if (b < 32 and b not in (9, 10, 13)) or b == 127 else 0 for b in range(256))
#: ``bytes.translate`` table: 1 for the bytes a control character's UTF-8 form holds
#: (C0 but tab/LF/CR, DEL; 0xC2 leads a C1 control; 0x81 and 0xAA-0xAE are in the
#: bidi controls), 0 for every other byte. Ordinary text has few of them.
_SUSPECT = bytes(
    1 if (b < 32 and b not in (9, 10, 13)) or b in (127, 0xC2, 0x81) or 0xAA <= b <= 0xAE else 0
    for b in range(256)
)
#: C1 controls and the bidi controls (U+202A-U+202E, U+2066-U+2069) in UTF-8.
_UTF8_WIDE = re.compile(rb"\xc2[\x80-\x9f]|\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")
#: Suspect bytes checked one by one before a regex pass over the rest is cheaper.
_SUSPECT_LOOKS = 4096


def _utf8_may_have_controls(data: bytes) -> bool:
    """Whether UTF-8 ``data`` may hold a control character (C0, DEL, C1 or bidi).

    One ``translate`` pass (about 1.5 GB/s) flags the suspect bytes and each is
    checked in its context; text with very many of them (accented scripts) has
    the rest scanned by one regex pass instead.
    """
    n = len(data)
    looks = 0
    for start in range(0, n, _CHUNK):
        flags = data[start : start + _CHUNK].translate(_SUSPECT)
        i = flags.find(1)
        while i >= 0:
            p = start + i
            b = data[p]
            if b < 0x80:
                return True  # C0 or DEL
            if b == 0xC2:  # C2 80-9F
                if p + 1 < n and 0x80 <= data[p + 1] <= 0x9F:
                    return True
            elif b == 0x81:  # E2 81 A6-A9
                if p >= 1 and data[p - 1] == 0xE2 and p + 1 < n and 0xA6 <= data[p + 1] <= 0xA9:
                    return True
            elif p >= 2 and data[p - 1] == 0x80 and data[p - 2] == 0xE2:  # E2 80 AA-AE
                return True
            looks += 1
            if looks > _SUSPECT_LOOKS:
                rest = data[start:]
                return _has_c0(rest) or _UTF8_WIDE.search(rest) is not None
            i = flags.find(1, i + 1)
    return False


def _has_c0(data: bytes) -> bool:
    """Whether ``data`` holds a C0 control other than tab/LF/CR, or DEL."""
    return any(
        data[i : i + _CHUNK].translate(_C0_FLAGS).find(1) >= 0 for i in range(0, len(data), _CHUNK)
    )


def _finish(path: str, text: str, encoding: str, size: int, warning: str | None) -> Decoded:
    """Sanitise decoded text; a warning says how many lines lost control characters."""
    clean = sanitize_text(text)
    if clean.removed:
        n = len(clean.removed)
        note = (
            f"control characters removed from {n} line{'s' if n != 1 else ''} "
            f"(first: line {clean.removed[0].line}; originals kept as dropped lines)"
        )
        warning = f"{warning}; {note}" if warning else note
    return Decoded(path, clean.text, encoding, size, warning, clean.removed)


def decode_bytes(data: bytes, path: str) -> Decoded:
    """Decode ``data`` and sanitise it.

    UTF-8 (BOM or not), UTF-32 and UTF-16 with a BOM, UTF-16 without one, else
    each byte that is not UTF-8 read as cp1252 (with a warning). NUL bytes in the
    first 8 KiB, or more than a few anywhere, make it binary.
    """
    size = len(data)
    if not data or data.isspace():  # (``data.strip()`` would copy the whole file)
        raise InputError(path, "empty file" if size == 0 else "file contains only whitespace")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return _finish(path, data.decode("utf-32"), "utf-32", size, None)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"undecodable UTF-32 ({exc.reason})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _finish(path, data.decode("utf-16"), "utf-16", size, None)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"undecodable UTF-16 ({exc.reason})") from None
    if b"\x00" in data[:_BINARY_PROBE]:
        codec = _bomless_utf16(data)
        if codec is not None:
            return _finish(path, data.decode(codec), codec, size, None)
        raise InputError(path, "binary file (contains NUL bytes), not a text dump")
    suspicious = _utf8_may_have_controls(data)
    if suspicious and data.count(0) > _STRAY_NULS:
        raise InputError(path, f"binary file ({data.count(0)} NUL bytes), not a text dump")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= size - 3 and exc.reason == "unexpected end of data":
            text = data.decode("utf-8-sig", errors="replace")
            warning = "file ends inside a UTF-8 character (truncated?); last bytes replaced with �"
            return _finish(path, text, "utf-8", size, warning)
        first_bad = exc.start
    else:
        if not suspicious:
            return Decoded(path, text, "utf-8", size)
        return _finish(path, text, "utf-8", size, None)
    # Each byte that is not UTF-8 is read as cp1252; valid UTF-8 stays UTF-8, so
    # a dump concatenated from a UTF-8 and a cp1252 part decodes right in both.
    text = data.decode("utf-8-sig", errors=_CP1252_FALLBACK)
    warning = (
        f"not valid UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}); decoded as cp1252"
    )
    return _finish(path, text, "cp1252", size, warning)


def _plausible_text(text: str) -> bool:
    """No NUL, no control character but tab/CR/LF, nothing unassigned or private."""
    import unicodedata

    for ch in set(text):
        if ch < " " and ch not in "\t\r\n":
            return False
        if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and ch not in "\t\r\n":
            return False
    return True


def _bomless_utf16(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for UTF-16 text saved without a byte-order mark, else ``None``.

    Either byte order is tried on the first 8 KiB: it must decode to plausible
    text (no control character but tab, CR and LF, no unassigned or private-use
    character), which binary data practically never does, and CJK text (NULs on
    both sides of the pairs) does. When both orders would do, the side holding
    the NULs of ASCII characters decides. Then the whole file must decode.
    """
    probe = data[: _BINARY_PROBE & ~1]
    if len(data) % 2 or len(probe) < 2:
        return None
    odd, even = probe[1::2].count(0), probe[0::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for codec in order:
        try:
            head = probe.decode(codec)
        except UnicodeDecodeError:
            # the probe may end inside a surrogate pair: drop its last unit
            try:
                head = probe[:-2].decode(codec)
            except UnicodeDecodeError:
                continue
        if not _plausible_text(head):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            return None
        return codec if _plausible_text(text) else None
    return None


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _os_reason(exc: OSError) -> str:
    """One-line reason for an ``OSError`` on a path."""
    code = exc.errno
    if code == errno.ENOENT:
        return "no such file"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ENAMETOOLONG:
        return "file name too long"
    if code == errno.ENOTDIR:
        return "not found (a part of the path is not a directory)"
    if code == errno.EISDIR:
        return "is a directory"
    return f"cannot read ({exc.strerror or exc})"


def _kind(mode: int) -> str:
    for test, name in _FILE_KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _directory_reason(path: str) -> str:
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"directory cannot be listed ({_os_reason(exc)}); nothing in it was loaded"
    return "is a directory"


def too_large(size: int | None, limit: int) -> str:
    """The "too large" reason, naming the limit and how to raise it."""
    mib = 1024 * 1024
    what = f"{size / mib:.1f} MiB" if size is not None else f"more than {limit / mib:g} MiB"
    return (
        f"too large ({what}; the limit is {limit / mib:g} MiB, "
        "set NEWSDESK_MAX_INPUT_MB to raise it)"
    )


def _read_capped(fh: BinaryIO, limit: int, path: str, hint: int = 0) -> bytes:
    """Everything ``fh`` holds, or :class:`InputError` once more than ``limit`` bytes come."""
    first = fh.read(min(hint, limit) + 1) if hint else b""
    if hint and len(first) <= hint:
        return first  # the whole file, in one read
    chunks = [first] if first else []
    total = len(first)
    while total <= limit:
        chunk = fh.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise InputError(path, too_large(None, limit))


_stdin_data: bytes | None = None


def take_stdin(limit: int | None = None) -> bytes:
    """Read stdin now (capped); later reads of ``-`` get these bytes.

    For the app, which must read its keys from the terminal: it takes the
    redirected input first, then reopens the terminal as its stdin.
    """
    global _stdin_data
    if _stdin_data is None:
        cap = max_input_bytes() if limit is None else limit
        _stdin_data = _read_capped(sys.stdin.buffer, cap, "-")
    return _stdin_data


def read_bytes(path: str, limit: int | None = None) -> bytes:
    """Raw bytes of ``path`` (``-`` is stdin), or :class:`InputError`.

    Only regular files are opened; at most ``limit`` bytes (default
    :func:`max_input_bytes`) are read.
    """
    cap = max_input_bytes() if limit is None else limit
    if path == "-":
        if _stdin_data is not None:
            return _stdin_data
        return _read_capped(sys.stdin.buffer, cap, path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(path, _os_reason(exc)) from None
    except ValueError:  # an embedded NUL
        raise InputError(path, "invalid file name") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, _directory_reason(path))
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, f"refused: {_kind(st.st_mode)}, not a regular file")
    if st.st_size > cap:
        raise InputError(path, too_large(st.st_size, cap))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO swapped in after the stat cannot hang
    except OSError as exc:
        raise InputError(path, _os_reason(exc)) from None
    try:
        with os.fdopen(fd, "rb") as fh:
            fst = os.fstat(fh.fileno())
            if not stat.S_ISREG(fst.st_mode):
                raise InputError(path, f"refused: {_kind(fst.st_mode)}, not a regular file")
            return _read_capped(fh, cap, path, hint=fst.st_size)
    except OSError as exc:
        raise InputError(path, _os_reason(exc)) from None


def read_text(path: str) -> Decoded:
    """Read, decode and sanitise one input file (``-`` reads stdin)."""
    return decode_bytes(read_bytes(path), path)


def _is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False  # reading it reports why


#: Walked files whose name says they describe data rather than hold articles.
SIDECAR_SUFFIXES = (".expected.json", ".meta.json", ".info.json", ".schema.json")
DOCUMENT_NAMES = frozenset(
    {
        *("readme", "license", "licence", "copying", "notice", "changelog", "changes"),
        *("history", "authors", "contributing", "code_of_conduct", "security"),
    }
)
MANIFEST_NAMES = frozenset(
    {"package.json", "package-lock.json", "tsconfig.json", "composer.json", "manifest.json"}
)


def walked_input(name: str) -> bool:
    """Whether a file named ``name`` met while walking a directory is read (see above)."""
    low = name.lower()
    if low.startswith("."):
        return False
    if low.endswith(".gz"):
        low = low[:-3]
    if os.path.splitext(low)[1] not in INPUT_SUFFIXES:
        return False
    if low.endswith(SIDECAR_SUFFIXES) or low in MANIFEST_NAMES:
        return False
    return low.split(".", 1)[0] not in DOCUMENT_NAMES


def iter_input_files(paths: Iterable[str]) -> Iterator[str]:
    """Expand ``paths``: files as given, directories walked (sorted, :func:`walked_input`).

    Paths that cannot be read (missing, too long, not searchable) and
    sub-directories that cannot be listed are yielded as they are, so that
    reading them reports the error for that path alone.
    """
    for raw in paths:
        if raw == "-" or not _is_dir(raw):
            yield raw
            continue
        failed: list[OSError] = []
        for root, dirs, files in os.walk(raw, onerror=failed.append):
            while failed:
                yield str(failed.pop(0).filename or root)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if walked_input(name):
                    yield os.path.join(root, name)
        for exc in failed:
            yield str(exc.filename or raw)
