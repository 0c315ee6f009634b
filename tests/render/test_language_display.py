"""The article's language in every report format, marked when detected, and a story's note
about an article whose language the claims steps do not read (claims/languages.py)."""

from __future__ import annotations

import copy

import pytest

from corroborate.render import render
from corroborate.render.text import story_text
from corroborate.render.view import story_view

FIRST, SECOND = "002_fb8f9be659c909f0", "000_55a835e9202e45df"
NOTE = "claims not extracted: Spanish (es) is not supported for entities, speaker attribution, claim extraction, numbers and dates"


def _doc(seed_report: dict) -> dict:
    """The seed report with one article's language given as Spanish and the claims stage's note about it."""
    doc = copy.deepcopy(seed_report)
    for a in doc["articles"]:
        if a["id"] == SECOND:
            a["language"] = "es"
            a["inferred"].pop("language", None)
    doc["stories"][0]["notes"] = [f"article {SECOND}: {NOTE}"]
    return doc


def test_the_view_shows_the_language_and_the_articles_note(seed_report):
    doc = _doc(seed_report)
    v = story_view(doc, doc["stories"][0])
    assert v.language(SECOND) == "Spanish (es)"  # given: no mark
    assert v.language(FIRST) == "English (en) (inferred)"
    assert v.language(FIRST, why=True) == "English (en) (inferred: detected from the text (py3langid, confidence 1.00))"
    assert v.article_notes(SECOND) == [NOTE] and v.article_notes(FIRST) == []


def test_an_unknown_language_says_so(seed_report):
    doc = copy.deepcopy(seed_report)
    for a in doc["articles"]:
        a["language"] = None
        a["inferred"].pop("language", None)
    assert story_view(doc, doc["stories"][0]).language(FIRST) == "unknown"


@pytest.mark.parametrize("fmt", ["md", "html", "show"])
def test_every_format_shows_language_and_note(seed_report, fmt):
    doc = _doc(seed_report)
    out = story_text(doc, doc["stories"][0]) if fmt == "show" else render(doc, fmt)
    assert "Spanish (es)" in out
    assert "English (en)" in out and "detected from the text (py3langid, confidence 1.00)" in out
    assert NOTE in out
