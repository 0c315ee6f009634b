"""The guard: ASGI middleware every request passes before any view.

In order: the Host header (DNS rebinding while bound to loopback), the one read-only
refusal of every write, cross-site writes (Origin / Sec-Fetch-Site), the declared body
size, the requests in flight (``web.limit_concurrency``: 503 + Retry-After past it;
idle or half-open connections do not count, see ``server.py``), then, while the view
runs, the body cap and the body-read deadline (``web.body_timeout_s``: 408). Security
headers go on every response.
"""

from __future__ import annotations

import asyncio
import time
from typing import Callable
from urllib.parse import urlsplit

from .errors import BodyTimeout, BodyTooLarge, error_response

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
READ_ONLY_MESSAGE = "this server is read-only (started with --read-only): adding articles and feeds, pinning titles, and merging, moving or deleting, is off"


class Guard:
    """Host, read-only and origin checks, body caps and deadlines, the in-flight cap, security headers."""

    def __init__(
        self, app: Callable, *, max_body: int, allowed_hosts: frozenset[str] | None, read_only: bool,
        body_timeout: float, limit_concurrency: int, retry_after: int,
    ):
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = allowed_hosts
        self.read_only = read_only
        self.body_timeout = body_timeout
        self.limit = limit_concurrency
        self.retry_after = retry_after
        self.in_flight = 0

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        path = scope.get("path", "/")
        problem = self._refuse(scope, headers)
        if problem is None and self.in_flight >= self.limit:
            problem = (503, f"the server is answering {self.in_flight} requests; try again in a moment (web.limit_concurrency)", None)
        if problem is not None:
            await self._send_error(scope, receive, send, path, *problem)
            return
        self.in_flight += 1
        try:
            await self._run(scope, receive, send, path)
        finally:
            self.in_flight -= 1

    async def _run(self, scope: dict, receive: Callable, send: Callable, path: str) -> None:
        received = 0
        started = False
        deadline = time.monotonic() + self.body_timeout

        async def limited_receive() -> dict:
            nonlocal received
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.001))
            except asyncio.TimeoutError:
                raise BodyTimeout() from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge()
            return message

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = secure_headers(list(message.get("headers", [])), path)
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await self._send_error(scope, receive, send, path, 413, self._too_large(), None)
        except BodyTimeout:
            if not started:
                message = f"the request body was not sent within {self.body_timeout:g} s (web.body_timeout_s)"
                await self._send_error(scope, receive, send, path, 408, message, None)

    def _too_large(self) -> str:
        return f"the request body is over the {self.max_body:,}-byte cap (web.max_request_bytes)"

    def _refuse(self, scope: dict, headers: dict[str, str]) -> tuple[int, str, str | None] | None:
        host = headers.get("host", "")
        if self.allowed_hosts is not None and hostname(host) not in self.allowed_hosts:
            return 400, f"unexpected Host header {host!r}: this server answers only to {', '.join(sorted(self.allowed_hosts))}", None
        if scope.get("method", "GET") not in UNSAFE:
            return None
        if self.read_only:
            return 403, READ_ONLY_MESSAGE, "read_only"
        # browsers say where a request comes from: Sec-Fetch-Site, else Origin ("null" from a sandbox
        # or a file). Programs (curl, scripts) send neither and are let through.
        origin = headers.get("origin")
        site = headers.get("sec-fetch-site")
        foreign = origin is not None and origin != "null" and urlsplit(origin).netloc != host
        if site in ("cross-site", "same-site") or foreign or (site is None and origin == "null"):
            return 403, "cross-site request refused: a page from another origin cannot add articles here", None
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            return 413, self._too_large(), None
        return None

    async def _send_error(self, scope: dict, receive: Callable, send: Callable, path: str, status: int, message: str,
                          code: str | None) -> None:
        retry = self.retry_after if status == 503 else None
        response = error_response(path, status, message, code, read_only=self.read_only, retry_after=retry)
        response.headers["Connection"] = "close"

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = secure_headers(list(message.get("headers", [])), path)
            await send(message)

        await response(scope, receive, send_with_headers)


def hostname(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def secure_headers(raw: list[tuple[bytes, bytes]], path: str) -> list[tuple[bytes, bytes]]:
    have = {k.lower() for k, _ in raw}
    add = {
        b"x-content-type-options": b"nosniff",
        b"referrer-policy": b"same-origin",
        b"x-frame-options": b"DENY",
        b"cross-origin-opener-policy": b"same-origin",
        b"cross-origin-resource-policy": b"same-origin",
        b"content-security-policy": b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        b"cache-control": b"public, max-age=3600" if path.startswith("/static/") else b"no-cache",
    }
    return raw + [(k, v) for k, v in add.items() if k not in have]
