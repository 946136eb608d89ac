"""The GC pause is re-entrant and restores the collector's state."""

from __future__ import annotations

import gc
import threading

from parsers.perf import paused_gc


def test_nested_and_restored():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_stays_off_if_it_was_off():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_concurrent_users_reenable_once_at_the_end():
    inside = threading.Barrier(2)
    leave = threading.Event()

    def worker():
        with paused_gc():
            inside.wait()
            leave.wait()

    t = threading.Thread(target=worker)
    t.start()
    with paused_gc():
        inside.wait()
    assert not gc.isenabled()  # the worker is still inside
    leave.set()
    t.join()
    assert gc.isenabled()
