"""Import contracts checked at import time (the source-level rules are in test_layers.py):
importing every module of ``parsers`` loads no UI module, and the corpus loads no cache."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support import REPO

WALK = (
    "import sys, pkgutil, importlib, {pkg} as p\n"
    "for m in pkgutil.walk_packages(p.__path__, '{pkg}.'):\n"
    "    importlib.import_module(m.name)\n"
    "print(sorted({{m for m in sys.modules if m.split('.')[0] in {top} or m.startswith({pre})}}))\n"
)


@pytest.mark.parametrize(
    ("package", "forbidden_top", "forbidden_prefix"),
    [
        ("parsers", ("textual", "rich", "tui"), ("tui.",)),
        ("parsers.corpus", (), ("parsers.store", "parsers.pipeline")),
    ],
)
def test_importing_loads_no_forbidden_module(
    package: str, forbidden_top: tuple[str, ...], forbidden_prefix: tuple[str, ...]
) -> None:
    code = WALK.format(pkg=package, top=forbidden_top, pre=forbidden_prefix)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
