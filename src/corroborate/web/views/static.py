"""``/static/{name}``: our stylesheets and script, from a fixed list (no path is ever opened)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from .. import pages
from ..errors import ApiError
from . import Context


def routes(ctx: Context) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        found = pages.static_file(name)
        if found is None:
            raise ApiError(404, f"no static file {name!r}")
        content, media = found
        return Response(content, media_type=media)

    return router
