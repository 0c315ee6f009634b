"""The report as one self-contained HTML file: no network, works offline, readable without JavaScript.

Reads the report document (``serialize.report`` shapes) and returns one HTML
string with its CSS, a few lines of optional JavaScript and the provenance
graphs (inline SVG) inside. Every piece of source text is escaped, so an
article cannot inject markup or script.

Per story: the brief, whose citations [1][3] jump to the cited sentence
(highlighted through CSS ``:target``, so without JavaScript too); key facts;
who said what; where sources disagree; changes over time; details only one
source has; a timeline; a claims x sources coverage matrix; a small
provenance graph; the sources; and the articles side by side with shared,
unique and conflicting sentences marked.
"""

from __future__ import annotations

import math
import re
from html import escape
from typing import Any

from ..words import count
from .view import KIND_LABEL, SINGLE_SOURCE_LINE, Doc, StoryView, blindspot_line, brief_words, date_span, independent_groups, story_view, unmatched_line

_PALETTE = ("#2f6f9f", "#c0572a", "#3b8a4f", "#8a4f9e", "#b08a1e", "#2a8a8a", "#9e3b5b", "#5b6b7a")
_MARK_TITLE = {
    "shared": "also reported by an independent source",
    "copied": "also in a copy or rewrite of this article only",
    "unique": "only this source reports it",
    "conflict": "sources disagree here",
    "inbrief": "quoted in the brief",
}

