"""Attribution extraction on crafted sentences of each pattern."""

from corroborate.claims import Attribution, extract_attributions, find_quotes


def _one(text: str) -> Attribution:
    found = extract_attributions(text)
    assert len(found) == 1, found
    a = found[0]
    for sp in (a.cue, a.content) + ((a.source,) if a.source else ()):
        assert text[sp.start : sp.end] == sp.text
    return a


def test_quote_then_attribution():
    a = _one("“We will not give up our land to anyone,” the mayor said on Tuesday.")
    assert a.kind == "direct"
    assert a.source.text == "the mayor"
    assert a.cue.text == "said"
    assert a.content.text.startswith("“We will not give up")


def test_inverted_cue_with_appositive():
    a = _one('"The plan will cost billions of dollars," said Jane Roe, a spokeswoman for the agency.')
    assert a.kind == "direct"
    assert a.source.text.startswith("Jane Roe, a spokeswoman")


def test_attribution_then_quote():
    a = _one("The minister told reporters: “The talks are over and nobody won.”")
    assert a.kind == "direct"
    assert a.source.text == "The minister"
    assert "talks are over" in a.content.text


def test_interrupted_and_continued_quote():
    text = "“The first part is true,” she said, “and the second part too.” “A third sentence follows here.”"
    found = extract_attributions(text)
    assert len(found) == 1
    assert found[0].content.start == 0 and found[0].content.end == len(text)


def test_multi_sentence_quote_runs_to_closing_mark():
    text = "“Prices rose again. Wages did not follow at all,” the economist said."
    a = _one(text)
    assert a.content.text.startswith("“Prices rose again. Wages")


def test_reported_speech_with_and_without_that():
    a = _one("The senator said that the bill would pass next week.")
    assert (a.kind, a.source.text, a.content.text) == ("indirect", "The senator", "the bill would pass next week")
    b = _one("Officials told reporters the bridge had been closed for repairs.")
    assert b.source.text == "Officials"
    assert b.content.text == "the bridge had been closed for repairs"


def test_inverted_reported_speech():
    a = _one("The economy is growing faster than expected, the governor said on Monday.")
    assert a.kind == "indirect"
    assert a.source.text == "the governor"
    assert a.content.text == "The economy is growing faster than expected"


def test_according_to_before_and_after():
    a = _one("According to a local health official, the clinic closed in March.")
    assert a.kind == "according_to"
    assert a.source.text == "a local health official"
    assert a.content.text == "the clinic closed in March"
    b = _one("The clinic closed in March, according to the regional newspaper.")
    assert b.source.text == "the regional newspaper"
    assert b.content.text == "The clinic closed in March"


def test_pronoun_resolves_to_nearest_compatible_person():
    text = (
        "Maria Lopez met Peter Brandt in the capital. Mrs. Lopez spoke first. "
        "Brandt listened while his aides took notes. "
        "She said the agreement would be signed within a month."
    )
    found = extract_attributions(text)
    she = [a for a in found if a.source and a.source.text == "She"]
    assert she and she[0].speaker == "Maria Lopez"
    text2 = "Peter Brandt arrived late. He said the meeting had been useful."
    he = [a for a in extract_attributions(text2) if a.source and a.source.text == "He"]
    assert he and he[0].speaker == "Peter Brandt"


def test_relative_pronoun_source_takes_the_name_before():
    found = extract_attributions("They met Carla Reyes, who said the vote had been fair and open.")
    assert found and found[0].source.text == "who" and found[0].speaker == "Carla Reyes"


def test_no_attribution_in_plain_narration_or_names():
    assert extract_attributions("The United States is the largest economy in the world.") == []
    assert extract_attributions("The bridge was closed for repairs in March.") == []


def test_find_quotes_pairs_marks_and_runs_unclosed_to_paragraph_end():
    text = 'He said "one two three" and ‘x’.\n“An open quote that never closes\nNext.'
    q = find_quotes(text)
    assert (text.index('"'), text.index("three") + 6) in q
    open_at = text.index("“")
    assert (open_at, text.index("\nNext")) in q


