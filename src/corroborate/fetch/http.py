"""The polite, robust HTTP client every fetch goes through (httpx).

- a User-Agent naming corroborate and its version; robots.txt read once per host and obeyed;
- per-host concurrency (a semaphore per host) and rate (a minimum gap between the starts of
  two requests to one host);
- conditional GET from remembered ETag / Last-Modified (a 304 is ``Response.not_modified``);
- timeouts; bounded retries with exponential backoff on 429 and 5xx, honouring Retry-After
  (capped); redirects followed by hand, up to a limit, a loop named as such;
- every body streamed and cut at ``max_body_bytes`` (an oversized body is a failure);
- only http(s) URLs.

Failures are ``FetchError(url, reason)``: one line naming the URL and why.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Mapping
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from .urls import host_of, http_url


class FetchError(Exception):
    """A URL that could not be fetched, with the reason in plain words."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


@dataclass(frozen=True, slots=True)
class FetchRules:
    """The ``[fetch]`` settings, read once at the edge."""

    timeout_s: float
    connect_timeout_s: float
    retries: int
    backoff_s: float
    max_retry_after_s: float
    per_host_concurrency: int
    per_host_interval_s: float
    workers: int
    max_body_bytes: int
    max_redirects: int
    user_agent: str
    robots_ttl_s: float = 86400.0

    @classmethod
    def from_settings(cls, fetch: Mapping[str, Any]) -> "FetchRules":
        return cls(
            float(fetch["timeout_s"]), float(fetch["connect_timeout_s"]), int(fetch["retries"]),
            float(fetch["backoff_s"]), float(fetch["max_retry_after_s"]), max(1, int(fetch["per_host_concurrency"])),
            float(fetch["per_host_interval_s"]), max(1, int(fetch["workers"])), int(fetch["max_body_bytes"]),
            int(fetch["max_redirects"]), str(fetch["user_agent"]).replace("{version}", __version__),
            float(fetch["robots_ttl_s"]),
        )


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class _Host:
    def __init__(self, concurrency: int):
        self.slots = threading.Semaphore(concurrency)
        self.lock = threading.Lock()  # guards next_start
        self.robots_lock = threading.Lock()
        self.next_start = 0.0
        self.robots: RobotFileParser | None = None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


