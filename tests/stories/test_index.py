"""The incremental story index: the terms it indexes an article under (which the store's
persisted postings must cover) and when an add re-weights every stored article."""

from __future__ import annotations

from corroborate import config
from corroborate.features.vectors import term_counts
from corroborate.model import Article, Sentence
from corroborate.stories import StoryIndex, story_settings
from corroborate.stories.index import index_terms, refreshes


def _article(r: dict) -> Article:
    text = r["text"]
    return Article(str(r["id"]), text, (Sentence(0, text, 0, len(text)),), title=r.get("title"))


def test_index_terms_are_the_terms_the_index_posts_an_article_under(shared_records):
    settings = config.settings()
    s = story_settings(settings)
    records = [r for r in shared_records("ecbplus/topics-1-35.jsonl") if r["topic"] in (1, 2) and r["text"].strip()]
    index = StoryIndex(settings)
    for r in records[:60]:
        index.add(_article(r))
    for r in records[60:70]:
        article = _article(r)
        counts = term_counts(article)
        index.docfreq.add(counts)  # as add_counts counts the article before weighing it
        expected = set(index_terms(s, index.docfreq, counts).tolist())
        index.docfreq.remove(counts)
        index.add(article)
        pos = len(index) - 1
        posted = {f for f, posting in index._postings.items() if pos in posting}
        assert posted == expected
        assert len(expected) <= s["top_terms"]
        assert all(index.docfreq.df[f] <= s["max_posting"] for f in expected)


def test_an_add_refreshes_when_it_grows_the_index_by_a_quarter():
    assert not refreshes(1000, 10) and not refreshes(1000, 249)
    assert refreshes(1000, 250) and refreshes(0, 2) and refreshes(8, 2)
