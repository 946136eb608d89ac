"""docs/config.md documents every option of the config file, with its default."""

from __future__ import annotations

import re

from parsers.config import DEFAULT, OPTIONS
from tests.support import REPO


def test_every_option_is_documented_with_its_default() -> None:
    text = (REPO / "docs" / "config.md").read_text(encoding="utf-8")
    text = text.split("## Options", 1)[1].split("## Key bindings", 1)[0]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\|[^|]*`(\w+)` \| (.+?) \|", text, re.M)}
    for option in OPTIONS:
        if option == "keys":
            assert "[keys.<scope>]" in text
            continue
        assert option in rows, option
        default = getattr(DEFAULT, option)
        if isinstance(default, tuple):
            default = "[" + ", ".join(f'"{v}"' for v in default) + "]"
        elif isinstance(default, str):
            default = f'"{default}"'
        assert rows[option] == f"`{default}`", (option, rows[option])
