"""Compare parsed records with a fixture's ``NAME.expected.json`` (see the fixtures README).

``check_fixture`` returns one ``Check`` per compared value, so a test can assert
all of them and a script can print scores (``python -m tests.unit.formats.scoring``).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from parsers.formats import parse_document
from parsers.model import Article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats"


@dataclass(frozen=True)
class Check:
    fixture: str
    item: int  # -1: file level
    what: str  # title, url, published, ..., or main_text_f1
    ok: bool
    detail: str = ""
    score: float | None = None  # for F1


def expected_files() -> list[Path]:
    return sorted(FIXTURES.rglob("*.expected.json"))


def data_file(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.json")]
    (match,) = [p for p in expected.parent.iterdir() if p.stem == stem and p != expected]
    return match


_TOKEN = re.compile(r"\w+", re.UNICODE)


def token_f1(got: str, want: str) -> float:
    g, w = Counter(_TOKEN.findall(got.casefold())), Counter(_TOKEN.findall(want.casefold()))
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def _same_time(got: datetime | None, want: str | None) -> bool:
    if want is None:
        return got is None
    if got is None:
        return False
    w = datetime.fromisoformat(want)
    if (w.tzinfo is None) != (got.tzinfo is None):
        return False
    return got == w


def _all_text(a: Article) -> str:
    return "\n".join([a.title, a.dek, *(b.text for b in a.blocks)])


def check_fixture(expected: Path) -> list[Check]:
    spec: dict[str, Any] = json.loads(expected.read_text(encoding="utf-8"))
    path = data_file(expected)
    name = str(path.relative_to(FIXTURES))
    result = parse_document(path.read_bytes(), str(path))
    out: list[Check] = []

    def add(item: int, what: str, ok: bool, detail: str = "", score: float | None = None) -> None:
        out.append(Check(name, item, what, ok, detail, score))

    if "format" in spec:
        add(-1, "format", result.format == spec["format"], result.format)
    if "count" in spec:
        add(-1, "count", len(result.articles) == spec["count"], str(len(result.articles)))
    if "warning" in spec:
        add(-1, "warning", bool(result.warnings) == spec["warning"], "; ".join(result.warnings))
    if "source" in spec:
        srcs = {a.source for a in result.articles}
        add(-1, "source", srcs == {spec["source"]}, repr(srcs))
    for i, want in enumerate(spec.get("items", [])):
        if i >= len(result.articles):
            for key in want:
                add(i, key, False, "missing record")
            continue
        a = result.articles[i]
        for key in ("title", "url", "dek", "source"):
            if key in want:
                add(i, key, getattr(a, key) == want[key], repr(getattr(a, key)))
        if "byline" in want:
            add(i, "byline", list(a.byline) == want["byline"], repr(a.byline))
        for key in ("published", "updated"):
            if key in want:
                got = getattr(a, key)
                add(i, key, _same_time(got, want[key]), got.isoformat() if got else "None")
        if "paragraphs" in want:
            add(i, "paragraphs", list(a.paragraphs) == want["paragraphs"], repr(a.paragraphs))
        if "subheads" in want:
            subs = [b.text for b in a.blocks if b.kind == "subhead"]
            add(i, "subheads", subs == want["subheads"], repr(subs))
        if "main_text" in want:
            got = "\n".join(b.text for b in a.blocks)
            f1 = token_f1(got, want["main_text"])
            add(i, "main_text_f1", f1 >= 0.9, f"{f1:.3f}", f1)
        urls = {k.url for k in a.links if k.rel == "link"}
        encs = {k.url for k in a.links if k.rel == "enclosure"}
        if "links_include" in want:
            missing = [u for u in want["links_include"] if u not in urls]
            add(i, "links", not missing, f"missing {missing}")
        if "enclosures" in want:
            missing = [u for u in want["enclosures"] if u not in encs]
            add(i, "enclosures", not missing, f"missing {missing}")
        if "absent" in want:
            text = _all_text(a)
            present = [s for s in want["absent"] if s in text]
            add(i, "absent", not present, f"present {present}")
        if "error_page" in want:
            add(i, "error_page", (a.kicker == "Error page") == want["error_page"], a.kicker)
        if "truncated" in want:
            add(i, "truncated", a.truncated == want["truncated"], str(a.truncated))
    return out


def main() -> int:
    """Print every failed check and the scores per family and field."""
    checks = [c for e in expected_files() for c in check_fixture(e)]
    by: dict[tuple[str, str], list[bool]] = {}
    f1s: list[float] = []
    for c in checks:
        fam = c.fixture.split("/", 1)[0]
        by.setdefault((fam, c.what), []).append(c.ok)
        if c.score is not None:
            f1s.append(c.score)
        if not c.ok:
            print(f"FAIL {c.fixture} item {c.item} {c.what}: {c.detail[:300]}")
    for (fam, what), oks in sorted(by.items()):
        print(f"{fam:9} {what:14} {sum(oks)}/{len(oks)}")
    if f1s:
        print(f"html main text token F1: {', '.join(f'{x:.3f}' for x in f1s)}")
    print(f"total {sum(c.ok for c in checks)}/{len(checks)} checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
