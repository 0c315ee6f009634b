"""The brief of the founding examples, end to end through the pipeline."""

from __future__ import annotations

import pytest

from corroborate import config, pipeline
from corroborate.brief import words_in
from corroborate.store import Store


@pytest.fixture(scope="module")
def seed_story(request):
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "examples" / "seeds"
    store = Store(":memory:")
    result = pipeline.analyze(store, [seeds])
    story = store.story(result.stories[0])
    return story, {a.id: a for a in store.articles(list(story.article_ids))}


def test_the_seed_brief_is_cited_verbatim_and_in_the_default_length(seed_story):
    story, arts = seed_story
    s = config.settings()["brief"]
    words = sum(words_in(b.text) for b in story.brief)
    assert s["min_words"] <= words <= s["max_words"]
    for b in story.brief:
        assert any(b.text in arts[a].text for a in b.article_ids)
        assert b.claim_ids


def test_the_seed_brief_leads_with_the_capture_and_covers_what_independent_outlets_share(seed_story):
    story, _ = seed_story
    lead = story.brief[0]
    assert "Chinese" in lead.text and ("captur" in lead.text or "captive" in lead.text)
    assert len(lead.article_ids) >= 3
    strong = {c.id for c in story.claims if c.independent_support >= 2}
    told = {c for b in story.brief for c in b.claim_ids}
    assert len(strong & told) >= len(strong) / 2
    # the garbled machine translation is never quoted when edited copy says the same
    assert not any("captivated" in b.text for b in story.brief)
