"""``newsdesk entities PATH... [--type person|country|org|place] [--json]``.

Reads dumps, extracts entities, unifies them across the corpus and prints one
row per entity: name, type, ISO code, number of articles, number of mentions,
the most frequent other surface forms and a person's roles (titles cut from
before the name, most articles first). ``--json`` prints the same rows as a
JSON list for scripts.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from parsers.model import ENTITY_KINDS as KINDS
from parsers.model import KIND, Article


@dataclass
class _Row:
    key: str
    kind: str
    name: str
    iso2: str | None
    articles: set[str] = field(default_factory=set)
    mentions: int = 0
    forms: Counter = field(default_factory=Counter)
    role_counts: Counter = field(default_factory=Counter)  # casefolded role -> articles
    role_forms: dict[str, str] = field(default_factory=dict)  # casefolded -> spelling

    def aliases(self, n: int = 3) -> list[str]:
        return [f for f, _ in self.forms.most_common() if f != self.name][:n]

    def roles(self, n: int = 3) -> list[str]:
        return [self.role_forms[k] for k, _ in self.role_counts.most_common(n)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "name": self.name,
            "iso2": self.iso2,
            "articles": len(self.articles),
            "mentions": self.mentions,
            "aliases": self.aliases(10),
            "roles": self.roles(10),
        }


def collect(articles: Iterable[Article], kind: str | None = None) -> list[_Row]:
    """Aggregate the (resolved) articles' entities into rows, most mentioned first."""
    rows: dict[str, _Row] = {}
    for a in articles:
        if not a.entities:
            continue
        for e in a.entities.all():
            if kind and e.kind != kind:
                continue
            row = rows.get(e.key)
            if row is None:
                row = rows[e.key] = _Row(e.key, e.kind, e.name, e.iso2)
            elif len(e.name) > len(row.name) and e.kind != "country":
                row.name = e.name
            row.articles.add(a.id)
            row.mentions += len(e.mentions)
            for m in e.mentions:
                row.forms[m.text] += 1
            for x in e.roles:
                row.role_counts[k := x.casefold()] += 1
                if k not in row.role_forms or row.role_forms[k].isupper() > x.isupper():
                    row.role_forms[k] = x
    return sorted(rows.values(), key=lambda r: (-len(r.articles), -r.mentions, r.name))


def load(paths: list[str]) -> tuple[list[Article], list[str]]:
    """Parse and extract every input file under ``paths`` (any format) through the
    load pipeline's stages; returns (articles, error and ``warning:`` messages)."""
    from parsers.pipeline import iter_parsed, resolve_records

    files = []
    errors: list[str] = []
    for res in iter_parsed(paths):
        if res.error is not None:
            errors.append(str(res.error))
            continue
        errors.extend(f"warning: {res.path}: {w}" for w in res.warnings)
        files.append(res)
    return resolve_records(files), errors


def run(paths: list[str], kind: str | None, as_json: bool) -> int:
    """Print the corpus's entities; returns the process exit status."""
    if kind is not None and kind not in KINDS:
        print(f"newsdesk entities: unknown type {kind!r} (use {', '.join(KINDS)})", file=sys.stderr)
        return 2
    from tui.cli import empty_dirs

    empty = empty_dirs(paths)
    articles, messages = load(paths)
    from parsers.sanitize import escape_json_controls, visible

    errors = [*empty, *(m for m in messages if not m.startswith("warning: "))]
    for msg in [*empty, *messages]:  # the format of ``newsdesk parse``
        line = msg if msg.startswith("warning: ") else f"error: {msg}"
        print(f"newsdesk: {visible(line)}", file=sys.stderr)
    if errors and not articles:
        return 1  # no empty table
    rows = collect(articles, kind)
    if as_json:
        dumped = json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=1)
        sys.stdout.write(escape_json_controls(dumped))
        sys.stdout.write("\n")
        sys.stdout.flush()
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(
            title=f"{len(rows)} entities in {len(articles)} articles", title_justify="left"
        )
        table.add_column("Name", style="bold")
        table.add_column("Type")
        table.add_column("ISO")
        table.add_column("Articles", justify="right")
        table.add_column("Mentions", justify="right")
        table.add_column("Aliases", overflow="fold")
        with_roles = any(r.role_counts for r in rows)
        if with_roles:
            table.add_column("Roles", overflow="fold")
        for r in rows:
            cells: list[Text | str] = [  # data as Text, never as markup
                Text(visible(r.name)),
                KIND[r.kind].label,
                Text(visible(r.iso2 or "")),
                str(len(r.articles)),
                str(r.mentions),
                Text(visible(", ".join(r.aliases()))),
            ]
            if with_roles:
                cells.append(Text(visible(", ".join(r.roles()))))
            table.add_row(*cells)
        Console().print(table)
    return 0