CSS = """
:root{--ink:#1d2430;--muted:#5d6776;--line:#dfe3ea;--bg:#f6f7f9;--card:#fff;--accent:#1f5fa8;
--shared:#e3f3e6;--shared-b:#3b8a4f;--unique:#e6eefb;--unique-b:#2f6fbf;--conflict:#fde8e4;--conflict-b:#c0392b;
--copied:#eeeeee;--hl:#ffe98a;--serif:Georgia,"Iowan Old Style","Times New Roman",serif;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 var(--sans)}
a{color:var(--accent)}
.top{background:#18212e;color:#e9edf3;padding:.55rem 0;font-size:.85rem}
.top b{color:#fff;letter-spacing:.02em}
.wrap{max-width:1180px;margin:0 auto;padding:0 1.2rem}
.story{margin:1.6rem 0 3rem}
.story>h1{font:700 2rem/1.2 var(--serif);margin:.2rem 0 .5rem}
.meta{color:var(--muted);margin:0 0 .8rem;display:flex;flex-wrap:wrap;gap:.4rem}
.pill{display:inline-block;background:#e8ecf2;border-radius:99px;padding:.05rem .6rem;font-size:.82rem;color:#2b3442}
.pill.warn{background:var(--conflict);color:#8c2a1f}
.pill.good{background:var(--shared);color:#24603a}
.jump{font-size:.85rem;margin:.2rem 0 1rem;display:flex;flex-wrap:wrap;gap:.2rem .9rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.2rem;margin:0 0 1rem}
.card>h2{font-size:1.05rem;margin:0 0 .6rem;text-transform:uppercase;letter-spacing:.04em;color:#3a4454}
.card>h2 small{text-transform:none;letter-spacing:0;font-weight:400;color:var(--muted)}
.brief-grid{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:1.6rem}
@media (max-width:900px){.brief-grid{grid-template-columns:1fr}}
.brief-grid h2{font-size:1.05rem;margin:0 0 .6rem;text-transform:uppercase;letter-spacing:.04em;color:#3a4454}
.brief-grid aside{border-left:1px solid var(--line);padding-left:1.2rem}
.brief{font:1.1rem/1.7 var(--serif);margin:0 0 .8rem;max-width:46rem}
.brief.lede{font-size:1.22rem}
.brief .bs{border-radius:3px}
.brief .bs:target{background:var(--hl)}
.cites{white-space:nowrap}
a.cite{display:inline-block;min-width:1.45em;text-align:center;font:600 .72rem/1.35 var(--sans);vertical-align:.35em;
 margin-left:1px;padding:0 .25em;border-radius:4px;background:#e3ebf6;color:#1f4f86;text-decoration:none}
a.cite:hover,a.cite:focus{background:var(--accent);color:#fff}
.note{color:var(--muted);font-size:.85rem;margin:.6rem 0 0}
.srclist{margin:0;padding:0;list-style:none;font-size:.86rem}
.srclist li{margin:0 0 .55rem;padding-left:1.6em;text-indent:-1.6em}
.num{display:inline-block;min-width:1.6em;font-weight:700;color:#1f4f86}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem;align-items:start}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
.grid>.card{margin:0}
ol.facts{margin:0;padding-left:1.3rem}
ol.facts li{margin:0 0 .55rem}
.bar{display:inline-flex;gap:2px;vertical-align:middle;margin-right:.35rem}
.bar i{display:inline-block;width:9px;height:9px;border-radius:2px;background:#d5dbe4}
.bar i.on{background:var(--shared-b)}
.kind{font-size:.72rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-right:.3rem}
.speaker{margin:0 0 .8rem}
.speaker h3{font-size:.98rem;margin:0 0 .3rem}
.speaker blockquote{margin:0 0 .4rem;padding:.1rem 0 .1rem .7rem;border-left:3px solid #c9d3e0;font-family:var(--serif)}
.speaker .rep{border-left-style:dotted;color:#3a4454}
.origin{font-size:.8rem;color:var(--muted)}
.conflict{border:1px solid #f0c2ba;background:#fffaf9;border-radius:8px;padding:.6rem .8rem;margin:0 0 .7rem}
.conflict h3{font-size:.98rem;margin:0 0 .4rem;color:#8c2a1f}
.values{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:.6rem}
.value{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.45rem .6rem}
.value b{font-size:1.05rem}
.value q{display:block;font:italic .88rem/1.45 var(--serif);color:#3a4454;margin-top:.3rem;quotes:none}
.vnote{font-size:.85rem;color:#8c2a1f;margin-top:.2rem}
small.inferred{color:#8a5a00;font-style:italic}
.steps{margin:0 0 .6rem;padding-left:1.3rem}
.steps li{margin:0 0 .4rem}
.steps q{display:block;font:italic .88rem/1.45 var(--serif);color:#3a4454;quotes:none}
.uniq .cols{columns:2 440px;column-gap:2rem}
.uniq .outlet{break-inside:avoid-column}
.uniq h3{font-size:.95rem;margin:.4rem 0 .2rem}
.uniq ul{margin:0 0 .5rem;padding-left:1.2rem}
.timeline{list-style:none;margin:0;padding:0 0 0 .9rem;border-left:2px solid #c9d3e0}
.timeline li{margin:0 0 .5rem;position:relative}
.timeline li::before{content:"";position:absolute;left:-1.27rem;top:.45em;width:9px;height:9px;border-radius:50%;background:var(--accent)}
.timeline time{font-weight:700;margin-right:.4rem}
.matrix-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
table.matrix td.c,table.matrix th.c{text-align:center;width:2.6rem;padding:.3rem .1rem}
table.matrix td.claim{font-size:.88rem;max-width:560px}
table.matrix a.dot{display:inline-block;width:14px;height:14px;border-radius:50%;background:var(--shared-b);vertical-align:middle}
table.matrix a.dot.one{background:var(--unique-b)}
table.matrix a.dot.copy{background:#9aa3ad}
table.matrix th.c{border-top:4px solid var(--g,transparent)}
table.matrix a.dot.clash{background:var(--conflict-b);border-radius:2px}
table.matrix th.c span{display:block;font-size:.7rem;font-weight:400;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:2.6rem}
table.sources td{font-size:.88rem}
.flags{color:#8c5a1f;font-size:.8rem}
.graph{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}
.graph .legend{flex:1 1 300px}
.graph svg{max-width:100%;height:auto;background:#fbfcfd;border:1px solid var(--line);border-radius:8px}
.legend{font-size:.82rem;color:var(--muted)}
.legend span{display:inline-block;margin:0 .8rem .3rem 0}
.sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin-right:.3em}
.panes{display:flex;gap:.8rem;overflow-x:auto;padding-bottom:.5rem;scroll-snap-type:x proximity}
.pane{flex:0 0 360px;max-height:78vh;overflow-y:auto;background:#fff;border:1px solid var(--line);border-radius:8px;scroll-snap-align:start}
.panes.single{display:block;overflow:visible}.panes.single .pane{max-height:none;overflow:visible}
.single-note{background:#fff7e0;border:1px solid #ecd9a0;border-radius:8px;padding:.6rem .8rem;margin:0 0 1rem;font-size:.92rem}
.pane header{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:.55rem .7rem;z-index:1}
.pane header .num{font-size:1rem}
.pane header .t{font:600 .92rem/1.3 var(--serif);margin:.15rem 0}
.pane header .m{font-size:.76rem;color:var(--muted)}
.pane .body{padding:.4rem .75rem .8rem;font:.92rem/1.6 var(--serif)}
.pane p{margin:0 0 .7rem}
.s{border-radius:3px;padding:1px 0;scroll-margin:30vh}
.s.shared{background:var(--shared);box-shadow:inset 0 -2px 0 #9fd0aa}
.s.copied{background:var(--copied)}
.s.unique{background:var(--unique);box-shadow:inset 0 -2px 0 #a9c2ea}
.s.conflict{background:var(--conflict);box-shadow:inset 0 -2px 0 var(--conflict-b)}
.s.inbrief{font-weight:600}
.s:target,.s.flash{background:var(--hl)!important;outline:2px solid #e0a800;box-shadow:0 0 0 4px rgba(255,214,0,.35)}
details{margin:.4rem 0}
summary{cursor:pointer;color:var(--accent)}
.removed{font-size:.78rem;color:var(--muted)}
.removed li{margin:0 0 .2rem}
.toc li{margin:0 0 .3rem}
#back{position:fixed;right:1.2rem;bottom:1.2rem;display:none;background:var(--accent);color:#fff;border:0;border-radius:99px;
 padding:.5rem .9rem;font:600 .85rem var(--sans);box-shadow:0 2px 8px rgba(0,0,0,.2);cursor:pointer}
footer{color:var(--muted);font-size:.8rem;padding:1rem 0 2rem}
@media print{.panes{display:block}.pane{max-height:none;break-inside:avoid;margin:0 0 1rem}#back,.jump{display:none}}
"""

