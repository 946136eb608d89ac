"""Items 6, 12, 13, 15, 16, 20: every fault stays with its path; nothing blocks or reads forever.

Special files are tried with guards: a FIFO read that blocks is released by a
timer that opens the write end, and endless streams stop serving after a
bound, so a regression fails these tests instead of hanging the suite.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from parsers import files
from parsers.files import InputError, decode_bytes, iter_input_files, read_bytes, read_text
from parsers.pipeline import load_paths
from tests.hostile.kit import write
from tests.support import DUMPS
from tui.cli import main

LONG_NAME = "a" * 300 + ".txt"


def _good(tmp_path: Path) -> Path:
    return write(tmp_path / "good.txt", (DUMPS / "basic.txt").read_text(encoding="utf-8"))


def _deny(monkeypatch: pytest.MonkeyPatch, name: str, denied: Path) -> None:
    """``os.<name>`` raises EACCES for ``denied`` (root ignores permission bits)."""
    real = getattr(os, name)

    def fake(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == str(denied):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, fake)


# -- 6: one bad path never stops the others ------------------------------------------


def test_name_too_long_is_one_error_and_the_good_file_loads(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = _good(tmp_path)
    assert main(["parse", "--no-entities", str(good), LONG_NAME]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2  # basic.txt's two articles
    assert err.splitlines() == [f"newsdesk: error: {LONG_NAME}: file name too long"]


def test_name_too_long_in_the_load_pipeline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = load_paths([str(_good(tmp_path)), LONG_NAME], use_cache=False)
    assert len(result.corpus) == 2
    assert [e.reason for e in result.errors] == ["file name too long"]


def test_unsearchable_directory_fails_its_file_only(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    hidden = write(tmp_path / "locked" / "x.txt", "x")
    _deny(monkeypatch, "stat", hidden)
    result = load_paths([str(_good(tmp_path)), str(hidden)], use_cache=False)
    assert len(result.corpus) == 2
    assert [e.reason for e in result.errors] == ["permission denied"]


# -- 12: unreadable directories are reported ------------------------------------------


def test_unreadable_subdirectory_is_reported(tmp_path, monkeypatch, capsys):
    top = tmp_path / "top"
    (top / "sub").mkdir(parents=True)
    _good(top)
    write(top / "sub" / "b.txt", "x")
    _deny(monkeypatch, "scandir", top / "sub")
    assert list(iter_input_files([str(top)])) == [str(top / "good.txt"), str(top / "sub")]
    assert main(["parse", "--no-entities", str(top)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    assert "sub: directory cannot be listed (permission denied); nothing in it was loaded" in err


def test_unreadable_directory_on_the_command_line_is_an_error(tmp_path, monkeypatch, capsys):
    closed = tmp_path / "closed"
    closed.mkdir()
    _deny(monkeypatch, "scandir", closed)
    assert main(["parse", str(closed)]) == 1
    assert "closed: directory cannot be listed (permission denied)" in capsys.readouterr().err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_real_permissions(tmp_path, capsys):  # pragma: no cover - not run as root
    closed = tmp_path / "closed"
    closed.mkdir()
    write(closed / "a.txt", "x")
    closed.chmod(0)
    try:
        assert main(["parse", str(closed)]) == 1
        assert "permission denied" in capsys.readouterr().err
    finally:
        closed.chmod(0o755)


# -- 13: one stray byte does not reject a file ----------------------------------------


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_byte_undefined_in_cp1252_does_not_reject_the_file(byte):
    text = (DUMPS / "basic.txt").read_text(encoding="utf-8").replace("’", "'")
    data = text.replace("voted on Monday", "voted on Monday \x00").encode("cp1252")
    data = data.replace(b"\x00", bytes([byte]))
    decoded = decode_bytes(data, "stray.txt")
    assert decoded.encoding == "cp1252" and len(decoded.removed) == 1
    assert "voted on Monday  to impose" in decoded.text


# -- 15: FIFOs are refused, never opened ----------------------------------------------


def _release_after(fifo: Path, seconds: float) -> threading.Timer:
    """Open (and close) the FIFO's write end later, so a blocked reader gets EOF."""

    def release() -> None:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return  # no reader blocked: nothing to release
        os.close(fd)

    timer = threading.Timer(seconds, release)
    timer.daemon = True
    timer.start()
    return timer


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_named_or_walked_is_refused_at_once(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    timer = _release_after(fifo, 5.0)
    try:
        with pytest.raises(InputError, match=r"refused: a named pipe \(FIFO\), not a regular file"):
            read_bytes(str(fifo))
        _good(tmp_path)
        result = load_paths([str(tmp_path)], use_cache=False)
    finally:
        timer.cancel()
    assert len(result.corpus) == 2 and [e.path for e in result.errors] == [str(fifo)]


def test_ctrl_c_exits_130_without_a_traceback(monkeypatch, capsys):
    def interrupted(argv):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr("tui.cli._parse_command", interrupted)
    assert main(["parse", "x.txt"]) == 130
    assert capsys.readouterr().err == "newsdesk: interrupted\n"


# -- 16: devices and endless streams ---------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_up_front(device, monkeypatch):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    real_open = os.open

    def guarded_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert os.fspath(path) != device, "opened the device: it would read forever"
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr("builtins.open", lambda path, *a, **k: guarded_open(path))
    with pytest.raises(InputError, match="refused: a character device, not a regular file"):
        read_bytes(device)


class _Endless(io.RawIOBase):
    """A stream of zeros that stops serving after ``bound`` bytes (a guard, not EOF)."""

    def __init__(self, bound: int) -> None:
        self.left = bound

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[no-untyped-def]
        if self.left <= 0:
            raise AssertionError("read past the bound: the read is not capped")
        n = min(len(buf), self.left)
        buf[:n] = b"\0" * n
        self.left -= n
        return n


def test_endless_stdin_is_capped(monkeypatch):
    monkeypatch.setenv("NEWSDESK_MAX_INPUT_MB", "1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(_Endless(8 << 20))))
    with pytest.raises(InputError, match=r"^-: too large \(more than 1 MiB; the limit is 1 MiB"):
        read_bytes("-")


def test_big_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_MAX_INPUT_MB", "1")
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(3 << 20)  # sparse: no need to write it
    monkeypatch.setattr(files, "_read_capped", None)  # reading would fail the test
    with pytest.raises(InputError, match=r"too large \(3.0 MiB; the limit is 1 MiB"):
        read_bytes(str(big))


# -- 20: encodings and NULs ------------------------------------------------------------


def test_utf32_with_bom():
    text = "The Daily Lantern 2026-03-02 08:15:00\n\nGrüße aus Köln\n"
    for codec in ("utf-32", "utf-32-be"):
        data = text.encode(codec)
        if codec == "utf-32-be":
            data = b"\x00\x00\xfe\xff" + data
        decoded = decode_bytes(data, "x.txt")
        assert decoded.text == text and decoded.encoding == "utf-32"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_cjk_is_text(codec):
    # Mostly CJK: few ASCII NULs, and "一" (U+4E00) puts a NUL on the other side too
    text = "新华社报道\n\n中国与日本举行第一轮会谈\n\n双方表示，将继续加强合作。一切顺利。\n" * 20
    decoded = decode_bytes(text.encode(codec), "cjk.txt")
    assert decoded.text == text and decoded.encoding == codec


def test_nuls_after_the_first_8k():
    head = read_text(str(DUMPS / "basic.txt")).text
    pad = "Filler paragraph of plain text.\n\n" * 300
    few = (pad + "A stray\x00NUL here.\n" + head).encode()
    decoded = decode_bytes(few, "few.txt")
    assert "\x00" not in decoded.text and "A strayNUL here." in decoded.text
    many = (pad + head).encode() + b"\x00" * 200
    with pytest.raises(InputError, match="binary"):
        decode_bytes(many, "many.bin")
