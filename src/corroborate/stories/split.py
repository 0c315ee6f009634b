"""Split a story that holds two look-alike events.

Reads story labels from the linkage, the articles' L2-normalised tf-idf rows
and their raw feature indices; returns labels where a story found to hold two
events is cut in two (recursively, so three merged events come apart too).

Average linkage merges two events when their articles share a lot of topic
vocabulary ("North Korea", "Kim Jong-un", "nuclear"): independent reports of
the secret Pompeo-Kim meeting and of the test moratorium a few days later are
as similar as two reports of one event. What tells them apart is not how
similar the halves are but what each half shares that the other lacks:

1. Near-copies (tf-idf cosine >= ``split_copy_similarity``) are folded into
   one *source*: three syndicated copies share every word and would otherwise
   look like a tight sub-event of their own.
2. The sources are bisected at the top of their average-linkage dendrogram.
   Both sides must hold at least ``split_min_sources`` sources.
3. A side's *core* is the words, names and phrases found in at least
   ``split_share`` of its sources and at most ``split_other_share`` of the
   other side's. Two events have two large cores; one event told with
   different emphases has one core shared by all, plus scattered detail.
4. The split holds when both cores have at least ``split_min_terms`` terms and
   at least ``split_chance_ratio`` times the number expected if the same
   sources were divided at random into sides of the same sizes (hypergeometric,
   term by term, from each term's frequency in the story). The count guards
   short articles, whose expected core is near zero; the ratio guards long
   ones, where a few shared background words reach a small side by chance.

Cost: O(n^2) in the n articles of one story (and again for each part, when a
story splits), for stories of at least ``2 * split_min_sources`` and at most
``split_max`` articles; most stories are smaller than that.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import numpy as np
from scipy import sparse

from ..features.vectors import NAME, PHRASE, WORD, kind_of

_CORE_KINDS = (WORD, NAME, PHRASE)  # numbers and title words say less about which event


def split_lookalikes(
    labels: Sequence[int], x: sparse.csr_matrix, terms: Sequence[np.ndarray], s: Mapping[str, Any]
) -> list[int]:
    """``labels`` with each story that holds two events split (its parts after the first get new labels)."""
    out = list(labels)
    low, high = 2 * int(s["split_min_sources"]), int(s["split_max"])
    if low <= 0:
        return out
    fresh = max(out, default=0)
    stories: dict[int, list[int]] = {}
    for row, lab in enumerate(labels):
        stories.setdefault(lab, []).append(row)
    for members in stories.values():
        if not low <= len(members) <= high:
            continue
        for part in split_story(members, x, terms, s)[1:]:
            fresh += 1
            for row in part:
                out[row] = fresh
    return out


def split_story(
    members: list[int], x: sparse.csr_matrix, terms: Sequence[np.ndarray], s: Mapping[str, Any]
) -> list[list[int]]:
    """``members`` (rows of ``x`` and ``terms``) as one part, or as the parts of the events it holds."""
    min_side = max(1, int(s["split_min_sources"]))
    if len(members) < 2 * min_side:
        return [members]
    sim = story_cosines(x[members])
    sources = fold_copies(sim, float(s["split_copy_similarity"]))
    if len(sources) < 2 * min_side:
        return [members]
    sides = _bisect(sim, sources)
    if min(len(sides[0]), len(sides[1])) < min_side:
        return [members]
    present = [source_terms([members[k] for k in src], terms) for src in sources]
    if not two_events(side_cores(present, sides, s), s):
        return [members]
    parts = []
    for side in sides:
        rows = sorted(members[k] for src in side for k in sources[src])
        parts.extend(split_story(rows, x, terms, s))
    return parts


def story_cosines(rows: sparse.csr_matrix) -> np.ndarray:
    """Dense cosine matrix of L2-normalised rows, over their own columns only (the
    hashing space has 2M columns, which a transpose would allocate per story)."""
    cols, compact = np.unique(rows.indices, return_inverse=True)
    small = sparse.csr_matrix((rows.data, compact.ravel(), rows.indptr), shape=(rows.shape[0], len(cols)))
    return (small @ small.T).toarray()


def fold_copies(sim: np.ndarray, copy_similarity: float) -> list[list[int]]:
    """Sources: groups of near-copies (connected at ``copy_similarity`` in ``sim``), as indices into it."""
    from scipy.sparse.csgraph import connected_components

    n, comp = connected_components(sparse.csr_matrix(sim >= copy_similarity), directed=False)
    groups: list[list[int]] = [[] for _ in range(n)]
    for k, c in enumerate(comp.tolist()):
        groups[c].append(k)
    return groups


def _bisect(sim: np.ndarray, sources: list[list[int]]) -> tuple[list[int], list[int]]:
    """The two sides (source indices) of the top split of the sources' average-linkage tree."""
    from scipy.cluster.hierarchy import linkage, to_tree
    from scipy.spatial.distance import squareform

    rows = np.repeat(np.arange(len(sources)), [len(ks) for ks in sources])
    cols = np.concatenate([np.asarray(ks) for ks in sources])
    weights = np.repeat([1.0 / len(ks) for ks in sources], [len(ks) for ks in sources])
    m = sparse.csr_matrix((weights, (rows, cols)), shape=(len(sources), sim.shape[0]))
    mean = np.asarray((m @ (m @ sim).T).T)  # mean article cosine between two sources, O(n^2)
    dist = np.clip(1.0 - mean, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    root = to_tree(linkage(squareform(dist, checks=False), "average"))
    return root.get_left().pre_order(), root.get_right().pre_order()


def source_terms(rows: list[int], terms: Sequence[np.ndarray]) -> np.ndarray:
    """The words, names and phrases found in any of ``rows`` (one source)."""
    idx = np.unique(np.concatenate([terms[r] for r in rows]))
    return idx[np.isin(kind_of(idx), _CORE_KINDS)]


def side_cores(
    present: Sequence[np.ndarray], sides: tuple[Sequence[int], Sequence[int]], s: Mapping[str, Any]
) -> list[tuple[int, float]]:
    """Per side: (terms in its core, terms expected in it if the sources were divided at random).

    ``present``: each source's terms; ``sides``: source indices of the two sides.
    """
    counts = []
    for side in sides:
        idx, n = np.unique(np.concatenate([present[g] for g in side]), return_counts=True)
        counts.append(dict(zip(idx.tolist(), n.tolist())))
    share, other = float(s["split_share"]), float(s["split_other_share"])
    total: dict[int, int] = dict(counts[0])
    for t, n in counts[1].items():
        total[t] = total.get(t, 0) + n
    freq = np.bincount(np.fromiter(total.values(), dtype=np.int64, count=len(total)))
    n_all = len(sides[0]) + len(sides[1])
    out = []
    for a in (0, 1):
        mine, theirs = counts[a], counts[1 - a]
        n_mine, n_theirs = len(sides[a]), len(sides[1 - a])
        need = math.ceil(share * n_mine - 1e-9)
        allowed = math.floor(other * n_theirs + 1e-9)
        core = sum(1 for t, n in mine.items() if n >= need and theirs.get(t, 0) <= allowed)
        chance = sum(
            int(f) * _at_least(n_all, d, n_mine, max(need, d - allowed))
            for d, f in enumerate(freq.tolist())
            if f
        )
        out.append((core, chance))
    return out


def two_events(cores: Sequence[tuple[int, float]], s: Mapping[str, Any]) -> bool:
    """Whether every side's core (``side_cores``) is large and well above chance."""
    floor = max(1, int(s["split_min_terms"]))
    return all(core >= floor and core >= s["split_chance_ratio"] * chance for core, chance in cores)


def _at_least(population: int, successes: int, draws: int, k: int) -> float:
    """P(X >= k) for X ~ Hypergeometric(population, successes, draws)."""
    top = min(successes, draws)
    if k > top:
        return 0.0
    k = max(k, 0, draws - (population - successes))
    log_total = _log_comb(population, draws)
    return sum(
        math.exp(_log_comb(successes, i) + _log_comb(population - successes, draws - i) - log_total)
        for i in range(k, top + 1)
    )


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
