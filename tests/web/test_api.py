"""The JSON API against a real uvicorn server on 127.0.0.1 over a real SQLite file."""

from __future__ import annotations

import json
import threading

import pytest

from corroborate import pipeline
from corroborate.store import Store
from corroborate.web import schemas

from .conftest import follow_up, multipart, running, unrelated, wait_for_add


# -- reads ----------------------------------------------------------------------
def test_stories_list_has_the_founding_story_with_its_counts(server, founding_id):
    r = server.get("/api/stories")
    assert r.status == 200 and r.headers["content-type"].startswith("application/json")
    doc = r.json()
    schemas.StoryListOut.model_validate(doc)
    assert doc["total"] == 1
    (s,) = doc["stories"]
    assert s["id"] == founding_id
    assert (s["n_articles"], s["n_independent"]) == (5, 4)
    assert s["n_conflicts"] >= 1 and s["n_claims"] > 10


@pytest.mark.parametrize(
    "query, hits",
    [
        ("q=Zelensky", 1),
        ("q=zelenskyy+chinese", 1),  # every word, case and spelling ignored
        ("q=Volodimir", 1),
        ("q=zelensky+penguins", 0),
        ("entity=person:volodymyr-zelensky", 1),
        ("entity=Volodimir+Zelenski", 1),  # a name in another spelling
        ("entity=person:nobody-at-all", 0),
        ("q=captured&entity=place:donetsk", 1),
    ],
)
def test_stories_search_by_text_and_entity(server, query, hits):
    r = server.get("/api/stories?" + query)
    assert r.status == 200, r.text
    assert r.json()["total"] == hits


def test_story_is_the_report_document(server, founding_id):
    r = server.get(f"/api/stories/{founding_id}")
    assert r.status == 200
    doc = r.json()
    schemas.ReportOut.model_validate(doc)
    with Store(server.db) as store:
        expected = json.loads(json.dumps(pipeline.report_for(store, [founding_id])))
    assert doc == expected
    assert doc["schema"] == "corroborate.report/1" and len(doc["articles"]) == 5


def test_article_with_its_story_and_sentence_marks(server, founding_id):
    aid = "000_55a835e9202e45df"
    r = server.get(f"/api/articles/{aid}")
    assert r.status == 200
    doc = r.json()
    schemas.ArticleEnvelopeOut.model_validate(doc)
    assert doc["article"]["id"] == aid and doc["story_id"] == founding_id
    marks = {m["sentence_id"]: set(m["marks"]) for m in doc["sentence_marks"]}
    assert any("shared" in m for m in marks.values()) and any("unique" in m for m in marks.values())
    assert set(marks) <= {s["id"] for s in doc["article"]["sentences"]}


def test_entity_across_stories(server, founding_id):
    r = server.get("/api/entities/person:volodymyr-zelensky")
    assert r.status == 200
    doc = r.json()
    schemas.EntityEnvelopeOut.model_validate(doc)
    assert doc["name"] == "Volodymyr Zelensky" and "Zelenski" in doc["variants"]
    assert [s["id"] for s in doc["stories"]] == [founding_id]
    assert server.get("/api/entities/Zelenskyy").json()["id"] == "person:volodymyr-zelensky"


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/st-0000000000",
        "/api/articles/no-such-article",
        "/api/articles/../../etc/passwd",
        "/api/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/api/articles/..%2F..%2Fpyproject.toml",
        "/api/entities/person:nobody",
        "/static/..%2F..%2Fpyproject.toml",
        "/api/nothing-here",
    ],
)
def test_unknown_ids_and_traversal_are_json_404s(server, path):
    r = server.get(path)
    assert r.status == 404, (path, r.status, r.body[:200])
    if path.startswith("/api/"):
        err = r.json()["error"]
        assert err["status"] == 404 and err["code"] == "not_found" and err["message"]
    assert b"[project]" not in r.body and b"root:" not in r.body


def test_bad_parameters_and_methods_are_json_errors(server):
    r = server.get("/api/stories?limit=0")
    assert r.status == 422 and "limit" in r.json()["error"]["message"]
    r = server.get("/api/stories?limit=100000")
    assert r.status == 422
    r = server.request("DELETE", "/api/articles")
    assert r.status == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_openapi_document_and_docs_page(server):
    doc = server.get("/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/articles", "/api/entities/{entity_id}"):
        assert path in doc["paths"], path
    assert "ReportOut" in doc["components"]["schemas"] and "ArticleRecordIn" in doc["components"]["schemas"]
    page = server.get("/docs")
    assert page.status == 200 and "POST /api/articles" in page.text


