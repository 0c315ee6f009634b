"""brief.cite: an article is cited for a brief sentence only where its evidence states it.

Every pair below is a real (brief sentence, evidence sentence of a cited article)
pair from the briefs of ECB+ topics 1-35, NewsWCL50 events 0-6 and the seeds,
labelled by hand: the first group was cited before this check although the
article does not state the sentence, the second states it in other words.
"""

from __future__ import annotations

import pytest

from corroborate import config
from corroborate.brief import cite, compose
from corroborate.model import Article, Claim, Evidence, Quality, Sentence, Story

RECALL = config.settings()["brief"]["citation_recall"]

WRONG = [
    # another figure: the same call at another minute, another count of supporters, another sentence
    ("Owen says the fire call came in at 3 : 30 a. m.",
     "Jon Owen, the city's public safety director, said a call came in from the Valley Hotel at 3 : 33 a. m. from someone who saw the vacant building across town on fire."),
    ("A Facebook event for the protest has already amassed more than 100,000 supporters.",
     "Within an hour of the announcement, a Facebook event dedicated to a protest had gained 28,000 attendees."),
    ("Arcade Joseph Comeaux Jr. is serving three life sentences.",
     "Arcade Joseph Comeaux Jr. is a convicted sex offender serving a life sentence."),
    ("Outside temperatures were minus 20 as firefighters battled the blaze.",
     "Firefighters fought the blaze in temperatures of minus 17 degrees."),
    # a figure the evidence does not give
    ("Several U.S. intelligence agencies concluded in a January 2017 report that Russian agents hacked the DNC's "
     "computers as part of a broader influence campaign aimed at hurting the campaign of the Democratic presidential "
     "nominee, Hillary Clinton.",
     "The new suit claims that Trump campaign officials worked in tandem with the Russian government and its military "
     "spy agency to bring down Hillary Clinton by hacking into the computer networks of the DNC and spreading stolen material."),
    # another wording of the quotation is another quotation
    ('The agency added, "the North will shut down a nuclear test site in the country\'s northern side to prove the vow to suspend nuclear test."',
     'It also said the North would "shut down a nuclear test site in the country\'s northern side to guarantee transparency in suspending nuclear tests."'),
    ('"Nothing less than the future of Europe, and with that the future of Germany in Europe, is at stake, "Merkel told lawmakers.',
     '"This is about nothing less than the future of Europe and with it the future of Germany in Europe, " she said.'),
    # the same people, another statement
    ("Attorney General Jeff Sessions is one of his most enthusiastic partners in that project.",
     'Attorney General Jeff Sessions called the caravan "a deliberate attempt to undermine our laws and overwhelm our system."'),
    ("Troy police Lt. Gerry Scherlinck said Riva and Steinberg appeared to have been the targets in the shootings.",
     "Troy Police Lt. Gerry Scherlinck identified the other victims as a 47 - year - old man and a 48 - year - old man."),
    ("Gregg Milliote, spokesman for the Bristol County District Attorney's Office, said both women were stabbed multiple "
     "times at the Independent Street apartment in which they were found.",
     "He was with the girl for at least several hours before police arrived, according to Gregg Miliote, a spokesman for the Bristol district attorney."),
    ("Less than two weeks later, Jermayne Timmons was arrested and charged with the shooting.",
     "He said Timmons aimed and missed his target, instead striking the 10-year-old girl less than two seconds later."),
]

RIGHT = [
    ("Page was born on April 22, 1923, in Nashville, Tenn.",
     "Born on April 22, 1923, in Nashville, Tennessee, Page said she grew up in a family so poor \" we were lucky to get an orange in our Christmas stockings '' ."),
    ("Six AK 47 rifles, 12 magazines and 300 rounds of ammunition were seized from the boats.",
     "During the operation, six AK 47 rifles, 12 Magazines and about 300 rounds of ammunition were found and confiscated."),
    ("The company says most business traffic between Europe and Asia is being rerouted through the United States, but 65 % "
     "of traffic to India is down, and services to Singapore, Malaysia, Saudi Arabia, Egypt, Taiwan and Pakistan are severely affected.",
     "Sixty-five per cent of traffic to India was down, while services to Singapore, Malaysia, Saudi Arabia, Egypt, Taiwan "
     "and Pakistan were also severely affected, a spokesman said Friday evening."),
    ('" It \' s disappointing to hear about the issue involving Jamal Williams, " general manager A.J. Smith said in a statement released by the team.',
     "\" It's disappointing to hear about the issue involving Jamal Williams, \" said General Manager A.J. Smith in a news release issued by the team yesterday."),
    ("The Saints have placed running back Pierre Thomas on injured reserve.",
     "The New Orleans Saints placed Pierre Thomas on injured reserve Wednesday because of an ankle injury."),
    # the seeds: the capture, told by another outlet with the speaker's name and another verb
    ("Two Chinese soldiers have been captured in eastern Ukraine fighting for Vladimir Putin, Volodymyr Zelensky has revealed.",
     "President Volodymyr Zelenskyy said that Ukrainian troops captured two Chinese citizens fighting for Russia, the first "
     "time its nationals were taken prisoner in the three-year war."),
]


