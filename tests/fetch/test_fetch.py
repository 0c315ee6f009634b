"""Fetch and watch against a real server on 127.0.0.1 (tests/fetch/fetchserver.py)."""

from __future__ import annotations

import threading
import time

import pytest
from click.testing import CliRunner

import fetchserver as fs
from corroborate import config
from corroborate.cli import main
from corroborate.fetch.http import Fetcher, FetchRules
from corroborate.fetch.parse import feed_list, sniff
from corroborate.fetch.run import fetch_round
from corroborate.fetch.urls import canonical
from corroborate.fetch.watch import watch
from corroborate.store import Store, fetchstate

FAST = config.override(config.settings(), {"fetch": {
    "timeout_s": 0.5, "connect_timeout_s": 0.5, "retries": 2, "backoff_s": 0.01, "max_retry_after_s": 2.0,
    "per_host_interval_s": 0.0, "max_body_bytes": 2_000_000, "workers": 4}})


def _store(tmp_path):
    return Store(tmp_path / "s.sqlite3")


def _site(server, n=4, feed="rss"):
    recs = fs.shared_articles(n)
    items = []
    for i, rec in enumerate(recs):
        server.routes[f"/a/{i}"] = fs.Route(body=fs.page(rec))
        items.append((f"/a/{i}", rec["text"][:50]))
    make = fs.rss if feed == "rss" else fs.atom
    server.routes["/feed"] = fs.Route(body=make(server.base, items), ctype="application/xml", etag='"v1"')
    return recs


def test_canonical_urls_fold_tracking_fragments_and_amp():
    assert canonical("https://Ex.com/a/?utm_source=x&id=3#top") == canonical("https://ex.com/a/?id=3")
    assert canonical("https://ex.com/story/amp") == canonical("https://ex.com/story")
    assert canonical("https://ex.com/s?amp=1&fbclid=q") == canonical("https://ex.com/s")


