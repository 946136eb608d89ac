"""The bundled sample corpus: original articles written for newsdesk's demo and tests."""

from __future__ import annotations

from importlib import resources


def sample_paths() -> list[str]:
    """Paths of the bundled sample dumps, sorted by name."""
    root = resources.files(__name__)
    return sorted(str(p) for p in root.iterdir() if p.name.endswith(".txt"))
