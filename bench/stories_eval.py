"""Story grouping against gold answers: pairwise precision, recall and F1.

    python bench/stories_eval.py [DIR]      (default: tests/fixtures/stories)

DIR holds one folder per set of multi-source files and ``gold.json`` (per set,
``stories``: label -> articles as ``{"source", "title"}``). Each set is loaded on its
own (no cache) and grouped by the corpus (``Corpus.story_labels``). For comparison it
also prints a plain TF-IDF cosine over title + dek + body, pairs above a threshold
joined transitively, with its best threshold picked on the gold (an upper bound for
that baseline: the threshold is chosen on the answers).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.corpus.index import Corpus
from parsers.pipeline import load_paths
from parsers.stories.score import PairScore, pairwise

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "stories"
_WORD = re.compile(r"[^\W\d_]{2,}")

Key = tuple[str, str]


def load_set(folder: Path) -> tuple[Corpus, list[Key]]:
    """The set's corpus and each row's ``(source, title)``."""
    files = sorted(str(p) for p in folder.iterdir() if p.is_file())
    corpus = load_paths(files, use_cache=False).corpus
    keys = [(h.source, h.title) for h in corpus.headlines(range(len(corpus)))]
    return corpus, keys


def gold_labels(entry: dict[str, list[dict[str, str]]]) -> dict[Key, str]:
    return {
        (a["source"], a["title"]): label for label, arts in entry["stories"].items() for a in arts
    }


def tfidf_sims(corpus: Corpus) -> list[list[float]]:
    """Cosine similarity of every pair of rows over TF-IDF of title + dek + body."""
    docs = []
    for i in range(len(corpus)):
        a = corpus.article(i)
        text = " ".join([a.title, a.dek, *(b.text for b in a.blocks)]).casefold()
        docs.append(Counter(_WORD.findall(text)))
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = len(docs)
    vecs = []
    for d in docs:
        v = {w: (1 + math.log(c)) * math.log(n / df[w]) for w, c in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return [[sum(x * b.get(w, 0.0) for w, x in a.items()) for b in vecs] for a in vecs]


def components(sims: list[list[float]], threshold: float) -> list[int]:
    """Labels of the connected components of pairs with similarity >= threshold."""
    parent = list(range(len(sims)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, row in enumerate(sims):
        for j in range(i + 1, len(row)):
            if row[j] >= threshold:
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(sims))]


def main(folder: Path) -> None:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    total = PairScore(0, 0, 0)
    base: dict[float, PairScore] = {}
    thresholds = [round(0.05 * k, 2) for k in range(1, 20)]
    for name, entry in sorted(gold.items()):
        corpus, keys = load_set(folder / name)
        want = gold_labels(entry)
        missing = set(want) - set(keys)
        if missing:
            print(f"{name}: {len(missing)} gold articles not loaded: {sorted(missing)[:3]}")
        labels = corpus.story_labels().tolist()
        got = dict(zip(keys, labels, strict=True))
        score = pairwise(got, want)
        total += score
        print(f"{name:<10} {len(keys):>3} articles  stories {score}")
        sims = tfidf_sims(corpus)
        for t in thresholds:
            b = pairwise(dict(zip(keys, components(sims, t), strict=True)), want)
            base[t] = base.get(t, PairScore(0, 0, 0)) + b
    print(f"{'all':<10}     stories {total}")
    best = max(thresholds, key=lambda t: base[t].f1)
    print(f"{'all':<10}     TF-IDF cosine, best threshold {best} picked on the gold: {base[best]}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
