"""Every speed trick of newsdesk in one place, each with why it pays.

* :func:`paused_gc`: no cyclic collections while parsing or extracting: those
  make many small acyclic objects that the collector would rescan again and
  again (10-30% of the run time); reference counting still frees them.
  When the pause ends, what it made is promoted to the oldest generation at
  once (``gc.freeze(); gc.unfreeze()``, two list splices) instead of being
  walked by the first young collection: that walk was ~8% of parsing a dump.
  Full collections still see those objects, so cycles among them are collected
  as before, only later; a heap frozen on purpose (:func:`freeze_heap`) is left
  frozen.
* :func:`gc_off_for_startup` / :func:`freeze_heap`: the app starts with the
  collector off (start-up makes hardly any cycles, but rescanning its young
  objects was ~10% of a warm open) and, once loaded, moves the millions of
  long-lived corpus objects out of the collector's sight so that full
  collections do not walk them in the middle of frames.
* :func:`trim_malloc`: after a cold load, glibc keeps the freed memory of the
  load's temporaries (unpickled records, SQLite buffers) mapped; handing it back
  brings the idle resident size closer to a warm open's.
* :func:`limit_blas_threads`: newsdesk never multiplies matrices, but numpy's
  OpenBLAS starts a thread pool on import: 60-90 ms of a warm open on 2 cores.
* :func:`slots_constructor`: a frozen slots dataclass's ``__init__`` sets each
  field through ``object.__setattr__``; setting the slots directly builds the
  same record in about half the time (parsers make one per article/entity).
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import MISSING, fields, is_dataclass
from typing import Any, TypeVar

__all__ = [
    "freeze_heap",
    "gc_off_for_startup",
    "limit_blas_threads",
    "paused_gc",
    "slots_constructor",
    "trim_malloc",
]

T = TypeVar("T")

_lock = threading.Lock()
_depth = 0
_was_enabled = False
#: Set by :func:`freeze_heap`; ``gc.get_freeze_count()`` cannot tell cheaply (it
#: walks the whole frozen heap: millions of objects once the app has loaded).
_heap_frozen = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic GC for the duration of the block (re-entrant, thread-safe).

    The pause is counted and locked, so nested or concurrent users (a parse inside
    a TUI worker thread while another thread extracts entities) re-enable the
    collector only when the last one leaves, and never enable it if it was off
    to begin with.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                if not _heap_frozen:  # (unfreeze would thaw a heap frozen on purpose)
                    gc.freeze()  # everything into the permanent generation,
                    gc.unfreeze()  # and back into the oldest: no young walk
                gc.enable()


def gc_off_for_startup() -> None:
    """Switch the cyclic GC off until :func:`freeze_heap` (the app's start-up)."""
    gc.disable()


def freeze_heap() -> None:
    """Move everything allocated so far out of the collector's sight, then enable it.

    Called once loading is over. If the collector was off (see
    :func:`gc_off_for_startup`), one collection first, so that the few cycles
    start-up made are not frozen for good.
    """
    global _heap_frozen
    if not gc.isenabled():
        gc.collect()
    gc.freeze()
    _heap_frozen = True
    gc.enable()
    trim_malloc()


def trim_malloc(libc: str | None = "libc.so.6") -> bool:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``).

    A no-op (False) where the C library has no ``malloc_trim`` (macOS, musl,
    Windows); True if it ran.
    """
    import ctypes

    try:
        trim = ctypes.CDLL(libc).malloc_trim
    except (OSError, AttributeError, TypeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
    return True


def limit_blas_threads(environ: dict[str, str] | None = None) -> None:
    """One OpenBLAS thread, unless the user chose otherwise.

    Must run before numpy's first import; processes started later (the parse
    workers) inherit it.
    """
    env: Any = os.environ if environ is None else environ
    env.setdefault("OPENBLAS_NUM_THREADS", "1")


def slots_constructor(cls: type[T]) -> Callable[..., T]:
    """A function equal to ``cls(...)`` for a frozen slots dataclass, twice as fast.

    Same parameters (names, order, defaults, default factories) as the class's
    ``__init__``; it sets the slots directly. Classes with ``__post_init__``, or
    that are not slots dataclasses, get ``cls`` itself back.
    """
    if (
        not is_dataclass(cls)
        or "__slots__" not in vars(cls)
        or hasattr(cls, "__post_init__")
        or any(not f.init or f.kw_only is True for f in fields(cls))
    ):
        return cls
    names = [f.name for f in fields(cls)]
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_MISSING": MISSING}
    params: list[str] = []
    body: list[str] = ["    _obj = _new(_cls)"]
    for i, f in enumerate(fields(cls)):
        env[f"_set{i}"] = vars(cls)[f.name].__set__
        if f.default is not MISSING:
            env[f"_d{i}"] = f.default
            params.append(f"{f.name}=_d{i}")
            body.append(f"    _set{i}(_obj, {f.name})")
        elif f.default_factory is not MISSING:
            env[f"_f{i}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(f"    _set{i}(_obj, _f{i}() if {f.name} is _MISSING else {f.name})")
        else:
            params.append(f.name)
            body.append(f"    _set{i}(_obj, {f.name})")
    src = f"def make({', '.join(params)}):\n" + "\n".join(body) + "\n    return _obj\n"
    exec(src, env)  # the same technique dataclasses uses to build __init__
    make: Callable[..., T] = env["make"]
    make.__name__ = make.__qualname__ = f"make_{cls.__name__}"
    make.__doc__ = f"``{cls.__name__}({', '.join(names)})`` setting the slots directly."
    return make
