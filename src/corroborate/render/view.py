"""What every report renderer shows, computed once from the report document's dicts.

Reads one story of a ``corroborate.report/1`` document (and its articles);
returns plain values (numbers, lists, dicts) that the Markdown, HTML and text
renderers lay out. Nothing here formats text, so the three formats agree;
the one exception is the mark of an outlet, date or language read from the article's
text ("BBC (inferred)", "... (inferred: named in the text)"), worded here
once so that every format and the web pages say it the same way.

Sources are numbered by the story's ``citations`` (article id -> number: a story's
first derive numbers them in ``article_ids`` order, earliest published first, and
an article keeps its number after that: ``corroborate.numbering``); a report without
``citations`` (written before it existed) numbers them in ``article_ids`` order.
Sources are listed in number order (``StoryView.sources``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..language_names import language_name
from ..numbering import number_sources
from ..features.text import content_words

Doc = dict[str, Any]

RELATION_VERB = {
    "copy": "copies",
    "rewrite": "rewrites",
    "translation": "translates (or machine-translates)",
    "shared_quote": "quotes the same outside text as",
}
RELATION_PASSIVE = {"copy": "copied by", "rewrite": "rewritten by", "translation": "translated by"}
# what every format says at the top of a story of one article (its compact page), worded once
SINGLE_SOURCE_LINE = (
    "A single-source story: only this article reports it so far, so nothing here is corroborated or"
    " contradicted by another source. Its claims are listed as the article makes them; the comparison"
    " sections appear once a second article joins."
)
KIND_LABEL = {"quote": "quote", "reported": "reported", "fact": "fact", "quantity": "figure", "date": "date"}


@dataclass(slots=True)
class StoryView:
    """One story, indexed for rendering."""

    story: Doc
    articles: dict[str, Doc]  # id -> article of this story
    number: dict[str, int]  # article id -> citation number
    claims: dict[str, Doc]  # claim id -> claim
    groups: list[list[str]] = field(default_factory=list)  # independence groups (``independent_groups``)
    group_of: dict[str, int] = field(default_factory=dict)  # article id -> independence group (1-based)

    # -- sources -------------------------------------------------------------
    def outlet(self, aid: str, why: bool = False) -> str:
        """The outlet; one read from the text is marked "(inferred)", with its reason when ``why``."""
        return marked(*self.shown(aid, "source"), why)

    def published(self, aid: str, why: bool = False) -> str:
        """The publication date, or "undated"; one read from the text is marked like ``outlet``."""
        return marked(*self.shown(aid, "published"), why)

    def language(self, aid: str, why: bool = False) -> str:
        """"Spanish (es)", or "unknown"; one detected from the text is marked like ``outlet``."""
        return marked(*self.shown(aid, "language"), why)

    def byline(self, aid: str) -> str:
        """"by NAME" when the input gave the article's author, else ""."""
        author = str(self.articles.get(aid, {}).get("author") or "").strip()
        return f"by {author}" if author else ""

    def article_notes(self, aid: str) -> list[str]:
        """The story's notes about one article ("claims not extracted: Spanish (es) is not supported
        for ..."), without their "article ID: " prefix."""
        prefix = f"article {aid}: "
        return [n[len(prefix):] for n in self.story.get("notes") or () if n.startswith(prefix)]

    def shown(self, aid: str, key: str) -> tuple[str, str | None]:
        """(what is shown for ``key`` = source | published | language, why it was inferred or None when
        the input gave it)."""
        a = self.articles.get(aid, {})
        if key == "language":
            code = str(a.get("language") or "")
            name = language_name(code.split("-")[0].lower())
            return (f"{name} ({code})" if name != code else code) if code else "unknown", inferred_reason(a, key)
        if a.get(key):
            return str(a[key]), inferred_reason(a, key)
        if key == "source":
            return _host(a.get("url")) or "unknown outlet", None
        return "undated", None


    def headline(self, aid: str, limit: int = 90) -> str:
        """The title, else the start of the first sentence, marked as such."""
        a = self.articles.get(aid, {})
        if a.get("title"):
            return a["title"]
        first = a["sentences"][0]["text"] if a.get("sentences") else ""
        if len(first) > limit:
            first = first[: limit - 1].rsplit(" ", 1)[0] + "…"
        return f"(untitled) {first}"

    def sources(self) -> list[str]:
        """The story's article ids in citation-number order (how every list of sources runs)."""
        return self.ordered(self.story["article_ids"])

    def ordered(self, aids: Any) -> list[str]:
        """Article ids in citation-number order, each once, unknown ids dropped."""
        return sorted({a for a in aids if a in self.number}, key=self.number.__getitem__)

    def carriers(self, claim: Doc) -> list[str]:
        return self.ordered(e["article_id"] for e in claim.get("evidence", ()))

    def sentence(self, aid: str, sid: int) -> str:
        sents = self.articles.get(aid, {}).get("sentences", [])
        return sents[sid]["text"] if 0 <= sid < len(sents) else ""

    # -- the sections --------------------------------------------------------
    def key_facts(self) -> list[Doc]:
        """Claims ranked by independent support, then support, then first appearance."""
        order = {c["id"]: n for n, c in enumerate(self.story.get("claims", ()))}
        return sorted(
            self.story.get("claims", ()),
            key=lambda c: (-c.get("independent_support", 0), -c.get("support", 0), order[c["id"]]),
        )

    def speakers(self) -> list[tuple[str, list[Doc]]]:
        """Quotes and reported statements grouped by normalised speaker, most-cited speaker first."""
        by: dict[str, list[Doc]] = {}
        for c in self.story.get("claims", ()):
            if c.get("kind") in ("quote", "reported") and c.get("speaker"):
                by.setdefault(c["speaker"], []).append(c)
        for quotes in by.values():
            quotes.sort(key=lambda c: (c.get("kind") != "quote", -c.get("independent_support", 0), -c.get("support", 0)))
        return sorted(by.items(), key=lambda kv: (-sum(c.get("support", 0) for c in kv[1]), kv[0]))

    def timeline(self) -> list[Doc]:
        """Dated claims in date order (one per text)."""
        seen: set[str] = set()
        out = []
        for c in sorted(
            (c for c in self.story.get("claims", ()) if c.get("date")),
            key=lambda c: (c["date"], -c.get("independent_support", 0)),
        ):
            if c["text"] not in seen:
                seen.add(c["text"])
                out.append(c)
        return out

    def unique(self) -> list[tuple[str, list[Doc]]]:
        """(article id, its claims no other article carries), in citation order."""
        u = self.story.get("unique") or {}
        return [(aid, [self.claims[c] for c in u[aid] if c in self.claims]) for aid in self.ordered(u) if u[aid]]

    def provenance_lines(self, aid: str) -> list[tuple[str, list[str], str]]:
        """(verb, other article ids, note) for the links of ``aid``: what it derives from, and whom it shares quotes with."""
        out: list[tuple[str, list[str], str]] = []
        shared: list[str] = []
        for p in self.story.get("provenance", ()):
            if p["relation"] == "shared_quote":
                if aid in (p["source_id"], p["derived_id"]):
                    shared.append(p["derived_id"] if p["source_id"] == aid else p["source_id"])
            elif aid in (p["source_id"], p["derived_id"]):
                other = p["derived_id"] if p["source_id"] == aid else p["source_id"]
                rel = p["relation"]
                if not p.get("directed"):
                    out.append((f"{rel} pair with", [other], "which came first is unknown"))
                elif p["derived_id"] == aid:
                    out.append((RELATION_VERB.get(rel, rel), [other], ""))
                else:
                    out.append((RELATION_PASSIVE.get(rel, rel), [other], ""))
        if shared:
            out.append(("shares quoted text with", self.ordered(shared), ""))
        return out

    # -- citations and marks -------------------------------------------------
    def citation_targets(self, brief_sentence: Doc) -> list[tuple[str, int | None]]:
        """(article id, sentence id or None) that each citation of a brief sentence points at.

        The article the text is verbatim from points at that sentence; another
        cited article at its evidence sentence for one of the brief sentence's
        claims, else at its sentence sharing the most content words.
        """
        text = brief_sentence["text"]
        out = []
        for aid in self.ordered(brief_sentence.get("article_ids", ())):
            out.append((aid, self._target(aid, text, brief_sentence.get("claim_ids", ()))))
        return out

    def _target(self, aid: str, text: str, claim_ids: Any) -> int | None:
        sents = self.articles.get(aid, {}).get("sentences", [])
        for s in sents:
            if text in s["text"] or (s["text"] in text and len(s["text"]) > 20):
                return s["id"]
        for cid in claim_ids:
            for e in self.claims.get(cid, {}).get("evidence", ()):
                if e["article_id"] == aid:
                    return e["sentence_id"]
        want = set(content_words(text))
        best, best_n = None, 0
        for s in sents:
            n = len(want & set(content_words(s["text"])))
            if n > best_n:
                best, best_n = s["id"], n
        return best

    def sentence_marks(self) -> dict[tuple[str, int], set[str]]:
        """(article id, sentence id) -> marks: ``shared`` (an independent source carries it too),
        ``copied`` (only copies of this article carry it), ``unique``, ``conflict``, ``brief`` (the brief quotes it)."""
        marks: dict[tuple[str, int], set[str]] = {}

        def mark(aid: str, sid: int, m: str) -> None:
            marks.setdefault((aid, sid), set()).add(m)

        unique_ids = {c for ids in (self.story.get("unique") or {}).values() for c in ids}
        for c in self.story.get("claims", ()):
            for e in c.get("evidence", ()):
                if c["id"] in unique_ids or c.get("support", 0) <= 1:
                    mark(e["article_id"], e["sentence_id"], "unique")
                elif c.get("independent_support", 0) >= 2:
                    mark(e["article_id"], e["sentence_id"], "shared")
                else:
                    mark(e["article_id"], e["sentence_id"], "copied")
        for k in self.story.get("conflicts", ()):
            for v in k.get("values", ()):
                for e in v.get("evidence", ()):
                    mark(e["article_id"], e["sentence_id"], "conflict")
        for b in self.story.get("brief", ()):
            for aid, sid in self.citation_targets(b):
                if sid is not None and b["text"] in self.sentence(aid, sid):
                    mark(aid, sid, "brief")  # the sentence the brief quotes (not every cited one)
        for ms in marks.values():  # what another source corroborates is not "only here"
            if "shared" in ms or "copied" in ms:
                ms.discard("unique")
        return marks

    # -- coverage by outlet (a report made with --outlets) ---------------------
    def coverage(self) -> Doc | None:
        """The story's ``coverage`` object (``outlets.annotate``), or None when the report has none."""
        return self.story.get("coverage") or None

    def coverage_groups(self) -> list[tuple[str, str, list[str], list[str], list[str]]]:
        """(attribute, value, outlets that covered it, outlets that did not, their article ids in citation order)."""
        cov = self.coverage() or {}
        out = []
        for g in cov.get("groups", ()):
            covered = list(g.get("covered_by", ()))
            out.append((g["attribute"], g["value"], covered, [o for o in g.get("outlets", ()) if o not in covered],
                        self.ordered(g.get("article_ids", ()))))
        return out

    def unmatched(self) -> list[str]:
        """Articles whose outlet the outlets file does not name, in citation order."""
        cov = self.coverage() or {}
        return self.ordered(a["article_id"] for a in cov.get("articles", ()) if not a.get("outlet"))

    def conflict_sources(self, value: Doc) -> list[str]:
        return self.ordered(e["article_id"] for e in value.get("evidence", ()))

    def evidence_sentence(self, ev: Doc) -> int | None:
        """The sentence id an evidence item points at when it is a sentence of that article, else None.

        Conflict evidence need not be a claim sentence (an embedded post's
        signature line is evidence for the post's date): its own ``text`` is
        what is shown, and a link goes to the sentence only when there is one.
        """
        sid = ev.get("sentence_id")
        sents = self.articles.get(ev.get("article_id", ""), {}).get("sentences", ())
        return sid if isinstance(sid, int) and 0 <= sid < len(sents) else None


