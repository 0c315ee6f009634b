"""Batch story grouping: all articles at once.

Reads ``Article`` records (or their raw term counts) and returns stories as
lists of article ids. Near-linear: candidate pairs come from an inverted index
over each article's top-weighted rare terms (postings longer than
``max_posting`` are skipped), exact cosine is computed only for candidates,
then average linkage merges clusters above ``threshold``, and a cluster that
holds two look-alike events is split again (``split.py``). Articles that are each
other's best match in another language (``crosslingual.py``) are one node throughout.

Memory is linear in the corpus and the candidate search is bounded by the date
window: features stay in arrays (one CSR matrix, built a block of rows at a
time, never a dict per article), and candidates are generated a block of
articles at a time, each article against the later articles of its postings
*inside its window* only (articles sorted by date, so a window is a contiguous
range). Pairs below ``edge_floor`` are dropped per block and edges that can no
longer be among either end's ``neighbours`` nearest are pruned as they come,
so no all-pairs product and no corpus-wide candidate list is ever held.
Undated articles (no or unreadable ``published``) are compared with every
article, dated or not, as before: they cost their postings, not a window.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Sequence

import numpy as np
from scipy import sparse

from ..features.vectors import DIM, Counts, DocFreq, term_counts
from ..model import Article
from . import crosslingual
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
    counts: Sequence[Counts | tuple[np.ndarray, np.ndarray]],
    published: Sequence[str | None] | None,
    settings: Mapping[str, Mapping[str, Any]],
) -> list[list[str]]:
    """Same as ``cluster_batch`` from precomputed raw term counts (``published``: None when undated).

    Each element of ``counts`` is a ``{feature: count}`` dict or, cheaper, the
    ``(indices, values)`` arrays of ``features.vectors.decode_arrays`` (a stored
    blob, read without copying)."""
    s = story_settings(settings)
    order = sorted(range(len(ids)), key=lambda k: ids[k])  # input order does not matter
    ids = [ids[k] for k in order]
    arrays = [_as_arrays(counts[k]) for k in order]
    days = _days([published[k] for k in order] if published is not None else [None] * len(ids))
    docfreq = DocFreq()
    for idx, _ in arrays:
        docfreq.df[idx] += 1  # an article's features are distinct
    docfreq.n_docs = len(arrays)
    x = _tfidf_blocks(arrays, docfreq, weights_from(s), idf_from(s))
    partners = crosslingual.partners(arrays, docfreq, days, s)
    labels = link(x, [i for i, _ in arrays], days, docfreq, partners, crosslingual.languages(arrays), s)
    groups: dict[int, list[str]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, []).append(ids[i])
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def link(
    x: sparse.csr_matrix,
    terms: Sequence[np.ndarray],
    days: np.ndarray,
    docfreq: DocFreq,
    partners: Sequence[tuple[int, int, float]],
    langs: np.ndarray,
    s: Mapping[str, Any],
) -> list[int]:
    """A story label per row of ``x``: candidates, average linkage and the look-alike split,
    with each translation group (``partners``, ``crosslingual.partners``) one node
    (``crosslingual.contract``, its edges ``crosslingual.group_edges``). ``langs``: the
    language of each row (``crosslingual.languages``)."""
    rows, cols, sims = similar_pairs(x, docfreq, days, s)
    if not partners:
        labels = average_linkage(x.shape[0], rows, cols, sims, s["threshold"])
        return split_lookalikes(labels, x, terms, s)
    group, n_groups = crosslingual.contract(x.shape[0], partners, langs)
    rows, cols, sims = crosslingual.group_edges(rows, cols, sims, group, n_groups, langs)
    keep = nearest_edges(n_groups, rows, cols, sims, int(s["neighbours"]))
    labels = average_linkage(n_groups, rows[keep], cols[keep], sims[keep], s["threshold"])
    labels = split_lookalikes(
        labels, crosslingual.group_rows(x, group, n_groups), crosslingual.group_terms(terms, group, n_groups), s
    )
    return [labels[k] for k in group.tolist()]


def _as_arrays(c: Counts | tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(c, tuple):
        return np.asarray(c[0]), np.asarray(c[1])
    return count_arrays(c)


_BLOCK_ROWS = 4096  # rows of the tf-idf matrix built (and of top terms picked) at a time


def _tfidf_blocks(
    arrays: Sequence[tuple[np.ndarray, np.ndarray]],
    docfreq: DocFreq,
    weights: np.ndarray,
    idf_shape: tuple[float, float, float],
) -> sparse.csr_matrix:
    """``tfidf_matrix`` of all ``arrays``, built a block of rows at a time into one CSR matrix
    (int32 column indices), so the temporaries are a block's, not the corpus's. Rows are
    computed independently, so the values are exactly ``tfidf_matrix``'s."""
    n = len(arrays)
    blocks = []
    nnz = 0
    for a in range(0, n, _BLOCK_ROWS):
        b = tfidf_matrix(arrays[a : a + _BLOCK_ROWS], docfreq, weights, idf_shape)
        blocks.append((b.data, b.indices.astype(np.int32), np.diff(b.indptr)))
        nnz += b.nnz
        del b
    data = np.empty(nnz)
    indices = np.empty(nnz, dtype=np.int32)
    indptr = np.zeros(n + 1, dtype=np.int64 if nnz > np.iinfo(np.int32).max else np.int32)
    at, row = 0, 0
    for d, i, lengths in blocks:
        data[at : at + len(d)] = d
        indices[at : at + len(d)] = i
        np.cumsum(lengths, out=indptr[row + 1 : row + 1 + len(lengths)])
        indptr[row + 1 : row + 1 + len(lengths)] += at
        at += len(d)
        row += len(lengths)
    blocks.clear()
    m = sparse.csr_matrix((data, indices, indptr), shape=(n, DIM), copy=False)
    m.has_sorted_indices = True  # each block's rows are sorted (tfidf_matrix)
    return m


