"""The web UI and HTTP API over the store: ``corroborate serve`` (needs the ``web`` extra).

    app.py        assembles the application: views, error handlers, guard, OpenAPI document
    views/        the routes, one module per page and API resource (stories, articles,
                  entities, add, docs, static)
    errors.py     the one place that turns errors into responses (JSON or an HTML page)
    guard.py      ASGI middleware: Host/Origin checks, the one read-only refusal, body caps
                  and read deadline, requests in flight, security headers
    server.py     uvicorn, bounded: request-head deadline, open-connection cap
    forms.py      the one form reader (multipart or URL-encoded add forms)
    bodies.py     JSON bodies and uploaded record files: parsed, depth-checked, counted
    uploads.py    upload naming: inputs staged under names we choose, origins as the client named them
    writes.py     the write path: add jobs, one writer, a bounded queue that waits out another
                  process's write lock (202 + /api/adds/{id})
    catalog.py    the story catalog: cards, search, entities across stories
    service.py    the store behind the server: per-thread readers in snapshots, catalog, writer
    pages.py      HTML pages (Jinja2, autoescaped; the story page reuses render/html.py)
    schemas.py    pydantic models of the API's shapes, for the OpenAPI document

Only the modules the server itself loads import FastAPI, uvicorn or Jinja2;
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
