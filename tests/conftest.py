"""Shared fixtures: the bundled founding examples and the shared labelled data."""

from __future__ import annotations

import json
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
