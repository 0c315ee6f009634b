"""Feeds, both ways: Atom feeds of stories for any feed reader, and the feeds ``watch`` fetches.

    GET  /feeds/stories.atom[?q=&entity=]   stories, newest-updated first (the search of ``/``)
    GET  /feeds/entities/{id}.atom          the stories naming an entity (ids as ``/entities/{id}``)
    GET  /feeds                             the watched feeds: last fetch, status, articles; a form to add one
    POST /feeds                             the form (``url``): subscribe, then back to /feeds
    GET  /api/feeds   POST /api/feeds       the same as JSON

Atom documents are ``web.atom``'s, with a strong ETag (a hash of the body) and
Last-Modified (the newest entry's update), so a reader polling an unchanged feed gets
a 304. Subscribing writes ``feed_subscriptions`` (``store.fetchstate.subscribe``):
``corroborate watch`` fetches the union of its --feeds file and those each round.
Writes are refused on a --read-only server and from other sites by ``guard.Guard``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ...store import Store, fetchstate
from .. import atom, pages, schemas
from ..catalog import StoryCard, entity_page, search
from ..errors import ApiError, SafeJSONResponse, html_response
from . import Context

ATOM_ENTRIES = 50  # stories in a feed unless ?limit= asks for fewer or more (up to web.max_page_size)
WRITE_WAIT_S = 5.0  # seconds a subscription waits for another process's write lock before a 503


class FeedOut(BaseModel):
    url: str
    subscribed: bool = Field(description="added from /feeds or POST /api/feeds (else fetched from a --feeds file or `fetch`)")
    subscribed_at: str | None = None
    last_fetch: str | None = Field(None, description="UTC time of the last fetch; null: not fetched yet")
    last_status: str | None = Field(None, description="'200 ok', '304 not modified' or 'failed: <reason>'")
    n_articles: int = Field(description="articles stored from this feed")


class FeedListOut(BaseModel):
    feeds: list[FeedOut]


class FeedIn(BaseModel):
    url: str = Field(description=f"an http(s) feed URL (RSS, Atom or a sitemap), at most {fetchstate.MAX_FEED_URL} characters")


class SubscribedOut(BaseModel):
    url: str
    created: bool = Field(description="false when the feed was already subscribed")
    feed: FeedOut


def _when(stamp: str | None) -> str | None:
    """A stored UTC time as the page shows it: ``2026-12-06 02:49:53``."""
    return stamp.replace("T", " ").removesuffix("+00:00").removesuffix("Z") if stamp else None


def feed_body(f: fetchstate.FeedState) -> dict[str, Any]:
    return {"url": f.url, "subscribed": f.subscribed, "subscribed_at": f.subscribed_at, "last_fetch": f.last_fetch,
            "last_status": f.last_status, "n_articles": f.n_articles}


def routes(ctx: Context) -> APIRouter:
    router = APIRouter()
    service = ctx.service

    # -- Atom -----------------------------------------------------------------
    def entries(cards: list[StoryCard], limit: int) -> list[atom.StoryEntry]:
        newest = sorted(cards, key=lambda c: (c.updated_at, c.id), reverse=True)[:limit]
        out = []
        with service.reading() as (store, _):
            for c in newest:
                story = store.story(c.id)
                brief = tuple(b.text for b in story.brief) if story is not None else ()
                out.append(atom.StoryEntry(c.id, c.title, c.updated_at, brief, c.n_articles, c.n_independent,
                                           c.first_published))
        return out

    def atom_response(request: Request, items: list[atom.StoryEntry], title: str, html_path: str) -> Response:
        base = str(request.base_url).rstrip("/")
        path_qs = request.url.path + (("?" + request.url.query) if request.url.query else "")
        body = atom.atom_feed(items, title=title, feed_key=path_qs, self_url=base + path_qs, html_url=base + html_path,
                              base_url=base, generator_version=request.app.version)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        updated = atom.feed_updated(items)
        headers = {"ETag": etag, "Last-Modified": atom.http_date(updated), "Cache-Control": "no-cache"}
        inm = request.headers.get("if-none-match")
        fresh = (etag in [t.strip().removeprefix("W/") for t in inm.split(",")] or inm.strip() == "*") if inm else \
            atom.not_modified_since(request.headers.get("if-modified-since"), updated)
        if fresh:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=atom.MEDIA_TYPE, headers=headers)

    @router.get("/feeds/stories.atom", summary="Stories as an Atom feed, newest-updated first; search as /api/stories",
                response_class=Response, responses={200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0"}})
    def stories_atom(
        request: Request,
        q: str = Query("", max_length=500, description="words that must all occur (as GET /api/stories)"),
        entity: str = Query("", max_length=500, description="an entity id or a name (as GET /api/stories)"),
        limit: int = Query(ATOM_ENTRIES, ge=1, le=ctx.max_page),
    ) -> Response:
        with service.reading() as (store, gen):
            cards = service.cards(store, gen)
        found = search(cards, q, entity)
        what = " ".join(x for x in (q.strip(), entity.strip()) if x)
        params = {k: v for k, v in (("q", q), ("entity", entity)) if v}
        title = f"corroborate: stories matching {what}" if what else "corroborate: stories"
        return atom_response(request, entries(found, limit), title, "/" + ("?" + urlencode(params) if params else ""))

    @router.get("/feeds/entities/{entity_file:path}", summary="The stories naming an entity, as an Atom feed",
                response_class=Response, responses={200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0"},
                                                    404: {"model": schemas.ErrorOut, "description": "no such entity"}})
    def entity_atom(request: Request, entity_file: str, limit: int = Query(ATOM_ENTRIES, ge=1, le=ctx.max_page)) -> Response:
        if not entity_file.endswith(".atom"):
            raise ApiError(404, f"nothing at {request.url.path}: entity feeds are /feeds/entities/{{id}}.atom")
        entity_id = entity_file[: -len(".atom")]
        with service.reading() as (store, gen):
            cards = service.cards(store, gen)
        page = entity_page(cards, entity_id)
        if page is None:
            raise ApiError(404, f"no entity {entity_id!r} in any story")
        return atom_response(request, entries([c for c, _ in page.stories], limit), f"corroborate: stories naming {page.name}",
                             pages.entity_url(entity_id))

    # -- watched feeds ----------------------------------------------------------
    def listing() -> list[fetchstate.FeedState]:
        with service.reading() as (store, _):
            return fetchstate.feeds(store)

    def add(url: Any) -> tuple[str, bool, fetchstate.FeedState]:
        """Subscribe (``BadFeedURL`` for a URL that cannot be); (url, created, its row)."""
        if ctx.read_only:  # the guard refuses every write first; never write through a read-only server
            raise ApiError(403, "this server is read-only (started with --read-only): adding feeds is off", "read_only")
        clean = fetchstate.check_feed_url(url)
        with Store(service.db_path, lock_wait=WRITE_WAIT_S) as store:
            clean, created = fetchstate.subscribe(store, clean, by="web")
            row = next(f for f in fetchstate.feeds(store) if f.url == clean)
        return clean, created, row

    def feeds_page(status: int = 200, message: str | None = None, added: str | None = None, value: str = "") -> Response:
        rows = listing()
        if added and not any(f.url == added and f.subscribed for f in rows):
            added = None  # the banner confirms only a subscription that is there
        page = pages.render("feeds.html", feeds=rows, read_only=ctx.read_only, message=message, added=added,
                            value=value, max_url=fetchstate.MAX_FEED_URL, title="Feeds", when=_when)
        return html_response(page, status)

    @router.get("/feeds", include_in_schema=False)
    def feeds_view(added: str = Query("", max_length=fetchstate.MAX_FEED_URL + 100)) -> Response:
        return feeds_page(added=added or None)

    @router.post("/feeds", include_in_schema=False)
    async def feeds_submit(request: Request) -> Response:
        try:
            form = await request.form(max_files=0, max_fields=5, max_part_size=fetchstate.MAX_FEED_URL * 4)
        except Exception as exc:  # noqa: BLE001 - a malformed form is the client's mistake
            return await run_in_threadpool(feeds_page, 400, f"malformed form: {exc}")
        url = str(form.get("url") or "")
        try:
            clean, _created, _ = await run_in_threadpool(add, url)
        except fetchstate.BadFeedURL as exc:
            return await run_in_threadpool(feeds_page, 400, str(exc), None, url[: fetchstate.MAX_FEED_URL])
        return RedirectResponse("/feeds?" + urlencode({"added": clean}), status_code=303)

    @router.get("/api/feeds", summary="The watched feeds: last fetch, status and articles stored",
                responses={200: {"model": FeedListOut}})
    def api_feeds() -> Response:
        return SafeJSONResponse({"feeds": [feed_body(f) for f in listing()]})

    @router.post(
        "/api/feeds", summary="Subscribe to a feed: `corroborate watch` fetches it from its next round",
        status_code=201,
        description="Body: `{\"url\": \"https://…\"}` as application/json. 201 subscribed, 200 already subscribed, "
                    "422 a URL that cannot be subscribed (not http(s), too long, no host), 400 a malformed body. "
                    "Refused with 403 on a --read-only server.",
        responses={201: {"model": SubscribedOut}, 200: {"model": SubscribedOut},
                   400: {"model": schemas.ErrorOut, "description": "malformed body"},
                   403: {"model": schemas.ErrorOut, "description": "read-only server, or a cross-site request"},
                   415: {"model": schemas.ErrorOut, "description": "not application/json"},
                   422: {"model": schemas.ErrorOut, "description": "a URL that cannot be subscribed"}},
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": FeedIn.model_json_schema()}}}},
    )
    async def api_subscribe(request: Request) -> Response:
        ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype != "application/json":
            raise ApiError(415, f"unsupported Content-Type {ctype or '(none)'!r}: send application/json {{\"url\": ...}}")
        raw = await request.body()
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise ApiError(400, f"malformed JSON: {str(exc)[:200]}") from None
        if not isinstance(body, dict) or "url" not in body:
            raise ApiError(400, 'the body must be a JSON object with a "url" field')
        try:
            clean, created, row = await run_in_threadpool(add, body["url"])
        except fetchstate.BadFeedURL as exc:
            raise ApiError(422, str(exc), "bad_feed_url") from None
        return SafeJSONResponse({"url": clean, "created": created, "feed": feed_body(row)}, status_code=201 if created else 200,
                                headers={"Location": "/api/feeds"})

    return router


def atom_url(q: str = "", entity: str = "") -> str:
    """The Atom feed of a search (what the pages link to)."""
    params = {k: v for k, v in (("q", q), ("entity", entity)) if v}
    return "/feeds/stories.atom" + ("?" + urlencode(params) if params else "")


def entity_atom_url(entity_id: str) -> str:
    return "/feeds/entities/" + quote(entity_id, safe=":") + ".atom"
