"""The web UI in headless Debian Chromium (Playwright) against a real server.

Needs ``/usr/bin/chromium`` (``.ci/run`` installs Debian's package) and the
Python package ``playwright`` (the ``test`` extra); never ``playwright
install``. Skipped when either is missing. Screenshots go to
tests/artifacts/web-*.png for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from .conftest import follow_up, seed_text


class Watch:
    """Console errors, dialogs and requests leaving the server, for one page."""

    def __init__(self, page, base: str):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: self.outside.append(r.url) if not r.url.startswith((base, "data:", "about:")) else None)


def _open(browser, base: str, **context):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
    page = ctx.new_page()
    return ctx, page, Watch(page, base)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_open_the_founding_story_and_follow_a_citation(browser, server, founding_id, artifacts, javascript, page_tools):
    ctx, page, watch = _open(browser, server.base, java_script_enabled=javascript)
    tag = "js" if javascript else "nojs"
    try:
        page.goto(server.base + "/")
        page.screenshot(path=str(artifacts / f"web-index-{tag}.png"))
        page.locator(".storycard h2 a").first.click()
        page.wait_for_url(re.compile(f"/stories/{founding_id}$"))
        assert page.locator("article.story h1").inner_text().startswith("Ukraine Captures Chinese Nationals")
        assert "5 articles" in page.locator(".story .meta").inner_text()
        page.screenshot(path=str(artifacts / f"web-story-{tag}.png"))
        link, target, text = page_tools.source_citation(page)
        link.click()
        page_tools.until(page, lambda: page.evaluate("() => location.hash") == "#" + target)
        page_tools.until(page, lambda: page_tools.in_view(page, target))
        sentence = page.locator(f"[id='{target}']")
        assert text in sentence.inner_text()
        assert sentence.evaluate("el => getComputedStyle(el).backgroundColor") == page_tools.HIGHLIGHT
        page.screenshot(path=str(artifacts / f"web-citation-{tag}.png"))
        # the inline style attributes of our own markup pass the CSP (by hash): the matrix's group colours show
        top = page.locator("table.matrix th.c[style]").first.evaluate("el => getComputedStyle(el).borderTopColor")
        assert top not in ("rgba(0, 0, 0, 0)", "transparent")
        assert not [e for e in watch.errors if "Content Security Policy" in e], watch.errors
        assert watch.outside == []
    finally:
        ctx.close()


def test_article_and_entity_pages(browser, server, founding_id, artifacts):
    ctx, page, watch = _open(browser, server.base)
    try:
        page.goto(server.base + "/articles/000_55a835e9202e45df")
        assert page.locator(".textcard .s.shared").count() > 0 and page.locator(".textcard .s.unique").count() > 0
        assert "quality" in page.locator(".articlepage .meta").inner_text()
        page.screenshot(path=str(artifacts / "web-article.png"), full_page=True)
        page.locator(f"a[href='/stories/{founding_id}']").first.click()
        page.wait_for_url(re.compile(f"/stories/{founding_id}"))
        page.locator("#named a.chip.person").first.click()
        page.wait_for_url(re.compile("/entities/person:"))
        assert page.locator(".storycard h2 a").first.get_attribute("href") == f"/stories/{founding_id}"
        page.screenshot(path=str(artifacts / "web-entity.png"), full_page=True)
        assert not watch.errors, watch.errors
    finally:
        ctx.close()


def test_add_an_article_through_the_form_and_see_it_in_its_story(browser, server, founding_id, artifacts):
    ctx, page, watch = _open(browser, server.base)
    rec = follow_up(7)
    try:
        page.goto(server.base + "/add")
        page.screenshot(path=str(artifacts / "web-add.png"), full_page=True)
        page.fill("textarea[name=text]", rec["text"])
        page.fill("input[name=title]", rec["title"])
        page.fill("input[name=source]", rec["source"])
        page.fill("input[name=published]", rec["published"])
        page.click("form.addform button[type=submit]")
        page.wait_for_url(re.compile(f"/stories/{founding_id}\\?added="), timeout=60_000)
        banner = page.locator(".banner").inner_text()
        assert "Added to this story" in banner and rec["source"] in banner
        assert "6 articles" in page.locator(".story .meta").inner_text()
        assert rec["title"] in page.locator("table.sources").inner_text()
        assert rec["title"] in page.locator(".panes").inner_text()
        page.screenshot(path=str(artifacts / "web-added.png"))
        assert not watch.errors, watch.errors
    finally:
        ctx.close()


HOSTILE_TITLE = "<script>window.__pwned='title'</script>Hostile copy"
HOSTILE_LINES = (
    "Breaking: <script>window.__pwned='text'; alert('text')</script> was in the wire copy.\n\n"
    "A picture <img src=x onerror=\"window.__pwned='img'; alert('img')\"> was attached, with "
    "<svg onload=\"window.__pwned='svg'\"></svg> and <a href=\"javascript:window.__pwned='a'\">a link</a>."
)


def test_a_hostile_article_cannot_run_script(browser, server, founding_id, artifacts):
    ctx, page, watch = _open(browser, server.base)
    body = seed_text().split("\n\n", 1)[1]
    try:
        page.goto(server.base + "/add")
        page.fill("textarea[name=text]", "\n\n".join(body.split("\n\n")[:5]) + "\n\n" + HOSTILE_LINES)
        page.fill("input[name=title]", HOSTILE_TITLE)
        page.fill("input[name=source]", "<img src=x onerror=\"window.__pwned='source'\">")
        page.evaluate("() => { document.querySelector('input[name=url]').type = 'text'; }")  # let the form send any URL
        page.fill("input[name=url]", "javascript:window.__pwned='url'")
        page.click("form.addform button[type=submit]")
        page.wait_for_url(re.compile("/stories/"), timeout=60_000)
        story_url = page.url.split("?")[0]
        aid = page.locator(".banner a").first.get_attribute("href")
        assert page.evaluate("() => window.__pwned") is None
        page.screenshot(path=str(artifacts / "web-hostile-story.png"))
        # the javascript: URL is never made a link (only http(s) URLs are), in the sources table or anywhere
        assert page.locator("table.sources a[href^='javascript:' i]").count() == 0
        assert page.locator("a[href*='javascript:' i]").count() == 0
        assert page.evaluate("() => window.__pwned") is None
        articles = [h for h in page.locator("#article-pages a").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        for url in [story_url, server.base + "/", server.base + "/?q=%3Cscript%3E", *(server.base + a for a in articles),
                    server.base + "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]:
            page.goto(url)
            page.wait_for_timeout(100)
            assert page.evaluate("() => window.__pwned") is None, url
            assert page.locator("a[href*='javascript:' i]").count() == 0, url
        hostile = [a for a in articles if a.split("/")[-1] not in {"000_55a835e9202e45df", "001_667c024558ac1ee0",
                                                                    "002_fb8f9be659c909f0", "003_a3085cba722678df",
                                                                    "004_307f1b5bf0e7b686"}]
        assert len(hostile) == 1, (aid, articles)
        page.goto(server.base + hostile[0])
        text = page.locator(".textcard .body").inner_text()
        assert "<script>window.__pwned='text'" in text and "onerror=" in text  # shown as text
        assert HOSTILE_TITLE in page.locator("h1").inner_text()
        assert page.locator(".textcard img, .textcard script, .textcard svg").count() == 0
        assert page.evaluate("() => window.__pwned") is None
        page.screenshot(path=str(artifacts / "web-hostile-article.png"), full_page=True)
        assert watch.dialogs == []
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["/", "/stories/{sid}", "/articles/000_55a835e9202e45df", "/feeds"])
def test_pages_read_at_390_px_without_sideways_scrolling(browser, server, founding_id, artifacts, path):
    # issue 14: the UI reads well on a phone (390 px wide); a screenshot of each page is kept
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = ctx.new_page()
    try:
        page.goto(server.base + path.format(sid=founding_id))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        name = path.strip("/").split("/")[0] or "index"
        page.screenshot(path=str(artifacts / f"web-390-{name}.png"), full_page=True)
        assert overflow <= 1, f"{path}: {overflow} px wider than the screen"
    finally:
        ctx.close()
