"""Normalisation choices, boilerplate rules (and what they must leave alone), text metadata."""

from __future__ import annotations

import pytest

from corroborate import config
from corroborate.clean import classify, clean, normalize_text, parse_date
from corroborate.clean.meta import source_from_copyright
from corroborate.model import RawDoc

CLEAN = config.settings()["clean"]


def test_normalize_typography_and_spaces() -> None:
    raw = "He said \u201chi\u201d \u2014 it\u2019s\u00a0fine.\u200b  Cafe\u0301\r\nNext\tline"
    assert normalize_text(raw) == "He said \"hi\" \u2014 it's fine. Caf\u00e9\n\nNext line"


def test_normalize_repairs_mojibake() -> None:
    assert normalize_text("Itâ€™s a cafÃ© in PeÃ±a") == "It's a café in Peña"


def test_normalize_unwraps_hard_wrapped_paragraphs() -> None:
    raw = "The council voted on\nTuesday to build a bridge.\n\nIt will cost\n40 million dollars."
    assert normalize_text(raw) == "The council voted on Tuesday to build a bridge.\n\nIt will cost 40 million dollars."


@pytest.mark.parametrize(
    "line, reason",
    [
        ("© 2024 The Daily Planet. All rights reserved.", "copyright notice"),
        ("Copyright 2016 The Associated Press.", "copyright notice"),
        ("Read more: Bridge plans unveiled", "reading prompt"),
        ("READ MORE", "reading prompt"),
        ("Sign up for our daily newsletter", "newsletter prompt"),
        ("Follow us on Facebook and Twitter", "social follow prompt"),
        ("Follow Jane Doe on Twitter @janedoe.", "social follow prompt"),
        ("Share this article", "share buttons"),
        ("Facebook Twitter Email", "share buttons"),
        ("Advertisement", "advertisement marker"),
        ("Story continues below advertisement", "advertisement marker"),
        ("We use cookies to improve your experience on our site.", "cookie notice"),
        ("Photo: Reuters", "photo credit"),
        ("John Moore/Getty Images", "photo credit"),
        ("(AP Photo/Efrem Lukatsky)", "photo credit"),
        ("(Reporting by Jane Doe; Editing by John Roe)", "reporting credit"),
        ("By Jane Doe", "byline"),
        ("Updated: April 8, 2025 10:31 GMT", "timestamp line"),
        ("— Jane Doe (@janedoe) April 8, 2025", "embedded post attribution"),
    ],
)
def test_boilerplate_rules(line: str, reason: str) -> None:
    assert classify(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Copyright infringement cases rose sharply in 2020, the court said.",
        "Like me, many residents left the town before the flood.",
        "Updated figures show 20 people died in the fire.",
        "More than 20 people died, officials said.",
        "By Tuesday, Russia had moved troops to the border.",
        "The story was first reported by Reuters.",
        "Read the statement, the lawyer told the court, and you will see the truth.",
        "Getty Images said its photographers in the city were safe and accounted for, and would keep working.",
        "Users who subscribe to the service now pay 20 dollars a month, up from 15.",
    ],
)
def test_content_is_not_boilerplate(line: str) -> None:
    assert classify(line) is None


def test_author_bio_only_at_the_end() -> None:
    bio = "Jane Doe is a senior reporter for The Daily Planet covering city hall."
    body = "The council voted on Tuesday to build a bridge over the river.\n\nIt will cost 40 million dollars."
    art = clean(RawDoc("a", body + "\n\n" + bio, "x"), CLEAN)
    assert [(r.reason, r.text) for r in art.removed] == [("author bio", bio)]
    art = clean(RawDoc("b", bio + "\n\n" + body + "\n\n" + body, "x"), CLEAN)
    assert not art.removed


def test_first_person_ending_without_bio_is_kept() -> None:
    text = "The council voted to build a bridge.\n\n\"I am delighted,\" the mayor said of my town's new bridge."
    assert not clean(RawDoc("a", text, "x"), CLEAN).removed


def test_repeated_headline_removed() -> None:
    art = clean(RawDoc("a", "Bridge approved.\n\nThe council voted to build it.", "x", title="Bridge approved"), CLEAN)
    assert art.text == "The council voted to build it." and art.removed[0].reason == "repeated headline"


def test_metadata_from_text() -> None:
    art = clean(RawDoc("a", "The council voted.\n\n(Daily Planet)", "x"), CLEAN)
    assert art.source == "Daily Planet"
    art = clean(RawDoc("b", "Reuters has contacted the ministry for comment.\n\nPublished: 8 April 2025", "x"), CLEAN)
    assert art.source == "Reuters" and art.published == "2025-04-08"
    art = clean(RawDoc("c", "Officials have contacted the family for comment.", "x"), CLEAN)
    assert art.source is None
    meta = clean(RawDoc("d", "The council voted.\n\n(Daily Planet)", "x", source="Planet Wire", published="2025-01-02T10:00:00Z"), CLEAN)
    assert meta.source == "Planet Wire" and meta.published == "2025-01-02"


def test_source_from_copyright() -> None:
    assert source_from_copyright("© 2025 Latin Times. All rights reserved.") == "Latin Times"
    assert source_from_copyright("Copyright © 2020, CNN") == "CNN"
    assert source_from_copyright("(c) 2019 Daily Mail and General Trust plc") == "Daily Mail and General Trust"


@pytest.mark.parametrize(
    "value, iso",
    [("April 8, 2025", "2025-04-08"), ("8 Apr. 2025", "2025-04-08"), ("2025-04-08T10:00Z", "2025-04-08"),
     ("25/12/2024", "2024-12-25"), ("04/08/2025", None), ("Tuesday", None), (None, None)],
)
def test_parse_date(value: str | None, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_unknown_setting_is_an_error() -> None:
    with pytest.raises(TypeError):
        clean(RawDoc("a", "x", "y"), {**CLEAN, "no_such_setting": 1})
    with pytest.raises(TypeError):  # a partial section is refused, not filled in from the defaults
        clean(RawDoc("a", "x", "y"), {"remove_boilerplate": True})
