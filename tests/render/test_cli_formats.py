"""`corroborate analyze` writes report.json, report.md and report.html by default; --format selects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def _analyze(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "corroborate", "analyze", str(SEEDS), "--out", str(tmp_path / "out"),
         "--db", str(tmp_path / "db.sqlite3"), *extra],
        capture_output=True, text=True, timeout=300,
    )


def test_all_three_formats_by_default_and_show_prints_the_brief(tmp_path):
    proc = _analyze(tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    for name in ("report.json", "report.md", "report.html"):
        assert (out / name).stat().st_size > 0
        assert f"Report: {out / name}" in proc.stdout
    assert "### Brief" in (out / "report.md").read_text("utf-8")
    assert (out / "report.html").read_text("utf-8").startswith("<!doctype html>")
    sid = proc.stdout.split("st-", 1)[1].split()[0]
    shown = subprocess.run([sys.executable, "-m", "corroborate", "show", "st-" + sid, "--db", str(tmp_path / "db.sqlite3")],
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0 and "Brief" in shown.stdout


def test_format_selects(tmp_path):
    proc = _analyze(tmp_path, "--format", "md")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.md"]
    bad = _analyze(tmp_path, "--format", "pdf")
    assert bad.returncode == 2
