"""Fetch state in the store: seen URLs and each feed's validators (migration 0004), and
the feeds subscribed from the web UI or the library (migration 0006).

Functions over an open ``Store`` (its connection and ``transaction()``), so that
``store/sqlite.py`` needs nothing but the migration file. Every write runs in a
transaction; the caller writes a URL as seen only after its article is committed.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, NamedTuple

from .sqlite import Store


MAX_FEED_URL = 2000  # characters; longer is refused (no feed URL we saw came near it)


class FeedState(NamedTuple):
    url: str
    etag: str | None
    last_modified: str | None
    last_fetch: str | None  # None: subscribed, not fetched yet
    last_status: str | None
    n_articles: int
    subscribed: bool = False  # in ``feed_subscriptions`` (else only fetched: a --feeds file's or ``fetch``'s)
    subscribed_at: str | None = None


class BadFeedURL(ValueError):
    """A feed URL that cannot be subscribed; ``str(exc)`` names it and says why."""


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
    """Every feed fetched so far and every subscribed one (fetched or not), by URL (the feeds page)."""
    rows = store._db.execute(
        "SELECT f.url, f.etag, f.last_modified, f.last_fetch, f.last_status, f.n_articles,"
        " s.url IS NOT NULL, s.added_at FROM fetch_feeds f LEFT JOIN feed_subscriptions s ON s.url = f.url"
        " UNION ALL"
        " SELECT s.url, NULL, NULL, NULL, NULL, 0, 1, s.added_at FROM feed_subscriptions s"
        " WHERE s.url NOT IN (SELECT url FROM fetch_feeds)"
        " ORDER BY 1"
    ).fetchall()
    return [FeedState(*r[:6], bool(r[6]), r[7]) for r in rows]


# -- subscriptions (migration 0006) ---------------------------------------------
def check_feed_url(url: object) -> str:
    """``url`` stripped, when it can be subscribed: an absolute http(s) URL with a host, at most
    ``MAX_FEED_URL`` characters, no spaces or control characters; else ``BadFeedURL`` saying why."""
    from urllib.parse import urlsplit

    if not isinstance(url, str):
        raise BadFeedURL(f"feed URL must be a string, not {type(url).__name__}")
    url = url.strip()
    shown = repr(url[:80] + ("…" if len(url) > 80 else ""))
    if not url:
        raise BadFeedURL("feed URL is empty")
    if len(url) > MAX_FEED_URL:
        raise BadFeedURL(f"feed URL {shown} is {len(url):,} characters long; at most {MAX_FEED_URL:,} are accepted")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise BadFeedURL(f"feed URL {shown} holds a space or control character")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError as exc:
        raise BadFeedURL(f"feed URL {shown} cannot be read ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"{parts.scheme}:" if parts.scheme else "no scheme"
        raise BadFeedURL(f"feed URL {shown} is not http(s) ({scheme}); only http:// and https:// feeds are fetched")
    if not host:
        raise BadFeedURL(f"feed URL {shown} names no host")
    return url


def subscribe(store: Store, url: str, *, by: str = "web") -> tuple[str, bool]:
    """Subscribe to feed ``url`` (checked by ``check_feed_url``): ``(url as stored, whether it is new)``.
    ``corroborate watch`` fetches it from its next round on."""
    url = check_feed_url(url)
    with store.transaction() as db:
        cur = db.execute("INSERT OR IGNORE INTO feed_subscriptions (url, added_at, added_by) VALUES (?, ?, ?)",
                         (url, _now(), by))
        return url, cur.rowcount == 1


def unsubscribe(store: Store, url: str) -> bool:
    """Drop the subscription to ``url`` (its fetch state stays); whether there was one."""
    with store.transaction() as db:
        return db.execute("DELETE FROM feed_subscriptions WHERE url = ?", (url.strip(),)).rowcount == 1


def subscriptions(store: Store) -> list[str]:
    """The subscribed feed URLs, oldest subscription first."""
    return [r[0] for r in store._db.execute("SELECT url FROM feed_subscriptions ORDER BY rowid")]


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


def robots(store: Store, max_age_s: float) -> dict[str, tuple[str, str]]:
    """The robots.txt read per origin within ``max_age_s`` seconds: origin -> (rule, body)."""
    if max_age_s <= 0:
        return {}
    since = datetime.fromtimestamp(datetime.now(timezone.utc).timestamp() - max_age_s, timezone.utc)
    rows = store._db.execute(
        "SELECT origin, rule, body FROM fetch_robots WHERE fetched_at >= ?", (since.isoformat(timespec="seconds"),)
    ).fetchall()
    return {o: (r, b) for o, r, b in rows}


def put_robots(store: Store, read: dict[str, tuple[str, str]]) -> None:
    """Record the robots.txt files read this round (origin -> (rule, body))."""
    if not read:
        return
    with store.transaction() as db:
        db.executemany(
            "INSERT OR REPLACE INTO fetch_robots (origin, rule, body, fetched_at) VALUES (?, ?, ?, ?)",
            [(o, r, b, _now()) for o, (r, b) in read.items()],
        )
