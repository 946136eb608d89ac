"""Shared pytest fixtures (helpers and paths live in ``tests.support``)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the user's real cache from tests."""
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
