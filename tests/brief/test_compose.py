"""brief.compose on stories built by hand: what it picks, how it cites, what it refuses."""

from __future__ import annotations

from corroborate import config
from corroborate.brief import compose, words_in
from corroborate.model import Article, Claim, Evidence, Quality, Sentence, Story


def article(aid: str, *sentences: str, quality: float = 1.0, sep: str = " ") -> Article:
    text, sents, pos = "", [], 0
    for n, s in enumerate(sentences):
        if n:
            text += sep
            pos = len(text)
        text += s
        sents.append(Sentence(n, s, pos, pos + len(s)))
    return Article(aid, text, tuple(sents), quality=Quality(quality))


def claim(cid: str, arts: dict[str, Article], where: list[tuple[str, int]], indep: int, **kw) -> Claim:
    ev = tuple(Evidence(a, s, arts[a].sentences[s].text, arts[a].sentences[s].start, arts[a].sentences[s].end) for a, s in where)
    return Claim(cid, ev[0].text, kw.pop("kind", "fact"), evidence=ev, support=len({a for a, _ in where}), independent_support=indep, **kw)


def story_of(arts: dict[str, Article], claims: list[Claim], groups=None) -> Story:
    ids = tuple(arts)
    return Story("st-test", "t", ids, independent_groups=tuple(groups or [(a,) for a in ids]), claims=tuple(claims))


def _arts() -> dict[str, Article]:
    return {
        "a": article(
            "a",
            "Rescuers pulled twelve miners alive from the flooded Copperhill shaft on Friday night.",
            "The regional governor thanked the volunteers who pumped water for three days straight.",
            "A local bakery handed out free bread to the families waiting at the gate of the mine.",
        ),
        "b": article(
            "b",
            "Twelve miners trapped in the Copperhill shaft were rescued alive late on Friday.",
            "Pumps brought in from the capital lowered the water level by two metres in one day.",
            "The mine operator said an inquiry into the flooding would begin next week.",
        ),
        "c": article(
            "c",
            "Rescuers pulled all twelve Copperhill miners alive from the flooded shaft late on Friday night.",
            "The mine operator announced that an inquiry into the flooding would begin next week.",
            "One of the miners celebrated his fortieth birthday underground during the ordeal.",
        ),
    }


def _claims(arts):
    return [
        claim("rescue", arts, [("a", 0), ("b", 0), ("c", 0)], 3),
        claim("inquiry", arts, [("b", 2), ("c", 1)], 2),
        claim("bakery", arts, [("a", 2)], 1),
        claim("pumps", arts, [("b", 1)], 1),
        claim("governor", arts, [("a", 1)], 1),
        claim("birthday", arts, [("c", 2)], 1),
    ]


def test_best_supported_claims_come_first_each_once_and_cited_by_their_carriers():
    arts = _arts()
    story = story_of(arts, _claims(arts))
    brief = compose(story, list(arts.values()), min_words=20, max_words=40)
    ids = [c for b in brief for c in b.claim_ids]
    assert ids[:2] == ["rescue", "inquiry"] or set(ids[:2]) == {"rescue", "inquiry"}
    assert len(ids) == len(set(ids))  # the same claim is never told twice
    for b in brief:
        if "rescue" in b.claim_ids:
            assert b.article_ids == ("a", "b", "c")
        if "inquiry" in b.claim_ids:
            assert set(b.article_ids) == {"b", "c"}
    assert sum(words_in(b.text) for b in brief) <= 40


def test_every_sentence_is_verbatim_in_a_cited_article_and_within_the_length():
    arts = _arts()
    brief = compose(story_of(arts, _claims(arts)), list(arts.values()), **config.settings()["brief"])
    assert brief
    for b in brief:
        assert any(b.text in arts[a].text for a in b.article_ids)
    assert sum(words_in(b.text) for b in brief) <= config.settings()["brief"]["max_words"]


def test_single_source_details_only_fill_a_brief_shorter_than_min_words():
    arts = _arts()
    story = story_of(arts, _claims(arts))
    short = compose(story, list(arts.values()), min_words=10, max_words=200)
    assert {c for b in short for c in b.claim_ids} == {"rescue", "inquiry"}
    longer = compose(story, list(arts.values()), min_words=60, max_words=200)
    assert {"rescue", "inquiry"} < {c for b in longer for c in b.claim_ids}


def test_copies_count_once():
    """A claim carried by two copies of one text ranks below one carried by two independent outlets."""
    arts = {
        "a": article("a", "The city council approved the new stadium budget on Monday evening.", "The mayor praised the vote."),
        "a2": article("a2", "The city council approved the new stadium budget on Monday evening.", "Fans gathered outside."),
        "b": article("b", "Residents will vote on a referendum about the tram line in June.", "Turnout is expected to be high."),
        "c": article("c", "A referendum on the tram line is planned for June, officials said.", "Critics object to the cost."),
    }
    claims = [
        claim("stadium", arts, [("a", 0), ("a2", 0)], 1),
        claim("tram", arts, [("b", 0), ("c", 0)], 2),
    ]
    story = story_of(arts, claims, groups=[("a", "a2"), ("b",), ("c",)])
    brief = compose(story, list(arts.values()), min_words=5, max_words=14)
    assert [b.claim_ids for b in brief] == [("tram",)]


