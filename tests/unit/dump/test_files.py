"""Reading inputs: encodings, bad files, directories and stdin."""

from __future__ import annotations

import io
import sys

import pytest

from parsers.files import InputError, decode_bytes, iter_input_files, read_text
from tests.support import DUMPS


def test_utf8_with_bom():
    d = decode_bytes("\ufeffHeadline ’quote’\n".encode(), "x")
    assert d.encoding == "utf-8" and d.warning is None
    assert d.text.startswith("Headline")


def test_cp1252_fallback_is_reported():
    d = decode_bytes("It\x92s here".encode("latin-1"), "x")
    assert d.encoding == "cp1252"
    assert d.text == "It’s here"
    assert "cp1252" in d.warning and "0x92" in d.warning


def test_utf16_with_bom():
    d = decode_bytes("Grüße\n".encode("utf-16"), "x")
    assert d.text == "Grüße\n"


def test_truncated_utf8_keeps_text_and_warns():
    data = "Body text é".encode()[:-1]
    d = decode_bytes(data, "x")
    assert d.text.startswith("Body text ") and d.warning and "truncated" in d.warning


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_bytes_raise_one_line_errors(data, reason):
    with pytest.raises(InputError) as info:
        decode_bytes(data, "in.txt")
    msg = str(info.value)
    assert reason in msg and msg.startswith("in.txt: ") and "\n" not in msg


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_text(str(tmp_path))


def test_fixture_files_decode_or_fail_clearly():
    assert read_text(str(DUMPS / "cp1252.txt")).encoding == "cp1252"
    for name in ("empty.txt", "binary.bin"):
        with pytest.raises(InputError):
            read_text(str(DUMPS / name))


def test_directory_walk_is_sorted_and_filtered(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "photo.jpg").write_text("x")
    (tmp_path / "feed.xml.gz").write_bytes(b"x")
    (tmp_path / ".hidden.txt").write_text("x")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.dump").write_text("x")
    got = [p.rsplit("/", 1)[-1] for p in iter_input_files([str(tmp_path)])]
    assert got == ["a.txt", "b.txt", "feed.xml.gz", "notes.md", "c.dump"]
    assert list(iter_input_files(["missing.txt", "-"])) == ["missing.txt", "-"]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Title\n\nBody.\n")))
    assert read_text("-").text == "Title\n\nBody.\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(codec):
    text = "The Daily Lantern 2026-03-02 08:15:00\n\nA “Quoted” Headline\n\nBody é.\n"
    decoded = decode_bytes(text.encode(codec), "x.txt")
    assert decoded.text == text
    assert decoded.encoding == codec


def test_nul_bytes_on_both_sides_of_pairs_stay_binary():
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"ab\x00c\x00\x00de\x00f" * 10, "x.bin")


def test_utf8_and_cp1252_parts_in_one_file_both_decode():
    data = "Café ’ok’\n".encode() + "Naïve ’x’ — ça\n".encode("cp1252")
    d = decode_bytes(data, "x.txt")
    assert d.text == "Café ’ok’\nNaïve ’x’ — ça\n"
    assert d.encoding == "cp1252" and "decoded as cp1252" in d.warning


def test_bytes_undefined_in_cp1252_are_removed_and_kept_as_originals():
    d = decode_bytes(b"abc \x81\x8d\x90 def\n", "x.txt")
    assert d.text == "abc  def\n" and d.encoding == "cp1252"
    assert d.removed[0].line == 1 and d.removed[0].original == "abc \x81\x8d\x90 def"
    assert "cp1252" in d.warning and "control characters removed" in d.warning
