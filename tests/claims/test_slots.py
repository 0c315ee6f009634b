"""Slots: members of one claim agree on figures, days, places, speakers, polarity and modality.

Sentences are taken from the shared data (NewsWCL50, ECB+) and the seeds, some
with one figure changed, as the conflict-injection benchmark does.
"""

from __future__ import annotations

import pytest

from corroborate.claims.modality import modality, negated
from corroborate.claims.slots import SLOTS, disagreements, local_score
from corroborate.claims.story import story_claims
from corroborate.clean import clean
from corroborate.config import settings
from corroborate.model import RawDoc
from corroborate.pipeline import analyze
from corroborate.store import Store

SETTINGS = settings()


def _article(aid: str, text: str, published: str | None = None):
    return clean(RawDoc(id=aid, text=text, origin=aid, published=published), SETTINGS["clean"])


def _statements(*texts: str):
    found = story_claims([_article(f"a{k}", t) for k, t in enumerate(texts)], [[f"a{k}"] for k in range(len(texts))],
                         settings=SETTINGS)
    return found


# seeds 000 / 004: one figure, told by two outlets
SIX = "Ukraine's forces fought six Chinese soldiers and took two of them prisoner, he said."
SIX_B = "Ukrainian forces have confirmed they had fought six Chinese soldiers and two of them had been taken prisoner."
SEVEN_B = SIX_B.replace("six", "seven")


def test_a_different_figure_is_never_support_but_the_other_side_of_a_conflict():
    found = _statements(SIX, SIX_B.replace("six", "6"), SEVEN_B)
    for c in found.claims:
        figures = {e.text.count("seven") > 0 for e in c.evidence}
        assert len(figures) == 1, c  # the "seven" sentence never sits with the "six" ones
    (conflict,) = [c for c in found.conflicts if c.kind == "number"]
    values = {v.value: {e.article_id for e in v.evidence} for v in conflict.values}
    assert values == {"six soldiers": {"a0", "a1"}, "seven soldiers": {"a2"}}
    six_claim = next(c for c in found.claims if any(e.article_id == "a0" for e in c.evidence) and "six" in c.text)
    assert six_claim.support == 2 and six_claim.independent_support == 2


def test_compatible_figures_stay_one_claim_without_conflict():
    # vague and exact amounts whose intervals overlap are agreement (ECB+-style wording)
    found = _statements(
        "Thousands of troops were deployed to the border after the attack, officials said.",
        "About 11,000 troops were deployed to the border after the attack, officials said.",
    )
    assert not found.conflicts
    assert max(c.support for c in found.claims) == 2


def test_magnitudes_that_differ_are_two_claims_and_a_conflict():
    # ECB+ topic 2/3-style earthquake reports: 4.6 vs 4.2 must not merge
    found = _statements(
        "A 4.6-magnitude earthquake struck near the town of Cobb in northern California on Sunday morning.",
        "A 4.2-magnitude earthquake struck near the town of Cobb in northern California on Sunday morning.",
    )
    assert max(c.support for c in found.claims) == 1
    assert [c.kind for c in found.conflicts] == ["number"]


def test_scoped_totals_and_different_counted_things_raise_nothing():
    found = _statements(
        "Police said 12 people were killed in the attack on Monday.",
        "Police said 40 people have been killed in attacks so far this year.",
    )
    assert not found.conflicts
    found = _statements(
        "Police said two soldiers were killed in the attack near the border.",
        "Police said three soldiers were wounded in the attack near the border.",
    )
    assert not [c for c in found.conflicts if c.kind == "number"]


