"""The small JSON bodies of the editing routes (pin a title, merge, move, delete): read with a
size cap before parsing, every failure an ``ApiError`` that says why."""

from __future__ import annotations

import json
from typing import Any, Sequence

from fastapi import Request

from ..errors import ApiError


async def small_json(request: Request, *, max_bytes: int, what: str, strings: Sequence[str],
                     allow_empty: bool, hint: str = "") -> dict[str, Any]:
    """The request's JSON object (``{}`` for an empty body when ``allow_empty``), read no further
    than ``max_bytes``; ``strings``: the fields that must be strings when given; ``what`` names the
    edit in the 413 message ("a title change")."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > max_bytes:
            raise ApiError(413, f"the body is over the {max_bytes} bytes {what} may have")
    if not raw.strip() and allow_empty:
        return {}
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != "application/json":
        raise ApiError(415, f"unsupported Content-Type {ctype or '(none)'!r}: send application/json{hint}")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, f"malformed JSON: {str(exc)[:200]}") from None
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    for key in strings:
        if body.get(key) is not None and not isinstance(body[key], str):
            raise ApiError(422, f"field {key!r} must be a string")
    return body
