"""``watch``: fetch rounds over a list of feeds, every ``interval`` seconds, until stopped.

After each round ``on_round(result)`` is called with the round's ``RoundResult`` (its
``added`` articles and ``stories`` touched): the seam for alerts and feeds pages.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Mapping, Sequence

from ..store.sqlite import Store
from .http import Fetcher, FetchRules
from .run import RoundResult, fetch_round


def watch(
    store: Store, feeds: Sequence[str], settings: Mapping[str, Mapping[str, Any]], *, interval: float, once: bool,
    stop: threading.Event | None = None, report: Callable[[str], None] | None = None,
    on_round: Callable[[RoundResult], None] | None = None,
) -> list[RoundResult]:
    stop = stop or threading.Event()
    results: list[RoundResult] = []
    with Fetcher(FetchRules.from_settings(settings["fetch"])) as fetcher:
        while True:
            result = fetch_round(store, feeds, settings, feeds_only=True, fetcher=fetcher, stop=stop, report=report)
            results.append(result)
            if on_round is not None:
                on_round(result)
            if once or stop.is_set() or stop.wait(interval):
                return results
