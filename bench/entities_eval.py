"""Score the entity extractor against a hand-made gold annotation.

Usage: python bench/entities_eval.py [DUMP GOLD] [-v]
       python bench/entities_eval.py --mentions TAGGED [-v]

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

``--mentions``: mention-level scoring (exact character spans, CoNLL style) of a tagged
text (``tests/fixtures/entities/newswire/``): documents open with ``-DOCSTART-``, the
next line is the title, every further line a body block; gold mentions are written
inline as ``[PER Boris Yeltsin]``, ``[LOC ...]`` (countries and places), ``[ORG ...]``,
or ``[MISC ...]`` (neutral: a prediction inside one is not counted). A predicted
mention counts when its field, block, start, end and kind (people -> PER; countries
and places -> LOC; organisations -> ORG) equal a gold mention's. Blocks are reported by
layout too: the headline, the dateline, running prose, and tables/lists.

``--mentions`` also prints the per-article entity-list F1 (issue 13's second newswire
target): per article, the set of (kind, canonical name) found against the gold set,
micro-averaged over articles, for every block and for running prose only (then both
sides keep only their mentions in prose blocks). A gold entity is a cluster of gold
mentions of one tag (PER / LOC / ORG) whose normalised forms (as ``norm``: case folded,
possessive and leading "the" removed) are equal, or one is the other's initials ("ICRC",
"U.S."), or (people and organisations, not places: "Chad" is not "Lake Chad") one is a
run of whole words at the start or end of the other ("Kabila" of "Laurent Kabila",
"Microsoft" of "Microsoft Corp"); its canonical name is its longest form. A predicted
entity (canonical name: ``Entity.name``) matches a gold entity of the same tag when its
name, an alias or a mention's text normalises to one of the cluster's forms; matching
is one-to-one, greedy on the number of shared forms. A predicted entity whose every
mention lies inside a ``[MISC ...]`` span or is also an earlier one's (places before
countries: a country read from its capital, "talks with Seoul") is neutral: such a span
is counted once, through the first entity.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
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
    s = re.sub(r"^(?:mr|mrs|ms|dr|prof)\.\s+", "", s)  # mentions are the name only
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


_TAG = re.compile(r"\[(PER|LOC|ORG|MISC) ([^\[\]]+)\]")
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+ \d{4}-\d{2}-\d{2}$")
KIND_TAG = {"people": "PER", "countries": "LOC", "places": "LOC", "organizations": "ORG"}
GoldMention = tuple[str, int, int, int, str]  # (field, block index, start, end, tag)


def untag(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """A tagged line -> (plain text, [(start, end, tag)])."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = n = 0
    for m in _TAG.finditer(line):
        out.append(line[pos : m.start()])
        n += m.start() - pos
        spans.append((n, n + len(m.group(2)), m.group(1)))
        out.append(m.group(2))
        n += len(m.group(2))
        pos = m.end()
    out.append(line[pos:])
    return "".join(out), spans


def load_tagged(path: Path) -> list[tuple[dict[str, object], list[GoldMention]]]:
    """The tagged documents: ({"title", "blocks"}, gold mentions) each."""
    docs: list[tuple[dict[str, object], list[GoldMention]]] = []
    for raw in path.read_text(encoding="utf-8").split("-DOCSTART-"):
        lines = [ln for ln in raw.splitlines() if ln.strip()]
        if not lines:
            continue
        title, tspans = untag(lines[0])
        gold = [("title", 0, a, b, t) for a, b, t in tspans]
        blocks: list[str] = []
        for i, ln in enumerate(lines[1:]):
            text, spans = untag(ln)
            blocks.append(text)
            gold.extend(("blocks", i, a, b, t) for a, b, t in spans)
        docs.append(({"title": title, "blocks": blocks}, gold))
    return docs


def layout(fld: str, text: str) -> str:
    """Which part of wire copy a text is: headline, dateline, prose or table."""
    if fld == "title":
        return "headline"
    if _DATELINE.match(text):
        return "dateline"
    words = re.findall(r"[A-Za-z][A-Za-z'’.-]*", text)
    lower = sum(1 for w in words if w[0].islower())
    if len(words) >= 8 and lower * 2 >= len(words) and text.rstrip()[-1:] in '."”:':
        return "prose"
    return "table"


def predicted_mentions(ents: object) -> set[tuple[str, int, int, int, str]]:
    """Every mention of an ``ArticleEntities`` as (field, index, start, end, tag)."""
    out: set[tuple[str, int, int, int, str]] = set()
    for section, tag in KIND_TAG.items():
        for e in getattr(ents, section):
            for m in e.mentions:
                out.add((m.field, m.index, m.start, m.end, tag))
    return out


