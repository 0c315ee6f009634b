"""The ingest stage: reads paths (files or folders), yields RawDoc or Rejection.

    paths ──files──> bytes ──decode──> text ──txt|md|html|json|jsonl──> RawDoc
                 └── Rejection(origin, reason) for every input that cannot be used

Folders are walked recursively in sorted order, skipping hidden names and
files of unsupported types; a file named explicitly with an unsupported type
is a Rejection. Nothing raises for one bad input: each gets one Rejection
naming the file (``path:LINE`` / ``path[i]`` for records) and the reason.

Every record, and the fields read from a txt/md/html file, passes
``validate_record`` (``validate.py``): wrong field types, invalid characters
(lone surrogates, NUL, non-characters), over-long fields and absurd dates
reject that record alone, naming the field. A JSON Lines file is judged line
by line: a bad line (a NUL byte, malformed JSON, a line over
``max_file_bytes``) rejects that line only. File names that are not valid
UTF-8 are shown (and stored) with their bad bytes escaped (``\\xff``).

Ids are stable: the file stem, the record's ``id``, or ``sha1(text)[:16]``.
A later input whose id is taken by a different text gets ``id-2``, ``id-3``...
A file byte-identical to an earlier one, or a record with the same id and
text as an earlier one, is rejected as ``duplicate of <origin>``.
Dates are normalised to ``YYYY-MM-DD`` when they parse, else kept as found.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ..model import RawDoc, Rejection
from .files import RECORD_FORMATS, SUPPORTED, Unusable, decode, file_digest, read_bytes, stream_lines, walk
from .html import parse_html
from .ids import IdRegistry, default_id
from .records import json_records, jsonl_records
from .text import parse_markdown, parse_text, split_headline
from .validate import RecordRules, validate_record

__all__ = ["read_inputs", "read_text", "validate_record", "RecordRules", "shown_path", "SUPPORTED", "split_headline"]


def read_inputs(paths: Iterable[str | Path], settings: Mapping[str, Any]) -> Iterator[RawDoc | Rejection]:
    """Every document of ``paths`` as a RawDoc, every unusable input as a Rejection.

    ``settings`` is the ``[ingest]`` section of ``config.settings()``:
    ``max_file_bytes`` caps one article file (txt, md, html);
    ``max_records_file_bytes`` caps a .json/.jsonl file of many records;
    ``max_text_chars`` caps the text of one document after extraction;
    ``html_min_words``: an HTML page with fewer words of main text has no article;
    ``max_field_chars``, ``published_min_year``, ``published_max_year``: see ``validate_record``.
    """
    run = _Run(
        int(settings["max_file_bytes"]),
        int(settings["max_records_file_bytes"]),
        RecordRules.from_settings(settings),
        int(settings["html_min_words"]),
    )
    for raw_path in paths:
        path = Path(raw_path)
        shown = shown_path(path)
        try:
            if path.is_dir():
                files: Iterable[Path] = list(walk(path))
            elif path.exists() or path.is_symlink():
                if path.suffix.lower() not in SUPPORTED:
                    kinds = ", ".join(sorted(SUPPORTED))
                    yield Rejection(shown, f"unsupported file type '{shown_path(path.suffix) or '(none)'}' (supported: {kinds})")
                    continue
                files = [path]
            else:
                yield Rejection(shown, "no such file or directory")
                continue
        except Unusable as exc:
            yield Rejection(shown, str(exc))
            continue
        except (OSError, ValueError) as exc:  # ValueError: a path holding a NUL byte
            yield Rejection(shown, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
            continue
        for file in files:
            yield from run.read_file(file)


def shown_path(path: str | Path) -> str:
    """``path`` as printable, storable text: bytes of a file name that are not UTF-8
    (decoded by Python with surrogate escapes) are shown as ``\\xNN``."""
    text = str(path)
    for errors in ("strict", "surrogateescape"):
        try:
            return text.encode("utf-8", errors).decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            continue
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def read_text(text: str, *, id: str | None = None, origin: str = "<text>", **fields: Any) -> RawDoc:
    """A RawDoc from a string (headline detection as for .txt files)."""
    title, body = split_headline(text) if "title" not in fields else (fields.pop("title"), text)
    return RawDoc(id=id or default_id(body, fields.get("url")), text=body, origin=origin, title=title, **fields)


class _Run:
    """State of one read_inputs call: caps, ids and content seen so far."""

    def __init__(self, max_file_bytes: int, max_records_bytes: int, rules: RecordRules, html_min_words: int) -> None:
        self.max_file_bytes = max_file_bytes
        self.max_records_bytes = max_records_bytes
        self.rules = rules
        self.html_min_words = html_min_words
        self.ids = IdRegistry()
        self.files_seen: dict[str, str] = {}

    def read_file(self, path: Path) -> Iterator[RawDoc | Rejection]:
        origin = shown_path(path)
        try:
            yield from self._read_file(path, origin)
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop the run
            yield Rejection(origin, f"cannot be read: {type(exc).__name__}: {shown_path(str(exc))[:200]}")

    def _read_file(self, path: Path, origin: str) -> Iterator[RawDoc | Rejection]:
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
        if records:
            yield from self._records(json_records(text, origin), fmt)
            return
        try:
            yield self._single(path, origin, fmt, text)
        except Exception as exc:  # noqa: BLE001 - a parser failing on one page must never stop the run
            yield Rejection(origin, f"cannot parse {fmt}: {type(exc).__name__}: {shown_path(str(exc))[:200]}")

    def _records(self, records: Iterable[tuple[str, Any]], fmt: str) -> Iterator[RawDoc | Rejection]:
        for where, rec in records:
            yield rec if isinstance(rec, Rejection) else self._doc(validate_record(rec, where, self.rules, fmt=fmt))

    def _read_jsonl(self, path: Path, origin: str) -> Iterator[RawDoc | Rejection]:
        """JSON Lines, streamed and judged line by line: memory stays flat however large the file."""
        try:
            digest = file_digest(path, self.max_records_bytes, "ingest.max_records_file_bytes")
            if digest in self.files_seen:
                raise Unusable(f"duplicate of {self.files_seen[digest]}")
            self.files_seen[digest] = origin
            for n, line in stream_lines(path, self.max_file_bytes):
                if line is None:
                    yield Rejection(f"{origin}:{n}", f"line is over the {self.max_file_bytes:,} bytes cap (ingest.max_file_bytes)")
                    continue
                yield from self._records(jsonl_records(line, origin, first_line=n), "jsonl")
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
        fields = {**meta, "text": body, "title": title}
        return self._doc(validate_record(fields, origin, self.rules, fmt=fmt, default_id=shown_path(path.stem)))

    def _doc(self, doc: RawDoc | Rejection) -> RawDoc | Rejection:
        """A validated document with its id made unique in this run, or a duplicate's Rejection."""
        if isinstance(doc, Rejection):
            return doc
        doc_id, dup = self.ids.assign(doc.id, doc.text, doc.origin, doc.url)
        if dup is not None:
            return Rejection(doc.origin, f"duplicate of {dup}")
        return doc if doc_id == doc.id else replace(doc, id=doc_id)
