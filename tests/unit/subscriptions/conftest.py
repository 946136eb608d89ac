"""Fixtures: an isolated data dir, the library, a local feed server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from parsers.subscriptions import Library, library_path
from tests.unit.subscriptions.feedserver import FeedServer


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the user's real library."""
    path = tmp_path / "data"
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(path))
    return path


@pytest.fixture
def library() -> Iterator[Library]:
    lib = Library(library_path())
    yield lib
    lib.close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()