def _score_doc(
    doc: dict[str, object],
    gold: list[GoldMention],
    pred: set[GoldMention],
    add: Callable[[str, int], None],
    show: Callable[[str, GoldMention, str], None],
) -> None:
    """Count one document's TP (0) / FP (1) / FN (2) under its kind, layout and both."""
    title, blocks = str(doc["title"]), list(doc["blocks"])  # type: ignore[call-overload]
    neutral = [g for g in gold if g[4] == "MISC"]
    scored = {g for g in gold if g[4] != "MISC"}

    def count(m: GoldMention, res: int) -> None:
        text = title if m[0] == "title" else blocks[m[1]]
        lay = layout(m[0], text)
        for key in ("all", m[4], lay, f"{lay}:{m[4]}"):
            add(key, res)
        if res:
            show("FP" if res == 1 else "FN", m, text)

    for p in sorted(pred):
        inside = any(n[:2] == p[:2] and n[2] <= p[2] and p[3] <= n[3] for n in neutral)
        if p in scored or not inside:
            count(p, 0 if p in scored else 1)
    for g in sorted(scored - pred):
        count(g, 2)


def _initials(form: str) -> str:
    """A multi-word name's initials ("international committee of the red cross" -> "icrc")."""
    words = [w for w in form.split() if w not in ("of", "the", "for", "and", "de", "du")]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _joins(short: str, long: str, tag: str) -> bool:
    """Whether a shorter gold form names the same entity as a longer one (see the docstring)."""
    if short == long:
        return True
    sw, lw = short.split(), long.split()
    n = len(sw)
    if tag != "LOC" and n < len(lw) and (lw[:n] == sw or lw[-n:] == sw):
        return True
    return short.replace(".", "") == _initials(long) != ""


def gold_entities(
    doc: dict[str, object], gold: list[GoldMention], scope: Callable[[GoldMention], bool]
) -> list[tuple[str, str, set[str]]]:
    """The gold entities of one document as (tag, canonical name, normalised forms)."""
    title, blocks = str(doc["title"]), list(doc["blocks"])  # type: ignore[call-overload]
    surfaces: dict[tuple[str, str], str] = {}
    for m in gold:
        if m[4] != "MISC" and scope(m):
            text = (title if m[0] == "title" else blocks[m[1]])[m[2] : m[3]]
            key = (m[4], norm(text))
            if key not in surfaces or surfaces[key].isupper() > text.isupper():
                surfaces[key] = text  # the mixed-case spelling where there is one
    clusters: list[tuple[str, str, set[str]]] = []
    for (tag, form), text in sorted(surfaces.items(), key=lambda kv: -len(kv[0][1])):
        for ctag, _name, forms in clusters:
            if ctag == tag and any(_joins(form, f, tag) for f in forms):
                forms.add(form)
                break
        else:
            clusters.append((tag, text, {form}))
    return clusters


def entity_list_counts(
    doc: dict[str, object],
    gold: list[GoldMention],
    ents: object,
    scope: Callable[[GoldMention], bool],
    show: Callable[[str, str, str], None] | None = None,
) -> tuple[int, int, int]:
    """One article's entity-list (TP, FP, FN) within ``scope`` (a test on a mention)."""
    golds = gold_entities(doc, gold, scope)
    neutral = [g for g in gold if g[4] == "MISC"]
    preds: list[tuple[set[str], str]] = []
    seen: set[GoldMention] = set()
    for section in ("people", "places", "countries", "organizations"):
        tag = KIND_TAG[section]
        for e in getattr(ents, section):
            spans = [(m.field, m.index, m.start, m.end, tag) for m in e.mentions]
            kept = [(sp, m.text) for sp, m in zip(spans, e.mentions, strict=True) if scope(sp)]
            fresh = [
                sp
                for sp, _ in kept
                if sp not in seen
                and not any(n[:2] == sp[:2] and n[2] <= sp[2] and sp[3] <= n[3] for n in neutral)
            ]
            if not fresh:
                continue  # neutral, or a country read from its capital: counted once
            seen.update(sp for sp, _ in kept)
            forms = {norm(f) for f in (e.name, *e.aliases, *(t for _, t in kept)) if f}
            preds.append(({f"{tag}:{f}" for f in forms}, f"{tag} {e.name}"))
    gsets = [{f"{tag}:{f}" for f in forms} for tag, _, forms in golds]
    tp, fp, fn, fps, fns = match(preds, gsets, set())
    if show is not None:
        for label in fps:
            show("FP", label, "")
        for j in fns:
            show("FN", f"{golds[j][0]} {golds[j][1]}", "")
    return tp, fp, fn


