"""uvicorn, bounded: slow or half-open clients time out and cannot starve others.

uvicorn times out an idle keep-alive connection, but not one that opened and
never finished its request head (it waits forever), and its ``limit_concurrency``
counts *connections*, so 130 half-open sockets made it answer 503 to everyone.
Here:

- ``BoundedH11Protocol`` gives every request head a deadline
  (``web.header_timeout_s``, from its first byte, or from the connection's opening)
  and closes a connection that misses it; past ``web.max_connections`` open
  connections, a new one closes the oldest connection that is not in a request;
- the requests in flight are capped by ``guard.Guard`` (``web.limit_concurrency``),
  which also puts a deadline on reading the body (``web.body_timeout_s``);
- h11 refuses a request head over ``web.max_header_bytes``.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Mapping

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol


def protocol(header_timeout: float, max_connections: int) -> type[H11Protocol]:
    """An ``H11Protocol`` class with a request-head deadline and an open-connection cap."""

    class BoundedH11Protocol(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None
        _opened: float = 0.0

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._opened = time.monotonic()
            self._arm()
            if len(self.connections) > max_connections:
                self._evict()

        def data_received(self, data: bytes) -> None:
            if self._head_timer is None and self.conn.their_state is h11.IDLE:
                self._arm()  # the head of a next request on a kept-alive connection
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(header_timeout, self._head_timeout)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timeout(self) -> None:
            self._head_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

        def _idle(self) -> bool:
            return (
                not self.transport.is_closing()
                and self.conn.their_state is h11.IDLE
                and (self.cycle is None or self.cycle.response_complete)
            )

        def _evict(self) -> None:
            idle = [c for c in self.connections if c is not self and isinstance(c, BoundedH11Protocol) and c._idle()]
            if idle:
                oldest = min(idle, key=lambda c: c._opened)
                oldest.transport.close()
            else:  # every other connection is in a request: refuse this one
                self.transport.close()

    return BoundedH11Protocol


def config(app: Any, web: Mapping[str, Any], **kw: Any) -> uvicorn.Config:
    """The uvicorn configuration for ``app`` under the ``[web]`` settings (``kw``: more uvicorn options)."""
    return uvicorn.Config(
        app,
        http=protocol(float(web["header_timeout_s"]), int(web["max_connections"])),
        log_level="warning",
        access_log=False,
        limit_concurrency=None,  # counted per request in flight by guard.Guard, not per connection
        timeout_keep_alive=int(web["keep_alive_s"]),
        h11_max_incomplete_event_size=int(web["max_header_bytes"]),
        **kw,
    )
