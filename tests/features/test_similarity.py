import json
from pathlib import Path

import numpy as np
import pytest

from corroborate.features.similarity import crosslingual_vectors, number_key, sentence_similarity, sentence_vectors

DATA = Path(__file__).parents[2] / "../shared/data"


def test_garbled_translation_ranks_above_unrelated():
    original = "Government troops captured three foreign nationals near the border town on Sunday, officials said."
    garbled = "The government troops captivated three foreign citizens close to the border town Sunday, said officials."
    unrelated = "The central bank raised interest rates by half a point to fight inflation in the housing market."
    sim = sentence_similarity([original], [garbled, unrelated])
    assert sim[0, 0] > 0.5
    assert sim[0, 0] > 2 * sim[0, 1]


def test_spelling_variants_meet():
    a = "President Volodymyr Zelenskyy spoke in Kyiv about the prisoners."
    b = "President Volodimir Zelenski spoke in Kiev about the prisoners."
    c = "President Emmanuel Macron spoke in Paris about the pensions."
    sim = sentence_similarity([a], [b, c])
    assert sim[0, 0] > 2 * sim[0, 1]


def test_numbers_are_anchors_and_normalised():
    assert number_key("40.000") == number_key("40") == "4"
    assert number_key("01") == "1"
    same = sentence_similarity(["The deal is worth 179 aircraft."], ["A contract for 179 planes.", "A contract for 12 planes."])
    assert same[0, 0] > same[0, 1]


def test_rows_are_unit_and_empty_rows_are_zero():
    m = sentence_vectors(["Alpha beta gamma delta.", "", "the of and"])
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    assert norms[0] == pytest.approx(1.0)
    assert norms[1] == 0 and norms[2] == 0


@pytest.mark.skipif(not (DATA / "meantime/en.jsonl").exists(), reason="shared data absent")
def test_crosslingual_similarity_finds_translation():
    en = [json.loads(x) for x in (DATA / "meantime/en.jsonl").read_text().splitlines()[:15]]
    it = [json.loads(x) for x in (DATA / "meantime/it.jsonl").read_text().splitlines()[:15]]
    m = crosslingual_vectors([r["text"] for r in en] + [r["text"] for r in it])
    sim = (m[len(en):] @ m[: len(en)].T).toarray()
    assert (sim.argmax(axis=1) == np.arange(len(it))).mean() >= 0.9