def independent_groups(story: Doc) -> list[list[str]]:
    """The story's independence groups; every article alone when provenance gave none."""
    return story.get("independent_groups") or [[a] for a in story["article_ids"]]


def story_view(doc: Doc, story: Doc) -> StoryView:
    articles = {a["id"]: a for a in doc.get("articles", ()) if a["id"] in set(story["article_ids"])}
    number = citation_numbers(story)
    groups = independent_groups(story)
    group_of = {aid: n for n, g in enumerate(groups, 1) for aid in g}
    return StoryView(story, articles, number, {c["id"]: c for c in story.get("claims", ())}, groups, group_of)


def citation_numbers(story: Doc) -> dict[str, int]:
    """article id -> citation number of every member: the story's ``citations``, a member they
    lack numbered after them (``number_sources``); none given: ``article_ids`` order."""
    given = [(str(a), int(n)) for a, n in (story.get("citations") or {}).items()]
    return dict(number_sources(story["article_ids"], given))


def inferred_reason(article: Doc, key: str) -> str | None:
    """Why ``article[key]`` was read from the text (report.json ``inferred``), or None."""
    return (article.get("inferred") or {}).get(key)


def marked(value: str, reason: str | None, why: bool = False) -> str:
    """``value`` as shown: "BBC (inferred)" or, with ``why``, "BBC (inferred: named in the text)"."""
    if not reason:
        return value
    return f"{value} (inferred: {reason})" if why else f"{value} (inferred)"