JS = """
(function(){
  var back=document.getElementById('back'), from=null, lit=null;
  function light(id){
    var el=document.getElementById(id); if(!el) return;
    if(lit) lit.classList.remove('flash');
    el.classList.add('flash'); lit=el;
  }
  document.addEventListener('click',function(ev){
    var a=ev.target.closest('a.cite, a.dot, a.jumpto'); if(!a) return;
    from=window.scrollY; back.style.display='block';
    light(a.getAttribute('href').slice(1));
  });
  back.addEventListener('click',function(){ if(from!==null){window.scrollTo(0,from);} back.style.display='none'; });
  if(location.hash) light(location.hash.slice(1));
})();
"""


# a line break after block-level closing tags keeps the file diffable (source text is escaped, so these are ours)
_BREAKS = re.compile(r"(</(?:section|p|li|tr|blockquote|h3|div|details|g|table|ol|ul)>)")


def e(text: Any) -> str:
    return escape(str(text), quote=True)


class _Ids:
    """Element ids of one story (unique within the document), escaped for ``id="…"`` and ``href="#…"``."""

    def __init__(self, view: StoryView) -> None:
        self.story = e(view.story["id"])  # a story id is data: never let it close the attribute
        self.number = view.number

    def sentence(self, aid: str, sid: int | None) -> str:
        if sid is None:
            return self.article(aid)
        return f"{self.story}-a{self.number[aid]}-s{sid}"

    def article(self, aid: str) -> str:
        return f"{self.story}-a{self.number[aid]}"

    def section(self, name: str) -> str:
        return f"{self.story}-{name}"


def _cites(view: StoryView, ids: _Ids, targets: list[tuple[str, int | None]]) -> str:
    links = "".join(
        f'<a class="cite" href="#{ids.sentence(aid, sid)}" title="{e(view.outlet(aid))}">{view.number[aid]}</a>'
        for aid, sid in targets
    )
    return f'<span class="cites">{links}</span>'


def _claim_targets(view: StoryView, claim: Doc) -> list[tuple[str, int | None]]:
    first: dict[str, int] = {}
    for ev in claim.get("evidence", ()):
        first.setdefault(ev["article_id"], ev["sentence_id"])
    return [(aid, first[aid]) for aid in view.ordered(first)]


def _evidence_targets(view: StoryView, evidence: Any) -> list[tuple[str, int | None]]:
    """Like ``_claim_targets``, for conflict evidence that need not be a sentence (a removed signature line)."""
    first: dict[str, int | None] = {}
    for ev in evidence:
        if first.get(ev["article_id"]) is None:
            first[ev["article_id"]] = view.evidence_sentence(ev)
    return [(aid, first[aid]) for aid in view.ordered(first)]


def _bar(n: int, of: int) -> str:
    of = max(of, n, 1)
    cells = "".join(f'<i class="{"on" if k < n else ""}"></i>' for k in range(min(of, 12)))
    return f'<span class="bar" title="{n} of {of} independent sources">{cells}</span>'


def _brief(view: StoryView, ids: _Ids) -> str:
    story = view.story
    parts = []
    for n, b in enumerate(story.get("brief", ()), 1):
        parts.append(
            f'<span class="bs" id="{ids.section("b" + str(n))}">{e(b["text"])}</span>{_cites(view, ids, view.citation_targets(b))}'
        )
    if parts:
        # the lede alone, then paragraphs of up to three sentences
        paras = [parts[:1]] + [parts[i : i + 3] for i in range(1, len(parts), 3)]
        body = "".join(f'<p class="brief{" lede" if n == 0 else ""}">{" ".join(p)}</p>' for n, p in enumerate(paras) if p)
        note = (
            f'<p class="note">{brief_words(story)} words. Every sentence is quoted as a source wrote it;'
            " the numbers are the sources that report it: click one to see the sentence in that article.</p>"
        )
    else:
        body = '<p class="note">No brief: the articles share no sentence that could be quoted on its own.</p>'
        note = ""
    srcs = "".join(
        f'<li><span class="num">{view.number[aid]}</span><a class="jumpto" href="#{ids.article(aid)}">{e(view.outlet(aid))}</a>'
        f' — {e(view.headline(aid, 80))}{", " + e(view.byline(aid)) if view.byline(aid) else ""}'
        f'{", " + e(view.published(aid)) if view.articles.get(aid, {}).get("published") else ""}</li>'
        for aid in view.sources()
    )
    return (
        f'<section class="card" id="{ids.section("brief")}"><div class="brief-grid"><div><h2>Brief</h2>{body}{note}</div>'
        f'<aside><h2>Sources</h2><ul class="srclist">{srcs}</ul></aside></div></section>'
    )


