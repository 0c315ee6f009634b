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
