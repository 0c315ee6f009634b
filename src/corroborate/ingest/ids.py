"""Stable, unique ids within one run.

An input keeps its natural id (file stem, or the record's ``id``; a content
hash ``sha1(text)[:16]`` for records without one). If that id was already
given to a *different* text in this run, the new one becomes ``id-2``
(then ``id-3`` ...); the same id with the same text is a duplicate.
"""

from __future__ import annotations

import hashlib


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def hash_id(text: str) -> str:
    return text_key(text)[:16]


class IdRegistry:
    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}  # id -> (text key, origin)

    def assign(self, base: str, text: str, origin: str) -> tuple[str, str | None]:
        """``(id, None)`` for a new document, or ``(id, origin_of_duplicate)``."""
        key = text_key(text)
        candidate, n = base, 1
        while candidate in self._seen:
            seen_key, seen_origin = self._seen[candidate]
            if seen_key == key:
                return candidate, seen_origin
            n += 1
            candidate = f"{base}-{n}"
        self._seen[candidate] = (key, origin)
        return candidate, None
