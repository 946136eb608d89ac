"""Items 17 and 19: quitting stops the parsing pool at once; workers die with their parent.

Bounded: every wait polls a condition under a deadline, so a regression fails
(the deadline is a guard, not a timing claim; ``bench/quit_bench.py`` measures).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parsers import pipeline
from parsers.pool import stop_parsing
from tests.support import DUMPS, REPO


def _until(condition, seconds: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _big_dumps(tmp_path: Path, n: int = 6, copies: int = 20) -> list[str]:
    text = (DUMPS / "basic.txt").read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        p = tmp_path / f"d{i}.txt"
        p.write_text(text * copies, encoding="utf-8")
        paths.append(str(p))
    return paths


def _pool_children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if "SpawnProcess" in p.name]


def test_stop_parsing_ends_a_cold_load_without_draining_the_pool(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    paths = _big_dumps(tmp_path)
    events = pipeline.iter_load(paths, use_cache=False)
    done = 0
    for event in events:
        if event.kind == "file_done":
            done += 1
            workers = _pool_children()
            assert workers, "the load should run in the pool"
            stop_parsing()  # what the app does when it quits
        assert event.kind != "done", "a stopped load must not go on to the end"
    assert done == 1  # the other files were dropped, not parsed
    assert _until(lambda: not any(w.is_alive() for w in workers))


def test_an_abandoned_load_terminates_its_pool(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    events = pipeline.iter_load(_big_dumps(tmp_path), use_cache=False)
    for event in events:
        if event.kind == "file_done":
            break
    workers = _pool_children()
    assert workers
    events.close()  # the UI worker returned: the generator is closed
    assert _until(lambda: not any(w.is_alive() for w in workers))


_ORPHAN_SCRIPT = """
import sys, time
from parsers.pool import start_pool
pool = start_pool(2)
futures = [pool.submit(time.sleep, 60) for _ in range(2)]
time.sleep(0.5)
print(" ".join(str(pid) for pid in pool._processes), flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX parent/child semantics")
def test_workers_exit_when_the_app_is_killed():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
        assert _until(lambda: not any(_alive(p) for p in pids)), "orphaned workers"
    finally:
        if proc.poll() is None:
            proc.kill()


def _alive(pid: int) -> bool:
    """Running (a zombie awaiting its reaper counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
