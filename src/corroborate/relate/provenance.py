"""Provenance: which article of a story copies, rewrites or translates which.

Reads the ``Article`` records of ONE story (their sentences, dates, quality,
language) and returns ``Provenance`` links, most shared content first. Each
link carries the aligned sentence pairs as evidence.

How: one sparse sentence matrix for the whole story (``features.similarity``),
candidate article pairs from the cosine of summed sentence rows (top
``max_candidates`` per article), then per candidate a greedy one-to-one
sentence alignment and a handful of measurable features (aligned coverage
of each side, mean pair similarity, exact word 8-gram containment, share of
aligned text inside quotation marks, order monotonicity, language) that
decide the relation or no link at all.

Across languages (articles of two known languages): candidates also come from the
cross-lingual view of whole articles (each article's nearest of other languages),
sentences also meet over numbers, names and cognates (``crosslingual_vectors`` of
the sentences), a ``translation`` needs ``min_pairs`` aligned sentences (all of a
shorter article's, at least 2) covering both sides, and an article keeps one
translation per language, the most similar. A translation is directed by an explicit
sign ("translated from ...", ``translation_sign``), else by dates, else by the
better-edited text; otherwise it is undirected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping, Sequence

import numpy as np
from scipy import sparse

from ..features import similarity
from ..features.similarity import crosslingual_vectors, normalise_rows, sentence_token_ids, sentence_vectors_from_ids
from ..features import tokens
from ..features.text import fold
from ..model import Article, Provenance, SentencePair
from .groups import DERIVATIONS  # noqa: F401  (re-exported)


# Paired quotation marks; a quote does not cross a paragraph break. Single
# quotes open after a non-letter and close before one, so that apostrophes
# (Trump's, don’t) neither open nor close a quote.
# (Every alternative starts with its opening mark, the "not after a letter"
# test comes right after it, so the regex engine skips to quote marks.)
_QUOTE = re.compile(
    r"“[^”\n]{1,3000}”|\"[^\"\n]{1,3000}\"|«[^»\n]{1,3000}»|„[^“”\n]{1,3000}[“”]"
    r"|‘(?<!\w‘)[^\n]{1,3000}?’(?!\w)|'(?<!\w')[^\n]{1,3000}?'(?!\w)"
)


@dataclass(frozen=True, slots=True)
class _Doc:
    """Per-article arrays, built once per story."""

    article: Article
    rows: np.ndarray  # row indices of its sentences in the story matrix
    lengths: np.ndarray  # characters per sentence
    quoted: np.ndarray  # fraction of each sentence inside quotes
    alignable: np.ndarray  # bool: enough content words to align
    words: np.ndarray | None = None  # hash of each folded word of the text, when the story's pass had it

    @property
    def grams(self) -> np.ndarray:
        """Sorted distinct hashes of the word 8-grams (computed on demand: only copy candidates need them)."""
        return _grams(self.article.text, self.words)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """The measurable evidence for one article pair (``a`` and ``b`` as given)."""

    pairs: tuple[tuple[int, int, float], ...]  # (sentence index in a, in b, similarity)
    coverage_a: float
    coverage_b: float
    nonquote_coverage: float  # aligned non-quoted chars / chars of the shorter article
    nonquote_pairs: int
    nonquote_similarity: float  # mean similarity of the aligned pairs outside quotes
    quote_pairs: int
    quoted_share: float  # aligned chars inside quotes / aligned chars
    mean_similarity: float
    containment: float  # exact word 8-grams of the shorter article found in the other (-1: not measured)
    monotonicity: float  # concordant fraction of aligned pairs (1 = same order)
    similarity: float  # sim-weighted aligned chars / all chars of both


def quoted_fractions(article: Article) -> np.ndarray:
    """Fraction of each sentence's characters that lie inside quotation marks."""
    spans = [m.span() for m in _QUOTE.finditer(article.text)]
    n = len(article.sentences)
    if not spans or not n:
        return np.zeros(n)
    edges = np.zeros(len(article.text) + 1)
    for b, e in spans:
        edges[b] += 1
        edges[e] -= 1
    inside = np.concatenate([[0.0], np.cumsum(np.cumsum(edges)[:-1] > 0)])  # quoted chars before each offset
    starts = np.array([s.start for s in article.sentences])
    ends = np.array([s.end for s in article.sentences])
    return (inside[ends] - inside[starts]) / np.maximum(1, ends - starts)


