"""The conflict-injection benchmark: figures found, changed in form, injected and judged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from corroborate import config
from corroborate.evaluate.briefs import derive_story
from corroborate.evaluate.conflicts import (
    bench_conflicts, candidates, changed_figure, figures_of, format_figures, inject, load_events, outcome,
)
NEWSWCL = Path(__file__).resolve().parents[3] / "shared" / "data" / "newswcl50" / "events-0-6.jsonl"
# NewsWCL50 event 0 (Trump-Kim summit): a sentence with a count and a weekday.
SENTENCE = "Trump told reporters on Tuesday that five locations were being considered for the summit, but that none of them were in the United States, according to CNN."


def _slice(tmp_path, event: str):
    if not NEWSWCL.exists():
        if os.environ.get("CI"):
            pytest.fail(f"shared data missing in CI: {NEWSWCL}")
        pytest.skip(f"shared data not available: {NEWSWCL}")
    path = tmp_path / "slice.jsonl"
    with NEWSWCL.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for line in src:
            if line.strip() and str(json.loads(line)["event"]) == event:
                out.write(line)
    return path


def test_figures_of_a_real_sentence_and_their_changed_forms():
    figs = {f.kind: f for f in figures_of(SENTENCE)}
    assert figs["count"].text == "five" and figs["count"].key == ("q", 5.0, "location", None)
    assert figs["weekday"].text == "Tuesday"
    assert changed_figure(figs["count"]) == "seven"
    assert changed_figure(figs["weekday"]) not in {None, "Tuesday"}
    money = [f for f in figures_of("The company paid $2.6 million to settle the case.") if f.kind == "money"][0]
    assert changed_figure(money).startswith("$") and changed_figure(money).endswith(" million") and "2.6" not in changed_figure(money)


def test_an_injection_changes_only_the_figure_and_is_judged(tmp_path):
    settings = config.settings()
    (event, items), = load_events(_slice(tmp_path, "0"), settings)
    articles = [a for _, a in items]
    raws = {a.id: r for r, a in items}
    base = derive_story(event, articles, settings)
    cands = candidates(base, articles)
    assert cands, "event 0 has figures two articles state alike"
    made = 0
    for c in cands:
        assert c.kept.article_id != c.altered.article_id and c.kept_figure.key == c.altered_figure.key
        orig = next(a for a in articles if a.id == c.altered.article_id)
        inj = inject(raws[orig.id], orig, c, settings["clean"])
        if isinstance(inj, str):
            continue
        made += 1
        new = inj.article.text
        assert new != orig.text
        # the texts differ only inside the figure: same before it, same after it
        assert new[: inj.start] == orig.text[: inj.start]
        assert new[inj.end :] == orig.text[inj.start + len(c.altered_figure.text) :]
        assert inj.new_text != c.altered_figure.text
        story = derive_story(event, [inj.article if a.id == orig.id else a for a in articles], settings)
        res = outcome(story, c, inj, next(a for a in articles if a.id == c.kept.article_id))
        assert {type(res[k]) for k in ("detected", "labelled", "leaked")} == {bool}
        assert not res["labelled"] or res["detected"]
        assert not (res["leaked"] and res["named_in_conflicts"])
    assert made >= 1


def test_bench_writes_figures_and_predictions(tmp_path):
    preds = tmp_path / "preds.jsonl"
    f = bench_conflicts(_slice(tmp_path, "0"), preds, config.settings(), seed=1, per_event=2)
    assert f["injections"] >= 1 and 0.0 <= f["recall"] <= 1.0 and 0.0 <= f["leak_rate"] <= 1.0
    assert f["labelled"] <= f["detected"] <= f["injections"]
    rows = [json.loads(line) for line in preds.read_text("utf-8").splitlines()]
    inj = [r for r in rows if r["type"] == "injection"]
    assert len(inj) == f["injections"] and all(r["original"] != r["new"] and r["new"] in r["altered"]["text"] for r in inj)
    assert sum(r["type"] == "conflict" for r in rows) == f["untouched_conflicts"]
    assert "recall" in format_figures(f) and f["events"][0]["seconds"] >= 0
    assert bench_conflicts(_slice(tmp_path, "0"), None, config.settings(), seed=1, per_event=2)["injections"] == f["injections"]
