"""Pairwise scoring of groups: how many same-story pairs a grouping gets right."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

__all__ = ["PairScore", "groups_to_labels", "pairs", "pairwise"]


@dataclass(frozen=True, slots=True)
class PairScore:
    """Counts of article pairs put together: right (``tp``), wrongly (``fp``), missed (``fn``)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PairScore) -> PairScore:
        return PairScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __str__(self) -> str:
        p, r, f = self.precision, self.recall, self.f1
        return f"P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {self.tp} fp {self.fp} fn {self.fn})"


def pairs(labels: Mapping[Hashable, Hashable]) -> set[frozenset[Hashable]]:
    """Unordered pairs of items that share a label."""
    groups: dict[Hashable, list[Hashable]] = {}
    for item, label in labels.items():
        groups.setdefault(label, []).append(item)
    return {frozenset(p) for g in groups.values() for p in combinations(g, 2)}


def pairwise(
    predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> PairScore:
    """Pairwise counts of ``predicted`` against ``gold`` (item -> group label); items
    missing from ``predicted`` count as alone."""
    pred = pairs({k: v for k, v in predicted.items() if k in gold})
    want = pairs(gold)
    return PairScore(len(pred & want), len(pred - want), len(want - pred))


def groups_to_labels(groups: Iterable[Iterable[Hashable]]) -> dict[Hashable, int]:
    """``[[a, b], [c]]`` -> ``{a: 0, b: 0, c: 1}``."""
    return {item: i for i, g in enumerate(groups) for item in g}
