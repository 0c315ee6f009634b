"""Stories across languages: an article and its translation are one node of the story grouping.

Reads each article's raw feature indices and counts (the ``XLING`` terms and the
``LANG`` feature that ``features.vectors`` adds for an article of known language)
and returns cross-language *partners*, the translation groups they form, and the
edges between those groups that the batch (``batch.link``) and incremental
(``index.StoryIndex``) grouping link instead of the articles.

Why a step of its own: the story vectors are made of words, which do not survive
translation, so a Spanish report of an English story shares almost nothing with it
there. What survives (numbers, names, acronyms; ``similarity.crosslingual_token_terms``)
is too little to set an absolute threshold on: on MEANTIME en/es/it with ECB+ as
distractors, translation pairs have cosine 0.30-0.69 over these terms while the
most similar pairs of different events reach 0.44-0.65. Rank does tell them apart:
a translation and its original are each other's best match in the other language.

The rule: two articles of different known languages are *partners* when each is
the other's most similar article of its language (``mutual best``, ties to the
lower row), over the ``XLING`` tf-idf rows (sublinear tf x the store's idf), with
a cosine of at least ``crosslingual_threshold``, published at most ``window_days``
apart. Partners are then *contracted*: a translation group (partners joined strongest
link first, never two articles of one language: ``contract``; e.g. an English article
with its Spanish and Italian versions) becomes one node, and
the monolingual grouping (average linkage with its threshold and neighbours, the
look-alike split) runs over the nodes. So a translation always lands with its
original. Two groups are compared through their same-language members only, and are
as similar as their least similar common language says (``group_edges``): a
translation adds no evidence that two events are one. Articles of one language never
become partners, so monolingual grouping (English ECB+, NewsWCL50) is unchanged; an
article of unknown language takes no part, and a store of one language pays nothing
(``multilingual``).

What it costs in quality (``benchmarks/translation_links.py``): each language's own
look-alike merges now carry the other languages' versions along, so where languages
hold different events (MEANTIME with half the English and half the Italian articles
removed) BCubed F1 per language pair is below what the same features give with the
step off (batch 0.65-0.73 against 0.70-0.76), while every translation is with its
original (47% with the step off). The story vectors' idf counts a word's language only
(``vectors.language_idf``), so articles of other languages do not flatten it.

Candidates come from the batch candidate search (``batch.similar_pairs``) over the
``XLING`` rows: each article's ``crosslingual_top_terms`` rarest-weighted terms,
postings capped at ``max_posting``, inside the date window: near-linear as in
the monolingual step.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

from ..features.vectors import HASH_BITS, LANG, XLING, DocFreq, kind_of, kind_weights
from .vectors import idf_from, tfidf_matrix

_X_WEIGHTS = kind_weights(0.0, 0.0, 0.0, 0.0, 0.0)
_X_WEIGHTS[XLING] = 1.0


def enabled(s: Mapping[str, Any]) -> bool:
    """Whether the ``[stories]`` settings (``story_settings``) ask for the cross-language step."""
    return bool(s["crosslingual"]) and float(s["crosslingual_threshold"]) <= 1.0


_LANG_SLICE = slice(LANG << HASH_BITS, (LANG + 1) << HASH_BITS)


def multilingual(docfreq: DocFreq) -> bool:
    """Whether ``docfreq`` counts articles of at least two known languages."""
    return int(np.count_nonzero(docfreq.df[_LANG_SLICE])) >= 2


def language_of(indices: np.ndarray) -> int:
    """The ``LANG`` feature of an article's raw feature indices (its language, as a number), or -1."""
    idx = np.asarray(indices)
    hit = idx[kind_of(idx) == LANG]
    return int(hit[0]) if len(hit) else -1