def test_sniff_reads_the_body_not_the_extension():
    assert sniff(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert sniff(b"<feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert sniff(b"<?xml version='1.0'?><urlset>") == "sitemap"
    assert sniff(b"<!doctype html><html><body>") == "html"
    assert feed_list("# feeds\nhttp://a/x\n\n  http://b/y  # b\n") == ["http://a/x", "http://b/y"]
    opml = '<?xml version="1.0"?><opml><body><outline xmlUrl="http://a/f"/><outline text="x"/></body></opml>'
    assert feed_list(opml) == ["http://a/f"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_fetch_a_feed_stores_its_articles_and_round_two_is_one_conditional_request(tmp_path, server, kind):
    recs = _site(server, 3, kind)
    with _store(tmp_path) as store, Fetcher(FetchRules.from_settings(FAST["fetch"])) as fetcher:  # as watch: one client
        r1 = fetch_round(store, [server.base + "/feed"], FAST, feeds_only=True, fetcher=fetcher)
        assert not r1.failures and len(r1.added) == 3 and r1.stories
        texts = {a.source for a in store.articles()}
        assert texts == {f"Outlet {r['id']}" for r in recs}  # the page's site name
        n = len(server.log)
        r2 = fetch_round(store, [server.base + "/feed"], FAST, feeds_only=True, fetcher=fetcher)
        assert r2.not_modified == 1 and not r2.added
        assert [r["path"] for r in server.log[n:]] == ["/feed"]  # one conditional request, nothing else
        assert server.log[-1]["headers"].get("If-None-Match") == '"v1"'
        assert all("corroborate/" in r["headers"]["User-Agent"] for r in server.log)
        assert fetchstate.feed_state(store, server.base + "/feed").n_articles == 3


def test_sitemap_entries_are_fetched_as_articles(tmp_path, server):
    _site(server, 2)
    server.routes["/sm"] = fs.Route(body=fs.sitemap(server.base, ["/a/0", "/a/1"]), ctype="text/plain")
    with _store(tmp_path) as store:
        r = fetch_round(store, [server.base + "/sm"], FAST)
        assert len(r.added) == 2 and not r.failures


def test_duplicate_entries_under_tracking_urls_are_fetched_and_stored_once(tmp_path, server):
    recs = fs.shared_articles(1)
    server.routes["/a/0"] = fs.Route(body=fs.page(recs[0]))
    items = [("/a/0?utm_source=rss", "x"), ("/a/0#comments", "x"), ("/a/0?utm_medium=tw&fbclid=1", "x")]
    server.routes["/feed"] = fs.Route(body=fs.rss(server.base, items), ctype="application/rss+xml")
    with _store(tmp_path) as store:
        r = fetch_round(store, [server.base + "/feed"], FAST)
        assert len(r.added) == 1 and store.count_articles() == 1
        assert len([x for x in server.log if x["path"].startswith("/a/0")]) == 1


def test_an_article_reached_by_two_urls_is_stored_once(tmp_path, server):
    rec = fs.shared_articles(1)[0]
    server.routes["/x"] = fs.Route(body=fs.page(rec, canonical=server.base + "/real"))
    server.routes["/y"] = fs.Route(body=fs.page(rec, canonical=server.base + "/real"))
    with _store(tmp_path) as store:
        r = fetch_round(store, [server.base + "/x", server.base + "/y"], FAST)
        assert len(r.added) == 1 and store.count_articles() == 1 and not r.failures


def test_hostile_cases_are_named_and_the_round_goes_on(tmp_path, server):
    recs = _site(server, 2)
    b = server.base
    server.routes["/retry"] = fs.Route(body=fs.page(fs.shared_articles(3)[2]), script=[(500, {})])
    server.routes["/slow"] = fs.Route(body=b"<html></html>", delay=1.5)
    server.routes["/loop1"] = fs.Route(status=302, headers={"Location": "/loop2"})
    server.routes["/loop2"] = fs.Route(status=302, headers={"Location": "/loop1"})
    server.routes["/huge"] = fs.Route(stream_bytes=50_000_000)
    server.routes["/htmlfeed"] = fs.Route(body=b"<html><body><p>hello</p></body></html>")
    server.routes["/bad"] = fs.Route(body=b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x', ctype="application/xml")
    server.routes["/err"] = fs.Route(status=500, body=b"boom")
    lines = []
    with _store(tmp_path) as store:
        urls = [b + p for p in ("/feed", "/missing", "/retry", "/slow", "/loop1", "/huge", "/bad", "/err")] + ["ftp://x/y"]
        t0 = time.monotonic()
        r = fetch_round(store, urls, FAST, report=lines.append)
        assert time.monotonic() - t0 < 15
        why = {f.url: f.reason for f in r.failures}
        assert why[b + "/missing"] == "HTTP 404"
        assert "timed out" in why[b + "/slow"]
        assert "redirect loop" in why[b + "/loop1"]
        assert "cap" in why[b + "/huge"]
        assert "malformed" in why[b + "/bad"] or "empty feed" in why[b + "/bad"]
        assert why[b + "/err"] == "HTTP 500" and len(server.requests("/err")) == 3  # bounded retries
        assert "not an http(s) URL" in why["ftp://x/y"]
        assert b + "/retry" not in why  # 500 then 200: retried and stored
        assert len(r.added) == 3
        assert all(line.startswith("failed: ") and "://" in line for line in lines)
        w = fetch_round(store, [b + "/htmlfeed"], FAST, feeds_only=True)
        assert "not a feed" in w.failures[0].reason


def test_429_retry_after_is_honoured(tmp_path, server):
    rec = fs.shared_articles(1)[0]
    server.routes["/a"] = fs.Route(body=fs.page(rec), script=[(429, {"Retry-After": "1"})])
    with _store(tmp_path) as store:
        r = fetch_round(store, [server.base + "/a"], FAST)
        assert len(r.added) == 1
        t = [x["t"] for x in server.requests("/a")]
        assert len(t) == 2 and t[1] - t[0] >= 0.9


def test_robots_txt_is_honoured(tmp_path, server):
    _site(server, 2)
    server.routes["/robots.txt"] = fs.Route(body=b"User-agent: *\nDisallow: /a/1\n", ctype="text/plain")
    with _store(tmp_path) as store:
        r = fetch_round(store, [server.base + "/feed"], FAST)
        assert len(r.added) == 1
        assert [f.reason for f in r.failures] == ["disallowed by robots.txt"]
        assert not server.requests("/a/1")


def test_per_host_concurrency_is_bounded(tmp_path, server):
    recs = fs.shared_articles(6)
    for i, rec in enumerate(recs):
        server.routes[f"/a/{i}"] = fs.Route(body=fs.page(rec), delay=0.2)
    server.routes["/feed"] = fs.Route(body=fs.rss(server.base, [(f"/a/{i}", "t") for i in range(6)]), ctype="application/xml")
    s = config.override(FAST, {"fetch": {"per_host_concurrency": 2, "workers": 6}})
    with _store(tmp_path) as store:
        fetch_round(store, [server.base + "/feed"], s)
    assert server.max_inflight == 2


def test_killed_watch_resumes_without_refetching(tmp_path, server):
    _site(server, 4)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test\n{server.base}/feed\n")
    stop = threading.Event()
    with _store(tmp_path) as store:  # stopped at once: nothing fetched but the feed and robots.txt
        stop.set()
        watch(store, [server.base + "/feed"], FAST, interval=1, once=False, stop=stop)
    with _store(tmp_path) as store:
        assert store.count_articles() == 0
    seen_hook = []
    with _store(tmp_path) as store:
        watch(store, [server.base + "/feed"], FAST, interval=1, once=True, on_round=seen_hook.append)
        assert store.count_articles() == 4 and len(seen_hook[0].added) == 4 and not store.pending_ids()
    server.routes["/feed"].etag = None  # the feed no longer answers 304: entries are skipped as seen
    n = len(server.log)
    res = CliRunner().invoke(main, ["watch", "--feeds", str(feeds), "--once", "--db", str(tmp_path / "s.sqlite3")])
    assert res.exit_code == 0, res.output
    # robots.txt was read by the first run and is kept in the store for [fetch] robots_ttl_s
    assert [r["path"] for r in server.log[n:]] == ["/feed"]


def test_cli_fetch_exit_codes_and_failure_lines(tmp_path, server):
    _site(server, 1)
    db = str(tmp_path / "s.sqlite3")
    ok = CliRunner().invoke(main, ["fetch", server.base + "/a/0", "--db", db])
    assert ok.exit_code == 0, ok.output
    bad = CliRunner().invoke(main, ["fetch", server.base + "/nope", "--db", db])
    assert bad.exit_code == 1
    assert f"failed: {server.base}/nope: HTTP 404" in bad.output


def test_robots_txt_is_kept_in_the_store_for_its_ttl(tmp_path, server):
    # runs with their own fetchers (as two `watch --once` processes): robots.txt is asked for once while
    # it is fresh ([fetch] robots_ttl_s) and obeyed from the store; with a ttl of 0, read again each run
    _site(server, 2)
    server.routes["/robots.txt"] = fs.Route(body=b"User-agent: *\nDisallow: /a/1\n", ctype="text/plain")
    with _store(tmp_path) as store:
        fetch_round(store, [server.base + "/feed"], FAST)
        again = fetch_round(store, [server.base + "/a/1"], FAST)
        assert [f.reason for f in again.failures] == ["disallowed by robots.txt"]
        assert len(server.requests("/robots.txt")) == 1 and not server.requests("/a/1")
        fresh = config.override(FAST, {"fetch": {"robots_ttl_s": 0}})
        fetch_round(store, [server.base + "/feed"], fresh)
        assert len(server.requests("/robots.txt")) == 2 and not server.requests("/a/1")
