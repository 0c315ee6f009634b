"""Issue 15 on a real server over loopback: one bad record never costs the others, a store
held by another process queues adds (202), and slow or half-open clients cannot starve others."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest

from corroborate.store import Store

from .conftest import multipart, running, unrelated, wait_for_add

# the hostile records: each must be named with its reason while the good ones are stored
BAD = [
    ({"text": "A lone surrogate \ud800 in the text."}, "lone surrogate"),
    ({"text": "Fine text.", "title": "\ud800"}, "field 'title'"),
    ({"text": "A NUL \x00 in the text."}, "NUL"),
    ({"text": 12345}, "expected a string"),
    ({"text": "Dated in year one.", "published": "0001-01-01"}, "year 1"),
    ({"text": "Dated in year 9999.", "published": "9999-12-31"}, "year 9999"),
    ({"text": "Offset out of range.", "published": "2024-01-01T10:00:00+99:00"}, "UTC offset"),
    ({"text": "A number for the source.", "source": 7}, "field 'source'"),
]


def _json_body(records: list) -> bytes:
    # ensure_ascii: a lone surrogate travels as the escape "\ud800" (valid JSON), as a client would send it
    return json.dumps(records, ensure_ascii=True).encode()


def test_one_bad_record_among_good_ones_is_named_and_the_good_ones_are_stored(server):
    records = [unrelated(0)] + [rec for rec, _ in BAD] + [unrelated(1)]
    r = server.request("POST", "/api/articles", _json_body(records), headers={"Content-Type": "application/json"})
    assert r.status == 201, r.text
    out = r.json()
    assert sorted(out["added"]) == ["unrelated-0", "unrelated-1"]
    assert [x["origin"] for x in out["rejected"]] == [f"request[{i}]" for i in range(1, len(BAD) + 1)]
    for got, (_, words) in zip(out["rejected"], BAD):
        assert words in got["reason"], (got, words)
    with Store(server.db) as store:
        assert {"unrelated-0", "unrelated-1"} <= {a.id for a in store.articles()}
        assert store.pending_ids() == []


def test_only_bad_records_are_a_422_naming_each(server):
    body = "\n".join(json.dumps(rec, ensure_ascii=True) for rec, _ in BAD).encode()
    r = server.request("POST", "/api/articles", body, headers={"Content-Type": "application/x-ndjson"})
    assert r.status == 422, r.text
    rejected = r.json()["error"]["rejected"]
    assert [x["origin"] for x in rejected] == [f"request:{n}" for n in range(1, len(BAD) + 1)]


def test_the_forms_name_bad_uploads_and_pasted_text_too(server):
    lines = [json.dumps(unrelated(2)), json.dumps(BAD[0][0], ensure_ascii=True), json.dumps(BAD[4][0])]
    body, ctype = multipart({}, [("files", "mixed.jsonl", "\n".join(lines).encode())])
    r = server.request("POST", "/api/articles", body, headers={"Content-Type": ctype})
    assert r.status == 201, r.text
    assert r.json()["added"] == ["unrelated-2"]
    assert [x["origin"] for x in r.json()["rejected"]] == ["mixed.jsonl:2", "mixed.jsonl:3"]
    # the page form: a NUL in the pasted text is named on the result page, not a server error
    body, ctype = multipart({"text": "Headline\n\nA pasted text with a NUL \x00 in it."}, [])
    page = server.request("POST", "/add", body, headers={"Content-Type": ctype})
    assert page.status == 422 and "NUL" in page.text and "pasted text" in page.text
    page = server.request("POST", "/add", f"text=x&published=0001-01-01".encode(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert page.status == 422 and "year 1" in page.text


# -- a store held by another process ---------------------------------------------------
HOLDER = (
    "import sqlite3, sys\n"
    "db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)\n"
    "db.execute('BEGIN IMMEDIATE')\n"
    "print('locked', flush=True)\n"
    "sys.stdin.readline()\n"
    "db.execute('COMMIT')\n"
)


def _hold_write_lock(db) -> subprocess.Popen:
    """A second process holding the store's write lock (as a long ``analyze`` does) until told."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def _release(proc: subprocess.Popen) -> None:
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=30)


QUICK = {"write_lock_wait_s": 0.5, "write_retry_s": 0.1}


