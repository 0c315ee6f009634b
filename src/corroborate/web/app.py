"""The FastAPI application: HTML pages, the JSON API, limits and security headers.

Reads requests, calls ``Service`` (the store) and ``pages`` (HTML), returns
responses. Pages: ``/``, ``/stories/{id}``, ``/articles/{id}``,
``/entities/{id}``, ``/add``, ``/docs``. API: ``GET /api/stories``,
``GET /api/stories/{id}``, ``GET /api/articles/{id}``, ``GET
/api/entities/{id}``, ``POST /api/articles``; the OpenAPI document at
``/openapi.json``. Errors under ``/api/`` are JSON ``{"error": {"status",
"code", "message"}}``; page errors are HTML pages saying the same.

Security: every HTML page carries a Content-Security-Policy that allows only
this server's own script and stylesheets (inline ``style`` attributes of our
own markup by hash), so text from an article can never run; request bodies
are capped (``[web]`` in defaults.toml); writes from another site are refused
(Origin / Sec-Fetch-Site), and so is a Host header naming anything but this
machine while bound to loopback (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import logging
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Callable
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import pipeline
from ..model import REPORT_SCHEMA
from ..serialize import article_to_dict, story_to_dict
from ..render.view import story_view
from . import pages, schemas
from .service import (
    AddResult,
    GroupingFailed,
    InputProblem,
    Service,
    entity_matcher,
    entity_page,
    parse_json,
    records_from_json,
    search,
    top_entities,
)

log = logging.getLogger("corroborate.web")

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_JSON_TYPES = ("application/json",)
_JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-seq")
_STATUS_CODE = {
    400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 409: "conflict",
    413: "payload_too_large", 415: "unsupported_media_type", 422: "unprocessable", 500: "internal_error",
    503: "busy",
}
_STATUS_TITLE = {
    400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed", 413: "Too large",
    415: "Unsupported media type", 422: "Nothing could be added", 500: "Server error", 503: "Busy",
}


class ApiError(Exception):
    """An error to answer with ``status``: JSON under /api/, an HTML page elsewhere."""

    def __init__(self, status: int, message: str, code: str | None = None, **extra: Any):
        super().__init__(message)
        self.status = status
        self.code = code or _STATUS_CODE.get(status, "error")
        self.message = message
        self.extra = extra


class BodyTooLarge(Exception):
    pass


def _wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def _version() -> str:
    try:
        return version("corroborate")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0"


# -- responses --------------------------------------------------------------------
def html_response(page: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """An HTML page with a CSP allowing only our script, stylesheets and the page's own style attributes."""
    hashes = pages.style_hashes(page)
    style = "style-src 'self'" + (" 'unsafe-hashes' " + " ".join(hashes) if hashes else "")
    csp = (
        "default-src 'none'; script-src 'self'; " + style + "; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    out = HTMLResponse(page, status_code=status, headers=headers)
    out.headers["Content-Security-Policy"] = csp
    return out


def error_response(path: str, status: int, message: str, code: str | None = None, read_only: bool = False, **extra: Any) -> Response:
    code = code or _STATUS_CODE.get(status, "error")
    if _wants_json(path):
        body: dict[str, Any] = {"status": status, "code": code, "message": message}
        body.update({k: v for k, v in extra.items() if v is not None})
        return JSONResponse({"error": body}, status_code=status)
    return html_response(pages.error_page(status, _STATUS_TITLE.get(status, "Error"), message, read_only=read_only), status)


# -- the guard: hosts, origins, sizes, headers ------------------------------------
class Guard:
    """ASGI middleware: Host and Origin checks, the request body cap, security headers on every response."""

    def __init__(self, app: Callable, *, max_body: int, allowed_hosts: frozenset[str] | None, read_only: bool):
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = allowed_hosts
        self.read_only = read_only

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        path = scope.get("path", "/")
        problem = self._refuse(scope, headers)
        if problem is not None:
            await self._send_error(scope, receive, send, path, *problem)
            return
        received = 0
        started = False

        async def limited_receive() -> dict:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge()
            return message

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _secure_headers(list(message.get("headers", [])), path)
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await self._send_error(scope, receive, send, path, 413, self._too_large())

    def _too_large(self) -> str:
        return f"the request body is over the {self.max_body:,}-byte cap (web.max_request_bytes)"

    def _refuse(self, scope: dict, headers: dict[str, str]) -> tuple[int, str] | None:
        host = headers.get("host", "")
        if self.allowed_hosts is not None and _hostname(host) not in self.allowed_hosts:
            return 400, f"unexpected Host header {host!r}: this server answers only to {', '.join(sorted(self.allowed_hosts))}"
        if scope.get("method", "GET") in _UNSAFE:
            # browsers say where a request comes from: Sec-Fetch-Site, else Origin ("null" from a sandbox
            # or a file). Programs (curl, scripts) send neither and are let through.
            origin = headers.get("origin")
            site = headers.get("sec-fetch-site")
            foreign = origin is not None and origin != "null" and urlsplit(origin).netloc != host
            if site in ("cross-site", "same-site") or foreign or (site is None and origin == "null"):
                return 403, "cross-site request refused: a page from another origin cannot add articles here"
            length = headers.get("content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body:
                return 413, self._too_large()
        return None

    async def _send_error(self, scope: dict, receive: Callable, send: Callable, path: str, status: int, message: str) -> None:
        response = error_response(path, status, message, read_only=self.read_only)
        response.headers["Connection"] = "close"

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _secure_headers(list(message.get("headers", [])), path)
            await send(message)

        await response(scope, receive, send_with_headers)


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _secure_headers(raw: list[tuple[bytes, bytes]], path: str) -> list[tuple[bytes, bytes]]:
    have = {k.lower() for k, _ in raw}
    add = {
        b"x-content-type-options": b"nosniff",
        b"referrer-policy": b"same-origin",
        b"x-frame-options": b"DENY",
        b"cross-origin-opener-policy": b"same-origin",
        b"cross-origin-resource-policy": b"same-origin",
        b"content-security-policy": b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        b"cache-control": b"public, max-age=3600" if path.startswith("/static/") else b"no-cache",
    }
    return raw + [(k, v) for k, v in add.items() if k not in have]


# -- the application ---------------------------------------------------------------
def create_app(service: Service, *, allowed_hosts: frozenset[str] | None = LOOPBACK_HOSTS) -> FastAPI:
    """The application over ``service``. ``allowed_hosts``: Host names accepted (None: any)."""
    web = service.web
    ro = service.read_only
    max_body = int(web["max_request_bytes"])
    page_size = int(web["page_size"])
    max_page = int(web["max_page_size"])
    app = FastAPI(
        title="corroborate",
        version=_version(),
        description=(
            "Stories, provenance, claims and cited briefs from a pile of news articles. Reads return the report "
            f"contract's shapes ({REPORT_SCHEMA}, docs/report-schema.md); POST /api/articles adds articles, and "
            "the stories they join are updated at once."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.service = service
    state: dict[str, Any] = {"pending": 0, "lock": None}

    # -- errors -------------------------------------------------------------
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request.url.path, exc.status, exc.message, exc.code, read_only=ro, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request.url.path, exc.status_code, message, read_only=ro)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", "invalid"))
        status = 400 if not request.url.path.startswith("/api/") else 422
        return error_response(request.url.path, status, "; ".join(parts) or "invalid request", "invalid_parameter", read_only=ro)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> Response:
        return error_response(
            request.url.path, 413, f"the request body is over the {max_body:,}-byte cap (web.max_request_bytes)", read_only=ro
        )

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s %s", request.method, request.url.path)
        return error_response(request.url.path, 500, f"internal error ({type(exc).__name__}); the server log has the details", read_only=ro)

    # -- writes, serialised ----------------------------------------------------
    async def write(job: Callable[[], AddResult]) -> AddResult:
        """Run ``job`` in a worker thread, one at a time; queued writers wait here, not in a thread."""
        if ro:
            raise ApiError(403, "this server is read-only (started with --read-only): adding articles is off", "read_only")
        if state["pending"] >= int(web["max_pending_writes"]):
            raise ApiError(503, "too many adds waiting; try again in a moment (web.max_pending_writes)")
        if state["lock"] is None:
            state["lock"] = asyncio.Lock()
        state["pending"] += 1
        try:
            async with state["lock"]:
                return await run_in_threadpool(job)
        except InputProblem as exc:
            raise ApiError(exc.status, str(exc)) from exc
        except GroupingFailed as exc:  # the articles are stored; the service logged it and stays usable
            raise ApiError(500, str(exc), "grouping_failed", added=exc.added) from exc
        finally:
            state["pending"] -= 1

    def result_body(result: AddResult) -> dict[str, Any]:
        with service.reading() as (store, gen):
            cards = {c.id: c for c in service.cards(store, gen)}
        return result.to_dict(cards)

    def add_status(result: AddResult) -> int:
        if result.added:
            return 201
        if result.existing:
            return 200
        return 422

    # -- static ----------------------------------------------------------------
    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        found = pages.static_file(name)
        if found is None:
            raise ApiError(404, f"no static file {name!r}")
        content, media = found
        return Response(content, media_type=media)

    # -- pages -------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index(
        q: str = Query("", max_length=500), entity: str = Query("", max_length=500),
        offset: int = Query(0, ge=0), limit: int = Query(page_size, ge=1, le=max_page),
    ) -> Response:
        with service.reading() as (store, gen):
            cards = service.cards(store, gen)
        found = search(cards, q, entity)
        entity_name = None
        if entity:
            match = entity_matcher(cards, entity)
            named = [e for c in cards for e in c.entities if match(e)]
            entity_name = named[0].name if named else None
        return html_response(
            pages.index_page(
                found[offset : offset + limit], total=len(found), q=q, entity=entity, entity_name=entity_name,
                offset=offset, limit=limit, top=top_entities(cards, 15), read_only=ro,
            )
        )

    @app.get("/stories/{story_id:path}", include_in_schema=False)
    def story_page(story_id: str, added: list[str] = Query([])) -> Response:
        with service.reading() as (store, _):
            if store.story(story_id) is None:
                matches = store.story_ids_like(story_id) if len(story_id) >= 4 else []
                if len(matches) == 1:
                    return RedirectResponse("/stories/" + quote(matches[0], safe=""), status_code=307)
                raise ApiError(404, f"no story {story_id!r}")
            doc = pipeline.report_for(store, [story_id])
        return html_response(pages.story_page(doc, service.settings["brief"], added=added, read_only=ro))

    @app.get("/articles/{article_id:path}", include_in_schema=False)
    def article_page(article_id: str) -> Response:
        article, sid, doc = _article_and_story(service, article_id)
        story_title = doc["stories"][0]["title"] if doc and doc["stories"] else None
        return html_response(
            pages.article_page(doc, article_to_dict(article), article.text, story_title, read_only=ro)
        )

    @app.get("/entities/{entity_id:path}", include_in_schema=False)
    def entity_page_(entity_id: str) -> Response:
        found = _entity(entity_id, mentions=int(web["entity_mentions"]))
        page, mentions = found
        return html_response(pages.entity_page(page, mentions, read_only=ro))

    def _entity(entity_id: str, mentions: int):
        with service.reading() as (store, gen):
            cards = service.cards(store, gen)
            page = entity_page(cards, entity_id)
            if page is None:
                raise ApiError(404, f"no entity {entity_id!r} in any story")
            match = entity_matcher(cards, entity_id)
            out: dict[str, list[dict[str, Any]]] = {}
            for card, _ in page.stories[: int(web["entity_stories"])]:
                story = store.story(card.id)
                if story is None:
                    continue
                ids = [e.id for e in card.entities if match(e)]
                out[card.id] = pages.entity_mentions(story_to_dict(story), ids, page.name, mentions) if mentions else []
        return page, out

    @app.get("/add", include_in_schema=False)
    def add_form() -> Response:
        return html_response(pages.add_page(read_only=ro, limits=_limits(web)))

    @app.post("/add", include_in_schema=False)
    async def add_submit(request: Request) -> Response:
        if ro:
            raise ApiError(403, "this server is read-only (started with --read-only): adding articles is off", "read_only")
        form = await request.form(
            max_files=int(web["max_upload_files"]), max_fields=20, max_part_size=int(web["max_field_bytes"])
        )
        text = str(form.get("text") or "")
        fields = {k: str(form.get(k) or "") for k in ("title", "source", "url", "published")}
        uploads = []
        for f in form.getlist("files"):
            if isinstance(f, str) or (not f.filename and not f.size):
                continue
            uploads.append((f.filename, await f.read()))
        await form.close()
        if not text.strip() and not uploads:
            return html_response(
                pages.add_page(read_only=ro, limits=_limits(web), message="Paste an article's text or choose a file to upload."), 400
            )

        result = await write(lambda: _add_form(service, text, fields, uploads))
        if len(result.stories) == 1 and not result.rejected and (result.added or result.existing):
            ids = result.added or result.existing
            query = "&".join("added=" + quote(a, safe="") for a in ids)
            return RedirectResponse(f"/stories/{quote(result.stories[0], safe='')}?{query}", status_code=303)
        body = await run_in_threadpool(result_body, result)
        return html_response(pages.result_page(body, read_only=ro, status=add_status(result)), add_status(result))

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return html_response(pages.docs_page(app.openapi(), read_only=ro))

    # -- API ---------------------------------------------------------------------
    errors = {404: {"model": schemas.ErrorOut, "description": "no such id"}}

    @app.get(
        "/api/stories", summary="List stories, newest and largest first; search by text and by entity",
        responses={200: {"model": schemas.StoryListOut}, 422: {"model": schemas.ErrorOut, "description": "bad parameter"}},
    )
    def api_stories(
        q: str = Query("", max_length=500, description="words that must all occur (title, brief, claims, names; names in any spelling)"),
        entity: str = Query("", max_length=500, description="an entity id (person:volodymyr-zelensky) or a name"),
        offset: int = Query(0, ge=0),
        limit: int = Query(page_size, ge=1, le=max_page),
    ) -> Response:
        with service.reading() as (store, gen):
            cards = service.cards(store, gen)
        found = search(cards, q, entity)
        return JSONResponse({
            "schema": REPORT_SCHEMA, "total": len(found), "offset": offset, "limit": limit,
            "stories": [c.summary() for c in found[offset : offset + limit]],
        })

    @app.get(
        "/api/stories/{story_id:path}", summary="One story as a report document (as `corroborate show --json`)",
        responses={200: {"model": schemas.ReportOut}, **errors},
    )
    def api_story(story_id: str) -> Response:
        with service.reading() as (store, _):
            if store.story(story_id) is None:
                raise ApiError(404, f"no story {story_id!r}")
            doc = pipeline.report_for(store, [story_id])
        return JSONResponse(doc)

    @app.get(
        "/api/articles/{article_id:path}", summary="One article, its story, and how each sentence stands in the story",
        responses={200: {"model": schemas.ArticleEnvelopeOut}, **errors},
    )
    def api_article(article_id: str) -> Response:
        article, sid, doc = _article_and_story(service, article_id)
        marks: list[dict[str, Any]] = []
        if doc and doc["stories"]:
            found = story_view(doc, doc["stories"][0]).sentence_marks()
            marks = [
                {"sentence_id": s, "marks": sorted(m)} for (a, s), m in sorted(found.items(), key=lambda kv: kv[0][1]) if a == article_id and m
            ]
        return JSONResponse({"schema": REPORT_SCHEMA, "article": article_to_dict(article), "story_id": sid, "sentence_marks": marks})

    @app.get(
        "/api/entities/{entity_id:path}", summary="An entity gathered across stories, by id or by name in any spelling",
        responses={200: {"model": schemas.EntityEnvelopeOut}, **errors},
    )
    def api_entity(entity_id: str) -> Response:
        page, _ = _entity(entity_id, mentions=0)
        return JSONResponse({
            "id": page.id, "name": page.name, "kind": page.kind, "variants": page.variants,
            "stories": [c.summary() | {"entity_id": e.id, "entity_name": e.name} for c, e in page.stories],
        })

    @app.post(
        "/api/articles",
        summary="Add articles; each joins its story (or opens one), which is updated at once",
        description=(
            "Body: one record, a list of records, or {\"articles\": [...]} as application/json (the .json input "
            "format), JSON Lines as application/x-ndjson, or multipart/form-data with `files` (uploads) and/or "
            "`text` (+ title, source, url, published). 201 when something was added, 200 when every article was "
            "already stored, 422 when none could be used (each rejected input with its reason). Refused with 403 "
            "on a --read-only server."
        ),
        status_code=201,
        responses={
            201: {"model": schemas.AddOut, "description": "added"},
            200: {"model": schemas.AddOut, "description": "already stored: nothing new"},
            400: {"model": schemas.ErrorOut, "description": "malformed body"},
            403: {"model": schemas.ErrorOut, "description": "read-only server, or a cross-site request"},
            413: {"model": schemas.ErrorOut, "description": "body over web.max_request_bytes"},
            415: {"model": schemas.ErrorOut, "description": "unsupported Content-Type"},
            422: {"model": schemas.ErrorOut, "description": "no article could be used"},
            503: {"model": schemas.ErrorOut, "description": "too many adds waiting"},
        },
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/ArticleRecordIn"},
                {"type": "array", "items": {"$ref": "#/components/schemas/ArticleRecordIn"}},
                {"$ref": "#/components/schemas/ArticlesIn"},
            ]}},
            "application/x-ndjson": {"schema": {"type": "string", "description": "one ArticleRecordIn per line"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "text": {"type": "string"}, "title": {"type": "string"}, "source": {"type": "string"},
                "url": {"type": "string"}, "published": {"type": "string"},
            }}},
        }}},
    )
    async def api_add(request: Request) -> Response:
        if ro:
            raise ApiError(403, "this server is read-only (started with --read-only): adding articles is off", "read_only")
        ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype in _JSON_TYPES:
            body = await request.body()
            try:  # malformed, not UTF-8 or nested too deeply (400); an empty list (400); over the cap (413)
                records = records_from_json(parse_json(body), int(web["max_records"]))
            except InputProblem as exc:
                raise ApiError(exc.status, str(exc)) from exc
            result = await write(lambda: service.add_records(records))
        elif ctype in _JSONL_TYPES:
            body = await request.body()
            if not body.strip():
                raise ApiError(400, "no articles in the request (an empty body)")
            result = await write(lambda: service.add_jsonl(body))  # counts and checks the lines (413, 400)
        elif ctype == "multipart/form-data":
            form = await request.form(
                max_files=int(web["max_upload_files"]), max_fields=20, max_part_size=int(web["max_field_bytes"])
            )
            text = str(form.get("text") or "")
            fields = {k: str(form.get(k) or "") for k in ("title", "source", "url", "published")}
            uploads = [(f.filename, await f.read()) for f in form.getlist("files") if not isinstance(f, str)]
            await form.close()
            if not text.strip() and not uploads:
                raise ApiError(400, "no articles in the request: send `files` and/or `text`")

            result = await write(lambda: _add_form(service, text, fields, uploads))
        else:
            raise ApiError(
                415, f"unsupported Content-Type {ctype or '(none)'!r}: send application/json, application/x-ndjson or multipart/form-data"
            )
        body_out = await run_in_threadpool(result_body, result)
        status = add_status(result)
        if status == 422:
            raise ApiError(422, "no article in the request could be used; see `rejected` for each reason", "nothing_added",
                           rejected=body_out["rejected"])
        headers = {"Location": "/api/stories/" + quote(result.stories[0], safe="")} if result.stories else None
        return JSONResponse(body_out, status_code=status, headers=headers)

    # -- the OpenAPI document names the input models too -------------------------------
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        comps = doc.setdefault("components", {}).setdefault("schemas", {})
        for model in (schemas.ArticleRecordIn, schemas.ArticlesIn):
            js = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, sub in js.pop("$defs", {}).items():
                comps.setdefault(name, sub)
            comps[model.__name__] = js
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
    app.router.lifespan_context = _lifespan(service)
    app.add_middleware(Guard, max_body=max_body, allowed_hosts=allowed_hosts, read_only=ro)
    return app