def similar_pairs(
    x: sparse.csr_matrix, docfreq: DocFreq, days: np.ndarray, s: Mapping[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs (i < j) with their exact cosine, keeping those ≥ ``edge_floor``
    and among the ``neighbours`` most similar of either end (``nearest_edges``).

    A candidate shares at least ``min_shared`` of the two articles' ``top_terms``
    highest-weighted rare terms (document frequency ≤ ``max_posting``), and its
    publication days (``days``: ordinals, NaN when unknown) are at most
    ``window_days`` apart; a pair with an unknown day is always a candidate,
    and so is every pair when no day is known or ``window_days`` ≤ 0.
    Generated a block of articles at a time (``_candidates``): memory is the
    corpus's arrays plus one block's candidates, never an all-pairs product.
    """
    n = x.shape[0]
    empty = np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    if n < 2:
        return empty
    # index only rare terms: common ones would make postings (and cost) quadratic
    cap = max(int(s["max_posting"]), 2)
    top = _top_rare(x, docfreq, cap, int(s["top_terms"]))
    days = np.asarray(days, dtype=float)
    windowed = len(days) > 0 and bool(np.isfinite(days).any()) and s["window_days"] > 0
    if not windowed:
        days = np.full(n, np.nan)
    k = int(s["neighbours"])
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    held = 0
    prune_at = _PRUNE_AT
    for ri, ci in _candidates(top, days, float(s["window_days"]), int(s["min_shared"])):
        sims = _pair_cosines(x, ri, ci)
        keep = sims >= s["edge_floor"]
        parts.append((ri[keep], ci[keep], sims[keep]))
        held += int(keep.sum())
        if held > prune_at:  # exact: an edge outside both ends' k nearest so far stays outside
            parts = [_nearest(n, *_join(parts), k)]
            held = len(parts[0][0])
            prune_at = max(prune_at, 2 * held)
    if not parts:
        return empty
    ri, ci, sims = _nearest(n, *_join(parts), k)
    order = np.lexsort((ci, ri))
    return ri[order], ci[order], sims[order]


def _join(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(3))  # type: ignore[return-value]


def _nearest(n: int, ri: np.ndarray, ci: np.ndarray, sims: np.ndarray, k: int):
    keep = nearest_edges(n, ri, ci, sims, k)
    return ri[keep], ci[keep], sims[keep]


_PAIR_BUDGET = 1 << 20  # (article, term, other article) triples expanded at a time
_PRUNE_AT = 1 << 20  # edges held before those outside both ends' nearest are dropped


def _candidates(top: sparse.csr_matrix, days: np.ndarray, window: float, min_shared: int):
    """Yield blocks of candidate pairs ``(ri, ci)`` (row ids, ri < ci), each pair once.

    Articles are put in date order (undated last, ties by row), each term's
    postings in that order. An article at position p meets, through each of its
    top terms, the later positions of that term's postings whose day is at most
    ``window`` after its own (one contiguous range, found by binary search), and
    the undated ones; an undated article meets every later position. Pairs
    meeting through at least ``min_shared`` terms are candidates.
    """
    n = top.shape[0]
    dated = np.isfinite(days)
    perm = np.lexsort((np.arange(n), np.where(dated, days, np.inf)))  # position -> row
    pos = np.empty(n, dtype=np.int64)
    pos[perm] = np.arange(n)
    n_dated = int(dated.sum())
    sorted_days = days[perm[:n_dated]]
    # window end of each position: first position past its window (undated: n)
    hi = np.full(n, n, dtype=np.int64)
    hi[:n_dated] = np.searchsorted(sorted_days, sorted_days + window, side="right")
    # postings: (term, position) pairs, term-major then position, as one sorted key array
    coo = top.tocoo()
    term = coo.col.astype(np.int64)
    at = pos[coo.row]
    post = np.sort(term * n + at)
    del coo
    # the top terms of each position, position-major
    by_pos = np.lexsort((term, at))
    p_of, t_of = at[by_pos], term[by_pos]
    del term, at, by_pos
    starts = np.searchsorted(p_of, np.arange(n + 1))
    a = 0
    while a < n:
        # one block of positions: as many as the pair budget allows (at least one)
        b = min(n, a + _BLOCK_ROWS)
        p, t = p_of[starts[a] : starts[b]], t_of[starts[a] : starts[b]]
        base = t * n
        # segment 1: later positions inside the window; segment 2 (dated only): the undated
        s1 = np.searchsorted(post, base + p, side="right")
        e1 = np.searchsorted(post, base + hi[p], side="left")
        lo2 = np.where(p < n_dated, n_dated, n)
        s2 = np.searchsorted(post, base + lo2, side="left")
        e2 = np.searchsorted(post, base + n, side="left")
        lengths = (e1 - s1) + (e2 - s2)
        cum = np.cumsum(lengths)
        if len(cum) and cum[-1] > _PAIR_BUDGET and b - a > 1:
            # shrink the block to the rows whose triples fit the budget
            fits = np.searchsorted(cum, _PAIR_BUDGET, side="right")  # entries within the budget
            row_end = np.searchsorted(starts[a : b + 1] - starts[a], fits, side="right") - 1
            b = a + max(1, int(row_end))
            m = starts[b] - starts[a]
            p, t, s1, e1, s2, e2 = p[:m], t[:m], s1[:m], e1[:m], s2[:m], e2[:m]
        pairs = np.concatenate([_expand(p, s1, e1, post, n), _expand(p, s2, e2, post, n)])
        if len(pairs):
            pairs.sort()
            cut = np.flatnonzero(np.diff(pairs)) + 1
            first = np.concatenate([[0], cut])
            shared = np.diff(np.concatenate([first, [len(pairs)]]))
            keys = pairs[first[shared >= min_shared]]
            ri, ci = perm[keys // n], perm[keys % n]
            yield np.minimum(ri, ci).astype(np.int64), np.maximum(ri, ci).astype(np.int64)
        a = b


def _expand(p: np.ndarray, s: np.ndarray, e: np.ndarray, post: np.ndarray, n: int) -> np.ndarray:
    """Keys ``p * n + q`` for every posting ``post[s:e]`` (positions q) of each ``p``."""
    lengths = e - s
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    offset = np.repeat(s - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    q = post[offset + np.arange(total)] % n
    return np.repeat(p, lengths) * n + q


def _top_rare(x: sparse.csr_matrix, docfreq: DocFreq, cap: int, k: int) -> sparse.csr_matrix:
    """Each row's ``k`` highest-weighted terms of document frequency ≤ ``cap`` (all ties at the
    k-th weight kept), as a binary CSR matrix; computed a block of rows at a time."""
    n = x.shape[0]
    rows, cols = [], []
    for a in range(0, n, _BLOCK_ROWS):
        blk = x[a : a + _BLOCK_ROWS]
        keep = (docfreq.df[blk.indices] <= cap) & (blk.data != 0)
        row = np.repeat(np.arange(blk.shape[0]), np.diff(blk.indptr))[keep]
        col, val = blk.indices[keep], blk.data[keep]
        if k > 0:
            # k-th largest weight of each row (rows with more than k rare terms): keep weights >= it
            order = np.lexsort((-val, row))
            row, col, val = row[order], col[order], val[order]
            first = np.searchsorted(row, np.arange(blk.shape[0]))
            count = np.bincount(row, minlength=blk.shape[0])
            full = count > k
            cut = np.full(blk.shape[0], -np.inf)
            cut[full] = val[first[full] + k - 1]
            sel = val >= cut[row]
            row, col = row[sel], col[sel]
        rows.append(row + a)
        cols.append(col)
    r = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, np.int32)
    return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=x.shape)


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


def _pair_cosines(x: sparse.csr_matrix, ri: np.ndarray, ci: np.ndarray, chunk: int = 4096) -> np.ndarray:
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