@pytest.mark.parametrize("text,evidence", WRONG)
def test_evidence_that_does_not_state_the_sentence_is_no_citation(text, evidence):
    assert not cite.states(text, [evidence], RECALL)


@pytest.mark.parametrize("text,evidence", RIGHT)
def test_evidence_that_states_the_sentence_in_other_words_is_a_citation(text, evidence):
    assert cite.states(text, [evidence], RECALL)


def test_figures_read_digits_and_words_alike():
    assert cite.figures("Sixty-five per cent of traffic") == cite.figures("65 % of traffic") == {"65"}
    assert cite.figures("2,302 points and 11,000 troops") == {"2302", "11000"}
    assert cite.figures("two hours in the sixth round") == {"2", "6"}
    assert cite.figures("3 : 30 a. m.") == {"3", "30"} != cite.figures("3 : 33 a. m.")
    # "one" and "first" are words far more often than figures
    assert cite.figures("one of them, for the first time") == set()


def test_quotations_compare_letters_only():
    assert cite.quotations('" It \' s disappointing, " he said') == cite.quotations('"It\'s disappointing," he said')
    assert cite.quotations("a pirate \" mother vessel '' off Somalia") == ["mothervessel"]


def test_no_evidence_states_nothing():
    assert not cite.states("The plant will remain closed indefinitely, Kraft said.", [], RECALL)


def _article(aid: str, *sentences: str) -> Article:
    text, sents = "", []
    for n, s in enumerate(sentences):
        if n:
            text += " "
        sents.append(Sentence(n, s, len(text), len(text) + len(s)))
        text += s
    return Article(aid, text, tuple(sents), quality=Quality(1.0))


def test_compose_cites_only_the_articles_whose_evidence_states_the_sentence():
    """ECB+ 13ecbplus: three reports of the first call; the one with another minute is not cited."""
    arts = {
        "13_9ecbplus": _article("13_9ecbplus", "Owen says the fire call came in at 3 : 30 a. m."),
        "13_13ecbplus": _article("13_13ecbplus", "Jon Owen, the city's public safety director, said a call came in from the Valley Hotel at "
                                 "3 : 33 a. m. from someone who saw the vacant building across town on fire."),
        "13_6ecbplus": _article("13_6ecbplus", "John Owen, the city's public safety director, says dispatchers got a call shortly after "
                                "3 : 30 a. m. Tuesday that the vacated building was on fire."),
    }
    ev = tuple(Evidence(a, 0, arts[a].sentences[0].text, 0, len(arts[a].text)) for a in arts)
    claim = Claim("call", ev[0].text, "fact", evidence=ev, support=3, independent_support=3)
    story = Story("s", "t", tuple(arts), independent_groups=tuple((a,) for a in arts), claims=(claim,))
    brief = compose(story, list(arts.values()), **{**config.settings()["brief"], "min_words": 5})
    assert [b.text for b in brief] == [arts["13_9ecbplus"].text]
    assert set(brief[0].article_ids) == {"13_9ecbplus", "13_6ecbplus"}
    # the setting is honoured: without a content floor the figure check still keeps 13_13 out
    loose = compose(story, list(arts.values()), **{**config.settings()["brief"], "min_words": 5, "citation_recall": 0.0})
    assert set(loose[0].article_ids) == {"13_9ecbplus", "13_6ecbplus"}
    strict = compose(story, list(arts.values()), **{**config.settings()["brief"], "min_words": 5, "citation_recall": 1.0})
    assert strict[0].article_ids == ("13_9ecbplus",)


def test_an_article_in_a_language_the_claims_steps_do_not_read_is_cited_only_for_its_own_words():
    """The same three tellings (ECB+ 13ecbplus), marked Spanish: the content-word test that lets the
    rewrite 13_6 be cited is English's, so in Spanish only an article holding the words is cited."""
    from dataclasses import replace

    arts = {
        "a": _article("a", "Owen says the fire call came in at 3 : 30 a. m."),
        "b": _article("b", "John Owen, the city's public safety director, says dispatchers got a call shortly after "
                           "3 : 30 a. m. Tuesday that the vacated building was on fire."),
        "c": _article("c", "Owen says the fire call came in at 3 : 30 a. m."),
    }
    ev = tuple(Evidence(a, 0, arts[a].sentences[0].text, 0, len(arts[a].text)) for a in arts)
    claim = Claim("call", ev[0].text, "fact", evidence=ev, support=3, independent_support=3)
    story = Story("s", "t", tuple(arts), independent_groups=tuple((a,) for a in arts), claims=(claim,))
    cfg = {**config.settings()["brief"], "min_words": 5}
    assert set(compose(story, list(arts.values()), **cfg)[0].article_ids) == {"a", "b", "c"}
    spanish = [replace(a, language="es") for a in arts.values()]
    assert set(compose(story, spanish, **cfg)[0].article_ids) == {"a", "c"}
