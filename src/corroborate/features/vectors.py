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
    XLING   terms that survive translation (numbers, names), articles of known language only
    LANG    the article's language (one feature), articles of known language only
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

import numpy as np

from ..model import Article
from . import stopwords, tokens
from .text import STOPWORDS, fold

HASH_BITS = 18
KIND_BITS = 3
DIM = 1 << (HASH_BITS + KIND_BITS)
_MASK = (1 << HASH_BITS) - 1

WORD, NAME, PHRASE, NUMBER, TITLE = 0, 1, 2, 3, 4
KINDS = {"word": WORD, "name": NAME, "phrase": PHRASE, "number": NUMBER, "title": TITLE}
# Only for articles whose language is known: the terms that survive translation
# (``similarity.crosslingual_terms``) and one feature naming the language. Both weigh
# 0 in the story vectors; ``stories/crosslingual.py`` reads them to link languages.
XLING, LANG = 5, 6

Counts = dict[int, int]

_SENTENCE_END = frozenset(tokens.SENTENCE_END)
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


# What the counts need of each distinct surface form (one Python call per form, ever;
# every token then costs one numpy gather, see ``features.tokens``): its folded form (as an
# id of _FOLDS), its WORD/NUMBER feature (-1: none), its NAME feature (-1: never a name),
# whether it is capitalised and no stop/calendar word, and its TITLE feature (-1: none).
_FOLD_IDS: dict[str, int] = {}
_FOLDS: list[str] = []


def _surface_row(surface: str) -> tuple[int, int, int, bool, int]:
    f = fold(surface)
    if any(c.isdigit() for c in f):
        term = feature(NUMBER, f.replace(",", ""))
    elif len(f) > 1 and f not in STOPWORDS:
        term = feature(WORD, f)
    else:
        term = -1
    cap = surface[0].isupper() and f not in _NOT_NAMES
    name = feature(NAME, f) if cap and len(f) > 1 else -1
    title = feature(TITLE, f.replace(",", "")) if len(f) > 1 and f not in STOPWORDS else -1
    fid = _FOLD_IDS.get(f)
    if fid is None:
        fid = _FOLD_IDS[f] = len(_FOLDS)
        _FOLDS.append(f)
    return fid, term, name, cap, title


def _forget_folds() -> None:  # the surface vocabulary was reset: its fold ids go with it
    _FOLD_IDS.clear()
    _FOLDS.clear()


class _SurfaceTable(tokens.Table):
    def clear(self) -> None:
        super().clear()
        _forget_folds()


_SURFACE = _SurfaceTable(tokens.SURFACES, _surface_row, (np.int64, np.int64, np.int64, bool, np.int64))


def term_counts(article: Article) -> Counts:
    """Raw counts of every feature of an article (title and text), keyed in the order
    the features first occur (title first)."""
    return term_counts_many([article])[0]


def term_counts_many(articles: Sequence[Article]) -> list[Counts]:
    """``term_counts`` of each article, vectorised over all of them at once (one
    tokenisation pass, ``features.tokens``; numpy's fixed cost per call is paid per
    batch, not per article).

    A token counts its WORD/NUMBER feature. It is a name when it is capitalised (not a
    stop or calendar word) and either not at a sentence start or seen capitalised
    mid-sentence elsewhere in the same text; consecutive names form a phrase, broken
    at a sentence start. A title counts as a text of its own, and its content words
    also count as TITLE features. Keys come in the order a token-by-token reading
    first meets them: per text, a token's term, then its name, then the phrase its
    predecessor's run closes (the last run at the end of the text); title first.
    """
    texts: list[str] = []
    owner: list[int] = []  # article index of each text
    for k, article in enumerate(articles):
        if article.title:
            texts.append(article.title)
            owner.append(k)
        texts.append(article.text)
        owner.append(k)
    with tokens.LOCK:
        return _counts_of(texts, owner, articles)


# surface form -> the languages (stopwords.BIT) in which it is a function word
_FUNCTION = tokens.Table(tokens.SURFACES, lambda surface: (stopwords.bits(fold(surface)),), (np.int64,))


def _drop_function_words(articles: Sequence[Article], art: np.ndarray, ids: np.ndarray, *features: np.ndarray) -> None:
    """Set to -1 (no feature), in place, the ``features`` of each token that is a function
    word of its article's language (``stopwords``; English ones are dropped already)."""
    langbit = np.fromiter((stopwords.BIT.get(a.language or "", 0) for a in articles), dtype=np.int64,
                          count=len(articles))
    if not langbit.any():
        return
    drop = (_FUNCTION.gather(ids)[0] & langbit[art]) != 0
    for f in features:
        f[drop] = -1


def _xling_row(surface: str) -> tuple[int, int, int]:
    from .similarity import crosslingual_token_terms

    found = [feature(XLING, t) for t in crosslingual_token_terms(surface)]
    return tuple(found + [-1] * (3 - len(found)))  # type: ignore[return-value]


# surface form -> its XLING features (up to three; -1: none)
_XLING = tokens.Table(tokens.SURFACES, _xling_row, (np.int64, np.int64, np.int64))