def _key_facts(view: StoryView, ids: _Ids, limit: int) -> str:
    facts = view.key_facts()
    n_groups = len(view.groups)
    if not facts:
        return (
            f'<section class="card" id="{ids.section("facts")}"><h2>Key facts</h2>'
            '<p class="note">No claims were extracted for this story.</p></section>'
        )

    def item(c: Doc) -> str:
        k = KIND_LABEL.get(c.get("kind", ""), c.get("kind", ""))
        return (
            f'<li>{_bar(c.get("independent_support", 0), n_groups)}<span class="kind">{e(k)}</span>{e(c["text"])} '
            f'{_cites(view, ids, _claim_targets(view, c))}</li>'
        )

    head = "".join(item(c) for c in facts[:limit])
    # the rest of what several articles carry; single-article claims are under "Only in one source"
    rest = [c for c in facts[limit:] if c.get("support", 0) >= 2]
    more = (
        f'<details><summary>{count(len(rest), "more claim")} carried by several articles</summary><ol class="facts" start="{limit + 1}">'
        + "".join(item(c) for c in rest)
        + "</ol></details>"
        if rest
        else ""
    )
    return (
        f'<section class="card" id="{ids.section("facts")}"><h2>Key facts <small>ranked by independent sources</small></h2>'
        f'<ol class="facts">{head}</ol>{more}</section>'
    )


def _speakers(view: StoryView, ids: _Ids, per_speaker: int, speakers: int) -> str:
    groups = view.speakers()

    def quote(c: Doc) -> str:
        direct = c.get("kind") == "quote"
        return (
            f'<blockquote class="{"" if direct else "rep"}">'
            f'{"" if direct else "<span class=kind>reported</span>"}{e(c["text"])} '
            f'{_cites(view, ids, _claim_targets(view, c))}'
            + (f'<div class="origin">All these outlets quote one text: {e(c["origin"])}</div>' if c.get("origin") else "")
            + "</blockquote>"
        )

    def block(speaker: str, quotes: list[Doc]) -> str:
        rest = quotes[per_speaker:]
        more = (
            f'<details><summary>{len(rest)} more from {e(speaker)}</summary>{"".join(quote(c) for c in rest)}</details>'
            if rest
            else ""
        )
        return f'<div class="speaker"><h3>{e(speaker)}</h3>{"".join(quote(c) for c in quotes[:per_speaker])}{more}</div>'

    if not groups:
        body = '<p class="note">No attributed quotes or statements.</p>'
    else:
        body = "".join(block(sp, qs) for sp, qs in groups[:speakers])
        if groups[speakers:]:
            body += (
                f'<details><summary>{count(len(groups) - speakers, "more speaker")}</summary>'
                + "".join(block(sp, qs) for sp, qs in groups[speakers:])
                + "</details>"
            )
    return f'<section class="card" id="{ids.section("quotes")}"><h2>Who said what <small>grouped by speaker</small></h2>{body}</section>'


def _conflicts(view: StoryView, ids: _Ids) -> str:
    items = []
    for k in view.story.get("conflicts", ()):
        vals = []
        for v in k.get("values", ()):
            quotes = "".join(
                f'<q>{e(ev["text"])} <a class="cite" href="#{ids.sentence(ev["article_id"], view.evidence_sentence(ev))}">'
                f'{view.number.get(ev["article_id"], "?")}</a></q>'
                for ev in v.get("evidence", ())[:3]
                if ev["article_id"] in view.number
            )
            note = f'<div class="vnote">{e(v["note"])}</div>' if v.get("note") else ""
            vals.append(
                f'<div class="value"><b>{e(v["value"])}</b> {_cites(view, ids, _evidence_targets(view, v.get("evidence", ())))}{note}{quotes}</div>'
            )
        kind = f' <span class="kind">{e(k["kind"])}</span>' if k.get("kind") else ""
        items.append(f'<div class="conflict"><h3>{e(k["about"])}{kind}</h3><div class="values">{"".join(vals)}</div></div>')
    body = "".join(items) or '<p class="note">No conflicting figures, dates, places or speakers were found.</p>'
    updates = ""
    if view.story.get("updates"):
        ups = []
        for u in view.story["updates"]:
            steps = "".join(
                f'<li><b>{e(s["value"])}</b> {_cites(view, ids, _evidence_targets(view, s.get("evidence", ())))}'
                + (f'<div class="vnote">{e(s["note"])}</div>' if s.get("note") else "")
                + "".join(f"<q>{e(ev['text'])}</q>" for ev in s.get("evidence", ())[:1])
                + "</li>"
                for s in u.get("steps", ())
            )
            ups.append(f'<h3>{e(u["about"])}</h3><ol class="steps">{steps}</ol>')
        updates = (
            '<h2 style="margin-top:1rem">Changed over time <small>later steps update earlier ones; not a contradiction</small></h2>'
            + "".join(ups)
        )
    return f'<section class="card" id="{ids.section("conflicts")}"><h2>Where sources disagree</h2>{body}{updates}</section>'


def _unique(view: StoryView, ids: _Ids, per_source: int) -> str:
    blocks = []
    for aid, claims in view.unique():
        def li(c: Doc) -> str:
            return f'<li>{e(c["text"])} {_cites(view, ids, _claim_targets(view, c))}</li>'

        more = (
            f'<details><summary>{len(claims) - per_source} more</summary><ul>{"".join(li(c) for c in claims[per_source:])}</ul></details>'
            if len(claims) > per_source
            else ""
        )
        blocks.append(
            f'<div class="outlet"><h3><span class="num">{view.number[aid]}</span>{e(view.outlet(aid))}</h3>'
            f'<ul>{"".join(li(c) for c in claims[:per_source])}</ul>{more}</div>'
        )
    body = f'<div class="cols">{"".join(blocks)}</div>' if blocks else None
    body = body or '<p class="note">Every claim is carried by more than one article.</p>'
    return f'<section class="card uniq" id="{ids.section("unique")}"><h2>Only in one source</h2>{body}</section>'


