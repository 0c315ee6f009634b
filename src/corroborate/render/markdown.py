"""The report as Markdown: readable in a terminal and on a code-hosting site.

Reads the report document (``serialize.report`` shapes, as in report.json) and
returns one Markdown string. Every story gets its brief with citations [1][3],
key facts, who said what, where sources disagree, changes over time, details
only one source has, a timeline and the source list with provenance and quality.
An outlet, date or language read from the article's text is marked "(inferred)" wherever
it appears, with the reason in the source list.
Citations are plain bracketed numbers (no link definitions are emitted, so
``[1][3]`` never turns into a reference link).
"""

from __future__ import annotations

import re
from typing import Any

from ..words import count
from .view import KIND_LABEL, SINGLE_SOURCE_LINE, Doc, StoryView, blindspot_line, brief_words, date_span, story_view, unmatched_line

_ESCAPE = re.compile(r"([\\`*_<>\[\]|])")


def esc(text: str) -> str:
    """Source text made inert in Markdown (emphasis, links, HTML, tables); whitespace collapsed."""
    return _ESCAPE.sub(r"\\\1", " ".join(str(text).split()))


def cite(view: StoryView, aids: Any) -> str:
    return "".join(f"[{view.number[a]}]" for a in view.ordered(aids))


def _sources_word(n: int) -> str:
    return count(n, "independent source")


def story_markdown(
    doc: Doc,
    story: Doc,
    *,
    key_facts: int = 12,
    unique_per_source: int = 6,
    quotes_per_speaker: int = 3,
    speakers: int = 6,
    **_: Any,
) -> str:
    """One story as a Markdown section (level-2 heading); a story of one article compact
    (``_single_source``)."""
    v = story_view(doc, story)
    if len(story["article_ids"]) == 1:
        return _single_source(v)
    groups = v.groups
    out = [f"## {esc(story['title'])}", ""]
    out.append(
        f"`{story['id']}` · {count(len(story['article_ids']), 'article')} · {_sources_word(len(groups))}"
        f" · {count(len(story.get('conflicts', ())), 'conflict')} · {date_span(v)}"
    )
    out.append("")

    out += ["### Brief", ""]
    if story.get("brief"):
        parts = [f"{esc(b['text'])} {cite(v, b['article_ids'])}" for b in story["brief"]]
        # the lede alone, then paragraphs of up to three sentences
        for n, para in enumerate([parts[:1]] + [parts[i : i + 3] for i in range(1, len(parts), 3)]):
            if para:
                out += ([""] if n else []) + [" ".join(para)]
        out += ["", f"*{brief_words(story)} words, every sentence as a source wrote it; numbers refer to the sources below.*"]
    else:
        out.append("*No brief: the articles share no sentence long enough to quote.*")
    out.append("")

    facts = v.key_facts()
    if facts:
        out += ["### Key facts", "", "Ranked by the number of independent sources that report them.", ""]
        for n, c in enumerate(facts[:key_facts], 1):
            out.append(
                f"{n}. {esc(c['text'])} — {_sources_word(c.get('independent_support', 0))}"
                f" ({count(c.get('support', 0), 'article')}) {cite(v, v.carriers(c))}"
            )
        if len(facts) > key_facts:
            out.append(f"\n*… and {count(len(facts) - key_facts, 'more claim')} in report.json.*")
        out.append("")

    by_speaker = v.speakers()
    if by_speaker:
        out += ["### Who said what", ""]
        for speaker, quotes in by_speaker[:speakers]:
            out.append(f"**{esc(speaker)}**")
            out.append("")
            for c in quotes[:quotes_per_speaker]:
                origin = f" — all quote one text: {esc(c['origin'])}" if c.get("origin") else ""
                label = "" if c.get("kind") == "quote" else "*(reported)* "
                out.append(f"- {label}{esc(c['text'])} {cite(v, v.carriers(c))}{origin}")
            if len(quotes) > quotes_per_speaker:
                out.append(f"- *… and {len(quotes) - quotes_per_speaker} more*")
            out.append("")
        if len(by_speaker) > speakers:
            others = ", ".join(esc(sp) for sp, _ in by_speaker[speakers:])
            out += [f"*Also quoted: {others}.*", ""]

    conflicts = story.get("conflicts", ())
    out += ["### Where sources disagree", ""]
    if not conflicts:
        out += ["*No conflicting figures, dates, places or speakers were found.*", ""]
    for k in conflicts:
        kind = f" ({k['kind']})" if k.get("kind") else ""
        out.append(f"**{esc(k['about'])}**{kind}")
        out.append("")
        for val in k.get("values", ()):
            note = f" — *{esc(val['note'])}*" if val.get("note") else ""
            out.append(f"- **{esc(val['value'])}** {cite(v, v.conflict_sources(val))}{note}")
            for e in val.get("evidence", ())[:3]:
                out.append(f"  > {esc(e['text'])} [{v.number.get(e['article_id'], '?')}]")
        out.append("")

    if story.get("updates"):
        out += ["### Changed over time", "", "Positions reported in order; later steps update earlier ones, they do not contradict them.", ""]
        for u in story["updates"]:
            out.append(f"**{esc(u['about'])}**")
            out.append("")
            for n, step in enumerate(u.get("steps", ()), 1):
                note = f" — *{esc(step['note'])}*" if step.get("note") else ""
                out.append(f"{n}. **{esc(step['value'])}** {cite(v, v.conflict_sources(step))}{note}")
                for e in step.get("evidence", ())[:1]:
                    out.append(f"   > {esc(e['text'])} [{v.number.get(e['article_id'], '?')}]")
            out.append("")

    uniq = v.unique()
    if uniq:
        out += ["### Only in one source", ""]
        for aid, claims in uniq:
            out.append(f"**[{v.number[aid]}] {esc(v.outlet(aid))}**")
            out.append("")
            for c in claims[:unique_per_source]:
                out.append(f"- {esc(c['text'])}")
            if len(claims) > unique_per_source:
                out.append(f"- *… and {len(claims) - unique_per_source} more*")
            out.append("")

    timeline = v.timeline()
    if timeline:
        out += ["### Timeline", ""]
        for c in timeline:
            out.append(f"- **{c['date']}** {esc(c['text'])} {cite(v, v.carriers(c))}")
        out.append("")

    out += _coverage(v)

    out += ["### Sources", ""]
    out += ["| # | Outlet | Title | Published | Language | Quality | Provenance |", "|---|---|---|---|---|---|---|"]
    for aid in v.sources():
        a = v.articles.get(aid, {})
        q = a.get("quality", {"score": 1.0, "reasons": []})
        flags = "; ".join(q.get("reasons", ())[:3])
        prov = "; ".join(
            f"{verb} {cite(v, others)}" + (f" ({note})" if note else "") for verb, others, note in v.provenance_lines(aid)
        )
        title = v.headline(aid)
        url = str(a.get("url") or "")
        if re.fullmatch(r"https?://[^\s<>()\[\]]+", url):  # never javascript:, data: or markup
            title = f"[{esc(title)}](<{url}>)"
        else:
            title = esc(title)
        if v.byline(aid):
            title += ", " + esc(v.byline(aid))
        out.append(
            f"| {v.number[aid]} | {esc(v.outlet(aid, why=True))} | {title} | {esc(v.published(aid, why=True))}"
            f" | {esc(v.language(aid, why=True))} | {q.get('score', 1.0):.2f}{' — ' + esc(flags) if flags else ''} | {prov or '—'} |"
        )
    out.append("")
    noted = [(aid, n) for aid in v.sources() for n in v.article_notes(aid)]
    if noted:  # e.g. an article in a language the claims steps do not read
        out += [f"- [{v.number[aid]}] {esc(n)}" for aid, n in noted] + [""]
    out.append("Independent sources (copies, rewrites and translations count once): " + "; ".join(
        " + ".join(f"[{v.number[a]}] {esc(v.outlet(a))}" for a in g if a in v.number) for g in groups
    ) + ".")
    out.append("")
    return "\n".join(out)


