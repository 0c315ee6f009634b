"""Clustering scores: BCubed precision/recall/F1 and the adjusted Rand index.

Reads two labellings of the same items (gold and predicted, as sequences of
hashable labels in the same item order) and returns floats. No I/O.

BCubed (Bagga & Baldwin 1998; Amigó et al. 2009) averages, over items, the
share of the item's predicted cluster that shares its gold label (precision)
and the share of its gold class that shares its predicted cluster (recall).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Hashable, Sequence


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float
    f1: float


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> BCubed:
    """BCubed precision, recall and F1 (per-item averages)."""
    if len(gold) != len(predicted):
        raise ValueError(f"label sequences differ in length: {len(gold)} vs {len(predicted)}")
    n = len(gold)
    if n == 0:
        return BCubed(1.0, 1.0, 1.0)
    pair = Counter(zip(gold, predicted))
    gold_size = Counter(gold)
    pred_size = Counter(predicted)
    # every item of a (gold, pred) cell has the same per-item precision/recall
    precision = sum(c * c / pred_size[p] for (g, p), c in pair.items()) / n
    recall = sum(c * c / gold_size[g] for (g, p), c in pair.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BCubed(precision, recall, f1)


def adjusted_rand(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985); 1.0 for identical partitions."""
    if len(gold) != len(predicted):
        raise ValueError(f"label sequences differ in length: {len(gold)} vs {len(predicted)}")
    from sklearn.metrics import adjusted_rand_score

    g = _codes(gold)
    p = _codes(predicted)
    return float(adjusted_rand_score(g, p))


def _codes(labels: Sequence[Hashable]) -> list[int]:
    index: dict[Hashable, int] = {}
    return [index.setdefault(x, len(index)) for x in labels]


def labels_from_groups(ids: Sequence[str], groups: Sequence[Sequence[str]]) -> list[int]:
    """Per-id cluster number from a list of id groups (ids missing from every group get their own)."""
    where: dict[str, int] = {}
    for k, group in enumerate(groups):
        for i in group:
            where[i] = k
    out = []
    nxt = len(groups)
    for i in ids:
        if i not in where:
            where[i] = nxt
            nxt += 1
        out.append(where[i])
    return out