def _timeline(view: StoryView, ids: _Ids) -> str:
    items = "".join(
        f'<li><time>{e(c["date"])}</time>{e(c["text"])} {_cites(view, ids, _claim_targets(view, c))}</li>'
        for c in view.timeline()
    )
    body = f'<ol class="timeline">{items}</ol>' if items else '<p class="note">No dated claims.</p>'
    return f'<section class="card" id="{ids.section("timeline")}"><h2>Timeline</h2>{body}</section>'


def _matrix(view: StoryView, ids: _Ids, limit: int) -> str:
    # single-article claims are a row with one dot: they are listed under "Only in one source"
    facts = [c for c in view.key_facts() if c.get("support", 0) >= 2]
    aids = view.sources()
    if not facts:
        return ""
    clash = {
        (ev["article_id"], ev["sentence_id"])
        for k in view.story.get("conflicts", ())
        for v in k.get("values", ())
        for ev in v.get("evidence", ())
    }
    head = "".join(
        f'<th class="c" title="{e(view.outlet(a))}" style="--g:{_PALETTE[(view.group_of.get(a, 1) - 1) % len(_PALETTE)]}">'
        f'{view.number[a]}<span>{e(view.outlet(a))}</span></th>'
        for a in aids
    )

    def row(c: Doc) -> str:
        first: dict[str, int] = {}
        for ev in c.get("evidence", ()):
            first.setdefault(ev["article_id"], ev["sentence_id"])
        cells = []
        for a in aids:
            if a in first:
                if (a, first[a]) in clash:
                    cls = "dot clash"
                elif c.get("support", 0) <= 1:
                    cls = "dot one"
                else:
                    cls = "dot" if c.get("independent_support", 0) >= 2 else "dot copy"
                cells.append(
                    f'<td class="c"><a class="{cls}" href="#{ids.sentence(a, first[a])}" title="[{view.number[a]}] {e(view.outlet(a))}"></a></td>'
                )
            else:
                cells.append('<td class="c"></td>')
        text = c["text"] if len(c["text"]) <= 140 else c["text"][:139].rsplit(" ", 1)[0] + "…"
        return (
            f'<tr><td class="claim" title="{e(c["text"])}">{e(text)}</td>'
            f'<td class="c">{c.get("independent_support", 0)}</td>{"".join(cells)}</tr>'
        )

    table_head = f'<tr><th>Claim</th><th class="c" title="independent sources">ind.</th>{head}</tr>'
    main = "".join(row(c) for c in facts[:limit])
    rest = facts[limit:]
    more = (
        f'<details><summary>{count(len(rest), "more claim")}</summary><div class="matrix-wrap"><table class="matrix">'
        f'{table_head}{"".join(row(c) for c in rest)}</table></div></details>'
        if rest
        else ""
    )
    legend = (
        '<p class="legend"><span><i class="sw" style="background:var(--shared-b);border-radius:50%"></i>carried, by independent sources</span>'
        '<span><i class="sw" style="background:#9aa3ad;border-radius:50%"></i>carried only by copies of one text</span>'
        '<span><i class="sw" style="background:var(--conflict-b)"></i>carried, with a value another source disputes</span></p>'
    )
    return (
        f'<section class="card" id="{ids.section("coverage")}"><h2>Coverage <small>claims carried by several articles × sources;'
        f' click a dot to read the sentence</small></h2>'
        f'{legend}<div class="matrix-wrap"><table class="matrix">{table_head}{main}</table></div>{more}</section>'
    )


