"""Alert state in the store (migration 0005): which rule firings happened, and which sinks took them.

Functions over an open ``Store`` (its connection and ``transaction()``), as
``fetchstate`` does, so that ``store/sqlite.py`` needs nothing but the migration file.
A firing is recorded (with one pending delivery per sink) in one transaction before
anything is sent; a delivery is marked done only after its sink took it, so a failed
webhook delivery stays pending and is retried next round, and a reopened store never
delivers a firing twice.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from .sqlite import Store


class Pending(NamedTuple):
    key: str
    sink: str
    payload: dict[str, Any]
    attempts: int


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def fired(store: Store, story_ids: Iterable[str]) -> set[str]:
    """The keys of every firing recorded for the stories ``story_ids``."""
    out: set[str] = set()
    for part in _chunks(list(dict.fromkeys(story_ids))):
        rows = store._db.execute(
            f"SELECT key FROM alert_firings WHERE story_id IN ({','.join('?' * len(part))})", part
        ).fetchall()
        out.update(r[0] for r in rows)
    return out


def record(store: Store, firings: Sequence[tuple[str, str, str, Mapping[str, Any], Sequence[str]]]) -> list[str]:
    """Record ``(key, rule, story_id, payload, sinks)`` firings, each with a pending delivery per
    sink, in one transaction; a key already recorded is left as it was. Returns the keys recorded."""
    if not firings:
        return []
    now = _now()
    done: list[str] = []
    with store.transaction() as db:
        for key, rule, story_id, payload, sinks in firings:
            cur = db.execute(
                "INSERT OR IGNORE INTO alert_firings (key, rule, story_id, payload, fired_at) VALUES (?, ?, ?, ?, ?)",
                (key, rule, story_id, json.dumps(dict(payload, fired_at=now), ensure_ascii=False), now),
            )
            if cur.rowcount:
                db.executemany("INSERT OR IGNORE INTO alert_deliveries (key, sink) VALUES (?, ?)", [(key, s) for s in sinks])
                done.append(key)
    return done


def pending(store: Store, sinks: Iterable[str] | None = None) -> list[Pending]:
    """Deliveries not yet taken (of ``sinks`` only, when given), in the order they fired."""
    rows = store._db.execute(
        "SELECT d.key, d.sink, f.payload, d.attempts FROM alert_deliveries d JOIN alert_firings f ON f.key = d.key"
        " WHERE d.delivered_at IS NULL ORDER BY f.rowid, d.sink"
    ).fetchall()
    wanted = None if sinks is None else set(sinks)
    return [Pending(k, s, json.loads(p), n) for k, s, p, n in rows if wanted is None or s in wanted]


def delivered(store: Store, key: str, sink: str) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE alert_deliveries SET delivered_at = ?, attempts = attempts + 1, last_error = NULL"
            " WHERE key = ? AND sink = ?", (_now(), key, sink),
        )


def failed(store: Store, key: str, sink: str, reason: str) -> None:
    """Count one failed attempt (the delivery stays pending)."""
    with store.transaction() as db:
        db.execute(
            "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ? WHERE key = ? AND sink = ?",
            (reason[:300], key, sink),
        )


def member_sources(store: Store, story_ids: Iterable[str]) -> dict[str, list[tuple[str | None, str | None]]]:
    """story_id -> (source, url) of each of its articles (no article text is read)."""
    out: dict[str, list[tuple[str | None, str | None]]] = {}
    for part in _chunks(list(dict.fromkeys(story_ids))):
        rows = store._db.execute(
            "SELECT m.story_id, a.source, a.url FROM story_articles m JOIN articles a ON a.id = m.article_id"
            f" WHERE m.story_id IN ({','.join('?' * len(part))}) ORDER BY a.rowid", part
        ).fetchall()
        for sid, source, url in rows:
            out.setdefault(sid, []).append((source, url))
    return out
