"""Score the entity extractor against a hand-made gold annotation.

Usage: python bench/entities_eval.py [DUMP GOLD] [-v]

Defaults to ../shared/fixtures/nyt_2025-02-14.{txt,entities.json} (found
relative to the repo as ../shared/fixtures). GOLD is a JSON object keyed by
headline (the fixture's shape: each value has people / countries /
organizations / places lists with name, aliases, evidence, iso2, ...), or a
list of such objects each with a "title".

Matching: a predicted entity matches a gold entity of the same type in the
same article when they share a surface form (name, alias, mention form,
evidence form; case-insensitive, ’ = ', possessive and leading "the"
removed); countries also match on iso2. Each gold entity is matched at most
once, so a person split in two costs a false positive. Predicted entities
whose forms only match the gold's ``other_mentions_not_scored`` are neutral.
Gold people with ``"role": "contributor"`` are scored on a separate
"authors" line against the record's byline + contributors.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT.parent / "shared" / "fixtures"
DEFAULT_DUMP = FIXTURES / "nyt_2025-02-14.txt"
DEFAULT_GOLD = FIXTURES / "nyt_2025-02-14.entities.json"
TYPES = (
    ("people", "person"),
    ("countries", "country"),
    ("organizations", "org"),
    ("places", "place"),
)


def norm(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").strip().casefold()
    s = re.sub(r"'s$|'$", "", s)
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"\s+", " ", s)


def gold_forms(e: dict, section: str) -> set[str]:
    forms = {e.get("name", "")}
    forms.update(e.get("aliases", []) or [])
    if isinstance(e.get("mentions"), dict):
        forms.update(e["mentions"])
    for ev in e.get("evidence", []) or []:
        forms.add(ev["form"] if isinstance(ev, dict) else ev)
    if e.get("normalized"):
        forms.add(e["normalized"])
    out = {norm(f) for f in forms if f}
    if section == "countries" and e.get("iso2"):
        out.add("iso:" + e["iso2"].upper())
    return out


def pred_forms(e: dict, section: str) -> set[str]:
    forms = {e.get("name", "")}
    forms.update(e.get("aliases", []) or [])
    forms.update(m["text"] for m in e.get("mentions", []))
    for ev in e.get("evidence", []) or []:
        forms.add(ev["form"] if isinstance(ev, dict) else ev[0])
    out = {norm(f) for f in forms if f}
    if section == "countries" and e.get("iso2"):
        out.add("iso:" + e["iso2"].upper())
    return out


def load_articles(dump: Path):
    from parsers.dump.parser import parse_text
    from parsers.entities import extract, resolve_corpus
    from parsers.files import read_text

    text = read_text(str(dump)).text
    arts = parse_text(text, str(dump)).articles
    return resolve_corpus([extract(a) for a in arts])


def load_gold(path: Path) -> list[tuple[str, dict]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        return list(data.items())
    return [(d.get("title", ""), d.get("entities", d)) for d in data]


def match(preds: list[tuple[set[str], str]], golds: list[set[str]], neutral: set[str]):
    """Greedy one-to-one matching on shared forms; returns (tp, fp, fn, fps, fns)."""
    pairs = []
    for i, (pf, _) in enumerate(preds):
        for j, gf in enumerate(golds):
            shared = len(pf & gf)
            if shared:
                pairs.append((-shared, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
    fps = []
    for i, (pf, label) in enumerate(preds):
        if i in used_p:
            continue
        if pf & neutral:
            continue
        fps.append(label)
    fns = [j for j in range(len(golds)) if j not in used_g]
    return len(used_p), len(fps), len(fns), fps, fns


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(dump: Path, gold: Path, verbose: bool = False, out=sys.stdout) -> dict[str, tuple]:
    articles = load_articles(dump)
    by_title = {norm(a.title): a for a in articles}
    totals = {k: [0, 0, 0] for k in ("people", "countries", "organizations", "places", "authors")}
    excluded = 0
    for n, (title, g) in enumerate(load_gold(gold)):
        a = by_title.get(norm(title))
        if a is None and n < len(articles):
            a = articles[n]
        pred = a.entities.to_dict() if a is not None and a.entities else {}
        neutral: set[str] = set()
        for item in g.get("other_mentions_not_scored", []) or []:
            for part in str(item.get("text", "")).split(" / "):
                neutral.add(norm(part))
        for section, _kind in TYPES:
            gold_ents = g.get(section, []) or []
            if section == "people":
                excluded += sum(1 for e in gold_ents if e.get("role") == "contributor")
                gold_ents = [e for e in gold_ents if e.get("role") != "contributor"]
            gsets = [gold_forms(e, section) for e in gold_ents]
            psets = [(pred_forms(e, section), e.get("name", "")) for e in pred.get(section, [])]
            tp, fp, fn, fps, fns = match(psets, gsets, neutral)
            t = totals[section]
            t[0] += tp
            t[1] += fp
            t[2] += fn
            if verbose and (fps or fns):
                print(f"  [{title[:50]}] {section}", file=out)
                for x in fps:
                    print(f"      FP {x}", file=out)
                for j in fns:
                    print(f"      FN {gold_ents[j].get('name')}", file=out)
        # authors: gold contributors vs byline + contributors
        gauth = [norm(e["name"]) for e in g.get("people", []) if e.get("role") == "contributor"]
        pauth = [norm(x) for x in ((a.byline + a.contributors) if a is not None else ())]
        tp = len(set(gauth) & set(pauth))
        t = totals["authors"]
        t[0] += tp
        t[1] += len(set(pauth)) - tp
        t[2] += len(set(gauth)) - tp
    results = {}
    print(f"{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}", file=out)
    for k, (tp, fp, fn) in totals.items():
        p, r, f = prf(tp, fp, fn)
        results[k] = (p, r, f, tp, fp, fn)
        print(f"{k:<14}{p:7.3f}{r:7.3f}{f:7.3f}{tp:6d}{fp:5d}{fn:5d}", file=out)
    print(
        f"note: {excluded} gold people with role 'contributor' are excluded from 'people' and "
        "scored under 'authors' (byline + contributors), per issue 3.",
        file=out,
    )
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dump", nargs="?", default=str(DEFAULT_DUMP))
    ap.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD))
    ap.add_argument("-v", "--verbose", action="store_true", help="list false positives/negatives")
    args = ap.parse_args(argv)
    dump, gold = Path(args.dump), Path(args.gold)
    if not dump.exists() or not gold.exists():
        print(f"missing input: {dump if not dump.exists() else gold}", file=sys.stderr)
        return 2
    evaluate(dump, gold, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
