"""The byline in the sources list of every report format: "by NAME" when the input gave one."""

from __future__ import annotations

import copy

from corroborate.render import render
from corroborate.render.text import story_text
from corroborate.render.view import story_view

FIRST, SECOND = "002_fb8f9be659c909f0", "000_55a835e9202e45df"


def _doc(seed_report: dict) -> dict:
    doc = copy.deepcopy(seed_report)
    for a in doc["articles"]:
        if a["id"] == SECOND:
            a["author"] = "Jane <Roe>"
    return doc


def test_the_view_gives_a_byline_only_when_known(seed_report):
    doc = _doc(seed_report)
    v = story_view(doc, doc["stories"][0])
    assert v.byline(SECOND) == "by Jane <Roe>"
    assert v.byline(FIRST) == ""  # no "author" key (reports from before it) or null: nothing shown


def test_every_format_lists_the_byline_escaped(seed_report):
    doc = _doc(seed_report)
    md, page = render(doc, "md"), render(doc, "html")
    text = story_text(doc, doc["stories"][0])
    assert md.count(", by Jane \\<Roe\\> |") == 1  # the sources table's title cell
    assert page.count(", by Jane &lt;Roe&gt;") == 1 and "Jane <Roe>" not in page
    assert text.count(", by Jane <Roe>") == 1
    unknown = copy.deepcopy(seed_report)
    for a in unknown["articles"]:
        a["author"] = None
    for fmt in ("md", "html"):  # a null author shows as nothing, as an absent one
        assert render(unknown, fmt) == render(seed_report, fmt)
