import numpy as np

from corroborate import config
from corroborate.features.vectors import WORD, DocFreq, feature, kind_weights, term_counts
from corroborate.model import Article
from corroborate.stories.vectors import count_arrays, idf_from, tfidf_matrix


def _docfreq(texts):
    counts = [term_counts(Article(f"d{i}", t, ())) for i, t in enumerate(texts)]
    df = DocFreq()
    for c in counts:
        df.add(c)
    return df, counts


TEXTS = ["storm storm hits coast", "storm hits town", "storm hits city", "flood hits valley"]


def test_idf_shape_classic_and_floor():
    df, _ = _docfreq(TEXTS)
    idx = np.array([feature(WORD, w) for w in ("coast", "storm", "hits")])
    n, d = df.n_docs, df.df[idx].astype(float)
    # (1, 1, 0): the classic smoothed idf
    assert np.allclose(df.idf(idx, (1.0, 1.0, 0.0)), np.log((n + 1) / (d + 1)) + 1)
    # prior 7, no offset: a word in every document falls to the floor, rarer words stay above it
    w = df.idf(idx, (7.0, 0.0, 1.0))
    assert w[2] == 1.0 and w[0] > w[1] > 1.0


def test_idf_shape_comes_from_the_settings():
    df, counts = _docfreq(TEXTS)
    s = config.settings()["features"]
    assert idf_from(s) == (s["idf_prior"], s["idf_offset"], s["idf_floor"])
    x_default = tfidf_matrix([count_arrays(c) for c in counts], df, kind_weights(1, 1, 1, 1, 1), idf_from(s))
    x_sharp = tfidf_matrix([count_arrays(c) for c in counts], df, kind_weights(1, 1, 1, 1, 1), (7.0, 0.0, 1.0))
    assert (x_default != x_sharp).nnz > 0
    rows = np.sqrt(np.asarray(x_default.multiply(x_default).sum(axis=1)).ravel())
    assert np.allclose(rows, 1.0)
