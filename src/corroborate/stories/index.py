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

Across languages (``crosslingual.py``): an article of known language is also looked
up under its ``crosslingual_top_terms`` terms that survive translation; when it and
a stored article of another language are each other's best match in their
language (at least ``crosslingual_threshold``), the pair is kept as a cross-language
link, the new article goes to its partner's story, and every re-link (local or
whole) treats linked articles as one node (``crosslingual.contract``), as the batch
does; a whole re-link recomputes the links with the batch rule. Nothing of this is
built until the index holds two languages. The mutual-best test sees the articles of
this index only: in a store read near the new articles (``pipeline._near_stored``) a
better match elsewhere in the store is not seen.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any, Iterable, Iterator, Mapping

import numpy as np
from scipy import sparse

from ..features.vectors import DIM, Counts, DocFreq, term_counts, tfidf
from ..model import Article
from . import crosslingual
from .batch import link, nearest_edges, similar_pairs, story_settings
from .linkage import average_linkage
from .split import split_lookalikes
from .vectors import count_arrays, idf_from, story_tfidf, unknown_language_docs, weights_from


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
        self._lang: list[int] = []  # crosslingual.language_of each article (-1: unknown)
        self._xvec: list[tuple[np.ndarray, np.ndarray]] = []  # its XLING tf-idf
        self._xpostings: dict[int, deque[int]] = {}
        self._xlinks: dict[tuple[int, int], float] = {}  # cross-language partners (positions, i < j) -> cosine
        self._xof: dict[int, set[int]] = {}  # position -> its partners' positions (``_links_among`` reads these)
        self._xsettings = {**self.settings, "top_terms": int(self.settings["crosslingual_top_terms"])}
        self._xon = crosslingual.enabled(self.settings)
        self._xready = False  # the cross-language index is built once two languages are known
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
        elif self._xon and not self._xready and crosslingual.multilingual(self.docfreq):
            self._start_crosslingual()
        raw = count_arrays(counts)
        vec = story_tfidf(raw[0], raw[1], self.docfreq, self._weights, self._idf)
        best, touched = self._best_story(vec, day_number(published))
        self._append(article_id, best or article_id, raw, published, vec=vec)
        pos = len(self._ids) - 1
        partners = self._partners(pos)
        if partners:  # a translation goes with its original: one node from now on (crosslingual.contract)
            for j, _ in partners:
                # pos is now j's best match in pos's language: j's older partner of that language is
                # not (mutual best keeps one per language, as the batch's links do); it leaves the node
                for q in [q for q in self._xof.get(j, ()) if self._lang[q] == self._lang[pos]]:
                    del self._xlinks[(min(j, q), max(j, q))]
                    self._xof[j].discard(q)
                    self._xof[q].discard(j)
                    touched = touched | {self._story[q]}
            self._xlinks.update(((min(pos, j), max(pos, j)), sim) for j, sim in partners)
            for j, _ in partners:
                self._xof.setdefault(pos, set()).add(j)
                self._xof.setdefault(j, set()).add(pos)
            home = self._story[max(partners, key=lambda p: (p[1], -p[0]))[0]]
            self._move(pos, home)
            touched = touched | {self._story[j] for j, _ in partners}
        story = self._story[pos]
        self._changes[article_id] = story
        if touched and self.settings["local_recluster_max"] > 0:
            self._recluster(touched | {story})
        return self._story[-1]

    def _move(self, pos: int, story: str) -> None:
        """Put the article at ``pos`` (just appended, alone or in its first story) into ``story``."""
        old = self._story[pos]
        if old == story:
            return
        members = self._members[old]
        members.remove(pos)
        if not members:
            del self._members[old]
        self._story[pos] = story
        self._members.setdefault(story, []).append(pos)

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
        self._lang.append(crosslingual.language_of(raw[0]) if self._xon else -1)
        weigh = index and self._xready and self._lang[-1] >= 0
        self._xvec.append(self._xling(raw) if weigh else (raw[0][:0], raw[1][:0]))
        if index:
            self._index(pos)

    def _refresh(self) -> None:
        """Re-weight every stored vector with the current idf and rebuild the term index."""
        self._refreshed_at = max(self.docfreq.n_docs, 1)
        self._postings = {}
        self._xpostings = {}
        self._xready = self._xon and crosslingual.multilingual(self.docfreq)
        unknown = unknown_language_docs(self.docfreq)
        for pos, (idx, val) in enumerate(self._raw):
            self._vec[pos] = story_tfidf(idx, val, self.docfreq, self._weights, self._idf, unknown)
            if self._xready and self._lang[pos] >= 0:
                self._xvec[pos] = self._xling(self._raw[pos])
            self._index(pos)

    def _start_crosslingual(self) -> None:
        """A second language has arrived: weigh and index every article's cross-language terms.
        Until then nothing of this is kept (one-language stores pay nothing for it)."""
        self._xready = True
        for pos, raw in enumerate(self._raw):
            if self._lang[pos] >= 0:
                self._xvec[pos] = self._xling(raw)
                self._xindex(pos)

    def _top(self, vec: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        return _top(vec, self.docfreq, self.settings)

    def _index(self, pos: int) -> None:
        cap = int(self.settings["max_posting"])
        for f in self._top(self._vec[pos]).tolist():
            posting = self._postings.get(f)
            if posting is None:
                posting = self._postings[f] = deque(maxlen=cap)
            posting.append(pos)
        if self._xready and self._lang[pos] >= 0:
            self._xindex(pos)

    def _xindex(self, pos: int) -> None:
        cap = int(self.settings["max_posting"])
        for f in _top(self._xvec[pos], self.docfreq, self._xsettings).tolist():
            posting = self._xpostings.get(f)
            if posting is None:
                posting = self._xpostings[f] = deque(maxlen=cap)
            posting.append(pos)

    # ---- across languages ------------------------------------------------------

    def _xling(self, raw: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        idx, val = crosslingual.xling_arrays(raw)
        return tfidf(idx, val, self.docfreq, crosslingual._X_WEIGHTS, self._idf)

    def _best_in(self, pos: int, lang: int | None) -> dict[int, tuple[float, str, int]]:
        """Per language other than ``pos``'s (or only ``lang``): the best match of ``pos``
        in it, as (-cosine, article id, position), among the articles sharing one of its
        looked-up terms, in the date window, at least ``crosslingual_threshold``."""
        s = self.settings
        vec = self._xvec[pos]
        cand: set[int] = set()
        for f in _top(vec, self.docfreq, self._xsettings).tolist():
            posting = self._xpostings.get(f)
            if posting:
                cand.update(posting)
        own, day, window = self._lang[pos], self._day[pos], s["window_days"]
        best: dict[int, tuple[float, str, int]] = {}
        if not cand:
            return best
        w = self._scratch
        w[vec[0]] = vec[1]
        for j in cand:
            lj = self._lang[j]
            if lj < 0 or lj == own or (lang is not None and lj != lang):
                continue
            if window > 0 and day == day and abs(self._day[j] - day) > window:
                continue
            xj = self._xvec[j]
            sim = float(xj[1] @ w[xj[0]])
            if sim < s["crosslingual_threshold"]:
                continue
            key = (-sim, self._ids[j], j)
            if lj not in best or key < best[lj]:
                best[lj] = key
        w[vec[0]] = 0.0
        return best

    def _partners(self, pos: int) -> list[tuple[int, float]]:
        """(position, cosine) of the stored articles of other languages that ``pos`` and each
        is the other's best match."""
        if not self._xready or self._lang[pos] < 0:
            return []
        out = []
        for neg, _, j in self._best_in(pos, None).values():
            back = self._best_in(j, self._lang[pos]).get(self._lang[pos])
            if back is not None and back[2] == pos:
                out.append((j, -neg))
        return out

    def _links_among(self, nodes: Iterable[int]) -> list[tuple[int, int, float]]:
        """The kept cross-language links between ``nodes``, as (index in nodes, index, cosine)."""
        at = {p: k for k, p in enumerate(nodes)}
        # through each node's partners, not every link of the index: a re-link costs what its nodes hold
        pairs = sorted({(min(p, q), max(p, q)) for p in at for q in self._xof.get(p, ()) if q in at})
        return [(at[a], at[b], self._xlinks[(a, b)]) for a, b in pairs]


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
        days = np.array(self._day, dtype=float)
        partners = crosslingual.partners(self._raw, self.docfreq, days, self.settings) if self._xready else []
        self._xlinks = {(i, j): sim for i, j, sim in partners}
        self._xof = {}
        for i, j, _ in partners:
            self._xof.setdefault(i, set()).add(j)
            self._xof.setdefault(j, set()).add(i)
        langs = np.array(self._lang, dtype=np.int64)
        labels = link(x, [idx for idx, _ in self._raw], days, self.docfreq, partners, langs, self.settings)
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
        terms = [self._raw[p][0] for p in nodes]
        sim = (x @ x.T).tocoo()
        keep = sim.row < sim.col
        ri, ci, sv = sim.row[keep].astype(np.int64), sim.col[keep].astype(np.int64), sim.data[keep]
        keep = sv >= s["edge_floor"]
        ri, ci, sv = ri[keep], ci[keep], sv[keep]
        keep = nearest_edges(len(nodes), ri, ci, sv, int(s["neighbours"]))
        ri, ci, sv = ri[keep], ci[keep], sv[keep]
        links = self._links_among(nodes)
        if links:  # translation groups are one node (crosslingual.contract), as in the batch
            langs = np.array([self._lang[p] for p in nodes], dtype=np.int64)
            group, n_groups = crosslingual.contract(len(nodes), links, langs)
            ri, ci, sv = crosslingual.group_edges(ri, ci, sv, group, n_groups, langs)
            keep = nearest_edges(n_groups, ri, ci, sv, int(s["neighbours"]))
            ri, ci, sv = ri[keep], ci[keep], sv[keep]
            x = crosslingual.group_rows(x, group, n_groups)
            terms = crosslingual.group_terms(terms, group, n_groups)
        else:
            group, n_groups = np.arange(len(nodes)), len(nodes)
        labels = average_linkage(n_groups, ri, ci, sv, s["threshold"])
        labels = split_lookalikes(labels, x, terms, s)
        self._relabel(nodes, [labels[k] for k in group.tolist()], stories)

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


def index_terms(
    settings: Mapping[str, Any], docfreq: DocFreq, counts: Counts, crosslingual_terms: bool | None = None
) -> np.ndarray:
    """The features an article with ``counts`` is indexed (and looked up) under in a
    ``StoryIndex`` whose frequencies are ``docfreq``: its ``top_terms`` highest-weighted
    features of document frequency at most ``max_posting``, and, for an article of known
    language, its ``crosslingual_top_terms`` terms that survive translation (looked up for
    partners in other languages) when ``crosslingual_terms`` says so (None: when ``docfreq``
    counts articles of two languages or more, as the index does). ``settings``: ``story_settings``.

    A store keeps, per feature of document frequency at most ``max_posting``, every
    article holding it (``Store.posted``); an article's candidates are among the articles
    posted under these features, so the index of a large store need not be loaded whole.
    """
    idx, val = count_arrays(counts)
    vec = story_tfidf(idx, val, docfreq, weights_from(settings), idf_from(settings))
    top = _top(vec, docfreq, settings)
    if crosslingual_terms is None:
        crosslingual_terms = crosslingual.enabled(settings) and crosslingual.multilingual(docfreq)
    if crosslingual_terms and crosslingual.language_of(idx) >= 0:
        xi, xv = crosslingual.xling_arrays((idx, val))
        xvec = tfidf(xi, xv, docfreq, crosslingual._X_WEIGHTS, idf_from(settings))
        xtop = _top(xvec, docfreq, {**settings, "top_terms": int(settings["crosslingual_top_terms"])})
        top = np.concatenate([top, xtop])
    return top


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
