"""Sentence and article similarity, vectorised: texts in, sparse L2-normalised rows out.

Reads plain strings (sentences or whole articles), returns ``scipy.sparse``
CSR matrices whose row dot products are similarities in 0..1, so a whole
story's sentence pairs cost one sparse product.

Features are hashed (crc32, stable across runs) and renumbered per call
(columns in first-occurrence order), so rows of one call compare with each
other only. Content words are interned to ids once per process (``_KEYS``,
with each word's trigram ids) purely for speed: the matrices do not depend
on the ids, and the table is reset if it grows very large. Two views:

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
from itertools import chain
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse

from . import tokens
from .text import _WORD, STOPWORDS, fold, words

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
    """``sentence_vectors`` plus the number of content words of each text (one tokenisation pass)."""
    reset_ids_if_large()
    ids, sizes = sentence_token_ids(texts)
    return sentence_vectors_from_ids(ids, sizes, word_weight=word_weight, number_weight=number_weight), sizes


def sentence_token_ids(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The content words of each text as interned ids, concatenated, and how many each text has.

    One vectorised tokenisation pass over all the texts (``features.tokens``);
    each distinct surface form is mapped to its content-word id once per
    process (``_CONTENT``, -1 for stopwords), every token by one numpy gather.
    The ids are valid for this process (see ``_KEYS``); callers may keep them
    to build vectors again without re-tokenising (``sentence_vectors_from_ids``)
    as long as ``GENERATION`` has not changed (``reset_ids_if_large``, called
    between stories).
    """
    n = len(texts)
    if sum(map(len, texts)) < SMALL_CHARS:
        return _small_token_ids(texts)
    with tokens.LOCK:
        sp, _, text_of = tokens.split_many(texts)
        flat = _CONTENT.gather(sp.ids)[0]
    keep = flat >= 0
    return flat[keep], np.bincount(text_of[keep], minlength=n).astype(np.int64)


# Below this many characters in all, a regex pass with cached per-word look-ups is cheaper
# than the vectorised one (numpy's fixed cost per call); the ids are the same.
SMALL_CHARS = 1500
# features.text's word pattern restricted to ASCII: the same tokens on ASCII text, faster;
# both also match a line break (the texts are joined by line breaks, which map to _SEP).
_ASCII_WORD_NL = re.compile(r"[A-Za-z0-9]+(?:['.,\-][A-Za-z0-9]+)*|\n")
_WORD_NL = re.compile(_WORD.pattern + r"|\n", re.UNICODE)
_SEP = -2


