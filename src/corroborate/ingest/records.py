"""JSON and JSON Lines records: reads decoded file text, yields one
``(origin, record-dict | reason)`` per record.

``.json`` holds one record, a list of records, or an object wrapping the list
under ``articles``/``items``/``data``/``records``/``documents``. ``.jsonl``
holds one record per line; a malformed line is reported as ``path:LINE`` and
the other lines go on. Field aliases are accepted (see ``FIELDS``).
"""

from __future__ import annotations

import json
from typing import Any, Iterator

#: Record field → the keys accepted for it, first match wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "id": ("id", "doc_id", "article_id", "uid", "guid"),
    "title": ("title", "headline"),
    "url": ("url", "link", "uri"),
    "source": ("source", "publisher", "outlet", "site", "site_name", "sitename", "source_name"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate", "date_publish", "datetime"),
    "language": ("language", "lang"),
}
_WRAPPERS = ("articles", "items", "data", "records", "documents", "docs")


def _pick(rec: dict[str, Any], field: str) -> Any:
    for key in FIELDS[field]:
        value = rec.get(key)
        if value not in (None, "", [], {}):
            if isinstance(value, dict):  # e.g. {"source": {"id": ..., "name": "BBC"}}
                value = value.get("name") or value.get("title") or value.get("id")
            return value
    return None


def fields(rec: Any) -> dict[str, Any] | str:
    """The known fields of one record, or the reason it cannot be used."""
    if not isinstance(rec, dict):
        return f"record is a JSON {type(rec).__name__}, not an object"
    text = _pick(rec, "text")
    if not isinstance(text, str) or not text.strip():
        return "record has no text (expected a non-empty 'text' field)"
    out = {k: _pick(rec, k) for k in FIELDS}
    for k in ("id", "title", "url", "source", "published", "language"):
        if out[k] is not None:
            out[k] = str(out[k])
    return out


def json_records(text: str, origin: str) -> Iterator[tuple[str, dict[str, Any] | str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield origin, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        return
    except RecursionError:
        yield origin, "malformed JSON: nested too deeply"
        return
    if isinstance(data, dict):
        for key in _WRAPPERS:
            if isinstance(data.get(key), list) and not any(k in data for k in FIELDS["text"]):
                data = data[key]
                break
    if isinstance(data, list):
        for i, rec in enumerate(data):
            yield f"{origin}[{i}]", fields(rec)
    else:
        yield origin, fields(data)


def jsonl_records(text: str, origin: str, first_line: int = 1) -> Iterator[tuple[str, dict[str, Any] | str]]:
    for n, line in enumerate(text.split("\n"), start=first_line):
        line = line.strip()
        if not line:
            continue
        where = f"{origin}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, f"malformed JSON line: {exc.msg} at column {exc.colno}"
            continue
        except RecursionError:
            yield where, "malformed JSON line: nested too deeply"
            continue
        yield where, fields(rec)
