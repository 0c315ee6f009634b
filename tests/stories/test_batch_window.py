"""Batch candidates per date window (stories.batch): the same pairs, the same stories as the
all-pairs product they replace, on the real ECB+ articles (topics 1-35), dated over a year
with some left undated, and with blocks, pair budgets and pruning made tiny so that every
path of the streaming code runs."""

from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from corroborate import config
from corroborate.evaluate._data import read_records
from corroborate.features.vectors import DocFreq, decode_arrays, encode, term_counts
from corroborate.model import Article
from corroborate.stories import batch
from corroborate.stories.vectors import count_arrays, idf_from, tfidf_matrix, weights_from

DATA = Path(__file__).resolve().parents[2] / "../shared/data/ecbplus/topics-1-35.jsonl"
SETTINGS = config.settings()
S = batch.story_settings(SETTINGS)

pytestmark = pytest.mark.skipif(not DATA.exists(), reason="shared ECB+ data not present")


def _reference_pairs(x, docfreq, days, s):
    """The former all-pairs candidate product (``top @ top.T``, window applied after it)."""
    cap = max(int(s["max_posting"]), 2)
    rare = x.copy()
    rare.data[docfreq.df[rare.indices] > cap] = 0.0
    rare.eliminate_zeros()
    k = int(s["top_terms"])
    data = rare.data.copy()
    for r in range(rare.shape[0]):
        a, b = rare.indptr[r], rare.indptr[r + 1]
        if b - a > k:
            d = data[a:b]
            d[d < np.partition(d, b - a - k)[b - a - k]] = 0.0
    top = sparse.csr_matrix((data, rare.indices, rare.indptr), shape=rare.shape)
    top.eliminate_zeros()
    top.data[:] = 1.0
    shared = (top @ top.T).tocoo()
    keep = (shared.row < shared.col) & (shared.data >= int(s["min_shared"]))
    ri, ci = shared.row[keep].astype(np.int64), shared.col[keep].astype(np.int64)
    if len(days) and np.isfinite(days).any() and s["window_days"] > 0:
        ok = ~(np.abs(days[ri] - days[ci]) > s["window_days"])
        ri, ci = ri[ok], ci[ok]
    sims = batch._pair_cosines(x, ri, ci)
    keep = sims >= s["edge_floor"]
    ri, ci, sims = ri[keep], ci[keep], sims[keep]
    keep = batch.nearest_edges(x.shape[0], ri, ci, sims, int(s["neighbours"]))
    order = np.lexsort((ci[keep], ri[keep]))
    return ri[keep][order], ci[keep][order], sims[keep][order]


@pytest.fixture(scope="module")
def corpus():
    records = read_records(DATA)
    rng = np.random.default_rng(7)
    # a year of news: each event on its own day, its articles within a week; one in six undated
    event_day = {}
    published = []
    for r in records:
        day = event_day.setdefault(r["event"], int(rng.integers(0, 365)))
        d = np.datetime64("2024-01-01") + day + int(rng.integers(0, 7))
        published.append(None if rng.random() < 1 / 6 else str(d))
    articles = [Article(str(r["id"]), r["text"], (), title=r.get("title"), published=p) for r, p in zip(records, published)]
    counts = [term_counts(a) for a in articles]
    docfreq = DocFreq()
    for c in counts:
        docfreq.add(c)
    arrays = [count_arrays(c) for c in counts]
    x = tfidf_matrix(arrays, docfreq, weights_from(S), idf_from(S))
    return articles, counts, arrays, docfreq, x


@pytest.mark.parametrize("undated", ["some", "all", "none"])
def test_window_candidates_equal_the_all_pairs_product(corpus, monkeypatch, undated):
    articles, _, _, docfreq, x = corpus
    days = batch._days([a.published for a in articles])
    if undated == "all":
        days[:] = np.nan
    elif undated == "none":
        days[np.isnan(days)] = 0.0
    want = _reference_pairs(x, docfreq, days, S)
    assert len(want[0]) > 1000
    got = batch.similar_pairs(x, docfreq, days, S)
    for w, g in zip(want, got):
        assert np.array_equal(w, g)
    # tiny blocks, a budget that splits blocks down to one article, pruning after every block
    monkeypatch.setattr(batch, "_BLOCK_ROWS", 37)
    monkeypatch.setattr(batch, "_PAIR_BUDGET", 50)
    monkeypatch.setattr(batch, "_PRUNE_AT", 100)
    got = batch.similar_pairs(x, docfreq, days, S)
    for w, g in zip(want, got):
        assert np.array_equal(w, g)


def test_window_keeps_far_apart_articles_out(corpus):
    articles, _, _, docfreq, x = corpus
    days = batch._days([a.published for a in articles])
    ri, ci, _ = batch.similar_pairs(x, docfreq, days, S)
    gap = np.abs(days[ri] - days[ci])
    assert not (gap > S["window_days"]).any()  # NaN (undated) pairs are allowed
    assert np.isnan(gap).any()


def test_tfidf_blocks_equal_one_matrix(corpus, monkeypatch):
    _, _, arrays, docfreq, x = corpus
    monkeypatch.setattr(batch, "_BLOCK_ROWS", 101)
    y = batch._tfidf_blocks(arrays, docfreq, weights_from(S), idf_from(S))
    assert y.shape == x.shape
    assert np.array_equal(y.indptr, x.indptr)
    assert np.array_equal(y.indices, x.indices)
    assert np.array_equal(y.data, x.data)


def test_stored_blobs_group_as_dicts(corpus):
    articles, counts, _, _, _ = corpus
    ids = [a.id for a in articles]
    published = [a.published for a in articles]
    blobs = [decode_arrays(encode(c)) for c in counts]  # what the store holds, read without copying
    assert batch.cluster_counts(ids, blobs, published, SETTINGS) == batch.cluster_counts(ids, counts, published, SETTINGS)
