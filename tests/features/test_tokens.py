"""The vectorised tokenisation (features.tokens) against the regex it replaces, and the
vectorised story features against a token-by-token reading of the same rules."""

import re
import zlib

import numpy as np
import pytest

from corroborate.features import similarity, tokens
from corroborate.features.text import STOPWORDS, _WORD, fold
from corroborate.features.vectors import (
    HASH_BITS, NAME, NUMBER, PHRASE, TITLE, WORD, _NOT_NAMES, feature, term_counts, term_counts_many,
)
from corroborate.model import Article, Sentence

TEXTS = [
    "",
    "...",
    "Hello",
    "The Big Apple. New York City Hall said. NEW York",
    "A\nB C D.\nÉlan Vital Über Straße 3,5 11,000 U.S. Army it's don’t a--b a.-b x_y _z",
    "Kim Jong-un met Moon Jae-in in Panmunjom on Friday; “We agree,” Kim said. Moon: yes.",
    "Zelenskyy (ZELENSKYY) and chargé d'affaires — talks in Kyiv/Kiev. 40.000 people, 3.5%.",
    "Emoji 🎉 Party 🎉 time, 𝐁𝐨𝐥𝐝 letters and 𝟏𝟐𝟑 digits. Ünïcödé Ωmega σigma ΣIGMA.",
    "日本語のテキスト。東京 Tokyo 2020年 and עברית text, عربى نص, हिन्दी पाठ।",
    "Trailing joiners: end. end, end- end' 'quoted' \"Double\" (Paren) [Bracket] | Pipe",
    "Mr. Smith met Dr. Jones at 5 p.m. in St. Louis. The U.S. Army said so.",
    "x" * 60 + " " + "y" * 49 + " " + "Z" * 48 + " " + "a.b" * 30,
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ and soft\u00adhyphen and nbsp\u00a0space\u2028sep",
]


def test_tokens_are_the_regex_tokens():
    for text in TEXTS:
        sp = tokens.split(text)
        got = [text[s:e] for s, e in zip(sp.starts.tolist(), sp.ends.tolist())]
        assert got == _WORD.findall(text), text
        assert [tokens.SURFACES.strings[i] for i in sp.ids.tolist()] == got


def test_word_class_is_the_regex_word_class_for_every_bmp_character():
    chars = "".join(map(chr, range(0x10000)))
    word = re.compile(r"[^\W_]")
    expected = np.zeros(0x10000, dtype=bool)
    expected[[m.start() for m in word.finditer(chars)]] = True
    assert np.array_equal((tokens._CLASS & tokens.WORD).astype(bool), expected)


def test_split_many_names_each_token_with_its_text():
    sp, offsets, text_of = tokens.split_many(TEXTS)
    for k, text in enumerate(TEXTS):
        mine = np.flatnonzero(text_of == k)
        got = [text[s - offsets[k] : e - offsets[k]] for s, e in zip(sp.starts[mine].tolist(), sp.ends[mine].tolist())]
        assert got == _WORD.findall(text)


def test_a_vocabulary_reset_between_texts_changes_nothing():
    before = [term_counts(Article(str(k), t, (), title=t or None)) for k, t in enumerate(TEXTS)]
    limit = tokens.SURFACES.limit
    tokens.SURFACES.limit = 5  # reset before almost every text
    try:
        after = [term_counts(Article(str(k), t, (), title=t or None)) for k, t in enumerate(TEXTS)]
    finally:
        tokens.SURFACES.limit = limit
    assert [list(c.items()) for c in after] == [list(c.items()) for c in before]


# -- the story features: the rules read token by token (the former implementation) --------
_SENTENCE_END = frozenset(".!?:;\n\"“”'‘’—–-|()[]")
_SPLIT = re.compile(f"({_WORD.pattern})")


def _reference_body(text, counts):
    def add(idx):
        counts[idx] = counts.get(idx, 0) + 1

    parts = _SPLIT.split(text)
    toks, mid_caps = [], set()
    for k in range(1, len(parts), 2):
        surface = parts[k]
        f = fold(surface)
        if any(c.isdigit() for c in f):
            term = feature(NUMBER, f.replace(",", ""))
        elif len(f) > 1 and f not in STOPWORDS:
            term = feature(WORD, f)
        else:
            term = -1
        cap = surface[0].isupper() and f not in _NOT_NAMES
        name = feature(NAME, f) if cap and len(f) > 1 else -1
        st = k == 1 or any(c in _SENTENCE_END for c in parts[k - 1])
        if not st and cap:
            mid_caps.add(f)
        toks.append((f, term, name, st))
    run = []

    def flush():
        if len(run) >= 2:
            add(feature(PHRASE, " ".join(run)))
        run.clear()

    for f, term, name, st in toks:
        if term >= 0:
            add(term)
        if name >= 0 and (not st or f in mid_caps):
            add(name)
            if st and run:
                flush()
            run.append(f)
        elif run:
            flush()
    flush()


