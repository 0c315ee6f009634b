"""Sentence and article similarity, vectorised: texts in, sparse L2-normalised rows out.

Reads plain strings (sentences or whole articles), returns ``scipy.sparse``
CSR matrices whose row dot products are similarities in 0..1, so a whole
story's sentence pairs cost one sparse product.

Features are hashed (crc32, stable across runs) and renumbered per call, so
no vocabulary is kept between calls; rows of one call compare with each
other only. Two views:

* ``sentence_vectors``: a blend of content-word tf-idf and character-trigram
  tf-idf of the folded content words, numbers as heavy anchors. The trigram
  half lets spelling variants (Zelenski / Zelensky / Zelenskyy, Kiev / Kyiv)
  and garbled machine translation ("captivated" / "captured") still meet.
* ``crosslingual_vectors``: language-independent evidence only: numbers
  (separators and padding zeros dropped, so "40.000" meets "40"), capitalised
  tokens (names, acronyms) and character 4-grams of longer words (cognates:
  "contrato" / "contract"). Used to match an article with its translation.

The idf is computed over the rows given (a story's sentences, a candidate
set of articles), so vocabulary the whole set shares weighs little.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse

from .text import STOPWORDS, fold, words

N_FEATURES = 1 << 21
_MASK = N_FEATURES - 1
_DIGITS = re.compile(r"\d")


def _h(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & _MASK


@lru_cache(maxsize=1 << 18)
def number_key(token: str) -> str:
    """Digits of a number token without separators or padding zeros ("40.000" -> "4", "01" -> "1")."""
    digits = "".join(c for c in token if c.isdigit())
    return digits.strip("0") or "0"


def _tfidf(rows: list[int], cols: list[int], vals: list[float], n_rows: int) -> sparse.csr_matrix:
    """Sum duplicates, sublinear tf, smooth idf over the rows, L2-normalise rows.

    Hashed columns are renumbered to the features present, so the matrix is
    as narrow as the texts' vocabulary (columns are local to one call).
    """
    hashed = np.asarray(cols, dtype=np.int64)
    present, compact = np.unique(hashed, return_inverse=True)
    m = sparse.csr_matrix(
        (np.asarray(vals, dtype=np.float64), (np.asarray(rows, dtype=np.int64), compact.ravel())),
        shape=(n_rows, len(present)),
    )
    m.sum_duplicates()
    return normalise_rows(_weigh(m, n_rows))


def normalise_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    """Divide each row by its L2 norm, in place on the CSR data."""
    row_of = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    norms = np.sqrt(np.bincount(row_of, weights=m.data**2, minlength=m.shape[0]))
    norms[norms == 0] = 1.0
    m.data /= norms[row_of]
    return m


def sentence_vectors(
    texts: Sequence[str], *, word_weight: float = 0.5, number_weight: float = 3.0
) -> sparse.csr_matrix:
    """One L2-normalised row per text; ``A @ B.T`` = word_weight*cos(words) + (1-word_weight)*cos(trigrams).

    Numbers count ``number_weight`` times a word in the word view: a shared
    figure or date is strong evidence that two sentences report the same thing.
    """
    return sentence_vectors_sized(texts, word_weight=word_weight, number_weight=number_weight)[0]


def sentence_vectors_sized(
    texts: Sequence[str], *, word_weight: float = 0.5, number_weight: float = 3.0
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """``sentence_vectors`` plus the number of content words of each text (one tokenisation pass).

    Each token costs one cached look-up and one dict look-up; the trigram
    view is the product of the text-by-word counts with a word-by-trigram
    matrix built once per distinct word.
    """
    keys: list[str] = []
    sizes = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        ks = [k for k in map(_content_key, words(text)) if k is not None]
        sizes[i] = len(ks)
        keys.extend(ks)
    local: dict[str, int] = {}
    cols = np.fromiter((local.setdefault(k, len(local)) for k in keys), dtype=np.int64, count=len(keys))
    rows = np.repeat(np.arange(len(texts)), sizes)
    n, v = len(texts), len(local)
    counts = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(n, v))
    counts.sum_duplicates()
    # word view: sublinear tf x idf, numbers weigh number_weight words
    is_number = np.fromiter((k[0] == "#" for k in local), dtype=bool, count=v)
    wm = _weigh(counts.copy(), n)
    wm.data *= np.where(is_number, number_weight, 1.0)[wm.indices]
    normalise_rows(wm)
    # trigram view of the non-number words
    t_rows: list[int] = []
    t_cols: list[int] = []
    for key, k in local.items():
        if key[0] != "#":
            grams = _trigram_ids(key)
            t_rows.extend([k] * len(grams))
            t_cols.extend(grams)
    present, compact = np.unique(np.asarray(t_cols, dtype=np.int64), return_inverse=True)
    tri = sparse.csr_matrix(
        (np.ones(len(t_cols)), (np.asarray(t_rows, dtype=np.int64), compact.ravel())), shape=(v, len(present))
    )
    cm = normalise_rows(_weigh(sparse.csr_matrix(counts @ tri), n))
    wm.data *= np.sqrt(word_weight)
    cm.data *= np.sqrt(1.0 - word_weight)
    return sparse.hstack([wm, cm], format="csr"), sizes


def _weigh(m: sparse.csr_matrix, n_rows: int) -> sparse.csr_matrix:
    """Sublinear tf times smooth idf over the rows, in place."""
    if m.nnz:
        df = np.bincount(m.indices, minlength=m.shape[1])[m.indices]
        m.data = (1.0 + np.log(m.data)) * (np.log((n_rows + 1.0) / (df + 1.0)) + 1.0)
    return m


@lru_cache(maxsize=1 << 18)
def _content_key(word: str) -> str | None:
    """Folded content word, ``#digits`` for a number, None for stopwords and one-letter tokens."""
    f = fold(word)
    if len(f) < 2 or f in STOPWORDS:
        return None
    if _DIGITS.search(f):
        return "#" + number_key(f)
    return f


@lru_cache(maxsize=1 << 18)
def _trigram_ids(folded: str) -> tuple[int, ...]:
    padded = f"<{folded}>"
    return tuple(_h(padded[i : i + 3]) for i in range(len(padded) - 2))


def _crosslingual_features(text: str, ngram: int, min_word: int) -> Iterable[int]:
    for w in words(text):
        if _DIGITS.search(w):
            yield _h("n:" + number_key(w))
            continue
        f = fold(w)
        if w[0].isupper() and len(f) > 1:  # names, acronyms (and sentence starts: cheap noise)
            yield _h("p:" + f)
        if len(f) >= min_word:
            padded = f"<{f}>"
            for i in range(len(padded) - ngram + 1):
                yield _h("g:" + padded[i : i + ngram])


def crosslingual_vectors(texts: Sequence[str], *, ngram: int = 4, min_word: int = 5) -> sparse.csr_matrix:
    """One L2-normalised tf-idf row per text over numbers, capitalised tokens and char n-grams of long words."""
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        feats = list(_crosslingual_features(text, ngram, min_word))
        rows.extend([i] * len(feats))
        cols.extend(feats)
    return _tfidf(rows, cols, [1.0] * len(cols), len(texts))


def sentence_similarity(a: Sequence[str], b: Sequence[str], **settings: float) -> np.ndarray:
    """Dense ``len(a) x len(b)`` similarity matrix (idf over a and b together)."""
    m = sentence_vectors(list(a) + list(b), **settings)
    return (m[: len(a)] @ m[len(a) :].T).toarray()
