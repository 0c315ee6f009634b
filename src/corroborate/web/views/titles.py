"""Pinned story titles (issue 14, editorial control): a user fixes what a story is called.

    PUT    /api/stories/{id}/title   {"title": "...", "user": "..."}  pin: shown at once, kept by later adds and analyzes
    DELETE /api/stories/{id}/title   {"user": "..."} (optional body)  unpin: the story's own title again
    POST   /stories/{id}/title       the story page's form (title, action=pin|unpin), then back to the story

Both are writes: refused on a --read-only server and from other sites (``guard.Guard``),
and recorded in the store with who (``user``, default "web") and when (UTC), as
``corroborate pin-title`` / ``unpin-title`` do (``pipeline.pin_title``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ...errors import InputError
from ...store import Store
from .. import schemas
from ..errors import ApiError, SafeJSONResponse
from . import Context
from .smallbody import small_json

WRITE_WAIT_S = 5.0  # seconds a pin waits for another process's write lock before a 503
MAX_BODY = 4096


class TitleIn(BaseModel):
    title: str = Field(description="the title to pin (whitespace collapsed; at most 300 characters)")
    user: str | None = Field(None, description='who pins it, as recorded in the store (default "web")')


class TitleOut(BaseModel):
    story_id: str
    title: str = Field(description="the title the story is shown under now")
    pinned: bool
    pinned_by: str | None = None
    pinned_at: str | None = Field(None, description="UTC time of the pin")


def routes(ctx: Context) -> APIRouter:
    router = APIRouter()
    service = ctx.service

    def change(story_id: str, title: str | None, user: str) -> dict[str, Any]:
        from ... import pipeline  # a write: the analysis code is imported by the first one, not at start

        if ctx.read_only:  # the guard refuses every write first; never write through a read-only server
            raise ApiError(403, "this server is read-only (started with --read-only): pinning titles is off", "read_only")
        with Store(service.db_path, lock_wait=WRITE_WAIT_S) as store:
            try:
                if title is not None:
                    pipeline.pin_title(store, story_id, title, user)
                else:
                    pipeline.unpin_title(store, story_id, user, service.settings)
            except InputError as exc:
                raise ApiError(404 if exc.reason == "no such story" else 422, str(exc)) from None
            story = store.story(story_id)
            pin = store.pinned_title(story_id)
        service._written([story_id])  # the catalog shows the new title
        return {"story_id": story_id, "title": story.title if story else "", "pinned": pin is not None,
                "pinned_by": pin[1] if pin else None, "pinned_at": pin[2] if pin else None}

    async def body_of(request: Request, required: bool) -> dict[str, Any]:
        body = await small_json(request, max_bytes=MAX_BODY, what="a title change", strings=("title", "user"),
                                allow_empty=not required, hint=' {"title": ...}')
        if required and not isinstance(body.get("title"), str):
            raise ApiError(422, 'the body needs a "title" string')
        return body

    errors = {400: {"model": schemas.ErrorOut, "description": "malformed body"},
              403: {"model": schemas.ErrorOut, "description": "read-only server, or a cross-site request"},
              404: {"model": schemas.ErrorOut, "description": "no such story"},
              415: {"model": schemas.ErrorOut, "description": "not application/json"},
              422: {"model": schemas.ErrorOut, "description": "an empty or over-long title"}}

    @router.put(
        "/api/stories/{story_id:path}/title", summary="Pin a story's title (kept by every later add and analyze)",
        responses={200: {"model": TitleOut}, **errors},
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": TitleIn.model_json_schema()}}}},
    )
    async def pin(story_id: str, request: Request) -> Response:
        body = await body_of(request, required=True)
        out = await run_in_threadpool(change, story_id, body["title"], body.get("user") or "web")
        return SafeJSONResponse(out)

    @router.delete(
        "/api/stories/{story_id:path}/title", summary="Unpin a story's title: it shows its own title again",
        responses={200: {"model": TitleOut}, **errors},
    )
    async def unpin(story_id: str, request: Request) -> Response:
        body = await body_of(request, required=False)
        out = await run_in_threadpool(change, story_id, None, body.get("user") or "web")
        return SafeJSONResponse(out)

    @router.post("/stories/{story_id:path}/title", include_in_schema=False)
    async def title_form(story_id: str, request: Request) -> Response:
        """The story page's title form: pin (``title``) or unpin, then back to the story."""
        try:
            form = await request.form(max_files=0, max_fields=4, max_part_size=MAX_BODY)
        except Exception as exc:  # noqa: BLE001 - a malformed form is the client's mistake
            raise ApiError(400, f"malformed form: {exc}") from None
        action = str(form.get("action") or "pin")
        title = None if action == "unpin" else str(form.get("title") or "")
        await run_in_threadpool(change, story_id, title, "web")
        return RedirectResponse("/stories/" + quote(story_id, safe=""), status_code=303)

    return router