def test_title_abbreviation_does_not_break_a_quote_from_its_cue():
    text = "''We are sick of it,'' Mr. Gidley said. ''I don't need a candidate from our ranks.''"
    a = _one(text)
    assert (a.kind, a.source.text) == ("direct", "Mr. Gidley")
    assert a.content.start == 0 and a.content.end == len(text)  # the next quote continues it


def test_participle_after_a_quote_takes_the_quote_speaker():
    text = '"He stands for the middle class," Anderson said, adding that Sanders is the most trustworthy candidate.'
    found = extract_attributions(text)
    assert [a.cue.text for a in found] == ["said", "adding"]
    assert found[1].source.text == "Anderson"
    assert found[1].content.text == "Sanders is the most trustworthy candidate"


def test_report_wrapped_around_its_cue():
    a = _one("The golf industry, she said, is doing much better than it has since 2009.")
    assert a.source.text == "she"
    assert a.content.start == 0 and a.content.text.endswith("since 2009")
    b = _one("The implication, according to the Sanders aide, is that Clinton cheated during the break.")
    assert b.kind == "according_to" and b.source.text == "the Sanders aide"
    assert b.content.text.startswith("The implication") and b.content.text.endswith("during the break")


def test_raising_verbs_have_no_source():
    a = _one("The House is expected to pass a bipartisan bill later this week.")
    assert a.source is None and a.cue.text == "expected"
    assert a.content.text.startswith("The House")
    b = _one("It appears that the campaign is running out of money.")
    assert b.source is None and b.content.text == "the campaign is running out of money"


def test_asked_question_is_a_content():
    found = extract_attributions("Asked whether he would fire the speechwriter, Priebus said he would not.")
    asked = [a for a in found if a.cue.text == "Asked"]
    assert asked and asked[0].source is None
    assert asked[0].content.text == "whether he would fire the speechwriter"
    assert any(a.cue.text == "said" and a.source.text == "Priebus" for a in found)


def test_headline_colon_and_signed_post():
    text = "Elizabeth Warren: Donald Trump Is a Proven Failure in Business.\n\nBody text follows here."
    a = _one(text)
    assert (a.source.text, a.cue.text) == ("Elizabeth Warren", ":")
    assert a.content.text.startswith("Donald Trump Is")
    post = "No one should be above the law. — Paul Ryan (@SpeakerRyan) July 5, 2016"
    b = _one(post)
    assert b.source.text == "Paul Ryan (@SpeakerRyan)" and b.content.text == "No one should be above the law"


def test_nested_attitude_report_is_dropped_but_nested_speech_kept():
    found = extract_attributions("Organizers say they want to avoid violence at the convention.")
    assert [a.cue.text for a in found] == ["say"]
    found = extract_attributions("The senator said his aide told him the vote would fail badly.")
    assert [a.cue.text for a in found] == ["said", "told"]


def test_cue_words_used_as_nouns_are_not_cues():
    assert extract_attributions("Trump's attacks on Curiel stand out for their personal nature.") == []
    assert extract_attributions("The reaction to the terrorist attacks in Paris is delivering votes to the Front.") == []
    assert extract_attributions("About 475 pledged delegates will be at stake in California.") == []


def test_relative_clause_with_its_own_source_and_particle_cue():
    a = _one("She gave a speech, which critics say was the most powerful of her campaign.")
    assert a.source.text == "critics"
    assert a.content.text.startswith("which critics say was")
    b = _one("Cruz called for an end to sugar subsidies.")
    assert (b.cue.text, b.content.text) == ("called for", "an end to sugar subsidies")


def test_appositive_source_names_its_head():
    a = _one("Hogan Gidley, a former director of the South Carolina Republican Party, said the base was angry.")
    assert a.source.text.startswith("Hogan Gidley, a former director")
    assert a.speaker == "Hogan Gidley"
    b = _one("Rubio's deputy campaign manager, Rich Beeson, said the plan would work in March.")
    assert b.speaker == "Rich Beeson"


def test_no_cue_inside_markup_tags():
    text = '<tweet author="@SpeakerRyan" tweet-id="750366792434978816">Nothing here.</tweet>'
    assert all(a.cue.text.lower() != "tweet" for a in extract_attributions(text))
