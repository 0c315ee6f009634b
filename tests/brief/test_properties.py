"""Property: whatever the story, every brief sentence is found verbatim in an article it cites.

Hypothesis builds stories of random articles (sentences from a small vocabulary,
some with quotation marks and pronouns), random claims with random evidence and
support, random independence groups and settings, and checks the brief's promises.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborate.brief import compose, words_in
from corroborate.model import Article, Claim, Evidence, Quality, Sentence, Story

WORDS = "the rescuers miners governor pumped water shaft Friday twelve alive inquiry council budget tram said".split()
OPENERS = ["He", "The", "Officials", '"We', "But", "Twelve", "Our"]


@st.composite
def sentence_texts(draw) -> str:
    body = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=16)))
    opener = draw(st.sampled_from(OPENERS))
    end = draw(st.sampled_from([".", ".", '."', "", "?"]))
    return f"{opener} {body}{end}"


@st.composite
def stories(draw):
    n_articles = draw(st.integers(1, 4))
    arts = []
    for i in range(n_articles):
        texts = draw(st.lists(sentence_texts(), min_size=1, max_size=8))
        sep = draw(st.sampled_from([" ", "\n\n"]))
        text, sents = "", []
        for n, t in enumerate(texts):
            if n:
                text += sep
            sents.append(Sentence(n, t, len(text), len(text) + len(t)))
            text += t
        arts.append(Article(f"a{i}", text, tuple(sents), quality=Quality(draw(st.floats(0.3, 1.0)))))
    slots = [(a, s) for a in arts for s in a.sentences]
    claims = []
    for k in range(draw(st.integers(0, 10))):
        chosen = draw(st.lists(st.sampled_from(slots), min_size=1, max_size=5, unique_by=lambda x: (x[0].id, x[1].id)))
        ev = []
        for a, s in chosen:
            if draw(st.booleans()) and len(s.text) > 4:  # a clause of the sentence
                cut = draw(st.integers(s.start + 1, s.end - 1))
                ev.append(Evidence(a.id, s.id, a.text[s.start : cut], s.start, cut))
            else:
                ev.append(Evidence(a.id, s.id, s.text, s.start, s.end))
        support = len({e.article_id for e in ev})
        claims.append(
            Claim(
                f"c{k}", ev[0].text, draw(st.sampled_from(["fact", "quote", "reported", "quantity", "date"])),
                speaker=draw(st.sampled_from([None, "Anna Berg"])), evidence=tuple(ev), support=support,
                independent_support=draw(st.integers(1, support)),
                date=draw(st.sampled_from([None, "2024-03-01", "2024-03-03"])),
            )
        )
    ids = [a.id for a in arts]
    cut = draw(st.integers(0, len(ids)))
    groups = tuple(g for g in (tuple(ids[:cut]), *[(a,) for a in ids[cut:]]) if g)
    return Story("st-x", "t", tuple(ids), independent_groups=groups, claims=tuple(claims)), arts


@given(
    stories(),
    st.integers(1, 60),
    st.integers(0, 80),
    st.sampled_from([0.3, 0.5, 1.01]),
    st.integers(1, 6),
)
@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
def test_brief_sentences_are_verbatim_in_a_cited_article(story_arts, max_words, extra, redundancy, min_sentence_words):
    story, arts = story_arts
    by_id = {a.id: a for a in arts}
    brief = compose(
        story, arts, min_words=max(0, max_words - extra), max_words=max_words,
        redundancy=redundancy, min_sentence_words=min_sentence_words,
    )
    claim_ids = {c.id for c in story.claims}
    assert sum(words_in(b.text) for b in brief) <= max_words
    for b in brief:
        assert b.text and b.article_ids
        assert set(b.article_ids) <= set(story.article_ids)
        assert any(b.text in by_id[a].text for a in b.article_ids), b
        assert set(b.claim_ids) <= claim_ids
        carriers = {e.article_id for c in story.claims if c.id in b.claim_ids for e in c.evidence}
        if story.claims:
            assert set(b.article_ids) <= carriers  # a cited article carries one of the sentence's claims
    assert len({b.text for b in brief}) == len(brief)
