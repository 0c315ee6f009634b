"""Turn raw term counts into a sparse tf-idf matrix and pick each row's top terms.

Reads per-article counts (``features.vectors.Counts``) and a ``DocFreq``;
returns a CSR matrix (one L2-normalised row per article) and, for candidate
retrieval, each row's highest-weighted features.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from scipy import sparse

from ..features.vectors import DIM, DocFreq, kind_weights


def weights_from(settings: Mapping[str, float]) -> np.ndarray:
    return kind_weights(
        settings["word_weight"], settings["name_weight"], settings["phrase_weight"],
        settings["number_weight"], settings["title_weight"],
    )


def idf_from(settings: Mapping[str, float]) -> tuple[float, float, float]:
    """``(idf_prior, idf_offset, idf_floor)`` of the ``[features]`` settings (see ``DocFreq.idf``)."""
    return float(settings["idf_prior"]), float(settings["idf_offset"]), float(settings["idf_floor"])


def count_arrays(counts: Mapping[int, float]) -> tuple[np.ndarray, np.ndarray]:
    idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    val = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    return idx, val


def tfidf_matrix(
    arrays: Sequence[tuple[np.ndarray, np.ndarray]],
    docfreq: DocFreq,
    weights: np.ndarray,
    idf_shape: tuple[float, float, float],
) -> sparse.csr_matrix:
    """One L2-normalised sublinear tf-idf row per article (columns: feature indices).

    ``idf_shape``: ``(prior, offset, floor)`` of ``DocFreq.idf`` (``idf_from`` of the ``[features]`` settings).
    """
    lengths = np.fromiter((len(i) for i, _ in arrays), dtype=np.int64, count=len(arrays))
    indptr = np.zeros(len(arrays) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    if len(arrays):
        indices = np.concatenate([i for i, _ in arrays]).astype(np.int64)
        values = np.concatenate([v for _, v in arrays]).astype(np.float64)
    else:
        indices = np.zeros(0, np.int64)
        values = np.zeros(0)
    from ..features.vectors import HASH_BITS

    w = (1.0 + np.log(np.maximum(values, 1e-12))) * docfreq.idf(indices, idf_shape) * weights[indices >> HASH_BITS]
    w = np.maximum(w, 0.0)
    row = np.repeat(np.arange(len(arrays)), lengths)
    norms = np.sqrt(np.bincount(row, weights=w * w, minlength=len(arrays)))
    norms[norms == 0] = 1.0
    w = w / norms[row]
    m = sparse.csr_matrix((w, indices, indptr), shape=(len(arrays), DIM))
    m.eliminate_zeros()
    m.sort_indices()
    return m


def top_terms(matrix: sparse.csr_matrix, k: int) -> list[np.ndarray]:
    """Feature indices of each row's ``k`` largest weights."""
    out = []
    data, ind, ptr = matrix.data, matrix.indices, matrix.indptr
    for r in range(matrix.shape[0]):
        d = data[ptr[r] : ptr[r + 1]]
        i = ind[ptr[r] : ptr[r + 1]]
        if len(d) > k:
            sel = np.argpartition(-d, k - 1)[:k]
            i = i[sel]
        out.append(i)
    return out
