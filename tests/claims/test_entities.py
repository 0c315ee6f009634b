from pathlib import Path

import pytest

from corroborate.claims.entities import EntityIndex, link_entities, mentions, normalise_name, resolve
from corroborate.claims.gazetteer import demonym_place, is_place
from corroborate.claims.names import name_key, similar

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def test_name_keys_fold_spelling_and_transliteration():
    assert name_key("Zelenski") == name_key("Zelensky") == name_key("Zelenskyy") == name_key("Зеленський")
    assert name_key("Kiev") == name_key("Kyiv")
    assert name_key("Alexei") == name_key("Aleksey")
    assert name_key("Sibiha") == name_key("Sybiha")
    assert name_key("Trump") != name_key("Tramp")
    assert not similar("Moon", "Mun", 0.92)


def test_gazetteer_and_demonyms():
    assert is_place("North Korea") and is_place("Moscow") and not is_place("Trump")
    assert demonym_place("Ukrainian") == "ukraine"
    assert demonym_place("North Koreans") == "north korea"
    assert demonym_place("Trump") is None


def test_mentions_titles_cues_and_kinds():
    text = (
        "Foreign Minister Anna Kowalska met Mr. Okafor in Lagos on Monday. "
        "The Daily Herald said the Central Bank of Nigeria and the IMF disagreed. "
        "Okafor said spokesperson Li Wei had left."
    )
    ms = {m.text: m for m in mentions(text)}
    assert ms["Anna Kowalska"].kind == "person" and ms["Anna Kowalska"].title == "Foreign Minister"
    assert ms["Okafor"].kind == "person"
    assert ms["Lagos"].kind == "place"
    assert ms["Daily Herald"].kind == "organisation"
    assert ms["Central Bank of Nigeria"].kind == "organisation"
    assert ms["IMF"].kind == "organisation"
    assert ms["Li Wei"].kind == "person"
    assert "The" not in ms and "Monday" not in ms


def test_sentence_initial_words_need_evidence():
    text = "Since the talks began, Kim has waited. Since Kim spoke, nothing moved. Demands grew."
    names = [m.text for m in mentions(text)]
    assert names == ["Kim", "Kim"]


def test_linking_is_general_not_seed_specific():
    docs = [
        ("a", "President Aleksandr Lukashenko said on Friday that Minsk would respond."),
        ("b", "Belarusian leader Alexander Lukashenka spoke in Minsk. Lukashenka said more."),
        ("c", "Mr. Lukashenko met Dmitri Ivanov; Ivanov, a general, agreed. The ministry spokesman Dmitry Ivanov later denied it."),
    ]
    ents = {e.name: e for e in link_entities(docs)}
    people = [e for e in ents.values() if e.kind == "person"]
    luka = [e for e in people if "Lukashenko" in e.variants]
    assert len(luka) == 1 and set(luka[0].article_ids) == {"a", "b", "c"}
    assert {"Lukashenka", "Alexander Lukashenka", "Aleksandr Lukashenko"} <= set(luka[0].variants)
    ivanov = [e for e in people if "Ivanov" in e.variants]
    assert len(ivanov) == 1 and {"Dmitri Ivanov", "Dmitry Ivanov"} <= set(ivanov[0].variants)
    assert ents["Minsk"].kind == "place"


def test_acronym_joins_its_expansion_and_ambiguous_surname_stays_alone():
    docs = [
        ("a", "The Central Intelligence Agency briefed John Smith and Mary Smith. The CIA declined to comment."),
        ("b", "A CIA official said Smith was absent."),
    ]
    res = resolve(docs)
    by_variant = {v: e for e in res.entities for v in e.variants}
    assert by_variant["CIA"] is by_variant["Central Intelligence Agency"]
    assert by_variant["Smith"] is not by_variant["John Smith"]
    assert by_variant["Smith"] is not by_variant["Mary Smith"]
    # every mention is mapped to an entity of the result
    ids = {e.id for e in res.entities}
    assert all(eid in ids for _, _, eid in res.mentions)


@pytest.mark.skipif(not SEEDS.exists(), reason="seed articles absent")
def test_seed_story_entities():
    docs = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    ents = link_entities(docs)
    index = EntityIndex(ents)

    def one(*surfaces):
        found = {index.lookup(s) for s in surfaces}
        assert len(found) == 1 and None not in found, surfaces
        return found.pop()

    z = one("Zelenski", "Zelensky", "Zelenskyy", "Volodimir Zelenski", "Volodymyr Zelensky", "President Zelensky")
    assert z.kind == "person" and len(z.article_ids) == 5 and len(z.name.split()) == 2
    s = one("Sibiha", "Sybiha", "Andrius Sibiha", "Andrii Sybiha", "Foreign Minister Andrii Sybiha")
    assert s.kind == "person" and s is not z
    k = one("Kiev", "Kyiv")
    assert k.kind == "place"
    p = one("Putin", "Vladimir Putin")
    assert p.kind == "person" and p.name == "Vladimir Putin"
    for name in ("Lin Jian", "Tammy Bruce", "Bart De Wever"):
        assert one(name).kind == "person"
    assert one("Le Monde").kind == "organisation"
    assert one("BBC").kind == "organisation"
    assert one("Donetsk").kind == "place"
    assert normalise_name("Mr. Zelenskyy", ents) is z
    assert normalise_name("Nobody Atall", ents) is None
    # variants carry no titles
    assert not any(v.startswith(("President", "Mr.")) for e in ents for v in e.variants)