def provenance_svg(view: StoryView, ids: _Ids | None = None, size: int = 420) -> str:
    """Who copies whom: articles on a circle, coloured by independence group; arrows from source to copy."""
    aids = view.sources()
    n = len(aids)
    cx = cy = size / 2
    r = size / 2 - 70 if n > 1 else 0
    node_r = 17 if n <= 12 else 11
    pos = {}
    for k, a in enumerate(aids):
        ang = -math.pi / 2 + 2 * math.pi * k / max(n, 1)
        pos[a] = (cx + r * math.cos(ang), cy + r * math.sin(ang))
    edges = []
    for p in view.story.get("provenance", ()):
        s, d = p["source_id"], p["derived_id"]
        if s not in pos or d not in pos:
            continue
        (x1, y1), (x2, y2) = pos[s], pos[d]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        ux, uy = dx / dist, dy / dist
        a1 = (x1 + ux * (node_r + 2), y1 + uy * (node_r + 2))
        a2 = (x2 - ux * (node_r + 6), y2 - uy * (node_r + 6))
        title = f"[{view.number[d]}] {p['relation']} of [{view.number[s]}], similarity {p['similarity']:.2f}"
        if p["relation"] == "shared_quote":
            edges.append(
                f'<line x1="{a1[0]:.1f}" y1="{a1[1]:.1f}" x2="{a2[0]:.1f}" y2="{a2[1]:.1f}" stroke="#b7c0cc" '
                f'stroke-width="1.2" stroke-dasharray="4 4"><title>[{view.number[s]}] and [{view.number[d]}] quote the same outside text</title></line>'
            )
            continue
        width = 1.5 + 3 * float(p.get("similarity", 0))
        marker = ' marker-end="url(#arrow)"' if p.get("directed") else ""
        mx, my = (a1[0] + a2[0]) / 2, (a1[1] + a2[1]) / 2
        label = p["relation"] + ("" if p.get("directed") else " ?")
        edges.append(
            f'<g><title>{e(title)}</title><line x1="{a1[0]:.1f}" y1="{a1[1]:.1f}" x2="{a2[0]:.1f}" y2="{a2[1]:.1f}" '
            f'stroke="#38465a" stroke-width="{width:.1f}"{marker}/>'
            f'<text x="{mx:.1f}" y="{my - 5:.1f}" font-size="11" text-anchor="middle" fill="#38465a" '
            f'paint-order="stroke" stroke="#fbfcfd" stroke-width="3">{e(label)}</text></g>'
        )
    nodes = []
    for a in aids:
        x, y = pos[a]
        color = _PALETTE[(view.group_of.get(a, 1) - 1) % len(_PALETTE)]
        label, inferred = view.shown(a, "source")
        label = label if len(label) <= 18 else label[:17] + "…"
        if inferred:
            label += "?"  # read from the text: the node's title says why
        href = f'#{ids.article(a)}' if ids else ""
        link_open = f'<a href="{href}" class="jumpto">' if ids else ""
        link_close = "</a>" if ids else ""
        ty = y + node_r + 14 if y >= cy - 1 else y - node_r - 7
        nodes.append(
            f'{link_open}<g><title>[{view.number[a]}] {e(view.outlet(a, why=True))}: {e(view.headline(a))}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{node_r}" fill="{color}"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="12" font-weight="700" text-anchor="middle" fill="#fff">{view.number[a]}</text>'
            f'<text x="{x:.1f}" y="{ty:.1f}" font-size="11" text-anchor="middle" fill="#2b3442">{e(label)}</text></g>{link_close}'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" '
        f'aria-label="Provenance graph"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#38465a"/></marker></defs>'
        f'{"".join(edges)}{"".join(nodes)}</svg>'
    )


def _provenance(view: StoryView, ids: _Ids) -> str:
    groups = view.groups
    legend = "".join(
        f'<span><i class="sw" style="background:{_PALETTE[(n - 1) % len(_PALETTE)]}"></i>source {n}: '
        + ", ".join(f"[{view.number[a]}] {e(view.outlet(a))}" for a in g if a in view.number)
        + "</span><br>"
        for n, g in enumerate(groups, 1)
    )
    return (
        f'<section class="card" id="{ids.section("provenance")}"><h2>Who copies whom</h2><div class="graph">{provenance_svg(view, ids)}'
        f'<div class="legend"><p>Arrows run from the original to the copy, rewrite or translation (thicker: more shared text; '
        f'"?" where the order is unknown). Dashed: both quote the same outside text but are otherwise independent. '
        f"Colours are independent sources: articles of one colour count once.</p>{legend}</div></div></section>"
    )


def _with_why(view: StoryView, aid: str, key: str) -> str:
    """The article's outlet, date or language (``key``: source | published | language) as HTML, a value read from
    the text followed by its "(inferred: reason)" mark in its own element."""
    value, reason = view.shown(aid, key)
    return e(value) + (f' <small class="inferred">(inferred: {e(reason)})</small>' if reason else "")


def _sources(view: StoryView, ids: _Ids) -> str:
    rows = []
    for aid in view.sources():
        a = view.articles.get(aid, {})
        q = a.get("quality", {"score": 1.0, "reasons": []})
        flags = "".join(f"<div>{e(r)}</div>" for r in q.get("reasons", ()))
        prov = "<br>".join(
            f"{e(verb)} " + "".join(f'<a class="jumpto" href="#{ids.article(o)}">[{view.number[o]}]</a>' for o in others)
            + (f" <small>({e(note)})</small>" if note else "")
            for verb, others, note in view.provenance_lines(aid)
        )
        title = e(view.headline(aid))
        if a.get("url") and str(a["url"]).lower().startswith(("http://", "https://")):  # never javascript: or data:
            title = f'<a href="{e(a["url"])}" rel="noreferrer noopener">{title}</a>'
        rows.append(
            f'<tr><td><span class="num">{view.number[aid]}</span></td><td>{_with_why(view, aid, "source")}</td><td>{title}</td>'
            f'<td>{_with_why(view, aid, "published")}</td><td>{_with_why(view, aid, "language")}'
            + "".join(f'<div class="flags">{e(n)}</div>' for n in view.article_notes(aid)) + "</td>"
            f'<td>{q.get("score", 1.0):.2f}<div class="flags">{flags}</div></td><td>{prov or "—"}</td></tr>'
        )
    return (
        f'<section class="card" id="{ids.section("sources")}"><h2>Sources</h2><div class="matrix-wrap"><table class="sources">'
        "<tr><th>#</th><th>Outlet</th><th>Title</th><th>Published</th><th>Language</th><th>Quality</th><th>Provenance</th></tr>"
        f'{"".join(rows)}</table></div></section>'
    )


