"""Request bodies and uploaded record files, read before anything is added: JSON parsed
with its nesting bounded, records counted against ``web.max_records``.

Every failure is an ``InputProblem`` naming the input and the reason (400, or 413 over
a cap); a malformed *line* or *record* is left to ingest, which rejects it alone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..ingest.files import SUPPORTED, Unusable, decode
from .errors import InputProblem


def _record_list(data: Any) -> list[Any]:
    """The records of parsed ``.json`` input: one record, a list, or ``{"articles": [...]}``."""
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "records", "documents", "docs"):
            if isinstance(data.get(key), list) and not any(k in data for k in ("text", "body", "content")):
                data = data[key]
                break
    return data if isinstance(data, list) else [data]


def records_from_json(data: Any, max_records: int) -> list[Any]:
    """The records of a JSON body: one record, a list, or ``{"articles": [...]}`` (as ``.json`` input)."""
    records = _record_list(data)
    if not records:
        raise InputProblem("no articles in the request (an empty list)")
    check_record_count(len(records), max_records)
    return records


def check_record_count(n: int, max_records: int) -> None:
    """``InputProblem`` (413) when ``n`` articles are over the ``web.max_records`` cap of one request."""
    if n > max_records:
        raise InputProblem(f"{n} articles in one request, over the {max_records} cap (web.max_records)", 413)


# JSON nesting a request may hold: article records are 2-4 levels deep; the parser
# itself gives up near 1,000 levels (Python's recursion limit, less the frames already
# on the stack, so a body that parses here could still fail deeper in ingest).
MAX_JSON_DEPTH = 100


def _brackets(text: bytes | str) -> int:
    """Opening brackets in JSON text (C-speed): a bound on its nesting depth."""
    if isinstance(text, bytes):
        return text.count(b"[") + text.count(b"{")
    return text.count("[") + text.count("{")


def _nests_over(data: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether parsed JSON ``data`` nests over ``limit`` levels (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return False


def _too_deep(text: bytes | str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests over ``limit`` levels (False for text that is not JSON at all)."""
    if _brackets(text) <= limit:  # so many levels need as many brackets
        return False
    try:
        return _nests_over(json.loads(text), limit)
    except RecursionError:
        return True
    except ValueError:  # malformed, yet ingest's parser recurses as deep as the brackets go before failing
        return _bracket_depth(text) > limit


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_STRING_BYTES = re.compile(rb'"(?:[^"\\]|\\.)*"')


def _bracket_depth(text: bytes | str) -> int:
    """The deepest bracket nesting of (possibly malformed) JSON text, brackets inside strings ignored."""
    if isinstance(text, bytes):
        marks = re.findall(rb"[\[\]{}]", _JSON_STRING_BYTES.sub(b"", text))
        opening = (b"[", b"{")
    else:
        marks = re.findall(r"[\[\]{}]", _JSON_STRING.sub("", text))
        opening = ("[", "{")
    depth = deepest = 0
    for mark in marks:
        depth = depth + 1 if mark in opening else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def parse_json(body: bytes | str) -> Any:
    """``json.loads(body)``, or ``InputProblem`` (400) saying why it is not usable JSON: malformed,
    not UTF-8, or nested over ``MAX_JSON_DEPTH`` levels (``[[[[...`` would exhaust the stack)."""
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InputProblem(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except UnicodeDecodeError as exc:
        raise InputProblem("malformed JSON: not UTF-8") from exc
    except RecursionError as exc:
        raise InputProblem(f"malformed JSON: nested too deeply (over {MAX_JSON_DEPTH} levels)") from exc
    except ValueError as exc:  # anything else json refuses
        raise InputProblem(f"malformed JSON: {exc}") from exc
    if _brackets(body) > MAX_JSON_DEPTH and _nests_over(data):
        raise InputProblem(f"malformed JSON: nested too deeply (over {MAX_JSON_DEPTH} levels)")
    return data


def check_json_lines(body: bytes, max_records: int, name: str | None = None) -> int:
    """The number of records (non-blank lines) of a JSON Lines body or upload ``name``, after checking it.

    ``InputProblem``: 413 when there are over ``max_records`` lines; 400 when a
    line nests over ``MAX_JSON_DEPTH`` levels (ingest parses each line
    recursively and would exhaust the stack). Other malformed lines are left to
    ingest, which rejects each with its reason.
    """
    lines = [(n, ln) for n, ln in enumerate(body.split(b"\n"), start=1) if ln.strip()]
    if len(lines) > max_records:
        where = f"upload {name!r} holds" if name else "the request holds"
        raise InputProblem(f"{where} {len(lines)} articles, over the {max_records} cap on articles in one request (web.max_records)", 413)
    for number, line in lines:
        if _too_deep(line):
            where = f"{name!r}" if name else "the request"
            raise InputProblem(f"malformed JSON in {where}, line {number}: nested too deeply (over {MAX_JSON_DEPTH} levels)")
    return len(lines)


def upload_records(name: str, data: bytes, max_records: int) -> int:
    """How many articles the uploaded file ``name`` holds: its records for ``.json``/``.jsonl``, else 1.

    ``InputProblem`` naming the file: 413 when it alone is over ``max_records``,
    400 for a ``.jsonl`` line nested too deeply to parse. A ``.json`` file that
    cannot be parsed counts 1 (ingest rejects it with its reason).
    """
    kind = SUPPORTED.get(Path(name).suffix.lower())
    if kind == "jsonl":
        return check_json_lines(data, max_records, name)
    if kind != "json":
        return 1
    try:
        records = _record_list(json.loads(decode(data)))
    except (Unusable, ValueError, RecursionError):
        return 1
    if len(records) > max_records:
        raise InputProblem(
            f"upload {name!r} holds {len(records)} articles, over the {max_records} cap on articles in one request"
            " (web.max_records)",
            413,
        )
    return len(records)
