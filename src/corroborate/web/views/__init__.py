"""Routes by page and API resource (datasette's ``views/`` is the model).

    stories.py    /  /stories/{id}            GET /api/stories  GET /api/stories/{id}
    titles.py                                  PUT/DELETE /api/stories/{id}/title (pin a title)
    editorial.py  /stories/{id}/edit           POST /api/stories/{id}/merge  POST /api/articles/{id}/move
                                               DELETE /api/articles/{id}
    articles.py   /articles/{id}               GET /api/articles/{id}
    entities.py   /entities/{id}               GET /api/entities/{id}
    add.py        /add  /adds/{id}            POST /api/articles  GET /api/adds/{id}
    feeds.py      /feeds  /feeds/stories.atom  /feeds/entities/{id}.atom   GET/POST /api/feeds
    docs.py       /docs
    static.py     /static/{name}

Each module's ``routes(ctx)`` returns its router; ``ROUTES`` is the registry
``app.create_app`` includes, in order. Views raise errors (``errors.ApiError`` and
kin); ``errors.install`` turns them into responses, and ``guard.Guard`` refuses
writes on a read-only server before any view runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from fastapi import APIRouter

from ...store.report import report_for
from ..errors import ApiError
from ..service import Service
from ..writes import AddResult


@dataclass(frozen=True)
class Context:
    """What every view needs: the service, the ``[web]`` settings, whether writes are off."""

    service: Service
    web: dict[str, Any]
    read_only: bool

    @property
    def page_size(self) -> int:
        return int(self.web["page_size"])

    @property
    def max_page(self) -> int:
        return int(self.web["max_page_size"])

    @property
    def limits(self) -> dict[str, Any]:
        """What the add form tells the user about its caps."""
        return {"max_upload_files": int(self.web["max_upload_files"]),
                "request_mb": round(int(self.web["max_request_bytes"]) / 1_000_000)}

    def result_body(self, result: AddResult) -> dict[str, Any]:
        """An add's result as the API returns it (stories as their current cards)."""
        with self.service.reading() as (store, gen):
            cards = {c.id: c for c in self.service.cards(store, gen)}
        return result.to_dict(cards)

    def article_and_story(self, article_id: str) -> tuple[Any, str | None, dict[str, Any] | None]:
        """The stored article, its story id and that story's report document (None while it
        is pending); 404 if unknown."""
        with self.service.reading() as (store, _):
            article = store.article(article_id)
            if article is None:
                raise ApiError(404, f"no article {article_id!r}")
            sid = store.membership_of([article_id]).get(article_id)
            return article, sid, (report_for(store, [sid]) if sid else None)


def _registry() -> list[Callable[[Context], APIRouter]]:
    from . import add, articles, docs, entities, editorial, feeds, static, stories, titles

    return [static.routes, editorial.routes, titles.routes, stories.routes, articles.routes, entities.routes, add.routes, feeds.routes,
            docs.routes]


def routers(ctx: Context) -> list[APIRouter]:
    return [make(ctx) for make in _registry()]