# -- writes ---------------------------------------------------------------------
def test_post_one_record_updates_its_story_at_once(server, founding_id):
    before = server.get(f"/api/stories/{founding_id}").json()["stories"][0]
    r = server.post_json("/api/articles", follow_up(1))
    assert r.status == 201, r.text
    out = r.json()
    schemas.AddOut.model_validate(out)
    (aid,) = out["added"]
    assert [s["id"] for s in out["stories"]] == [founding_id]
    assert out["stories"][0]["n_articles"] == 6
    assert r.headers["location"] == f"/api/stories/{founding_id}"
    after = server.get(f"/api/stories/{founding_id}").json()["stories"][0]
    assert aid in after["article_ids"] and len(after["article_ids"]) == 6
    assert any(p["derived_id"] == aid or p["source_id"] == aid for p in after["provenance"])  # re-derived
    assert after["claims"] != before["claims"] or after["brief"] != before["brief"] or after["provenance"] != before["provenance"]
    assert server.get(f"/api/articles/{aid}").json()["story_id"] == founding_id
    again = server.post_json("/api/articles", follow_up(1))  # the same article: a no-op
    assert again.status == 200 and again.json()["added"] == [] and again.json()["existing"] == [aid]


def test_post_a_list_wrapper_and_json_lines(server):
    r = server.post_json("/api/articles", {"articles": [unrelated(0), unrelated(1)]})
    assert r.status == 201, r.text
    assert sorted(r.json()["added"]) == ["unrelated-0", "unrelated-1"]
    lines = (json.dumps(unrelated(2)) + "\n" + json.dumps(unrelated(3)) + "\n").encode()
    r = server.request("POST", "/api/articles", lines, headers={"Content-Type": "application/x-ndjson"})
    assert r.status == 201, r.text
    assert sorted(r.json()["added"]) == ["unrelated-2", "unrelated-3"]
    assert server.get("/api/stories").json()["total"] >= 2


def test_unusable_records_are_422_with_every_reason(server):
    r = server.post_json("/api/articles", [{"title": "no text"}, {"text": "   "}, 42])
    assert r.status == 422
    err = r.json()["error"]
    assert err["code"] == "nothing_added"
    assert [x["origin"] for x in err["rejected"]] == ["request[0]", "request[1]", "request[2]"]
    assert "no text" in err["rejected"][0]["reason"]
    mixed = server.post_json("/api/articles", [unrelated(5), {"title": "no text"}])
    assert mixed.status == 201 and mixed.json()["rejected"][0]["origin"] == "request[1]"


@pytest.mark.parametrize(
    "body, ctype, status, words",
    [
        (b"{not json", "application/json", 400, "malformed JSON"),
        (b"[]", "application/json", 400, "no articles"),
        (b"text=hello", "application/x-www-form-urlencoded", 415, "Content-Type"),
        (b"", "application/x-ndjson", 400, "no articles"),
        (b"[" * 100_000, "application/json", 400, "nested too deeply"),  # not a RecursionError 500
        (b'{"a":' * 100_000, "application/json", 400, "nested too deeply"),
        (b"\xff\xfe[]", "application/json", 400, "malformed JSON"),
        (b"[" * 100_000, "application/x-ndjson", 400, "line 1: nested too deeply"),
        (b"[" * 990 + b"]" * 990, "application/json", 400, "over 100 levels"),  # parses, yet too deep to pass on
        (b'{"text": "x"}\n' + b"[" * 990 + b"]" * 990, "application/x-ndjson", 400, "line 2: nested too deeply"),
    ],
)
def test_malformed_bodies_are_clear_json_errors(server, body, ctype, status, words):
    r = server.request("POST", "/api/articles", body, headers={"Content-Type": ctype})
    assert r.status == status, r.text
    assert words in r.json()["error"]["message"]


def test_uploads_never_become_paths(server, tmp_path):
    body, ctype = multipart(
        {},
        [
            ("files", "../../escaped.txt", b"Escape attempt\n\n" + unrelated(6)["text"].encode()),
            ("files", "notes.exe", b"MZ binary"),
        ],
    )
    r = server.request("POST", "/api/articles", body, headers={"Content-Type": ctype})
    assert r.status == 201, r.text
    out = r.json()
    assert out["added"] == ["escaped"]
    assert out["rejected"][0]["origin"] == "notes.exe" and "unsupported file type" in out["rejected"][0]["reason"]
    assert not (server.db.parent.parent / "escaped.txt").exists()
    article = server.get("/api/articles/escaped").json()["article"]
    assert article["title"] == "Escape attempt"


