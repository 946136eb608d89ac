"""The data side (parsers/) must never import Textual or Rich."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.support import REPO

PARSERS = REPO / "parsers"
FORBIDDEN = ("textual", "rich")


def test_no_ui_imports_in_parsers_source():
    offenders = []
    for path in PARSERS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_parsers_loads_no_ui_modules():
    code = (
        "import sys, pkgutil, importlib, parsers\n"
        "for m in pkgutil.walk_packages(parsers.__path__, 'parsers.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
