"""Average-linkage agglomerative clustering over a sparse similarity graph.

Reads ``n`` nodes and weighted edges ``(i, j, similarity)``; returns a cluster
label per node. Pairs without an edge count as similarity 0, so the average
similarity between clusters A and B is ``sum(edges between) / (|A| * |B|)``;
clusters merge, best pair first, while that average is at least ``threshold``.
Cost is about O(E log E) for E edges, never n × n.
"""

from __future__ import annotations

import heapq

import numpy as np


def average_linkage(n: int, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, threshold: float) -> list[int]:
    """Cluster label (representative node) of each node."""
    size = [1] * n
    links: list[dict[int, float]] = [dict() for _ in range(n)]
    for i, j, s in zip(rows.tolist(), cols.tolist(), sims.tolist()):
        if i == j:
            continue
        links[i][j] = links[i].get(j, 0.0) + s
        links[j][i] = links[j].get(i, 0.0) + s
    heap: list[tuple[float, int, int]] = []
    for i in range(n):
        for j, s in links[i].items():
            if i < j and s >= threshold:
                heap.append((-s, i, j))
    heapq.heapify(heap)
    alive = [True] * n
    parent = list(range(n))
    version = [0] * n
    stamp: dict[tuple[int, int], float] = {}
    while heap:
        neg, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        current = links[a].get(b)
        if current is None or abs(current / (size[a] * size[b]) + neg) > 1e-12:
            continue  # stale entry: the pair's average changed since it was pushed
        # merge the smaller into the larger (ties: lower id survives)
        if (size[b], -b) > (size[a], -a):
            a, b = b, a
        alive[b] = False
        parent[b] = a
        la, lb = links[a], links[b]
        del la[b]
        del lb[a]
        for c, s in lb.items():
            la[c] = la.get(c, 0.0) + s
            lc = links[c]
            lc[a] = lc.get(a, 0.0) + lc.pop(b)
        lb.clear()
        size[a] += size[b]
        for c, s in la.items():
            avg = s / (size[a] * size[c])
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(a, c), max(a, c)))
    # resolve representatives
    labels = []
    for i in range(n):
        r = i
        while parent[r] != r:
            r = parent[r]
        labels.append(r)
    return labels
