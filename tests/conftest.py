"""Shared pytest fixtures and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DUMPS = TESTS / "fixtures" / "dumps"
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures"
NYT = SHARED_FIXTURES / "nyt_2025-02-14.txt"

needs_shared = pytest.mark.skipif(not NYT.exists(), reason="../shared fixtures not present")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the user's real cache from tests."""
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
