"""The web app starts without the analysis code: its read pages only read the store (issue 11)."""

from __future__ import annotations

import subprocess
import sys

# (the ingest checks of the upload form import the light, regex-only ``clean`` package: allowed)
ANALYSIS = ("corroborate.pipeline", "corroborate.claims.attribution", "corroborate.brief", "corroborate.relate",
            "corroborate.stories", "corroborate.features.vectors", "corroborate.features.similarity", "scipy", "numpy")


def test_importing_the_web_app_loads_no_analysis_code():
    probe = ("import sys, corroborate.web.app; "
             f"print(sorted(m for m in sys.modules if m.startswith({ANALYSIS!r})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
