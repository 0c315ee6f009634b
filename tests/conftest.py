"""Shared fixtures: the bundled founding examples and the shared labelled data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "seeds"
SHARED_DATA = (ROOT.parent / "shared" / "data").resolve()


@pytest.fixture
def seeds_dir() -> Path:
    return EXAMPLES


def _shared_records(name: str) -> list[dict]:
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"shared data {name} not available")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture
def shared_records():
    """``shared_records("ecbplus/topics-1-35.jsonl")``: records of a shared JSONL
    file, or skip the test when ../shared/data is absent."""
    return _shared_records


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """out/test-artifacts/ (ignored by git): screenshots and rendered files for a person to look at."""
    path = ROOT / "out" / "test-artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


# -- headless Debian Chromium (Playwright); never `playwright install` ------------
CHROMIUM = "/usr/bin/chromium"
# As root, in a sandbox with no network: no setuid sandbox, no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def browser():
    """Debian chromium driven by Playwright; skips when either is missing (.ci/run installs both)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not exe:
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageTools:
    """Helpers shared by the report and web UI browser tests."""

    HIGHLIGHT = "rgb(255, 233, 138)"  # --hl in the report's CSS

    @staticmethod
    def until(page, ready, seconds: float = 5.0) -> None:
        """Poll ``ready()`` (page.wait_for_function needs the page's own JavaScript, off in the no-JS runs)."""
        for _ in range(int(seconds / 0.1)):
            if ready():
                return
            page.wait_for_timeout(100)
        assert ready()

    @staticmethod
    def in_view(page, target: str) -> bool:
        return page.evaluate(
            """id => { const r = document.getElementById(id).getBoundingClientRect();
                      return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""",
            target,
        )

    @staticmethod
    def source_citation(page):
        """The first brief citation that points at the sentence the brief quotes: (link, target id, text)."""
        for span in page.locator(".brief .bs").all():
            text = span.inner_text()
            cites = span.locator("xpath=following-sibling::span[1]").locator("a.cite")
            for i in range(cites.count()):
                link = cites.nth(i)
                target = link.get_attribute("href")[1:]
                if text in page.locator(f"[id='{target}']").inner_text():
                    return link, target, text
        raise AssertionError("no brief citation points at its quoted sentence")


@pytest.fixture
def page_tools() -> type[PageTools]:
    return PageTools
