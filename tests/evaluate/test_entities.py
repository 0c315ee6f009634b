from pathlib import Path

import pytest

from corroborate.evaluate.entities import bench_entities, name_core, pairwise

DATA = Path(__file__).resolve().parents[2] / "../shared/data/newswcl50/events-0-6.jsonl"


def test_pairwise_counts():
    gold = ["a", "a", "a", "b"]
    assert pairwise(gold, [1, 1, 1, 2]) == (3, 0, 0)
    assert pairwise(gold, [1, 1, 2, 2]) == (1, 1, 2)
    assert pairwise(gold, [None, None, None, None]) == (0, 0, 3)  # undetected mentions join nothing
    assert pairwise(gold, [1, 1, 1, 1]) == (3, 3, 0)


def test_name_core():
    assert name_core("Mr. Trump") == "Trump"
    assert name_core("President Moon Jae-in") == "Moon Jae-in"
    assert name_core("Trump's") == "Trump"
    assert name_core("the president") is None
    assert name_core("American officials") is None
    assert name_core("Americans") is None
    assert name_core("North and South Korea") is None


@pytest.mark.skipif(not DATA.exists(), reason="NewsWCL50 absent")
def test_newswcl50_slice(tmp_path):
    lines = [l for l in DATA.read_text(encoding="utf-8").splitlines() if l.strip()][:10]  # events 0 and 1
    part = tmp_path / "slice.jsonl"
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    d = bench_entities(part)
    assert d["events"] == 2 and d["name_mentions"] > 200
    assert d["coverage"] >= 0.9
    assert d["actor"]["precision"] >= 0.95 and d["actor"]["recall"] >= 0.8
    assert d["all"]["f1"] > d["baseline"]["f1"]
