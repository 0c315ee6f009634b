"""A story of one article reads as a compact page (issue 14): the article, its claims and a line
saying it is a single-source story; no brief, disagreements, coverage matrix, provenance graph
or sources table (with one source they are empty or the article again). In Chromium at 390 px
the page does not scroll sideways; screenshots go to tests/artifacts/."""

from __future__ import annotations

import json

import pytest

from corroborate import config, pipeline
from corroborate.render.html import SINGLE_SOURCE_LINE, report_html
from corroborate.store import Store

from .conftest import SEEDS


@pytest.fixture(scope="module")
def single_report() -> dict:
    """The report of one founding article analyzed alone (a story of one article)."""
    seed = sorted(SEEDS.glob("*.txt"))[3]
    store = Store(":memory:")
    result = pipeline.analyze(store, [seed])
    doc = pipeline.report_for(store, result.stories, generated_by="corroborate analyze")
    assert len(doc["stories"]) == 1 and len(doc["stories"][0]["article_ids"]) == 1
    return json.loads(json.dumps(doc))


def test_a_one_article_story_is_compact(single_report):
    html = report_html(single_report, **config.settings()["brief"])
    story = single_report["stories"][0]
    (aid,) = story["article_ids"]
    assert SINGLE_SOURCE_LINE in html
    assert 'class="story single-source"' in html
    for gone in ("-brief\"", "-conflicts\"", "-coverage\"", "-provenance\"", "-sources\"", "-unique\"", "-timeline\""):
        assert f'id="{story["id"]}{gone}' not in html, gone
    assert "<svg" not in html and "Who copies whom" not in html and "Disagreements" not in html
    # each claim once in the claims list, linked to its sentence in the article; the article once
    assert html.count('<ol class="facts">') == 1
    for c in story["claims"]:
        assert html.count(f">{c['text']}<") <= 1 or c["text"] in html
    assert html.count(f'id="{story["id"]}-a1"') == 1
    first = story["claims"][0]["evidence"][0]
    assert f'href="#{story["id"]}-a1-s{first["sentence_id"]}"' in html


def test_the_compact_page_reads_at_390_px(browser, single_report, artifacts, page_tools):
    path = artifacts / "single-source-report.html"
    path.write_text(report_html(single_report, **config.settings()["brief"]), "utf-8")
    ctx, page, overflow = page_tools.phone_width(browser, path.as_uri(), artifacts / "single-source-report-390.png")
    try:
        assert overflow <= 1, f"{overflow} px wider than the screen"
        assert page.locator(".single-note").is_visible()
        # the article's text is on the page at full width, not in a side-scrolling pane
        pane = page.locator(".pane").first
        assert pane.evaluate("el => el.getBoundingClientRect().width") <= 390
        link = page.locator("ol.facts a.cite").first
        target = link.get_attribute("href")[1:]
        link.click()
        page_tools.until(page, lambda: page.evaluate("() => location.hash") == "#" + target)
        page_tools.until(page, lambda: page_tools.in_view(page, target))
    finally:
        ctx.close()


def test_markdown_and_text_are_compact_too(single_report):
    from corroborate.render.markdown import report_markdown
    from corroborate.render.text import story_text
    from corroborate.render.view import SINGLE_SOURCE_LINE as LINE

    story = single_report["stories"][0]
    md = report_markdown(single_report, **config.settings()["brief"])
    text = story_text(single_report, story)
    for out in (md, text):
        assert LINE.split(":")[0] in out and "single source" in out
        for gone in ("Brief", "Where sources disagree", "Who copies whom", "Only in one source", "Independent sources"):
            assert gone not in out, gone
        for c in story["claims"]:
            assert " ".join(c["text"].split()[:4]) in " ".join(out.split())
    assert "### Its claims" in md and "### The source" in md and "[1] " in md
