"""Import contracts between the rooms of the house, checked on the source (no imports run).

- ``parsers/`` is the data side: it never imports Textual, Rich or ``tui``.
- ``parsers.corpus`` (the in-memory index) never imports ``parsers.store`` (the cache) or the
  pipeline: the cache depends on the corpus, not the other way round.
- The TUI never parses: widgets and screens get records from the pipeline and the corpus,
  never from a format parser or the entity extractor directly.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import REPO

#: (package whose modules are checked, forbidden module prefixes, allowed exceptions)
CONTRACTS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("parsers", ("textual", "rich", "tui"), ()),
    ("parsers/corpus", ("parsers.store", "parsers.pipeline"), ()),
    ("parsers/dump", ("parsers.corpus", "parsers.store", "parsers.pipeline"), ()),
    # the gazetteer keeps its pickle in the cache directory: only where that is
    (
        "parsers/entities",
        ("parsers.corpus", "parsers.store", "parsers.pipeline"),
        ("parsers.store.location",),
    ),
    ("tui/widgets", ("parsers.dump", "parsers.entities", "parsers.formats", "parsers.store"), ()),
    ("tui/screens", ("parsers.dump", "parsers.entities", "parsers.formats", "parsers.store"), ()),
]


def imported_modules(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, at any depth (lazy imports inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)


def _within(mod: str, prefixes: tuple[str, ...]) -> bool:
    return any(mod == p or mod.startswith(p + ".") for p in prefixes)


def _violations(package: str, forbidden: tuple[str, ...], allowed: tuple[str, ...]) -> list[str]:
    out = []
    for path in sorted((REPO / package).rglob("*.py")):
        for mod in imported_modules(path):
            if _within(mod, forbidden) and not _within(mod, allowed):
                out.append(f"{path.relative_to(REPO)} imports {mod}")
    return out


@pytest.mark.parametrize(
    ("package", "forbidden", "allowed"), CONTRACTS, ids=[c[0] for c in CONTRACTS]
)
def test_import_contract(
    package: str, forbidden: tuple[str, ...], allowed: tuple[str, ...]
) -> None:
    assert (REPO / package).is_dir()
    assert _violations(package, forbidden, allowed) == []


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "m.py"
    bad.write_text("def f():\n    from parsers.store import cache\n", encoding="utf-8")
    assert "parsers.store.cache" in set(imported_modules(bad))
