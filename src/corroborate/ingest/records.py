"""JSON and JSON Lines records: reads decoded file text, yields one
``(origin, parsed record)`` per record, or ``(origin, Rejection)`` for a part
that does not parse (``validate.validate_record`` then judges each record).

``.json`` holds one record, a list of records, or an object wrapping the list
under ``articles``/``items``/``data``/``records``/``documents``. ``.jsonl``
holds one record per line; a malformed line is reported as ``path:LINE`` and
the other lines go on. Field aliases are accepted (see ``FIELDS``).
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from ..model import Rejection

#: Record field → the keys accepted for it, first match wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "id": ("id", "doc_id", "article_id", "uid", "guid"),
    "title": ("title", "headline"),
    "url": ("url", "link", "uri"),
    "source": ("source", "publisher", "outlet", "site", "site_name", "sitename", "source_name"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate", "date_publish", "datetime"),
    "language": ("language", "lang"),
    "author": ("author", "byline"),
}
_WRAPPERS = ("articles", "items", "data", "records", "documents", "docs")


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def pick(rec: dict[str, Any], field: str) -> Any:
    """The value of ``field`` in ``rec`` under its first alias that holds one, as found
    (``source`` given as ``{"id": ..., "name": "BBC"}`` is read as its name), or None."""
    for key in FIELDS[field]:
        value = rec.get(key)
        if _empty(value):
            continue
        if field == "source" and isinstance(value, dict):
            value = next((value[k] for k in ("name", "title", "id") if not _empty(value.get(k))), None)
            if value is None:
                continue
        return value
    return None


_pick = pick  # the former private name


def _unparsable(exc: Exception, what: str) -> str:
    if isinstance(exc, json.JSONDecodeError):
        where = f"line {exc.lineno} column {exc.colno}" if what == "JSON" else f"column {exc.colno}"
        return f"malformed {what}: {exc.msg} at {where}"
    if isinstance(exc, RecursionError):
        return f"malformed {what}: nested too deeply"
    if "digits" in str(exc):  # int('9' * 5000): Python's cap on converting long numbers
        return f"malformed {what}: a number has over 4,300 digits"
    return f"malformed {what}: {type(exc).__name__}"


def json_records(text: str, origin: str) -> Iterator[tuple[str, Any]]:
    """``(origin[i], record)`` per record of a ``.json`` file, or ``(origin, Rejection)``."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        yield origin, Rejection(origin, _unparsable(exc, "JSON"))
        return
    if isinstance(data, dict):
        for key in _WRAPPERS:
            if isinstance(data.get(key), list) and not any(k in data for k in FIELDS["text"]):
                data = data[key]
                break
    if isinstance(data, list):
        for i, rec in enumerate(data):
            yield f"{origin}[{i}]", rec
    else:
        yield origin, data


def jsonl_records(text: str, origin: str, first_line: int = 1) -> Iterator[tuple[str, Any]]:
    """``(origin:LINE, record)`` per non-blank line, or ``(origin:LINE, Rejection)``."""
    for n, line in enumerate(text.split("\n"), start=first_line):
        line = line.strip()
        if not line:
            continue
        where = f"{origin}:{n}"
        if (nul := line.find("\x00")) >= 0:
            yield where, Rejection(where, f"line holds a NUL byte at column {nul + 1}")
            continue
        try:
            rec = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield where, Rejection(where, _unparsable(exc, "JSON line"))
            continue
        yield where, rec
