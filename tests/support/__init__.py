"""Test helpers: fixture paths, small dumps with a stand-in entity stage, hand-built articles."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
DUMPS = TESTS / "fixtures" / "dumps"
SAMPLES = REPO / "parsers" / "sample"
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures"
NYT = SHARED_FIXTURES / "nyt_2025-02-14.txt"

needs_shared = pytest.mark.skipif(not NYT.exists(), reason="../shared fixtures not present")
