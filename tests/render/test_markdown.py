"""The Markdown report: plain citations, inert source text, every section."""

from __future__ import annotations

import re

from corroborate.model import Article, BriefSentence, Quality, Sentence, Story
from corroborate.render.markdown import esc, report_markdown
from corroborate.serialize import report


def test_sections_and_plain_citations(seed_report):
    md = report_markdown(seed_report)
    for heading in ("### Brief", "### Key facts", "### Who said what", "### Where sources disagree",
                    "### Only in one source", "### Timeline", "### Sources"):
        assert heading in md
    assert re.search(r"\.\"? \[\d\](\[\d\])*", md)  # "... end of sentence. [1][3]"
    assert not re.search(r"^\[\d+\]:", md, flags=re.M)  # no link definitions: [1][3] stays text


def test_source_text_is_inert():
    assert esc("a *b* _c_ <script> [x](y) | z") == r"a \*b\* \_c\_ \<script\> \[x\](y) \| z"
    t = "Click [here](http://evil) or <b>this</b>."
    art = Article("a", t, (Sentence(0, t, 0, len(t)),), quality=Quality(1.0))
    other = Article("b", "Another text.", (Sentence(0, "Another text.", 0, 13),), quality=Quality(1.0))
    # two articles: a story of one is rendered compact, without a brief (test_single_source.py)
    story = Story("s", "t", ("a", "b"), independent_groups=(("a",), ("b",)), brief=(BriefSentence(t, (), ("a",)),))
    md = report_markdown(report([art, other], [story]))
    assert "[here](http://evil)" not in md and "<b>" not in md
    assert r"Click \[here\](http://evil) or \<b\>this\</b\>. [1]" in md
    single = report_markdown(report([art], [Story("s", "t", ("a",), independent_groups=(("a",),))]))
    assert "[here](http://evil)" not in single and "<b>" not in single
    assert r"Click \[here\](http://evil) or \<b\>this\</b\>." in single


def test_the_source_table_names_outlets_dates_provenance_and_quality(seed_report):
    md = report_markdown(seed_report)
    table = md[md.index("### Sources"):]
    assert "| 1 | Latin Times (inferred: copyright line) |" in table
    assert "| 2025-04-08 (inferred: date of an embedded post, a lower bound) |" in table
    assert "rewrite pair with" in table and "words glued" in table
