"""brief.style: which source sentences read well alone, and which may not stand in a brief at all."""

from __future__ import annotations

from corroborate.brief.style import inside_quote, names_speaker, quotable, reads_alone, unbalanced


def test_a_plain_attributed_sentence_reads_alone():
    assert reads_alone("The mayor said the bridge would reopen on Monday.") == 1.0
    assert reads_alone('"We will rebuild," Anna Berg said.', ["Anna Berg"]) == 1.0


def test_leaning_on_context_costs():
    assert reads_alone("He said the bridge would reopen on Monday.") < 1.0
    assert reads_alone("But the bridge would reopen on Monday, the mayor said.") < 1.0
    assert reads_alone("the bridge would reopen on Monday, the mayor said.") < 1.0
    assert reads_alone("The bridge would reopen on Monday, the mayor said") < 1.0  # no final punctuation
    assert reads_alone("DNC files lawsuit over election interference.") < 1.0  # a headline
    assert reads_alone("Michael Flynn, right, with the president in January.") < 1.0  # a caption
    assert reads_alone("The goal, he said, is peace.", ["Volodymyr Zelensky"]) < 1.0  # speaker not named
    assert reads_alone("Our military has captured two soldiers.") < reads_alone("He said the military captured two soldiers.")


def test_speaker_names_allow_spelling_variants():
    assert names_speaker("Zelenski said the soldiers were captured.", ["Volodymyr Zelensky"])
    assert names_speaker("Mr. Trump said so.", ["Donald Trump"])
    assert not names_speaker("He said so.", ["Donald Trump"])


def test_quotations_must_be_whole_and_have_a_speaker_in_view():
    text = '"It will take years. But we will do it," she said. "Nobody is left behind." The mayor smiled.'
    first = text.index('"It will')
    second = text.index("But we")
    third = text.index('"Nobody')
    assert unbalanced('"It will take years.')
    assert not quotable('"It will take years.', text, first)
    assert inside_quote(text, second) and not quotable('But we will do it," she said.', text, second)
    assert not quotable('"Nobody is left behind."', text, third)  # all quotation
    assert quotable("The mayor smiled.", text, text.index("The mayor"))
    assert quotable('"It will take years," she said.', '"It will take years," she said.', 0)


# -- lines that are not edited prose (real lines of NewsWCL50 events 0-6 and the seeds) --------
from corroborate.brief.style import REFUSED, cut_sentence, dateline_end, refused  # noqa: E402

PROSE = [
    # sentences the brief may quote: none of the rules may fire
    "Two Chinese soldiers have been captured in eastern Ukraine fighting for Vladimir Putin, Volodymyr Zelensky has revealed.",
    "Ukraine's Foreign Minister, Andrii Sybiha, has summoned China's chargé d'affaires in Kyiv to demand an explanation.",
    "Trump agreed that Iran was a problem.",
    "Flynn is now cooperating with Mueller's investigators.",
    "The Democratic Party used a similar tactic during the Watergate scandal in 1972.",
    "Mr. Trump alluded to Mr. Pompeo's mission when he said on Tuesday afternoon that the United States was in direct talks.",
    '"The nuclear test site has done its job," Mr. Kim said in a statement carried by North Korea\'s state media.',
    "The meeting will be the third inter-Korean summit since the Koreas ' 1945 division.",  # a spaced possessive
    "All twelve Copperhill miners survived after rescuers reached them on Friday.",
]
LINES = {
    "caption": [
        "President Trump and Prime Minister Theresa May of Britain at the White House in 2017.",
        "Michael T. Flynn, right, the former national security adviser, with Mr. Trump in January 2017.",
        "Central American migrants and supporters of the migrant caravan from the U.S. side looking south into Mexico on April 29, 2018.",
        "President Trump addresses the media as he met with Japanese Prime Minister Shinzo Abe at his Mar-a-Lago estate.",
    ],
    "headline": [
        "North Korea to suspend nuclear missile tests and will close nuke test site.",
        "North Korea's Kim suspends nuclear, missile test AP.",
        "DNC files lawsuit over election interference.",
        "Migrant caravan of asylum seekers reaches U.S. border",
        "Democratic Party files suit alleging conspiracy by Trump campaign, Russia, WikiLeaks to sway 2016 election.",
    ],
    "dangling pronoun": [
        "He called for a strong response from the United States, Europe, and all nations advocating for peace.",
        "She was the first foreign leader to make an official visit after his inauguration.",
        "And they show that Mr. Trump and top aides were eager to discuss with Mr. Comey the details of another investigation.",
    ],
    "dangling attribution": [
        '"What the international community expects is that North Korea abandon all weapons of mass destruction," he said.',
        '"We are in the pre-preliminary stages of any discussions," he said.',
    ],
    "cut quotation": [
        "James Comey's memos regarding interactions with President Trump are released to Congress; "
        "Harvard Law professor Alan Dershowitz and Fox News legal analyst Gregg Jarrett react on ' Hannity.",
    ],
    "garbled": [  # the machine translation among the seeds
        "Moscow reports using Moscow using The tactics of the meat To throw a huge number of soldiers on the front lines and gradually improve their position.",
        "Russian President Vladimir Putin launched a full -scale invasion of Ukraine in 2022, and Moscow is currently controlled for 20% of Ukraine's territoryMostly to the east.",
    ],
}


