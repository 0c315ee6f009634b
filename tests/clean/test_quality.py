"""Quality score: garbled copy scores lower; edited copy from the labelled sets scores high."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate import config
from corroborate.clean import clean, score_quality
from corroborate.model import RawDoc

DATA = (Path(__file__).parents[2] / "../shared/data").resolve()

CLEAN = config.settings()["clean"]


def test_signals_each_give_a_reason() -> None:
    clean_text = "The council voted on Tuesday to build a new bridge over the river. " * 8
    assert score_quality(clean_text).score == 1.0
    garbled = (
        "The council voted to build a bridge over the riverMostly in the east. "
        "Officials said using The tactics of the city To throw money at it. "
        "Moscow using Moscow using the the bridge. Prices rose for a full -scale plan "
    ) * 2
    q = score_quality(garbled)
    assert q.score < 0.7
    joined = " ".join(q.reasons)
    for what in ("glued", "capitalised function words", "repeated words", "final punctuation", "spacing"):
        assert what in joined


def test_short_shouting_and_mojibake() -> None:
    assert "very short" in " ".join(score_quality("Too short.").reasons)
    shout = score_quality("THE COUNCIL VOTED TO BUILD A BRIDGE OVER THE RIVER ON TUESDAY. " * 10)
    assert any("capital letters" in r for r in shout.reasons)
    assert any("mojibake" in r for r in score_quality("Ã©Ã©Ã© " * 5 + "fine text here. " * 30).reasons)


def test_mostly_boilerplate() -> None:
    art = clean(RawDoc("a", "Advertisement\n\nShare this article\n\nRead more\n\nFollow us on X\n\nThe vote passed.", "x"), CLEAN)
    assert any("boilerplate" in r for r in art.quality.reasons)


@pytest.mark.skipif(not DATA.is_dir(), reason="shared data not available")
@pytest.mark.parametrize(
    "name, floor",
    [("newswcl50/events-0-6.jsonl", 0.97), ("meantime/en.jsonl", 0.97), ("meantime/es.jsonl", 0.97),
     ("meantime/it.jsonl", 0.97), ("polnear/dev.jsonl", 0.95), ("ecbplus/topics-1-35.jsonl", 0.95)],
)
def test_edited_copy_scores_high(name: str, floor: float) -> None:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    scores = [clean(RawDoc(str(r["id"]), r["text"], name, title=r.get("title")), CLEAN).quality.score
              for r in records if r.get("text")]
    high = sum(s >= 0.85 for s in scores) / len(scores)
    assert high >= floor, (name, high)
