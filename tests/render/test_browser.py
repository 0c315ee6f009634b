"""The HTML report in headless Debian Chromium (driven by Playwright): a citation lands on its sentence.

Needs ``/usr/bin/chromium`` (``.ci/run`` installs Debian's package) and the
Python package ``playwright`` (the ``test`` extra); never ``playwright
install``. Skipped when either is missing. Screenshots go to
out/test-artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corroborate import config
from corroborate.render.html import report_html

CHROMIUM = "/usr/bin/chromium"
# As root, in a sandbox with no network: no setuid sandbox, no background traffic.
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
HIGHLIGHT = "rgb(255, 233, 138)"  # --hl in the report's CSS


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), args=ARGS)
        yield b
        b.close()


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


def _source_citation(page):
    """The first brief citation that points at the sentence the brief quotes (its own article)."""
    for span in page.locator(".brief .bs").all():
        text = span.inner_text()
        cites = span.locator("xpath=following-sibling::span[1]").locator("a.cite")
        for i in range(cites.count()):
            link = cites.nth(i)
            target = link.get_attribute("href")[1:]
            if text in page.locator(f"[id='{target}']").inner_text():
                return link, target, text
    raise AssertionError("no brief citation points at its quoted sentence")


def _until(page, ready, seconds: float = 5.0) -> None:
    """Poll ``ready()`` (page.wait_for_function needs the page's own JavaScript, off in the no-JS run)."""
    for _ in range(int(seconds / 0.1)):
        if ready():
            return
        page.wait_for_timeout(100)
    assert ready()


def _in_view(page, target: str) -> bool:
    return page.evaluate(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""",
        target,
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_citation_lands_on_its_highlighted_sentence(browser, report_file, artifacts, javascript):
    ctx, page, outside = _open(browser, report_file, java_script_enabled=javascript)
    try:
        page.screenshot(path=str(artifacts / f"report-top-{'js' if javascript else 'nojs'}.png"))
        link, target, text = _source_citation(page)
        link.click()
        _until(page, lambda: page.evaluate("() => location.hash") == "#" + target)
        _until(page, lambda: _in_view(page, target))  # (smooth) scrolling done
        sentence = page.locator(f"[id='{target}']")
        assert text in sentence.inner_text()
        assert _in_view(page, target)
        assert sentence.evaluate("el => getComputedStyle(el).backgroundColor") == HIGHLIGHT
        page.screenshot(path=str(artifacts / f"report-citation-{'js' if javascript else 'nojs'}.png"))
        assert outside == []  # nothing fetched from the network
    finally:
        ctx.close()


def test_a_coverage_dot_lands_on_the_evidence_sentence(browser, report_file, artifacts):
    ctx, page, _ = _open(browser, report_file)
    try:
        dot = page.locator("table.matrix a.dot").first
        target = dot.get_attribute("href")[1:]
        dot.click()
        _until(page, lambda: page.evaluate("() => location.hash") == "#" + target)
        _until(page, lambda: _in_view(page, target))
        assert page.locator(f"[id='{target}']").evaluate("el => getComputedStyle(el).backgroundColor") == HIGHLIGHT
        page.locator("#" + target.rsplit("-a", 1)[0] + "-coverage").screenshot(path=str(artifacts / "report-coverage.png"))
        page.locator("#" + target.rsplit("-a", 1)[0] + "-provenance").screenshot(path=str(artifacts / "report-provenance.png"))
    finally:
        ctx.close()
