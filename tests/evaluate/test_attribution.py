"""The attribution scorer (Dice matching, with-source rule) and the bench on a slice of PolNeAR dev."""

from pathlib import Path

import pytest

from corroborate.evaluate.attribution import _Tokens, bench_attribution, dice, format_figures, match

DEV = Path(__file__).parents[2] / "../shared/data/polnear/dev.jsonl"
TEXT = "Alice Smith said the river flooded the old town. Bob Jones said the bridge held firm all night."


def _sp(text: str, frag: str) -> dict:
    i = text.index(frag)
    return {"start": i, "end": i + len(frag), "text": frag}


def _att(src, content):
    return {"source": _sp(TEXT, src) if src else None, "cue": None, "content": _sp(TEXT, content)}


def test_dice_over_token_positions():
    assert dice({1, 2, 3}, {2, 3, 4}) == pytest.approx(2 * 2 / 6)
    assert dice(set(), set()) == 0.0


def test_one_to_one_greedy_match_and_source_rule():
    toks = _Tokens(TEXT)
    gold = [_att("Alice Smith", "the river flooded the old town"), _att("Bob Jones", "the bridge held firm all night")]
    # two predictions compete for the first gold one: only the better one matches
    pred = [_att("Alice Smith", "river flooded the old town"), _att("Bob Jones", "the river flooded the old")]
    assert match(pred, gold, toks) == (1, 1)
    # half-overlap content still matches (Dice >= 0.5), a wrong source does not count for with-source
    pred = [_att("Bob Jones", "the river flooded"), _att(None, "the bridge held firm all night")]
    content, both = match(pred, gold, toks)
    assert (content, both) == (2, 0)  # "the river flooded": Dice 2*3/9 = 0.67; sources differ / one missing
    # both without a source counts as a source match
    gold2 = [_att(None, "the bridge held firm all night")]
    assert match([_att(None, "bridge held firm all night")], gold2, toks) == (1, 1)
    assert match([_att("Bob Jones", "bridge held firm all night")], gold2, toks) == (1, 0)


def test_discontinuous_gold_span_is_aligned():
    text = "“First part,” he said, “second part here.”"
    toks = _Tokens(text)
    span = {"start": 0, "end": len(text), "text": "“First part,” “second part here.”"}
    words = [text[toks.spans[i][0] : toks.spans[i][1]] for i in sorted(toks.of(span))]
    assert words == ["First", "part", "second", "part", "here"]


@pytest.mark.skipif(not DEV.exists(), reason="PolNeAR data absent")
def test_bench_on_dev_slice_beats_rule_baseline(tmp_path):
    out = tmp_path / "pred.jsonl"
    d = bench_attribution(DEV, out, limit=25)
    assert d["articles"] == 25 and d["gold"] > 100
    assert d["content_f1"] > d["baseline_content_f1"]
    assert d["with_source_f1"] > d["baseline_with_source_f1"]
    assert d["content_f1"] > 0.45
    assert "content match" in format_figures(d)
    assert len(out.read_text().splitlines()) == 25


@pytest.mark.skipif(not DEV.exists(), reason="PolNeAR data absent")
def test_bench_honours_a_config_override(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[attribution]\nmin_quote_words = 40\n", encoding="utf-8")
    base = bench_attribution(DEV, limit=10)
    strict = bench_attribution(DEV, limit=10, config_path=cfg)
    assert strict["kinds"].get("direct", 0) < base["kinds"].get("direct", 0)