def _small_token_ids(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    n = len(texts)
    joined = "\n".join(texts)
    if joined.count("\n") != max(0, n - 1):  # a text with a line break of its own: one text at a time
        raw = [list(map(_word_id, words(t))) for t in texts]
        lengths = np.fromiter(map(len, raw), dtype=np.int64, count=n)
        flat = np.fromiter(chain.from_iterable(raw), dtype=np.int64, count=int(lengths.sum()))
        rows = np.repeat(np.arange(n), lengths)
    else:  # one pass: a token never spans a line break; each break starts the next text
        pattern = _ASCII_WORD_NL if joined.isascii() else _WORD_NL
        flat = np.fromiter(map(_word_id, pattern.findall(joined)), dtype=np.int64)
        rows = np.cumsum(flat == _SEP)
    keep = flat >= 0
    return flat[keep], np.bincount(rows[keep], minlength=n).astype(np.int64)


def span_token_ids(
    texts: Sequence[str],
    spans: Sequence[tuple[np.ndarray, np.ndarray]],
    split: tuple[tokens.Split, np.ndarray, np.ndarray] | None = None,
) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """``sentence_token_ids`` of the spans (sentences) of each text, from one pass over the
    whole texts: ``spans[k]`` is (starts, ends) of text ``k``'s spans, in order and not
    overlapping. Per text: (content-word ids, content words per span), the same as
    ``sentence_token_ids([text[s:e] for s, e in spans])``; None for a text where a token
    crosses a span's edge (then the spans must be tokenised on their own). ``split``: the
    texts' ``tokens.split_many``, when the caller has it already (it reads the tokens too).
    """
    with tokens.LOCK:
        sp, offsets, text_of = split or tokens.split_many(texts)
        flat = _CONTENT.gather(sp.ids)[0]
    out: list[tuple[np.ndarray, np.ndarray] | None] = []
    bounds = np.searchsorted(text_of, np.arange(len(texts) + 1))
    for k, (starts, ends) in enumerate(spans):
        lo, hi = bounds[k], bounds[k + 1]
        ts, te = sp.starts[lo:hi] - offsets[k], sp.ends[lo:hi] - offsets[k]
        edges = np.concatenate([starts, ends])
        edges.sort()
        if (np.searchsorted(edges, te, "left") - np.searchsorted(edges, ts, "right")).any():
            out.append(None)  # a span edge inside a token
            continue
        span = np.searchsorted(starts, ts, "right") - 1
        inside = span >= 0
        inside[inside] = te[inside] <= ends[span[inside]]
        ids = flat[lo:hi]
        keep = inside & (ids >= 0)
        out.append((ids[keep], np.bincount(span[keep], minlength=len(starts)).astype(np.int64)))
    return out


def sentence_vectors_from_ids(
    ids: np.ndarray, sizes: np.ndarray, *, word_weight: float = 0.5, number_weight: float = 3.0
) -> sparse.csr_matrix:
    """``sentence_vectors`` from ``sentence_token_ids`` output (possibly concatenated from several calls).

    Columns are numbered by first occurrence, so the matrix is the same
    whatever the ids happen to be. The trigram view is the product of the
    text-by-word counts with a word-by-trigram matrix built once per
    distinct word.
    """
    n = len(sizes)
    uniq, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[order] = np.arange(len(uniq))
    cols = rank[inverse.ravel()]
    v = len(uniq)
    # text-by-word counts, built as CSR directly (the ids come text by text)
    counts = sparse.csr_matrix((np.ones(len(cols)), cols, np.concatenate([[0], np.cumsum(sizes)])), shape=(n, v))
    counts.sum_duplicates()
    # word view: sublinear tf x idf, numbers weigh number_weight words
    is_number = _is_number_table()[uniq[order]]
    wm = _weigh(counts.copy(), n)
    wm.data *= np.where(is_number, number_weight, 1.0)[wm.indices]
    normalise_rows(wm)
    # trigram view of the non-number words: each word's trigram ids, gathered from the interned table
    ptr, flat = _trigram_table()
    glob = uniq[order]
    starts, n_grams = ptr[glob], ptr[glob + 1] - ptr[glob]
    t_rows = np.repeat(np.arange(v), n_grams)
    at = np.repeat(starts - np.concatenate([[0], np.cumsum(n_grams)[:-1]]), n_grams) + np.arange(len(t_rows))
    t_cols = flat[at]
    present, compact = np.unique(t_cols, return_inverse=True)
    tri = sparse.csr_matrix(
        (np.ones(len(t_cols)), compact.ravel(), np.concatenate([[0], np.cumsum(n_grams)])), shape=(v, len(present))
    )
    tri.sum_duplicates()  # a word may repeat a trigram ("banana")
    cm = normalise_rows(_weigh(sparse.csr_matrix(counts @ tri), n))
    wm.data *= np.sqrt(word_weight)
    cm.data *= np.sqrt(1.0 - word_weight)
    return sparse.hstack([wm, cm], format="csr")


# Interned content keys: id -> key, key -> id. Reset (with every cache that
# holds ids) when it grows past _MAX_KEYS, between calls only.
_KEYS: list[str] = []
_KEY_ID: dict[str, int] = {}
# Per id: is it a number, and its trigram ids (CSR-like: _TRI_PTR[k]:_TRI_PTR[k+1] in _TRI_FLAT;
# numbers have none). Lists grow with _KEYS; numpy copies are refreshed when stale.
_IS_NUM: list[bool] = []
_TRI_PTR: list[int] = [0]
_TRI_FLAT: list[int] = []
_ARRAYS: dict[str, np.ndarray] = {}
_MAX_KEYS = 2_000_000
GENERATION = [0]  # bumped on each reset, so callers' caches of ids can tell


def reset_ids_if_large() -> None:
    """Forget the interned ids when the table is very large (ids kept by callers become invalid)."""
    if len(_KEYS) > _MAX_KEYS:
        _KEYS.clear()
        _KEY_ID.clear()
        _IS_NUM.clear()
        del _TRI_PTR[1:]
        _TRI_FLAT.clear()
        _ARRAYS.clear()
        _word_id.cache_clear()
        _CONTENT.clear()
        GENERATION[0] += 1


@lru_cache(maxsize=1 << 18)
def _word_id(word: str) -> int:
    if word == "\n":
        return _SEP
    key = _content_key(word)
    if key is None:
        return -1
    k = _KEY_ID.get(key)
    if k is None:
        k = _KEY_ID[key] = len(_KEYS)
        _KEYS.append(key)
        number = key[0] == "#"
        _IS_NUM.append(number)
        if not number:
            _TRI_FLAT.extend(_trigram_ids(key))
        _TRI_PTR.append(len(_TRI_FLAT))
    return k


# surface form (features.tokens) -> its content-word id (-1: a stopword or one letter)
_CONTENT = tokens.Table(tokens.SURFACES, lambda surface: (_word_id(surface),), (np.int64,))


def _grown(name: str, values: list, dtype: type) -> np.ndarray:
    """A numpy view of ``values`` kept in a doubling buffer: only the new tail is copied."""
    buf = _ARRAYS.get(name)
    done = _ARRAYS.get(name + "#n")
    n_done = 0 if done is None else int(done[0])
    if buf is None or len(buf) < len(values):
        new = np.empty(max(1024, 2 * len(values)), dtype=dtype)
        if buf is not None:
            new[:n_done] = buf[:n_done]
        buf = _ARRAYS[name] = new
    if n_done < len(values):
        buf[n_done : len(values)] = values[n_done:]
        _ARRAYS[name + "#n"] = np.array([len(values)])
    return buf[: len(values)]


def _trigram_table() -> tuple[np.ndarray, np.ndarray]:
    return _grown("ptr", _TRI_PTR, np.int64), _grown("flat", _TRI_FLAT, np.int64)


def _is_number_table() -> np.ndarray:
    return _grown("num", _IS_NUM, bool)


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


# Function words that start sentences in the major European languages other than English
# (English ones are in STOPWORDS): capitalised, but no name, so no cross-language evidence.
_FUNCTION_WORDS = frozenset(
    """el la los las lo un una unos unas del al de en por para con sin sobre que como pero y o ni se su sus
    este esta estos estas ese esa eso aquel cuando donde mientras segun tras ademas tambien aunque asi ya
    il lo gli le i uno una dei delle degli della dello nel nella nei con per tra fra che come ma e o non si
    questo questa questi queste quello quella quando dove mentre secondo dopo anche inoltre pero ci ne
    le la les un une des du de au aux en dans par pour avec sans sur que qui comme mais et ou ne se ce cette
    ces cet quand selon apres aussi il ils elle elles nous vous on
    der die das den dem des ein eine einer eines einem einen und oder aber nicht mit von zu im am auf aus bei
    nach fur uber unter wie wenn als auch dass es er sie wir ihr sich dieser diese dieses
    o os as um uma uns umas do da dos das no na nos nas pelo pela com sem para mas ou nao
    het een en van de dat die voor met niet maar ook""".split()
)


# English capitalises weekdays and months, the other languages mostly do not: no evidence.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december".split()
)
_POSSESSIVE = re.compile(r"'s?$")


