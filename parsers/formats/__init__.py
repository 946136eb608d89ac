"""Every input format other than the scraped dumps, behind one dispatch point.

``parse_document(data, name)`` gunzips, detects the format from the content
(:mod:`parsers.formats.detect`) unless one is forced, and maps the file to
:class:`~parsers.model.Article` records: feeds (:mod:`.feeds`), JSON/JSONL and
JSON Feed (:mod:`.jsonrec`), reader markdown (:mod:`.markdown`), saved HTML
pages (:mod:`.html_page`), plain-text articles (:mod:`.plaintext`) and dumps
(:mod:`parsers.dump.parser`). An ill-formed file gives what could be read plus
one-line warnings; only an unreadable file raises
:class:`~parsers.files.InputError`.

A format is forced by the ``forced`` argument, or for a whole run by
``NEWSDESK_INPUT_FORMAT`` (:data:`INPUT_FORMAT_ENV`): that is how the app's and
``export``'s ``--format``/``--from`` reach the parse workers, which inherit it.
The CLI turns the cache off while it is set (cached rows are what detection read).
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable
from typing import Any

from parsers.files import InputError, decode_bytes, max_input_bytes
from parsers.formats.common import FormatResult
from parsers.formats.detect import FORMATS, detect_format

__all__ = [
    "FORMATS",
    "INPUT_FORMAT_ENV",
    "FormatResult",
    "detect_format",
    "forced_format",
    "gunzip",
    "parse_document",
]

#: Environment variable that forces one input format for every file of a run.
INPUT_FORMAT_ENV = "NEWSDESK_INPUT_FORMAT"


def forced_format() -> str | None:
    """The format :data:`INPUT_FORMAT_ENV` forces for this run, or ``None``."""
    return os.environ.get(INPUT_FORMAT_ENV) or None


def gunzip(data: bytes, path: str) -> bytes:
    """Decompress gzip ``data`` (concatenated members too) within the input size cap.

    The cap is :func:`parsers.files.max_input_bytes` (``NEWSDESK_MAX_INPUT_MB``),
    the same as for any input, so a gzip bomb is refused with one line.
    """
    limit = max_input_bytes()
    out: list[bytes] = []
    total = 0
    rest = data
    try:
        while rest.startswith(b"\x1f\x8b"):
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            while True:
                chunk = d.decompress(rest, 1 << 20)
                total += len(chunk)
                if total > limit:
                    mib = limit // (1024 * 1024)
                    raise InputError(path, f"gzip file expands beyond {mib} MiB; refused")
                out.append(chunk)
                rest = d.unconsumed_tail
                if d.eof or not rest:
                    break
            if not d.eof:
                raise InputError(path, "truncated gzip file")
            rest = d.unused_data.lstrip(b"\x00")
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise InputError(path, f"not a readable gzip file ({exc})") from None
    return b"".join(out)


def parse_document(
    data: bytes,
    path: str,
    forced: str | None = None,
    *,
    dump_parser: Callable[[str, str], Any] | None = None,
    parallel: bool = False,
) -> FormatResult:
    """Records of one input file. ``forced`` (a :data:`FORMATS` name), else
    :func:`forced_format`, skips detection.

    ``dump_parser(text, path)`` replaces ``parsers.dump.parser.parse_text`` for
    dumps (the pipeline's seam for tests). ``parallel``: a big feed may be parsed
    in two processes (only for programs whose main module can be spawned).

    Raises :class:`InputError` only for a file that cannot be read at all (empty,
    binary, undecodable); anything else yields records and/or warnings.
    """
    if data.startswith(b"\x1f\x8b"):
        data = gunzip(data, path)
    if not data or data.isspace():
        raise InputError(path, "empty file" if not data else "file contains only whitespace")
    fmt = forced or forced_format() or detect_format(data, path)
    if fmt not in FORMATS:
        raise InputError(path, f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    if fmt in ("rss", "atom"):
        from parsers.formats.feeds import parse_feed

        return parse_feed(data, path, parallel)
    if fmt == "html":
        from parsers.formats.html_page import parse_html

        return parse_html(data, path)
    decoded = decode_bytes(data, path)
    result = _parse_text(fmt, decoded.text, path, dump_parser)
    if decoded.warning:
        result.warnings.insert(0, decoded.warning)
    if decoded.removed:  # originals of the lines that held control characters
        from parsers.dump.parser import ParseResult, keep_originals

        parsed = ParseResult(result.articles, result.stray)
        keep_originals(parsed, decoded.removed)
        result.articles, result.stray = parsed.articles, parsed.stray
    result.decoded = decoded
    return result


def _parse_text(
    fmt: str, text: str, path: str, dump_parser: Callable[[str, str], Any] | None
) -> FormatResult:
    if fmt in ("json", "jsonfeed"):
        from parsers.formats.jsonrec import parse_json

        return parse_json(text, path)
    if fmt == "jsonl":
        from parsers.formats.jsonrec import parse_jsonl

        return parse_jsonl(text, path)
    if fmt == "markdown":
        from parsers.formats.markdown import parse_markdown

        return parse_markdown(text, path)
    if fmt == "text":
        from parsers.formats.plaintext import parse_plaintext

        return parse_plaintext(text, path)
    if dump_parser is None:
        from parsers.dump.parser import parse_text

        dump_parser = parse_text
    parsed = dump_parser(text, path)
    return FormatResult("dump", parsed.articles, parsed.stray)