def test_garbled_copy_loses_to_edited_copy_and_near_repeats_are_skipped():
    arts = {
        "mt": article("mt", "The Ukrainian forces captivated two soldiers who fought in the eastern part, said the president.", quality=0.6),
        "ed": article("ed", "Ukrainian forces captured two soldiers who fought in the east, the president said.", quality=1.0),
    }
    claims = [claim("capture", arts, [("mt", 0), ("ed", 0)], 2)]
    brief = compose(story_of(arts, claims), list(arts.values()), min_words=5, max_words=200)
    assert [b.text for b in brief] == [arts["ed"].sentences[0].text]
    assert brief[0].article_ids == ("mt", "ed")


def test_quotes_without_their_speaker_never_enter_the_brief():
    text_a = [
        '"We will rebuild every house," the mayor told reporters on Sunday.',
        '"It will take years.',
        'But we will do it," she added.',
        '"Nobody will be left behind."',
        "We have information that more families were displaced than reported.",
    ]
    arts = {"a": article("a", *text_a), "b": article("b", *text_a)}
    claims = [claim(f"c{i}", arts, [("a", i), ("b", i)], 2, kind="quote", speaker="Anna Berg") for i in range(5)]
    brief = compose(story_of(arts, claims), list(arts.values()), min_words=1, max_words=200, min_sentence_words=3)
    texts = [b.text for b in brief]
    assert text_a[0] in texts
    assert text_a[1] not in texts and text_a[2] not in texts  # a quotation cut in two
    assert text_a[3] not in texts  # all quotation: the speaker is elsewhere
    # first-person words outside quotation marks (an embedded post) lose to the attributed quote
    one = compose(story_of(arts, claims), list(arts.values()), min_words=1, max_words=11, min_sentence_words=3)
    assert [b.text for b in one] == [text_a[0]]


def test_dated_sentences_read_in_date_order():
    arts = {
        "a": article(
            "a",
            "The ceasefire was signed in Geneva on 3 March after weeks of talks.",
            "Fighting had flared again near the border on 1 March, officials said.",
        ),
        "b": article(
            "b",
            "Negotiators signed the ceasefire in Geneva on 3 March after weeks of talks.",
            "On 1 March fighting flared again near the border, according to officials.",
        ),
    }
    claims = [
        claim("signed", arts, [("a", 0), ("b", 0)], 2, date="2024-03-03"),
        claim("flared", arts, [("a", 1), ("b", 1)], 2, date="2024-03-01"),
    ]
    brief = compose(story_of(arts, claims), list(arts.values()), min_words=5, max_words=200)
    assert [b.claim_ids for b in brief] == [("flared",), ("signed",)]


def test_clause_evidence_is_cut_verbatim_when_it_reads_as_a_sentence():
    arts = {
        "a": article("a", "The bridge reopened to traffic on Monday. Repairs had cost the city more than four million euros, the mayor said."),
        "b": article("b", "Traffic returned to the bridge on Monday after repairs.", "The mayor said repairs cost over four million euros."),
    }
    a = arts["a"]
    cut = a.text.index("The bridge reopened to traffic on Monday.")
    ev_a = Evidence("a", 0, "The bridge reopened to traffic on Monday.", cut, cut + len("The bridge reopened to traffic on Monday."))
    ev_b = Evidence("b", 0, arts["b"].sentences[0].text, arts["b"].sentences[0].start, arts["b"].sentences[0].end)
    claims = [Claim("open", ev_a.text, "fact", evidence=(ev_a, ev_b), support=2, independent_support=2)]
    brief = compose(story_of(arts, claims), list(arts.values()), min_words=3, max_words=9, min_sentence_words=3)
    assert [b.text for b in brief] == ["The bridge reopened to traffic on Monday."]
    assert brief[0].text in a.text


def test_without_claims_aligned_sentences_stand_in():
    arts = _arts()
    story = story_of(arts, [])
    brief = compose(story, list(arts.values()), min_words=10, max_words=60)
    assert brief and all(b.claim_ids == () for b in brief)
    assert "iners" in brief[0].text  # the event all three report, cited by all three
    assert len(brief[0].article_ids) == 3


def test_nothing_to_say_gives_an_empty_brief():
    assert compose(Story("s", "t", ()), []) == ()
    arts = {"a": article("a", "Short.")}
    assert compose(story_of(arts, []), list(arts.values())) == ()


# -- real lines (NewsWCL50 events 0-6, the seeds): what a brief refuses, and whom it cites ------------
def _clause(arts: dict[str, Article], aid: str, sid: int, part: str) -> Evidence:
    s = arts[aid].sentences[sid]
    start = arts[aid].text.index(part, s.start)
    return Evidence(aid, sid, part, start, start + len(part))


