"""Translations as provenance: a ``translation`` link across languages, one per language and
article, in the original's independence group, directed by an explicit sign, by dates or by
the better-edited text, else undirected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate import config
from corroborate.model import Provenance
from corroborate.relate import find_provenance, independent_groups
from corroborate.relate.provenance import _one_translation_per_language, translation_sign

from .conftest import article

PROVENANCE = config.settings()["provenance"]

# a ferry accident: an English report, its Spanish translation, and an independent English
# report of the same event (not a translation of either); shared with tests/stories/test_crosslingual.py
_FERRIES = Path(__file__).resolve().parents[1] / "data" / "translations" / "ferries.jsonl"
_TEXTS = {r["id"]: r["text"] for r in map(json.loads, _FERRIES.read_text(encoding="utf-8").splitlines())}
EN, ES, EN_OTHER = _TEXTS["ferry-en"], _TEXTS["ferry-es"], _TEXTS["ferry-en-2"]


@pytest.mark.parametrize("text", [
    "Translated from the Spanish by Ana Ruiz.",
    "Traducido del inglés por la redacción.",
    "Articolo tradotto dall'inglese.",
    "Traduit de l'anglais par Marie Dupont.",
    "Aus dem Englischen übersetzt von Max Weber.",
    "This text is a machine translation of the original.",
    "Переведено с английского.",
])
def test_explicit_signs_of_a_translation(text):
    assert translation_sign(article("x", f"{ES} {text}", language="es"))


@pytest.mark.parametrize("text", [
    "He translated the minister's remarks for reporters.",
    "Die Rede wurde live übersetzt.",
    "La traduzione di questo libro è uscita nel 2020.",
])
def test_translating_as_a_topic_is_no_sign(text):
    assert not translation_sign(article("x", f"{EN} {text}"))


def _links(*arts):
    return {frozenset((p.source_id, p.derived_id)): p for p in find_provenance(arts, PROVENANCE)}


def test_a_translation_is_linked_and_counts_in_its_originals_group():
    en, es, other = article("en", EN), article("es", ES, language="es"), article("other", EN_OTHER)
    links = _links(en, es, other)
    link = links[frozenset(("en", "es"))]
    assert link.relation == "translation"
    assert all(p.relation != "translation" for k, p in links.items() if "other" in k)
    groups = independent_groups(["en", "es", "other"], list(links.values()))
    assert ("en", "es") in groups and ("other",) in groups


def test_direction_comes_from_an_explicit_sign_before_dates():
    en = article("en", EN, published="2026-04-02")
    es = article("es", ES + " Traducido del inglés.", language="es", published="2026-04-01")
    link = _links(en, es)[frozenset(("en", "es"))]
    assert link.relation == "translation" and link.directed
    assert (link.source_id, link.derived_id) == ("en", "es")  # the sign wins over the earlier date


def test_direction_from_dates_else_from_the_better_edited_text_else_undirected():
    dated = _links(article("en", EN, published="2026-04-01"), article("es", ES, language="es", published="2026-04-02"))
    link = dated[frozenset(("en", "es"))]
    assert link.directed and (link.source_id, link.derived_id) == ("en", "es")
    garbled = _links(article("en", EN), article("es", ES, language="es", quality=0.6))
    link = garbled[frozenset(("en", "es"))]
    assert link.directed and (link.source_id, link.derived_id) == ("en", "es")
    plain = _links(article("en", EN), article("es", ES, language="es"))
    assert not plain[frozenset(("en", "es"))].directed  # reported as "direction unknown"


def test_an_article_keeps_one_translation_per_language_the_most_similar():
    language = {"es": "es", "en1": "en", "en2": "en", "it": "it"}
    links = [
        Provenance("en1", "es", "translation", 0.6),
        Provenance("en2", "es", "translation", 0.3),  # a look-alike report of another event
        Provenance("en1", "it", "translation", 0.5),
        Provenance("en1", "en2", "rewrite", 0.4),
    ]
    kept = _one_translation_per_language(links, language)
    assert [(p.source_id, p.derived_id) for p in kept] == [("en1", "es"), ("en1", "it"), ("en1", "en2")]
