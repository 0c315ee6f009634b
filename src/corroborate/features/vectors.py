"""Article term features in a stable hashing space, and tf-idf from a document-frequency table.

Reads ``model.Article`` (title + text; sentence splitting is not needed) and
returns raw term counts ``{feature: count}``; ``DocFreq`` turns counts into
L2-normalised tf-idf vectors. Nothing here needs a global vocabulary, so a new
article can be added to a store without recomputing the others.

A feature index is ``kind << HASH_BITS | crc32(term) & mask``: the top bits say
what kind of term it is, so kind weights can be applied (and tuned) at
vectorising time while only raw counts are persisted.

Kinds:
    WORD    content words (folded, stopwords removed)
    NAME    name-like tokens: capitalised words not at a sentence start (or
            seen mid-sentence elsewhere in the article)
    PHRASE  runs of two or more name-like tokens ("tara reid", "kim jong-un")
    NUMBER  tokens with digits (years, counts, magnitudes)
    TITLE   content words of the title
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping

import numpy as np

from ..model import Article
from .text import STOPWORDS, fold

HASH_BITS = 18
KIND_BITS = 3
DIM = 1 << (HASH_BITS + KIND_BITS)
_MASK = (1 << HASH_BITS) - 1

WORD, NAME, PHRASE, NUMBER, TITLE = 0, 1, 2, 3, 4
KINDS = {"word": WORD, "name": NAME, "phrase": PHRASE, "number": NUMBER, "title": TITLE}

Counts = dict[int, int]

_TOKEN = re.compile(r"[^\W_]+(?:['’.,\-][^\W_]+)*", re.UNICODE)
_SENTENCE_END = frozenset(".!?:;\n\"“”'‘’—–-|()[]")
# Capitalised words that are function words or calendar words when mid-sentence
# in headlines/datelines; they say nothing about who or where.
_NOT_NAMES = STOPWORDS | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december".split()
)


@lru_cache(maxsize=500_000)
def feature(kind: int, term: str) -> int:
    """Stable (process-independent) feature index of ``term`` of ``kind``."""
    return (kind << HASH_BITS) | (zlib.crc32(term.encode("utf-8")) & _MASK)


def kind_of(indices: np.ndarray) -> np.ndarray:
    return indices >> HASH_BITS


def _add(counts: Counts, idx: int, n: int = 1) -> None:
    counts[idx] = counts.get(idx, 0) + n


# Token and gap facts are cached in plain dicts (cleared when they grow past
# _CACHE_MAX), so a repeated word costs one dict lookup instead of fold + hash.
_CACHE_MAX = 300_000
_SPLIT = re.compile(f"({_TOKEN.pattern})", re.UNICODE)
_BREAK = re.compile("[" + re.escape("".join(sorted(_SENTENCE_END))) + "]")
# surface -> (folded, WORD/NUMBER feature or -1, NAME feature or -1 when never a name, capitalised non-stop)
_TOKEN_INFO: dict[str, tuple[str, int, int, bool]] = {}
_GAP_BREAKS: dict[str, bool] = {}


def _token_info(surface: str) -> tuple[str, int, int, bool]:
    f = fold(surface)
    if any(c.isdigit() for c in f):
        term = feature(NUMBER, f.replace(",", ""))
    elif len(f) > 1 and f not in STOPWORDS:
        term = feature(WORD, f)
    else:
        term = -1
    cap = surface[0].isupper() and f not in _NOT_NAMES
    name = feature(NAME, f) if cap and len(f) > 1 else -1
    if len(_TOKEN_INFO) >= _CACHE_MAX:
        _TOKEN_INFO.clear()
    info = _TOKEN_INFO[surface] = (f, term, name, cap)
    return info


def _body_counts(text: str, counts: Counts) -> None:
    parts = _SPLIT.split(text)  # gap, token, gap, token, ..., gap
    infos = _TOKEN_INFO
    gaps = _GAP_BREAKS
    toks: list[tuple[tuple[str, int, int, bool], bool]] = []  # (token facts, at sentence start)
    mid_caps: set[str] = set()
    for k in range(1, len(parts), 2):
        surface = parts[k]
        info = infos.get(surface) or _token_info(surface)
        if k == 1:
            st = True
        else:
            gap = parts[k - 1]
            st = gaps.get(gap)
            if st is None:
                if len(gaps) >= _CACHE_MAX:
                    gaps.clear()
                st = gaps[gap] = _BREAK.search(gap) is not None
        if not st and info[3]:
            mid_caps.add(info[0])
        toks.append((info, st))
    get = counts.get
    run: list[str] = []
    for (f, term, name, _), st in toks:
        if term >= 0:
            counts[term] = get(term, 0) + 1
        if name >= 0 and (not st or f in mid_caps):
            counts[name] = get(name, 0) + 1
            if st and run:
                _flush(run, counts)
            run.append(f)
        elif run:
            _flush(run, counts)
    _flush(run, counts)


def _flush(run: list[str], counts: Counts) -> None:
    if len(run) >= 2:
        _add(counts, feature(PHRASE, " ".join(run)))
    run.clear()


def term_counts(article: Article) -> Counts:
    """Raw counts of every feature of an article (title and text)."""
    counts: Counts = {}
    title = article.title or ""
    if title:
        _body_counts(title, counts)
        for m in _TOKEN.finditer(title):
            f = fold(m.group())
            if len(f) > 1 and f not in STOPWORDS:
                _add(counts, feature(TITLE, f.replace(",", "")))
    _body_counts(article.text, counts)
    return counts


# ---- persistence -------------------------------------------------------------


def encode(counts: Mapping[int, float]) -> bytes:
    """Compact bytes: uint32 n, then n int32 indices (sorted), then n float32 values."""
    idx = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))
    val = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    order = np.argsort(idx, kind="stable")
    return np.uint32(len(idx)).tobytes() + idx[order].tobytes() + val[order].tobytes()


def decode(blob: bytes) -> Counts:
    """Inverse of ``encode`` (values come back as numbers; integer counts stay integral)."""
    idx, val = decode_arrays(blob)
    return {int(i): (int(v) if float(v).is_integer() else float(v)) for i, v in zip(idx, val)}


def decode_arrays(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    n = int(np.frombuffer(blob[:4], dtype=np.uint32)[0])
    idx = np.frombuffer(blob[4 : 4 + 4 * n], dtype=np.int32)
    val = np.frombuffer(blob[4 + 4 * n : 4 + 8 * n], dtype=np.float32)
    return idx, val


# ---- document frequency and tf-idf ------------------------------------------


@dataclass
class DocFreq:
    """Number of documents and, per feature, how many documents contain it.

    Kept up to date by the store; ``merge`` adds another table (e.g. from a
    parallel worker); ``rows``/``from_rows`` serialise to ``(feature, df)``.
    """

    n_docs: int = 0
    df: np.ndarray = field(default_factory=lambda: np.zeros(DIM, dtype=np.int32))

    def add(self, counts: Iterable[int] | Mapping[int, float]) -> None:
        keys = np.fromiter(iter(counts), dtype=np.int64)
        self.df[keys] += 1
        self.n_docs += 1

    def remove(self, counts: Iterable[int] | Mapping[int, float]) -> None:
        keys = np.fromiter(iter(counts), dtype=np.int64)
        self.df[keys] -= 1
        self.n_docs -= 1

    def merge(self, other: "DocFreq") -> "DocFreq":
        return DocFreq(self.n_docs + other.n_docs, self.df + other.df)

    def rows(self) -> list[tuple[int, int]]:
        nz = np.flatnonzero(self.df)
        return list(zip(nz.tolist(), self.df[nz].tolist()))

    @classmethod
    def from_rows(cls, n_docs: int, rows: Iterable[tuple[int, int]]) -> "DocFreq":
        d = cls(n_docs)
        for f, c in rows:
            d.df[f] = c
        return d

    def to_bytes(self) -> bytes:
        """Compact form for the store: the non-zero (feature, df) pairs as int32."""
        nz = np.flatnonzero(self.df).astype(np.int32)
        return np.stack([nz, self.df[nz].astype(np.int32)]).tobytes()

    @classmethod
    def from_bytes(cls, n_docs: int, blob: bytes) -> "DocFreq":
        pairs = np.frombuffer(blob, dtype=np.int32).reshape(2, -1)
        d = cls(n_docs)
        d.df[pairs[0]] = pairs[1]
        return d

    def idf(self, indices: np.ndarray, shape: tuple[float, float, float]) -> np.ndarray:
        """Idf of ``indices``: ``max(ln((N + prior) / (df + 1)) + offset, floor)``.

        ``shape`` is ``(prior, offset, floor)``: ``[features] idf_prior,
        idf_offset, idf_floor`` (``stories.vectors.idf_from``). ``prior`` pseudo-documents (one
        holding every term) keep a small corpus from over-trusting its counts;
        ``floor`` is the least weight of a term, reached by terms in more than
        about ``1/e`` of the documents (in a store about one story: its shared
        words). ``(1, 1, 0)`` is the classic smoothed ``ln((N+1)/(df+1)) + 1``.
        """
        prior, offset, floor = shape
        return np.maximum(np.log((self.n_docs + prior) / (1.0 + self.df[indices])) + offset, floor)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocFreq) and self.n_docs == other.n_docs and np.array_equal(self.df, other.df)


def kind_weights(word: float, name: float, phrase: float, number: float, title: float) -> np.ndarray:
    w = np.zeros(1 << KIND_BITS, dtype=np.float64)
    w[[WORD, NAME, PHRASE, NUMBER, TITLE]] = [word, name, phrase, number, title]
    return w


def tfidf(
    indices: np.ndarray,
    values: np.ndarray,
    docfreq: DocFreq,
    weights: np.ndarray,
    idf_shape: tuple[float, float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """Sublinear-tf × idf (``DocFreq.idf`` of ``idf_shape``) × kind weight, L2-normalised;
    zero-weight features dropped."""
    indices = np.asarray(indices, dtype=np.int64)
    idf = docfreq.idf(indices, idf_shape)
    w = (1.0 + np.log(np.asarray(values, dtype=np.float64))) * idf * weights[indices >> HASH_BITS]
    keep = w > 0
    indices, w = indices[keep], w[keep]
    norm = math.sqrt(float(w @ w))
    if norm > 0:
        w = w / norm
    return indices, w
