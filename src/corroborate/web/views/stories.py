"""Stories: the list (``/``, ``GET /api/stories``, searched by words and names) and one story
(``/stories/{id}``, ``GET /api/stories/{id}``: the report document)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse, Response

from ...outlets import normalise_domain
from ...store.report import report_for
from ...store.sqlite import StoryFilter
from ...model import REPORT_SCHEMA
from .. import pages, schemas
from ..catalog import entity_matcher, search, top_entities
from ..errors import ApiError, SafeJSONResponse, html_response
from . import Context

NOT_FOUND = {404: {"model": schemas.ErrorOut, "description": "no such id"}}


def routes(ctx: Context) -> APIRouter:
    router = APIRouter()
    service = ctx.service

    @router.get("/", include_in_schema=False)
    def index(
        q: str = Query("", max_length=500), entity: str = Query("", max_length=500),
        offset: int = Query(0, ge=0), limit: int = Query(ctx.page_size, ge=1, le=ctx.max_page),
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
                offset=offset, limit=limit, top=top_entities(cards, 15), read_only=ctx.read_only,
            )
        )

    @router.get("/stories/{story_id:path}", include_in_schema=False)
    def story_page(story_id: str, added: list[str] = Query([])) -> Response:
        with service.reading() as (store, _):
            if store.story(story_id) is None:
                matches = store.story_ids_like(story_id) if len(story_id) >= 4 else []
                if len(matches) == 1:
                    return RedirectResponse("/stories/" + quote(matches[0], safe=""), status_code=307)
                raise ApiError(404, f"no story {story_id!r}")
            doc = report_for(store, [story_id])
            pin = store.pinned_title(story_id)
        return html_response(pages.story_page(doc, service.settings["brief"], added=added, read_only=ctx.read_only, pin=pin))

    @router.get(
        "/api/stories", summary="List stories, newest and largest first; search by text and by entity",
        responses={200: {"model": schemas.StoryListOut}, 422: {"model": schemas.ErrorOut, "description": "bad parameter"}},
    )
    def api_stories(
        q: str = Query("", max_length=500, description="words that must all occur (title, brief, claims, names; names in any spelling)"),
        entity: str = Query("", max_length=500, description="an entity id (person:volodymyr-zelensky) or a name"),
        offset: int = Query(0, ge=0),
        limit: int = Query(ctx.page_size, ge=1, le=ctx.max_page),
        since: str = Query("", max_length=10, description="only stories with an article published on or after this ISO date (YYYY-MM-DD)"),
        until: str = Query("", max_length=10, description="only stories with an article published on or before this ISO date"),
        outlet: list[str] = Query([], description="only stories an outlet covered: a source name or a domain (subdomains included); repeat for any of several"),
        language: list[str] = Query([], description="only stories with an article in this language (ISO 639-1); repeat for any of several"),
        min_sources: int | None = Query(None, ge=1, description="only stories with at least this many independent sources"),
        has_conflicts: bool = Query(False, description="only stories where sources disagree"),
    ) -> Response:
        filters = _story_filter(since, until, outlet, language, min_sources, has_conflicts)
        with service.reading() as (store, gen):
            cards = service.cards(store, gen)
            kept = None if filters is None else {s.id for s in store.summaries(filters=filters)}
        found = search(cards, q, entity)
        if kept is not None:
            found = [c for c in found if c.id in kept]
        return SafeJSONResponse({
            "schema": REPORT_SCHEMA, "total": len(found), "offset": offset, "limit": limit,
            "stories": [c.summary() for c in found[offset : offset + limit]],
        })

    @router.get(
        "/api/stories/{story_id:path}", summary="One story as a report document (as `corroborate show --json`)",
        responses={200: {"model": schemas.ReportOut}, **NOT_FOUND},
    )
    def api_story(story_id: str) -> Response:
        with service.reading() as (store, _):
            if store.story(story_id) is None:
                raise ApiError(404, f"no story {story_id!r}")
            doc = report_for(store, [story_id])
        return SafeJSONResponse(doc)

    return router


def _story_filter(since: str, until: str, outlets: list[str], languages: list[str], min_sources: int | None,
                  has_conflicts: bool) -> StoryFilter | None:
    """The listing filter of the query (read from the stores' summary columns), or None when none is given."""
    import datetime

    dates = {}
    for name, value in (("since", since), ("until", until)):
        if value:
            try:
                dates[name] = datetime.date.fromisoformat(value).isoformat()
            except ValueError:
                raise ApiError(422, f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    domains = tuple(d for o in outlets if (d := normalise_domain(o)) is not None)
    f = StoryFilter(since=dates.get("since"), until=dates.get("until"), languages=tuple(x for x in languages if x),
                    domains=domains, sources=tuple(o for o in outlets if o), min_sources=min_sources, has_conflicts=has_conflicts)
    return None if f == StoryFilter() else f
