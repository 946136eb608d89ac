"""Items 1, 3, 4, 8 and 21 from the command line: output is inert, pipes and stdin behave."""

from __future__ import annotations

import io
import json
import os
import re
import select
import subprocess
import sys
import time

import pytest

from parsers.model import Article, ArticleEntities, Entity, Mention
from tests.hostile.kit import BAD_MARKUP, CLICK, CONTROL, hostile_dump, strings, write
from tests.support import DUMPS, REPO
from tui import entities_cmd
from tui.cli import main

EVIL_NAME = "evil\x1b]0;pwned\x07\x1b[2J\nnewsdesk: error: forged [bold].txt"
ESCAPED_NAME = "evil\\x1b]0;pwned\\x07\\x1b[2J\\nnewsdesk: error: forged [bold].txt"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def test_parse_output_holds_no_control_sequence(tmp_path, capsys):
    path = write(tmp_path / "hostile.txt", hostile_dump())
    assert main(["parse", "--check", str(path)]) == 0  # the lossless check passes
    out, err = capsys.readouterr()
    assert not CONTROL.search(out) and not CONTROL.search(err)
    rec = json.loads(out)
    assert rec["title"] == "Ukraine Talks Resume in Geneva"
    for s in strings(rec):
        assert not CONTROL.search(s)
    # the originals survive in the JSON, as escapes
    originals = [d["text"] for d in rec["dropped"] if d["reason"] == "control characters removed"]
    assert any("\x1b]52;c;" in t for t in originals)


def test_file_names_are_escaped_on_stderr(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / EVIL_NAME
    bad.write_bytes("It\x92s a headline\n\nBody text.\n".encode("latin-1"))  # a cp1252 warning
    assert main(["parse", "--no-entities", EVIL_NAME, EVIL_NAME + "-missing"]) == 1
    err = capsys.readouterr().err
    assert not CONTROL.search(err)
    lines = err.splitlines()
    assert lines[0].startswith(f"newsdesk: warning: {ESCAPED_NAME}: not valid UTF-8")
    assert lines[-1] == f"newsdesk: error: {ESCAPED_NAME}-missing: no such file"
    assert all(line.startswith("newsdesk: ") for line in lines)  # no forged lines


def _entity_article(name: str) -> Article:
    ent = Entity("org", f"org:{name.lower()}", name, (), (Mention("title", 0, 0, 3, name),))
    return Article(
        id="x", source="s", retrieved=None, published=None, updated=None, title=name,
        entities=ArticleEntities(organizations=(ent,)),
    )  # fmt: skip


@pytest.mark.parametrize("name", [BAD_MARKUP, CLICK, "Acme \x1b[2J[bold red]Corp"])
def test_entities_table_never_reads_names_as_markup(monkeypatch, capsys, name):
    monkeypatch.setenv("COLUMNS", "300")  # one table row on one line
    monkeypatch.setattr(
        entities_cmd, "load", lambda paths: ([_entity_article(name)], ["bad\x1b[2J.txt: x"])
    )
    assert entities_cmd.run(["x"], None, False) == 0
    out, err = capsys.readouterr()
    assert not CONTROL.search(out) and not CONTROL.search(err)
    assert name.replace("\x1b", "\\x1b") in out  # brackets and all, shown as text
    assert "bad\\x1b[2J.txt: x" in err


def test_entities_json_into_a_closed_pipe_is_quiet():
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "entities", "--json", str(DUMPS / "basic.txt")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout is not None
    proc.stdout.close()  # like `| head` having exited: every write is EPIPE
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()
    assert proc.returncode == 0


def test_broken_pipe_in_process(monkeypatch):
    class Closed(io.StringIO):
        def write(self, s: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["parse", "--no-entities", str(DUMPS / "basic.txt")]) == 0


# -- 21: a redirected stdin is input, never keys ---------------------------------------


def test_redirected_stdin_without_a_terminal_is_refused_in_one_line(tmp_path):
    with open(DUMPS / "basic.txt", "rb") as stdin:
        proc = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--no-cache"],
            stdin=stdin,
            capture_output=True,
            env=_env(),
            start_new_session=True,  # no controlling terminal
            timeout=60,
        )
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode().splitlines() == [
        "newsdesk: error: stdin is not a terminal and there is no terminal to read keys from; "
        "for scripts use 'newsdesk parse' or 'newsdesk entities'"
    ]


def test_dash_while_stdin_is_the_terminal_is_refused(monkeypatch, capsys):
    monkeypatch.setattr(os, "isatty", lambda fd: True)
    assert main(["-"]) == 2
    assert "stdin is the terminal" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_redirected_stdin_is_read_as_the_dump_and_keys_come_from_the_terminal(tmp_path):
    import pty

    pid, master = pty.fork()
    if pid == 0:  # child: stdin from the dump, the pty stays the controlling terminal
        try:
            fd = os.open(DUMPS / "basic.txt", os.O_RDONLY)
            os.dup2(fd, 0)
            os.environ.update(_env(), NEWSDESK_CACHE_DIR=str(tmp_path))
            os.execv(sys.executable, [sys.executable, "-m", "tui.cli", "--no-cache"])
        finally:
            os._exit(99)
    screen, status, quit_sent = b"", None, False
    deadline = time.monotonic() + 60
    try:
        while status is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    screen += os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    ready = []
            plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", screen)
            if not quit_sent and b"Lisbon Council" in plain:
                os.write(master, b"q")  # a key from the terminal
                quit_sent = True
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(code)
    finally:
        if status is None:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(master)
    assert quit_sent, "the dump from stdin never showed"
    assert status == 0