def crosslingual_token_terms(token: str) -> tuple[str, ...]:
    """The terms of one word token that survive translation, for story grouping across
    languages: a number (``"n:"`` + ``number_key``: "40.000" meets "40,000" and "40"), or a
    capitalised token (names, acronyms; sentence starts are cheap noise; function words
    of the major European languages, weekdays and months are dropped, and an English
    possessive "'s") as its transliteration key (``"k:"``, ``claims.names.name_key``:
    Зеленський, Zelenskyy and Zelensky meet, Kyiv and Київ); () for any other token.

    Chosen on MEANTIME en/es/it with ECB+ 1-35 as distractors (mutual best cross-language
    match, ``[stories] crosslingual_threshold``): numbers + capitalised tokens found all
    360 translation pairs with about 40 features per article; adding character 4-grams of
    long words (``crosslingual_vectors``) cost 14x the features for no more pairs, and with
    half the originals removed made as many false pairs; the transliteration key alone
    does as well as the folded form and the key together, with half the features."""
    if _DIGITS.search(token):
        return ("n:" + number_key(token),)
    if not token[:1].isupper():
        return ()
    from ..claims.names import name_key  # deferred: claims imports features

    f = _POSSESSIVE.sub("", fold(token))  # China's / China
    if len(f) < 2 or f in STOPWORDS or f in _FUNCTION_WORDS or f in _CALENDAR:
        return ()
    key = name_key(f)
    return ("k:" + key,) if key else ("p:" + f,)


def crosslingual_terms(text: str) -> list[str]:
    """``crosslingual_token_terms`` of every word of ``text``, in order."""
    return [t for w in words(text) for t in crosslingual_token_terms(w)]


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
