"""The founding examples' report, as the renderers' golden input.

``golden/seeds.report.json`` is the report of examples/seeds, frozen so that
renderer tests do not move when an upstream stage changes. Regenerate it and
the expected outputs with ``python -m pytest tests/render --update-goldens``;
without that option a golden file is never written, and a missing one fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def live_seed_report() -> dict:
    """The report of the founding examples, computed now through the pipeline (in memory)."""
    from corroborate import pipeline
    from corroborate.store import Store

    store = Store(":memory:")
    result = pipeline.analyze(store, [SEEDS])
    doc = pipeline.report_for(store, result.stories, generated_by="corroborate analyze")
    return json.loads(json.dumps(doc))  # the shapes report.json has after a round trip


def golden_text(path: Path, update: bool, make) -> str:
    """The golden file at ``path``: rewritten from ``make()`` when ``update``; a missing one fails."""
    if update:
        path.write_text(make(), "utf-8")
    elif not path.exists():
        pytest.fail(f"golden file {path} is missing; create it with --update-goldens and review it", pytrace=False)
    return path.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_report(update_golden: bool) -> dict:
    def make() -> str:
        return json.dumps(live_seed_report(), ensure_ascii=False, indent=2) + "\n"

    return json.loads(golden_text(GOLDEN / "seeds.report.json", update_golden, make))


@pytest.fixture(scope="session")
def golden() -> Path:
    """The folder of golden files."""
    return GOLDEN


@pytest.fixture(scope="session")
def update_golden(pytestconfig: pytest.Config) -> bool:
    """True when the golden files are to be rewritten (``--update-goldens``)."""
    return bool(pytestconfig.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def golden_file(update_golden: bool):
    """``golden_file(path, make)``: the golden text at ``path`` (see ``golden_text``)."""
    return lambda path, make: golden_text(path, update_golden, make)


