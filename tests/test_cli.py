"""The command line, run as a real subprocess through the installed entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "corroborate"]


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300)


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory):
    """The founding examples analyzed once into a store and a report."""
    root = tmp_path_factory.mktemp("cli")
    seeds = Path(__file__).resolve().parents[1] / "examples" / "seeds"
    proc = run("analyze", str(seeds), "--out", str(root / "out"), "--db", str(root / "db.sqlite3"))
    return root, proc


def test_analyze_writes_the_report_and_says_where(analyzed):
    root, proc = analyzed
    assert proc.returncode == 0, proc.stderr
    assert f"Report: {root / 'out' / 'report.json'}" in proc.stdout
    assert "5 new article(s)" in proc.stdout
    doc = json.loads((root / "out" / "report.json").read_text("utf-8"))
    assert doc["schema"] == "corroborate.report/1"
    assert len(doc["articles"]) == 5 and len(doc["stories"]) == 1
    story = doc["stories"][0]
    for key in ("id", "title", "article_ids", "provenance", "independent_groups",
                "entities", "claims", "conflicts", "unique", "brief"):
        assert key in story
    for article in doc["articles"]:
        for key in ("id", "title", "source", "url", "published", "language", "sentences", "removed", "quality"):
            assert key in article
        for s in article["sentences"]:
            assert set(s) == {"id", "text", "start", "end"}


def test_stories_and_show(analyzed):
    root, _ = analyzed
    db = str(root / "db.sqlite3")
    listing = run("stories", "--db", db)
    assert listing.returncode == 0
    story_id = listing.stdout.split()[0]
    assert story_id.startswith("st-")
    shown = run("show", story_id[:6], "--db", db)  # a unique prefix is enough
    assert shown.returncode == 0, shown.stderr
    assert "independent source" in shown.stdout and "Sources" in shown.stdout
    as_json = json.loads(run("show", story_id, "--db", db, "--json").stdout)
    assert as_json["stories"][0]["id"] == story_id


def test_db_from_environment(analyzed):
    root, _ = analyzed
    listing = run("stories", "--json", env={"CORROBORATE_DB": str(root / "db.sqlite3")})
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["n_articles"] == 5


def test_add_with_a_bad_file_exits_1_naming_it_and_keeps_the_good_one(tmp_path, seeds_dir):
    good = tmp_path / "good.txt"
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], good)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    db = str(tmp_path / "db.sqlite3")
    proc = run("add", str(good), str(bad), "--db", db)
    assert proc.returncode == 1
    assert str(bad) in proc.stderr and "rejected" in proc.stderr
    assert "1 new article(s)" in proc.stdout
    again = run("add", str(good), "--db", db)
    assert again.returncode == 0 and "0 new article(s), 1 already stored" in again.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("analyze", "examples/seeds"),  # --out missing
        ("show", "st-nonexistent", "--db", "{db}"),
        ("frobnicate",),
        ("add", "x.txt", "--config", "{missing}"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args):
    args = [a.format(db=tmp_path / "db.sqlite3", missing=tmp_path / "nope.toml") for a in args]
    proc = run(*args)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stderr.strip()


def test_every_help_ends_with_an_example():
    commands = [("analyze",), ("add",), ("stories",), ("show",), ("bench", "stories"), ("bench", "translations"),
                ("bench", "attribution"), ("bench", "entities")]
    for command in commands:
        proc = run(*command, "--help")
        assert proc.returncode == 0
        tail = proc.stdout.strip().splitlines()[-2:]
        assert tail[0].strip() == "Example:", command
        assert tail[1].strip().startswith("corroborate " + command[0]), command
