"""A story as plain text for the terminal (``corroborate show``).

Reads the report document's shapes (dicts) through ``view.StoryView``, the
same view the Markdown and HTML renderers lay out, so ``show`` prints what
``report.json`` holds and agrees with the other formats.
"""

from __future__ import annotations

import textwrap
from typing import Any

from ..words import count
from .view import KIND_LABEL, RELATION_VERB, SINGLE_SOURCE_LINE, StoryView, blindspot_line, story_view, unmatched_line


def _cites(view: StoryView, aids: Any) -> str:
    return "".join(f"[{view.number[a]}]" for a in view.ordered(aids))


def story_text(doc: dict[str, Any], story: dict[str, Any], width: int = 100, top: int = 8) -> str:
    """The story: brief, key facts, who said what, disagreements, changes, unique details,
    timeline, sources, provenance and independent sources."""
    v = story_view(doc, story)
    groups = v.groups

    def wrap(text: str, indent: str = "  ", more: str = "    ") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=more)

    out = [story["title"], "=" * min(len(story["title"]), width), ""]
    if len(story["article_ids"]) == 1:  # compact: no comparison sections with one source
        return "\n".join(out + _single_source(v, wrap))
    out.append(
        f"{story['id']}: {count(len(story['article_ids']), 'article')}, {count(len(groups), 'independent source')}, "
        f"{count(len(story.get('conflicts') or []), 'conflict')}"
    )
    if story.get("brief"):
        out += ["", "Brief (every sentence as a source wrote it; [n] = the sources below that carry it)"]
        for b in story["brief"]:
            out += wrap(f"{b['text']} {_cites(v, b['article_ids'])}", "  ", "  ")
    claims = story.get("claims") or []
    if claims:
        out += ["", f"Key facts ({count(len(claims), 'claim')}; 'indep.' counts independent sources, copies once)"]
        for c in v.key_facts()[:top]:
            out += wrap(f"- {c['text']} {_cites(v, v.carriers(c))} ({c['independent_support']} indep.)")
        speakers = v.speakers()
        if speakers:
            out += ["", "Who said what"]
            for speaker, said in speakers[:top]:
                out.append(f"  {speaker}")
                for c in said[:4]:
                    kind = "" if c["kind"] == "quote" else f"({KIND_LABEL.get(c['kind'], c['kind'])}) "
                    origin = f" (all quote one text: {c['origin']})" if c.get("origin") else ""
                    out += wrap(f"- {kind}{c['text']} {_cites(v, v.carriers(c))}{origin}", "    ", "      ")
    for key, heading, values in (("conflicts", "Where sources disagree", "values"),
                                 ("updates", "Positions that changed over time (not conflicts)", "steps")):
        if story.get(key):
            out += ["", heading]
            for item in story[key]:
                out.append(f"  {item['about']}" + (f" ({item['kind']})" if item.get("kind") else ""))
                for val in item[values]:
                    aids = [e["article_id"] for e in val["evidence"]]
                    note = f" ({val['note']})" if val.get("note") else ""
                    said = f": {val['evidence'][0]['text']}" if val["evidence"] else ""
                    out += wrap(f"- {val['value']} {_cites(v, aids)}{note}{said}", "    ", "      ")
    unique = v.unique()
    if unique:
        out += ["", "Only in one source"]
        for aid, details in unique:
            out.append(f"  [{v.number[aid]}] {v.outlet(aid)}: {count(len(details), 'detail')}, e.g.:")
            for c in details[:2]:
                out += wrap(f"- {c['text']}", "    ", "      ")
    timeline = v.timeline()
    if timeline:
        out += ["", "Timeline"]
        for c in timeline[:top]:
            out += wrap(f"- {c['date']}: {c['text']} {_cites(v, v.carriers(c))}")
    out += ["", "Sources"]
    for aid in v.sources():
        a = v.articles.get(aid, {})
        q = a.get("quality", {"score": 1.0, "reasons": []})
        flags = "; ".join(q.get("reasons", ())[:3])
        out.append(f"  [{v.number[aid]}] {v.outlet(aid, why=True)}, {v.published(aid, why=True)}: {v.headline(aid)}"
                   + (f", {v.byline(aid)}" if v.byline(aid) else ""))
        out.append(f"      id {aid}, language {v.language(aid, why=True)}, quality {q.get('score', 1.0):.2f}"
                   + (f" ({flags})" if flags else ""))
        for note in v.article_notes(aid):
            out.append(f"      {note}")
        for verb, others, note in v.provenance_lines(aid):
            out.append(f"      {verb} {_cites(v, others)}" + (f" ({note})" if note else ""))
    derivations = [p for p in story.get("provenance") or [] if p["relation"] != "shared_quote"]
    if derivations:
        out += ["", "Who copies whom (with the first aligned sentences as evidence)"]
        for p in derivations:
            verb = RELATION_VERB.get(p["relation"], p["relation"])
            arrow = "" if p.get("directed") else " (direction unknown)"
            out.append(
                f"  [{v.number[p['derived_id']]}] {verb} [{v.number[p['source_id']]}]{arrow}:"
                f" similarity {p['similarity']:.2f}, {count(len(p['pairs']), 'aligned sentence')}"
            )
            for pair in p["pairs"][:2]:
                for aid, sid in ((p["source_id"], pair["source_sentence"]), (p["derived_id"], pair["derived_sentence"])):
                    out += wrap(f"[{v.number[aid]}] {v.sentence(aid, sid)}", "      ", "        ")
    out += ["", "Independent sources (copies count once)"]
    for n, g in enumerate(groups, 1):
        out.append(f"  {n}. " + ", ".join(f"[{v.number[a]}] {v.outlet(a)}" for a in g if a in v.number))
    out += _coverage(v, wrap)
    return "\n".join(out)


