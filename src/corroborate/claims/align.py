"""Alignment: group the statements of a story's articles that state the same fact.

``pair_scores(statements)`` scores statement pairs of *different* articles:

    score = cos(content words + character trigrams, tf-idf over the story)
            + entity_weight * Jaccard(entity ids)      (both name someone)
            + number_weight * [they share a figure]    (same value, same noun)

The lexical part is ``features.similarity.sentence_vectors`` (numbers weigh
as one word there, so a disputed figure does not pull two tellings of one
fact apart); trigrams of folded words meet spelling and inflection variants
("captivated" / "captured", "Zelenski" / "Zelensky"). Optional sentence
embeddings (``embed``) are blended in when given.

``align(statements)`` clusters them: constrained average linkage over the
scored pairs, best first, where the mean score over all cross pairs of two
merging clusters stays at or above ``link_threshold`` (pairs not scored count
as 0; two statements of one article are never scored, so an article that
states a fact twice joins it only when the rest of the cluster agrees).
With ``same_article=False`` a cluster never holds two statements of one article.
Two clusters never merge when a statement of one disagrees with a statement
of the other on a slot (a figure, a day, a place, a speaker, polarity or
modality: ``claims.slots``): a sentence that gives another figure is never
support, it is the other side of a conflict.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np
from scipy import sparse

from ..features.similarity import sentence_vectors
from .extract import Statement
from .quantities import compatible
from .slots import disagreements

Embed = Callable[[Sequence[str]], np.ndarray]  # texts -> L2-normalised rows


def _vectors(statements: Sequence[Statement]) -> sparse.csr_matrix:
    return sentence_vectors([s.text for s in statements], word_weight=0.5, number_weight=1.0)


def _shared_figure(a: Statement, b: Statement) -> bool:
    return any(
        qa.noun is not None and qa.noun == qb.noun and qa.exact and qb.exact and compatible(qa, qb)
        for qa in a.quantities
        for qb in b.quantities
    )


def pair_scores(
    statements: Sequence[Statement],
    *,
    floor: float = 0.2,  # defaults as in defaults.toml [claims]
    entity_weight: float = 0.15,
    number_weight: float = 0.1,
    embed: Embed | None = None,
    embed_weight: float = 0.5,
    block: int = 2000,
) -> dict[tuple[int, int], float]:
    """Scores of statement pairs (i < j, different articles) whose lexical cosine is at least ``floor``."""
    n = len(statements)
    if n < 2:
        return {}
    v = _vectors(statements)
    emb = embed([s.text for s in statements]) if embed is not None else None
    ids = {a: k for k, a in enumerate(dict.fromkeys(s.article_id for s in statements))}
    article = np.array([ids[s.article_id] for s in statements])
    out: dict[tuple[int, int], float] = {}
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        sims = (v[lo:hi] @ v.T).toarray()
        if emb is not None:
            sims = (1 - embed_weight) * sims + embed_weight * (emb[lo:hi] @ emb.T)
        rows, cols = np.nonzero(sims >= floor)
        for r, c in zip(rows.tolist(), cols.tolist()):
            i = lo + r
            if c <= i or article[i] == article[c]:
                continue
            a, b = statements[i], statements[c]
            score = float(sims[r, c])
            if a.entity_ids and b.entity_ids:
                score += entity_weight * len(a.entity_ids & b.entity_ids) / len(a.entity_ids | b.entity_ids)
            if number_weight and _shared_figure(a, b):
                score += number_weight
            out[(i, c)] = score
    return out


def align(
    statements: Sequence[Statement],
    *,
    threshold: float = 0.4,
    link_threshold: float = 0.3,
    scores: dict[tuple[int, int], float] | None = None,
    same_article: bool = True,
    separate: Callable[[int, int], bool] | None = None,
    blocked: set[tuple[int, int]] | None = None,
    limits: Mapping[str, float] | None = None,
    **score_settings: float,
) -> list[list[int]]:
    """Clusters of statement indices (each sorted; singletons included), largest first.

    ``separate(i, j)`` (default: ``claims.slots`` finds a disagreement between
    the two statements, reading ``limits``, the ``[claims]`` settings) is a cannot-link: two clusters never merge while any
    pair across them is separate, so a claim's members agree on every slot.
    ``blocked``, when given, collects those pairs (i < j) of merges that met
    both thresholds and were refused only for a disagreement: sentences that
    state one fact but for a slot, the candidates for a conflict.
    """
    if separate is None:
        seen: dict[tuple[int, int], bool] = {}

        def separate(i: int, j: int) -> bool:
            key = (i, j) if i < j else (j, i)
            if key not in seen:
                seen[key] = bool(disagreements(statements[i], statements[j], limits or {}))
            return seen[key]
    if scores is None:
        scores = pair_scores(statements, **score_settings)
    n = len(statements)
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    articles: dict[int, set[str]] = {i: {statements[i].article_id} for i in range(n)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (i, j), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < threshold:
            break
        a, b = find(i), find(j)
        if a == b or (not same_article and articles[a] & articles[b]):
            continue
        ma, mb = members[a], members[b]
        if len(ma) > 1 or len(mb) > 1:
            total = sum(scores.get((min(x, y), max(x, y)), 0.0) for x in ma for y in mb)
            if total / (len(ma) * len(mb)) < link_threshold:
                continue
        apart = [(min(x, y), max(x, y)) for x in ma for y in mb if separate(x, y)]
        if apart:
            if blocked is not None:
                blocked.update(apart)
            continue
        if len(ma) < len(mb):
            a, b = b, a
        parent[b] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
    clusters = [sorted(m) for m in members.values()]
    clusters.sort(key=lambda c: (-len(c), c[0]))
    return clusters
