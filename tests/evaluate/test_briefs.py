"""The brief benchmark: LexRank, the measures, and a run on a small labelled file."""

from __future__ import annotations

import json

import numpy as np

from corroborate.evaluate.briefs import bench_briefs, format_figures, lexrank_brief, lexrank_scores, measure
from corroborate.model import Article, BriefSentence, Claim, Evidence, Quality, Sentence, Story


def _article(aid: str, *texts: str) -> Article:
    text = " ".join(texts)
    sents, pos = [], 0
    for n, t in enumerate(texts):
        sents.append(Sentence(n, t, pos, pos + len(t)))
        pos += len(t) + 1
    return Article(aid, text, tuple(sents), quality=Quality(1.0))


def test_lexrank_ranks_the_sentence_the_others_agree_with_first():
    texts = [
        "Flood waters closed schools in the river town.",  # shares words with both of the next two
        "Flood waters rose overnight.",
        "Schools in the river town stay shut.",
        "A cat slept on a warm windowsill.",
    ]
    scores = lexrank_scores(texts)
    assert np.isclose(scores.sum(), 1.0)
    assert scores.argmax() == 0 and scores[0] > scores[3]


def test_lexrank_brief_fits_the_budget_and_cites_its_article():
    a = _article("a", "Flood waters rose in the river town overnight, officials said.", "A cat slept on a warm windowsill all day long.")
    b = _article("b", "The river town saw flood waters rise overnight, officials said.", "Schools will stay closed on Monday and Tuesday.")
    brief = lexrank_brief([a, b], budget=12)
    assert brief and sum(len(x.text.split()) for x in brief) <= 12
    assert all(x.text in {"a": a, "b": b}[x.article_ids[0]].text for x in brief)


def test_measures_on_a_hand_built_story():
    a = _article("a", "Twelve miners were rescued alive on Friday night.", "The governor thanked the volunteers.")
    b = _article("b", "All twelve miners were rescued alive on Friday.", "A bakery gave bread to the families.")
    ev = (Evidence("a", 0, a.sentences[0].text), Evidence("b", 0, b.sentences[0].text))
    claims = (
        Claim("c1", a.sentences[0].text, "fact", evidence=ev, support=2, independent_support=2),
        Claim("c2", a.sentences[1].text, "fact", evidence=(Evidence("a", 1, a.sentences[1].text),), support=1, independent_support=1),
    )
    story = Story("s", "t", ("a", "b"), independent_groups=(("a",), ("b",)), claims=claims)
    good = [BriefSentence(a.sentences[0].text, ("c1",), ("a", "b"))]
    m = measure(story, [a, b], good)
    assert m["faithful"] == 1 and m["citations_carried"] == m["citation_pairs"] == 2
    assert (m["covered_claims"], m["eligible_claims"]) == (1, 1)
    bad = [BriefSentence("Twelve miners were rescued.", (), ("b",)), BriefSentence(b.sentences[1].text, (), ("a",))]
    m = measure(story, [a, b], bad)
    assert m["faithful"] == 0  # not verbatim in what they cite
    assert m["citations_carried"] < m["citation_pairs"]
    assert m["covered_claims"] == 0


def test_bench_on_a_small_labelled_file(tmp_path, seeds_dir):
    data = tmp_path / "events.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for path in sorted(seeds_dir.iterdir()):
            fh.write(json.dumps({"id": path.stem, "text": path.read_text("utf-8"), "event": "seeds"}) + "\n")
    preds = tmp_path / "briefs.jsonl"
    f = bench_briefs(data, preds)
    assert f["stories"] == 1 and f["articles"] == 5
    assert f["ours"]["faithfulness"] == 1.0 and f["lexrank"]["faithfulness"] == 1.0
    assert f["ours"]["coverage"] > f["lexrank"]["coverage"]
    assert abs(f["ours"]["words_mean"] - f["lexrank"]["words_mean"]) <= 30
    row = json.loads(preds.read_text("utf-8").splitlines()[0])
    assert row["story"] == "seeds" and row["brief"] and row["lexrank"]
    text = format_figures(f)
    assert "faithfulness" in text and "coverage" in text and "LexRank" in text
