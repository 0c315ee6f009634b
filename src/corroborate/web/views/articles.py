"""One article: ``/articles/{id}`` (its sentences marked against its story) and
``GET /api/articles/{id}``. Adding articles (``POST /api/articles``) lives in ``add.py``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ...model import REPORT_SCHEMA
from ...render.view import story_view
from ...serialize import article_to_dict
from .. import pages, schemas
from ..errors import SafeJSONResponse, html_response
from . import Context
from .stories import NOT_FOUND


def routes(ctx: Context) -> APIRouter:
    router = APIRouter()

    @router.get("/articles/{article_id:path}", include_in_schema=False)
    def article_page(article_id: str) -> Response:
        article, _sid, doc = ctx.article_and_story(article_id)
        story_title = doc["stories"][0]["title"] if doc and doc["stories"] else None
        return html_response(pages.article_page(doc, article_to_dict(article), article.text, story_title, read_only=ctx.read_only))

    @router.get(
        "/api/articles/{article_id:path}", summary="One article, its story, and how each sentence stands in the story",
        responses={200: {"model": schemas.ArticleEnvelopeOut}, **NOT_FOUND},
    )
    def api_article(article_id: str) -> Response:
        article, sid, doc = ctx.article_and_story(article_id)
        marks: list[dict[str, Any]] = []
        if doc and doc["stories"]:
            found = story_view(doc, doc["stories"][0]).sentence_marks()
            marks = [
                {"sentence_id": s, "marks": sorted(m)}
                for (a, s), m in sorted(found.items(), key=lambda kv: kv[0][1]) if a == article_id and m
            ]
        return SafeJSONResponse({"schema": REPORT_SCHEMA, "article": article_to_dict(article), "story_id": sid, "sentence_marks": marks})

    return router
