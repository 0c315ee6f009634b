"""Slots: members of one claim agree on figures, days, places, speakers, polarity and modality.

Sentences are taken from the shared data (NewsWCL50, ECB+) and the seeds, some
with one figure changed, as the conflict-injection benchmark does.
"""

from __future__ import annotations

import pytest

from corroborate.claims.modality import modality, negated
from corroborate.claims.slots import SLOTS, disagreements, local_score
from corroborate.claims.story import story_claims
from corroborate.clean import clean
from corroborate.config import settings
from corroborate.model import RawDoc
from corroborate.pipeline import analyze
from corroborate.store import Store

SETTINGS = settings()


def _article(aid: str, text: str, published: str | None = None):
    return clean(RawDoc(id=aid, text=text, origin=aid, published=published), SETTINGS["clean"])


def _statements(*texts: str):
    found = story_claims([_article(f"a{k}", t) for k, t in enumerate(texts)], [[f"a{k}"] for k in range(len(texts))],
                         settings=SETTINGS)
    return found


# seeds 000 / 004: one figure, told by two outlets
SIX = "Ukraine's forces fought six Chinese soldiers and took two of them prisoner, he said."
SIX_B = "Ukrainian forces have confirmed they had fought six Chinese soldiers and two of them had been taken prisoner."
SEVEN_B = SIX_B.replace("six", "seven")


def test_a_different_figure_is_never_support_but_the_other_side_of_a_conflict():
    found = _statements(SIX, SIX_B.replace("six", "6"), SEVEN_B)
    for c in found.claims:
        figures = {e.text.count("seven") > 0 for e in c.evidence}
        assert len(figures) == 1, c  # the "seven" sentence never sits with the "six" ones
    (conflict,) = [c for c in found.conflicts if c.kind == "number"]
    values = {v.value: {e.article_id for e in v.evidence} for v in conflict.values}
    assert values == {"six soldiers": {"a0", "a1"}, "seven soldiers": {"a2"}}
    six_claim = next(c for c in found.claims if any(e.article_id == "a0" for e in c.evidence) and "six" in c.text)
    assert six_claim.support == 2 and six_claim.independent_support == 2


def test_compatible_figures_stay_one_claim_without_conflict():
    # vague and exact amounts whose intervals overlap are agreement (ECB+-style wording)
    found = _statements(
        "Thousands of troops were deployed to the border after the attack, officials said.",
        "About 11,000 troops were deployed to the border after the attack, officials said.",
    )
    assert not found.conflicts
    assert max(c.support for c in found.claims) == 2


def test_magnitudes_that_differ_are_two_claims_and_a_conflict():
    # ECB+ topic 2/3-style earthquake reports: 4.6 vs 4.2 must not merge
    found = _statements(
        "A 4.6-magnitude earthquake struck near the town of Cobb in northern California on Sunday morning.",
        "A 4.2-magnitude earthquake struck near the town of Cobb in northern California on Sunday morning.",
    )
    assert max(c.support for c in found.claims) == 1
    assert [c.kind for c in found.conflicts] == ["number"]


def test_scoped_totals_and_different_counted_things_raise_nothing():
    found = _statements(
        "Police said 12 people were killed in the attack on Monday.",
        "Police said 40 people have been killed in attacks so far this year.",
    )
    assert not found.conflicts
    found = _statements(
        "Police said two soldiers were killed in the attack near the border.",
        "Police said three soldiers were wounded in the attack near the border.",
    )
    assert not [c for c in found.conflicts if c.kind == "number"]


def test_polarity_and_modality_separate_claims():
    # NewsWCL50-style pair: the same words, one denied
    assert negated("Iran does not have a nuclear weapons program, the minister said.")
    assert not negated("Iran has a nuclear weapons program, the minister said.")
    assert not negated("The sanctions hit not only oil but also banks.")
    assert modality("The ministry will publish the list on Monday.") == "future"
    assert modality("The ministry published the list on Monday.") == "asserted"
    assert modality("The ministry may publish the list on Monday.") == "possible"
    found = _statements(
        "The foreign ministry published the list of sanctioned companies on Monday.",
        "The foreign ministry will publish the list of sanctioned companies on Monday.",
        "The foreign ministry did not publish the list of sanctioned companies on Monday.",
    )
    assert max(c.support for c in found.claims) == 1
    assert not found.conflicts  # separated, never a conflict


def test_local_score_reads_the_figures_own_phrase():
    found = _statements(SIX, "Kyiv, April 9 - Ukrainian forces said on Wednesday they had fought seven Chinese "
                             "soldiers in the Donetsk region and captured two of them.")
    a, b = (next(s for s in found.statements if s.article_id == aid and s.quantities) for aid in ("a0", "a1"))
    (d,) = [d for d in disagreements(a, b, SETTINGS["claims"]) if d.kind == "number"]
    assert d.key == "soldier" and local_score(a, b, d) >= SETTINGS["claims"]["conflict_local"]


def test_every_reportable_slot_kind_is_registered_with_its_rules():
    assert set(SLOTS) >= {"number", "day", "place", "speaker", "polarity", "modality"}
    for name, slot in SLOTS.items():
        assert slot.kind == name and callable(slot.disagree) and callable(slot.close)


INDEPENDENT_SEVEN = """Ukraine says it captured Chinese fighters in Donetsk

Kyiv, April 9 (Wire) - Ukrainian forces said on Wednesday they had fought seven Chinese soldiers in the Donetsk region and captured two of them, the first such case since the start of the war.

President Volodymyr Zelensky said Ukraine had information that many more Chinese citizens were serving in the Russian army. Beijing did not immediately respond to a request for comment.
"""


@pytest.mark.parametrize("route", ["analyze", "add"])
def test_founding_story_with_a_changed_figure_shows_the_conflict(tmp_path, seeds_dir, route):
    extra = tmp_path / "in" / "wire.txt"
    extra.parent.mkdir()
    extra.write_text(INDEPENDENT_SEVEN, "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        if route == "analyze":
            result = analyze(store, [seeds_dir, extra.parent])
        else:
            from corroborate.pipeline import add

            analyze(store, [seeds_dir])
            result = add(store, [extra.parent])
        story = store.story(result.stories[0])
    assert "wire" in story.article_ids and len(story.article_ids) == 6
    (conflict,) = [c for c in story.conflicts if c.kind == "number"]
    values = {v.value: {e.article_id for e in v.evidence} for v in conflict.values}
    assert values["seven soldiers"] == {"wire"}
    assert len(values["six soldiers"]) >= 2 and "wire" not in values["six soldiers"]
    six = [c for c in story.claims if "six Chinese soldiers" in c.text]
    assert six and all("wire" not in {e.article_id for e in c.evidence} for c in six)


def test_other_parts_of_one_speech_are_two_claims():
    # NewsWCL50 event 4: two different sentences of Macron's address, each with "Macron said"
    found = _statements(
        '" It is together that we will be able to act effectively for our planet, " Macron said in remarks '
        "at an opening ceremony.",
        '"It is together that we shall build a new form of prosperity for all peoples, free and fair trade, '
        'and the protection of all classes," Macron said.',
        '"It is together that we will be able to act effectively for our planet," Macron said at the ceremony.',
    )
    planet = [c for c in found.claims if "planet" in c.text]
    assert len(planet) == 1 and {e.article_id for e in planet[0].evidence} == {"a0", "a2"}
    assert all("prosperity" not in e.text for e in planet[0].evidence)
