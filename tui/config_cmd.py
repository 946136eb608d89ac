"""``newsdesk config [--path] [--config PATH]``: where the config file is, and what is in effect."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["run"]


def run(argv: Sequence[str]) -> int:
    """Print the effective config as TOML (every option), or only the file's path.

    Problems in the file go to stderr, one line each, and make the exit status 1.
    """
    from parsers.config import as_toml, config_path, load_config
    from parsers.sanitize import visible
    from tui import settings

    ap = argparse.ArgumentParser(
        prog="newsdesk config",
        description=(
            "Print the effective configuration as TOML (every option, defaults included) "
            "and where the file is. Options are documented in docs/config.md."
        ),
    )
    ap.add_argument("--path", action="store_true", help="print only the config file's path")
    ap.add_argument("--config", metavar="PATH", default=None, help="read this file instead")
    args = ap.parse_args(argv)
    path = config_path(args.config)
    if args.path:
        print(path)
        return 0
    config, problems = load_config(path, required=args.config is not None)
    from textual.theme import BUILTIN_THEMES

    config, rejected = settings.checked(config, BUILTIN_THEMES)
    problems += rejected
    from tui.keymap import check_keys, key_rows

    config, clashes = check_keys(config)
    problems += clashes
    for problem in problems:
        print(f"newsdesk: {visible(str(problem))}", file=sys.stderr)
    state = "" if path.exists() else " (no such file: these are the defaults)"
    sys.stdout.write(f"# {visible(str(path))}{state}\n")
    sys.stdout.write(as_toml(config, key_rows()))
    return 1 if problems else 0
