"""Which steps work in which language (claims/languages.py), and the claims stage's gate.

A Spanish MEANTIME article in a story with its English original: the English one gives
the entities and claims; the Spanish one gives none (no wrong entities) and the story's
notes say why, for that article. The registry claims only what was checked here on
real MEANTIME sentences.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate import config
from corroborate.claims.languages import CLAIM_STEPS, SUPPORTED, base_code, missing_steps, split_for_claims, supports
from corroborate.claims.quantities import find_quantities
from corroborate.claims.story import extract_story_statements, story_claims
from corroborate.claims.temporal import find_times
from corroborate.clean import clean, split_sentences
from corroborate.model import RawDoc

DATA = (Path(__file__).resolve().parents[2].parent / "shared" / "data").resolve()
S = config.settings()
DOC = "corpus_airbus/100911"  # a Wikinews text and its human translations


def _doc(lang: str) -> dict:
    path = DATA / "meantime" / f"{lang}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    with path.open(encoding="utf-8") as fh:
        return next(r for r in map(json.loads, fh) if r["id"] == DOC)


def test_registry():
    assert supports("en", "speakers") and supports("EN-gb", "entities") and supports(None, "claims")
    assert not supports("es", "speakers") and not supports("de", "entities")
    assert base_code("pt_BR") == "pt" and base_code("  ") is None
    assert missing_steps("en") == ()
    assert set(missing_steps("it")) == set(CLAIM_STEPS)
    assert all(SUPPORTED["en"] >= steps for steps in SUPPORTED.values())


@pytest.mark.parametrize("lang", ["es", "it"])
def test_sentence_splitting_holds_in_spanish_and_italian(lang):
    """As registered: a translation splits into as many sentences as its original, and each
    Spanish/Italian sentence ends where a sentence ends."""
    assert "sentences" in SUPPORTED[lang]
    en, other = _doc("en")["text"], _doc(lang)["text"]
    sents = split_sentences(other)
    assert len(sents) == len(split_sentences(en))
    assert all(other[s.start:s.end].rstrip("\"”»'").endswith((".", "?", "!")) for s in sents[1:])


def test_numbers_and_dates_are_not_registered_where_they_fail():
    """Not claimed for Spanish: "40.000 millones" is not read as forty billion, "1 de marzo de 2008" not as a date."""
    assert "numbers" not in SUPPORTED["es"] and "dates" not in SUPPORTED["es"]
    es = "Boeing perdió un contrato de 40.000 millones de dólares el 1 de marzo de 2008."
    assert all(q.value != 40e9 for q in find_quantities(es))
    assert find_times(es, "2008-03-01") == []
    en = "Boeing lost a $40 billion contract on March 1, 2008."
    assert any(q.value == 40e9 for q in find_quantities(en))
    assert [t.date for t in find_times(en, "2008-03-01")] == ["2008-03-01"]


def _story():
    en, es = _doc("en"), _doc("es")
    # no language given: both are identified (en, es) by cleaning
    return [clean(RawDoc("wikinews-en", en["text"], "wikinews-en", title=en.get("title")), S["clean"]),
            clean(RawDoc("wikinews-es", es["text"], "wikinews-es", title=es.get("title")), S["clean"])]


def test_a_spanish_article_in_an_english_story_gives_no_entities_and_a_note():
    arts = _story()
    assert [a.language for a in arts] == ["en", "es"]
    found = story_claims(arts, [["wikinews-en"], ["wikinews-es"]], settings=S)
    assert found.entities and found.claims
    # nothing from the Spanish text: no entity mention, no evidence sentence, no unique claim
    assert all(e.article_ids == ("wikinews-en",) for e in found.entities)
    assert {ev.article_id for c in found.claims for ev in c.evidence} == {"wikinews-en"}
    assert "wikinews-es" not in dict(found.unique)
    assert not any(n for e in found.entities for n in (e.name, *e.variants) if "millones" in n or "Fuerzas" in n)
    assert found.notes[0] == ("article wikinews-es: claims not extracted: Spanish (es) is not supported for entities, "
                              "speaker attribution, claim extraction, numbers and dates")
    assert not any(n.startswith("article wikinews-en:") for n in found.notes)


def test_statements_for_the_benchmarks_are_gated_too():
    _, statements = extract_story_statements(_story(), S)
    assert statements and {s.article_id for s in statements} == {"wikinews-en"}


def test_an_article_of_unknown_language_is_read_as_before():
    en = _story()[0]
    unknown = clean(RawDoc("x", en.text, "x"), {**S["clean"], "language_min_confidence": 1.01})
    assert unknown.language is None
    kept, notes = split_for_claims([unknown])
    assert kept == [unknown] and notes == ()