def _coverage(v: StoryView) -> list[str]:
    """The Coverage section (a report made with --outlets): the blindspot, then a row per outlet group."""
    cov = v.coverage()
    if cov is None:
        return []
    out = ["### Coverage by outlet", "", f"**{esc(blindspot_line(cov))}**", ""]
    rows = v.coverage_groups()
    if rows:
        out += ["| Attribute | Value | Covered by | Your outlets that did not |", "|---|---|---|---|"]
        for attribute, value, covered, missed, aids in rows:
            said = f"{esc(', '.join(covered))} {cite(v, aids)}" if covered else "—"
            out.append(f"| {esc(attribute)} | {esc(value)} | {said} | {esc(', '.join(missed)) or '—'} |")
        out.append("")
    if line := unmatched_line(v):
        out += [f"*{esc(line)}*", ""]
    return out


def report_markdown(doc: Doc, **settings: Any) -> str:
    """The whole report: a heading, a story index when there are several, then each story."""
    stories = doc.get("stories", ())
    out = ["# corroborate report", ""]
    out.append(
        f"{count(len(stories), 'story')}, {count(len(doc.get('articles', ())), 'article')}."
        " Every brief sentence is quoted verbatim from a source it cites."
    )
    out.append("")
    if len(stories) > 1:
        for s in stories:
            out.append(f"- {esc(s['title'])} (`{s['id']}`, {count(len(s['article_ids']), 'article')})")
        out.append("")
    for s in stories:
        out.append(story_markdown(doc, s, **settings))
    return "\n".join(out).rstrip() + "\n"


def _single_source(v: StoryView) -> str:
    """A story of one article: the single-source line, its claims in the article's order, and the
    source; none of the comparison sections (with one source they are empty or the article again)."""
    story = v.story
    (aid,) = v.sources()
    out = [f"## {esc(story['title'])}", "",
           f"`{story['id']}` · {count(1, 'article')} · single source · {date_span(v)}", "",
           f"*{SINGLE_SOURCE_LINE}*", "", "### Its claims", ""]
    claims = story.get("claims") or ()
    for c in claims:
        kind = KIND_LABEL.get(c.get("kind", ""), c.get("kind", ""))
        who = f" ({esc(c['speaker'])})" if c.get("speaker") else ""
        out.append(f"- *{kind}*{who}: {esc(c['text'])} {cite(v, v.carriers(c))}")
    if not claims:
        out.append("*No claims were extracted from this article.*")
    a = v.articles.get(aid, {})
    q = a.get("quality", {"score": 1.0, "reasons": []})
    flags = f"; {esc('; '.join(q.get('reasons', ())))}" if q.get("reasons") else ""
    out += ["", "### The source", "",
            f"[{v.number[aid]}] {esc(v.outlet(aid, why=True))}: {esc(v.headline(aid))} ({esc(v.published(aid, why=True))},"
            f" {esc(v.language(aid, why=True))}, quality {q.get('score', 1.0):.2f}{flags})"]
    out += [""] + _coverage(v)
    return "\n".join(out).rstrip() + "\n"
