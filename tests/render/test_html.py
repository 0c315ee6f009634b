"""The HTML report: self-contained, every citation lands on a sentence, source text is inert."""

from __future__ import annotations

import re

from corroborate.model import Article, BriefSentence, Claim, Evidence, Quality, Sentence, Story
from corroborate.render.html import report_html
from corroborate.serialize import report

HOSTILE = 'He wrote <script>alert(1)</script> and <img src=x onerror="alert(2)"> in the comment box.'


def _hostile_doc() -> dict:
    texts = [HOSTILE, "The second outlet quoted the comment box in full on Monday."]
    arts = []
    for i, t in enumerate(texts):
        arts.append(Article(f"a{i}", t, (Sentence(0, t, 0, len(t)),), title="<b>bold</b> title", source='Evil "Outlet"', quality=Quality(1.0)))
    ev = tuple(Evidence(a.id, 0, a.text) for a in arts)
    claim = Claim("cl-1", HOSTILE, "quote", speaker="<i>X</i>", evidence=ev, support=2, independent_support=2)
    story = Story("st-1", "<script>t</script>", ("a0", "a1"), independent_groups=(("a0",), ("a1",)), claims=(claim,),
                  brief=(BriefSentence(HOSTILE, ("cl-1",), ("a0", "a1")),))
    return report(arts, [story])


def test_source_text_cannot_inject_markup_or_script():
    html = report_html(_hostile_doc())
    assert html.count("<script>") == 1  # ours, at the end
    assert "<img" not in html and "<b>bold</b> title" not in html and "<i>X" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'onerror=&quot;alert(2)&quot;' in html


def test_the_file_loads_nothing_from_the_network(seed_report):
    html = report_html(seed_report)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "Content-Security-Policy" in html


def test_every_citation_points_at_an_element_of_the_page(seed_report):
    html = report_html(seed_report)
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    targets = re.findall(r'<a class="cite" href="#([^"]+)"', html)
    assert targets and set(targets) <= ids
    assert len(ids) == len(re.findall(r'\sid="([^"]+)"', html))  # ids are unique


def test_the_page_has_every_section_a_reader_expects(seed_report):
    html = report_html(seed_report)
    for heading in ("Brief", "Key facts", "Who said what", "Where sources disagree", "Only in one source",
                    "Timeline", "Coverage", "Who copies whom", "Sources", "The articles side by side"):
        assert f">{heading}" in html, heading
    assert "<svg" in html and 'class="matrix"' in html and 'class="pane"' in html
    story = seed_report["stories"][0]
    # each brief sentence is shown once, verbatim (escaped)
    for b in story["brief"]:
        assert html.count(f'">{_esc(b["text"])}</span>') >= 1


def test_sentences_are_marked_shared_unique_and_conflicting(seed_report):
    html = report_html(seed_report)
    for mark in ("shared", "unique", "conflict", "inbrief"):
        assert re.search(rf'class="s [^"]*\b{mark}\b', html), mark


def _esc(text: str) -> str:
    from html import escape

    return escape(text, quote=True)