def _coverage(v: StoryView, wrap: Any) -> list[str]:
    """The Coverage section (a report made with --outlets): blindspot, then each attribute's groups."""
    cov = v.coverage()
    if cov is None:
        return []
    out = ["", f"Coverage by outlet ({cov.get('outlets_file') or 'your outlets file'})"]
    out += wrap(blindspot_line(cov))
    for attribute, value, covered, missed, aids in v.coverage_groups():
        said = f"{', '.join(covered)} {_cites(v, aids)}" if covered else "not covered"
        out += wrap(f"- {attribute} {value}: {said}" + (f" (not: {', '.join(missed)})" if missed and covered else
                                                       f" (your outlets: {', '.join(missed)})" if missed else ""))
    if line := unmatched_line(v):
        out += wrap(line)
    return out


def _single_source(v: StoryView, wrap: Any) -> list[str]:
    """A story of one article: the single-source line, its claims in the article's order, the source."""
    story = v.story
    (aid,) = v.sources()
    out = [f"{story['id']}: {count(1, 'article')}, single source"]
    out += [""] + wrap(SINGLE_SOURCE_LINE, "", "")
    claims = story.get("claims") or []
    out += ["", f"Its claims ({count(len(claims), 'claim')})" if claims else "No claims were extracted from this article."]
    for c in claims:
        kind = KIND_LABEL.get(c.get("kind", ""), c.get("kind", ""))
        who = f" ({c['speaker']})" if c.get("speaker") else ""
        out += wrap(f"- {kind}{who}: {c['text']}")
    a = v.articles.get(aid, {})
    q = a.get("quality", {"score": 1.0, "reasons": []})
    flags = "; ".join(q.get("reasons", ())[:3])
    out += ["", "Source",
            f"  [{v.number[aid]}] {v.outlet(aid, why=True)}, {v.published(aid, why=True)}: {v.headline(aid)}"
            + (f", {v.byline(aid)}" if v.byline(aid) else ""),
            f"      id {aid}, language {v.language(aid, why=True)}, quality {q.get('score', 1.0):.2f}"
            + (f" ({flags})" if flags else "")]
    out += [f"      {note}" for note in v.article_notes(aid)]
    return out + _coverage(v, wrap)
