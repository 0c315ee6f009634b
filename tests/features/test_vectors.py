import subprocess
import sys

import numpy as np

from corroborate.features.vectors import (
    NAME, NUMBER, PHRASE, TITLE, WORD, DocFreq, decode, encode, feature, kind_weights, term_counts, tfidf,
)
from corroborate.model import Article


def _art(text, title=None, id="a"):
    return Article(id=id, text=text, sentences=(), title=title)


def test_kinds_of_terms():
    c = term_counts(_art("Rescuers said the Arctic Bay quake killed 12 people. Officials in Arctic Bay met.", title="Quake"))
    assert c[feature(PHRASE, "arctic bay")] == 2
    assert c[feature(NAME, "arctic")] == 2
    assert c[feature(NUMBER, "12")] == 1
    assert c[feature(WORD, "quake")] == 2  # title and text
    assert c[feature(TITLE, "quake")] == 1
    assert feature(NAME, "rescuers") not in c  # sentence-initial capital is not a name
    assert feature(WORD, "the") not in c


def test_feature_hash_is_stable_across_processes():
    code = "from corroborate.features.vectors import feature, NAME; print(feature(NAME, 'kim jong-un'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert int(out) == feature(NAME, "kim jong-un")


def test_encode_decode_round_trip():
    c = term_counts(_art("Tara Reid entered Promises on Tuesday, her rep said. Reid is 33."))
    blob = encode(c)
    assert decode(blob) == c
    assert len(blob) == 4 + 8 * len(c)
    assert decode(encode({})) == {}


def test_docfreq_merge_and_rows():
    a, b = DocFreq(), DocFreq()
    ca = term_counts(_art("Quake hits Arctic Bay"))
    cb = term_counts(_art("Quake hits Nome"))
    a.add(ca)
    b.add(cb)
    m = a.merge(b)
    both = DocFreq()
    both.add(ca)
    both.add(cb)
    assert m == both
    assert m.n_docs == 2
    assert m.df[feature(WORD, "quake")] == 2
    assert DocFreq.from_rows(m.n_docs, m.rows()) == m


def test_tfidf_is_unit_length_and_rare_terms_weigh_more():
    df = DocFreq()
    docs = [term_counts(_art(t)) for t in ["storm storm hits coast", "storm hits town", "storm hits city"]]
    for d in docs:
        df.add(d)
    idx, val = tfidf(np.array(list(docs[0])), np.array(list(docs[0].values())), df, kind_weights(1, 1, 1, 1, 1), (1.0, 1.0, 0.0))
    assert abs(np.linalg.norm(val) - 1) < 1e-9
    w = dict(zip(idx.tolist(), val.tolist()))
    assert w[feature(WORD, "coast")] > w[feature(WORD, "hits")]
