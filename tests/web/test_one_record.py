"""One article, one record (issue 14): the same article added by every route (a file, a JSON
record, pasted text, the JSON API, an upload, a fetched feed entry) is stored once; every
later route is a no-op naming the article first stored. The same text at two different URLs
is two articles (a wire story two outlets published); one URL and none is one article."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlencode

from corroborate import config, pipeline
from corroborate.ingest.ids import same_article, url_key
from corroborate.store import Store

from .conftest import multipart, running

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fetch"))
import fetchserver as fs  # noqa: E402

HEADLINE = "Harbour bridge reopens after three weeks of repairs"
PARAS = [
    "The harbour bridge in the old port reopened to traffic on Friday morning after three weeks of repairs"
    " to its lifting mechanism, the city's transport department said.",
    "Engineers replaced two corroded cables and a gearbox that had failed during a storm in March, leaving"
    " ferry passengers and delivery vans to take a detour of almost twelve kilometres.",
    "The department said the repairs cost 1.8 million euros, less than first feared, and that weekend"
    " closures for inspections would continue until the end of the summer.",
]
BODY = "\n\n".join(PARAS)
PASTED = f"{HEADLINE}\n\n{BODY}"
FAST = config.override(config.settings(), {"fetch": {
    "timeout_s": 2.0, "connect_timeout_s": 2.0, "retries": 1, "backoff_s": 0.01, "per_host_interval_s": 0.0}})


def _page() -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<!doctype html><html lang='en'><head><title>{HEADLINE}</title></head><body>"
            f"<article><h1>{HEADLINE}</h1>{paras}</article></body></html>").encode()


def test_the_same_article_by_every_route_is_one_record(tmp_path):
    db = tmp_path / "s.sqlite3"
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bridge.txt").write_text(PASTED, "utf-8")
    (inputs / "bridge.json").write_text(json.dumps([{"text": PASTED}]), "utf-8")
    with Store(db) as store:
        first = pipeline.add(store, [inputs / "bridge.txt"])  # 1. a file
        assert first.added == ["bridge"]
        (sid,) = first.stories
        again = pipeline.add(store, [inputs / "bridge.json"])  # 2. a JSON record, text only
        assert again.added == [] and again.existing == ["bridge"] and not again.rejected
    with running(db) as client:
        # 3. pasted into the add form (headline, blank line, body)
        form = urlencode({"text": PASTED}).encode()
        r = client.request("POST", "/add", form, headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status == 303 and f"/stories/{sid}" in r.headers["location"], r.text
        # 4. the JSON API, `text` only
        r = client.post_json("/api/articles", {"text": PASTED})
        assert r.status == 200 and r.json()["existing"] == ["bridge"] and r.json()["added"] == [], r.text
        # 5. uploaded as a file under another name
        body, ctype = multipart({}, [("files", "copy-of-bridge.txt", PASTED.encode())])
        r = client.request("POST", "/api/articles", body, headers={"Content-Type": ctype})
        assert r.status == 200 and r.json()["existing"] == ["bridge"], r.text
    # 6. a feed entry whose page is the same article (it has a URL, the stored one none: one article)
    from corroborate.fetch.run import fetch_round

    server = fs.Server()
    try:
        server.routes["/bridge"] = fs.Route(body=_page())
        server.routes["/feed"] = fs.Route(body=fs.rss(server.base, [("/bridge", HEADLINE)]), ctype="application/rss+xml")
        with Store(db) as store:
            r = fetch_round(store, [server.base + "/feed"], FAST)
            assert not r.failures and r.added == [], r
            assert r.duplicates  # named as the same text as the stored article
            seen = store._db.execute("SELECT article_id FROM fetch_seen WHERE url LIKE '%/bridge'").fetchall()
            assert seen == [("bridge",)]  # the fetch state points at the one record
    finally:
        server.close()
    with Store(db) as store:
        assert store.count_articles() == 1
        (article,) = store.articles()
        assert article.id == "bridge" and article.title == HEADLINE
        assert store.story_ids() == [sid]


def test_the_same_text_at_two_urls_is_two_articles_and_a_url_or_none_is_one(tmp_path):
    rec = {"text": BODY, "title": HEADLINE}
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {**rec, "id": "outlet-a", "url": "https://www.outlet-a.example/news/bridge?utm_source=rss"},
        {**rec, "id": "outlet-b", "url": "https://outlet-b.example/2025/bridge/"},
        {**rec, "id": "outlet-a-again", "url": "http://outlet-a.example/news/bridge/"},  # the same page
        {**rec, "id": "no-url"},  # no URL: the article already stored
    ]), "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        result = pipeline.add(store, [path])
        assert result.added == ["outlet-a", "outlet-b"]
        assert result.existing == ["outlet-a", "outlet-a"]
        assert store.count_articles() == 2


def test_records_without_ids_the_same_text_at_two_urls_is_two_articles_by_every_route(tmp_path):
    """Records that name no id (ids.default_id): the same text at two URLs is two articles in
    one run and across runs; re-adding either, under any spelling of its URL, is a no-op, and
    the text without a URL is the article first stored."""
    db = tmp_path / "s.sqlite3"
    rec = {"text": BODY, "title": HEADLINE}
    wire = tmp_path / "wire.jsonl"
    wire.write_text("\n".join(json.dumps({**rec, "url": u}) for u in [
        "https://a.example/x", "https://b.example/x"]), "utf-8")
    later = tmp_path / "later.jsonl"
    later.write_text("\n".join(json.dumps(r) for r in [
        {**rec, "url": "https://c.example/x"},  # a third outlet, a later run
        {**rec, "url": "http://www.a.example/x/?utm_source=rss"},  # outlet a's page again
        rec,  # no URL: the article first stored
    ]), "utf-8")
    with Store(db) as store:
        first = pipeline.add(store, [wire])
        assert not first.rejected and not first.skipped and len(first.added) == 2, first
        a_id, b_id = first.added
        again = pipeline.add(store, [wire])
        assert again.added == [] and again.existing == [a_id, b_id] and not again.rejected
        more = pipeline.add(store, [later])
        assert len(more.added) == 1 and more.existing == [a_id, a_id] and not more.rejected, more
        (c_id,) = more.added
    with running(db) as client:  # the JSON API: a fourth URL is a fourth article, posted twice a no-op
        r = client.post_json("/api/articles", {**rec, "url": "https://d.example/x"})
        assert r.status == 201 and len(r.json()["added"]) == 1, r.text
        (d_id,) = r.json()["added"]
        r = client.post_json("/api/articles", {**rec, "url": "https://d.example/x"})
        assert r.status == 200 and r.json()["existing"] == [d_id] and r.json()["added"] == [], r.text
    from corroborate.fetch.run import fetch_round

    server = fs.Server()  # a feed with the same page at two new URLs, fetched in one round: two articles
    try:
        for path in ("/e", "/f"):
            server.routes[path] = fs.Route(body=_page())
        server.routes["/feed"] = fs.Route(
            body=fs.rss(server.base, [("/e", HEADLINE), ("/f", HEADLINE)]), ctype="application/rss+xml")
        with Store(db) as store:
            r = fetch_round(store, [server.base + "/feed"], FAST)
            assert not r.failures and len(r.added) == 2 and not r.duplicates, r
    finally:
        server.close()
    with Store(db) as store:
        assert store.count_articles() == 6
        assert len({a_id, b_id, c_id, d_id, *r.added}) == 6
        assert sorted(a.url for a in store.articles()) == sorted(
            ["https://a.example/x", "https://b.example/x", "https://c.example/x", "https://d.example/x",
             server.base + "/e", server.base + "/f"])


def test_one_id_given_to_the_same_text_at_two_urls(tmp_path):
    """Two articles under one named id: in one run the second becomes ``ID-2``; against a stored
    one it is rejected with the reason (never "already stored" for another URL's page)."""
    rec = {"text": BODY, "title": HEADLINE, "id": "wire"}
    one = tmp_path / "one.jsonl"
    urls = ["https://a.example/x", "https://b.example/x"]
    one.write_text("\n".join(json.dumps({**rec, "url": u}) for u in urls), "utf-8")
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({**rec, "url": "https://c.example/x"}), "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        assert pipeline.add(store, [one]).added == ["wire", "wire-2"]
        assert pipeline.add(store, [one]).existing == ["wire", "wire-2"]
        result = pipeline.add(store, [later])
        (why,) = result.rejected
        assert result.added == [] and why.origin.endswith("later.jsonl:1")
        assert "'wire' is already stored for the same text at another URL (https://a.example/x)" in why.reason
        assert store.count_articles() == 2


def test_url_keys():
    assert url_key("https://www.Ex.com/a/?utm_source=x&id=3#top") == url_key("http://ex.com/a?id=3")
    assert url_key("https://ex.com/story/amp") == url_key("https://ex.com/story")
    assert url_key("https://ex.com/a?b=2&a=1") == url_key("https://ex.com/a?a=1&b=2")
    assert url_key("https://ex.com/a") != url_key("https://ex.com/b")
    assert url_key("") is None and url_key(None) is None and url_key("not a url") is None
    assert same_article(None, "https://ex.com/a") and not same_article("https://ex.com/a", "https://ex.org/a")
