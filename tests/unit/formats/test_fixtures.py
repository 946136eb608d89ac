"""Every format fixture against the expectations written beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.formats.scoring import FIXTURES, check_fixture, expected_files


@pytest.mark.parametrize(
    "expected", expected_files(), ids=lambda p: str(Path(p).relative_to(FIXTURES))
)
def test_fixture_meets_its_expectations(expected: Path) -> None:
    failed = [c for c in check_fixture(expected) if not c.ok]
    assert not failed, "\n".join(f"item {c.item} {c.what}: {c.detail}" for c in failed)


def test_every_fixture_has_expectations() -> None:
    data = [p for p in FIXTURES.rglob("*") if p.is_file() and not p.name.endswith(".json")]
    data += [p for p in FIXTURES.rglob("*.json") if not p.name.endswith(".expected.json")]
    data = [p for p in data if p.name != "README.md"]
    missing = [p.name for p in data if not p.with_name(p.stem + ".expected.json").exists()]
    assert len(data) >= 20 and not missing
