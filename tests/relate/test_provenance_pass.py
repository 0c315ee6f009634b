"""Provenance reads its tokens from one pass over each article's text (features.tokens):
the same content words per sentence and the same copy n-grams as tokenising each piece alone."""

import numpy as np

from corroborate import config
from corroborate.clean import clean
from corroborate.features import similarity, text
from corroborate.model import Article, RawDoc, Sentence
from corroborate.relate import find_provenance, provenance

PROVENANCE = config.settings()["provenance"]
BODY = (
    "Officials in Kyiv said on Friday that 40,000 people had left the U.S.-run camp. "
    "“We will not stop,” Zelenskyy told reporters. The camp, opened in 2019, held 3.5 times its capacity.\n"
    "Aid groups said the move was rushed. Kim Jong-un's envoy met Moon Jae-in in Panmunjom."
)


def _article(aid: str, body: str = BODY) -> Article:
    return clean(RawDoc(id=aid, text=body, origin=aid), config.settings()["clean"])


def test_article_data_is_the_sentence_by_sentence_tokenisation():
    provenance._CACHE.clear()
    arts = [_article("a"), _article("b", BODY.replace("Friday", "Saturday"))]
    (parts, words) = provenance._article_data(arts)
    for art, (ids, sizes, lengths, _), w in zip(arts, parts, words):
        want_ids, want_sizes = similarity.sentence_token_ids([s.text for s in art.sentences])
        assert np.array_equal(ids, want_ids) and np.array_equal(sizes, want_sizes)
        assert lengths.tolist() == [len(s.text) for s in art.sentences]
        assert w.tolist() == [hash(f) for f in text.folded_words(art.text)]


def test_sentences_that_are_no_spans_of_the_text_are_tokenised_one_by_one():
    provenance._CACHE.clear()
    odd = Article("odd", "Kyiv talks ended. Panmunjom", (Sentence(0, "Kyiv talks ended.", 0, 17), Sentence(1, "Panmunjom talks", 18, 27)))
    (parts, _) = provenance._article_data([odd])
    want_ids, want_sizes = similarity.sentence_token_ids([s.text for s in odd.sentences])
    assert np.array_equal(parts[0][0], want_ids) and parts[0][1].tolist() == want_sizes.tolist()


def test_copy_ngrams_from_the_pass_equal_those_of_the_text_alone():
    provenance._GRAMS.clear()
    a = _article("a")
    alone = provenance._grams(a.text)
    provenance._GRAMS.clear()
    (_, words) = provenance._article_data([a, _article("c", BODY + " More words here.")])
    provenance._CACHE.clear()
    assert np.array_equal(provenance._grams(a.text, words[0]), alone)


def test_a_verbatim_copy_is_found_as_a_copy():
    links = find_provenance([_article("a"), _article("b")], PROVENANCE)
    assert [(p.source_id, p.derived_id, p.relation) for p in links] == [("a", "b", "copy")]
