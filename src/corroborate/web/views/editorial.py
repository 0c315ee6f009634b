"""Merging stories, moving and deleting articles (issue 14, editorial control).

    POST   /api/stories/{id}/merge     {"into": "st-...", "user": "..."}     merge the story into another
    POST   /api/articles/{id}/move     {"to": "st-..." | null, "user": ...}   move an article (null: a new story)
    DELETE /api/articles/{id}          {"user": "..."} (optional body)       delete an article
    POST   /stories/{id}/edit          the story page's edit forms (action=merge|move|new|delete), then a story page

Each is a write: refused on a --read-only server and from other sites (``guard.Guard``),
recorded in the store with who (``user``, default "web") and when (UTC), kept by every later
add and analyze, and the touched stories' provenance, claims and brief are derived again,
as ``corroborate merge-stories`` / ``move-article`` / ``delete-article`` do
(``pipeline.merge_stories``, ``move_article``, ``delete_article``). A story may be named by
its id or a unique prefix of one.
"""

from __future__ import annotations

from typing import Any, Callable
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

WRITE_WAIT_S = 5.0  # seconds an edit waits for another process's write lock before a 503
MAX_BODY = 4096


class MergeIn(BaseModel):
    into: str = Field(description="the story to merge into (its id, title and citation numbers are kept)")
    user: str | None = Field(None, description='who merges, as recorded in the store (default "web")')


class MergeOut(BaseModel):
    story_id: str = Field(description="the merged story (the one kept)")
    merged: str = Field(description="the story merged into it (gone)")
    article_ids: list[str]


class MoveIn(BaseModel):
    to: str | None = Field(None, description="the story to move the article to; null or absent: a new story of its own")
    user: str | None = None


class MoveOut(BaseModel):
    article_id: str
    story_id: str = Field(description="the story the article is in now")
    left: str | None = Field(None, description="the story it left (null when it was pending)")


class DeleteOut(BaseModel):
    article_id: str
    deleted: bool
    story_id: str | None = Field(None, description="the story it was in (derived again without it; gone when emptied)")


