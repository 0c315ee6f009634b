"""The one place that turns errors into responses: JSON under ``/api/``, an HTML page elsewhere.

    ApiError(status, message, code)     raised by views           -> that status
    InputProblem (400/413)              a body that cannot be read -> its status
    GroupingFailed                      stored, grouping failed    -> 500 grouping_failed (+ added)
    QueueFull                           too many adds waiting      -> 503 busy + Retry-After
    StoreBusy / sqlite "locked"         another writer held on     -> 503 busy + Retry-After
    BodyTooLarge / BodyTimeout          from the guard             -> 413 / 408
    ClientDisconnect                    the client left mid-body   -> 400 (never read)
    HTTPException, validation errors    from the framework         -> their status, our shape
    anything else                       a bug                      -> 500, logged

JSON bodies are ``{"error": {"status", "code", "message", ...}}``. Every JSON
response is encoded so that a lone surrogate quoted back from an input can
never fail the encoding (it is written as ``\\ud800``).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from ..errors import StoreBusy

log = logging.getLogger("corroborate.web")

STATUS_CODE = {
    400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 408: "request_timeout",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "unprocessable",
    500: "internal_error", 503: "busy",
}
STATUS_TITLE = {
    400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed", 408: "Too slow",
    413: "Too large", 415: "Unsupported media type", 422: "Nothing could be added", 500: "Server error", 503: "Busy",
}


class ApiError(Exception):
    """An error to answer with ``status``: JSON under /api/, an HTML page elsewhere."""

    def __init__(self, status: int, message: str, code: str | None = None, *, retry_after: int | None = None, **extra: Any):
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODE.get(status, "error")
        self.message = message
        self.retry_after = retry_after
        self.extra = extra


class InputProblem(ValueError):
    """A request whose articles cannot be read at all (``str(exc)`` says why).

    ``status``: 400 for a malformed or empty request, 413 for one over a cap.
    """

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class GroupingFailed(RuntimeError):
    """An add whose articles were stored but whose grouping into stories failed
    (``added`` names them; ``str(exc)`` says what state they are in)."""

    def __init__(self, message: str, added: list[str] | tuple[str, ...] = ()):
        super().__init__(message)
        self.added = list(added)


class QueueFull(RuntimeError):
    """Adds waiting for the writer are at ``web.max_pending_writes``."""


class BodyTooLarge(Exception):
    """The request body went over ``web.max_request_bytes`` while being read."""


class BodyTimeout(Exception):
    """The request body was not read within ``web.body_timeout_s``."""


class SafeJSONResponse(JSONResponse):
    """JSON as UTF-8, with any lone surrogate written as a ``\\udXXX`` escape instead of failing."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8", "backslashreplace")


def wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def html_response(page: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """An HTML page with a CSP allowing only our script, stylesheets and the page's own style attributes."""
    from . import pages  # pages -> uploads -> bodies import this module's exceptions

    hashes = pages.style_hashes(page)
    style = "style-src 'self'" + (" 'unsafe-hashes' " + " ".join(hashes) if hashes else "")
    csp = (
        "default-src 'none'; script-src 'self'; " + style + "; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    out = HTMLResponse(page.encode("utf-8", "backslashreplace"), status_code=status, headers=headers)
    out.headers["Content-Security-Policy"] = csp
    return out


def error_response(
    path: str, status: int, message: str, code: str | None = None, *, read_only: bool = False,
    retry_after: int | None = None, **extra: Any,
) -> Response:
    """The response for an error: ``{"error": ...}`` JSON under /api/, else an HTML page."""
    code = code or STATUS_CODE.get(status, "error")
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    if wants_json(path):
        body: dict[str, Any] = {"status": status, "code": code, "message": message}
        body.update({k: v for k, v in extra.items() if v is not None})
        return SafeJSONResponse({"error": body}, status_code=status, headers=headers)
    from . import pages

    page = pages.error_page(status, STATUS_TITLE.get(status, "Error"), message, read_only=read_only)
    return html_response(page, status, headers)


def as_api_error(exc: BaseException, *, retry_after: int, max_body: int, body_timeout: float) -> ApiError | None:
    """``exc`` as the ApiError to answer with, or None for an unexpected error (a 500)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, InputProblem):
        return ApiError(exc.status, str(exc))
    if isinstance(exc, GroupingFailed):
        return ApiError(500, str(exc), "grouping_failed", added=exc.added)
    if isinstance(exc, QueueFull):
        return ApiError(503, str(exc), retry_after=retry_after)
    if isinstance(exc, StoreBusy) or (
        isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))
    ):
        return ApiError(503, "the store is busy (another process holds it); try again in a moment", retry_after=retry_after)
    if isinstance(exc, BodyTooLarge):
        return ApiError(413, f"the request body is over the {max_body:,}-byte cap (web.max_request_bytes)")
    if isinstance(exc, ClientDisconnect):  # nobody reads the answer; keep it out of the error log
        return ApiError(400, "the client closed the connection before the whole body arrived", "client_disconnected")
    if isinstance(exc, BodyTimeout):
        return ApiError(408, f"the request body was not sent within {body_timeout:g} s (web.body_timeout_s)")
    return None


def install(app: FastAPI, *, read_only: bool, retry_after: int, max_body: int, body_timeout: float) -> None:
    """Register the handlers that turn every error into ``error_response``."""

    def respond(request: Request, err: ApiError) -> Response:
        return error_response(
            request.url.path, err.status, err.message, err.code, read_only=read_only, retry_after=err.retry_after, **err.extra
        )

    async def known(request: Request, exc: Exception) -> Response:
        err = as_api_error(exc, retry_after=retry_after, max_body=max_body, body_timeout=body_timeout)
        assert err is not None
        return respond(request, err)

    for kind in (ApiError, InputProblem, GroupingFailed, QueueFull, StoreBusy, BodyTooLarge, BodyTimeout, ClientDisconnect):
        app.add_exception_handler(kind, known)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return respond(request, ApiError(exc.status_code, message))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", "invalid"))
        status = 400 if not request.url.path.startswith("/api/") else 422
        return respond(request, ApiError(status, "; ".join(parts) or "invalid request", "invalid_parameter"))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        err = as_api_error(exc, retry_after=retry_after, max_body=max_body, body_timeout=body_timeout)
        if err is not None:  # sqlite "database is locked" from a read, say
            return respond(request, err)
        log.exception("error serving %s %s", request.method, request.url.path)
        return respond(request, ApiError(500, f"internal error ({type(exc).__name__}); the server log has the details"))
