"""The labelled claim-alignment sample (benchmarks/data/claim_pairs.jsonl) and its benchmark's gates."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT / "benchmarks" / "data" / "claim_pairs.jsonl"
BENCH = ROOT / "benchmarks" / "claim_alignment.py"
HARD = {"hard-figure", "hard-polarity", "hard-modality", "hard-actor", "hard-quote", "hard-date", "hard-place",
        "hard-step"}
POS = {"pos-v1", "pos-copy", "pos-rephrase", "pos-subset", "pos-figure"}


def _rows() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines() if line.strip()]


def _bench():
    spec = importlib.util.spec_from_file_location("claim_alignment_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_sample_size_and_balance():
    rows = _rows()
    strata = Counter(r["stratum"] for r in rows)
    hard = sum(n for s, n in strata.items() if s in HARD)
    assert len(rows) >= 600
    assert sum(r["label"] for r in rows) >= 200
    assert hard * 2 >= len(rows), f"{hard} hard negatives of {len(rows)}"
    assert set(strata) <= HARD | POS | {"neg-other"}
    for r in rows:
        assert r["label"] in (0, 1)
        assert (r["label"] == 1) == r["stratum"].startswith("pos"), r
        # offsets and labels only: no article text stored beyond the short judgement notes
        assert set(r) <= {"set", "a", "b", "label", "stratum", "draw", "why", "note"}
        assert len(r.get("why", "")) <= 120 and len(r.get("note", "")) <= 200
    assert all(r.get("why") or r.get("note") for r in rows if r["stratum"] in HARD and r["draw"][:2] != "v1")
    keys = [tuple(sorted((json.dumps(r["a"]), json.dumps(r["b"])))) for r in rows]
    assert len(keys) == len(set(keys)), "a pair is labelled twice"


def test_pairs_join_two_articles_of_one_gold_event(shared_records, seeds_dir):
    event = {r["id"]: ("newswcl50", r["event"]) for r in shared_records("newswcl50/events-0-6.jsonl")}
    event.update({r["id"]: ("ecbplus", r["event"]) for r in shared_records("ecbplus/topics-1-35.jsonl")})
    text = {r["id"]: r["text"] for name in ("newswcl50/events-0-6.jsonl", "ecbplus/topics-1-35.jsonl")
            for r in shared_records(name)}
    for p in seeds_dir.glob("*.txt"):
        event[p.stem], text[p.stem] = ("seeds", "seeds"), p.read_text("utf-8")
    rows = _rows()
    assert {r["set"] for r in rows} == {"seeds", "newswcl50", "ecbplus"}
    for r in rows:
        a, b = r["a"], r["b"]
        assert a["id"] != b["id"] and event[a["id"]] == event[b["id"]] and event[a["id"]][0] == r["set"]
        for side in (a, b):
            assert 0 <= side["start"] < side["end"] <= len(text[side["id"]])
            assert text[side["id"]][side["start"]:side["end"]].strip()
    # the offsets point at the sentences that were judged: a hard figure pair reads as its note says
    fig = next(r for r in rows if r.get("why") == "12 AK-47s recovered vs seven AK-47s")
    sa = text[fig["a"]["id"]][fig["a"]["start"]:fig["a"]["end"]]
    sb = text[fig["b"]["id"]][fig["b"]["start"]:fig["b"]["end"]]
    assert "12 AK 47" in sa and "seven AK-47" in sb and fig["label"] == 0


def test_precision_at_recall_picks_the_best_threshold_reaching_the_target():
    bench = _bench()
    y = np.array([1, 1, 1, 1, 0, 0, 0, 1])
    s = np.array([0.9, 0.8, 0.7, 0.3, 0.6, 0.2, 0.1, 0.5])
    got = bench.precision_at_recall(y, s, 0.75)
    # recall >= 0.75 is first reached at t=0.5 (P 4/5), but t=0.3 takes the last positive too (P 5/6)
    assert got == {"precision": 0.833, "recall": 1.0, "f1": 0.909, "threshold": 0.3}
    assert bench.precision_at_recall(y, np.zeros(8), 1.01) is None


def test_benchmark_fails_loudly_without_the_shared_data(tmp_path):
    bench = _bench()
    with pytest.raises(SystemExit, match="labelled data missing"):
        bench.load_sample(PAIRS, tmp_path / "no-data", ROOT / "examples" / "seeds")
    done = subprocess.run([sys.executable, str(BENCH), "--no-embeddings", "--data", str(tmp_path / "no-data")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "labelled data missing" in done.stderr and "newswcl50" in done.stderr