def test_bodies_over_the_cap_are_413(fresh_db):
    with running(fresh_db, web={"max_request_bytes": 4000, "max_records": 3}) as client:
        r = client.post_json("/api/articles", {"text": "x " * 5000})
        assert r.status == 413 and "max_request_bytes" in r.json()["error"]["message"]
        r = client.post_json("/api/articles", [{"text": f"short {i}"} for i in range(4)])
        assert r.status == 413 and "max_records" in r.json()["error"]["message"]
        assert client.get("/api/stories").status == 200  # still serving


def test_uploaded_record_files_count_against_the_record_cap(fresh_db):
    rec = [unrelated(n) for n in range(4)]
    with running(fresh_db, web={"max_records": 3}) as client:
        for name, data in (
            ("many.jsonl", "\n".join(json.dumps(r) for r in rec).encode()),
            ("many.json", json.dumps({"articles": rec}).encode()),
        ):
            body, ctype = multipart({}, [("files", name, data)])
            r = client.request("POST", "/api/articles", body, headers={"Content-Type": ctype})
            assert r.status == 413, r.text
            message = r.json()["error"]["message"]
            assert f"'{name}' holds 4 articles" in message and "web.max_records" in message
        # under the cap one by one, over it together; nothing is added, the pasted text either
        body, ctype = multipart({"text": "Pasted\n\n" + unrelated(5)["text"]},
                                [("files", "a.json", json.dumps(rec[:2]).encode()), ("files", "b.jsonl", b"{}\n{}\n")])
        r = client.request("POST", "/api/articles", body, headers={"Content-Type": ctype})
        assert r.status == 413 and "4 articles together (a.json: 2, b.jsonl: 2)" in r.json()["error"]["message"], r.text
        page = client.request("POST", "/add", body, headers={"Content-Type": ctype})  # the form says so too
        assert page.status == 413 and "a.json: 2" in page.text
        deep = multipart({}, [("files", "deep.jsonl", b"[" * 100_000)])
        r = client.request("POST", "/api/articles", deep[0], headers={"Content-Type": deep[1]})
        assert r.status == 400 and "'deep.jsonl', line 1: nested too deeply" in r.json()["error"]["message"]
        assert client.get("/api/stories").json()["total"] == 1
    with Store(fresh_db) as store:
        assert store.count_articles() == 5  # nothing was added


def test_a_grouping_failure_is_a_500_and_the_next_add_works(fresh_db, founding_id, monkeypatch):
    """Failure injection: ``group_new`` raises while ``fail`` says so (with claims: the derive step;
    "always": every grouping). The articles are stored either way, and the service stays usable."""
    real = pipeline.group_new
    fail = {"mode": "claims"}

    def flaky(store, settings=None):
        claims = (settings or {}).get("pipeline", {}).get("claims", True)
        if fail["mode"] == "always" or (fail["mode"] == "claims" and claims):
            raise RuntimeError("injected")
        return real(store, settings)

    monkeypatch.setattr(pipeline, "group_new", flaky)
    with running(fresh_db) as client:
        r = client.post_json("/api/articles", follow_up(11))
        assert r.status == 500, r.text
        err = r.json()["error"]
        assert err["code"] == "grouping_failed" and "RuntimeError" in err["message"] and "without claims" in err["message"]
        (first,) = err["added"]
        with Store(fresh_db) as store:
            assert store.pending_ids() == []  # grouped without claims: no article left out of its story
            assert store.membership()[first] == founding_id
        assert client.get(f"/api/articles/{first}").json()["story_id"] == founding_id

        fail["mode"] = "always"
        r = client.post_json("/api/articles", unrelated(0))
        assert r.status == 500 and "stay pending" in r.json()["error"]["message"], r.text
        with Store(fresh_db) as store:
            assert store.pending_ids() == ["unrelated-0"]

        fail["mode"] = None  # fixed: the next add groups its articles and the one left pending
        r = client.post_json("/api/articles", follow_up(12))
        assert r.status == 201, r.text
        assert [s["id"] for s in r.json()["stories"]] == [founding_id]
        with Store(fresh_db) as store:
            assert store.pending_ids() == []
            assert "unrelated-0" in store.membership()
            assert store.story(founding_id).claims  # re-derived with claims
        assert client.get("/api/stories").json()["total"] == 2


