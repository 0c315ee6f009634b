"""The terminal text of `corroborate show`: the brief with its citations first."""

from __future__ import annotations

from corroborate.render.text import story_text


def test_show_prints_the_brief_with_citations_before_the_sources(seed_report):
    story = seed_report["stories"][0]
    out = story_text(seed_report, story)
    assert "Brief" in out and out.index("Brief") < out.index("Sources")
    first = story["brief"][0]["text"]
    assert first.split()[0] in out
    assert "[1]" in out.split("Sources")[0]
