"""Through the store and the server: an outlet or date read from the text is marked, with its reason,
on the story page, the article page and in the API."""

from __future__ import annotations

from corroborate.web import schemas

BBC, LATIN = "001_667c024558ac1ee0", "002_fb8f9be659c909f0"


def test_api_article_carries_the_reasons(server):
    doc = server.get(f"/api/articles/{LATIN}").json()
    schemas.ArticleEnvelopeOut.model_validate(doc)
    inferred = dict(doc["article"]["inferred"])
    assert inferred.pop("language").startswith("detected from the text (py3langid, confidence")
    assert inferred == {"source": "copyright line", "published": "date of an embedded post, a lower bound"}
    assert set(server.get("/api/articles/000_55a835e9202e45df").json()["article"]["inferred"]) == {"language"}


def test_pages_mark_an_inferred_outlet_and_date(server, founding_id):
    page = server.get(f"/articles/{BBC}").text
    assert "BBC (inferred: named in the text)" in page
    page = server.get(f"/articles/{LATIN}").text
    assert "Latin Times (inferred: copyright line)" in page
    assert "2025-04-08 (inferred: date of an embedded post, a lower bound)" in page
    story = server.get(f"/stories/{founding_id}").text
    assert "BBC (inferred) — " in story and "2025-04-08 (inferred)</small>" in story
    assert 'BBC <small class="inferred">(inferred: named in the text)</small>' in story


def test_the_article_page_names_a_detected_language_and_why(server):
    # a language the record did not give is detected (clean/language.py) and shown as inferred
    page = server.get(f"/articles/{LATIN}").text
    assert "English (en) (inferred: detected from the text (py3langid, confidence" in page
