"""``watch``: fetch rounds over a list of feeds, every ``interval`` seconds, until stopped.

Each round fetches the union, in order and without repeats, of ``feeds`` (a list, or a
callable returning one: read again every round, e.g. a --feeds file) and the feeds
subscribed in the store (``store.fetchstate.subscriptions``, read again every round, so
a feed added from the web UI while ``watch`` runs is fetched in its next round).

After each round ``on_round(result)`` is called with the round's ``RoundResult`` (its
``added`` articles and ``stories`` touched): the seam for alerts and feeds pages.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Mapping, Sequence

from ..store import fetchstate
from ..store.sqlite import Store
from .run import RoundResult, fetch_round, new_fetcher

Feeds = Sequence[str] | Callable[[], Sequence[str]]


def round_feeds(store: Store, feeds: Sequence[str]) -> list[str]:
    """This round's feed URLs: ``feeds`` then the store's subscriptions, each once."""
    return list(dict.fromkeys([*(u.strip() for u in feeds if u.strip()), *fetchstate.subscriptions(store)]))


def watch(
    store: Store, feeds: Feeds, settings: Mapping[str, Mapping[str, Any]], *, interval: float, once: bool,
    stop: threading.Event | None = None, report: Callable[[str], None] | None = None,
    on_round: Callable[[RoundResult], None] | None = None,
) -> list[RoundResult]:
    stop = stop or threading.Event()
    results: list[RoundResult] = []
    listed: Sequence[str] = () if callable(feeds) else feeds
    with new_fetcher(store, settings) as fetcher:
        while True:
            if callable(feeds):
                try:
                    listed = feeds()
                except Exception as exc:  # noqa: BLE001 - an unreadable list must not stop the watch
                    if report is not None:
                        report(f"failed: the feed list could not be read again ({exc}); using the last one read")
            urls = round_feeds(store, listed)
            result = fetch_round(store, urls, settings, feeds_only=True, fetcher=fetcher, stop=stop, report=report)
            results.append(result)
            if on_round is not None:
                on_round(result)
            if once or stop.is_set() or stop.wait(interval):
                return results
