"""Where firings go: a small registry of sinks (``SINKS``), each taking one payload at a time.

    webhook   JSON POST to an http(s) URL (httpx, the `feeds` extra), retried on a connection
              error, a timeout, 429 or 5xx, ``[alerts] webhook_retries`` times, waiting
              ``webhook_backoff_s * 2^attempt``; ``webhook_timeout_s`` per request
    jsonl     one JSON object a line, appended to a file (made if missing)
    stdout    one line a firing on standard output

A sink raises ``DeliveryError`` (with the reason in words) when it could not take a
payload; ``alerts.run`` leaves that delivery pending for the next round. ``check``
validates the value a rules file gives a sink (``alerts.rules`` calls it).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol
from urllib.parse import urlsplit


class DeliveryError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Sink(Protocol):
    name: str
    target: str  # what a message names: the URL, the file, "standard output"

    def send(self, payload: Mapping[str, Any]) -> None: ...

    def close(self) -> None: ...


class Webhook:
    name = "webhook"

    @staticmethod
    def check(value: Any, base: Path) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("must be an http(s) URL")
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value.strip()

    def __init__(self, url: str, settings: Mapping[str, Any], out: Callable[[str], None]):
        try:
            import httpx
        except ImportError as exc:  # pragma: no cover - declared in the feeds extra
            from ..errors import MissingExtra

            raise MissingExtra("feeds", "httpx") from exc
        from .. import __version__

        self.target = url
        self.retries = int(settings["webhook_retries"])
        self.backoff = float(settings["webhook_backoff_s"])
        self._httpx = httpx
        self._client = httpx.Client(
            timeout=float(settings["webhook_timeout_s"]), follow_redirects=False,
            headers={"User-Agent": f"corroborate/{__version__} (alerts)"},
        )

    def send(self, payload: Mapping[str, Any]) -> None:
        reason, attempts = "", 0
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            attempts += 1
            try:
                resp = self._client.post(self.target, json=dict(payload))
            except self._httpx.TimeoutException:
                reason = "timed out"
                continue
            except self._httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {str(exc)[:200] or 'connection failed'}"
                continue
            if resp.status_code < 300:
                return
            reason = f"HTTP {resp.status_code}"
            if resp.status_code != 429 and resp.status_code < 500:
                break  # the receiver refuses it (or redirects): no use retrying now
        raise DeliveryError(reason + (f" (after {attempts} attempts)" if attempts > 1 else ""))

    def close(self) -> None:
        self._client.close()


class JsonLines:
    name = "jsonl"

    @staticmethod
    def check(value: Any, base: Path) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("must be a file path")
        path = Path(value.strip()).expanduser()
        return str(path if path.is_absolute() else base / path)

    def __init__(self, path: str, settings: Mapping[str, Any], out: Callable[[str], None]):
        self.target = path

    def send(self, payload: Mapping[str, Any]) -> None:
        try:
            with open(self.target, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(dict(payload), ensure_ascii=False) + "\n")
        except OSError as exc:
            raise DeliveryError(f"cannot append: {exc.strerror or exc}") from exc

    def close(self) -> None:
        pass


class Stdout:
    name = "stdout"

    @staticmethod
    def check(value: Any, base: Path) -> bool:
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value

    def __init__(self, on: bool, settings: Mapping[str, Any], out: Callable[[str], None]):
        self.target = "standard output"
        self._out = out

    def send(self, payload: Mapping[str, Any]) -> None:
        self._out(f"alert: {payload['rule']}: {payload['story']} {payload['message']} ({payload['title']})")

    def close(self) -> None:
        pass


SINKS: dict[str, type] = {"webhook": Webhook, "jsonl": JsonLines, "stdout": Stdout}
