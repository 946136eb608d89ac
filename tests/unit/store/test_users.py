"""Who uses a cache directory: live registrations count, dead ones are cleaned up."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.store.users import USERS_DIR, CacheBusy, Users


def test_live_users_are_seen_and_dead_ones_removed(tmp_path: Path) -> None:
    a, b = Users(tmp_path), Users(tmp_path)
    with a.mutex():
        a.register()
    with b.mutex():
        b.register()
        assert b.others() == 1 and not b.alone()
    stale = tmp_path / USERS_DIR / "123-deadbeef"  # a crashed process leaves its file
    stale.write_bytes(b"")
    b.close()
    with a.mutex():
        assert a.alone()
    assert not stale.exists()
    assert [p.name for p in (tmp_path / USERS_DIR).iterdir()] == [a._own_path.name]  # type: ignore[union-attr]
    a.close()


def test_mutex_times_out_instead_of_waiting_forever(tmp_path: Path) -> None:
    a, b = Users(tmp_path), Users(tmp_path)
    with a.mutex(), pytest.raises(CacheBusy), b.mutex(timeout=0.05):
        pass
