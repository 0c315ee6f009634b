"""Batch story grouping: all articles at once.

Reads ``Article`` records (or their raw term counts) and returns stories as
lists of article ids. Near-linear: candidate pairs come from an inverted index
over each article's top-weighted rare terms (postings longer than
``max_posting`` are skipped), exact cosine is computed only for candidates,
then average linkage merges clusters above ``threshold``, and a cluster that
holds two look-alike events is split again (``split.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Sequence

import numpy as np
from scipy import sparse

from ..features.vectors import Counts, DocFreq, term_counts
from ..model import Article
from .linkage import average_linkage
from .split import split_lookalikes
from .vectors import count_arrays, idf_from, tfidf_matrix, weights_from


def story_settings(settings: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The ``[features]`` and ``[stories]`` sections of ``settings`` (``config.settings()``), as one dict."""
    merged = {**settings["features"], **settings["stories"]}
    if len(merged) != len(settings["features"]) + len(settings["stories"]):
        raise ValueError("[features] and [stories] must not share key names")
    return merged


def cluster_batch(articles: Sequence[Article], settings: Mapping[str, Mapping[str, Any]]) -> list[list[str]]:
    """Stories (lists of article ids, each sorted; stories ordered by first id).

    ``settings``: ``config.settings()``; reads its ``[features]`` and ``[stories]``."""
    counts = [term_counts(a) for a in articles]
    return cluster_counts([a.id for a in articles], counts, [a.published for a in articles], settings)


def cluster_counts(
    ids: Sequence[str],
    counts: Sequence[Counts],
    published: Sequence[str | None] | None,
    settings: Mapping[str, Mapping[str, Any]],
) -> list[list[str]]:
    """Same as ``cluster_batch`` from precomputed raw term counts (``published``: None when undated)."""
    s = story_settings(settings)
    order = sorted(range(len(ids)), key=lambda k: ids[k])  # input order does not matter
    ids = [ids[k] for k in order]
    counts = [counts[k] for k in order]
    days = _days([published[k] for k in order] if published is not None else [None] * len(ids))
    docfreq = DocFreq()
    for c in counts:
        docfreq.add(c)
    arrays = [count_arrays(c) for c in counts]
    x = tfidf_matrix(arrays, docfreq, weights_from(s), idf_from(s))
    rows, cols, sims = similar_pairs(x, docfreq, days, s)
    labels = average_linkage(len(ids), rows, cols, sims, s["threshold"])
    labels = split_lookalikes(labels, x, [i for i, _ in arrays], s)
    groups: dict[int, list[str]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, []).append(ids[i])
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def similar_pairs(
    x: sparse.csr_matrix, docfreq: DocFreq, days: np.ndarray, s: Mapping[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs (i < j) with their exact cosine, keeping those ≥ ``edge_floor``."""
    n = x.shape[0]
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    # index only rare terms: common ones would make postings (and cost) quadratic
    cap = max(int(s["max_posting"]), 2)
    rare = x.copy()
    rare.data[docfreq.df[rare.indices] > cap] = 0.0
    rare.eliminate_zeros()
    top = _keep_top(rare, int(s["top_terms"]))
    top.data[:] = 1.0
    shared = (top @ top.T).tocoo()
    keep = (shared.row < shared.col) & (shared.data >= int(s["min_shared"]))
    ri, ci = shared.row[keep].astype(np.int64), shared.col[keep].astype(np.int64)
    if len(days) and np.isfinite(days).any() and s["window_days"] > 0:
        gap = np.abs(days[ri] - days[ci])
        ok = ~(gap > s["window_days"])  # NaN (unknown date) keeps the pair
        ri, ci = ri[ok], ci[ok]
    sims = _pair_cosines(x, ri, ci)
    keep = sims >= s["edge_floor"]
    ri, ci, sims = ri[keep], ci[keep], sims[keep]
    keep = nearest_edges(n, ri, ci, sims, int(s["neighbours"]))
    return ri[keep], ci[keep], sims[keep]


def nearest_edges(n: int, ri: np.ndarray, ci: np.ndarray, sims: np.ndarray, k: int) -> np.ndarray:
    """Mask of edges that are among the ``k`` most similar of either end (ties: lower id)."""
    if k <= 0 or len(sims) == 0:
        return np.ones(len(sims), dtype=bool)
    m = len(sims)
    node = np.concatenate([ri, ci])
    other = np.concatenate([ci, ri])
    sim = np.concatenate([sims, sims])
    edge = np.concatenate([np.arange(m), np.arange(m)])
    order = np.lexsort((other, -sim, node))
    node_sorted = node[order]
    start = np.searchsorted(node_sorted, node_sorted, side="left")
    rank = np.arange(2 * m) - start
    keep = np.zeros(m, dtype=bool)
    keep[edge[order][rank < k]] = True
    return keep


def _keep_top(m: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    data = m.data.copy()
    ptr = m.indptr
    for r in range(m.shape[0]):
        a, b = ptr[r], ptr[r + 1]
        if b - a > k:
            d = data[a:b]
            cut = np.partition(d, b - a - k)[b - a - k]
            d[d < cut] = 0.0
    out = sparse.csr_matrix((data, m.indices.copy(), ptr.copy()), shape=m.shape)
    out.eliminate_zeros()
    return out


def _pair_cosines(x: sparse.csr_matrix, ri: np.ndarray, ci: np.ndarray, chunk: int = 20000) -> np.ndarray:
    """Exact dot products of rows ``ri[k]`` and ``ci[k]`` (rows are L2-normalised)."""
    out = np.empty(len(ri))
    for a in range(0, len(ri), chunk):
        r, c = ri[a : a + chunk], ci[a : a + chunk]
        out[a : a + chunk] = np.asarray(x[r].multiply(x[c]).sum(axis=1)).ravel()
    return out


def _days(published: Sequence[str | None]) -> np.ndarray:
    out = np.full(len(published), np.nan)
    for k, p in enumerate(published):
        if p:
            try:
                out[k] = date.fromisoformat(p[:10]).toordinal()
            except ValueError:
                pass
    return out
