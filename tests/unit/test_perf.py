"""parsers.perf: each speed trick keeps behaviour (GC state, records, settings)."""

from __future__ import annotations

import gc
import os
import threading
import weakref
from dataclasses import FrozenInstanceError, dataclass, fields

import pytest

from parsers import perf
from parsers.model import Article, Entity, Mention, Origin
from parsers.perf import (
    freeze_heap,
    gc_off_for_startup,
    limit_blas_threads,
    paused_gc,
    slots_constructor,
    trim_malloc,
)
from tests.support import REPO

SAMPLE = REPO / "parsers" / "sample" / "wire_2026-03-05.txt"


def test_nested_and_restored():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_the_pause_made_goes_to_the_oldest_generation_unwalked(monkeypatch):
    monkeypatch.setattr(perf, "_heap_frozen", False)

    class Node:  # tracked by the collector
        pass

    frozen = gc.get_freeze_count()  # (an app test before this one froze its heap)
    if frozen:
        gc.unfreeze()
    try:
        assert gc.isenabled() and gc.get_freeze_count() == 0
        with paused_gc():
            made = [Node() for _ in range(5000)]
            assert gc.get_count()[0] >= 5000
        assert gc.get_count()[0] < 700  # no young collection is due
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert all(id(o) in oldest for o in made[:50]) and gc.get_freeze_count() == 0
        # garbage cycles made in a pause are still found by a full collection
        with paused_gc():
            probe = Node()
            probe.self = probe  # type: ignore[attr-defined]
            probe_ref = weakref.ref(probe)
            del probe
        assert probe_ref() is not None
        gc.collect()
        assert probe_ref() is None
    finally:
        if frozen:
            gc.freeze()


def test_a_frozen_heap_stays_frozen(monkeypatch):
    monkeypatch.setattr(perf, "_heap_frozen", False)
    was_frozen = gc.get_freeze_count() > 0
    keep = [[] for _ in range(10)]  # tracked objects to freeze
    perf.freeze_heap()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            pass
        assert gc.get_freeze_count() == frozen and gc.isenabled()
    finally:
        if not was_frozen:
            gc.unfreeze()
    del keep


def test_a_pause_never_walks_the_frozen_heap(monkeypatch):
    """Ending a pause costs the same with a big frozen heap (the app after a load):
    it must not ask ``gc.get_freeze_count()``, which walks every frozen object."""

    def walked() -> int:
        raise AssertionError("paused_gc walked the frozen heap")

    monkeypatch.setattr(perf, "_heap_frozen", True)
    monkeypatch.setattr(gc, "get_freeze_count", walked)
    for _ in range(3):
        with paused_gc():
            pass


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


def test_freeze_heap_collects_once_then_enables():
    gc.disable()
    try:
        gc_off_for_startup()
        assert not gc.isenabled()
        before = gc.get_freeze_count()
        freeze_heap()
        assert gc.isenabled()
        assert gc.get_freeze_count() > max(before, 0)
    finally:
        gc.unfreeze()
        gc.enable()


def test_limit_blas_threads_keeps_an_explicit_setting():
    env: dict[str, str] = {}
    limit_blas_threads(env)
    assert env == {"OPENBLAS_NUM_THREADS": "1"}
    env = {"OPENBLAS_NUM_THREADS": "4"}
    limit_blas_threads(env)
    assert env["OPENBLAS_NUM_THREADS"] == "4"


def test_cli_limits_blas_threads_before_any_command(monkeypatch, capsys):
    from tui.cli import main

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert main(["parse", "--no-entities", str(SAMPLE)]) == 0
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert capsys.readouterr().out.count("\n") >= 1


def test_slots_constructor_builds_equal_records():
    make = slots_constructor(Entity)
    assert make is not Entity
    m = Mention("blocks", 2, 0, 5, "Kyiv")
    args = ("place", "place:kyiv|UA", "Kyiv", ("Kiev",), (m,), "UA", (("Kyiv", "name"),))
    assert make(*args) == Entity(*args)
    assert make("person", "person:x", "X") == Entity("person", "person:x", "X")
    assert make(kind="org", key="org:y", name="Y", iso2="Z") == Entity(
        "org", "org:y", "Y", iso2="Z"
    )
    with pytest.raises(TypeError):
        make("person")


def test_slots_constructor_default_factories_and_all_article_fields():
    make = slots_constructor(Article)
    a = make("id1", "Src", None, None, None, "Title")
    b = Article("id1", "Src", None, None, None, "Title")
    assert a == b and a.origin == Origin("", 0)
    values = [getattr(b, f.name) for f in fields(Article)]
    assert make(*values) == b
    with pytest.raises(FrozenInstanceError):
        a.title = "x"  # type: ignore[misc]


def test_slots_constructor_falls_back_for_other_classes():
    @dataclass
    class Plain:
        x: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            if self.x < 0:
                raise ValueError

    assert slots_constructor(Plain) is Plain
    assert slots_constructor(Checked) is Checked


def test_trim_malloc_is_a_no_op_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes
    import platform

    assert trim_malloc("libnewsdesk-no-such-library.so.0") is False

    class NoTrim:  # a C library without malloc_trim (musl, macOS's libSystem)
        def __init__(self, name: str | None) -> None:
            pass

    monkeypatch.setattr(ctypes, "CDLL", NoTrim)
    assert trim_malloc() is False
    monkeypatch.undo()
    if platform.libc_ver()[0] == "glibc":
        assert trim_malloc() is True
