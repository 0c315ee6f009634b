"""The byline (issue 12): the page's author metadata, else the feed entry's <author>/<dc:creator>."""

from __future__ import annotations

import html

import fetchserver as fs
from corroborate import config
from corroborate.fetch.parse import feed_entries
from corroborate.fetch.run import fetch_round
from corroborate.fetch.urls import canonical
from corroborate.store import Store

FAST = config.override(config.settings(), {"fetch": {
    "timeout_s": 0.5, "connect_timeout_s": 0.5, "retries": 2, "backoff_s": 0.01, "max_retry_after_s": 2.0,
    "per_host_interval_s": 0.0, "max_body_bytes": 2_000_000, "workers": 4}})


def _page_with_author(rec: dict, author: str) -> bytes:
    meta = f'<meta name="author" content="{html.escape(author)}">'
    return fs.page(rec).replace(b"</head>", meta.encode() + b"</head>", 1)


def _rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """RSS 2.0 whose items carry a byline element each (``<author>``, ``<dc:creator>`` or nothing)."""
    body = "".join(f"<item><title>t{n}</title><link>{base}{p}</link>{byline}"
                   f"<pubDate>Mon, 16 Apr 2018 10:00:00 GMT</pubDate></item>" for n, (p, _, byline) in enumerate(items))
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>Test RSS</title><link>{base}/</link><description>t</description>{body}</channel></rss>").encode()


def test_feed_entries_read_author_and_dc_creator_names():
    base = "http://127.0.0.1:1"
    entries = feed_entries(_rss(base, [
        ("/a", "", "<author>jd@example.com (Jo Doe)</author>"),
        ("/b", "", "<dc:creator>Sam Poe</dc:creator>"),
        ("/c", "", ""),
    ]))
    assert [e.author for e in entries] == ["Jo Doe", "Sam Poe", None]
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            b'<entry><title>x</title><link href="http://127.0.0.1:1/x"/><author><name>Ann Lee</name></author></entry></feed>')
    assert feed_entries(atom)[0].author == "Ann Lee"


def test_the_page_author_else_the_feed_entry_author_is_stored(tmp_path, server):
    recs = fs.shared_articles(3)
    server.routes["/a/0"] = fs.Route(body=_page_with_author(recs[0], "Page Writer"))
    server.routes["/a/1"] = fs.Route(body=fs.page(recs[1]))
    server.routes["/a/2"] = fs.Route(body=fs.page(recs[2]))
    server.routes["/feed"] = fs.Route(body=_rss(server.base, [
        ("/a/0", "", "<dc:creator>Feed Writer</dc:creator>"),  # the page's own author wins
        ("/a/1", "", "<dc:creator>Sam Poe</dc:creator>"),
        ("/a/2", "", ""),
    ]), ctype="application/xml")
    with Store(tmp_path / "s.sqlite3") as store:
        r = fetch_round(store, [server.base + "/feed"], FAST, feeds_only=True)
        assert not r.failures and len(r.added) == 3
        by_url = {a.url: a.author for a in store.articles()}
    assert [by_url[canonical(f"{server.base}/a/{i}")] for i in range(3)] == ["Page Writer", "Sam Poe", None]