class Fetcher:
    """One client for a run (thread-safe). Use as a context manager."""

    def __init__(self, rules: FetchRules, transport: httpx.BaseTransport | None = None,
                 robots: Mapping[str, tuple[str, str]] | None = None):
        """``robots``: robots.txt files read before, origin -> (rule, body) (``store.fetchstate.robots``);
        the ones this fetcher reads itself collect in ``robots_read`` for the caller to keep."""
        self.rules = rules
        self._known_robots = dict(robots or {})
        self.robots_read: dict[str, tuple[str, str]] = {}
        timeout = httpx.Timeout(rules.timeout_s, connect=rules.connect_timeout_s)
        self._client = httpx.Client(
            timeout=timeout, follow_redirects=False, headers={"User-Agent": rules.user_agent},
            limits=httpx.Limits(max_connections=rules.workers * 2 + 4), transport=transport,
        )
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self.requests = 0  # made, robots.txt included

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host(self, url: str) -> _Host:
        key = host_of(url)
        with self._lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(self.rules.per_host_concurrency)
            return self._hosts[key]

    # -- robots.txt ---------------------------------------------------------
    def allowed(self, url: str) -> bool:
        host = self._host(url)
        with host.robots_lock:
            if host.robots is None:
                host.robots = self._read_robots(url)
        return host.robots.can_fetch(self.rules.user_agent, url)

    def _read_robots(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser = RobotFileParser(origin + "/robots.txt")
        if origin in self._known_robots:
            rule, body = self._known_robots[origin]
        else:
            rule, body = self._fetch_robots(origin)
            with self._lock:
                self.robots_read[origin] = (rule, body)
        if rule == "disallow_all":
            parser.disallow_all = True
        elif rule == "allow_all":
            parser.allow_all = True
        else:
            parser.parse(body.splitlines())
        return parser

    def _fetch_robots(self, origin: str) -> tuple[str, str]:
        try:
            resp = self._get(origin + "/robots.txt", {}, retries=0)
        except FetchError:
            return "parsed", ""  # unreachable robots.txt: nothing forbidden (as urllib's own read)
        if resp.status in (401, 403):
            return "disallow_all", ""
        if resp.status >= 400:
            return "allow_all", ""
        return "parsed", resp.body.decode("utf-8", "replace")

    # -- GET ------------------------------------------------------------------
    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` politely; a 304 is returned, any other status >= 400 raises ``FetchError``."""
        if not http_url(url):
            raise FetchError(url, "not an http(s) URL")
        if not self.allowed(url):
            raise FetchError(url, "disallowed by robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        resp = self._get(url, headers, retries=self.rules.retries)
        if resp.status >= 400:
            raise FetchError(url, f"HTTP {resp.status}")
        return resp

    def _get(self, url: str, headers: dict[str, str], retries: int) -> Response:
        seen = [url]
        current = url
        while True:
            resp = self._with_retries(current, headers, retries, origin=url)
            if resp.status in (301, 302, 303, 307, 308) and "location" in resp.headers:
                target = urljoin(current, resp.headers["location"])
                if target in seen:
                    raise FetchError(url, f"redirect loop ({' -> '.join(seen[-3:] + [target])})")
                if len(seen) > self.rules.max_redirects:
                    raise FetchError(url, f"more than {self.rules.max_redirects} redirects")
                if not http_url(target):
                    raise FetchError(url, f"redirected to a non-http(s) URL {target[:100]}")
                seen.append(target)
                current = target
                continue
            return resp

    def _with_retries(self, url: str, headers: dict[str, str], retries: int, origin: str) -> Response:
        attempt = 0
        while True:
            resp = self._once(url, headers, origin)
            if (resp.status == 429 or resp.status >= 500) and attempt < retries:
                wait = _retry_after(resp.headers.get("retry-after"))
                if wait is None:
                    wait = self.rules.backoff_s * (2**attempt)
                if wait > self.rules.max_retry_after_s:
                    raise FetchError(origin, f"HTTP {resp.status}, Retry-After {wait:.0f} s is over the"
                                     f" {self.rules.max_retry_after_s:g} s allowed")
                time.sleep(wait)
                attempt += 1
                continue
            return resp

    def _once(self, url: str, headers: dict[str, str], origin: str) -> Response:
        host = self._host(url)
        with host.slots:
            with host.lock:
                now = time.monotonic()
                start = max(now, host.next_start)
                host.next_start = start + self.rules.per_host_interval_s
            if start > now:
                time.sleep(start - now)
            with self._lock:
                self.requests += 1
            try:
                with self._client.stream("GET", url, headers=headers) as r:
                    declared = r.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.rules.max_body_bytes:
                        raise FetchError(origin, f"body of {int(declared):,} bytes is over the {self.rules.max_body_bytes:,}-byte cap")
                    chunks, size = [], 0
                    for chunk in r.iter_bytes():
                        size += len(chunk)
                        if size > self.rules.max_body_bytes:
                            raise FetchError(origin, f"body over the {self.rules.max_body_bytes:,}-byte cap (cut there)")
                        chunks.append(chunk)
                    return Response(str(r.url), r.status_code, {k.lower(): v for k, v in r.headers.items()}, b"".join(chunks))
            except httpx.TimeoutException as exc:
                raise FetchError(origin, f"timed out ({type(exc).__name__}, limit {self.rules.timeout_s:g} s)") from exc
            except httpx.ConnectError as exc:
                raise FetchError(origin, f"cannot connect: {str(exc)[:200] or 'connection failed'}") from exc
            except httpx.HTTPError as exc:
                raise FetchError(origin, f"{type(exc).__name__}: {str(exc)[:200]}") from exc