def test_adds_queue_while_another_process_holds_the_write_lock_and_drain_after(fresh_db, founding_id):
    with running(fresh_db, web=QUICK) as client:
        holder = _hold_write_lock(fresh_db)
        try:
            t0 = time.monotonic()
            first = client.post_json("/api/articles", unrelated(0))
            assert first.status == 202, first.text
            assert time.monotonic() - t0 < 10  # not the 30 s wait that failed before
            second = client.post_json("/api/articles", unrelated(1))  # the writer is blocked: 202 at once
            assert second.status == 202, second.text
            assert first.headers["location"] != second.headers["location"]
            state = client.get(second.headers["location"]).json()
            assert state["state"] in ("queued", "waiting") and state["result"] is None
            assert client.get("/api/stories").json()["total"] == 1  # reads go on meanwhile
            page = client.request("POST", "/add", b"text=" + b"Pasted while busy. " * 5,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert page.status == 202 and "/adds/add-" in page.text
        finally:
            _release(holder)
        one = wait_for_add(client, first.headers["location"])
        two = wait_for_add(client, second.headers["location"])
        assert (one["status"], one["result"]["added"]) == (201, ["unrelated-0"])
        assert (two["status"], two["result"]["added"]) == (201, ["unrelated-1"])
        assert client.get("/api/stories").json()["total"] >= 2
    with Store(fresh_db) as store:
        assert store.pending_ids() == []
        assert {"unrelated-0", "unrelated-1"} <= set(store.membership())


@pytest.mark.parametrize("cap", [{"max_pending_writes": 1}, {"max_pending_bytes": 1000}])
def test_a_full_queue_is_a_503_with_retry_after(fresh_db, cap):
    with running(fresh_db, web=QUICK | cap | {"retry_after_s": 3}) as client:
        holder = _hold_write_lock(fresh_db)
        try:
            assert client.post_json("/api/articles", unrelated(0)).status == 202
            r = client.post_json("/api/articles", unrelated(1))
            assert r.status == 503 and r.headers["retry-after"] == "3", r.text
            assert next(iter(cap)) in r.json()["error"]["message"]
        finally:
            _release(holder)


def test_an_unknown_add_is_a_404_and_only_the_last_results_are_kept(fresh_db):
    with running(fresh_db, web={"kept_adds": 1}) as client:
        r = client.get("/api/adds/add-0000")
        assert r.status == 404 and r.json()["error"]["code"] == "not_found"
        assert client.post_json("/api/articles", unrelated(0)).status == 201
        assert client.post_json("/api/articles", unrelated(1)).status == 201
        assert len(client.service.writer.kept_ids()) == 1  # the first add's result was let go


# -- slow and half-open clients ----------------------------------------------------------
def _port(client) -> int:
    return int(client.base.rsplit(":", 1)[1])


def _half_open(port: int, n: int) -> list[socket.socket]:
    """``n`` connections that send the start of a request head and never finish it."""
    out = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        out.append(s)
    return out


def _closed_by_server(s: socket.socket) -> bool:
    try:
        return s.recv(1024) == b""
    except ConnectionResetError:  # closed before it read what we sent
        return True
    except socket.timeout:
        return False


def test_half_open_connections_starve_no_one_and_time_out(fresh_db):
    with running(fresh_db, web={"header_timeout_s": 1.5}) as client:
        socks = _half_open(_port(client), 150)  # over the 128 that made serve answer 503 to everyone
        try:
            t0 = time.monotonic()
            r = client.get("/api/stories", timeout=10)
            assert r.status == 200 and time.monotonic() - t0 < 1.5, r.status
            time.sleep(2.0)
            assert all(_closed_by_server(s) for s in socks)  # the head deadline closed each
        finally:
            for s in socks:
                s.close()


def test_past_the_connection_cap_the_oldest_idle_connection_makes_room(fresh_db):
    with running(fresh_db, web={"max_connections": 20, "header_timeout_s": 60}) as client:
        socks = _half_open(_port(client), 30)
        try:
            assert client.get("/api/stories", timeout=10).status == 200
            assert _closed_by_server(socks[0])
        finally:
            for s in socks:
                s.close()


def test_a_body_that_never_arrives_is_a_408(fresh_db):
    with running(fresh_db, web={"body_timeout_s": 0.5}) as client:
        s = socket.create_connection(("127.0.0.1", _port(client)), timeout=10)
        try:
            s.sendall(b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 1000\r\n\r\n{\"text\": ")
            t0 = time.monotonic()
            reply = b""
            while b"}}" not in reply and (chunk := s.recv(65536)):  # up to the end of the JSON error
                reply += chunk
            assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
            assert b"web.body_timeout_s" in reply and time.monotonic() - t0 < 5
        finally:
            s.close()
        assert client.get("/api/stories").status == 200


@pytest.mark.parametrize("kind", ["StoreBusy", "locked"])
def test_a_busy_store_on_a_read_is_a_503_with_retry_after(fresh_db, monkeypatch, kind):
    """A read that meets another writer past the wait (a checkpoint of a read-only server, say)."""
    import sqlite3

    from corroborate.errors import StoreBusy
    from corroborate.web.catalog import Catalog

    def busy(self, store, generation):
        raise StoreBusy("held") if kind == "StoreBusy" else sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Catalog, "cards", busy)
    with running(fresh_db, web={"retry_after_s": 4}) as client:
        for path in ("/api/stories", "/"):
            r = client.get(path)
            assert r.status == 503 and r.headers["retry-after"] == "4", (path, r.status, r.text[:200])


def test_a_request_head_over_the_cap_is_refused(fresh_db):
    """A head that keeps growing is not buffered past web.max_header_bytes."""
    with running(fresh_db, web={"max_header_bytes": 2000}) as client:
        s = socket.create_connection(("127.0.0.1", _port(client)), timeout=10)
        try:
            s.sendall(b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"x" * 5000)
            assert s.recv(65536).startswith(b"HTTP/1.1 400")
        finally:
            s.close()
        assert client.get("/api/stories").status == 200


def test_an_idle_kept_alive_connection_is_closed(fresh_db):
    with running(fresh_db, web={"keep_alive_s": 1}) as client:
        s = socket.create_connection(("127.0.0.1", _port(client)), timeout=10)
        try:
            s.sendall(b"GET /static/web.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert s.recv(65536).startswith(b"HTTP/1.1 200")
            t0 = time.monotonic()
            while s.recv(65536):  # the rest of the reply, then the close
                pass
            assert time.monotonic() - t0 < 5
        finally:
            s.close()
