"""Speaker rules (claims/speakers.py), one test per rule, on sentences from NewsWCL50 and the seeds."""

from __future__ import annotations

from collections import defaultdict

from corroborate import config
from corroborate.claims.entities import EntityIndex, resolve
from corroborate.claims.extract import extract_statements
from corroborate.claims.speakers import display_name, speaker_context
from corroborate.clean import clean
from corroborate.model import Entity, RawDoc

SETTINGS = config.settings()


def _speakers(*texts: str, sources: tuple[str | None, ...] = ()) -> dict[str, str | None]:
    """First words of each quote/reported statement -> its speaker, over one story of ``texts``."""
    articles = [
        clean(RawDoc(id=f"a{k}", text=t, origin="test", source=(sources[k] if k < len(sources) else None)),
              SETTINGS["clean"])
        for k, t in enumerate(texts)
    ]
    res = resolve([(a.id, a.text) for a in articles], settings=SETTINGS)
    index = EntityIndex(res.entities, settings=SETTINGS)
    ctx = speaker_context(res, articles, surname_dominance=SETTINGS["entities"]["speaker_surname_dominance"])
    by: dict[str, list] = defaultdict(list)
    for aid, m, eid in res.mentions:
        by[aid].append((m, eid))
    out: dict[str, str | None] = {}
    for a in articles:
        for s in extract_statements(a, by[a.id], index, speakers=ctx, attribution=SETTINGS["attribution"]):
            if s.kind in ("quote", "reported"):
                out[" ".join(s.text.split()[:4])] = s.speaker
    return out


def _find(speakers: dict[str, str | None], start: str) -> str | None:
    keys = [k for k in speakers if k.startswith(start)]
    assert keys, (start, list(speakers))
    return speakers[keys[0]]


def test_two_people_with_one_surname_never_merge():
    # NewsWCL50 5_LL: the US ambassador Woody Johnson and foreign secretary Boris Johnson
    sp = _speakers(
        "Despite the threat of widespread protests, the US ambassador Woody Johnson confirmed Trump would "
        "\"definitely be coming to London\".\n\n"
        "Johnson told radio host Nick Ferrari it would be \"all hands on deck\" as preparations are made for the visit.\n\n"
        "Boris Johnson, who said in December 2015 \"the only reason I wouldn't go to some parts of New York is the "
        "real risk of meeting Donald Trump\", tweeted the news about the now-president's trip was \"fantastic\"."
    )
    assert _find(sp, "Despite the threat") == "Woody Johnson"
    assert _find(sp, "Johnson told radio") is None  # two Johnsons in the story: a bare surname names nobody
    assert _find(sp, "Boris Johnson, who") == "Boris Johnson"


def test_pronoun_needs_one_antecedent():
    # NewsWCL50 4_LL: "he" after a sentence naming Huckabee and Obama is not Obama
    sp = _speakers(
        "Former Arkansas Gov. Mike Huckabee went even further, essentially accusing Obama of enabling the eventual "
        "genocide of Israelis. \"It is so naive that he would trust the Iranians. By doing so he will take the "
        "Israelis and march them to the door of the oven,\" he said on July 26, 2015."
    )
    assert all(v != "Barack Obama" and v != "Obama" for v in sp.values())


def test_pronoun_takes_the_previous_sentences_speaker():
    # NewsWCL50 6_M: "She said" after "..., said Torres, who ... President Barack Obama ..."
    sp = _speakers(
        "Another march participant, 23-year-old Monica Torres, teared up when she finally reached Friendship Park "
        "Sunday morning and could see the migrants and their supporters through the tall fence.\n\n"
        "\"To be honest, its a bit surreal,\" said Torres, who is protected by Deferred Action for Childhood Arrivals, "
        "the program created via executive action by President Barack Obama that Trump has been trying to end. "
        "She said it was the first time she had been to the border since she'd crossed from Mexico into the U.S. 15 years ago."
    )
    assert _find(sp, "She said it was") == "Monica Torres"


def test_lists_and_generic_groups_get_no_speaker():
    sp = _speakers(
        # NewsWCL50 1_R and 0_L, seed 002
        "Goodlatte, Gowdy and Nunes noted that Comey \"never wrote that he felt obstructed or threatened.\"\n\n"
        "But analysts said South Korea was aiming for a comprehensive deal, in which the North agreed to give up "
        "its weapons in return for a security guarantee, including a peace treaty.\n\n"
        "Kyiv and Western countries have also claimed that North Korea has sent troops to fight for Russia."
    )
    assert _find(sp, "Goodlatte, Gowdy and") is None
    assert _find(sp, "But analysts said") is None
    assert _find(sp, "Kyiv and Western countries") is None


def test_possessives_and_modifiers_are_not_the_speaker():
    sp = _speakers(
        # NewsWCL50 0_L and 1_LL
        "Mr. Trump alluded to Mr. Pompeo's mission on Tuesday. Mr. Trump's comments suggested he backed that effort.\n\n"
        "In the documents, the former FBI director detailed his early encounters with newly-minted President "
        "Donald Trump, including Trump's obsession with disproving allegations in the infamous Steele dossier."
    )
    assert _find(sp, "Mr. Trump's comments suggested") is None
    assert _find(sp, "In the documents, the") not in ("FBI", "Donald Trump")


