"""A real server for the web tests: uvicorn on 127.0.0.1 (a free port, in a thread) over a real SQLite file.

``seed_db`` is the founding examples analyzed once into a store; each server
gets its own copy. ``server(...)`` starts one and returns a ``Client``.
Skipped as a whole when the ``web`` extra is not installed.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("multipart", reason="the web extra is not installed: pip install -e '.[web]'")

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "seeds"




@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """examples/seeds analyzed into a store file (the founding story)."""
    from corroborate import pipeline
    from corroborate.store import Store

    path = tmp_path_factory.mktemp("seeddb") / "seeds.sqlite3"
    with Store(path) as store:
        result = pipeline.analyze(store, [SEEDS])
    assert len(result.stories) == 1
    return path


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: D102 - keep 3xx as replies
        return None


class Client:
    """A tiny HTTP client for one server (no redirects followed, errors returned as replies)."""

    def __init__(self, base: str, db: Path, service: Any = None):
        self.base = base
        self.db = db
        self.service = service  # the server's Service (it runs in this process)
        self._opener = urllib.request.build_opener(_NoRedirect)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float = 60) -> Reply:
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with self._opener.open(req, timeout=timeout) as r:
                return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())

    def get(self, path: str, **kw: Any) -> Reply:
        return self.request("GET", path, **kw)

    def post_json(self, path: str, data: Any, **kw: Any) -> Reply:
        headers = {"Content-Type": "application/json", **kw.pop("headers", {})}
        return self.request("POST", path, json.dumps(data).encode("utf-8"), headers=headers, **kw)


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body: (body, content type). ``files``: (field, file name, content)."""
    boundary = "----corroborate-test-boundary"
    out = b""
    for k, v in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
    for field, name, data in files:
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


@contextmanager
def running(db: Path, *, read_only: bool = False, web: dict[str, Any] | None = None) -> Iterator[Client]:
    """A uvicorn server on 127.0.0.1 (free port) over ``db``, in a thread, stopped on exit."""
    import uvicorn

    from corroborate import config
    from corroborate.web.app import LOOPBACK_HOSTS, create_app
    from corroborate.web.server import config as server_config
    from corroborate.web.service import Service

    settings = {k: dict(v) for k, v in config.settings().items()}
    settings["web"].update(web or {})
    service = Service(str(db), settings, read_only=read_only)
    app = create_app(service, allowed_hosts=LOOPBACK_HOSTS)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(server_config(app, settings["web"]))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield Client(f"http://127.0.0.1:{port}", db, service)
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()
        service.close()


@pytest.fixture
def fresh_db(seed_db, tmp_path) -> Path:
    """A private copy of the seeded store."""
    path = tmp_path / "store.sqlite3"
    shutil.copyfile(seed_db, path)
    return path


@pytest.fixture
def server(fresh_db) -> Iterator[Client]:
    with running(fresh_db) as client:
        yield client


@pytest.fixture(scope="session")
def founding_id(seed_db) -> str:
    from corroborate.store import Store

    with Store(seed_db) as store:
        (sid,) = store.story_ids()
    return sid


def seed_text(name: str = "001_667c024558ac1ee0") -> str:
    return (SEEDS / f"{name}.txt").read_text("utf-8")


def follow_up(n: int) -> dict[str, str]:
    """A new article on the founding story: a seed's body, cut and extended (a copy: it joins that story)."""
    body = seed_text().split("\n\n", 1)[1]
    paras = body.split("\n\n")
    extra = f"Officials in Kyiv said on Wednesday that follow-up interview number {n} with the two captured men had been scheduled."
    return {
        "title": f"Follow-up {n}: Ukraine questions captured Chinese nationals",
        "text": "\n\n".join(paras[: 4 + n % 3]) + "\n\n" + extra,
        "source": f"Wire {n}",
        "published": "2025-04-09",
    }


UNRELATED = [
    ("Harbor city approves new flood barrier budget",
     "The harbor city council of Port Elling approved a 48 million euro budget on Thursday for a flood barrier along the "
     "eastern docks. Mayor Ingrid Solvang said construction would begin in the spring and take three years. Engineers "
     "from the regional water board warned that rising storm surges had flooded the docks four times since 2019. "
     "Opposition councillors criticised the cost but voted for the plan after a late amendment on local hiring."),
    ("Mountain railway reopens after landslide repairs",
     "The Aldermoor mountain railway reopened on Saturday after eight months of repairs following a landslide that buried "
     "two kilometres of track. The operator said 1,200 passengers rode the first trains to the summit station. Geologists "
     "installed sensors along the slope to warn of new movement. Local hotels reported bookings up by a third since the "
     "reopening date was announced."),
    ("University library unveils restored medieval atlas",
     "The Brennick University library unveiled a restored fourteenth-century atlas on Monday after a six-year project by "
     "conservators. The atlas, donated by a merchant family in 1702, had suffered water damage during a 1953 flood. "
     "Head conservator Tomasz Wierzbicki said gold leaf on forty maps had been stabilised. The atlas will be shown to the "
     "public for three months before returning to climate-controlled storage."),
    ("Chess prodigy wins national title at fourteen",
     "Fourteen-year-old Amara Okonkwo-Lindqvist won the national chess championship in Velden on Sunday, the youngest "
     "winner in the event's ninety-year history. She beat the defending champion in a tense final game lasting six "
     "hours. Her coach said she trains four hours a day after school. The federation said the win qualifies her for the "
     "continental championship in October."),
]


def unrelated(n: int) -> dict[str, str]:
    title, text = UNRELATED[n % len(UNRELATED)]
    return {"id": f"unrelated-{n}", "title": title, "text": text + f" (Report {n}.)", "source": "Local Desk"}


def wait_for_add(client: Client, url: str, timeout: float = 60) -> dict[str, Any]:
    """Poll a queued add (``/api/adds/{id}``) until it ran; its body."""
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(url)
        assert r.status == 200, r.text
        body = r.json()
        if body["state"] in ("done", "failed"):
            return body
        assert time.monotonic() < deadline, f"the add at {url} did not run within {timeout} s: {body}"
        time.sleep(0.1)
