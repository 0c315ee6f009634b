import json
from pathlib import Path

import pytest

from corroborate.errors import InputError
from corroborate.evaluate.translations import bench_translations, format_figures

DATA = Path(__file__).parents[2] / "../shared/data"


@pytest.mark.skipif(not (DATA / "meantime/en.jsonl").exists(), reason="shared data absent")
def test_bench_on_a_slice(tmp_path):
    en = (DATA / "meantime/en.jsonl").read_text().splitlines()[:30]
    es = (DATA / "meantime/es.jsonl").read_text().splitlines()[:30]
    (tmp_path / "en.jsonl").write_text("\n".join(en) + "\n")
    (tmp_path / "es.jsonl").write_text("\n".join(es) + "\n")
    out = tmp_path / "pred.jsonl"
    d = bench_translations(tmp_path / "en.jsonl", tmp_path / "es.jsonl", out)
    assert d["scored"] == 30
    assert d["accuracy@1"] >= 0.95 and d["mrr"] >= 0.95
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == 30
    ids = {json.loads(x)["id"] for x in en}
    assert all(set(rec["candidates"]) == ids for rec in lines)
    assert "accuracy@1" in format_figures(d)


def test_bad_record_names_the_line(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "1", "text": "x"}\n{"text": "no id"}\n')
    with pytest.raises(InputError, match=r"a.jsonl:2"):
        bench_translations(tmp_path / "a.jsonl", tmp_path / "a.jsonl")
