"""A real HTTP server on 127.0.0.1 for the fetch tests (never any other address): routes
are set per test, every request is logged, and in-flight requests per host are counted."""

from __future__ import annotations

import html
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

SHARED = (Path(__file__).resolve().parents[2].parent / "shared" / "data").resolve()


def shared_articles(n: int) -> list[dict]:
    """The first ``n`` NewsWCL50 records, read at test time (never copied into the repo)."""
    out = []
    with (SHARED / "newswcl50" / "events-0-6.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if len(out) == n:
                break
    return out


def page(rec: dict, canonical: str | None = None) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    title = html.escape(rec.get("title") or rec["text"][:60])
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>{link}"
            f"<meta property='og:site_name' content='Outlet {html.escape(str(rec['id']))}'></head><body>"
            f"<article><h1>{title}</h1>{paras}</article></body></html>").encode()


def rss(base: str, items: list[tuple[str, str]], pub_date: str = "Mon, 16 Apr 2018 10:00:00 GMT",
        title: str = "Test RSS") -> bytes:
    body = "".join(f"<item><title>{html.escape(t)}</title><link>{base}{p}</link>"
                   f"<pubDate>{pub_date}</pubDate></item>" for p, t in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{html.escape(title)}</title><link>{base}/</link>'
            f"<description>t</description>{body}</channel></rss>").encode()


def atom(base: str, items: list[tuple[str, str]]) -> bytes:
    body = "".join(f'<entry><title>{html.escape(t)}</title><link href="{base}{p}"/><id>{base}{p}</id>'
                   f"<updated>2018-04-16T10:00:00Z</updated></entry>" for p, t in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Test Atom</title>'
            f"<id>{base}/atom</id><updated>2018-04-16T10:00:00Z</updated>{body}</feed>").encode()


def sitemap(base: str, paths: list[str]) -> bytes:
    body = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'.encode()


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    ctype: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    script: list[tuple[int, dict]] | None = None  # statuses served first, one per request
    stream_bytes: int = 0  # serve this many bytes of "a" (a huge body)


class Server:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.log: list[dict] = []
        self.inflight = 0
        self.max_inflight = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):
                with outer._lock:
                    outer.inflight += 1
                    outer.max_inflight = max(outer.max_inflight, outer.inflight)
                    outer.log.append({"path": self.path, "headers": dict(self.headers), "t": time.monotonic()})
                try:
                    outer._serve(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with outer._lock:
                        outer.inflight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def requests(self, path: str) -> list[dict]:
        return [r for r in self.log if r["path"] == path]

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(h.path) or self.routes.get(h.path.split("?")[0])
        if route is None:
            return self._send(h, 404, b"not found", "text/plain", {})
        if route.delay:
            time.sleep(route.delay)
        if route.script:
            status, headers = route.script.pop(0)
            return self._send(h, status, b"try later", "text/plain", headers)
        if route.etag and h.headers.get("If-None-Match") == route.etag:
            return self._send(h, 304, b"", route.ctype, {"ETag": route.etag})
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        if route.stream_bytes:
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(route.stream_bytes)) if False else None
            h.send_header("Connection", "close")
            h.end_headers()
            chunk = b"a" * 65536
            sent = 0
            while sent < route.stream_bytes:
                h.wfile.write(chunk)
                sent += len(chunk)
            return
        self._send(h, route.status, route.body, route.ctype, headers)

    @staticmethod
    def _send(h, status: int, body: bytes, ctype: str, headers: dict) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        if status != 304:
            h.wfile.write(body)
