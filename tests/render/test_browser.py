"""The HTML report in headless Debian Chromium (driven by Playwright): a citation lands on its sentence.

Needs ``/usr/bin/chromium`` (``.ci/run`` installs Debian's package) and the
Python package ``playwright`` (the ``test`` extra); never ``playwright
install``. Skipped when either is missing. Screenshots go to
tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate import config
from corroborate.render.html import report_html


@pytest.fixture(scope="module")
def report_file(seed_report, artifacts) -> Path:
    path = artifacts / "seeds-report.html"
    path.write_text(report_html(seed_report, **config.settings()["brief"]), "utf-8")
    return path


def _open(browser, report_file, **context):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
    page = ctx.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:", "about:")) else None)
    page.goto(report_file.as_uri())
    return ctx, page, outside


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_citation_lands_on_its_highlighted_sentence(browser, report_file, artifacts, javascript, page_tools):
    ctx, page, outside = _open(browser, report_file, java_script_enabled=javascript)
    try:
        page.screenshot(path=str(artifacts / f"report-top-{'js' if javascript else 'nojs'}.png"))
        link, target, text = page_tools.source_citation(page)
        link.click()
        page_tools.until(page, lambda: page.evaluate("() => location.hash") == "#" + target)
        page_tools.until(page, lambda: page_tools.in_view(page, target))  # (smooth) scrolling done
        sentence = page.locator(f"[id='{target}']")
        assert text in sentence.inner_text()
        assert page_tools.in_view(page, target)
        assert sentence.evaluate("el => getComputedStyle(el).backgroundColor") == page_tools.HIGHLIGHT
        page.screenshot(path=str(artifacts / f"report-citation-{'js' if javascript else 'nojs'}.png"))
        assert outside == []  # nothing fetched from the network
    finally:
        ctx.close()


def test_a_coverage_dot_lands_on_the_evidence_sentence(browser, report_file, artifacts, page_tools):
    ctx, page, _ = _open(browser, report_file)
    try:
        dot = page.locator("table.matrix a.dot").first
        target = dot.get_attribute("href")[1:]
        dot.click()
        page_tools.until(page, lambda: page.evaluate("() => location.hash") == "#" + target)
        page_tools.until(page, lambda: page_tools.in_view(page, target))
        assert page.locator(f"[id='{target}']").evaluate("el => getComputedStyle(el).backgroundColor") == page_tools.HIGHLIGHT
        page.locator("#" + target.rsplit("-a", 1)[0] + "-coverage").screenshot(path=str(artifacts / "report-coverage.png"))
        page.locator("#" + target.rsplit("-a", 1)[0] + "-provenance").screenshot(path=str(artifacts / "report-provenance.png"))
    finally:
        ctx.close()


def test_the_report_reads_at_390_px_without_sideways_scrolling(browser, report_file, artifacts, page_tools):
    # issue 14: a phone-width screen; wide tables (the coverage matrix) scroll inside their own box
    ctx, _, overflow = page_tools.phone_width(browser, report_file.as_uri(), artifacts / "report-390.png")
    ctx.close()
    assert overflow <= 1, f"{overflow} px wider than the screen"
