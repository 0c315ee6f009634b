"""The story title's best article (stages._best, used by story_title and choose_title): the
best-edited titled article, the earliest of equals, found without comparing whole article
records with one another (that made a story of n articles cost n^2 record comparisons)."""

from __future__ import annotations

from corroborate import stages
from corroborate.model import Article, Quality, Sentence


def _article(aid: str, title: str | None, score: float) -> Article:
    first = f"What happened in report {aid}."
    return Article(aid, first, (Sentence(0, first, 0, len(first)),), title=title, quality=Quality(score))


def test_the_earliest_of_equally_good_headlines_wins():
    arts = [_article("a", None, 1.0), _article("b", "Second headline", 0.8), _article("c", "Third headline", 0.8)]
    assert stages.story_title(arts) == "Second headline"
    assert stages.story_title([_article("u", None, 0.5), _article("v", None, 0.9)]) == "What happened in report v."


def test_choosing_the_title_compares_no_whole_articles(monkeypatch):
    arts = [_article(f"a{i:04d}", f"Headline {i}", 0.9) for i in range(300)]
    compared = []

    def eq(self, other):  # noqa: ANN001 - counts what the old articles.index(a) did per article
        compared.append(1)
        return self is other

    monkeypatch.setattr(Article, "__eq__", eq)
    assert stages.story_title(arts) == "Headline 0"
    assert compared == []
