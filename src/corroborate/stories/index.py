"""Incremental story grouping: assign new articles to existing stories or open new ones.

Reads persisted state (a ``DocFreq`` and, per stored article, its id, story key
and raw term counts) and new ``Article`` records; returns a story key per new
article. A new article joins the story whose average similarity to it (over
the article's ``neighbours`` most similar stored articles, the others counting
0, as in the batch linkage) is at least ``threshold``, or opens a story keyed by
its own id; then the stories it touched are re-linked (``local_recluster_max``).

Vectors of stored articles are re-weighted whenever the number of documents has
grown by 25% since they were computed, so idf stays sound while the cost per
article stays flat. While the store is small (``relink_max``) every story is
then re-linked with the batch rule too: assignments made with the idf of a
handful of articles are not kept for good. Moved articles show up in ``changes``.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any, Iterable, Iterator, Mapping

import numpy as np
from scipy import sparse

from ..features.vectors import DIM, Counts, DocFreq, term_counts, tfidf
from ..model import Article
from .batch import nearest_edges, similar_pairs, story_settings
from .linkage import average_linkage
from .split import split_lookalikes
from .vectors import count_arrays, idf_from, weights_from


class StoryIndex:
    """Stories of a store, kept in memory, that grow one article at a time."""

    def __init__(
        self,
        settings: Mapping[str, Mapping[str, Any]],
        docfreq: DocFreq | None = None,
        stored: Iterable[tuple[str, str, Counts]] = (),
        published: dict[str, str | None] | None = None,
    ):
        """``settings``: ``config.settings()`` (reads ``[features]`` and ``[stories]``).
        ``stored``: (article_id, story_key, counts) already in the store, whose
        counts are already counted in ``docfreq`` (built from them when None)."""
        self.settings = story_settings(settings)
        self._weights = weights_from(self.settings)
        self._idf = idf_from(self.settings)
        self._ids: list[str] = []
        self._story: list[str] = []
        self._raw: list[tuple[np.ndarray, np.ndarray]] = []
        self._vec: list[tuple[np.ndarray, np.ndarray]] = []
        self._day: list[float] = []
        self._members: dict[str, list[int]] = {}
        self._postings: dict[int, deque[int]] = {}
        self._changes: dict[str, str] = {}
        self._scratch = np.zeros(DIM)
        build_df = docfreq is None
        self.docfreq = docfreq if docfreq is not None else DocFreq()
        published = published or {}
        for article_id, story, counts in stored:
            if build_df:
                self.docfreq.add(counts)
            self._append(article_id, story, count_arrays(counts), published.get(article_id), index=False)
        self._refresh()

    # ---- public ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, article: Article) -> str:
        """Story key of ``article`` (an existing story's, or its own id for a new story)."""
        return self.add_counts(article.id, term_counts(article), article.published)

    def add_counts(self, article_id: str, counts: Counts, published: str | None = None) -> str:
        self.docfreq.add(counts)
        if self.docfreq.n_docs >= _REFRESH_GROWTH * self._refreshed_at:
            self._refresh()
            if 0 < len(self._ids) <= self.settings["relink_max"]:
                self._relink_all()
        raw = count_arrays(counts)
        vec = tfidf(raw[0], raw[1], self.docfreq, self._weights, self._idf)
        best, touched = self._best_story(vec, day_number(published))
        story = best or article_id
        self._append(article_id, story, raw, published, vec=vec)
        self._changes[article_id] = story
        if touched and self.settings["local_recluster_max"] > 0:
            self._recluster(touched | {story})
        return self._story[-1]

    def story_of(self, article_id: str) -> str:
        return self._story[self._ids.index(article_id)]

    def stories(self) -> dict[str, list[str]]:
        """Story key -> article ids (in the order they were added)."""
        return {k: [self._ids[i] for i in m] for k, m in self._members.items()}

    def changes(self) -> dict[str, str]:
        """Assignments (article id -> story key) made by ``add`` since the last ``drain``."""
        return dict(self._changes)

    def drain(self) -> Iterator[tuple[str, str]]:
        """Yield and forget the new assignments."""
        items, self._changes = list(self._changes.items()), {}
        yield from items

    # ---- internals ------------------------------------------------------------

    def _append(self, article_id, story, raw, published, *, vec=None, index=True) -> None:
        pos = len(self._ids)
        self._ids.append(article_id)
        self._story.append(story)
        self._raw.append(raw)
        self._day.append(day_number(published))
        self._members.setdefault(story, []).append(pos)
        self._vec.append(vec if vec is not None else (raw[0][:0], raw[1][:0]))
        if index:
            self._index(pos)

    def _refresh(self) -> None:
        """Re-weight every stored vector with the current idf and rebuild the term index."""
        self._refreshed_at = max(self.docfreq.n_docs, 1)
        self._postings = {}
        for pos, (idx, val) in enumerate(self._raw):
            self._vec[pos] = tfidf(idx, val, self.docfreq, self._weights, self._idf)
            self._index(pos)

    def _top(self, vec: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        return _top(vec, self.docfreq, self.settings)

    def _index(self, pos: int) -> None:
        cap = int(self.settings["max_posting"])
        for f in self._top(self._vec[pos]).tolist():
            posting = self._postings.get(f)
            if posting is None:
                posting = self._postings[f] = deque(maxlen=cap)
            posting.append(pos)

    def _best_story(self, vec: tuple[np.ndarray, np.ndarray], day: float) -> str | None:
        s = self.settings
        cand: set[int] = set()
        for f in self._top(vec).tolist():
            posting = self._postings.get(f)
            if posting:
                cand.update(posting)
        if not cand:
            return None, set()
        window = s["window_days"]
        if window > 0 and day == day:
            cand = {j for j in cand if not abs(self._day[j] - day) > window}
        cands = sorted(cand)
        idx, val = vec
        w = self._scratch
        w[idx] = val
        sims = np.array([float(self._vec[j][1] @ w[self._vec[j][0]]) for j in cands])
        w[idx] = 0.0
        keep = sims >= s["edge_floor"]
        cands_arr, sims = np.array(cands)[keep], sims[keep]
        k = int(s["neighbours"])
        if k > 0 and len(sims) > k:
            order = np.lexsort((cands_arr, -sims))[:k]
            cands_arr, sims = cands_arr[order], sims[order]
        score: dict[str, float] = {}
        for j, sim in zip(cands_arr.tolist(), sims.tolist()):
            st = self._story[j]
            score[st] = score.get(st, 0.0) + sim
        best, best_avg = None, s["threshold"]
        for st, total in sorted(score.items()):
            avg = total / len(self._members[st])
            if avg >= best_avg:
                best, best_avg = st, avg
        return best, set(score)

    def _relink_all(self) -> None:
        """Re-run the batch grouping on every stored article (idf has just been refreshed).

        A small store's idf is a poor estimate, so early assignments are
        re-linked each time it is refreshed (every 25% of growth: amortised
        O(1) batch runs per article) while the store holds at most
        ``relink_max`` articles. Keys and ``changes`` follow ``_relabel``.
        """
        n = len(self._ids)
        x = _rows(self._vec)
        ri, ci, sims = similar_pairs(x, self.docfreq, np.array(self._day, dtype=float), self.settings)
        labels = average_linkage(n, ri, ci, sims, self.settings["threshold"])
        labels = split_lookalikes(labels, x, [idx for idx, _ in self._raw], self.settings)
        self._relabel(list(range(n)), labels, set(self._members))

    def _recluster(self, stories: set[str]) -> None:
        """Re-run the batch linkage on the stories the new article touched (only them).

        Stories may merge or split here; the reassigned articles show up in
        ``changes``. Skipped when those stories hold more than
        ``local_recluster_max`` articles, so the cost per article stays bounded.
        """
        s = self.settings
        nodes = sorted(p for st in stories for p in self._members[st])
        if len(nodes) < 2 or len(nodes) > s["local_recluster_max"]:
            return
        x = _rows([self._vec[p] for p in nodes])
        sim = (x @ x.T).tocoo()
        keep = sim.row < sim.col
        ri, ci, sv = sim.row[keep].astype(np.int64), sim.col[keep].astype(np.int64), sim.data[keep]
        keep = sv >= s["edge_floor"]
        ri, ci, sv = ri[keep], ci[keep], sv[keep]
        keep = nearest_edges(len(nodes), ri, ci, sv, int(s["neighbours"]))
        labels = average_linkage(len(nodes), ri[keep], ci[keep], sv[keep], s["threshold"])
        labels = split_lookalikes(labels, x, [self._raw[p][0] for p in nodes], s)
        self._relabel(nodes, labels, stories)

    def _relabel(self, nodes: list[int], labels: list[int], stories: set[str]) -> None:
        """Replace ``stories`` (made of ``nodes``) by the clusters ``labels`` of those nodes."""
        clusters: dict[int, list[int]] = {}
        for p, lab in zip(nodes, labels):
            clusters.setdefault(lab, []).append(p)
        # each new cluster keeps the key of the old story it shares most articles with
        overlap = []
        for lab, members in clusters.items():
            tally: dict[str, int] = {}
            for p in members:
                tally[self._story[p]] = tally.get(self._story[p], 0) + 1
            for st, c in tally.items():
                overlap.append((-c, st, lab))
        overlap.sort()
        key_of: dict[int, str] = {}
        used: set[str] = set()
        for _, st, lab in overlap:
            if lab not in key_of and st not in used:
                key_of[lab] = st
                used.add(st)
        # a cluster with no old story left is keyed by its first article id not already a key
        taken = used | (set(self._members) - stories)
        for lab, members in sorted(clusters.items(), key=lambda kv: min(kv[1])):
            key = key_of.get(lab)
            if key is None:
                key = next((self._ids[p] for p in sorted(members) if self._ids[p] not in taken), None)
                if key is None:
                    key = self._ids[min(members)] + "'"
                    while key in taken:
                        key += "'"
                taken.add(key)
            for p in members:
                if self._story[p] != key:
                    self._story[p] = key
                    self._changes[self._ids[p]] = key
        for st in stories:
            self._members.pop(st, None)
        for lab, members in clusters.items():
            self._members.setdefault(self._story[members[0]], []).extend(members)


_REFRESH_GROWTH = 1.25  # re-weight stored vectors when the store grew by 25% (amortised O(1) per add)


def refreshes(n_stored: int, n_new: int) -> bool:
    """Whether adding ``n_new`` articles to an index of ``n_stored`` re-weights (and, while
    small, re-links) what is stored: then every stored article can change, not only the near ones."""
    return n_stored + n_new >= _REFRESH_GROWTH * max(n_stored, 1)


def index_terms(settings: Mapping[str, Any], docfreq: DocFreq, counts: Counts) -> np.ndarray:
    """The features an article with ``counts`` is indexed (and looked up) under in a
    ``StoryIndex`` whose frequencies are ``docfreq``: its ``top_terms`` highest-weighted
    features of document frequency at most ``max_posting``. ``settings``: ``story_settings``.

    A store keeps, per feature of document frequency at most ``max_posting``, every
    article holding it (``Store.posted``); an article's candidates are among the articles
    posted under these features, so the index of a large store need not be loaded whole.
    """
    idx, val = count_arrays(counts)
    vec = tfidf(idx, val, docfreq, weights_from(settings), idf_from(settings))
    return _top(vec, docfreq, settings)


def _top(vec: tuple[np.ndarray, np.ndarray], docfreq: DocFreq, settings: Mapping[str, Any]) -> np.ndarray:
    idx, val = vec
    rare = docfreq.df[idx] <= settings["max_posting"]
    idx, val = idx[rare], val[rare]
    k = int(settings["top_terms"])
    if len(idx) > k:
        idx = idx[np.argpartition(-val, k - 1)[:k]]
    return idx


def _rows(vecs: list[tuple[np.ndarray, np.ndarray]]) -> sparse.csr_matrix:
    indptr = np.zeros(len(vecs) + 1, dtype=np.int64)
    np.cumsum([len(i) for i, _ in vecs], out=indptr[1:])
    indices = np.concatenate([i for i, _ in vecs]) if vecs else np.zeros(0, np.int64)
    data = np.concatenate([v for _, v in vecs]) if vecs else np.zeros(0)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(vecs), DIM))


def day_number(published: str | None) -> float:
    if published:
        try:
            return float(date.fromisoformat(published[:10]).toordinal())
        except ValueError:
            pass
    return float("nan")
