"""The web UI's page of a one-article story is compact (issue 14), checked in Chromium at 390 px:
an article pasted through /add that opens a story of its own lands on a page with the line saying
it is a single-source story, its claims and the article, and no comparison sections."""

from __future__ import annotations

import re
import shutil

from corroborate.render.html import SINGLE_SOURCE_LINE

from .conftest import running
from .test_one_record import HEADLINE, PASTED


def test_a_pasted_article_of_its_own_story_shows_a_compact_page_at_390_px(browser, tmp_path, seed_db, artifacts):
    db = tmp_path / "s.sqlite3"
    shutil.copy(seed_db, db)
    with running(db) as client:
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            page.goto(client.base + "/add")
            page.fill("textarea[name=text]", PASTED)
            page.click("form.addform button[type=submit]")
            page.wait_for_url(re.compile(r"/stories/st-[0-9a-f]+\?added="), timeout=60_000)
            assert "Added as a story of its own" in page.locator(".banner").inner_text()
            story = page.locator("article.story")
            assert story.locator("h1").inner_text() == HEADLINE
            assert SINGLE_SOURCE_LINE in page.locator(".single-note").inner_text()
            text = story.inner_text()
            for gone in ("Brief", "Disagreements", "Who copies whom", "Only in one source", "Coverage"):
                assert gone not in text, gone
            assert page.locator("table.sources").count() == 0 and page.locator("svg").count() == 0
            assert "1.8 million euros" in page.locator(".pane").inner_text()
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            page.screenshot(path=str(artifacts / "web-390-single-source.png"), full_page=True)
            assert overflow <= 1, f"{overflow} px wider than the screen"
            assert not errors, errors
        finally:
            ctx.close()