# Odd 64-bit multipliers, one per position of a word n-gram (fixed, so runs agree).
_GRAM_MIX = np.random.default_rng(8).integers(1, 1 << 62, size=16, dtype=np.int64) * 2 + 1


# surface form (features.tokens) -> hash of its folded form (a word's key in the n-gram hashes)
_FOLD_HASH = tokens.Table(tokens.SURFACES, lambda surface: (hash(fold(surface)),), (np.int64,))


# text -> its sorted n-gram hashes, for the copy candidates of recent stories (oldest dropped first)
_GRAMS: dict[str, np.ndarray] = {}
GRAMS_CACHE = 4096


def _grams(text: str, words: np.ndarray | None = None, n: int = 8) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the folded word ``n``-grams of ``text``.

    ``words``: the hash of each folded word (``_FOLD_HASH``), when the caller has
    them from its tokenisation pass. An n-gram's hash mixes its words' hashes with
    one multiplier per position (wrapping int64 arithmetic), vectorised over all
    n-grams at once.
    """
    hit = _GRAMS.get(text)
    if hit is not None:
        return hit
    if words is None:
        with tokens.LOCK:
            words = _FOLD_HASH.gather(tokens.split(text).ids)[0]
    w = words
    if len(w) < n:
        out = np.zeros(0, dtype=np.int64)
    else:
        out = np.unique(np.lib.stride_tricks.sliding_window_view(w, n) @ _GRAM_MIX[:n])
    if len(_GRAMS) >= GRAMS_CACHE:
        for old in list(_GRAMS)[: GRAMS_CACHE // 4]:
            del _GRAMS[old]
    _GRAMS[text] = out
    return out


def _parse_when(value: str | None) -> datetime | date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None


def earlier(a: Article, b: Article) -> int:
    """-1 if ``a`` was published first, 1 if ``b`` was, 0 when dates do not say."""
    x, y = _parse_when(a.published), _parse_when(b.published)
    if x is None or y is None:
        return 0
    if isinstance(x, datetime) and isinstance(y, datetime) and (x.tzinfo is None) == (y.tzinfo is None):
        return -1 if x < y else (1 if y < x else 0)
    dx = x.date() if isinstance(x, datetime) else x
    dy = y.date() if isinstance(y, datetime) else y
    return -1 if dx < dy else (1 if dy < dx else 0)


def _align(sim: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Greedy one-to-one alignment, best pairs first."""
    ii, jj = np.nonzero(sim >= threshold)
    if not len(ii):
        return []
    vals = sim[ii, jj]
    order = np.lexsort((jj, ii, -vals))
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for k in order:
        i, j = int(ii[k]), int(jj[k])
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        out.append((i, j, float(vals[k])))
    return sorted(out)


