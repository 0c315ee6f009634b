"""The web article page shows the byline as a pill, escaped, and nothing when unknown."""

from __future__ import annotations

from corroborate.model import Article, Quality, Sentence
from corroborate.serialize import article_to_dict
from corroborate.web.pages import article_page


def _page(author: str | None) -> str:
    a = Article("a1", "One sentence.", (Sentence(0, "One sentence.", 0, 13),), title="T", source="Outlet",
                quality=Quality(0.9), origin="/in/a1.json", author=author)
    return article_page(None, article_to_dict(a), a.text, None, read_only=True)


def test_the_article_page_has_a_by_pill():
    assert '<span class="pill">by Jane &lt;Roe&gt;</span>' in _page("Jane <Roe>")
    assert '<span class="pill">by ' not in _page(None)


def test_an_author_posted_to_the_api_is_kept(tmp_path):
    from corroborate.web import schemas

    rec = schemas.ArticleRecordIn.model_validate({"text": "x" * 50, "author": "Jo Doe"})
    assert rec.author == "Jo Doe" and "author" in schemas.ArticleOut.model_fields
