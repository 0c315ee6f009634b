"""The rule-based sentence splitter: abbreviations, quotes, offsets (property test)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate import config
from corroborate.clean import clean, split_sentences
from corroborate.model import RawDoc

CLEAN = config.settings()["clean"]


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_and_initials() -> None:
    assert texts("Mr. Smith met Dr. Jones in St. Louis. George W. Bush was there.") == [
        "Mr. Smith met Dr. Jones in St. Louis.",
        "George W. Bush was there.",
    ]
    assert texts("On Sept. 11 he spoke. No. 10 Downing St. is old. No. That was it.") == [
        "On Sept. 11 he spoke.", "No. 10 Downing St. is old.", "No.", "That was it.",
    ]


def test_dotted_acronyms() -> None:
    assert texts("He met U.S. Army officials at 3 p.m. Tuesday. The U.S. The talks ended.") == [
        "He met U.S. Army officials at 3 p.m. Tuesday.", "The U.S.", "The talks ended.",
    ]


def test_decimals_quotes_ellipses_and_glued_words() -> None:
    assert texts('Prices rose 3.5 percent. "It is over." She left... Then came back?! Yes.') == [
        "Prices rose 3.5 percent.", '"It is over."', "She left...", "Then came back?!", "Yes.",
    ]
    assert texts('"Stop." he said. It held 20% of the territoryMostly to the east.') == [
        '"Stop." he said.', "It held 20% of the territoryMostly to the east.",
    ]


def test_paragraph_break_always_ends() -> None:
    assert texts("A line without a stop\n\nNext paragraph here") == ["A line without a stop", "Next paragraph here"]


def test_ptb_closing_quote_stays() -> None:
    assert texts("at this time. '' No specific reason was given.") == ["at this time. ''", "No specific reason was given."]


def test_title_is_not_a_sentence() -> None:
    art = clean(RawDoc("t", "Body sentence one. Body two.", "x", title="The Headline"), CLEAN)
    assert [s.text for s in art.sentences] == ["Body sentence one.", "Body two."]


_alphabet = st.sampled_from(list("abcXY .!?\"'\n…,()-") + ["Mr.", "U.S.", " No. 5", "3.5", "\u00a0", "“", "”"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=80).map("".join))
def test_offsets_property(raw: str) -> None:
    for s in split_sentences(raw):
        assert raw[s.start:s.end] == s.text and s.text.strip() == s.text and s.text
    art = clean(RawDoc("p", raw, "x"), CLEAN)
    prev = -1
    for i, s in enumerate(art.sentences):
        assert s.id == i and art.text[s.start:s.end] == s.text and s.start > prev
        prev = s.end - 1
