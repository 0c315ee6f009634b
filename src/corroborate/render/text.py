"""A story as plain text for the terminal (``corroborate show``).

Reads the report document's shapes (dicts), so it renders exactly what
``report.json`` holds.
"""

from __future__ import annotations

import textwrap
from typing import Any

_RELATION = {
    "copy": "copies",
    "rewrite": "rewrites",
    "translation": "translates (or machine-translates)",
    "shared_quote": "quotes the same outside text as",
}


def _headline(article: dict[str, Any], limit: int = 90) -> str:
    """The title, else the start of the first sentence, marked as such."""
    if article.get("title"):
        return article["title"]
    first = article["sentences"][0]["text"] if article["sentences"] else ""
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"(untitled) {first}"


def _brief_lines(story: dict[str, Any], number: dict[str, int], width: int) -> list[str]:
    """The brief, one wrapped paragraph per sentence, each followed by its citations [1][3]."""
    if not story.get("brief"):
        return []
    out = ["", "Brief (every sentence as a source wrote it; [n] = the sources below that carry it)"]
    for b in story["brief"]:
        cites = "".join(f"[{number[a]}]" for a in sorted((a for a in b["article_ids"] if a in number), key=number.get))
        out += textwrap.wrap(f"{b['text']} {cites}", width, initial_indent="  ", subsequent_indent="  ")
    return out


def _cites(evidence: list[dict[str, Any]], number: dict[str, int]) -> str:
    ids = sorted({e["article_id"] for e in evidence if e["article_id"] in number}, key=number.get)
    return "".join(f"[{number[a]}]" for a in ids)


def _claim_lines(story: dict[str, Any], number: dict[str, int], width: int, top: int = 8) -> list[str]:
    """Key facts, who said what, disagreements, updates and single-source details."""
    claims = story.get("claims") or []
    if not claims:
        return []
    wrap = lambda text: textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="    ")  # noqa: E731
    out = ["", f"Key facts ({len(claims)} claims; [n] = sources; 'indep.' counts independent sources)"]
    for c in [c for c in claims if c["independent_support"] >= 2][:top] or claims[:3]:
        out += wrap(f"- {c['text']} {_cites(c['evidence'], number)} ({c['independent_support']} indep.)")
    quotes: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        if c["kind"] == "quote" and c.get("speaker"):
            quotes.setdefault(c["speaker"], []).append(c)
    if quotes:
        out += ["", "Who said what"]
        for speaker, cs in sorted(quotes.items(), key=lambda kv: -sum(c["support"] for c in kv[1])):
            out.append(f"  {speaker}")
            for c in cs[:4]:
                origin = f" (origin: {c['origin']})" if c.get("origin") else ""
                out += textwrap.wrap(f"- {c['text']} {_cites(c['evidence'], number)}{origin}", width,
                                     initial_indent="    ", subsequent_indent="      ")
    for key, heading, values in (("conflicts", "Where sources disagree", "values"),
                                 ("updates", "Positions that changed over time (not conflicts)", "steps")):
        if story.get(key):
            out += ["", heading]
            for item in story[key]:
                out.append(f"  {item['about']}" + (f" ({item['kind']})" if item.get("kind") else ""))
                for v in item[values]:
                    out += textwrap.wrap(f"- {v['value']} {_cites(v['evidence'], number)}: {v['evidence'][0]['text']}", width,
                                         initial_indent="    ", subsequent_indent="      ")
    unique = story.get("unique") or {}
    if unique:
        by_id = {c["id"]: c for c in claims}
        out += ["", "Only in one source"]
        for aid in story["article_ids"]:
            ids = unique.get(aid) or []
            if ids:
                out.append(f"  [{number[aid]}] {len(ids)} detail(s), e.g.:")
                for cid in ids[:2]:
                    out += textwrap.wrap(f"- {by_id[cid]['text']}", width, initial_indent="    ", subsequent_indent="      ")
    return out


def story_text(doc: dict[str, Any], story: dict[str, Any], width: int = 100) -> str:
    articles = {a["id"]: a for a in doc["articles"]}
    number = {aid: n for n, aid in enumerate(story["article_ids"], 1)}
    groups = story.get("independent_groups") or [[a] for a in story["article_ids"]]
    out = [story["title"], "=" * min(len(story["title"]), width), ""]
    out.append(
        f"{story['id']}: {len(story['article_ids'])} article(s), {len(groups)} independent source(s)"
    )
    out += _brief_lines(story, number, width)
    out += ["", "Sources"]
    for aid in story["article_ids"]:
        a = articles[aid]
        flags = "; ".join(a["quality"]["reasons"][:3])
        line = f"  [{number[aid]}] {a.get('source') or 'unknown outlet'}, {a.get('published') or 'undated'}: {_headline(a)}"
        out.append(line)
        out.append(f"      id {aid}, quality {a['quality']['score']:.2f}" + (f" ({flags})" if flags else ""))
    if story.get("provenance"):
        out += ["", "Provenance (most shared content first)"]
        for p in story["provenance"]:
            verb = _RELATION.get(p["relation"], p["relation"])
            arrow = "" if p.get("directed") else " (direction unknown)"
            out.append(
                f"  [{number[p['derived_id']]}] {verb} [{number[p['source_id']]}]{arrow}:"
                f" similarity {p['similarity']:.2f}, {len(p['pairs'])} aligned sentence(s)"
            )
            src, der = articles[p["source_id"]], articles[p["derived_id"]]
            for pair in p["pairs"][:2]:
                s = src["sentences"][pair["source_sentence"]]["text"]
                d = der["sentences"][pair["derived_sentence"]]["text"]
                out += textwrap.wrap(f"[{number[p['source_id']]}] {s}", width, initial_indent="      ", subsequent_indent="        ")
                out += textwrap.wrap(f"[{number[p['derived_id']]}] {d}", width, initial_indent="      ", subsequent_indent="        ")
    out += _claim_lines(story, number, width)
    out += ["", "Independent sources (copies count once)"]
    for n, g in enumerate(groups, 1):
        out.append(f"  {n}. " + ", ".join(f"[{number[a]}] {articles[a].get('source') or a}" for a in g))
    return "\n".join(out)
