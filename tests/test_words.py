"""Counted nouns (issue 14: "1 articles", "article(s)"): one helper for every output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from corroborate import config
from corroborate.render import render
from corroborate.render.text import story_text
from corroborate.words import count, plural

GOLDEN = Path(__file__).resolve().parent / "render" / "golden"


@pytest.mark.parametrize(("n", "noun", "want"), [
    (0, "article", "0 articles"), (1, "article", "1 article"), (5, "article", "5 articles"),
    (1, "story", "1 story"), (2, "story", "2 stories"), (0, "story", "0 stories"),
    (1, "independent source", "1 independent source"), (4, "independent source", "4 independent sources"),
    (2, "more claim", "2 more claims"), (3, "boilerplate piece", "3 boilerplate pieces"),
    (2, "match", "2 matches"), (2, "box", "2 boxes"), (2, "entry", "2 entries"),
])
def test_count(n, noun, want):
    assert count(n, noun) == want


def test_an_irregular_plural_is_given_explicitly():
    assert count(2, "person", "people") == "2 people" and count(1, "person", "people") == "1 person"
    assert count(3, "analysis", "analyses") == "3 analyses"
    assert plural("datum", 1, "data") == "datum" and plural("datum", 7, "data") == "data"


def test_no_parenthesised_plural_in_the_seed_reports():
    doc = json.loads((GOLDEN / "seeds.report.json").read_text("utf-8"))
    outputs = {fmt: render(doc, fmt, **config.settings()["brief"]) for fmt in ("md", "html")}
    outputs["text"] = story_text(doc, doc["stories"][0])
    for fmt, out in outputs.items():
        assert not re.findall(r"\w\(s\)", out), fmt
        assert not re.search(r"\b1 (articles|stories|independent sources|conflicts|claims)\b", out), fmt
