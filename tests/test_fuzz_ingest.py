"""Fuzzing ingest and the CLI (hypothesis, bounded for CI): folders mixing good and hostile
inputs (the generators of benchmarks/fuzz.py, whose long run tries 10,000+ inputs).

Asserted for every case: no crash or traceback, every good record stored under its id,
every bad input rejected and named by its origin, and exit code 1 from the CLI.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("corroborate_fuzz_bench", ROOT / "benchmarks" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = fuzz  # dataclasses look their module up while the file runs
_spec.loader.exec_module(fuzz)

BOUNDED = settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
_folders = itertools.count()


def _check(case, outcome) -> None:
    assert outcome.crashed is None, outcome.crashed
    assert not outcome.lost, f"good records not stored: {outcome.lost}"
    assert not outcome.unnamed, f"bad inputs not named: {outcome.unnamed}"


@BOUNDED
@given(case=fuzz.cases())
def test_ingest_rejects_each_hostile_input_alone(tmp_path_factory, case):
    folder = tmp_path_factory.getbasetemp() / f"fuzz-lib-{next(_folders)}"
    fuzz.write(case, folder)
    _check(case, fuzz.run_library(case, folder))


@settings(BOUNDED, max_examples=40)
@given(case=fuzz.cases(max_lines=6))
def test_cli_add_names_each_bad_input_and_exits_1(tmp_path_factory, case):
    folder = tmp_path_factory.getbasetemp() / f"fuzz-cli-{next(_folders)}"
    fuzz.write(case, folder)
    outcome = fuzz.run_cli(case, folder, "analyze" if next(_folders) % 5 == 0 else "add")
    _check(case, outcome)
    if case.bad:
        assert outcome.exit_code == 1
