"""Fixtures for the alerts tests: the loopback feed server of tests/fetch (imported, not
moved) and a webhook receiver, both on 127.0.0.1 only."""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fetch"))
import fetchserver  # noqa: E402


class Receiver:
    """A webhook receiver on 127.0.0.1: answers each POST with the next status of ``script``
    (then 200), after ``delay`` seconds; ``posts`` holds every request's JSON body and time."""

    def __init__(self):
        self.script: list[int] = []
        self.delay = 0.0
        self.posts: list[dict] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with outer._lock:
                    status = outer.script.pop(0) if outer.script else 200
                    outer.posts.append({"t": time.monotonic(), "status": status, "path": self.path,
                                        "ctype": self.headers.get("Content-Type"), "body": json.loads(body or b"null")})
                if outer.delay:
                    time.sleep(outer.delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def delivered(self) -> list[dict]:
        """Bodies of the POSTs answered 2xx."""
        return [p["body"] for p in self.posts if p["status"] < 300]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = fetchserver.Server()
    yield s
    s.close()


@pytest.fixture
def hook():
    r = Receiver()
    yield r
    r.close()
