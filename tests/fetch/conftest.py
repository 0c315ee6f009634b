from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fetchserver  # noqa: E402


@pytest.fixture
def server():
    s = fetchserver.Server()
    yield s
    s.close()
