"""``/docs``: the OpenAPI document as a page (no script, nothing fetched from elsewhere)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import pages
from ..errors import html_response
from . import Context


def routes(ctx: Context) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    def docs(request: Request) -> Response:
        return html_response(pages.docs_page(request.app.openapi(), read_only=ctx.read_only))

    return router