def test_each_rule_names_the_lines_it_refuses():
    assert set(LINES) <= set(REFUSED)
    for name, lines in LINES.items():
        for line in lines:
            assert refused(line) == name, line


def test_edited_prose_is_never_refused():
    for line in PROSE:
        assert refused(line) is None, line


def test_a_dateline_is_cut_off_and_prose_keeps_its_start():
    text = "WASHINGTON — The Democratic National Committee filed a lawsuit Friday against the Russian government."
    assert text[dateline_end(text):].startswith("The Democratic National Committee")
    assert "TIJUANA, Mexico — A long, grueling journey"[dateline_end("TIJUANA, Mexico — A long, grueling journey"):] == "A long, grueling journey"
    assert dateline_end("April 29 (UPI) — A caravan of hundreds of migrants is expected to reach the border.") == 17
    assert dateline_end("U.S. President Donald Trump said the deal was terrible.") == 0


def test_fragments_and_bare_quotations_of_ecb_copy_are_refused():
    # ECB+ topics 1 and 5 (lines our brief picked before these rules)
    assert refused("'We appreciate your respect to her and her family's privacy at this time.'") == "cut quotation"
    assert refused("538) in Portland, the fourth - highest win total in Blazers history.") == "fragment"
    assert refused("The latter helped contribute to her mysterious disappearance from the public eye.") == "dangling pronoun"
    assert refused("The 32-year-old Klitschko (52-3, 46 KOs) won his 10th consecutive bout by flooring Rahman.") is None


def test_tokenised_copy_is_not_a_cut_quotation():
    # ECB+ spaces clitics off and closes double quotations with two apostrophes
    assert refused("Lionsgate is also facing an issue with the sequel ' s scheduled November 22, 2013 release date.") is None
    assert refused("To me, she 'll always be the kooky, naive Christian portrayed by Gretchen Mol.") != "cut quotation"  # "she" dangles
    assert refused("Allegedly, Ross was paid $3 million to direct ' The Hunger Games ' plus five per cent on the back end.") is None
    assert refused("' I replied that he would always get honesty from me.") == "cut quotation"  # NewsWCL50 1_LL


def test_a_pronoun_after_a_short_lead_in_dangles_and_a_named_subject_does_not():
    assert refused("Four seconds later, he shot the court reporter, Julie Ann Brandau, in the head, killing her, also.") == "dangling pronoun"
    assert refused("Beyond that, however, it gets a little worrisome.") == "dangling pronoun"
    assert refused("On the contrary, he suggested he was going to keep them.") == "dangling pronoun"
    assert refused("At the time, Mr. Trump said he canceled the trip.") is None
    assert refused("The former FBI director said he began memorializing his meetings and telephone contacts with the president.") is None


def test_a_sentence_split_at_a_figure_or_before_a_name_is_refused():
    # ECB+ 22ecbplus, 19ecbplus, 8ecbplus, 10ecbplus: cleaning split ".357", ".38", "€110 billion", ".308"
    for line in [
        "357 Magnum, which she has a permit to carry.",
        "38 - caliber revolver was recovered at the scene.",
        "110 billion (Dh472.72bn) debt bailout from the EU and the International Monetary Fund at the weekend.",
        "308, with 33 home runs and 121 RBI.",
        # ECB+ 18ecb: the title is cut from the name that follows it
        "The other people at the office party were able to escape without injury, Const.",
        '"It\'s something no business can prepare for, \'\' Const.',
    ]:
        assert cut_sentence(line) and refused(line) in ("fragment", "headline"), line  # ".308, with ..." is short: a headline first


def test_an_age_or_a_name_may_open_a_sentence():
    # ECB+ 21ecb, 32ecbplus, 35ecb: real openings on digits that are no cut figure (and the seeds: no title at the end)
    for line in [
        "66-year-old Luann Johnson, of Burnsville, was hit while walking in the crosswalk around 7 p.m. Wednesday night.",
        "23 - year - old John Jenkin, of Millom, has been charged with the murder of his 58 - year - old mother, Alice McMeekin.",
        "10News in San Diego is reporting that Jackson was arrested by the California Highway Patrol early Tuesday morning.",
        "Ukraine's Foreign Minister, Andrii Sybiha, has summoned China's chargé d'affaires in Kyiv to demand an explanation.",
    ]:
        assert refused(line) is None, line


def test_a_demonstrative_subject_after_a_lead_in_dangles():
    # ECB+ 10ecb and 21ecb: what "this" is was said in the sentence before
    assert refused("If accepted, this would certainly be the largest contract in the Angels history, dwarfing the "
                   "four-year, $ 90 million deal that Torii Hunter got just last summer.") == "dangling pronoun"
    assert refused('According to his police record, this is his second DWI and he uses the alias "Crazy T \'\' .') == "dangling pronoun"
