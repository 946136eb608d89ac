"""``newsdesk cache [info|clear|prune]``: where the cache is, its size, clearing it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

USAGE = "newsdesk cache [info|clear|prune] [--json]"


def plain(text: str) -> str:
    """``text`` with control characters shown as escapes (paths reach the terminal)."""
    return "".join(c if c.isprintable() or c == "\t" else repr(c)[1:-1] for c in text)


def run(argv: Sequence[str]) -> int:
    from parsers.store.admin import clear_cache, prune_cache, report

    ap = argparse.ArgumentParser(
        prog="newsdesk cache",
        description=(
            "Show where newsdesk's cache is and how big (info, the default), delete it "
            "(clear), or drop old and unused entries and give the space back (prune). "
            "Nothing is deleted while another newsdesk has the cache open, and a file "
            "that is not a newsdesk cache is never deleted."
        ),
    )
    ap.add_argument("action", nargs="?", choices=("info", "clear", "prune"), default="info")
    ap.add_argument("--json", action="store_true", help="machine-readable output (info)")
    args = ap.parse_args(argv)
    if args.action == "clear":
        deleted, notes = clear_cache()
        for n in notes:
            print(f"newsdesk: {plain(n)}", file=sys.stderr)
        print(f"deleted {len(deleted)} file(s)")
        return 1 if notes and not deleted else 0
    if args.action == "prune":
        before, after, notes = prune_cache()
        for n in notes:
            print(f"newsdesk: {plain(n)}", file=sys.stderr)
        mb = 1 << 20
        print(f"database: {before / mb:.1f} MB -> {after / mb:.1f} MB")
        return 0
    r = report()
    if args.json:
        out = {
            "location": str(r.directory),
            "state": r.state,
            "bytes": r.total_bytes,
            "database_bytes": r.db_bytes,
            "files": r.files,
            "articles": r.articles,
            "retired": r.retired,
            "snapshots": r.snapshots,
            "other_users": r.users,
            "cap_bytes": r.cap,
        }
        print(json.dumps(out))
    else:
        for line in r.lines():
            print(plain(line))
    return 0