def _host(url: str | None) -> str | None:
    if not url or "//" not in url:
        return None
    host = url.split("//", 1)[1].split("/", 1)[0].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host or None


def brief_words(story: Doc) -> int:
    return sum(len(b["text"].split()) for b in story.get("brief", ()))


def date_span(view: StoryView) -> str:
    """First to last publication day; says how many of the dates were read from the text."""
    dated = [a for a in view.articles.values() if a.get("published")]
    dates = sorted(a["published"][:10] for a in dated)
    if not dates:
        return "undated"
    span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
    n = sum(1 for a in dated if inferred_reason(a, "published"))
    if not n:
        return span
    return f"{span} ({'inferred from the text' if n == len(dates) else f'{n} of {len(dates)} dates inferred from the text'})"


def blindspot_line(coverage: Doc) -> str:
    """The blindspot of a story in one sentence, worded once for every format:
    "Blindspot (none of your outlets with these covered it): leaning LL, RR; country DE."."""
    by = list(coverage.get("by", ()))
    if not by:
        return "No blindspot to state: your outlets differ in no attribute (name one with --by)."
    spots = coverage.get("blindspots") or []
    if not spots:
        return f"No blindspot: every {' and every '.join(by)} among your outlets covered this story."
    parts = "; ".join(f"{b['attribute']} {', '.join(b['values'])}" for b in spots)
    return f"Blindspot (none of your outlets with these covered it): {parts}."


def unmatched_line(view: StoryView) -> str | None:
    """Which sources the outlets file does not name, or None when it names them all."""
    missing = view.unmatched()
    if not missing:
        return None
    n = len(missing)
    return (f"{n} of {len(view.story['article_ids'])} source{'s' if len(view.story['article_ids']) != 1 else ''}"
            f" {'are' if n != 1 else 'is'} from outlets not in your file: "
            + ", ".join(f"[{view.number[a]}] {view.outlet(a)}" for a in missing) + ".")