def test_a_busy_store_queues_the_add_without_degrading_stories(fresh_db, founding_id, monkeypatch):
    """Another process holding the write lock past the wait is contention, not a bad text:
    the add is answered 202 with where to see it, no grouping without claims is tried, and
    the add completes once the lock is free (here: at once)."""
    from corroborate.errors import StoreBusy

    real = pipeline.group_new
    calls = []

    def locked(store, settings=None):
        calls.append(settings)
        if len(calls) == 1:
            raise StoreBusy(f"{store.path}: another process held the store's write lock")
        return real(store, settings)

    monkeypatch.setattr(pipeline, "group_new", locked)
    with running(fresh_db) as client:
        r = client.post_json("/api/articles", follow_up(21))
        assert r.status == 202 and r.json()["state"] == "waiting", r.text
        assert r.headers["location"] == r.json()["url"] and r.json()["url"].startswith("/api/adds/")
        done = wait_for_add(client, r.headers["location"])
        assert done["state"] == "done" and done["status"] == 201, done
        (first,) = done["result"]["added"]
        assert [s["id"] for s in done["result"]["stories"]] == [founding_id]
        assert all(s["pipeline"]["claims"] for s in calls)  # never regrouped without claims
        with Store(fresh_db) as store:
            assert store.pending_ids() == [] and store.membership()[first] == founding_id
            assert store.story(founding_id).claims


def test_read_only_refuses_writes(fresh_db, founding_id):
    import sqlite3

    db = sqlite3.connect(fresh_db)
    db.execute("PRAGMA journal_mode = DELETE")  # so that a switch to WAL would show
    db.close()
    before = fresh_db.read_bytes()
    with running(fresh_db, read_only=True) as client:
        r = client.post_json("/api/articles", unrelated(0))
        assert r.status == 403 and r.json()["error"]["code"] == "read_only"
        page = client.request("POST", "/add", b"text=hello", headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert page.status == 403 and "read-only" in page.text
        assert client.get("/api/stories").json()["total"] == 1
        assert client.get(f"/stories/{founding_id}").status == 200
        assert client.get("/articles/000_55a835e9202e45df").status == 200
        assert 'action="/add"' not in client.get("/add").text
    assert fresh_db.read_bytes() == before  # every connection was read-only: not a byte written
    assert sorted(p.name for p in fresh_db.parent.iterdir()) == [fresh_db.name]  # no -wal / -shm either
    with Store(fresh_db) as store:
        assert store.count_articles() == 5


def test_cross_site_writes_and_foreign_hosts_are_refused(server):
    r = server.post_json("/api/articles", unrelated(0), headers={"Origin": "http://evil.example"})
    assert r.status == 403 and "cross-site" in r.json()["error"]["message"]
    r = server.post_json("/api/articles", unrelated(0), headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status == 403
    r = server.post_json("/api/articles", unrelated(0), headers={"Origin": "null"})  # a sandboxed frame, a file
    assert r.status == 403
    r = server.get("/api/stories", headers={"Host": "attacker.example"})  # DNS rebinding
    assert r.status == 400 and "Host" in r.json()["error"]["message"]
    same = server.post_json("/api/articles", unrelated(0), headers={"Origin": server.base})
    assert same.status == 201


def test_security_headers(server, founding_id):
    page = server.get(f"/stories/{founding_id}")
    csp = page.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in csp and "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    api = server.get("/api/stories")
    assert "default-src 'none'" in api.headers["content-security-policy"]


def test_concurrent_adds_keep_the_store_consistent(server, founding_id):
    """Several clients add at once (and others read): every article lands in exactly one story."""
    posts = [follow_up(n) for n in range(2, 6)] + [unrelated(n) for n in range(4)]
    replies: list = []
    errors: list = []

    def add(rec):
        replies.append(server.post_json("/api/articles", rec))

    def read():
        for _ in range(5):
            r = server.get("/api/stories")
            if r.status != 200:
                errors.append(r.status)
            r = server.get(f"/api/stories/{founding_id}")
            if r.status != 200:
                errors.append(r.status)

    threads = [threading.Thread(target=add, args=(p,)) for p in posts] + [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert sorted(r.status for r in replies) == [201] * len(posts), [r.text for r in replies if r.status != 201]
    added = {aid for r in replies for aid in r.json()["added"]}
    assert len(added) == len(posts)
    with Store(server.db) as store:
        assert store.pending_ids() == []
        membership = store.membership()
        assert set(membership) == {a.id for a in store.articles()}
        sizes = 0
        for sid in store.story_ids():
            story = store.story(sid)
            assert story.article_ids and set(story.article_ids) == {a for a, s in membership.items() if s == sid}
            sizes += len(story.article_ids)
        assert sizes == store.count_articles() == 5 + len(posts)
        assert all(membership[a] == founding_id for a in added if not a.startswith("unrelated"))
    listed = server.get("/api/stories").json()
    assert sum(s["n_articles"] for s in listed["stories"]) == 5 + len(posts)
