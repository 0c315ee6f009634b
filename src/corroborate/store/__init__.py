"""Persistence behind one small interface: ``StoreLike`` (``base.py``); SQLite
(``sqlite.Store``) is the default backend. ``open_store`` picks the backend from the
location it is given.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from ..errors import StoreError
from .base import StoreLike
from .sqlite import Store, StorySummary

Opener = Callable[..., StoreLike]  # (location without the "scheme://", **options) -> an open store

# URL scheme -> how to open a store of that kind. Another backend adds one entry
# (and may claim file suffixes in SUFFIXES); ``open_store`` does the rest.
BACKENDS: dict[str, Opener] = {"sqlite": Store}
# file suffix of a plain path -> scheme; a plain path with any other suffix is SQLite
SUFFIXES: dict[str, str] = {".sqlite3": "sqlite", ".sqlite": "sqlite", ".db": "sqlite"}
DEFAULT_SCHEME = "sqlite"

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", re.S)


def open_store(location: str | Path, **options: Any) -> StoreLike:
    """Open the store at ``location``: ``scheme://rest`` picks the backend of ``BACKENDS``
    and hands it ``rest`` (``sqlite:///abs/file.sqlite3`` is the absolute path
    ``/abs/file.sqlite3``, ``sqlite://rel.sqlite3`` a relative one, ``sqlite://:memory:``
    an in-memory store); a plain path is opened by the backend its suffix names in
    ``SUFFIXES``, else SQLite. ``options`` go to the backend (SQLite: ``read_only``,
    ``lock_wait``). An unknown scheme is a ``StoreError`` naming it and the known ones.
    """
    text = str(location)
    m = _URL.match(text)
    if m:
        scheme, rest = m.group(1).lower(), m.group(2)
        if scheme not in BACKENDS:
            known = ", ".join(f"{s}://" for s in sorted(BACKENDS))
            raise StoreError(f"{text}: no store backend for {scheme}:// (known: {known}, or a plain file path)")
        if not rest:
            raise StoreError(f"{text}: no location after {scheme}://")
        return BACKENDS[scheme](rest, **options)
    scheme = SUFFIXES.get(Path(text).suffix.lower(), DEFAULT_SCHEME)
    return BACKENDS[scheme](text, **options)


__all__ = ["BACKENDS", "DEFAULT_SCHEME", "SUFFIXES", "Store", "StoreLike", "StorySummary", "open_store"]
