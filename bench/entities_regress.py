"""Regression harness for the entity extractor: the output must not change.

Usage::

    python bench/entities_regress.py --save [REF]    # write the reference (default below)
    python bench/entities_regress.py --check [REF]   # compare with it, byte for byte

Runs parse + ``extract`` + ``resolve_corpus`` over

* the real fixture dump (``../shared/fixtures/nyt_2025-02-14.txt``, or ``--fixture``: a
  checkout outside the usual tree has to pass it; the dump's first line lists the inputs),
* ``tests/fixtures/dumps/*.txt`` and ``parsers/sample/*.txt``,
* a deterministic synthetic corpus from ``bench/gen_corpus.py`` (``--articles``, seed 7),
* perturbed copies of the fixture and sample texts (straight apostrophes, no-break
  spaces, upper case, title case, blocks of different articles spliced together), read
  with ``extract_text`` so that rare branches of the rules are exercised,

and dumps every entity field (kind, key, name, aliases, mentions, iso2, evidence) of every
article as JSON lines, for the extraction alone and after corpus resolution. The corpus is
extracted three times in one process: in order with a cold chunk memo, again (warm memo),
and in reverse order after the memo was emptied; all three go into the dump, so a change in
memo behaviour shows up too. ``--check`` prints the first differing lines.

To compare a branch with ``main``: ``git worktree add --detach /tmp/ref main``, copy this
file into ``/tmp/ref/bench/``, run it there with ``PYTHONPATH=/tmp/ref ... --save --fixture
...``, then ``--check`` in the branch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_REF = Path(tempfile.gettempdir()) / "newsdesk-entities-regress.jsonl"
FIXTURE = ROOT.parent / "shared" / "fixtures" / "nyt_2025-02-14.txt"


def _ent(e: Any) -> list[Any]:
    return [
        e.kind,
        e.key,
        e.name,
        list(e.aliases),
        [list(m) for m in e.mentions],
        e.iso2,
        [list(x) for x in e.evidence],
    ]


def _ents(ae: Any) -> list[Any]:
    if ae is None:
        return []
    groups = (ae.people, ae.countries, ae.organizations, ae.places)
    return [[_ent(e) for e in grp] for grp in groups]


def _dumps(paths: list[Path]) -> list[Any]:
    from parsers.dump.parser import parse_text
    from parsers.files import InputError, read_text

    arts = []
    for p in paths:
        try:
            text = read_text(str(p)).text
        except InputError:
            continue
        arts.extend(parse_text(text, p.name).articles)
    return arts


def _perturbed(arts: list[Any], seed: int = 3) -> list[dict[str, Any]]:
    """Deterministic variants of real article texts for ``extract_text``."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []

    def texts(a: Any) -> dict[str, Any]:
        return {"title": a.title, "dek": a.dek, "blocks": [b.text for b in a.blocks]}

    variants = [
        lambda s: s.replace("’", "'"),
        lambda s: s.replace(" ", "\u00a0"),
        lambda s: s.upper(),
        lambda s: s.title(),
        lambda s: s.replace(", ", " , ").replace(". ", ".\n"),
        lambda s: s.lower(),
    ]
    for a in arts:
        d = texts(a)
        for f in variants:
            out.append(
                {
                    "title": f(d["title"]),
                    "dek": f(d["dek"]),
                    "blocks": [f(b) for b in d["blocks"]],
                }
            )
    # blocks of different articles spliced together (memo context across articles)
    pool = [b.text for a in arts for b in a.blocks]
    for _ in range(len(arts)):
        k = rng.randrange(2, 12)
        blocks = [pool[rng.randrange(len(pool))] for _ in range(k)]
        # and sentence halves glued to one another
        if len(blocks) > 2:
            i, j = rng.randrange(len(blocks)), rng.randrange(len(blocks))
            blocks.append(blocks[i][: len(blocks[i]) // 2] + blocks[j][len(blocks[j]) // 2 :])
        title = blocks[0][:80]
        out.append({"title": title, "blocks": blocks})
    return out


def run(n_articles: int, fixture: Path = FIXTURE) -> tuple[list[str], dict[str, float]]:
    from gen_corpus import generate

    from parsers.entities import default_extractor, extract, extract_text, resolve_corpus

    base = []
    if fixture.exists():
        base.append(fixture)
    base += sorted((ROOT / "tests" / "fixtures" / "dumps").glob("*.txt"))
    base += sorted((ROOT / "parsers" / "sample").glob("*.txt"))
    real = _dumps(base)
    with tempfile.TemporaryDirectory() as tmp:
        synth = _dumps(generate(n_articles, tmp, seed=7))
    arts = real + synth
    lines: list[str] = []
    times: dict[str, float] = {}
    lines.append(json.dumps(["inputs", [p.name for p in base], len(synth)]))

    def emit(tag: str, i: int, a: Any, ents: Any) -> None:
        lines.append(json.dumps([tag, i, a.id if a is not None else None, _ents(ents)]))

    t0 = time.process_time()
    done = [extract(a) for a in arts]
    times["cold"] = time.process_time() - t0
    for i, a in enumerate(done):
        emit("extract", i, a, a.entities)
    t0 = time.process_time()
    resolved = resolve_corpus(done)
    times["resolve"] = time.process_time() - t0
    for i, a in enumerate(resolved):
        emit("resolved", i, a, a.entities)
    t0 = time.process_time()
    warm = [extract(a) for a in arts]
    times["warm"] = time.process_time() - t0
    for i, a in enumerate(warm):
        emit("warm", i, a, a.entities)
    default_extractor().clear_memos()  # empty the chunk memos
    rev = [extract(a) for a in reversed(arts)]
    for i, a in enumerate(reversed(rev)):
        emit("reversed", i, a, a.entities)
    t0 = time.process_time()
    for i, d in enumerate(_perturbed(real)):
        lines.append(json.dumps(["perturbed", i, None, _ents(extract_text(d))]))
    times["perturbed"] = time.process_time() - t0
    # plain strings and lists through extract_text
    for i, a in enumerate(real):
        lines.append(json.dumps(["text", i, None, _ents(extract_text([b.text for b in a.blocks]))]))
    return lines, times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--save", action="store_true", help="write the reference")
    g.add_argument("--check", action="store_true", help="compare with the reference")
    ap.add_argument("ref", nargs="?", default=str(DEFAULT_REF))
    ap.add_argument("--articles", type=int, default=3000, help="synthetic articles (default 3000)")
    ap.add_argument("--fixture", default=str(FIXTURE), help="the real dump (default: %(default)s)")
    args = ap.parse_args(argv)
    ref = Path(args.ref)
    if not Path(args.fixture).exists():
        print(f"note: no fixture at {args.fixture} (pass --fixture)", file=sys.stderr)
    lines, times = run(args.articles, Path(args.fixture))
    blob = ("\n".join(lines) + "\n").encode()
    digest = hashlib.sha256(blob).hexdigest()[:16]
    tinfo = ", ".join(f"{k} {v:.2f}s" for k, v in times.items())
    if args.save:
        ref.write_bytes(blob)
        print(f"saved {len(lines)} lines ({len(blob) / 1e6:.1f} MB, sha256 {digest}) to {ref}")
        print(f"CPU: {tinfo}")
        return 0
    if not ref.exists():
        print(f"no reference at {ref}: run with --save first", file=sys.stderr)
        return 2
    want = ref.read_bytes()
    if want == blob:
        print(f"IDENTICAL: {len(lines)} lines (sha256 {digest}); CPU: {tinfo}")
        return 0
    old = want.decode().splitlines()
    bad = [i for i, (x, y) in enumerate(zip(old, lines, strict=False)) if x != y]
    print(f"DIFFERENT: {len(bad)} differing lines, {len(old)} vs {len(lines)} lines")
    for i in bad[:5]:
        print(f"--- ref  {old[i][:600]}\n+++ new  {lines[i][:600]}")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
