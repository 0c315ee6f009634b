"""Golden files: the renderers' Markdown and HTML of the founding examples' report.

A renderer change shows up as a diff of ``golden/seeds.md`` / ``golden/seeds.html``;
after checking it (open the HTML in a browser), accept it with
``python -m pytest tests/render --update-goldens``. A missing golden file fails.
"""

from __future__ import annotations

import pytest

from corroborate import config
from corroborate.render import render


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_renderer_output_matches_the_golden_file(seed_report, golden, golden_file, fmt):
    out = render(seed_report, fmt, **config.settings()["brief"])
    path = golden / f"seeds.{fmt}"
    assert out == golden_file(path, lambda: out), f"{path.name} changed; if intended, rerun with --update-goldens"


def test_json_is_the_contract_unchanged(seed_report):
    import json

    assert json.loads(render(seed_report, "json")) == seed_report
