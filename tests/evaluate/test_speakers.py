"""The speaker benchmark: name matching, scoring against labels, and failing clearly without data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate import config
from corroborate.errors import InputError
from corroborate.evaluate.speakers import bench_speakers, name_matches, read_labels

ROOT = Path(__file__).resolve().parents[2]
NEWSWCL50 = ROOT / "../shared/data/newswcl50/events-0-6.jsonl"
SEEDS = ROOT / "examples" / "seeds"
LABELS = ROOT / "benchmarks" / "data" / "speakers.jsonl"


def test_name_matching_by_key_surname_and_title():
    assert name_matches("Zelensky", "Volodymyr Zelenskyy")
    assert name_matches("Volodimir Zelenski", "Volodymyr Zelensky")
    assert name_matches("Donald J. Trump", "Donald Trump")
    assert name_matches("Labour MP David Lammy", "David Lammy")  # a title in front
    assert name_matches("Foreign Ministry", "China's Foreign Ministry", aliases=("Foreign Ministry",))
    assert not name_matches("Boris Johnson", "Woody Johnson")
    assert not name_matches("United States Donald Trump", "Donald Trump")  # a fragment in front
    assert not name_matches("James Comey Memos", "James Comey")
    assert not name_matches("Donald Trump", None) and name_matches(None, None)


def test_labels_are_checked(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_labels(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"set": "seeds", "article": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing"):
        read_labels(bad)


def test_missing_source_data_is_named(tmp_path):
    labels = tmp_path / "l.jsonl"
    labels.write_text(json.dumps({"set": "seeds", "article": "x", "start": 0, "end": 1, "text": "x",
                                  "gold_speaker": None}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="NewsWCL50 events file not found"):
        bench_speakers(labels, tmp_path / "absent.jsonl", SEEDS, config.settings())


@pytest.mark.skipif(not NEWSWCL50.exists(), reason="NewsWCL50 absent from ../shared/data")
def test_seed_labels_score(tmp_path):
    # the labels of the five seeds only (a quick slice); the full file is `corroborate bench speakers`
    rows = [r for r in (json.loads(line) for line in LABELS.read_text("utf-8").splitlines()) if r["set"] == "seeds"]
    assert len(rows) >= 70 and any(r["gold_speaker"] is None for r in rows)
    part = tmp_path / "seeds.jsonl"
    part.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out: list = []
    f = bench_speakers(part, NEWSWCL50, SEEDS, config.settings(), rows_out=out)
    assert f["labels"] == len(rows) == len(out)
    assert f["precision"] >= 0.95 and f["coverage"] >= 0.6
    # the seed 002 instruction is Zelensky's, never the "Security Service" named in the quote before it
    inst = [r for r in out if r["text"].startswith("The Ukrainian president went on to say")]
    assert inst and inst[0]["predicted"] in (None, "Volodymyr Zelensky")
