import json
import re
from pathlib import Path

import pytest

from corroborate import config
from corroborate.model import Provenance
from corroborate.relate import find_provenance, independent_groups

DATA = Path(__file__).parents[2] / "../shared/data"
SEEDS = Path(__file__).parents[2] / "examples/seeds"
WCL = DATA / "newswcl50/events-0-6.jsonl"
PROVENANCE = config.settings()["provenance"]

needs_data = pytest.mark.skipif(not WCL.exists(), reason="shared data absent")


def _wcl() -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, WCL.read_text().splitlines())}


def _first(text: str, n: int) -> str:
    """The first n sentences of a text (NewsWCL50 texts have one paragraph per line)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.replace("\n", " "))
    return " ".join(parts[:n])


def _lightly_edited(text: str) -> str:
    """Drop every sixth word in two stretches of 40 words out of three: most 8-grams break, the content stays."""
    w = text.split()
    return " ".join(x for i, x in enumerate(w) if (i // 40) % 3 == 0 or i % 6 != 5)


@needs_data
def test_copy_rewrite_quote_and_unrelated(make_article):
    wcl = _wcl()
    base = _first(wcl["0_L"]["text"], 25)
    other = _first(wcl["1_L"]["text"], 25)
    third = _first(wcl["2_L"]["text"], 25)
    quote = "“We will not accept any deal that leaves our workers behind, and we will say so at every meeting,” the union leader wrote."
    arts = [
        make_article("orig", base),
        make_article("copy", base + " Copyright 2018, all rights reserved by the syndicating agency."),
        make_article("rewr", _lightly_edited(base)),
        make_article("q1", other + "\n" + quote),
        make_article("q2", third + "\n" + quote),
    ]
    links = find_provenance(arts, PROVENANCE)
    by_pair = {frozenset((p.source_id, p.derived_id)): p for p in links}
    assert by_pair[frozenset(("orig", "copy"))].relation == "copy"
    assert by_pair[frozenset(("orig", "rewr"))].relation in {"rewrite", "translation"}
    assert by_pair[frozenset(("q1", "q2"))].relation == "shared_quote"
    for a in ("orig", "copy", "rewr"):
        for b in ("q1", "q2"):
            assert frozenset((a, b)) not in by_pair
    # more shared content ranks first
    assert links[0].relation == "copy"
    assert by_pair[frozenset(("orig", "rewr"))].similarity > by_pair[frozenset(("q1", "q2"))].similarity
    # the evidence: aligned sentences really say the same thing
    copy = by_pair[frozenset(("orig", "copy"))]
    texts = {a.id: a for a in arts}
    assert len(copy.pairs) >= 10
    for p in copy.pairs[:5]:
        assert texts[copy.source_id].sentences[p.source_sentence].text == texts[copy.derived_id].sentences[p.derived_sentence].text
    assert independent_groups([a.id for a in arts], links) == [("orig", "copy", "rewr"), ("q1",), ("q2",)]


@needs_data
def test_independent_reports_of_one_event_are_not_derived(make_article):
    wcl = _wcl()
    arts = [make_article(r["id"], r["text"]) for r in wcl.values() if r["event"] == 0]
    links = find_provenance(arts, PROVENANCE)
    assert all(p.relation == "shared_quote" for p in links)
    assert len(independent_groups([a.id for a in arts], links)) == len(arts)


@needs_data
def test_direction_by_date_else_canonical(make_article):
    base = _first(_wcl()["0_R"]["text"], 20)
    late = make_article("a-late", base, published="2018-06-02")
    early = make_article("b-early", base + " More to follow.", published="2018-06-01T08:00:00")
    (p,) = find_provenance([late, early], PROVENANCE)
    assert (p.source_id, p.derived_id, p.directed) == ("b-early", "a-late", True)
    (q,) = find_provenance([make_article("z", base), make_article("y", base)], PROVENANCE)
    assert (q.source_id, q.derived_id, q.directed) == ("y", "z", False)


@pytest.mark.skipif(not (DATA / "meantime/en.jsonl").exists(), reason="shared data absent")
def test_translation_across_languages(make_article):
    en = [json.loads(x) for x in (DATA / "meantime/en.jsonl").read_text().splitlines()[:3]]
    es = [json.loads(x) for x in (DATA / "meantime/es.jsonl").read_text().splitlines()[:3]]
    arts = [
        make_article("en0", en[0]["text"], language="en"),
        make_article("es0", es[0]["text"], language="es", quality=0.6),
        make_article("es2", es[2]["text"], language="es"),
    ]
    links = [p for p in find_provenance(arts, PROVENANCE) if p.relation != "shared_quote"]
    assert [(p.source_id, p.derived_id, p.relation, p.directed) for p in links] == [("en0", "es0", "translation", True)]


@pytest.mark.skipif(not SEEDS.exists(), reason="seed examples absent")
def test_seed_story(make_article):
    arts = [make_article(p.stem[:3], p.read_text("utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    links = find_provenance(arts, PROVENANCE)
    assert {links[0].source_id, links[0].derived_id} == {"000", "001"}
    assert links[0].relation in {"rewrite", "translation"}
    assert len(independent_groups([a.id for a in arts], links)) == 4
    assert any(p.relation == "shared_quote" and "001" in (p.source_id, p.derived_id) for p in links)


def test_groups_follow_derivations_only():
    links = [
        Provenance("a", "b", "copy", 0.9),
        Provenance("c", "d", "shared_quote", 0.2),
        Provenance("d", "e", "translation", 0.5),
        Provenance("x", "a", "rewrite", 0.4),  # unknown id: ignored
    ]
    assert independent_groups(["e", "a", "c", "b", "d"], links) == [("e", "d"), ("a", "b"), ("c",)]
    assert independent_groups([], links) == []