def _article_pane(view: StoryView, ids: _Ids, aid: str, marks: dict[tuple[str, int], set[str]]) -> str:
    a = view.articles.get(aid, {})
    sents = a.get("sentences", ())
    paras: list[list[str]] = [[]]
    prev_end = 0
    for s in sents:
        # the report holds sentence offsets, not the text: paragraphs are separated by a blank line ("\n\n")
        if s["start"] - prev_end >= 2 and paras[-1]:
            paras.append([])
        prev_end = s["end"]
        m = sorted("inbrief" if x == "brief" else x for x in marks.get((aid, s["id"]), ()))
        cls = " ".join(["s", *m])
        tip = "; ".join(_MARK_TITLE[x] for x in m if x in _MARK_TITLE)
        paras[-1].append(f'<span class="{cls}" id="{ids.sentence(aid, s["id"])}"{f" title={chr(34)}{e(tip)}{chr(34)}" if tip else ""}>{e(s["text"])}</span>')
    body = "".join(f"<p>{' '.join(p)}</p>" for p in paras if p)
    removed = a.get("removed", ())
    rem = (
        f'<details class="removed"><summary>{count(len(removed), "boilerplate piece")} removed</summary><ul>'
        + "".join(f"<li><b>{e(r['reason'])}</b>: {e(r['text'][:300])}</li>" for r in removed)
        + "</ul></details>"
        if removed
        else ""
    )
    q = a.get("quality", {"score": 1.0, "reasons": []})
    color = _PALETTE[(view.group_of.get(aid, 1) - 1) % len(_PALETTE)]
    return (
        f'<div class="pane" id="{ids.article(aid)}"><header style="border-top:4px solid {color}">'
        f'<span class="num">[{view.number[aid]}]</span> <b>{_with_why(view, aid, "source")}</b>'
        f'<div class="t">{e(view.headline(aid, 110))}</div>'
        f'<div class="m">{_with_why(view, aid, "published")} · {_with_why(view, aid, "language")} · quality {q.get("score", 1.0):.2f} · independent source {view.group_of.get(aid, "?")}</div>'
        f'</header><div class="body">{body}{rem}</div></div>'
    )


def _articles(view: StoryView, ids: _Ids) -> str:
    marks = view.sentence_marks()
    panes = "".join(_article_pane(view, ids, aid, marks) for aid in view.sources())
    legend = (
        '<p class="legend"><span><i class="sw" style="background:var(--shared)"></i>also reported by an independent source</span>'
        '<span><i class="sw" style="background:var(--copied)"></i>only in copies of one text</span>'
        '<span><i class="sw" style="background:var(--unique)"></i>only this source</span>'
        '<span><i class="sw" style="background:var(--conflict)"></i>sources disagree</span>'
        "<span><b>bold</b>: quoted in the brief</span>"
        '<span><i class="sw" style="background:var(--hl)"></i>the sentence a citation points at</span></p>'
    )
    return (
        f'<section class="card" id="{ids.section("articles")}"><h2>The articles side by side <small>scroll sideways for more</small></h2>'
        f'{legend}<div class="panes">{panes}</div></section>'
    )


def _outlet_coverage(view: StoryView, ids: _Ids) -> str:
    """The Coverage-by-outlet section (a report made with --outlets): the blindspot, then one line per
    outlet group (a list, not a table: it reads the same on a 390 px screen)."""
    cov = view.coverage()
    if cov is None:
        return ""

    def item(attribute: str, value: str, covered: list[str], missed: list[str], aids: list[str]) -> str:
        head = f"<b>{e(attribute)} {e(value)}</b> "
        if not covered:
            return f'<li class="blind">{head}<span class="pill warn">not covered</span> your outlets: {e(", ".join(missed))}</li>'
        rest = f' <small>(not: {e(", ".join(missed))})</small>' if missed else ""
        return (f'<li>{head}<span class="pill good">covered</span> {e(", ".join(covered))}'
                f'{_cites(view, ids, [(a, None) for a in aids])}{rest}</li>')

    groups = "".join(item(*g) for g in view.coverage_groups())
    note = f'<p class="note">{e(line)}</p>' if (line := unmatched_line(view)) else ""
    return (
        f'<section class="card" id="{ids.section("outlets")}"><h2>Coverage by outlet <small>{e(cov.get("outlets_file") or "")}</small></h2>'
        f'<p class="blindspot"><b>{e(blindspot_line(cov))}</b></p>'
        f'{f"<ul class={chr(34)}outlet-groups{chr(34)}>{groups}</ul>" if groups else ""}{note}</section>'
    )


