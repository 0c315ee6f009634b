"""Fetch state in the store (migration 0004): seen URLs and each feed's validators.

Functions over an open ``Store`` (its connection and ``transaction()``), so that
``store/sqlite.py`` needs nothing but the migration file. Every write runs in a
transaction; the caller writes a URL as seen only after its article is committed.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, NamedTuple

from .sqlite import Store


class FeedState(NamedTuple):
    url: str
    etag: str | None
    last_modified: str | None
    last_fetch: str | None
    last_status: str | None
    n_articles: int


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def seen(store: Store, urls: Iterable[str]) -> set[str]:
    """The canonical URLs among ``urls`` already fetched."""
    urls = list(dict.fromkeys(urls))
    out: set[str] = set()
    for i in range(0, len(urls), 500):
        part = urls[i : i + 500]
        rows = store._db.execute(
            f"SELECT url FROM fetch_seen WHERE url IN ({','.join('?' * len(part))})", part
        ).fetchall()
        out.update(r[0] for r in rows)
    return out


def mark_seen(store: Store, entries: Iterable[tuple[str, str | None, str]]) -> None:
    """Record ``(canonical url, article id or None, outcome)`` triples as fetched."""
    rows = [(u, a, o, _now()) for u, a, o in entries]
    if not rows:
        return
    with store.transaction() as db:
        db.executemany("INSERT OR REPLACE INTO fetch_seen (url, article_id, outcome, seen_at) VALUES (?, ?, ?, ?)", rows)


def feed_state(store: Store, url: str) -> FeedState | None:
    row = store._db.execute(
        "SELECT url, etag, last_modified, last_fetch, last_status, n_articles FROM fetch_feeds WHERE url = ?", (url,)
    ).fetchone()
    return FeedState(*row) if row else None


def feeds(store: Store) -> list[FeedState]:
    """Every feed fetched so far (the seam for a feeds page)."""
    rows = store._db.execute(
        "SELECT url, etag, last_modified, last_fetch, last_status, n_articles FROM fetch_feeds ORDER BY url"
    ).fetchall()
    return [FeedState(*r) for r in rows]


def put_feed(
    store: Store, url: str, *, status: str, etag: str | None = None, last_modified: str | None = None,
    new_articles: int = 0, keep_validators: bool = False,
) -> None:
    """Record one fetch of feed ``url``: its validators (kept as they were when
    ``keep_validators``: a 304 or a failure), status, and add ``new_articles`` to its count."""
    with store.transaction() as db:
        old = feed_state(store, url)
        if keep_validators and old is not None:
            etag, last_modified = old.etag, old.last_modified
        count = (old.n_articles if old else 0) + new_articles
        db.execute(
            "INSERT OR REPLACE INTO fetch_feeds (url, etag, last_modified, last_fetch, last_status, n_articles)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (url, etag, last_modified, _now(), status, count),
        )
