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
