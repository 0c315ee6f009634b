"""The HTML pages: report-document dicts and catalog cards in, HTML strings out.

Templates (``templates/``) are Jinja2 with autoescaping on for every file, so
any article text, title, name or URL lands as text. The story page embeds
``render.html.story_html`` (itself escaping every piece of source text); the
article page marks sentences with ``render.view.StoryView.sentence_marks``,
as the report does. Links are built from ids with every character
percent-encoded, and ids are only ever looked up in the store.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader

from ..render.html import CSS as REPORT_CSS
from ..render.html import JS as REPORT_JS
from ..render.html import story_html
from ..language_names import language_name
from ..render.view import KIND_LABEL, StoryView, citation_numbers, inferred_reason, marked, story_view
from ..words import count
from .catalog import EntityPage, StoryCard
from .uploads import describe_origin

Doc = dict[str, Any]

KIND_HEADINGS = {"person": "People", "organisation": "Organisations", "place": "Places", "other": "Other names"}
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')


def story_url(sid: str) -> str:
    return "/stories/" + quote(sid, safe="")


def article_url(aid: str) -> str:
    return "/articles/" + quote(aid, safe="")


def entity_url(eid: str) -> str:
    return "/entities/" + quote(eid, safe=":")


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) link, else None (no ``javascript:`` or ``data:`` hrefs from article metadata)."""
    if url and re.match(r"(?i)^https?://[^\s]+$", url.strip()):
        return url.strip()
    return None


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("corroborate.web", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(story_url=story_url, article_url=article_url, entity_url=entity_url, safe_link=safe_link,
                       count=count)  # "1 article" / "5 articles" (words.py)
    env.globals.update(KIND_HEADINGS=KIND_HEADINGS, KIND_LABEL=KIND_LABEL)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def style_hashes(page: str) -> list[str]:
    """The distinct inline ``style`` attribute values of a page we rendered (for the CSP's 'unsafe-hashes').

    Source text is escaped (a ``"`` becomes ``&quot;``), so only our own markup
    can hold a ``style="..."`` attribute.
    """
    import base64
    import hashlib

    values = {html.unescape(v) for v in _STYLE_ATTR.findall(page)}
    return sorted("'sha256-" + base64.b64encode(hashlib.sha256(v.encode("utf-8")).digest()).decode() + "'" for v in values)


def static_file(name: str) -> tuple[str, str] | None:
    """(content, media type) of a static file, or None."""
    if name == "report.css":
        return REPORT_CSS, "text/css; charset=utf-8"
    if name == "report.js":
        return REPORT_JS, "text/javascript; charset=utf-8"
    if name == "web.css":
        return _web_css(), "text/css; charset=utf-8"
    return None


@lru_cache(maxsize=1)
def _web_css() -> str:
    from importlib import resources

    return resources.files(__package__).joinpath("static", "web.css").read_text("utf-8")


# -- pages ----------------------------------------------------------------------
def index_page(
    cards: Sequence[StoryCard],
    *,
    total: int,
    q: str,
    entity: str,
    entity_name: str | None,
    offset: int,
    limit: int,
    top: Sequence[tuple[Any, int]],
    read_only: bool,
) -> str:
    def page_link(start: int) -> str:
        params = {k: v for k, v in (("q", q), ("entity", entity)) if v}
        if start:
            params["offset"] = str(start)
        return "/" + ("?" + urlencode(params) if params else "")

    return render(
        "index.html",
        cards=cards,
        total=total,
        q=q,
        entity=entity,
        entity_name=entity_name,
        offset=offset,
        limit=limit,
        prev_link=page_link(max(0, offset - limit)) if offset > 0 else None,
        next_link=page_link(offset + limit) if offset + limit < total else None,
        top=top,
        read_only=read_only,
        span=_card_span,
    )


def _card_span(card: StoryCard) -> str:
    first, last = (card.first_published or "")[:10], (card.last_published or "")[:10]
    if not first:
        return "undated"
    return first if first == last else f"{first} to {last}"


def story_page(
    doc: Doc, settings: Mapping[str, Any], *, added: Sequence[str] = (), read_only: bool,
    pin: tuple[str, str, str] | None = None,
) -> str:
    """One story's page; ``pin``: (title, by, at) of its pinned title, for the title form."""
    story = doc["stories"][0]
    view = story_view(doc, story)
    entities: dict[str, list[Doc]] = {}
    for e in sorted(story.get("entities", ()), key=lambda e: (-len(e.get("article_ids", ())), e["name"])):
        entities.setdefault(e.get("kind") or "other", []).append(e)
    articles = [
        {"id": aid, "n": view.number[aid], "outlet": view.outlet(aid), "headline": view.headline(aid, 110),
         "published": view.published(aid) if view.articles.get(aid, {}).get("published") else None}
        for aid in view.sources()
    ]
    new = [a for a in articles if a["id"] in set(added)]
    return render(
        "story.html",
        story=story,
        body=story_html(doc, story, **settings),
        entities=[(k, entities[k]) for k in KIND_HEADINGS if k in entities],
        articles=articles,
        added=new,
        single=len(story["article_ids"]) == 1,
        pin=pin,
        read_only=read_only,
        title=story["title"],
    )


def article_page(doc: Doc | None, article: Doc, text: str, story_title: str | None, *, read_only: bool) -> str:
    """One article: its cleaned text with sentences marked against its story, removed boilerplate, quality."""
    aid = article["id"]
    view: StoryView | None = None
    marks: dict[tuple[str, int], set[str]] = {}
    also: dict[int, list[tuple[int, str, int]]] = {}
    conflicts: list[dict[str, Any]] = []
    provenance: list[dict[str, Any]] = []
    sid = None
    if doc is not None and doc.get("stories"):
        story = doc["stories"][0]
        sid = story["id"]
        view = story_view(doc, story)
        marks = view.sentence_marks()
        also = _also_carried(view, aid)
        conflicts = _conflicts_of(view, aid)
        provenance = [
            {"verb": verb, "others": [(view.number[o], o, view.outlet(o)) for o in others], "note": note}
            for verb, others, note in view.provenance_lines(aid)
        ]
    paragraphs: list[list[dict[str, Any]]] = [[]]
    prev_end = 0
    for s in article["sentences"]:
        if paragraphs[-1] and "\n\n" in text[prev_end : s["start"]]:
            paragraphs.append([])
        prev_end = s["end"]
        m = marks.get((aid, s["id"]), set())
        classes = [x for x in ("shared", "copied", "unique", "conflict") if x in m] + (["inbrief"] if "brief" in m else [])
        paragraphs[-1].append({"id": s["id"], "text": s["text"], "classes": classes, "also": also.get(s["id"], [])})
    counts = {k: sum(1 for p in paragraphs for s in p if k in s["classes"]) for k in ("shared", "copied", "unique", "conflict")}
    return render(
        "article.html",
        article=article,
        title=article.get("title") or (view.headline(aid, 110) if view else None) or aid,
        # an outlet or date read from the text carries its mark and reason ("BBC (inferred: named in the text)")
        outlet=(view.outlet(aid, why=True) if view else _marked(article, "source")) or "unknown outlet",
        published=_marked(article, "published") or "undated",
        # "English (en) (inferred: detected from the text ...)" when the record gave none
        language=(marked(f"{language_name(article['language'])} ({article['language']})",
                         inferred_reason(article, "language"), why=True) if article.get("language") else None),
        number=view.number.get(aid) if view else None,
        story_id=sid,
        story_title=story_title,
        paragraphs=[p for p in paragraphs if p],
        counts=counts,
        conflicts=conflicts,
        provenance=provenance,
        group=view.group_of.get(aid) if view else None,
        n_groups=len(view.groups) if view else None,
        origin=describe_origin(article.get("origin") or ""),
        read_only=read_only,
    )


def _marked(article: Doc, key: str) -> str | None:
    value = article.get(key)
    return marked(str(value), inferred_reason(article, key), why=True) if value else None


def _also_carried(view: StoryView, aid: str) -> dict[int, list[tuple[int, str, int]]]:
    """sentence id of ``aid`` -> (citation number, other article id, its sentence id) carrying the same claim."""
    out: dict[int, dict[str, int]] = {}
    for c in view.story.get("claims", ()):
        mine = [e["sentence_id"] for e in c.get("evidence", ()) if e["article_id"] == aid]
        if not mine:
            continue
        others: dict[str, int] = {}
        for e in c.get("evidence", ()):
            if e["article_id"] != aid and e["article_id"] in view.number:
                others.setdefault(e["article_id"], e["sentence_id"])
        for s in mine:
            for o, os_ in others.items():
                out.setdefault(s, {}).setdefault(o, os_)
    return {s: sorted((view.number[o], o, os_) for o, os_ in d.items()) for s, d in out.items()}


def _conflicts_of(view: StoryView, aid: str) -> list[dict[str, Any]]:
    out = []
    for k in view.story.get("conflicts", ()):
        values = []
        involved = False
        for v in k.get("values", ()):
            mine = any(e["article_id"] == aid for e in v.get("evidence", ()))
            involved |= mine
            values.append(
                {"value": v["value"], "mine": mine, "note": v.get("note"),
                 "sources": [(view.number[a], a, view.outlet(a)) for a in view.conflict_sources(v)]}
            )
        if involved:
            out.append({"about": k["about"], "kind": k.get("kind", ""), "values": values})
    return out


def entity_page(page: EntityPage, mentions: Mapping[str, list[dict[str, Any]]], *, read_only: bool) -> str:
    return render("entity.html", page=page, mentions=mentions, read_only=read_only, span=_card_span)


def entity_mentions(story: Doc, entity_ids: Iterable[str], name: str, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` claims of ``story`` that name the entity or that it said, best supported first,
    each with a link to its first evidence sentence on the story page."""
    ids = set(entity_ids)
    number = citation_numbers(story)
    claims = [
        c for c in story.get("claims", ())
        if ids & set(c.get("entity_ids", ())) or (c.get("speaker") and c["speaker"] == name)
    ]
    claims.sort(key=lambda c: (c.get("speaker") != name, -c.get("independent_support", 0), -c.get("support", 0)))
    out = []
    for c in claims[:limit]:
        ev = next((e for e in c.get("evidence", ()) if e["article_id"] in number), None)
        anchor = f"{story['id']}-a{number[ev['article_id']]}-s{ev['sentence_id']}" if ev else story["id"]
        out.append({
            "text": c["text"], "kind": KIND_LABEL.get(c.get("kind", ""), c.get("kind", "")),
            "speaker": c.get("speaker"), "support": c.get("support", 0),
            "independent_support": c.get("independent_support", 0),
            "href": story_url(story["id"]) + "#" + quote(anchor, safe=""),
        })
    return out


def add_page(*, read_only: bool, limits: Mapping[str, Any], message: str | None = None) -> str:
    return render("add.html", read_only=read_only, limits=limits, message=message)


def result_page(result: Mapping[str, Any], *, read_only: bool, status: int) -> str:
    return render("result.html", result=result, read_only=read_only, status=status)


def error_page(status: int, title: str, message: str, *, read_only: bool = False) -> str:
    return render("error.html", status=status, title=title, message=message, read_only=read_only)


def docs_page(openapi: Mapping[str, Any], *, read_only: bool) -> str:
    """The OpenAPI document as a page (no JavaScript, nothing fetched from elsewhere)."""
    schemas = openapi.get("components", {}).get("schemas", {})
    ops = []
    for path, methods in openapi.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                 "type": schema_type(p.get("schema", {})), "description": p.get("description") or p.get("schema", {}).get("description", "")}
                for p in op.get("parameters", ())
            ]
            body = [
                {"type": ctype, "schema": schema_type(c.get("schema", {}))}
                for ctype, c in op.get("requestBody", {}).get("content", {}).items()
            ]
            responses = [
                {"code": code, "description": r.get("description", ""),
                 "schema": ", ".join(schema_type(c.get("schema", {})) for c in r.get("content", {}).values())}
                for code, r in op.get("responses", {}).items()
            ]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": params, "body": body,
                        "responses": responses, "anchor": re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-")})
    models = [
        {"name": name, "description": s.get("description", ""),
         "fields": [
             {"name": f, "type": schema_type(fs), "required": f in s.get("required", ()), "description": fs.get("description", "")}
             for f, fs in s.get("properties", {}).items()
         ]}
        for name, s in schemas.items()
    ]
    return render("docs.html", info=openapi.get("info", {}), ops=ops, models=models, read_only=read_only)


def schema_type(s: Mapping[str, Any]) -> str:
    """A short readable type of an OpenAPI schema: ``Story``, ``[Claim]``, ``string | null``."""
    if "$ref" in s:
        return s["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in s:
            return " | ".join(schema_type(x) for x in s[key])
    t = s.get("type")
    if t == "array":
        return "[" + schema_type(s.get("items", {})) + "]"
    if t == "object" and "additionalProperties" in s and isinstance(s["additionalProperties"], dict):
        return "{string: " + schema_type(s["additionalProperties"]) + "}"
    if "enum" in s:
        return " | ".join(repr(v) for v in s["enum"])
    if "const" in s:
        return repr(s["const"])
    return str(t or "any")



def queued_page(job_id: str, state: str, message: str, *, read_only: bool) -> str:
    """An add that waits for the store: where to see its result."""
    return render("queued.html", url="/adds/" + quote(job_id, safe=""), state=state, message=message, read_only=read_only)
