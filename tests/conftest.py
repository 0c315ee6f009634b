"""Shared fixtures: the bundled founding examples and the shared labelled data.

The suite needs the labelled data in ../shared/data (and the bundled examples):
when any of it is absent the run stops at once with the missing paths named,
so a CI run without its data is red, never green with skips. To run a subset
on a machine without the data, say so explicitly:

    .venv/bin/python -m pytest --allow-missing-data tests/render

and the tests that need the data are skipped, each with its reason (``-ra``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "seeds"
SHARED_DATA = (ROOT.parent / "shared" / "data").resolve()

# Every labelled file a test reads. A test reading a new file adds it here, so
# that its absence stops the run instead of skipping the test.
SHARED_FILES = (
    "ecbplus/topics-1-35.jsonl",
    "newswcl50/events-0-6.jsonl",
    "meantime/en.jsonl",
    "meantime/es.jsonl",
    "meantime/it.jsonl",
    "polnear/train.jsonl",
    "polnear/dev.jsonl",
)
REPO_DATA = (EXAMPLES, ROOT / "benchmarks" / "data" / "speakers.jsonl", ROOT / "benchmarks" / "data" / "claim_pairs.jsonl")
ALLOW_MISSING = "--allow-missing-data"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("corroborate")
    group.addoption(ALLOW_MISSING, action="store_true",
                    help="skip, instead of failing, the tests whose labelled data (../shared/data) is absent; "
                         "for running a subset without the data, never in CI")
    group.addoption("--update-goldens", action="store_true",
                    help="rewrite the golden files (tests/render/golden/) from the current output; "
                         "review the diff before committing")


def missing_data() -> list[Path]:
    """The labelled files and bundled examples the suite reads that are absent (the folder
    itself when ../shared/data is absent as a whole)."""
    shared = [SHARED_DATA / name for name in SHARED_FILES] if SHARED_DATA.is_dir() else [SHARED_DATA]
    return [p for p in shared + list(REPO_DATA) if not p.exists()]


def pytest_sessionstart(session: pytest.Session) -> None:
    if session.config.getoption(ALLOW_MISSING):
        return
    if gone := missing_data():
        raise pytest.UsageError(
            "labelled data missing, the quality tests cannot run: " + ", ".join(map(str, gone))
            + f". Put the data in {SHARED_DATA}, or run a subset without it with {ALLOW_MISSING} "
            "(the tests that need it are then skipped; never in CI)."
        )


def data_missing(config: pytest.Config, what: str) -> None:
    """Skip the calling test when the run allows missing data, fail it otherwise."""
    if config.getoption(ALLOW_MISSING):
        pytest.skip(f"{what} absent ({ALLOW_MISSING})")
    pytest.fail(f"{what} absent: labelled data is required (run with {ALLOW_MISSING} to skip)", pytrace=False)


@pytest.fixture
def seeds_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def shared_records(request: pytest.FixtureRequest):
    """``shared_records("ecbplus/topics-1-35.jsonl")``: records of a shared JSONL file; when
    ../shared/data lacks it the test fails, or is skipped under ``--allow-missing-data``."""

    def read(name: str) -> list[dict]:
        path = SHARED_DATA / name
        if not path.exists():
            data_missing(request.config, f"shared data {path}")
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    return read


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts/ (ignored by git; test output only, apart from the demo's out/): screenshots and rendered files for a person to look at."""
    path = ROOT / "tests" / "artifacts"
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
    def phone_width(browser, url: str, shot) -> tuple:
        """Open ``url`` at 390 px (a phone), screenshot it to ``shot``: (context, page, px wider than the screen)."""
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
        page = ctx.new_page()
        page.goto(url)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(shot), full_page=True)
        return ctx, page, overflow

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


# What a command that only reads the store must never import (issue 11, fast start):
# the analysis stages and the numeric libraries behind them.
ANALYSIS_MODULES = (
    "corroborate.pipeline", "corroborate.claims", "corroborate.brief", "corroborate.stories",
    "corroborate.relate", "corroborate.features.vectors", "corroborate.features.similarity",
    "corroborate.clean", "numpy", "scipy",
)
_RUN_AND_LIST_MODULES = """
import json, sys
sys.argv = ["corroborate", *sys.argv[1:]]
from corroborate.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


@pytest.fixture
def analysis_imports():
    """``run(*args) -> (stdout, heavy)``: run ``corroborate ARGS`` in a fresh interpreter and list
    the analysis modules it imported (a read-only command must import none); fails on a bad exit."""
    import subprocess
    import sys

    def run(*args: str) -> tuple[str, list[str]]:
        proc = subprocess.run([sys.executable, "-c", _RUN_AND_LIST_MODULES, *args],
                              capture_output=True, text=True, timeout=120)
        found = json.loads(proc.stderr.strip().splitlines()[-1])
        assert found["code"] in (0, None), proc.stderr
        heavy = [m for m in found["modules"] if any(m == h or m.startswith(h + ".") for h in ANALYSIS_MODULES)]
        return proc.stdout, heavy

    return run
