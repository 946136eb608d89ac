"""Import contract: ``parsers.corpus`` never imports ``parsers.store`` (the cache
depends on the corpus, not the other way round)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from tests.support import REPO

CORPUS = REPO / "parsers" / "corpus"


def _imports(path: os.PathLike[str]) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
    return out


def test_corpus_source_never_names_the_store() -> None:
    offenders = [
        f"{p.name}: {m}"
        for p in sorted(CORPUS.rglob("*.py"))
        for m in _imports(p)
        if m == "parsers.store" or m.startswith("parsers.store.") or m == "sqlite3.dbapi2"
    ]
    assert offenders == []


def test_importing_the_corpus_loads_no_store_module() -> None:
    code = (
        "import sys, pkgutil, importlib, parsers.corpus as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'parsers.corpus.'):\n"
        "    importlib.import_module(m.name)\n"
        "print([m for m in sys.modules if m.startswith('parsers.store')])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"