def _article_and_story(service: Service, article_id: str) -> tuple[Any, str | None, dict[str, Any] | None]:
    """The stored article, its story id and that story's report document (None while it
    is pending); 404 if unknown."""
    with service.reading() as (store, _):
        article = store.article(article_id)
        if article is None:
            raise ApiError(404, f"no article {article_id!r}")
        sid = store.membership().get(article_id)
        return article, sid, (pipeline.report_for(store, [sid]) if sid else None)


def _add_form(service: Service, text: str, fields: dict[str, str], uploads: list[tuple[str | None, bytes]]) -> AddResult:
    """Pasted text and uploaded files of one form, added as one result.

    The records of uploaded ``.json``/``.jsonl`` files are counted against
    ``web.max_records`` before anything is added (``InputProblem``, 413).
    """
    if uploads:
        service.check_uploads(uploads)
    merged = AddResult()
    if text.strip():
        _merge(merged, service.add_text(text, **fields))
    if uploads:
        _merge(merged, service.add_files(uploads))
    return merged


def _merge(into: AddResult, more: AddResult) -> None:
    into.added += more.added
    into.existing += more.existing
    into.skipped += more.skipped
    into.rejected += more.rejected
    into.stories += [s for s in more.stories if s not in into.stories]


def _limits(web: dict[str, Any]) -> dict[str, Any]:
    return {"max_upload_files": int(web["max_upload_files"]), "request_mb": round(int(web["max_request_bytes"]) / 1_000_000)}


def _lifespan(service: Service):
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_app: Any):
        yield
        service.close()

    return lifespan
