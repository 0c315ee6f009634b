"""The FastAPI application, assembled: the routes of ``views/``, the error handlers of
``errors``, the ``guard`` middleware, and the OpenAPI document.

Pages: ``/``, ``/stories/{id}``, ``/articles/{id}``, ``/entities/{id}``, ``/add``,
``/adds/{id}``, ``/feeds``, ``/docs``. Atom: ``/feeds/stories.atom[?q=]``,
``/feeds/entities/{id}.atom``. API: ``GET /api/stories``, ``GET /api/stories/{id}``,
``GET /api/articles/{id}``, ``GET /api/entities/{id}``, ``POST /api/articles``,
``GET /api/adds/{id}``, ``GET/POST /api/feeds``; the OpenAPI document at ``/openapi.json``. Errors under
``/api/`` are JSON ``{"error": {"status", "code", "message"}}``; page errors are
HTML pages saying the same.

Security: every HTML page carries a Content-Security-Policy that allows only
this server's own script and stylesheets (inline ``style`` attributes of our
own markup by hash), so text from an article can never run; request bodies
are capped and must arrive in time (``[web]`` in defaults.toml); writes from
another site are refused (Origin / Sec-Fetch-Site), and so is a Host header
naming anything but this machine while bound to loopback (DNS rebinding).
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ..model import REPORT_SCHEMA
from . import errors, schemas
from .guard import Guard
from .service import Service
from .views import Context, routers

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def _version() -> str:
    try:
        return version("corroborate")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0"


def create_app(service: Service, *, allowed_hosts: frozenset[str] | None = LOOPBACK_HOSTS) -> FastAPI:
    """The application over ``service``. ``allowed_hosts``: Host names accepted (None: any)."""
    web = service.web
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
        default_response_class=errors.SafeJSONResponse,
        lifespan=_lifespan(service),
    )
    app.state.service = service
    ctx = Context(service, web, service.read_only)
    for router in routers(ctx):
        app.include_router(router)
    retry_after = int(web["retry_after_s"])
    errors.install(app, read_only=service.read_only, retry_after=retry_after, max_body=int(web["max_request_bytes"]),
                   body_timeout=float(web["body_timeout_s"]))
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(
        Guard, max_body=int(web["max_request_bytes"]), allowed_hosts=allowed_hosts, read_only=service.read_only,
        body_timeout=float(web["body_timeout_s"]), limit_concurrency=int(web["limit_concurrency"]), retry_after=retry_after,
    )
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, naming the input models too."""
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


def _lifespan(service: Service):
    @asynccontextmanager
    async def lifespan(_app: Any):
        yield
        service.close()

    return lifespan
