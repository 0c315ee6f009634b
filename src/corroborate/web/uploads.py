"""Upload naming: what the client sends becomes files under names *we* chose, and each
input's origin reads back as the client named it.

    client file name  --safe_filename-->  "report.html"  (shown to the client, stored as origin)
    n-th upload       --staged-------->  "<n>/report.html" under a fresh private folder
    JSON body         --staged-------->  "request.json"   (origins "request[i]")
    JSON Lines body   --staged-------->  "request.jsonl"  (origins "request:LINE")
    pasted text       --staged-------->  "pasted.jsonl"   (origin  "pasted text")

Inputs never become paths we did not choose. ``describe_origin`` turns a stored
origin back into words for the article page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Sequence

from ..ingest import split_headline
from ..ingest.files import SUPPORTED
from ..model import Rejection
from .bodies import upload_records
from .errors import InputProblem

_SAFE_NAME = re.compile(r"[^\w.-]+")


@dataclass(frozen=True, slots=True)
class Staged:
    """One input of an add: its bytes, the relative name we write it under, and its label
    (how its origins read to the client)."""

    rel: str
    data: bytes
    label: str


def safe_filename(name: str | None, fallback: str = "upload") -> str:
    """A client's file name reduced to a plain base name of word characters, dots and dashes.

    Folders (``../../etc``, ``C:\\x``) and leading dots are dropped; the result
    is only ever joined to a fresh private folder.
    """
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = _SAFE_NAME.sub("_", base).lstrip(".")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[:100] or fallback
    return f"{stem}.{suffix[:12]}" if suffix else stem


def _json_bytes(value: Any) -> bytes:
    """JSON text as ASCII: a lone surrogate from a parsed body is written as ``\\ud800``
    (valid JSON, which ingest then rejects with its reason) instead of failing to encode."""
    return json.dumps(value, ensure_ascii=True).encode("ascii")


def stage_records(records: list[Any]) -> list[Staged]:
    """Parsed JSON records (the ``.json`` input format); origins read ``request[i]``."""
    try:
        data = _json_bytes(records)
    except RecursionError as exc:  # records not from parse_json, nested too deeply to write out
        raise InputProblem("malformed JSON: nested too deeply") from exc
    return [Staged("request.json", data, "request")]


def stage_jsonl(body: bytes) -> list[Staged]:
    """A JSON Lines body; origins read ``request:LINE``."""
    return [Staged("request.jsonl", body, "request")]


def stage_text(text: str, *, title: str = "", source: str = "", url: str = "", published: str = "") -> list[Staged]:
    """One pasted article; without a title, a first line followed by a blank line is taken as one."""
    if not text.strip():
        raise InputProblem("the pasted text is empty")
    if not title.strip():
        head, body = split_headline(text)
        title, text = (head or ""), body
    record = {"text": text, "title": title.strip(), "source": source.strip(), "url": url.strip(), "published": published.strip()}
    return [Staged("pasted.jsonl", _json_bytes({k: v for k, v in record.items() if v}), "pasted text")]


def stage_files(files: Sequence[tuple[str | None, bytes]], max_records: int) -> tuple[list[Staged], list[Rejection]]:
    """Uploaded ``(client file name, bytes)``: the files to ingest, and those refused by type.

    ``InputProblem`` (413) before anything is staged when the record files hold over
    ``max_records`` articles, alone or together.
    """
    count_records(files, max_records)
    staged: list[Staged] = []
    refused: list[Rejection] = []
    for n, (client_name, data) in enumerate(files):
        shown = safe_filename(client_name)
        if Path(shown).suffix.lower() not in SUPPORTED:
            kinds = ", ".join(sorted(SUPPORTED))
            refused.append(Rejection(shown, f"unsupported file type '{Path(shown).suffix or '(none)'}' (supported: {kinds})"))
            continue
        staged.append(Staged(f"{n}/{shown}", data, shown))
    return staged, refused


def count_records(files: Sequence[tuple[str | None, bytes]], cap: int) -> int:
    """The articles in the uploaded record files (``.json``/``.jsonl``), counted before
    anything is added: ``InputProblem`` (413) naming the file(s) when over ``cap``."""
    counts: list[tuple[str, int]] = []
    for client_name, data in files:
        shown = safe_filename(client_name)
        if SUPPORTED.get(Path(shown).suffix.lower()) in ("json", "jsonl"):
            counts.append((shown, upload_records(shown, data, cap)))
    total = sum(n for _, n in counts)
    if total > cap:
        named = ", ".join(f"{name}: {n}" for name, n in counts)
        raise InputProblem(
            f"the uploaded files hold {total} articles together ({named}), over the {cap} cap on articles"
            " in one request (web.max_records)",
            413,
        )
    return total


def relabel(root: Path, staged: Sequence[Staged]):
    """origin under ``root`` -> the input as the client named it ("pasted text", "report.html", "request:3")."""
    prefix = str(root) + "/"

    def shown(origin: str) -> str:
        if origin.startswith(prefix):
            rest = origin[len(prefix):]
            for item in staged:
                if rest.startswith(item.rel):
                    return item.label + rest[len(item.rel):]
            return rest
        return origin

    return shown


def describe_origin(origin: str) -> str:
    """An article's stored ``origin`` in words: inputs added through the server are stored
    as the client named them, behind "web: " (``pipeline.ingest_paths`` ``rename``)."""
    if not origin.startswith("web: "):
        return origin
    rest = origin[len("web: "):]
    if rest.startswith("pasted text"):
        return "added through the web: pasted text"
    if rest.startswith("request:"):
        return "added through the web: POST /api/articles, line " + rest[len("request:"):]
    if rest.startswith("request"):
        return "added through the web: POST /api/articles, record " + rest[len("request"):].strip("[]")
    return "added through the web: uploaded " + rest