def routes(ctx: Context) -> APIRouter:
    router = APIRouter()
    service = ctx.service

    def story_named(store: Store, name: str) -> str:
        name = name.strip()
        if store.story(name) is not None:
            return name
        matches = store.story_ids_like(name) if len(name) >= 4 else []
        if len(matches) != 1:
            raise ApiError(404, f"no story {name!r}" if not matches else f"{len(matches)} stories match {name!r}")
        return matches[0]

    def edit(do: Callable[[Store], tuple[dict[str, Any], list[str]]]) -> dict[str, Any]:
        if ctx.read_only:  # the guard refuses every write first; never write through a read-only server
            raise ApiError(403, "this server is read-only (started with --read-only): editing stories is off", "read_only")
        with Store(service.db_path, lock_wait=WRITE_WAIT_S) as store:
            try:
                out, touched = do(store)
            except InputError as exc:
                raise ApiError(404 if exc.reason.startswith("no such") else 422, str(exc)) from None
        service._written(touched)  # the catalog shows the stories as they are now
        return out

    def merge(story_id: str, into: str, user: str) -> dict[str, Any]:
        from ... import pipeline  # a write: the analysis code is imported by the first one, not at start

        def do(store: Store) -> tuple[dict[str, Any], list[str]]:
            merged, kept = story_named(store, story_id), story_named(store, into)
            ids = pipeline.merge_stories(store, merged, kept, user, service.settings)
            return {"story_id": kept, "merged": merged, "article_ids": ids}, [merged, kept]

        return edit(do)

    def move(article_id: str, to: str | None, user: str) -> dict[str, Any]:
        from ... import pipeline

        def do(store: Store) -> tuple[dict[str, Any], list[str]]:
            if store.article(article_id) is None:
                raise ApiError(404, f"no article {article_id!r}")
            left = store.membership_of([article_id]).get(article_id)
            target = None if to is None else story_named(store, to)
            sid = pipeline.move_article(store, article_id, target, user, service.settings)
            return {"article_id": article_id, "story_id": sid, "left": left}, [s for s in (sid, left) if s]

        return edit(do)

    def delete(article_id: str, user: str) -> dict[str, Any]:
        from ... import pipeline

        def do(store: Store) -> tuple[dict[str, Any], list[str]]:
            if store.article(article_id) is None:
                raise ApiError(404, f"no article {article_id!r}")
            sid = pipeline.delete_article(store, article_id, user, service.settings)
            return {"article_id": article_id, "deleted": True, "story_id": sid}, [sid] if sid else []

        return edit(do)

    async def body_of(request: Request, required: tuple[str, ...]) -> dict[str, Any]:
        body = await small_json(request, max_bytes=MAX_BODY, what="an edit", strings=("into", "to", "user"),
                                allow_empty=not required)
        for key in required:
            if not (body.get(key) or "").strip():
                raise ApiError(422, f'the body needs an {key!r} string (a story id)')
        return body

    errors = {400: {"model": schemas.ErrorOut, "description": "malformed body"},
              403: {"model": schemas.ErrorOut, "description": "read-only server, or a cross-site request"},
              404: {"model": schemas.ErrorOut, "description": "no such story or article"},
              415: {"model": schemas.ErrorOut, "description": "not application/json"},
              422: {"model": schemas.ErrorOut, "description": "a story merged into itself, an article moved where it is"}}

    @router.post(
        "/api/stories/{story_id:path}/merge", summary="Merge a story into another (kept by every later add and analyze)",
        responses={200: {"model": MergeOut}, **errors},
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": MergeIn.model_json_schema()}}}},
    )
    async def merge_api(story_id: str, request: Request) -> Response:
        body = await body_of(request, ("into",))
        return SafeJSONResponse(await run_in_threadpool(merge, story_id, body["into"], body.get("user") or "web"))

    @router.post(
        "/api/articles/{article_id:path}/move", summary="Move an article to another story or a new one (kept by later runs)",
        responses={200: {"model": MoveOut}, **errors},
        openapi_extra={"requestBody": {"required": False, "content": {"application/json": {"schema": MoveIn.model_json_schema()}}}},
    )
    async def move_api(article_id: str, request: Request) -> Response:
        body = await body_of(request, ())
        to = (body.get("to") or "").strip() or None
        return SafeJSONResponse(await run_in_threadpool(move, article_id, to, body.get("user") or "web"))

    @router.delete(
        "/api/articles/{article_id:path}", summary="Delete an article (never stored again; its story derived again)",
        responses={200: {"model": DeleteOut}, **errors},
    )
    async def delete_api(article_id: str, request: Request) -> Response:
        body = await body_of(request, ())
        return SafeJSONResponse(await run_in_threadpool(delete, article_id, body.get("user") or "web"))

    @router.post("/stories/{story_id:path}/edit", include_in_schema=False)
    async def edit_form(story_id: str, request: Request) -> Response:
        """The story page's edit forms: merge this story, or move or delete one of its articles."""
        try:
            form = await request.form(max_files=0, max_fields=8, max_part_size=MAX_BODY)
        except Exception as exc:  # noqa: BLE001 - a malformed form is the client's mistake
            raise ApiError(400, f"malformed form: {exc}") from None
        action = str(form.get("action") or "")
        article = str(form.get("article") or "")
        if action == "merge":
            into = str(form.get("into") or "").strip()
            if not into:
                raise ApiError(422, "give the id of the story to merge this one into")
            out = await run_in_threadpool(merge, story_id, into, "web")
            return _to_story(out["story_id"])
        if action in ("move", "new"):
            to = str(form.get("to") or "").strip() or None
            if action == "move" and to is None:
                raise ApiError(422, "give the id of the story to move the article to (or move it to a new story)")
            out = await run_in_threadpool(move, article, to if action == "move" else None, "web")
            return _to_story(out["story_id"])
        if action == "delete":
            if form.get("confirm") != "yes":
                raise ApiError(422, f"tick 'confirm' to delete article {article!r}")
            out = await run_in_threadpool(delete, article, "web")
            with Store(service.db_path, lock_wait=WRITE_WAIT_S) as store:
                left = out["story_id"] and store.story(out["story_id"]) is not None
            return _to_story(out["story_id"]) if left else RedirectResponse("/", status_code=303)
        raise ApiError(422, f"unknown action {action!r}: merge, move, new or delete")

    return router


def _to_story(story_id: str) -> RedirectResponse:
    return RedirectResponse("/stories/" + quote(story_id, safe=""), status_code=303)
