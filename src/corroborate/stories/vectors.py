"""Turn raw term counts into a sparse tf-idf matrix and pick each row's top terms.

Reads per-article counts (``features.vectors.Counts``) and a ``DocFreq``;
returns a CSR matrix (one L2-normalised row per article) and, for candidate
retrieval, each row's highest-weighted features.

The idf's document count N (``DocFreq.idf``) is, for the words, phrases and title words
of an article of known language (its ``LANG`` feature), the number of articles that
could hold them: those of its language and those of unknown language
(``language_idf``). A word's document frequency only ever counts articles of its
language, so with N the whole store's, every article of another language would raise
all of a language's idf alike, flattening them: the shared common words of two
look-alike events then weigh more, and one unrelated Spanish article could merge two
English stories. Names, numbers and the cross-language terms, which articles of every
language share, keep the whole store as N. In a store of one language (or of unknown
languages) the two counts are the same.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from scipy import sparse

from ..features.vectors import DIM, HASH_BITS, LANG, PHRASE, TITLE, WORD, DocFreq, kind_weights

_LANG_SLICE = slice(LANG << HASH_BITS, (LANG + 1) << HASH_BITS)
_OWN_LANGUAGE = np.array([WORD, PHRASE, TITLE])  # kinds whose strings belong to one language


def weights_from(settings: Mapping[str, float]) -> np.ndarray:
    return kind_weights(
        settings["word_weight"], settings["name_weight"], settings["phrase_weight"],
        settings["number_weight"], settings["title_weight"],
    )


def idf_from(settings: Mapping[str, float]) -> tuple[float, float, float]:
    """``(idf_prior, idf_offset, idf_floor)`` of the ``[features]`` settings (see ``DocFreq.idf``)."""
    return float(settings["idf_prior"]), float(settings["idf_offset"]), float(settings["idf_floor"])


def unknown_language_docs(docfreq: DocFreq) -> int:
    """The articles ``docfreq`` counts with no ``LANG`` feature (of unknown language)."""
    return docfreq.n_docs - int(docfreq.df[_LANG_SLICE].sum())


def language_idf(
    indices: np.ndarray,
    langs: np.ndarray,
    docfreq: DocFreq,
    idf_shape: tuple[float, float, float],
    unknown: int | None = None,
) -> np.ndarray:
    """``DocFreq.idf`` of ``indices`` (features of articles whose ``LANG`` feature is
    ``langs``, one per index, -1: unknown), with N for a word, phrase or title word of an
    article of known language the articles of that language and of unknown language
    (``unknown``: ``unknown_language_docs``, computed when None), else all articles."""
    indices = np.asarray(indices, dtype=np.int64)
    langs = np.asarray(langs, dtype=np.int64)
    own = (langs >= 0) & np.isin(indices >> HASH_BITS, _OWN_LANGUAGE)
    if not own.any():
        return docfreq.idf(indices, idf_shape)
    if unknown is None:
        unknown = unknown_language_docs(docfreq)
    n = np.where(own, docfreq.df[np.maximum(langs, 0)] + unknown, docfreq.n_docs).astype(np.float64)
    prior, offset, floor = idf_shape  # the formula of DocFreq.idf, with N per feature
    return np.maximum(np.log((n + prior) / (1.0 + docfreq.df[indices])) + offset, floor)


def story_tfidf(
    indices: np.ndarray,
    values: np.ndarray,
    docfreq: DocFreq,
    weights: np.ndarray,
    idf_shape: tuple[float, float, float],
    unknown: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """One article's story vector: ``features.vectors.tfidf`` with ``language_idf``
    (the row ``tfidf_matrix`` gives for it)."""
    indices = np.asarray(indices, dtype=np.int64)
    hit = indices[(indices >> HASH_BITS) == LANG]
    lang = int(hit[0]) if len(hit) else -1
    idf = language_idf(indices, np.full(len(indices), lang), docfreq, idf_shape, unknown)
    w = (1.0 + np.log(np.maximum(np.asarray(values, dtype=np.float64), 1e-12))) * idf * weights[indices >> HASH_BITS]
    keep = w > 0
    indices, w = indices[keep], w[keep]
    norm = float(np.sqrt(w @ w))
    if norm > 0:
        w = w / norm
    return indices, w


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
    """One L2-normalised sublinear tf-idf row per article (columns: feature indices), the
    idf's N counted per language (``language_idf``).

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
    row = np.repeat(np.arange(len(arrays)), lengths)
    kinds = indices >> HASH_BITS
    row_lang = np.full(len(arrays), -1, dtype=np.int64)
    row_lang[row[kinds == LANG]] = indices[kinds == LANG]
    idf = language_idf(indices, row_lang[row], docfreq, idf_shape)
    w = (1.0 + np.log(np.maximum(values, 1e-12))) * idf * weights[kinds]
    w = np.maximum(w, 0.0)
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
