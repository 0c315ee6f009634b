"""Feed subscriptions (issue 12, must-hold 7): stored in the store (migration 0006), checked
when added, and fetched by ``watch`` each round with its --feeds list (read again every
round), against a real server on 127.0.0.1 (tests/fetch/fetchserver.py)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from click.testing import CliRunner

import fetchserver as fs
from corroborate import config
from corroborate.cli import main
from corroborate.fetch.watch import round_feeds, watch
from corroborate.store import Store, fetchstate

FAST = config.override(config.settings(), {"fetch": {
    "timeout_s": 2.0, "connect_timeout_s": 1.0, "retries": 0, "backoff_s": 0.01, "max_retry_after_s": 1.0,
    "per_host_interval_s": 0.0, "max_body_bytes": 2_000_000, "workers": 4}})


def _site(server, name: str, recs: list[dict]) -> str:
    """A feed at /{name}.xml of one page per record; its URL."""
    items = []
    for i, rec in enumerate(recs):
        path = f"/{name}/{i}"
        server.routes[path] = fs.Route(body=fs.page(rec))
        items.append((path, rec["text"][:50]))
    server.routes[f"/{name}.xml"] = fs.Route(body=fs.rss(server.base, items), ctype="application/rss+xml", etag=f'"{name}-v1"')
    return f"{server.base}/{name}.xml"


@pytest.mark.parametrize("url,reason", [
    ("javascript:alert(1)", "is not http(s) (javascript:)"),
    ("ftp://x.example/f", "is not http(s) (ftp:)"),
    ("example.org/feed", "is not http(s) (no scheme)"),
    ("http:///feed", "names no host"),
    ("http://[::1/feed", "cannot be read"),
    ("http://x.example:99999/feed", "cannot be read"),
    ("   ", "is empty"),
    ("http://x.example/a b", "space or control character"),
    ("http://x.example/" + "a" * 2000, "characters long; at most 2,000"),
    (None, "must be a string"),
])
def test_bad_feed_urls_are_refused_naming_the_url_and_reason(url, reason):
    with pytest.raises(fetchstate.BadFeedURL, match=reason.replace("(", r"\(").replace(")", r"\)")):
        fetchstate.check_feed_url(url)


def test_subscriptions_are_stored_once_and_listed_with_fetch_state(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        tables = {r[0] for r in store._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "feed_subscriptions" in tables and store.schema_version >= 6
        assert fetchstate.subscribe(store, " https://b.example/rss ") == ("https://b.example/rss", True)
        assert fetchstate.subscribe(store, "https://b.example/rss") == ("https://b.example/rss", False)
        fetchstate.subscribe(store, "https://a.example/atom", by="test")
        fetchstate.put_feed(store, "https://a.example/atom", status="200 ok", etag='"x"', new_articles=3)
        fetchstate.put_feed(store, "https://c.example/file-feed", status="failed: HTTP 404")
        assert fetchstate.subscriptions(store) == ["https://b.example/rss", "https://a.example/atom"]
        got = {f.url: f for f in fetchstate.feeds(store)}
        assert list(got) == ["https://a.example/atom", "https://b.example/rss", "https://c.example/file-feed"]
        assert got["https://a.example/atom"].subscribed and got["https://a.example/atom"].n_articles == 3
        assert got["https://a.example/atom"].etag == '"x"'
        assert got["https://b.example/rss"].subscribed and got["https://b.example/rss"].last_fetch is None
        assert not got["https://c.example/file-feed"].subscribed
        assert fetchstate.unsubscribe(store, "https://b.example/rss") and not fetchstate.unsubscribe(store, "https://b.example/rss")
        assert round_feeds(store, ["https://c.example/file-feed", "https://a.example/atom", " "]) == [
            "https://c.example/file-feed", "https://a.example/atom"]


def test_an_older_store_gains_the_subscriptions_table(tmp_path):
    path = tmp_path / "old.sqlite3"
    with Store(path) as store:
        store._db.execute("DROP TABLE feed_subscriptions")
        for column in ("languages", "sources", "hosts"):  # and before 0007
            store._db.execute(f"ALTER TABLE stories DROP COLUMN {column}")
        store._db.execute("PRAGMA user_version = 5")  # as before 0006
    with Store(path) as store:
        assert store.schema_version >= 6 and fetchstate.subscriptions(store) == []
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM feed_subscriptions").fetchone() == (0,)


def test_watch_fetches_the_listed_and_subscribed_feeds_and_a_new_subscription_next_round(tmp_path, server):
    recs = fs.shared_articles(6)
    listed = _site(server, "listed", recs[:2])
    subscribed = _site(server, "subscribed", recs[2:4])
    later = _site(server, "later", recs[4:6])
    rounds = []
    stop = threading.Event()
    with Store(tmp_path / "s.sqlite3") as store:
        fetchstate.subscribe(store, subscribed)
        fetchstate.subscribe(store, listed)  # in both: fetched once a round

        def after(result):
            rounds.append(result)
            if len(rounds) == 1:  # as the web UI would, while watch runs (another connection)
                with Store(tmp_path / "s.sqlite3") as other:
                    fetchstate.subscribe(other, later)
            if len(rounds) == 3:
                stop.set()

        watch(store, [listed], FAST, interval=0.05, once=False, stop=stop, on_round=after)
        assert len(rounds) == 3
        assert len(rounds[0].added) == 4 and not rounds[0].failures
        assert len(rounds[1].added) == 2 and rounds[1].not_modified == 2  # `later` is new; the others unchanged
        assert rounds[2].added == [] and rounds[2].not_modified == 3
        state = {f.url: f for f in fetchstate.feeds(store)}
        assert state[later].n_articles == 2 and state[later].last_status == "304 not modified"
        assert store.count_articles() == 6
    for feed in ("/listed.xml", "/subscribed.xml"):
        assert len(server.requests(feed)) == 3, feed  # once a round, never twice
    assert len(server.requests("/later.xml")) == 2
    # round 3: one conditional request per feed and nothing else (robots.txt was read once, in round 1)
    assert len(server.log) == 1 + (2 + 4) + (3 + 2) + 3
    assert sorted(r["path"] for r in server.log[-3:]) == ["/later.xml", "/listed.xml", "/subscribed.xml"]
    assert all(r["headers"].get("If-None-Match") for r in server.log[-3:])


def test_a_feed_list_read_again_each_round(tmp_path, server):
    recs = fs.shared_articles(4)
    first = _site(server, "one", recs[:2])
    second = _site(server, "two", recs[2:])
    lists = [[first], [first, second]]
    seen: list[list[str]] = []

    def feeds():
        out = lists[min(len(seen), 1)]
        seen.append(out)
        if len(seen) == 2:
            raise OSError("the file went away")  # reported; the last list read is used
        return out

    reports: list[str] = []
    stop = threading.Event()
    rounds = []
    with Store(tmp_path / "s.sqlite3") as store:
        def after(result):
            rounds.append(result)
            if len(rounds) == 3:
                stop.set()

        watch(store, feeds, FAST, interval=0.05, once=False, stop=stop, report=reports.append, on_round=after)
    assert [len(r.added) for r in rounds] == [2, 0, 2]
    assert any("could not be read again" in line for line in reports)


def test_the_watch_command_fetches_subscriptions_with_its_feeds_file(tmp_path, server):
    recs = fs.shared_articles(4)
    listed = _site(server, "listed", recs[:2])
    subscribed = _site(server, "subscribed", recs[2:])
    db = tmp_path / "s.sqlite3"
    with Store(db) as store:
        fetchstate.subscribe(store, subscribed)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# one feed here, one subscribed in the store\n{listed}\n", "utf-8")
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[fetch]\nper_host_interval_s = 0.0\ntimeout_s = 5.0\nretries = 0\n", "utf-8")
    res = CliRunner().invoke(main, ["watch", "--feeds", str(feeds), "--once", "--db", str(db), "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    assert "4 new articles," in res.output
    with Store(db) as store:
        assert {f.url: f.n_articles for f in fetchstate.feeds(store)} == {listed: 2, subscribed: 2}


def test_the_watch_command_needs_no_feeds_file_when_feeds_are_subscribed(tmp_path, server):
    recs = fs.shared_articles(2)
    subscribed = _site(server, "only-subscribed", recs)
    db = tmp_path / "s.sqlite3"
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[fetch]\nper_host_interval_s = 0.0\ntimeout_s = 5.0\nretries = 0\n", "utf-8")
    res = CliRunner().invoke(main, ["watch", "--once", "--db", str(db), "--config", str(cfg)])
    assert res.exit_code == 2 and "no feeds to watch" in res.output
    with Store(db) as store:
        fetchstate.subscribe(store, subscribed)
    import signal

    before = signal.getsignal(signal.SIGTERM)
    res = CliRunner().invoke(main, ["watch", "--once", "--db", str(db), "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    assert "2 new articles," in res.output
    assert signal.getsignal(signal.SIGTERM) is before  # the command's "stop after the article" handler is gone
