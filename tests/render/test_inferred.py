"""An outlet or date read from the article's text is marked as inferred, with its reason, in every format;
a conflict value's note and its evidence (even a line that is no claim) are shown beside the value."""

from __future__ import annotations

import copy
import json

import pytest

from corroborate.render import render
from corroborate.render.text import story_text

LATIN, BBC, JAPAN = "002_fb8f9be659c909f0", "001_667c024558ac1ee0", "003_a3085cba722678df"
SIGNATURE = "— Volodymyr Zelenskyy / Володимир Зеленський (@ZelenskyyUa) April 8, 2025"
NOTE = "the article contradicts the post it embeds; the post's signature line is the evidence"


def _article(doc: dict, aid: str) -> dict:
    return next(a for a in doc["articles"] if a["id"] == aid)


def _formats(doc: dict) -> dict[str, str]:
    return {"json": render(doc, "json"), "md": render(doc, "md"), "html": render(doc, "html"),
            "show": story_text(doc, doc["stories"][0])}


def test_the_seed_reports_guesses_carry_their_reasons(seed_report):
    detected = {"language": "detected from the text (py3langid, confidence 1.00)"}  # clean/language.py
    assert _article(seed_report, LATIN)["inferred"] == {
        "source": "copyright line", "published": "date of an embedded post, a lower bound", **detected}
    assert _article(seed_report, BBC)["inferred"] == {"source": "named in the text", **detected}
    assert _article(seed_report, JAPAN)["inferred"] == {"source": "outlet credit line", **detected}


@pytest.mark.parametrize("fmt", ["md", "html", "show"])
def test_an_inferred_outlet_and_date_show_the_mark_and_the_reason(seed_report, fmt):
    out = _formats(seed_report)[fmt]
    for shown in ("Latin Times", "BBC", "Japan Times"):
        assert f"{shown} (inferred" in out, shown
    assert "named in the text" in out and "outlet credit line" in out and "copyright line" in out
    assert "2025-04-08 " in out and "(inferred: date of an embedded post, a lower bound)" in out
    # never shown bare where it is named as the article's outlet
    if fmt != "html":
        assert "Latin Times," not in out and "| Latin Times |" not in out and "] BBC\n" not in out


def test_json_carries_the_reasons(seed_report):
    doc = json.loads(render(seed_report, "json"))
    assert _article(doc, BBC)["inferred"]["source"] == "named in the text"


def test_given_metadata_is_never_marked(seed_report):
    doc = copy.deepcopy(seed_report)
    for a in doc["articles"]:
        a["inferred"] = {}  # as if the input had named the outlets and the date
    for fmt, out in _formats(doc).items():
        assert "(inferred" not in out and "inferred from the text" not in out, fmt
        if fmt != "json":
            assert "Latin Times" in out and "2025-04-08" in out


def test_older_reports_without_inferred_render_unmarked(seed_report):
    doc = copy.deepcopy(seed_report)
    for a in doc["articles"]:
        del a["inferred"]
    assert "(inferred" not in render(doc, "md") + render(doc, "html") + story_text(doc, doc["stories"][0])


def _with_note(seed_report: dict) -> dict:
    """The seeds' "on which day Zelensky posted" conflict, its post value carrying a note and
    the post's signature line (removed boilerplate, not a sentence) as evidence."""
    doc = copy.deepcopy(seed_report)
    story = doc["stories"][0]
    (conflict,) = [c for c in story["conflicts"] if c["kind"] == "weekday"]
    post = conflict["values"][1]
    assert any(r["text"] == SIGNATURE for r in _article(doc, LATIN)["removed"])
    post["note"] = NOTE
    post["evidence"] = [{"article_id": LATIN, "sentence_id": -1, "text": SIGNATURE}]
    return doc


def test_a_conflict_values_note_and_non_sentence_evidence_are_rendered(seed_report):
    doc = _with_note(seed_report)
    out = _formats(doc)
    assert json.loads(out["json"])["stories"][0]["conflicts"][0]["values"][1]["note"] == NOTE
    assert f"— *{NOTE}*" in out["md"] and f"> {SIGNATURE} [1]" in out["md"]
    assert f'<div class="vnote">{NOTE.replace(chr(39), "&#x27;")}</div>' in out["html"]
    # the signature line is shown, and its link goes to the article (there is no sentence to point at)
    assert f'<q>{SIGNATURE} <a class="cite" href="#{doc["stories"][0]["id"]}-a1">1</a></q>' in out["html"]
    assert "-a1-s-1" not in out["html"]
    show = " ".join(out["show"].split())
    assert f"({NOTE}): {SIGNATURE}" in show


def test_a_value_without_a_note_has_none_in_json(seed_report):
    values = seed_report["stories"][0]["conflicts"][0]["values"]
    assert all("note" not in v for v in values)
