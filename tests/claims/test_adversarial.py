"""Hostile texts through the per-story stages (hypothesis, bounded for CI): they complete and
their output is sane; timings are never asserted here (benchmarks/adversarial.py measures
time per KB against input size, and its generators are the ones used below).

Sane output: the story holds its one article; every claim's evidence and every brief
sentence is a slice of the article's text at the offsets it gives; what a work cap cut
is named in the story's notes, and the notes reach the JSON report.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from corroborate import config
from corroborate.claims.attribution import extract_attributions
from corroborate.claims.limits import for_claims, notes
from corroborate.claims.temporal import find_times
from corroborate.clean import clean
from corroborate.model import Article, RawDoc, Story
from corroborate.pipeline import analyze, derive, report_for
from corroborate.store import Store

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("corroborate_adversarial_bench", ROOT / "benchmarks" / "adversarial.py")
adversarial = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = adversarial
_spec.loader.exec_module(adversarial)

BASE = config.settings()
BOUNDED = settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
MAX_WORDS = int(BASE["attribution"]["max_sentence_words"])


def _article(text: str, published: str | None = None) -> Article:
    return clean(RawDoc(id="a1", text=text, origin="adversarial", title="Hostile input", published=published),
                 BASE["clean"])


def _assert_sane(article: Article, story: Story) -> None:
    assert story.article_ids == (article.id,)
    text = article.text
    for claim in story.claims:
        assert claim.evidence, claim
        for ev in claim.evidence:
            assert ev.article_id == article.id
            assert 0 <= ev.sentence_id < len(article.sentences)
            if ev.start is not None:
                assert text[ev.start : ev.end] == ev.text
    for sentence in story.brief:
        assert sentence.text and sentence.text in text
    long_ = [s for s in for_claims(article, BASE["limits"]).sentences if len(s.text.split()) > MAX_WORDS]
    assert any("attribution skipped" in n for n in story.notes) == bool(long_)


def _derive(text: str, published: str | None = None) -> Story:
    article = _article(text, published)
    story = derive("st-x", [article], BASE)
    _assert_sane(article, story)
    return story


@BOUNDED
@given(cue=st.sampled_from(["said", "says", "told", "according to", "claimed", "added", "asked"]),
       n=st.integers(1, 3_000), sep=st.sampled_from([" ", ", ", " and "]))
def test_repeated_cue_words(cue, n, sep):
    _derive(sep.join([cue] * n) + ".")


@BOUNDED
@given(n=st.integers(1, 400), that=st.booleans())
def test_nested_speech(n, that):
    link = " said that " if that else " said "
    _derive(link.join(random.Random(n).choice(["X", "Y", "Z", "Mr. Smith", "she"]) for _ in range(n)) + " said.")


@BOUNDED
@given(size=st.integers(1_000, 40_000), kind=st.sampled_from(["names_distinct", "names_repeated"]))
def test_thousands_of_names(size, kind):
    _derive(adversarial.GENERATORS[kind](size))


@BOUNDED
@given(depth=st.integers(1, 3_000), marks=st.sampled_from([("“", "”"), ('"', '"'), ("``", "''"), ("«", "»")]))
def test_deep_quotation_nesting(depth, marks):
    opener, closer = marks
    _derive(f"He said {opener}" * depth + "no" + closer * depth + ".")


_TOKENS = ["said", "that", "“", "”", '"', "according", "to", "Mr.", "Smith", "Ann", "Jones", ",", ".", "he",
           "told", "reporters", "on", "Monday", "May", "2016", "4", "percent", "Paris", "(", ")", ":", "\n\n"]


@settings(BOUNDED, max_examples=25)
@given(words=st.lists(st.sampled_from(_TOKENS), max_size=4_000))
def test_any_mix_of_cues_names_quotes_and_dates(words):
    text = " ".join(words)
    if not text.strip(" .,:()\n“”\""):
        return  # nothing left to analyse: cleaning rejects it before this stage
    _derive(text)


def test_one_sentence_of_a_megabyte_is_cut_and_named():
    text = adversarial.one_sentence(1_000_000)
    article = _article(text)
    story = derive("st-x", [article], BASE)
    assert story.article_ids == ("a1",)
    assert any("limits.max_claim_chars" in n for n in story.notes)
    assert for_claims(article, BASE["limits"]).sentences == ()  # its only sentence ends past the cap


def test_a_hundred_thousand_tiny_sentences():
    text = "Ok. " * 100_000
    article = _article(text)
    assert len(article.sentences) >= 50_000
    story = derive("st-x", [article], BASE)
    _assert_sane(article, story)
    assert any("limits.max_claim_chars" in n for n in story.notes)


def test_a_run_on_of_said_gets_no_attribution_and_says_why_in_the_report(tmp_path):
    doc = tmp_path / "said.txt"
    doc.write_text("A run-on\n\n" + adversarial.said(20_000), "utf-8")
    store = Store(":memory:")
    result = analyze(store, [doc], BASE)
    report = report_for(store, result.stories)
    (story,) = report["stories"]
    assert story["notes"] == [
        f"article {story['article_ids'][0]}: 1 sentence over {MAX_WORDS} words "
        f"(attribution.max_sentence_words): attribution skipped (sentence 0)"
    ]
    assert store.story(result.stories[0]).notes == tuple(story["notes"])


def test_attribution_skips_only_sentences_over_the_cap():
    short = "Smith said the plan failed."
    run_on = "Jones said that " + " and ".join(["prices rose"] * MAX_WORDS) + "."
    text = f"{short} {run_on}"
    sentences = [(0, len(short)), (len(short) + 1, len(text))]
    found = extract_attributions(text, sentences, settings=BASE["attribution"])
    assert [a.source.text for a in found] == ["Smith"]
    looser = config.override(BASE, {"attribution": {"max_sentence_words": 4 * MAX_WORDS}})
    assert [a.source.text for a in extract_attributions(text, sentences, settings=looser["attribution"])] == [
        "Smith", "Jones"]


def test_notes_name_nothing_on_a_normal_article(seeds_dir):
    from corroborate.ingest import read_inputs

    articles = [clean(r, BASE["clean"]) for r in read_inputs([seeds_dir], BASE["ingest"]) if isinstance(r, RawDoc)]
    assert articles and notes(articles, BASE) == ()
    assert all(for_claims(a, BASE["limits"]) is a for a in articles)


@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-01T00:00:00+00:00", "9999-12-31"])
def test_a_published_date_at_the_calendar_ends_keeps_claims_and_brief(published):
    text = ("The minister said on Monday that prices rose by 4 percent. Yesterday the bank said it would "
            "meet again on Friday. On Dec. 30 officials told reporters the plan had failed in May 2016.")
    assert find_times(text, published)  # no OverflowError
    story = _derive(text, published)
    assert story.claims and story.brief


def test_a_cut_name_block_is_named_in_the_story_notes():
    # many distinct names sharing one block: with a small [entities] max_name_block the cut is reported
    small = config.override(BASE, {"entities": {"max_name_block": 5}})
    article = _article(adversarial.GENERATORS["names_distinct"](20_000))
    story = derive("st-x", [article], small)
    assert any("max_name_block" in n for n in story.notes), story.notes
    assert not any("max_name_block" in n for n in derive("st-x", [article], BASE).notes)
