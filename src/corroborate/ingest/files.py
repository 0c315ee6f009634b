"""Reading input files safely: reads paths, returns decoded text or a reason.

Walks folders (sorted, hidden names skipped), reads bytes, and turns every
problem into one plain reason: missing or unreadable path, empty file,
binary content, over the size cap, undecodable bytes. Text that is not UTF-8
is decoded with the encoding charset-normalizer finds (cp1252 preferred when
it fits as well, since most non-UTF-8 news files are Western European).
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path
from typing import Iterator

from charset_normalizer import from_bytes

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
             ".xhtml": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
RECORD_FORMATS = frozenset({"json", "jsonl"})
_TEXT_CONTROL = frozenset(b"\t\n\r\f\b\x1b")


class Unusable(Exception):
    """A file that cannot be used; ``str(exc)`` is the reason in plain words."""


def human_size(n: int | float) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.3g} MB"
    if n >= 1000:
        return f"{n / 1000:.3g} KB"
    return f"{int(n)} bytes"


def walk(path: Path) -> Iterator[Path]:
    """Supported files under a folder, sorted, skipping hidden names."""
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        raise Unusable(f"cannot read folder: {_os_reason(exc)}") from exc
    for entry in entries:
        if entry.name.startswith("."):
            continue
        p = Path(entry.path)
        if entry.is_dir():
            yield from walk(p)
        elif entry.is_file() and p.suffix.lower() in SUPPORTED:
            yield p


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError) or exc.errno == errno.EACCES:
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or str(exc)


def read_bytes(path: Path, cap: int, cap_key: str) -> bytes:
    """The file's bytes, or Unusable (missing, unreadable, over the cap, empty)."""
    try:
        size = path.stat().st_size
        if size > cap:
            raise Unusable(f"file is {human_size(size)}, over the {human_size(cap)} cap ({cap_key})")
        with open(path, "rb") as fh:
            data = fh.read(cap + 1)
    except OSError as exc:
        raise Unusable(f"cannot read file: {_os_reason(exc)}") from exc
    if len(data) > cap:
        raise Unusable(f"file is over the {human_size(cap)} cap ({cap_key})")
    if not data.strip():
        raise Unusable("empty file" if not data else "empty file (only white space)")
    return data


#: Leading bytes of binary formats a records file is often mistaken for (a feed saved compressed).
MAGIC = {b"\x1f\x8b": "gzip", b"PK\x03\x04": "zip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz",
         b"\x28\xb5\x2f\xfd": "zstd", b"%PDF-": "PDF", b"SQLite format 3\x00": "SQLite"}


def binary_kind(head: bytes) -> str | None:
    """The binary format ``head`` starts like (``MAGIC``), or None."""
    return next((kind for magic, kind in MAGIC.items() if head.startswith(magic)), None)


def binary_head(head: bytes) -> str | None:
    """Why a file starting with ``head`` is binary (over 5% control bytes, NUL included), or None."""
    control = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROL)
    if control > len(head) * 0.05:
        return "binary file (mostly non-text bytes), not text"
    return None


def decode(data: bytes) -> str:
    """Text of ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, else detected."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise Unusable("cannot decode text: broken UTF-16") from exc
    head = data[:8192]
    if b"\x00" in head:
        raise Unusable("binary file (contains NUL bytes), not text")
    if (why := binary_head(head)) is not None:
        raise Unusable(why)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise Unusable("cannot decode text: not UTF-8 and no other encoding fits")
    encoding = best.encoding
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.05:
            encoding = "cp1252"
            break
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise Unusable(f"cannot decode text (guessed {encoding})") from exc
    if not text.strip():
        raise Unusable("empty file (only white space)")
    return text


def file_digest(path: Path, cap: int, cap_key: str) -> str:
    """sha1 of the file read in chunks, after the size, empty and binary checks."""
    try:
        size = path.stat().st_size
        if size > cap:
            raise Unusable(f"file is {human_size(size)}, over the {human_size(cap)} cap ({cap_key})")
        h = hashlib.sha1()
        blank = True
        with open(path, "rb") as fh:
            head = fh.read(8192)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise Unusable("UTF-16 JSON Lines are not supported; convert the file to UTF-8")
            if (kind := binary_kind(head)) is not None:  # otherwise judged line by line: a NUL rejects its line
                raise Unusable(f"binary file ({kind}), not JSON Lines: decompress or convert it first")
            chunk = head
            while chunk:
                h.update(chunk)
                blank = blank and not chunk.strip()
                chunk = fh.read(1 << 20)
    except OSError as exc:
        raise Unusable(f"cannot read file: {_os_reason(exc)}") from exc
    if blank:
        raise Unusable("empty file" if size == 0 else "empty file (only white space)")
    return h.hexdigest()


def stream_lines(path: Path, max_line_bytes: int | None = None) -> Iterator[tuple[int, str | None]]:
    """``(line number, text)`` of each line; non-UTF-8 lines decoded with the
    encoding detected on the first 64 KB of the file. A line over
    ``max_line_bytes`` is skipped unread: ``(line number, None)``."""
    fallback: str | None = None
    limit = -1 if max_line_bytes is None else max_line_bytes + 1
    with open(path, "rb") as fh:
        n = 0
        while raw := fh.readline(limit):
            n += 1
            if max_line_bytes is not None and len(raw) > max_line_bytes:
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(1 << 20)
                yield n, None
                continue
            try:
                yield n, raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                if fallback is None:
                    with open(path, "rb") as again:
                        sample = again.read(65536)
                    best = from_bytes(sample).best()
                    fallback = best.encoding if best else "cp1252"
                yield n, raw.decode(fallback, errors="replace")