def _monotonicity(pairs: Sequence[tuple[int, int, float]]) -> float:
    if len(pairs) < 2:
        return 1.0
    j = np.array([p[1] for p in pairs])  # pairs are sorted by i
    n = len(j)
    return int(np.count_nonzero(np.triu(j[None, :] > j[:, None], 1))) / (n * (n - 1) // 2)


_NO_PAIRS = PairFeatures((), 0.0, 0.0, 0.0, 0, 0.0, 0, 0.0, 0.0, 0.0, 1.0, 0.0)


def pair_features(a: _Doc, b: _Doc, sim: np.ndarray, threshold: float, quote_fraction: float) -> PairFeatures:
    """Align the sentences of ``a`` and ``b`` (``sim`` is their similarity block) and measure."""
    if threshold > 0 and (not sim.size or sim.max() < threshold):  # nothing can align: skip the work
        return _NO_PAIRS
    sim = np.where(a.alignable[:, None] & b.alignable[None, :], sim, 0.0)
    pairs = _align(sim, threshold)
    total_a, total_b = float(a.lengths.sum()) or 1.0, float(b.lengths.sum()) or 1.0
    if not pairs:
        return _NO_PAIRS
    i = np.array([p[0] for p in pairs])
    j = np.array([p[1] for p in pairs])
    s = np.array([p[2] for p in pairs])
    la, lb = a.lengths[i], b.lengths[j]
    q = np.maximum(a.quoted[i], b.quoted[j])  # quoted in either: one side may drop the marks
    is_quote = q >= quote_fraction
    shorter = min(total_a, total_b)
    short_len = la if total_a <= total_b else lb
    return PairFeatures(
        pairs=tuple(pairs),
        coverage_a=float(la.sum() / total_a),
        coverage_b=float(lb.sum() / total_b),
        nonquote_coverage=float(short_len[~is_quote].sum() / shorter),
        nonquote_pairs=int((~is_quote).sum()),
        nonquote_similarity=float(s[~is_quote].mean()) if (~is_quote).any() else 0.0,
        quote_pairs=int(is_quote.sum()),
        quoted_share=float((q * (la + lb)).sum() / (la + lb).sum()),
        mean_similarity=float(s.mean()),
        containment=-1.0,  # filled in by classify when it matters
        monotonicity=_monotonicity(pairs),
        similarity=float(min(1.0, (s * (la + lb)).sum() / (total_a + total_b))),
    )


def containment(a: _Doc, b: _Doc) -> float:
    """Share of the shorter article's exact word 8-grams found in the other."""
    small, large = (a.grams, b.grams) if len(a.grams) <= len(b.grams) else (b.grams, a.grams)
    return len(np.intersect1d(small, large, assume_unique=True)) / len(small) if len(small) else 0.0


def classify(f: PairFeatures, crosslingual: bool, a: _Doc, b: _Doc, cfg: dict[str, Any]) -> str | None:
    """The relation the features support, or None for no link."""
    if not f.pairs:
        return None
    if crosslingual:
        # a translation renders the quotes too: count every aligned pair, but
        # ask both sides to be covered (two outlets quoting one post are not)
        # (a short article has fewer sentences than min_pairs: then all of the shorter's, at least 2)
        shorter = min(int(a.alignable.sum()), int(b.alignable.sum()))
        need = min(cfg["min_pairs"], max(2, shorter))
        if len(f.pairs) >= need and min(f.coverage_a, f.coverage_b) >= cfg["crosslingual_coverage"]:
            return "translation"
    derived = f.nonquote_pairs >= cfg["min_pairs"] and f.nonquote_coverage >= cfg["min_coverage"]
    if derived and f.nonquote_similarity >= cfg["min_pair_similarity"]:
        small_cov = f.coverage_a if a.lengths.sum() <= b.lengths.sum() else f.coverage_b
        contained = containment(a, b)
        if contained >= cfg["copy_containment"] and small_cov >= cfg["copy_coverage"]:
            return "copy"
        if (
            contained < cfg["translation_containment"]
            and f.monotonicity >= cfg["translation_monotonicity"]
            and min(f.coverage_a, f.coverage_b) >= cfg["translation_coverage"]
        ):
            return "translation"
        return "rewrite"
    for i, j, s in f.pairs:
        q = max(a.quoted[i], b.quoted[j])
        if q >= cfg["quote_fraction"] and s >= cfg["quote_similarity"]:
            return "shared_quote"
    return None


# An explicit sign that a text is a translation ("Translated from the German by ...",
# "traducido del inglés", "tradotto dall'inglese", "traduit de l'anglais", "aus dem
# Englischen übersetzt", "machine translation"): the article carrying it is the derived one.
_TRANSLATED = re.compile(
    r"\b(?:translated\s+(?:from|by)\b|translation\s+(?:from|by)\b|machine[- ]translat"
    r"|traducid[oa]s?\s+(?:del?|por)\b|traducci[oó]n\s+(?:del?|por)\b"
    r"|tradott[oa]\s+(?:da|dal|dall['’]|dalla|dallo)|traduzione\s+(?:da|dal|dall['’]|dalla)"
    r"|tradu(?:it|ite)\s+(?:de|du|par)\b|traduction\s+(?:de|du|par)\b"
    r"|aus\s+dem\s+\w+\s+übersetzt|übersetzt\s+(?:aus|von)\b|übersetzung\s+(?:aus|von)\b"
    r"|vertaald\s+(?:uit|door)\b|przetłumaczon|переведен[оаы]?\s+с|переклад\s+з)",
    re.IGNORECASE,
)


def translation_sign(article: Article) -> bool:
    """Whether the article says it is a translation (title, or its first or last 600 characters)."""
    text = article.text
    ends = f"{text[:600]}\n{text[-600:]}" if len(text) > 1200 else text
    return bool(_TRANSLATED.search(f"{article.title or ''}\n{ends}"))


def _direction(a: Article, b: Article, relation: str, cfg: dict[str, Any]) -> tuple[bool, int]:
    """(directed, -1 if a is the source / 1 if b is / 0 canonical).

    A translation is directed by an explicit sign ("translated from ...", in one of the
    two only), else by dates, else by which text reads better edited (quality scores
    ``quality_margin`` apart); otherwise it stays undirected (reported as such)."""
    if relation == "shared_quote":
        return False, 0
    if relation == "translation":
        sa, sb = translation_sign(a), translation_sign(b)
        if sa != sb:
            return True, 1 if sa else -1  # the one that says it is a translation is derived
    first = earlier(a, b)
    if first:
        return True, first
    if relation == "translation":
        qa, qb = a.quality.score, b.quality.score
        if abs(qa - qb) >= cfg["quality_margin"]:
            return True, -1 if qa > qb else 1  # the garbled, lower-quality one is derived
    return False, 0


def _link(a: _Doc, b: _Doc, f: PairFeatures, relation: str, cfg: dict[str, Any]) -> Provenance:
    directed, who = _direction(a.article, b.article, relation, cfg)
    if who == 0:
        who = -1 if a.article.id <= b.article.id else 1
    src, der = (a, b) if who < 0 else (b, a)
    sents_src, sents_der = src.article.sentences, der.article.sentences
    pairs = [(i, j, s) if who < 0 else (j, i, s) for i, j, s in f.pairs]
    evidence = tuple(
        SentencePair(sents_src[i].id, sents_der[j].id, round(s, 4)) for i, j, s in sorted(pairs)
    )
    return Provenance(src.article.id, der.article.id, relation, round(f.similarity, 4), evidence, directed)


# Per-article work that does not depend on the rest of the story (content-word
# ids per sentence, sentence lengths, quoted fractions), kept across calls so
# that re-deriving a story after an article joins it does not redo it.
# Keyed by (id, text, sentence offsets); bounded, oldest entries dropped first.
_CACHE: dict[tuple, tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
CACHE_SIZE = 20_000


def _article_data(
    articles: Sequence[Article],
) -> tuple[list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]], list[np.ndarray | None]]:
    """Per article: (content-word ids, content words per sentence, sentence lengths, quoted
    fractions); and the hash of each folded word of the text (None for a cached article).

    The articles not cached are tokenised together, once each over the whole text
    (``features.tokens.split_many``): the content words of their sentences (spans of the
    text, ``similarity.span_token_ids``) and the words of the copy test (``_grams``)
    are read from that one pass."""
    keys = [(art.id, art.text, tuple((s.start, s.end) for s in art.sentences)) for art in articles]
    out: list[Any] = [None] * len(articles)
    words: list[np.ndarray | None] = [None] * len(articles)
    todo = []
    for k, key in enumerate(keys):
        hit = _CACHE.get(key)
        if hit is not None and hit[0] == similarity.GENERATION[0]:
            out[k] = hit[1:]
        else:
            todo.append(k)
    if not todo:
        return out, words
    spans = []
    for k in todo:
        art = articles[k]
        starts = np.fromiter((s.start for s in art.sentences), dtype=np.int64, count=len(art.sentences))
        ends = np.fromiter((s.end for s in art.sentences), dtype=np.int64, count=len(art.sentences))
        text = art.text
        exact = bool(len(starts)) and bool((starts[1:] >= ends[:-1]).all()) and all(
            s.text == text[s.start : s.end] for s in art.sentences
        )
        spans.append((starts, ends) if exact else None)
    texts = [articles[k].text for k in todo]
    none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    with tokens.LOCK:  # one pass: the content words of the sentences and the words of the copy test
        split = tokens.split_many(texts)
        found = similarity.span_token_ids(texts, [sp if sp is not None else none for sp in spans], split)
        word_hash = _FOLD_HASH.gather(split[0].ids)[0]
    bounds = np.searchsorted(split[2], np.arange(len(todo) + 1)).tolist()
    for t, (k, sp, ids_sizes) in enumerate(zip(todo, spans, found)):
        words[k] = word_hash[bounds[t] : bounds[t + 1]]
        art = articles[k]
        if sp is None or ids_sizes is None:  # sentences that are no clean spans of the text: one by one
            ids_sizes = sentence_token_ids([s.text for s in art.sentences])
        lengths = np.fromiter((len(s.text) for s in art.sentences), dtype=float, count=len(art.sentences))
        data = (*ids_sizes, lengths, quoted_fractions(art))
        if len(_CACHE) >= CACHE_SIZE:
            for old in list(_CACHE)[: CACHE_SIZE // 4]:
                del _CACHE[old]
        _CACHE[keys[k]] = (similarity.GENERATION[0], *data)
        out[k] = data
    return out, words


def _docs(articles: Sequence[Article], cfg: dict[str, Any]) -> tuple[list[_Doc], sparse.csr_matrix]:
    similarity.reset_ids_if_large()  # never in the middle of a story
    parts, words = _article_data(articles)
    ids = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    sizes = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    matrix = sentence_vectors_from_ids(ids, sizes, word_weight=cfg["word_weight"], number_weight=cfg["number_weight"])
    docs = []
    at = 0
    for art, (_, sz, lengths, quoted), w in zip(articles, parts, words):
        n = len(art.sentences)
        docs.append(_Doc(art, np.arange(at, at + n), lengths, quoted, sz >= cfg["min_sentence_words"], w))
        at += n
    return docs, matrix


def _candidates(docs: list[_Doc], matrix: sparse.csr_matrix, cfg: dict[str, Any]) -> list[tuple[int, int]]:
    """Article pairs worth verifying: top ``max_candidates`` neighbours above ``min_candidate``."""
    n = len(docs)
    # article-by-sentence indicator (each article's rows are consecutive), built as CSR directly
    ptr = np.concatenate([[0], np.cumsum([len(d.rows) for d in docs], dtype=np.int64)])
    pool = sparse.csr_matrix((np.ones(ptr[-1]), np.arange(ptr[-1]), ptr), shape=(n, matrix.shape[0]))
    art = normalise_rows(sparse.csr_matrix(pool @ matrix))
    cos = (art @ art.T).toarray()
    np.fill_diagonal(cos, 0.0)
    keep: set[tuple[int, int]] = set()
    k = cfg["max_candidates"]
    for i in range(n):
        row = cos[i]
        top = np.argsort(-row, kind="stable")[:k]
        keep.update((min(i, int(j)), max(i, int(j))) for j in top if row[j] >= cfg["min_candidate"])
    langs = np.array([d.article.language or "" for d in docs])
    if len(set(langs.tolist()) - {""}) > 1:
        # across languages, words barely meet: each article also keeps its max_candidates
        # nearest of OTHER languages by the cross-lingual view (numbers, names, cognates),
        # so that in a large story its translation is not crowded out by look-alikes of its own language
        cross = crosslingual_vectors([d.article.text for d in docs])
        xcos = (cross @ cross.T).toarray()
        other = (langs[:, None] != langs[None, :]) & (langs[:, None] != "") & (langs[None, :] != "")
        xcos = np.where(other, xcos, 0.0)
        for i in range(n):
            row = xcos[i]
            top = np.argsort(-row, kind="stable")[:k]
            keep.update((min(i, int(j)), max(i, int(j))) for j in top if row[j] >= cfg["min_candidate_crosslingual"])
    return sorted(keep)


def _crosslingual_sentences(docs: Sequence[_Doc]) -> sparse.csr_matrix | None:
    """One row per sentence of ``docs`` (in the story matrix's order) over what survives
    translation (``similarity.crosslingual_vectors``: numbers, capitalised tokens, character
    4-grams of long words; idf over these sentences), or None when the articles are of one
    language: across languages words barely meet, these do."""
    if len({d.article.language for d in docs if d.article.language}) < 2:
        return None
    return crosslingual_vectors([s.text for d in docs for s in d.article.sentences])


def _windows(articles: Sequence[Article], size: int) -> list[list[int]]:
    if len(articles) <= size:
        return [list(range(len(articles)))]
    order = sorted(range(len(articles)), key=lambda k: (articles[k].published or "", articles[k].id))
    step = max(1, size // 2)
    return [order[s : s + size] for s in range(0, max(1, len(order) - step), step)]


def _key(a: _Doc, b: _Doc) -> tuple[str, str]:
    x, y = a.article.id, b.article.id
    return (x, y) if x <= y else (y, x)


def find_provenance(articles: Sequence[Article], settings: Mapping[str, Any]) -> list[Provenance]:
    """Provenance links among the articles of one story, most shared content first.

    ``settings`` is the ``[provenance]`` section of ``config.settings()`` (every key)."""
    cfg = dict(settings)
    links: dict[tuple[str, str], Provenance] = {}
    for window in _windows(articles, int(cfg["window"])):
        arts = [articles[k] for k in window]
        docs, matrix = _docs(arts, cfg)
        xmatrix = _crosslingual_sentences(docs)
        # small windows: every sentence pair of the window in one sparse product
        full = (matrix @ matrix.T).toarray() if matrix.shape[0] <= cfg["max_full_sentences"] else None
        partners: dict[int, list[int]] = {}
        for x, y in _candidates(docs, matrix, cfg):
            partners.setdefault(x, []).append(y)
        for x, ys in partners.items():
            a = docs[x]
            ys = [y for y in ys if len(docs[y].rows) and _key(a, docs[y]) not in links]
            if not len(a.rows) or not ys:
                continue
            if full is None:  # one sparse product for this article against all its candidates
                block = (matrix[a.rows] @ matrix[np.concatenate([docs[y].rows for y in ys])].T).toarray()
            at = 0
            for y in ys:
                b = docs[y]
                if full is not None:
                    sim = full[a.rows[0] : a.rows[-1] + 1, b.rows[0] : b.rows[-1] + 1]
                else:
                    sim = block[:, at : at + len(b.rows)]
                    at += len(b.rows)
                la, lb = a.article.language, b.article.language
                crosslingual = bool(la and lb and la != lb)
                threshold = cfg["align_threshold_crosslingual"] if crosslingual else cfg["align_threshold"]
                if crosslingual and xmatrix is not None and len(a.rows) and len(b.rows):
                    sim = np.maximum(sim, (xmatrix[a.rows] @ xmatrix[b.rows].T).toarray())
                f = pair_features(a, b, sim, threshold, cfg["quote_fraction"])
                relation = classify(f, crosslingual, a, b, cfg)
                if relation is not None:
                    links[_key(a, b)] = _link(a, b, f, relation, cfg)
    out = _one_translation_per_language(list(links.values()), {a.id: a.language for a in articles})
    return sorted(out, key=lambda p: (-p.similarity, p.source_id, p.derived_id))


def _one_translation_per_language(links: list[Provenance], language: Mapping[str, str | None]) -> list[Provenance]:
    """Keep a cross-language ``translation`` link only when it is the most similar such link
    of both its articles into the other's language: a text has one original, and one
    version in each language. Two look-alike reports (a lawsuit, then its verdict, with
    shared background) align enough sentences across languages, but less than each does
    with its own translation (MEANTIME: 2 false links of 238 without this rule, 0 with)."""
    best: dict[tuple[str, str | None], Provenance] = {}

    def cross(p: Provenance) -> bool:
        la, lb = language.get(p.source_id), language.get(p.derived_id)
        return p.relation == "translation" and bool(la and lb and la != lb)

    for p in links:
        if not cross(p):
            continue
        for me, other in ((p.source_id, p.derived_id), (p.derived_id, p.source_id)):
            key = (me, language.get(other))
            held = best.get(key)
            # the most similar wins; ties go to the lower (source, derived) ids
            if held is None or (-p.similarity, p.source_id, p.derived_id) < (
                -held.similarity, held.source_id, held.derived_id
            ):
                best[key] = p
    def kept(p: Provenance) -> bool:
        ls, ld = language.get(p.source_id), language.get(p.derived_id)
        return best[(p.source_id, ld)] is p and best[(p.derived_id, ls)] is p

    return [p for p in links if not cross(p) or kept(p)]
