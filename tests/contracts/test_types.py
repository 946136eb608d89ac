"""The type checker runs as part of the suite: mypy over parsers/ and tui/, configured in
pyproject.toml (untyped definitions disallowed)."""

from __future__ import annotations

import subprocess
import sys

from tests.support import REPO


def test_mypy_is_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "parsers", "tui"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
