"""The ingest stage: reads paths (files or folders), yields RawDoc or Rejection.

    paths ──files──> bytes ──decode──> text ──txt|md|html|json|jsonl──> RawDoc
                 └── Rejection(origin, reason) for every input that cannot be used

Folders are walked recursively in sorted order, skipping hidden names and
files of unsupported types; a file named explicitly with an unsupported type
is a Rejection. Nothing raises for one bad input: each gets one Rejection
naming the file (``path:LINE`` / ``path[i]`` for records) and the reason.

Ids are stable: the file stem, the record's ``id``, or ``sha1(text)[:16]``.
A later input whose id is taken by a different text gets ``id-2``, ``id-3``...
A file byte-identical to an earlier one, or a record with the same id and
text as an earlier one, is rejected as ``duplicate of <origin>``.
Dates are normalised to ``YYYY-MM-DD`` when they parse, else kept as found.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ..clean.dates import parse_date
from ..model import RawDoc, Rejection
from .files import RECORD_FORMATS, SUPPORTED, Unusable, decode, file_digest, read_bytes, stream_lines, walk
from .html import parse_html
from .ids import IdRegistry, hash_id
from .records import json_records, jsonl_records
from .text import parse_markdown, parse_text, split_headline

__all__ = ["read_inputs", "read_text", "SUPPORTED", "split_headline"]


def read_inputs(paths: Iterable[str | Path], settings: Mapping[str, Any]) -> Iterator[RawDoc | Rejection]:
    """Every document of ``paths`` as a RawDoc, every unusable input as a Rejection.

    ``settings`` is the ``[ingest]`` section of ``config.settings()``:
    ``max_file_bytes`` caps one article file (txt, md, html);
    ``max_records_file_bytes`` caps a .json/.jsonl file of many records;
    ``max_text_chars`` caps the text of one document after extraction;
    ``html_min_words``: an HTML page with fewer words of main text has no article.
    """
    run = _Run(
        int(settings["max_file_bytes"]),
        int(settings["max_records_file_bytes"]),
        int(settings["max_text_chars"]),
        int(settings["html_min_words"]),
    )
    for raw_path in paths:
        path = Path(raw_path)
        try:
            if path.is_dir():
                files: Iterable[Path] = list(walk(path))
            elif path.exists() or path.is_symlink():
                if path.suffix.lower() not in SUPPORTED:
                    kinds = ", ".join(sorted(SUPPORTED))
                    yield Rejection(str(path), f"unsupported file type '{path.suffix or '(none)'}' (supported: {kinds})")
                    continue
                files = [path]
            else:
                yield Rejection(str(path), "no such file or directory")
                continue
        except Unusable as exc:
            yield Rejection(str(path), str(exc))
            continue
        except OSError as exc:
            yield Rejection(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        for file in files:
            yield from run.read_file(file)


def read_text(text: str, *, id: str | None = None, origin: str = "<text>", **fields: Any) -> RawDoc:
    """A RawDoc from a string (headline detection as for .txt files)."""
    title, body = split_headline(text) if "title" not in fields else (fields.pop("title"), text)
    return RawDoc(id=id or hash_id(body), text=body, origin=origin, title=title, **fields)


class _Run:
    """State of one read_inputs call: caps, ids and content seen so far."""

    def __init__(self, max_file_bytes: int, max_records_bytes: int, max_text_chars: int, html_min_words: int) -> None:
        self.max_file_bytes = max_file_bytes
        self.max_records_bytes = max_records_bytes
        self.max_text_chars = max_text_chars
        self.html_min_words = html_min_words
        self.ids = IdRegistry()
        self.files_seen: dict[str, str] = {}

    def read_file(self, path: Path) -> Iterator[RawDoc | Rejection]:
        origin = str(path)
        fmt = SUPPORTED[path.suffix.lower()]
        records = fmt in RECORD_FORMATS
        if fmt == "jsonl":
            yield from self._read_jsonl(path, origin)
            return
        try:
            if records:
                data = read_bytes(path, self.max_records_bytes, "ingest.max_records_file_bytes")
            else:
                data = read_bytes(path, self.max_file_bytes, "ingest.max_file_bytes")
            digest = hashlib.sha1(data).hexdigest()
            if digest in self.files_seen:
                raise Unusable(f"duplicate of {self.files_seen[digest]}")
            self.files_seen[digest] = origin
            text = decode(data)
        except Unusable as exc:
            yield Rejection(origin, str(exc))
            return
        try:
            if records:
                for where, rec in json_records(text, origin):
                    if isinstance(rec, str):
                        yield Rejection(where, rec)
                    else:
                        yield self._doc(where, fmt, rec.pop("id") or hash_id(rec["text"]), rec)
            else:
                yield self._single(path, origin, fmt, text)
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop the run
            yield Rejection(origin, f"cannot parse {fmt}: {type(exc).__name__}: {exc}")

    def _read_jsonl(self, path: Path, origin: str) -> Iterator[RawDoc | Rejection]:
        """JSON Lines, streamed: memory stays flat however large the file."""
        try:
            digest = file_digest(path, self.max_records_bytes, "ingest.max_records_file_bytes")
            if digest in self.files_seen:
                raise Unusable(f"duplicate of {self.files_seen[digest]}")
            self.files_seen[digest] = origin
            for n, line in stream_lines(path):
                for where, rec in jsonl_records(line, origin, first_line=n):
                    if isinstance(rec, str):
                        yield Rejection(where, rec)
                    else:
                        yield self._doc(where, "jsonl", rec.pop("id") or hash_id(rec["text"]), rec)
        except Unusable as exc:
            yield Rejection(origin, str(exc))
        except OSError as exc:
            yield Rejection(origin, f"cannot read file: {exc.strerror or exc}")

    def _single(self, path: Path, origin: str, fmt: str, text: str) -> RawDoc | Rejection:
        meta: dict[str, Any]
        if fmt == "html":
            title, body, meta = parse_html(text)
            if len(body.split()) < self.html_min_words:
                return Rejection(origin, "no article text found in the HTML page")
        elif fmt == "md":
            title, body, meta = parse_markdown(text)
        else:
            title, body, meta = parse_text(text)
        if not body.strip():
            return Rejection(origin, "no text after the headline")
        return self._doc(origin, fmt, path.stem, {"text": body, "title": title, **meta})

    def _doc(self, origin: str, fmt: str, base_id: str, rec: dict[str, Any]) -> RawDoc | Rejection:
        text = rec["text"]
        if len(text) > self.max_text_chars:
            return Rejection(
                origin,
                f"text is {len(text):,} characters, over the {self.max_text_chars:,} cap (ingest.max_text_chars)",
            )
        doc_id, dup = self.ids.assign(str(base_id), text, origin)
        if dup is not None:
            return Rejection(origin, f"duplicate of {dup}")
        published = rec.get("published")
        return RawDoc(
            id=doc_id,
            text=text,
            origin=origin,
            title=rec.get("title") or None,
            url=rec.get("url") or None,
            source=rec.get("source") or None,
            published=(parse_date(published) or str(published)) if published else None,
            language=rec.get("language") or None,
            format=fmt,
        )