def story_html(
    doc: Doc,
    story: Doc,
    *,
    key_facts: int = 12,
    unique_per_source: int = 6,
    matrix_rows: int = 25,
    quotes_per_speaker: int = 3,
    speakers: int = 6,
    **_: Any,
) -> str:
    """One story as an ``<article>`` element (a story of one article: ``_single_source_story``)."""
    view = story_view(doc, story)
    ids = _Ids(view)
    if len(story["article_ids"]) == 1:
        return _single_source_story(view, ids)
    groups = view.groups
    n_conf = len(story.get("conflicts", ()))
    meta = (
        f'<p class="meta"><span class="pill">{count(len(story["article_ids"]), "article")}</span>'
        f'<span class="pill good">{count(len(groups), "independent source")}</span>'
        f'<span class="pill{" warn" if n_conf else ""}">{count(n_conf, "conflict")}</span>'
        f'<span class="pill">{len(story.get("claims", ()))} claims</span>'
        f'<span class="pill">{e(date_span(view))}</span><span class="pill">{e(story["id"])}</span></p>'
    )
    jump = "".join(
        f'<a href="#{ids.section(k)}">{label}</a>'
        for k, label in (
            ("brief", "Brief"), ("facts", "Key facts"), ("quotes", "Who said what"), ("conflicts", "Disagreements"),
            ("timeline", "Timeline"), ("unique", "Only in one source"), ("coverage", "Coverage"), ("outlets", "Outlets"),
            ("provenance", "Who copies whom"), ("sources", "Sources"), ("articles", "Articles"),
        )
        if k != "outlets" or story.get("coverage")
    )
    return (
        f'<article class="story" id="{e(story["id"])}"><h1>{e(story["title"])}</h1>{meta}<nav class="jump">{jump}</nav>'
        f"{_brief(view, ids)}"
        f'<div class="grid">{_key_facts(view, ids, key_facts)}{_speakers(view, ids, quotes_per_speaker, speakers)}</div><div style="height:1rem"></div>'
        f"{_conflicts(view, ids)}{_timeline(view, ids)}{_unique(view, ids, unique_per_source)}"
        f"{_matrix(view, ids, matrix_rows)}{_outlet_coverage(view, ids)}{_provenance(view, ids)}{_sources(view, ids)}{_articles(view, ids)}</article>"
    )


def _single_source_story(view: StoryView, ids: _Ids) -> str:
    """A story of one article, compact (issue 14: a one-article story repeated each sentence in four
    sections and showed an empty provenance box): the line saying it is a single-source story, the
    article's claims (each linked to its sentence), the coverage by outlet when the report has it,
    and the article itself. No brief, disagreements, coverage matrix, provenance or sources table:
    with one source they are empty or the article again."""
    story = view.story
    (aid,) = view.sources()
    claims = story.get("claims", ())
    meta = (
        f'<p class="meta"><span class="pill">{count(1, "article")}</span><span class="pill warn">single source</span>'
        f'<span class="pill">{count(len(claims), "claim")}</span>'
        f'<span class="pill">{e(date_span(view))}</span><span class="pill">{e(story["id"])}</span></p>'
    )

    def item(c: Doc) -> str:
        k = KIND_LABEL.get(c.get("kind", ""), c.get("kind", ""))
        who = f' <small>{e(c["speaker"])}</small>' if c.get("speaker") else ""
        return f'<li><span class="kind">{e(k)}</span>{e(c["text"])}{who} {_cites(view, ids, _claim_targets(view, c))}</li>'

    listed = "".join(item(c) for c in claims)
    body = f'<ol class="facts">{listed}</ol>' if listed else '<p class="note">No claims were extracted from this article.</p>'
    claims_html = f'<section class="card" id="{ids.section("facts")}"><h2>Its claims <small>in the order the article makes them</small></h2>{body}</section>'
    article = (
        f'<section class="card" id="{ids.section("articles")}"><h2>The article</h2>'
        f'<div class="panes single">{_article_pane(view, ids, aid, {})}</div></section>'
    )
    return (
        f'<article class="story single-source" id="{e(story["id"])}"><h1>{e(story["title"])}</h1>{meta}'
        f'<p class="single-note" role="note">{e(SINGLE_SOURCE_LINE)}</p>'
        f"{claims_html}{_outlet_coverage(view, ids)}{article}</article>"
    )


def report_html(doc: Doc, **settings: Any) -> str:
    """The whole report as one HTML document (CSS and JavaScript inline, nothing fetched)."""
    stories = doc.get("stories", ())
    title = stories[0]["title"] if len(stories) == 1 else f"{len(stories)} stories"
    toc = ""
    if len(stories) > 1:
        toc = '<section class="card"><h2>Stories</h2><ol class="toc">' + "".join(
            f'<li><a href="#{e(s["id"])}">{e(s["title"])}</a> <span class="pill">{count(len(s["article_ids"]), "article")}</span> '
            f'<span class="pill good">{len(independent_groups(s))} independent</span></li>'
            for s in stories
        ) + "</ol></section>"
    body = _BREAKS.sub(r"\1\n", "".join(story_html(doc, s, **settings) for s in stories))
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{e(title)} — corroborate</title><style>{CSS}</style></head><body>"
        f'<div class="top"><div class="wrap"><b>corroborate</b> · {count(len(stories), "story")},'
        f' {count(len(doc.get("articles", ())), "article")} · every brief sentence is quoted verbatim from a source it cites</div></div>'
        f'<main class="wrap">{toc}{body}</main>'
        f'<footer class="wrap">{e(doc.get("schema", ""))}{" · " + e(doc["generated_by"]) if doc.get("generated_by") else ""}'
        " · a self-contained file: it loads nothing from the network.</footer>"
        f'<button id="back" type="button">↩ back</button><script>{JS}</script></body></html>\n'
    )