def _reference_counts(article):
    counts = {}
    if article.title:
        _reference_body(article.title, counts)
        for w in _WORD.findall(article.title):
            f = fold(w)
            if len(f) > 1 and f not in STOPWORDS:
                counts[feature(TITLE, f.replace(",", ""))] = counts.get(feature(TITLE, f.replace(",", "")), 0) + 1
    _reference_body(article.text, counts)
    return counts


def _articles():
    arts = [Article(f"t{k}", t, (), title=None) for k, t in enumerate(TEXTS)]
    arts += [Article(f"h{k}", t, (), title=TEXTS[-1 - k] or None) for k, t in enumerate(TEXTS)]
    return arts


def test_term_counts_follow_the_token_by_token_rules_keys_in_order():
    for article in _articles():
        assert list(term_counts(article).items()) == list(_reference_counts(article).items()), article.text


@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_term_counts_many_is_term_counts_of_each(size):
    arts = _articles()
    got = [c for k in range(0, len(arts), size) for c in term_counts_many(arts[k : k + size])]
    assert [list(c.items()) for c in got] == [list(term_counts(a).items()) for a in arts]
    assert term_counts_many([]) == []


def test_names_need_a_mid_sentence_sighting_in_their_own_text():
    # "Reid" is seen mid-sentence in the first text only: in the second, at a sentence start, it is no name
    a = Article("a", "Reid spoke. Then Reid left.", ())
    b = Article("b", "Reid spoke.", ())
    ca, cb = term_counts_many([a, b])
    assert ca[feature(NAME, "reid")] == 2
    assert feature(NAME, "reid") not in cb
    assert (np.array(list(ca)) >> HASH_BITS).max() <= PHRASE


# -- sentence token ids: one pass over the whole text, the same as sentence by sentence -----
def _sentences(text):
    out = []
    edges = [0] + [x for m in re.finditer(r"(?<=[.!?])\s+|\n+", text) for x in m.span()] + [len(text)]
    for s, e in zip(edges[0::2], edges[1::2]):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(len(out), text[s:e], s, e))
    return out


def test_span_token_ids_are_sentence_token_ids_of_the_spans():
    texts = [t for t in TEXTS if t.strip()]
    spans = []
    for t in texts:
        sents = _sentences(t)
        spans.append((np.array([s.start for s in sents], dtype=np.int64), np.array([s.end for s in sents], dtype=np.int64)))
    found = similarity.span_token_ids(texts, spans)
    for t, (starts, ends), got in zip(texts, spans, found):
        want = similarity.sentence_token_ids([t[s:e] for s, e in zip(starts.tolist(), ends.tolist())])
        assert got is not None
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


def test_span_token_ids_refuse_a_span_edge_inside_a_token():
    text = "Panmunjom talks ended."
    cut = (np.array([0, 4]), np.array([4, len(text)]))  # "Panm" | "unjom talks ended."
    assert similarity.span_token_ids([text], [cut]) == [None]


def test_sentence_token_ids_with_line_breaks_inside_texts():
    texts = ["Talks in Kyiv\nended on Friday.", "Kyiv talks", "", "the a of"]
    ids, sizes = similarity.sentence_token_ids(texts)
    assert sizes.tolist() == [4, 2, 0, 0]
    assert len(ids) == 6 and ids[1] == ids[4] and ids[0] == ids[5]  # "kyiv", "talks" in both texts


def test_small_inputs_take_the_regex_pass_with_the_same_ids(monkeypatch):
    groups = [TEXTS, TEXTS[3:6], ["Kyiv talks"], ["Talks in Kyiv\nended.", "Kyiv"], []]
    small = [similarity.sentence_token_ids(g) for g in groups]
    monkeypatch.setattr(similarity, "SMALL_CHARS", 0)
    for g, (ids, sizes) in zip(groups, small):
        v_ids, v_sizes = similarity.sentence_token_ids(g)
        assert np.array_equal(ids, v_ids) and np.array_equal(sizes, v_sizes)


def test_threads_sharing_the_tables_get_the_counts_of_one_thread():
    from concurrent.futures import ThreadPoolExecutor

    arts = _articles() * 4
    want = [list(term_counts(a).items()) for a in arts]
    limit = tokens.SURFACES.limit
    tokens.SURFACES.limit = 50  # resets all the time
    try:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda a: list(term_counts(a).items()), arts * 5))
    finally:
        tokens.SURFACES.limit = limit
    assert got == want * 5