def test_words_around_reads_word_offsets_like_splitting_the_slices():
    import random

    from corroborate.claims.entities import _word_spans, _words_around

    rng = random.Random(7)
    alphabet = ["a", "b", "é", " ", "  ", "\n", "\t", "\u2003", "\x1c", "xyz"]
    texts = ["", "   ", "one", " lead and trail ", "a\nb\tc\u2003d"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(300)]
    for text in texts:
        spans = _word_spans(text)
        assert [text[s:e] for s, e in zip(*spans)] == text.split()
        for lo in range(len(text) + 2):  # offsets inside words, on spaces and past the end
            hi = min(lo + rng.randint(1, 5), len(text) + 3)
            for window in (0, 1, 3):
                before, after = text[:lo].split(), text[hi:].split()
                expected = before[max(0, len(before) - window) :] + after[:window]
                assert _words_around(text, spans, lo, hi, window) == expected, (text, lo, hi, window)


def test_union_kind_follows_merged_votes():
    from collections import Counter

    from corroborate.claims.entities import _Group, _Union

    def group(votes):
        return _Group("k", ["k"], Counter(), Counter(votes), set(), Counter(), False)

    uf = _Union([group({"person": 2.0}), group({"place": 0.5}), group({"place": 3.0})])
    assert uf.kind(0) == "person" and uf.kind(1) == "place"
    assert uf.union(0, 1)  # a weak place vote joins a person
    assert uf.kind(1) == "person" and uf.kind_weight(0) == ("person", 2.0)
    assert not uf.union(0, 2)  # two confident kinds disagree
    assert uf.union(2, 1) is False and uf.kind(2) == "place"


def test_tokenised_once_matches_public_functions_and_lookup_memo():
    from corroborate.claims.entities import _mentions, _name_words, _tokens, name_words

    text = "Mr. Okafor met IMF staff.\nTHE BIG HEADLINE HERE NOW\nSince Kim spoke, Okafor's aide left."
    toks = _tokens(text)
    assert _name_words(toks) == name_words(text)
    assert _mentions(text, toks, {"kim"}, ()) == mentions(text, {"kim"})
    ents = link_entities([("a", "The foreign minister, Anna Kowalska, spoke to reporters on the plane.")])
    index = EntityIndex(ents)
    first = index.lookup("A. Kowalska")  # no exact key: the surname/given-name path
    assert first is not None and first.name == "Anna Kowalska" and index.lookup("A. Kowalska") is first
    assert index.lookup("Nobody") is None and index.lookup("Nobody") is None


def test_settings_are_taken_from_the_caller_and_every_key_is_honoured():
    from corroborate import config
    from corroborate.claims.entities import entity_settings

    settings = config.settings()
    # NewsWCL50 3_LL and 3_M: "Rick Gates" / "Richard Gates" (given names at Jaro-Winkler 0.72)
    docs = [
        ("3_LL", "Defendants in the lawsuit include former campaign chairman Paul Manafort, Manafort associate "
                 "Rick Gates and former campaign aide George Papadopoulos."),
        ("3_M", "Other individual defendants include Trump's former campaign manager Paul Manafort, Jr., former "
                "campaign adviser George Papadopoulos, and Manafort's business partner, Richard Gates."),
    ]

    def gates(**kw):
        return [e for e in resolve(docs, **kw).entities if "Gates" in " ".join(e.variants)]

    assert len(gates(settings=settings)) == 2
    loose = {k: dict(v) for k, v in settings.items()}
    loose["entities"]["given_threshold"] = 0.7
    assert len(gates(settings=loose)) == 1  # the caller's [entities] section is read, not the packaged defaults
    assert len(gates(settings=settings, given_threshold=0.7)) == 1  # a keyword overrides one key
    rick = [e for e in gates(settings=settings) if e.name == "Rick Gates"]
    assert EntityIndex(rick, settings=settings).lookup("Richard Gates") is None
    index = EntityIndex(rick, settings=loose)
    assert index.given_threshold == 0.7 and index.lookup("Richard Gates") is rick[0]
    assert entity_settings(loose)["given_threshold"] == 0.7
    assert set(entity_settings(settings)) == set(settings["entities"])
    with pytest.raises(TypeError):
        entity_settings(settings, no_such_key=1)


def test_a_sentence_initial_given_name_stays_part_of_the_name():
    # NewsWCL50 5_LL: "Boris" opens the paragraph, "Johnson" is a name elsewhere in the text
    text = ("Despite the threat of widespread protests, the US ambassador Woody Johnson confirmed the visit.\n\n"
            "Boris Johnson, who said in December 2015 \"the only reason I wouldn't go to some parts of New York is "
            "the real risk of meeting Donald Trump\", tweeted the news.")
    names = [m.text for m in mentions(text)]
    assert "Boris Johnson" in names and "Woody Johnson" in names


def test_events_places_of_and_teams_are_no_people():
    from corroborate.claims.entities import mentions

    kinds = {m.text: m.kind for m in mentions(
        "The Indian Navy patrolling the Gulf of Aden on Thursday thwarted an attack. The injury woes continued "
        "for the Super Bowl champion. The producers of the Academy Awards telecast met. He plays for the San "
        "Diego Chargers now, and Paris Hilton said so.")}
    assert kinds["Gulf of Aden"] == "place"
    assert kinds["Super Bowl"] == "other" and kinds["Academy Awards"] == "other"
    assert kinds["San Diego Chargers"] == "organisation"
    assert kinds["Paris Hilton"] == "person"


def test_a_name_before_a_role_and_its_holder_is_the_employer():
    from corroborate.claims.entities import mentions

    # ECB+ 35ecb: "San Diego Chargers receiver Vincent Jackson"
    kinds = {m.text: m.kind for m in mentions("San Diego Chargers receiver Vincent Jackson was arrested on Tuesday.")}
    assert kinds == {"San Diego Chargers": "organisation", "Vincent Jackson": "person"}
