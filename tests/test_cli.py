"""The command line, run as a real subprocess through the installed entry point."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
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
    assert "5 new articles," in proc.stdout
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




@pytest.mark.parametrize("command", [["stories"], ["stories", "--json"], ["show", "{sid}"], ["show", "{sid}", "--json"]])
def test_reading_commands_import_no_analysis_code(analyzed, command, analysis_imports):
    # issue 11, fast start: the analysis stages and the numeric libraries stay unloaded
    root, _ = analyzed
    db = str(root / "db.sqlite3")
    sid = run("stories", "--db", db).stdout.split()[0]
    out, heavy = analysis_imports(*[a.format(sid=sid) for a in command], "--db", db)
    assert out.strip() and heavy == []


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
    assert "1 new article," in proc.stdout
    again = run("add", str(good), "--db", db)
    assert again.returncode == 0 and "0 new articles, 1 already stored" in again.stdout


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


@pytest.mark.parametrize("command", [["stories"], ["stories", "--json"], ["show", "st-abc"], ["show", "st-abc", "--format", "md"],
                                     ["export", "--out", "{tmp}/exports"]])
def test_a_read_only_command_on_a_missing_store_says_so_exits_2_and_creates_nothing(tmp_path, command):
    # issue 14: `stories` without --db used to say "No stories" and leave an empty ./corroborate.sqlite3
    db = tmp_path / "nope.sqlite3"
    proc = run(*[a.format(tmp=tmp_path) for a in command], "--db", str(db), cwd=tmp_path)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert f"no store at {db}" in proc.stderr and "corroborate add" in proc.stderr and "corroborate analyze" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no store, no -wal/-shm, no exports folder


def test_the_default_store_is_not_created_by_a_listing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CORROBORATE_DB"}
    proc = subprocess.run([*CLI, "stories"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 2 and "no store at corroborate.sqlite3" in proc.stderr
    assert not (tmp_path / "corroborate.sqlite3").exists()


def test_listings_count_with_the_right_plural(analyzed):
    root, proc = analyzed
    db = str(root / "db.sqlite3")
    outputs = [proc.stdout, run("stories", "--db", db).stdout]
    sid = outputs[-1].split()[0]
    outputs.append(run("show", sid, "--db", db).stdout)
    outputs.append(run("export", "--db", db, "--out", str(root / "exports")).stdout)
    assert "1 story, " in outputs[-1]
    for out in outputs:
        assert "(s)" not in out and "1 stories" not in out and "1 articles" not in out, out


def test_every_help_ends_with_an_example():
    commands = [("analyze",), ("add",), ("stories",), ("show",), ("bench", "stories"), ("bench", "translations"),
                ("bench", "attribution"), ("bench", "entities")]
    for command in commands:
        proc = run(*command, "--help")
        assert proc.returncode == 0
        tail = proc.stdout.strip().splitlines()[-2:]
        assert tail[0].strip() == "Example:", command
        assert tail[1].strip().startswith("corroborate " + command[0]), command


def test_add_with_hostile_records_stores_every_good_one_and_exits_1(tmp_path, seeds_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, inputs / seed.name)
    body = "Officials said the bridge reopened on Friday after repairs. Traffic resumed on both lanes."
    records = [{"id": f"r{n}", "text": f"{body} Report {n}."} for n in range(4)]
    records[1]["title"] = "\ud800"
    (inputs / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
    (inputs / "nul.jsonl").write_bytes(b'{"text": "a\x00b"}\n' + json.dumps({"id": "n1", "text": body + " Later."}).encode() + b"\n")
    (inputs / "types.json").write_text(json.dumps([{"text": 5}, {"text": body, "title": ["x"]}, {"text": body + " Again."}]), "utf-8")
    proc = run("add", str(inputs), "--db", str(tmp_path / "db.sqlite3"))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"rejected: {inputs / 'feed.jsonl'}:2: field 'title' holds an invalid character (lone surrogate U+D800)" in proc.stderr
    assert f"rejected: {inputs / 'nul.jsonl'}:1: line holds a NUL byte" in proc.stderr
    assert f"rejected: {inputs / 'types.json'}[0]: field 'text' is a JSON number, expected a string" in proc.stderr
    assert f"rejected: {inputs / 'types.json'}[1]: field 'title' is a JSON array, expected a string" in proc.stderr
    assert "10 new articles, 0 already stored, 4 rejected." in proc.stdout  # 5 seeds, r0 r2 r3, n1, types[2]


def test_a_store_held_by_another_writer_is_a_failed_run_exit_3(tmp_path):
    from corroborate.store import Store

    db = tmp_path / "db.sqlite3"
    Store(db).close()
    (tmp_path / "a.txt").write_text("Bridge approved by the council\n\nThe council voted on Tuesday to build a bridge.\n")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write
    try:
        proc = run("add", str(tmp_path / "a.txt"), "--db", str(db), "--lock-wait", "0.2")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    assert "write lock" in proc.stderr and "Traceback" not in proc.stderr
    again = run("add", str(tmp_path / "a.txt"), "--db", str(db))
    assert again.returncode == 0 and "1 new article," in again.stdout


def test_an_unusable_out_folder_is_a_usage_error(tmp_path, seeds_dir):
    (tmp_path / "file").write_text("x")
    proc = run("analyze", str(seeds_dir), "--out", str(tmp_path / "file" / "out"), "--db", str(tmp_path / "db.sqlite3"))
    assert proc.returncode == 2 and "--out" in proc.stderr and "Traceback" not in proc.stderr


def test_help_lists_the_exit_codes():
    text = run("--help").stdout
    assert "Exit codes:" in text
    for code in ("0", "1", "2", "3", "130"):
        assert any(line.split()[:1] == [code] for line in text.splitlines()), code