def _add_crosslingual(out: list[Counts], articles: Sequence[Article], owner: np.ndarray, sp, text_of) -> None:
    """Add the ``XLING`` counts (``similarity.crosslingual_token_terms`` of every token of the
    title and text) and the ``LANG`` feature of each article whose language is known."""
    known = np.fromiter((bool(a.language) for a in articles), dtype=bool, count=len(articles))
    if not known.any():
        return
    art = owner[text_of]
    mine = known[art]
    cols = [c[mine] for c in _XLING.gather(sp.ids[mine])]
    arts = np.concatenate([art[mine]] * len(cols))
    feats = np.concatenate(cols)
    ok = feats >= 0
    keyed, counts = np.unique(arts[ok] << 32 | feats[ok], return_counts=True)
    for k in np.flatnonzero(known).tolist():
        out[k][feature(LANG, articles[k].language)] = 1
    for key, c in zip(keyed.tolist(), counts.tolist()):
        out[key >> 32][key & 0xFFFFFFFF] = c


def _counts_of(texts: list[str], owner: list[int], articles: Sequence[Article]) -> list[Counts]:
    out: list[Counts] = [{} for _ in articles]
    sp, _, text_of = tokens.split_many(texts)
    n = len(sp)
    if not n:
        return out
    fid, term, name, cap, title_f = _SURFACE.gather(sp.ids)
    owners = np.asarray(owner, dtype=np.int64)
    _drop_function_words(articles, owners[text_of], sp.ids, term, name, title_f)
    first = np.ones(n, dtype=bool)
    first[1:] = text_of[1:] != text_of[:-1]
    st = sp.gap_has(tokens.BREAK) | first  # a sentence-ending character before it: at a sentence start
    # a name at a sentence start only where its folded form is seen capitalised mid-sentence in its text
    key = text_of << 32 | fid
    mid = np.unique(key[cap & ~st])
    ok = name >= 0
    if len(mid):
        ok &= ~st | (mid[np.minimum(np.searchsorted(mid, key), len(mid) - 1)] == key)
    else:
        ok &= ~st
    # events: token k's term at slot 3k, its name at 3k+1, the phrase closed before it at 3k+2;
    # a text's last phrase at 3e+5 (e: its last token), TITLE features after everything
    slots = np.arange(3 * n + 3, dtype=np.int64)
    events = np.full(3 * n + 3, -1, dtype=np.int64)
    events[0 : 3 * n : 3] = term
    events[1 : 3 * n : 3] = np.where(ok, name, -1)
    event_text = np.empty(3 * n + 3, dtype=np.int64)
    event_text[: 3 * n] = np.repeat(text_of, 3)
    event_text[3 * n :] = text_of[-1]
    # runs of names: a run starts at a name whose predecessor is no name, or at a sentence start
    prev = np.concatenate([[False], ok[:-1]])
    starts = np.flatnonzero(ok & (~prev | st))
    if len(starts):
        nxt = np.concatenate([~ok[1:] | st[1:], [True]])  # nxt[k]: token k+1 ends a run through k
        ends = np.flatnonzero(nxt)
        ends = ends[np.searchsorted(ends, starts)]
        long = ends > starts
        folds = _FOLDS
        fids = fid.tolist()
        for s, e in zip(starts[long].tolist(), ends[long].tolist()):  # two or more names: a phrase
            events[3 * e + 5] = feature(PHRASE, " ".join([folds[j] for j in fids[s : e + 1]]))
            event_text[3 * e + 5] = text_of[e]
    titled = np.fromiter((bool(a.title) for a in articles), dtype=bool, count=len(articles))
    is_title = np.zeros(len(texts), dtype=bool)
    if titled.any():
        is_title[np.flatnonzero(titled) + np.cumsum(titled)[titled] - 1] = True
        tt = is_title[text_of] & (title_f >= 0)
        events = np.concatenate([events, title_f[tt]])
        event_text = np.concatenate([event_text, text_of[tt]])
        slots = np.concatenate([slots, 3 * n + 3 + np.flatnonzero(tt)])
    keep = events >= 0
    events, event_text, slots = events[keep], event_text[keep], slots[keep]
    order = np.lexsort((slots, event_text))
    art = np.asarray(owner, dtype=np.int64)[event_text[order]]
    keyed = art << 32 | events[order]
    uniq, first_at, counts = np.unique(keyed, return_index=True, return_counts=True)
    by_first = np.argsort(first_at, kind="stable")
    uniq, counts = uniq[by_first], counts[by_first]
    of_art = (uniq >> 32).tolist()
    feats = (uniq & 0xFFFFFFFF).tolist()
    counts = counts.tolist()
    bounds = np.flatnonzero(np.diff(uniq >> 32)) + 1
    lo = 0
    for hi in [*bounds.tolist(), len(feats)]:
        out[of_art[lo]] = dict(zip(feats[lo:hi], counts[lo:hi]))
        lo = hi
    _add_crosslingual(out, articles, owners, sp, text_of)
    return out


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
    whole = val.astype(np.int64)
    if (whole == val).all():  # counts (the usual case): one conversion for the whole blob
        return dict(zip(idx.tolist(), whole.tolist()))
    return {i: (int(v) if v.is_integer() else v) for i, v in zip(idx.tolist(), val.tolist())}


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