def test_polarity_and_modality_separate_claims():
    # NewsWCL50-style pair: the same words, one denied
    assert negated("Iran does not have a nuclear weapons program, the minister said.")
    assert not negated("Iran has a nuclear weapons program, the minister said.")
    assert not negated("The sanctions hit not only oil but also banks.")
    assert modality("The ministry will publish the list on Monday.") == "future"
    assert modality("The ministry published the list on Monday.") == "asserted"
    assert modality("The ministry may publish the list on Monday.") == "possible"
    found = _statements(
        "The foreign ministry published the list of sanctioned companies on Monday.",
        "The foreign ministry will publish the list of sanctioned companies on Monday.",
        "The foreign ministry did not publish the list of sanctioned companies on Monday.",
    )
    assert max(c.support for c in found.claims) == 1
    assert not found.conflicts  # separated, never a conflict


def test_local_score_reads_the_figures_own_phrase():
    found = _statements(SIX, "Kyiv, April 9 - Ukrainian forces said on Wednesday they had fought seven Chinese "
                             "soldiers in the Donetsk region and captured two of them.")
    a, b = (next(s for s in found.statements if s.article_id == aid and s.quantities) for aid in ("a0", "a1"))
    (d,) = [d for d in disagreements(a, b, SETTINGS["claims"]) if d.kind == "number"]
    assert d.key == "soldier" and local_score(a, b, d) >= SETTINGS["claims"]["conflict_local"]


def test_every_reportable_slot_kind_is_registered_with_its_rules():
    assert set(SLOTS) >= {"number", "day", "place", "speaker", "polarity", "modality"}
    for name, slot in SLOTS.items():
        assert slot.kind == name and callable(slot.disagree) and callable(slot.close)


INDEPENDENT_SEVEN = """Ukraine says it captured Chinese fighters in Donetsk

Kyiv, April 9 (Wire) - Ukrainian forces said on Wednesday they had fought seven Chinese soldiers in the Donetsk region and captured two of them, the first such case since the start of the war.

President Volodymyr Zelensky said Ukraine had information that many more Chinese citizens were serving in the Russian army. Beijing did not immediately respond to a request for comment.
"""


