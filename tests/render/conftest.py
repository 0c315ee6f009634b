"""The founding examples' report, as the renderers' golden input.

``golden/seeds.report.json`` is the report of examples/seeds, frozen so that
renderer tests do not move when an upstream stage changes. Regenerate it and
the expected outputs with ``UPDATE_GOLDEN=1 python -m pytest tests/render``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))


def live_seed_report() -> dict:
    """The report of the founding examples, computed now through the pipeline (in memory)."""
    from corroborate import pipeline
    from corroborate.store import Store

    store = Store(":memory:")
    result = pipeline.analyze(store, [SEEDS])
    doc = pipeline.report_for(store, result.stories, generated_by="corroborate analyze")
    return json.loads(json.dumps(doc))  # the shapes report.json has after a round trip


@pytest.fixture(scope="session")
def seed_report() -> dict:
    path = GOLDEN / "seeds.report.json"
    if UPDATE or not path.exists():
        path.write_text(json.dumps(live_seed_report(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="session")
def golden() -> Path:
    """The folder of golden files."""
    return GOLDEN


@pytest.fixture(scope="session")
def update_golden() -> bool:
    """True when the golden files are to be rewritten (``UPDATE_GOLDEN=1``)."""
    return UPDATE


