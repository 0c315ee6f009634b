"""The web UI and HTTP API over the store: ``corroborate serve`` (needs the ``web`` extra).

    service.py   the store behind the server: one read connection per thread in a
                 snapshot, one writer behind a lock, the story catalog (search,
                 entities across stories), adding articles through ``pipeline.add``
    app.py       the FastAPI application: pages, JSON API, limits, security headers
    pages.py     HTML pages (Jinja2, autoescaped; the story page reuses render/html.py)
    schemas.py   pydantic models of the API's shapes, for the OpenAPI document

Nothing here imports FastAPI at module level except ``app`` and ``schemas``:
``require()`` names the extra when it is missing.
"""

from __future__ import annotations

from importlib.util import find_spec

from ..errors import MissingExtra

# module name -> the package the `web` extra installs it from
REQUIRED = {"fastapi": "fastapi", "uvicorn": "uvicorn", "multipart": "python-multipart", "jinja2": "jinja2"}


def require() -> None:
    """Raise ``MissingExtra`` naming the first package of the ``web`` extra that is not installed."""
    for module, package in REQUIRED.items():
        try:
            found = find_spec(module) is not None
        except (ImportError, ValueError):  # a module set to None in sys.modules, say
            found = False
        if not found:
            raise MissingExtra("web", package)