def test_a_title_names_its_one_holder_only():
    # seeds 000 and 004: one foreign minister in the story
    sp = _speakers(
        "Ukraine Foreign Minister Andrius Sibiha said Chinese troops fighting Ukrainian territory \"question China's "
        "declared position for peace\" and added that their envoy in Kiev was called for an explanation.",
        "The Ukrainian foreign minister has also condemned the involvement of Chinese troops following the video.",
    )
    assert _find(sp, "The Ukrainian foreign minister") == "Andrius Sibiha"
    # NewsWCL50 0_LL: two presidents in the story, so "the president" names nobody
    sp = _speakers(
        "Pompeo reportedly made the secret visit to prepare for direct talks between U.S. President Donald Trump and "
        "Kim. Kim is scheduled to meet with South Korean President Moon Jae-in.\n\n"
        "The president, sitting next to Japanese Prime Minister Shinzo Abe, said he believed \"there's a lot of "
        "goodwill\" going into the meeting."
    )
    assert _find(sp, "The president, sitting next") is None


def test_the_storys_own_outlet_is_no_speaker():
    # NewsWCL50 0_R, read as an article whose source is Fox News
    text = ("CIA Director Mike Pompeo met with North Korean dictator Kim Jong Un over Easter weekend in an effort "
            "to lay the groundwork for a summit between Kim and President Trump, Fox News has confirmed.")
    assert _find(_speakers(text, sources=("Fox News",)), "CIA Director Mike Pompeo") is None


def test_a_verb_that_reports_no_statement_gets_no_speaker():
    # NewsWCL50 0_M and 4_M: a condition and a modal, not Trump saying anything
    sp = _speakers(
        "Special Counsel Robert Mueller is also investigating whether Trump sought to obstruct justice in the probe.\n\n"
        "Trump must decide next month whether to restore economic sanctions on Iran, effectively withdrawing from "
        "the multi-nation deal.\n\n"
        "President Trump began meetings with the leader of Japan on Tuesday by saying he supports talks by North "
        "and South Korea to formally end a state of war that has lasted more than six decades.\n\n"
        "\"It's possible things won't go well and we won't have the meetings,\" said Trump."
    )
    assert _find(sp, "Special Counsel Robert Mueller") is None
    assert _find(sp, "Trump must decide next") is None
    assert _find(sp, "\"It's possible things") == "Trump"


def test_display_name_drops_words_in_front_of_the_name():
    e = Entity("person:x", "United States Donald Trump", "person", ("Trump", "Donald Trump", "United States Donald Trump"), ("a",))
    assert display_name(e) == "Donald Trump"
    e = Entity("person:y", "Patrol Agent Rodney Scott", "person", ("Patrol Agent Rodney Scott",), ("a",))
    assert display_name(e) == "Rodney Scott"


def test_a_negated_cue_gives_no_speaker_but_keeps_its_subject_for_the_next_pronoun():
    # NewsWCL50 0_L: "he did not repeat ..." reports nothing; the next "he said" is still Mr. Abe
    sp = _speakers(
        "Prime Minister Shinzo Abe of Japan met President Donald Trump in Florida.\n\n"
        "While Mr. Abe lavished praise on Mr. Trump for the sanctions campaign, which he said had brought North Korea "
        "to the table, he did not repeat the president's words about an end to the Korean War.\n\n"
        "\"Donald,\" he said, \"you've demonstrated your unwavering determination in addressing the challenge of "
        "North Korea.\""
    )
    assert (_find(sp, "\"Donald,\" he said,") or "").endswith("Abe")


def test_a_possessive_antecedent_alone_leaves_he_unresolved():
    # NewsWCL50 5_RR: "Khan's remarks, when he said ..." must not reach back to Hillary Clinton
    sp = _speakers(
        "Foremost among those opposing President Trump's visit is London Mayor Sadiq Khan, a self-confessed \"big "
        "fan\" of Hillary Clinton, who has talked up the potential for protests on several occasions.\n\n"
        "Breitbart London reported in 2017 on Khan's remarks, when he said it wouldn't be \"appropriate for our "
        "government to roll out the red carpet\" to President Trump."
    )
    assert _find(sp, "Breitbart London reported") is None
    # ... and "a big fan of Hillary Clinton, who has talked up ..." gives "who" no speaker either
    assert _find(sp, "Foremost among those opposing") is None


def test_a_quantified_group_is_no_speaker():
    # NewsWCL50 1_R: "Many Democrats" are unnamed members of a party, not the party
    sp = _speakers(
        "The Democratic Party filed a lawsuit on Friday.\n\n"
        "Many Democrats claim that Trump tried to hold up the FBI's investigation into alleged collusion leading "
        "up to the 2016 election."
    )
    assert _find(sp, "Many Democrats claim that") is None
