"""Gates that fail: missing labelled data or golden files fail the suite, and the quality gate
(benchmarks/gate.py) refuses a regression or a changed corpus unless told (--accept)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


# -- the suite's own gates, run on a copy of the test harness beside no ../shared/data ----------
DATA_TEST = '''
def test_reads_shared_data(shared_records):
    assert shared_records("ecbplus/topics-1-35.jsonl")
'''
GOLDEN_TEST = '''
from pathlib import Path

def test_matches_golden(golden_file):
    path = Path(__file__).parent / "golden" / "out.txt"
    assert golden_file(path, lambda: "rendered\\n") == "rendered\\n"
'''


@pytest.fixture
def harness(tmp_path: Path) -> Path:
    """tmp/main/: the repo's pytest settings and conftest files, a data test and a golden test;
    tmp/shared/data does not exist."""
    main = tmp_path / "main"
    (main / "tests" / "render" / "golden").mkdir(parents=True)
    ini = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]["ini_options"]
    (main / "pytest.ini").write_text(f"[pytest]\naddopts = {ini['addopts']}\n", "utf-8")
    shutil.copy(ROOT / "tests" / "conftest.py", main / "tests" / "conftest.py")
    shutil.copy(ROOT / "tests" / "render" / "conftest.py", main / "tests" / "render" / "conftest.py")
    (main / "tests" / "test_data.py").write_text(DATA_TEST, "utf-8")
    (main / "tests" / "render" / "test_out.py").write_text(GOLDEN_TEST, "utf-8")
    return main


def pytest_in(main: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args, "tests"],
                          cwd=main, capture_output=True, text=True, timeout=120)


def test_missing_shared_data_stops_the_run_and_names_it(harness):
    run = pytest_in(harness)
    assert run.returncode == 4, run.stdout + run.stderr  # pytest's usage error: nothing ran, nothing passed
    assert "labelled data missing" in run.stderr
    assert str((harness.parent / "shared" / "data").resolve()) in run.stderr and "--allow-missing-data" in run.stderr


def test_allowed_missing_data_skips_with_its_reason_and_a_missing_golden_fails(harness):
    run = pytest_in(harness, "--allow-missing-data")
    out = run.stdout
    assert run.returncode == 1, out
    assert "SKIPPED" in out and "ecbplus/topics-1-35.jsonl absent (--allow-missing-data)" in out  # -ra prints why
    assert "golden file" in out and "is missing; create it with --update-goldens" in out
    assert not (harness / "tests" / "render" / "golden" / "out.txt").exists()  # never written unasked


def test_goldens_are_written_only_when_asked(harness):
    golden = harness / "tests" / "render" / "golden" / "out.txt"
    run = pytest_in(harness, "--allow-missing-data", "--update-goldens")
    assert run.returncode == 0, run.stdout
    assert golden.read_text("utf-8") == "rendered\n"
    golden.write_text("an older rendering\n", "utf-8")
    run = pytest_in(harness, "--allow-missing-data")
    assert run.returncode == 1 and golden.read_text("utf-8") == "an older rendering\n", run.stdout


# -- the quality gate: its comparison and its refusals, on a tiny check of a real file -----------
@pytest.fixture(scope="module")
def gate():
    spec = importlib.util.spec_from_file_location("corroborate_gate", ROOT / "benchmarks" / "gate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through it
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)
    sys.modules.pop("results", None)  # benchmarks/results.py, imported by --accept
    sys.path.remove(str(ROOT / "benchmarks"))  # gate.py puts its folder first for its helpers


def share_of_ones(paths, settings):
    """A figure of the corpus: the share of its lines that read 1 (and one lower-is-better figure)."""
    lines = paths[0].read_text("utf-8").split()
    share = sum(x == "1" for x in lines) / len(lines)
    return {"hit_rate": share, "miss_rate": 1 - share}


@pytest.fixture
def tiny(gate, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "labels.txt").write_text("1\n1\n1\n0\n", "utf-8")
    check = gate.Check("share of ones", (gate.shared("labels.txt"),), share_of_ones, frozenset({"miss_rate"}))
    baseline = tmp_path / "baseline.json"

    def run(*args: str) -> int:
        return gate.main(["--data", str(data), "--baseline", str(baseline), *args], checks={"tiny": check})

    return data / "labels.txt", baseline, run


def test_gate_records_only_when_accepted_and_passes_on_the_same_figures(tiny):
    labels, baseline, run = tiny
    assert run() == 2 and not baseline.exists()  # no baseline: cannot judge, writes nothing
    assert run("--accept") == 0
    doc = json.loads(baseline.read_text("utf-8"))
    fig = doc["checks"]["tiny"]["figures"]
    assert fig["hit_rate"] == {"value": 0.75, "better": "higher"} and fig["miss_rate"]["better"] == "lower"
    assert doc["checks"]["tiny"]["corpus"]["shared:labels.txt"] and doc["commit"] and doc["epsilon"] > 0
    assert run() == 0


def test_gate_refuses_a_regression_and_a_changed_corpus_unless_accepted(tiny, gate, tmp_path):
    labels, baseline, run = tiny
    run("--accept")
    before = baseline.read_text("utf-8")
    doc = json.loads(before)
    doc["checks"]["tiny"]["figures"]["hit_rate"]["value"] = 0.9  # as if the code had scored 0.9 before
    baseline.write_text(json.dumps(doc), "utf-8")
    assert run() == 1  # 0.75 < 0.9 - epsilon
    doc["checks"]["tiny"]["figures"]["hit_rate"]["value"] = 0.75 + doc["epsilon"] / 2
    baseline.write_text(json.dumps(doc), "utf-8")
    assert run() == 0  # within epsilon
    labels.write_text("1\n0\n0\n0\n", "utf-8")
    assert run() == 2  # same figures could not be compared: the corpus sha256 differs
    assert run("--accept") == 0  # told: the lower figures become the baseline
    assert json.loads(baseline.read_text("utf-8"))["checks"]["tiny"]["figures"]["hit_rate"]["value"] == 0.25
    labels.unlink()
    assert run() == 2 and run("--accept") == 2  # missing data is a failure, never a skip


def test_every_gate_check_has_a_baseline_with_its_corpus_hashes(gate):
    doc = gate.load_baseline(gate.BASELINE)
    assert set(doc["checks"]) == set(gate.CHECKS)
    for name, check in gate.CHECKS.items():
        entry = doc["checks"][name]
        assert set(entry["corpus"]) == {c.key for c in check.corpus}, name
        assert all(f["better"] in ("higher", "lower") for f in entry["figures"].values()), name