@pytest.mark.parametrize("route", ["analyze", "add"])
def test_founding_story_with_a_changed_figure_shows_the_conflict(tmp_path, seeds_dir, route):
    extra = tmp_path / "in" / "wire.txt"
    extra.parent.mkdir()
    extra.write_text(INDEPENDENT_SEVEN, "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        if route == "analyze":
            result = analyze(store, [seeds_dir, extra.parent])
        else:
            from corroborate.pipeline import add

            analyze(store, [seeds_dir])
            result = add(store, [extra.parent])
        story = store.story(result.stories[0])
    assert "wire" in story.article_ids and len(story.article_ids) == 6
    (conflict,) = [c for c in story.conflicts if c.kind == "number"]
    values = {v.value: {e.article_id for e in v.evidence} for v in conflict.values}
    assert values["seven soldiers"] == {"wire"}
    assert len(values["six soldiers"]) >= 2 and "wire" not in values["six soldiers"]
    six = [c for c in story.claims if "six Chinese soldiers" in c.text]
    assert six and all("wire" not in {e.article_id for e in c.evidence} for c in six)


def test_other_parts_of_one_speech_are_two_claims():
    # NewsWCL50 event 4: two different sentences of Macron's address, each with "Macron said"
    found = _statements(
        '" It is together that we will be able to act effectively for our planet, " Macron said in remarks '
        "at an opening ceremony.",
        '"It is together that we shall build a new form of prosperity for all peoples, free and fair trade, '
        'and the protection of all classes," Macron said.',
        '"It is together that we will be able to act effectively for our planet," Macron said at the ceremony.',
    )
    planet = [c for c in found.claims if "planet" in c.text]
    assert len(planet) == 1 and {e.article_id for e in planet[0].evidence} == {"a0", "a2"}
    assert all("prosperity" not in e.text for e in planet[0].evidence)


# -- guards that must not swallow a plain disagreement (ECB+ sentences, one figure changed) --------
def _number_conflicts(a: str, b: str):
    return [c for c in _statements(a, b).conflicts if c.kind == "number"]


def test_the_figure_both_give_is_matched_away_and_the_disputed_one_is_shown():
    # ECB+ 35ecbplus: both give 0.07 percent; the legal limit differs
    (conflict,) = _number_conflicts(
        "Results from a blood - alcohol test administered when Williams was arrested were released Wednesday, "
        "showing a level of 0.07 percent - - just under the state legal limit of 0.08 percent.",
        "The results from the test were released Wednesday and showed a level of 0.07 percent - - just under "
        "the California legal limit of 0.79 percent.",
    )
    assert {v.value for v in conflict.values} == {"0.08 percent", "0.79 percent"}


def test_a_vague_amount_of_something_else_states_no_figure():
    # ECB+ 3ecb: "dozens of other counts" does not give Nichols's age
    (conflict,) = _number_conflicts(
        "Nichols, 37, was found guilty last month of murdering a judge, a court reporter, a sheriff's deputy "
        "and a federal agent in the March 2005 rampage.",
        "The man, Brian G. Nichols, 50, was found guilty last month of murder and dozens of other counts in the "
        "March 2005 rampage.",
    )
    assert {v.value for v in conflict.values} == {"37 age", "50 age"}


def test_a_rescaled_figure_is_one_of_the_same_thing():
    # ECB+ 6ecbplus: "five per cent" is no rescaled "$5 million"
    (conflict,) = _number_conflicts(
        "Allegedly, Ross was paid $3 million to direct ' The Hunger Games ' plus five per cent on the back end.",
        "Ross was reportedly paid $5 million to write and direct 'The Hunger Games ' for the studio.",
    )
    assert {v.value for v in conflict.values} == {"$3 million", "$5 million"}


def test_ordinals_written_two_ways_or_given_on_one_side_only_agree():
    # ECB+ 16ecbplus "1st degree" / "first - degree"; 7ecb "10th consecutive bout ... seventh round" / "seventh round"
    assert _number_conflicts(
        "The jury found Jose Luis Orozco, 29, guilty of 1st degree murder, attempted murder and possession of a "
        "firearm by a felon.",
        "Orozco, 39, was found guilty by the same jury of first - degree murder and possession of a firearm by a felon.",
    )
    assert _number_conflicts(
        "Klitschko won his 10th consecutive bout when referee Tony Weeks stopped the fight 44 seconds into the "
        "seventh round.",
        "Klitschko finished the job 59 seconds into the seventh round before referee Tony Weeks stopped the fight.",
    )
    # the first day is no second day
    assert not _number_conflicts(
        "On the first day of the trial, 12 witnesses were heard by the jury in Atlanta.",
        "On the second day of the trial, 15 witnesses were heard by the jury in Atlanta.",
    )


def test_ages_are_paired_by_the_person_who_has_them():
    # ECB+ 18ecbplus: Kafoury's age, beside the ages of Riva and Steinberg
    (conflict,) = _number_conflicts(
        "LaCalamita is charged with first - degree murder in the death of Kafoury, 63, of Warren.",
        "LaCalamita is charged with first - degree murder in the death of Kafoury, 85, and intent to murder in "
        "the shootings of Riva, 47, and Steinberg, 48.",
    )
    assert {v.value for v in conflict.values} == {"63 age", "85 age"}


def test_a_surname_and_the_full_name_are_one_person():
    # ECB+ 18ecbplus: "LaCalamita" and "Anthony LaCalamita III" are not "different people"
    assert _number_conflicts(
        "Police said LaCalamita targeted the two managers and also may have intended to shoot another one.",
        "Troy, Mich. police said Anthony LaCalamita III, 38, targeted four managers and also may have intended to "
        "shoot another one.",
    )


def test_the_same_part_on_both_sides_is_comparable():
    # ECB+ 31ecbplus: "in the first 20 minutes" on both sides; a part on one side only stays guarded
    assert _number_conflicts(
        "CU dominated the glass and the paint in the first 20 minutes, while also outscoring DU off the bench.",
        "CU dominated the glass and the paint in the first 27 minutes, while also outscoring DU off the bench.",
    )
    assert not _number_conflicts(
        "Manning completed his first 17 passes against the Jaguars in Jacksonville.",
        "Manning completed 29 passes against the Jaguars in Jacksonville.",
    )


def test_a_planned_day_is_no_report_day():
    # ECB+ 11ecbplus: "will be announced on October 5, 2013" is the day of the event itself
    found = _statements(
        "The start of the campaign for this election will be announced on October 5, 2013, in Turkmenistan.",
        "The start of the campaign for this election will be announced on October 10, 2013, in Turkmenistan.",
    )
    assert [c.kind for c in found.conflicts] == ["date"]
    # ... while the day somebody said something is not the day of the fact: the same words are said
    # on many days (ECB+ 22ecbplus, rewritten by another outlet)
    found = _statements(
        "Police said Friday that the suspect, Yvonne Hiller, fled the scene in a stolen car near the Kraft plant.",
        "The suspect fled in a stolen car near the Kraft plant and was arrested later, police said Monday.",
    )
    assert not [c for c in found.conflicts if c.kind in ("date", "weekday")]


def test_one_copied_sentence_with_its_report_day_changed_conflicts():
    # ECB+ 22ecbplus: one report copied with another day cannot be right on both days
    found = _statements(
        'Cpl. Janice Leader, a 911 dispatcher, told reporters Friday that Hiller called 911, saying "I\'m the one '
        'you\'re looking for" and reporting that she had been harassed at work.',
        'Cpl. Janice Leader, a 911 dispatcher, told reporters Monday that Hiller called 911, saying "I\'m the one '
        'you\'re looking for" and reporting that she had been harassed at work.',
    )
    assert [c.kind for c in found.conflicts] == ["weekday"]


def test_sentences_that_open_on_different_doers_do_not_conflict():
    # ECB+ 31ecb: two players' points, each sentence opening on its own name and verb
    assert not _number_conflicts(
        "Phil Ford finished his career at North Carolina in 1978 with 2,290 points.",
        "Louisville's Earl Clark finished his career at North Carolina with 25 points and 16 rebounds.",
    )
    from corroborate.claims.slots import _lead

    found = _statements("Louisville's Earl Clark finished the game with 25 points and 16 rebounds.",
                        "He has also caught eight passes for 66 yards and two touchdowns.",
                        "Ukraine's forces fought six Chinese soldiers in the Donetsk region, he said.")
    leads = [_lead(s) for s in found.statements]
    assert leads[0] and leads[0].endswith("earl-clark")  # a name, then its verb
    assert leads[1:] == [None, None]  # a pronoun tells nobody; "Ukraine's forces" is no name-and-verb opening
    # ... while the same doer with two figures does
    assert _number_conflicts(
        "Phil Ford finished his career at North Carolina in 1978 with 2,290 points.",
        "Ford finished his career at North Carolina in 1978 with 2,209 points.",
    )


def test_a_shared_distinctive_figure_ties_two_rewrites_to_one_day():
    # ECB+ 20ecb: rewrites of one earthquake report, the magnitude alike, the day changed in one
    found = _statements(
        "A 5.6 magnitude earthquake hit an island off Iran's southern coast on Sunday, injuring five people "
        "and damaging buildings, Iranian media said.",
        "An earthquake with a magnitude of 5.6 on the Richter scale shook the southern Iranian island of Qeshm "
        "and caused damage to residential buildings in villages on Wednesday, ISNA news agency reported.",
    )
    assert [c.kind for c in found.conflicts] == ["weekday"]
    # a shared clock time or season record is no anchor: steps of an evening, games of a season
    found = _statements(
        "Creighton improved to 25 - 7 on the season and advances to play Saturday in a semifinal against Indiana State.",
        "The win improved the Bluejays to 25 - 7 and they beat Drake on Friday in the quarterfinals.",
    )
    assert not [c for c in found.conflicts if c.kind == "weekday"]


def test_an_amount_of_money_is_asked_as_how_much():
    # ECB+ 10ecbplus: "$160 million offers" / "$216 million offer": an amount, not a count of offers
    (conflict,) = _number_conflicts(
        "The Angels and the Washington Nationals made Teixeira eight - year, $160 million offers last week.",
        "The Angels and the Washington Nationals made Teixeira eight - year, $216 million offers last week.",
    )
    assert conflict.about.startswith("how much")


def test_a_rate_is_not_the_total_it_is_given_beside():
    # ECB+ 25ecbplus: "5.2 yards a carry" is no second count of yards beside "716 yards"
    (conflict,) = _number_conflicts(
        "After joining the Saints as an undrafted rookie, he rushed for 716 yards in 12 games and had a "
        "team-leading five rushing TDs.",
        "The undrafted rookie averaged 5.2 yards a carry and finished with a team-high 967 yards rushing "
        "and five touchdowns.",
    )
    assert {v.value for v in conflict.values} == {"716 yards", "967 yards"}
    assert conflict.about == "how many yards"


def test_rates_read_per_unit():
    from corroborate.claims.quantities import find_quantities

    got = {q.text: q.noun for q in find_quantities(
        "Bush averaged 3.8 yards per run; the deal is worth $80 million a year; two soldiers were killed a day later.")}
    assert got == {"3.8": "yard/run", "$80 million": "$/year", "two": "soldier"}


def test_a_figure_after_a_word_and_a_hyphen_is_an_id_or_a_height():
    from corroborate.claims.quantities import find_quantities

    # ECB+ 31ecb: "6-foot-9" is a height, not 9 points; ECB+ 12ecb: "7 AK-47 rifles" are 7 rifles
    got = [(q.text, q.noun) for q in find_quantities(
        "The 6-foot-9 senior needed nine points. They seized 7 AK-47 rifles.")]
    assert ("9", "point") not in got and ("nine", "point") in got
    assert ("7", "rifle") in got and not any(t == "47" for t, _ in got)


def test_one_person_doing_one_act_on_two_days_conflicts():
    # ECB+ 26ecb: "hanged" / "hung" on Tuesday / Friday, one named man
    found = _statements(
        "Carabinieri paramilitary police in Palermo said Gaetano Lo Presti, 52, hanged himself in his cell in a "
        "Palermo jail Tuesday evening, hours after he was arrested in the raid.",
        "Gaetano Lo Presti, 52, hung himself in his cell on Friday evening after he is believed to have read "
        "police wiretap transcripts implicating him in the affair.",
    )
    assert [c.kind for c in found.conflicts] == ["weekday"]
    # ECB+ 18ecb: one man, two steps of the event (opened fire / was charged): no conflict
    found = _statements(
        "Police allege Eric Allen Kirkpatrick, 61, opened fire at a Vancouver office Christmas party Friday, "
        "killing one man.",
        "Police said Eric Allen Kirkpatrick, 61, surrendered after two hours of negotiations with police and was "
        "charged Saturday with first-degree murder, the CBC reported.",
    )
    assert not found.conflicts


def test_two_times_of_day_are_never_one_claim():
    # ECB+ 13ecbplus: the fire reported at 3:30 a.m. / 3:33 a.m.: a sentence with the other time is no support
    found = _statements(
        "The Palmer fire department was called to the Matanuska Maid warehouse at 3:30 a.m. Friday.",
        "The Palmer fire department was called to the Matanuska Maid warehouse at 3 : 33 a. m. Friday.",
    )
    assert all(c.support == 1 for c in found.claims)
    (conflict,) = found.conflicts
    assert conflict.kind == "clock" and {v.value for v in conflict.values} == {"3:30 a.m.", "3 : 33 a. m."}
    # a game clock is no time of day
    from corroborate.claims.slots import _clock_ref

    s = _statements("Indianapolis scored a touchdown with 4 : 08 to go to earn a 20 - 13 victory in Kansas City.")
    assert all(_clock_ref(x) is None for x in s.statements)


def test_a_short_lead_in_before_a_colon_is_not_the_subject():
    # ECB+ 27ecb: a blogger's aside before the colon; the estimate is Microsoft's in both sentences
    found = _statements(
        "Microsoft estimated Monday that one in every 500 Windows users had been exposed to sites that try to "
        "exploit the flaw.",
        "Brian Krebs sounds worried: Microsoft estimated Thursday that one in every 500 Windows users had been "
        "exposed to sites that try to exploit the flaw.",
    )
    assert [c.kind for c in found.conflicts] == ["weekday"]


def test_the_second_half_of_a_spaced_score_is_no_count():
    from corroborate.claims.quantities import find_quantities

    # ECB+ 29ecbplus (tokenised copy): "a 20 - 13 victory" counts no victories
    got = [(q.text, q.noun) for q in find_quantities("to earn a 10th victory and a playoff berth with a 20 - 13 victory")]
    assert not any(noun == "victory" for _, noun in got)


def test_two_ages_of_one_named_person_conflict_however_little_else_is_shared():
    # ECB+ 35ecbplus (age changed as the injection benchmark does): the sentences share only the name
    found = _statements(
        "Williams, 32, was going west in his 2008 Bentley about 1 : 30 a. m., CHP Officer Brian Pennings said.",
        "Police said Williams, 43, was arrested later.",
    )
    (conflict,) = found.conflicts
    assert conflict.kind == "number" and {v.value for v in conflict.values} == {"32 age", "43 age"}
    # ECB+ 19ecbplus / 32ecb: two people of one family, each with a full name: no conflict
    for a, b in [
        ("Gray's older sister, Mahnefah Gray, 19, told the New York Times that her brother was only fixing his belt.",
         "Police struggled to control a crowd at a vigil for Kimani (Kiki) Gray, 16, killed by police on Saturday."),
        ("The bodies of Robyn Mendes, 48, and Gomes' mother, Catherine Gomes, 61, were found by police.",
         "The district attorney's office said that 35-year-old Gary Gomes was arrested at another house."),
    ]:
        assert not _statements(a, b).conflicts, a


def test_a_day_conflicts_only_when_the_shared_act_is_the_days_own():
    # ECB+ 35ecb: one man arrested on two days (the sentences share little else)
    found = _statements(
        "10News in San Diego is reporting that Jackson was arrested by the California Highway Patrol early "
        "Tuesday morning after failing sobriety tests.",
        "San Diego Chargers receiver Vincent Jackson was arrested on suspicion of drunk driving on Friday morning, "
        "five days before a key NFL playoff game.",
    )
    assert [c.kind for c in found.conflicts] == ["weekday"]
    # ECB+ 35ecbplus: the arrest is in both, but Wednesday is the day the results were released
    found = _statements(
        "Williams was pulled over and arrested for speeding early Sunday on a freeway outside downtown San Diego.",
        "Results from a blood-alcohol test administered when Williams was arrested were released Wednesday.",
    )
    assert not found.conflicts


def test_a_street_block_is_an_address_and_a_name_spelled_two_ways_is_one_speaker():
    from corroborate.claims.quantities import find_quantities
    from corroborate.claims.slots import _spelled_alike

    # ECB+ 16ecbplus: "the 12000 block of East 223rd Street" counts no blocks
    assert find_quantities("shot outside an apartment in the 12000 block of East 223rd Street") == []
    assert [q.noun for q in find_quantities("police closed three blocks of the street")] == ["block"]
    # ECB+ 18ecbplus: the hospital's spokeswoman spelled "Wolfe" and "Wolff"; not A.J. Smith / A.J. Butler
    assert _spelled_alike("Ilene Wolfe", "Ilene Wolff") and _spelled_alike("Wolfe", "Ilene Wolff")
    assert not _spelled_alike("A.J. Smith", "A.J. Butler") and not _spelled_alike("Ilene Wolff", "Jane Wolfe")


def test_two_named_facilities_of_one_kind_are_two_facts_never_a_conflict():
    # ECB+ 11ecbplus (hard-place pair of the labelled sample): two people pronounced dead at two hospitals
    found = _statements("The unidentified woman was pronounced dead at Mount Sinai Hospital.",
                        "Chohan was pronounced dead at Jamaica Hospital.")
    assert all(c.support == 1 for c in found.claims) and not found.conflicts
    # one hospital written two ways stays one fact
    found = _statements("The woman was pronounced dead at Mt. Sinai Hospital, police said.",
                        "The woman was pronounced dead at Mount Sinai Hospital, police said.")
    assert max(c.support for c in found.claims) == 2


def test_a_spaced_compound_figure_is_read_as_the_compact_one():
    from corroborate.claims.quantities import find_quantities

    # ECB+ 18ecbplus (tokenised copy): "38 - year - old" is an age, "5 - for - 9" and "an 86 - yard run" no compound
    assert [(q.text, q.noun) for q in find_quantities("The suspect, 38 - year - old Anthony LaCalamita")] == [
        ("38 - year - old", "year-old")]
    assert all(q.noun not in ("for", "yard") for q in find_quantities("He went 5 - for - 9 before an 86 - yard run."))


# ECB+ 31ecbplus and 25ecb, NewsWCL50 (claim_pairs.jsonl): cues read only where they govern shared content
def test_a_capitalised_will_before_a_name_is_a_name_not_a_plan():
    assert modality("Will Artino scored 14 points off the bench for Creighton.") == "asserted"
    assert modality("Federal agencies again will be required to consult with expert biologists.") == "future"


def test_scoped_cues_count_only_cues_on_the_shared_content():
    from corroborate.claims.modality import shared_cues

    sat_out = ("Defensive tackle Anthony Hargrove (knee), tight end Jimmy Graham (ankle), linebacker Danny Clark "
               "(hamstring) and defensive back Malcolm Jenkins (knee) all sat out.")
    no_drills = ("Safety Malcolm Jenkins (knee), tight end Jimmy Graham (ankle), defensive tackle Anthony Hargrove "
                 "(knee) and linebacker Danny Clark (hamstring) did not participate in team drills Wednesday.")
    assert shared_cues(sat_out, no_drills, 3) == (set(), set())  # "not" governs "participate ... drills" only
    must = "Iran must never have nuclear weapons."
    lied = "Iran lied about never having a nuclear weapons program."
    ca, cb = shared_cues(must, lied, 3)
    assert "obligation" in ca and "obligation" not in cb  # "must" governs "nuclear weapons", which both say
    assert "negated" in ca and "negated" in cb


def test_sentences_that_share_only_their_speaker_never_join_one_claim():
    s = settings()
    shotgun = "Witnesses said the shooter used a shotgun or a rifle, Troy police Lieutenant Gerry Scherlinck said."
    unknown = "The victims' conditions weren't immediately known, said Troy police Lt. Gerry Scherlinck."
    found = story_claims([_article("a0", shotgun), _article("a1", unknown)], [["a0"], ["a1"]], settings=s)
    a, b = found.statements[0], found.statements[1]
    limits = {"shared_content": 2.0}
    assert [d.kind for d in SLOTS["content"].disagree(a, b, limits)] == ["content"]
    assert not SLOTS["content"].disagree(a, b, {"shared_content": 0.0})
    assert max(c.support for c in found.claims) == 1
    assert not found.conflicts


def test_one_arrest_on_two_days_is_a_weekday_conflict_even_when_the_verb_is_far_from_the_day():
    # ECB+ 35ecb with one day changed: "arrested" is 75 characters before "Friday"
    found = _statements(
        "10News in San Diego is reporting that Jackson was arrested by the California Highway Patrol early Tuesday "
        "morning after failing sobriety tests.",
        "San Diego Chargers receiver Vincent Jackson was arrested on suspicion of drunk driving on Friday morning, "
        "five days before a key NFL playoff game.",
    )
    (conflict,) = found.conflicts
    assert conflict.kind == "weekday"
    assert sorted(v.value for v in conflict.values) == ["Friday", "Tuesday"]