def evaluate_mentions(path: Path, verbose: bool = False, out=sys.stdout) -> dict[str, tuple]:
    """Mention-level P/R/F1 per kind, overall and per layout, on a tagged file; then the
    per-article entity-list P/R/F1 (keys ``list:all`` and ``list:prose``)."""
    from parsers.entities import Extractor

    ex = Extractor()
    counts: dict[str, list[int]] = {}

    def add(key: str, i: int) -> None:
        counts.setdefault(key, [0, 0, 0])[i] += 1

    def show(what: str, m: GoldMention, text: str) -> None:
        if verbose:
            around = text[max(0, m[2] - 30) : m[3] + 30]
            print(f"  {what} {m[4]:<4}{text[m[2] : m[3]]!r:<34} {around!r}", file=out)

    lists: dict[str, list[int]] = {"list:all": [0, 0, 0], "list:prose": [0, 0, 0]}

    def show_list(what: str, label: str, _: str) -> None:
        if verbose:
            print(f"  list {what} {label}", file=out)

    for doc, gold in load_tagged(path):
        ents = ex.extract_text(doc)  # type: ignore[arg-type]
        _score_doc(doc, gold, predicted_mentions(ents), add, show)
        blocks = list(doc["blocks"])  # type: ignore[call-overload]

        def in_prose(m: GoldMention, blocks: list[str] = blocks) -> bool:
            return m[0] == "blocks" and layout("blocks", blocks[m[1]]) == "prose"

        for key, scope in (("list:all", lambda m: True), ("list:prose", in_prose)):
            c = entity_list_counts(
                doc, gold, ents, scope, show_list if key == "list:prose" else None
            )
            for i in range(3):
                lists[key][i] += c[i]
    counts.update(lists)
    results: dict[str, tuple] = {}
    print(f"{'mentions':<16}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}", file=out)
    order = ["PER", "LOC", "ORG", "all", "headline", "dateline", "prose", "table"]
    order += sorted(k for k in counts if ":" in k and not k.startswith("list:"))
    order += ["list:all", "list:prose"]
    for k in order:
        if k in counts:
            tp, fp, fn = counts[k]
            p, r, f = prf(tp, fp, fn)
            results[k] = (p, r, f, tp, fp, fn)
            print(f"{k:<16}{p:7.3f}{r:7.3f}{f:7.3f}{tp:6d}{fp:5d}{fn:5d}", file=out)
    return results


HELD_OUT = ROOT / "tests" / "fixtures" / "entities"


def pooled(verbose: bool = False, out=sys.stdout) -> dict[str, tuple]:
    """Entity-level P/R/F1 summed over every held-out dump of ``tests/fixtures/entities``."""
    import io

    sums: dict[str, list[int]] = {}
    for gold in sorted(HELD_OUT.glob("*.entities.json")):
        dump = gold.with_name(gold.name.replace(".entities.json", ".txt"))
        buf = io.StringIO()
        for k, v in evaluate(dump, gold, verbose, out=buf).items():
            t = sums.setdefault(k, [0, 0, 0])
            for i in range(3):
                t[i] += v[3 + i]
        if verbose:
            print(gold.name, file=out)
            print(buf.getvalue().split("type ")[0], end="", file=out)
    results = {}
    print(f"{'pooled':<14}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}", file=out)
    for k, (tp, fp, fn) in sums.items():
        p, r, f = prf(tp, fp, fn)
        results[k] = (p, r, f, tp, fp, fn)
        print(f"{k:<14}{p:7.3f}{r:7.3f}{f:7.3f}{tp:6d}{fp:5d}{fn:5d}", file=out)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dump", nargs="?", default=str(DEFAULT_DUMP))
    ap.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD))
    ap.add_argument("-v", "--verbose", action="store_true", help="list false positives/negatives")
    ap.add_argument("--mentions", metavar="TAGGED", help="mention-level scoring of a tagged text")
    ap.add_argument("--pooled", action="store_true", help="pool every held-out dump's counts")
    args = ap.parse_args(argv)
    if args.pooled:
        pooled(args.verbose)
        return 0
    if args.mentions:
        evaluate_mentions(Path(args.mentions), args.verbose)
        return 0
    dump, gold = Path(args.dump), Path(args.gold)
    if not dump.exists() or not gold.exists():
        print(f"missing input: {dump if not dump.exists() else gold}", file=sys.stderr)
        return 2
    evaluate(dump, gold, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
