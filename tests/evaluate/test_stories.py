import json

from corroborate.evaluate.stories import bench_stories, format_figures

TEXTS = {
    "q1": ("A", "A magnitude 6.1 earthquake struck Velmora province, killing 14, Governor Anrik Dolhaus said in Kestrin."),
    "q2": ("A", "Governor Anrik Dolhaus said the 6.1 quake in Velmora killed 14 and flattened homes in Kestrin."),
    "p1": ("B", "Mayor Selin Oberhaug said the 5.4 quake injured 40 in Poratu and damaged Lamsey."),
    "p2": ("B", "The 5.4 earthquake near Poratu injured 40, Mayor Selin Oberhaug said, and hit Lamsey too."),
}


def test_bench_writes_predictions_and_figures(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({"id": k, "event": e, "text": t}) + "\n" for k, (e, t) in TEXTS.items()))
    out = tmp_path / "pred.jsonl"
    d = bench_stories(data, out, incremental=True)
    assert d["f1"] == 1.0 and d["stories"] == 2 and d["gold_stories"] == 2
    assert d["incremental"]["vs_batch"]["ari"] == 1.0
    preds = [json.loads(line) for line in out.read_text().splitlines()]
    assert {p["id"] for p in preds} == set(TEXTS)
    assert preds[0]["story"] == preds[1]["story"] != preds[2]["story"]
    text = format_figures(d)
    assert "BCubed" in text and "ARI" in text and "articles/s" in text