def test_captions_and_headlines_never_stand_in_a_brief_and_datelines_are_cut():
    arts = {
        "5_L": article("5_L", "President Trump and Prime Minister Theresa May of Britain at the White House in 2017.",
                       "The announcement of Mr. Trump's visit received mixed reactions from British politicians and the public."),
        "5_R": article("5_R", "Trump to visit United Kingdom in July, meet with PM Theresa May.",
                       "WASHINGTON — President Trump will travel to the United Kingdom on July 13 for a working visit with British Prime Minister Theresa May."),
    }
    claims = [
        claim("photo", arts, [("5_L", 0), ("5_R", 0)], 2),
        claim("visit", arts, [("5_R", 1)], 2),
        claim("mixed", arts, [("5_L", 1)], 1),
    ]
    brief = compose(story_of(arts, claims), list(arts.values()), min_words=100, max_words=200)
    texts = [b.text for b in brief]
    assert "photo" not in {c for b in brief for c in b.claim_ids}  # the caption and the headline
    visit = "President Trump will travel to the United Kingdom on July 13 for a working visit with British Prime Minister Theresa May."
    assert set(texts) == {visit, arts["5_L"].sentences[1].text}
    assert visit in arts["5_R"].text  # still a verbatim slice, without "WASHINGTON — "


def test_an_article_is_cited_only_when_it_states_the_sentence_not_a_clause_of_it():
    arts = {
        "3_R": article("3_R", "Gates and Manafort have both been charged in special counsel Robert Mueller's investigation into Russian interference in the 2016 election."),
        "3_M": article("3_M", "Other individual defendants include Trump's former campaign manager Paul Manafort, Jr., former campaign adviser "
                       "George Papadopoulos, and Manafort's business partner, Richard Gates, who have all been charged in Mueller's investigation."),
        "3_RR": article("3_RR", "The multi-million dollar lawsuit comes just one week after Deputy Attorney General Rod Rosenstein reportedly told "
                        "President Trump he is not the target of either the special counsel's Russian meddling and collusion probe."),
    }
    probe = "special counsel Robert Mueller's investigation into Russian interference in the 2016 election"
    charged = claim("charged", arts, [("3_R", 0), ("3_M", 0)], 2)
    mueller = Claim("probe", probe, "fact", evidence=(_clause(arts, "3_R", 0, probe), Evidence("3_RR", 0, arts["3_RR"].sentences[0].text,
                    0, len(arts["3_RR"].text))), support=2, independent_support=2)
    brief = compose(story_of(arts, [charged, mueller]), list(arts.values()), min_words=5, max_words=200)
    assert [b.text for b in brief] == [arts["3_R"].text]
    assert set(brief[0].claim_ids) == {"charged", "probe"}
    # 3_RR carries only the clause about the inquiry; 3_M states the charges but not "the 2016 election"
    assert brief[0].article_ids == ("3_R",)


def test_a_headline_is_no_evidence_that_its_article_states_the_sentence():
    arts = {
        "2_L": article("2_L", '"The nuclear test site has done its job," Mr. Kim said in a statement carried by North Korea\'s state media.'),
        "2_M": article("2_M", "North Korea's Kim suspends nuclear, missile test AP.", "Kim Jong Un spoke to party officials on Friday about the economy."),
    }
    claims = [claim("job", arts, [("2_L", 0), ("2_M", 0)], 2, kind="quote", speaker="Kim Jong Un")]
    brief = compose(story_of(arts, claims), list(arts.values()), min_words=5, max_words=200)
    assert [b.article_ids for b in brief] == [("2_L",)]


def test_garbled_translation_is_not_quoted_where_edited_copy_says_the_same():
    arts = {
        "000": article("000", "Zelenski called for the answer “from the US, Europe and all those in the world who want peace.”", quality=0.666),
        "001": article("001", "He called for a strong response from the United States, Europe, and all nations advocating for peace."),
    }
    claims = [claim("answer", arts, [("000", 0), ("001", 0)], 2, kind="reported", speaker="Volodymyr Zelensky")]
    story = story_of(arts, claims)
    settings = dict(config.settings()["brief"], min_words=5)
    # the edited sentence leans on a pronoun, the other is the machine translation: nothing is quoted
    assert compose(story, list(arts.values()), **settings) == ()
    # the floor is a setting, honoured: without it the translation is the only quotable line
    loose = compose(story, list(arts.values()), **{**settings, "edited_quality": 0.0})
    assert [b.text for b in loose] == [arts["000"].text]


def test_every_brief_setting_is_read_by_the_brief_a_renderer_or_the_bench():
    """No dead key in [brief]: compose, the markdown and HTML renderers or `bench briefs` take each by name."""
    import inspect

    from corroborate.evaluate import briefs as bench
    from corroborate.render.html import story_html
    from corroborate.render.markdown import story_markdown

    takers = set()
    for f in (compose, story_markdown, story_html, bench.lexrank_brief, bench.measure):
        takers |= set(inspect.signature(f).parameters)
    bench_only = {"citation_similarity"}  # read by bench_briefs from the settings it builds
    assert set(config.settings()["brief"]) - takers <= bench_only
