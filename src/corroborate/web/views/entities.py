"""An entity gathered across stories: ``/entities/{id}`` and ``GET /api/entities/{id}``
(by id, or by name in any spelling)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ...serialize import story_to_dict
from .. import pages, schemas
from ..catalog import EntityPage, entity_matcher, entity_page
from ..errors import ApiError, SafeJSONResponse, html_response
from . import Context
from .stories import NOT_FOUND


def routes(ctx: Context) -> APIRouter:
    router = APIRouter()
    web = ctx.web

    def gather(entity_id: str, mentions: int) -> tuple[EntityPage, dict[str, list[dict[str, Any]]]]:
        with ctx.service.reading() as (store, gen):
            cards = ctx.service.cards(store, gen)
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

    @router.get("/entities/{entity_id:path}", include_in_schema=False)
    def entity_page_(entity_id: str) -> Response:
        page, mentions = gather(entity_id, int(web["entity_mentions"]))
        return html_response(pages.entity_page(page, mentions, read_only=ctx.read_only))

    @router.get(
        "/api/entities/{entity_id:path}", summary="An entity gathered across stories, by id or by name in any spelling",
        responses={200: {"model": schemas.EntityEnvelopeOut}, **NOT_FOUND},
    )
    def api_entity(entity_id: str) -> Response:
        page, _ = gather(entity_id, 0)
        return SafeJSONResponse({
            "id": page.id, "name": page.name, "kind": page.kind, "variants": page.variants,
            "stories": [c.summary() | {"entity_id": e.id, "entity_name": e.name} for c, e in page.stories],
        })

    return router