def languages(arrays: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    return np.fromiter((language_of(i) for i, _ in arrays), dtype=np.int64, count=len(arrays))


def xling_arrays(raw: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The ``XLING`` part of one article's raw (indices, counts)."""
    idx, val = np.asarray(raw[0]), np.asarray(raw[1])
    keep = kind_of(idx) == XLING
    return idx[keep].astype(np.int64), val[keep]


def xling_matrix(
    arrays: Sequence[tuple[np.ndarray, np.ndarray]], docfreq: DocFreq, s: Mapping[str, Any]
) -> sparse.csr_matrix:
    """One L2-normalised row per article over its ``XLING`` terms (sublinear tf x idf)."""
    return tfidf_matrix([xling_arrays(a) for a in arrays], docfreq, _X_WEIGHTS, idf_from(s))


def candidate_settings(s: Mapping[str, Any]) -> dict[str, Any]:
    """``batch.similar_pairs`` settings for the ``XLING`` rows: every pair above the threshold."""
    return {
        **s,
        "top_terms": int(s["crosslingual_top_terms"]),
        "min_shared": 1,
        "edge_floor": float(s["crosslingual_threshold"]),
        "neighbours": 0,
    }


def mutual_best(
    ri: np.ndarray, ci: np.ndarray, sims: np.ndarray, langs: np.ndarray, threshold: float
) -> list[tuple[int, int, float]]:
    """The partners among candidate pairs ``(ri, ci, sims)``: pairs of different known
    languages, at least ``threshold``, each the other's best of its language (ties: lower row)."""
    ri, ci, sims = np.asarray(ri, np.int64), np.asarray(ci, np.int64), np.asarray(sims, float)
    keep = (langs[ri] >= 0) & (langs[ci] >= 0) & (langs[ri] != langs[ci]) & (sims >= threshold)
    ri, ci, sims = ri[keep], ci[keep], sims[keep]
    if not len(ri):
        return []
    a = np.concatenate([ri, ci])  # directed: a looks for its best in b's language
    b = np.concatenate([ci, ri])
    sv = np.concatenate([sims, sims])
    lb = langs[b]
    order = np.lexsort((b, -sv, lb, a))
    a, b, sv, lb = a[order], b[order], sv[order], lb[order]
    first = np.ones(len(a), dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (lb[1:] != lb[:-1])
    best = {(int(x), int(y)) for x, y in zip(a[first], b[first])}
    out = []
    for x, y, s in zip(a[first].tolist(), b[first].tolist(), sv[first].tolist()):
        if x < y and (y, x) in best:
            out.append((x, y, s))
    return sorted(out)


def partners(
    arrays: Sequence[tuple[np.ndarray, np.ndarray]],
    docfreq: DocFreq,
    days: np.ndarray,
    s: Mapping[str, Any],
) -> list[tuple[int, int, float]]:
    """Cross-language partners (row i, row j, cosine) among ``arrays`` (raw indices, counts);
    none when fewer than two languages are known or the step is off."""
    if not enabled(s):
        return []
    langs = languages(arrays)
    if len(set(langs.tolist()) - {-1}) < 2:
        return []
    from .batch import similar_pairs  # batch imports this module

    x = xling_matrix(arrays, docfreq, s)
    ri, ci, sims = similar_pairs(x, docfreq, days, candidate_settings(s))
    return mutual_best(ri, ci, sims, langs, float(s["crosslingual_threshold"]))


def contract(
    n: int, links: Iterable[tuple[int, int, float]], langs: np.ndarray
) -> tuple[np.ndarray, int]:
    """Translation groups of ``n`` rows from the partner ``links`` (row i, row j, cosine),
    ``langs`` the language of each row: links are taken strongest first (ties: lower rows),
    and a link that would join two groups already sharing a language is skipped, so a
    group holds at most one article per language. A chain of partners (en1-es1, es1-it1,
    it1-en2: each pair is each other's best in the other's language) would otherwise make
    en1 and en2 one node, with no word evidence that they tell one event; the weakest link
    of such a chain is the one left out. Returns each row's group (groups numbered by their
    first row) and the number of groups."""
    parent = list(range(n))
    held: dict[int, set[int]] = {}  # root -> the languages of its group

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    lang = np.asarray(langs).tolist()
    for i, j, _ in sorted(links, key=lambda link: (-link[2], min(link[0], link[1]), max(link[0], link[1]))):
        a, b = root(i), root(j)
        if a == b:
            continue
        la, lb = held.get(a, {lang[a]}), held.get(b, {lang[b]})
        if la & lb:
            continue
        lo, hi = min(a, b), max(a, b)
        parent[hi] = lo
        held[lo] = la | lb
        held.pop(hi, None)
    roots = np.fromiter((root(i) for i in range(n)), dtype=np.int64, count=n)
    _, group = np.unique(roots, return_inverse=True)  # roots are first rows: numbering follows them
    return group.ravel().astype(np.int64), int(group.max()) + 1 if n else 0


def group_edges(
    ri: np.ndarray,
    ci: np.ndarray,
    sims: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    langs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges between translation groups from the article edges ``(ri, ci, sims)``.

    Two groups that share languages meet through their same-language members only,
    and are as similar as their least similar common language says: per common
    language, the sum of the article edges between their members of that language over
    the number of such pairs (a pair without an edge counts 0, as in the average
    linkage); the least of these. So a translation adds no evidence that two events are
    one (it is the same report again), names or numbers shared across languages (which
    every article of a topic has) are not counted, and a language whose articles all
    look alike (function words this project does not yet drop, e.g. Spanish "de",
    "la") cannot merge what another language keeps apart (MEANTIME en+es+it: the mean
    over languages merged look-alikes that English alone keeps apart). Groups with
    no language in common meet through all their article edges, over all their pairs,
    as single articles do. Returns group edges (gi < gj) with their similarity."""
    ri, ci, sims = np.asarray(ri, np.int64), np.asarray(ci, np.int64), np.asarray(sims, float)
    gi, gj = group[ri], group[ci]
    keep = gi != gj
    ri, ci, sims, gi, gj = ri[keep], ci[keep], sims[keep], gi[keep], gj[keep]
    if not len(ri):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    lo, hi = np.minimum(gi, gj), np.maximum(gi, gj)
    same = langs[ri] == langs[ci]
    # per group: its size and its members per language
    size = np.bincount(group, minlength=n_groups)
    per_lang: dict[tuple[int, int], int] = {}
    for g, lang in zip(group.tolist(), np.asarray(langs).tolist()):
        per_lang[(g, lang)] = per_lang.get((g, lang), 0) + 1
    langs_of: dict[int, list[int]] = {}
    for g, lang in per_lang:
        langs_of.setdefault(g, []).append(lang)
    out_i, out_j, out_s = [], [], []
    key = lo * n_groups + hi
    order = np.argsort(key, kind="stable")
    edge_lang = np.asarray(langs)[ri][order]
    key, lo, hi, sims, same = key[order], lo[order], hi[order], sims[order], same[order]
    starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    ends = np.concatenate([starts[1:], [len(key)]])
    for a, b in zip(starts.tolist(), ends.tolist()):
        g, h = int(lo[a]), int(hi[a])
        common = [lang for lang in langs_of[g] if lang >= 0 and (h, lang) in per_lang]
        if common:
            sv, lv = sims[a:b][same[a:b]], edge_lang[a:b][same[a:b]]
            sim = min(float(sv[lv == lang].sum()) / (per_lang[(g, lang)] * per_lang[(h, lang)]) for lang in common)
        else:
            sim = float(sims[a:b].sum()) / (size[g] * size[h])
        if sim > 0:
            out_i.append(g)
            out_j.append(h)
            out_s.append(sim)
    return np.array(out_i, np.int64), np.array(out_j, np.int64), np.array(out_s)


def group_rows(x: sparse.csr_matrix, group: np.ndarray, n_groups: int) -> sparse.csr_matrix:
    """One L2-normalised row per group: the sum of its members' rows (what the look-alike
    split reads of a group: its copies are folded and its sides bisected on these)."""
    n = x.shape[0]
    c = sparse.csr_matrix((np.ones(n), (group, np.arange(n))), shape=(n_groups, n))
    g = sparse.csr_matrix(c @ x)
    g.sort_indices()
    norms = np.sqrt(np.asarray(g.multiply(g).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ g)


def group_terms(terms: Sequence[np.ndarray], group: np.ndarray, n_groups: int) -> list[np.ndarray]:
    """The distinct raw feature indices of each group's members."""
    parts: list[list[np.ndarray]] = [[] for _ in range(n_groups)]
    for k, t in zip(group.tolist(), terms):
        parts[k].append(np.asarray(t))
    return [np.unique(np.concatenate(p)) if len(p) > 1 else p[0] for p in parts]


def group_days(days: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """The earliest known day of each group's members (NaN when none is dated)."""
    out = np.full(n_groups, np.inf)
    d = np.asarray(days, dtype=float)
    known = np.isfinite(d)
    np.minimum.at(out, group[known], d[known])
    out[~np.isfinite(out)] = np.nan
    return out
