"""Feeds both ways (issue 12, must-holds 6 and 7) against a real server on 127.0.0.1:
Atom feeds of stories (valid Atom 1.0 as feedparser and an XML parser read it, hostile
text escaped, conditional GET), and the watched-feeds page and API (subscribe, refused
URLs, read-only, cross-site), with one check in headless Chromium."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest

from corroborate.store import Store, fetchstate
from corroborate.web import atom

from .conftest import running, unrelated

feedparser = pytest.importorskip("feedparser")

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = "<script>alert('t')</script> Tom & Jerry \x07\x1b\x00 <b>bold</b> ]]> \ud800 end"


def _feed(reply):
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(reply.body)  # well-formed XML, or this raises
    assert root.tag == ATOM + "feed"
    parsed = feedparser.parse(reply.body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return root, parsed


# -- the renderer on its own ---------------------------------------------------
def test_the_renderer_escapes_hostile_text_and_drops_what_xml_cannot_hold():
    entry = atom.StoryEntry(
        id="st-<&>\"'", title=HOSTILE_TITLE, updated="2026-12-01T10:00:00Z",
        brief=("First <img src=x onerror=alert(1)> & second.\x0b", "Quote \"x\" & 'y' \ufffe."), n_articles=3,
        n_independent=2, first_published="2026-11-30",
    )
    body = atom.atom_feed([entry], title="t & <t>", feed_key="/feeds/stories.atom", self_url="http://h/feeds/stories.atom",
                          html_url="http://h/", base_url="http://h")
    root = ET.fromstring(body)
    (e,) = root.findall(ATOM + "entry")
    title = e.find(ATOM + "title").text
    assert "<script>alert('t')</script> Tom & Jerry" in title and "<b>bold</b> ]]>" in title  # kept as text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", body.decode("utf-8"))
    assert b"<script>" not in body and b"<img" not in body  # never raw markup in the document
    # the HTML content escapes the source text once more: a reader shows it, never runs it
    content = e.find(ATOM + "content")
    assert content.get("type") == "html"
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; second." in content.text
    assert "3 sources, 2 independent" in content.text
    assert e.find(ATOM + "link").get("href") == "http://h/stories/st-%3C%26%3E%22%27"
    assert e.find(ATOM + "published").text == "2026-11-30T00:00:00Z"
    assert e.find("{urn:corroborate:atom}sources").text == "3"
    parsed = feedparser.parse(body)
    assert not parsed.bozo and parsed.entries[0].title.startswith("<script>alert('t')</script> Tom & Jerry")
    assert parsed.entries[0].id == atom.stable_id("story", "st-<&>\"'") and parsed.entries[0].id.startswith("urn:uuid:")


def test_an_empty_feed_is_valid_and_stable():
    one = atom.atom_feed([], title="none", feed_key="/x", self_url="http://h/x", html_url="http://h/", base_url="http://h")
    assert one == atom.atom_feed([], title="none", feed_key="/x", self_url="http://h/x", html_url="http://h/", base_url="http://h")
    parsed = feedparser.parse(one)
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.updated == atom.EPOCH


# -- Atom feeds over HTTP -------------------------------------------------------------
def test_the_stories_feed_is_atom_with_each_story_its_brief_and_counts(server, founding_id):
    r = server.get("/feeds/stories.atom")
    root, parsed = _feed(r)
    story = server.get(f"/api/stories/{founding_id}").json()["stories"][0]
    (entry,) = parsed.entries
    assert entry.title == story["title"]
    assert entry.link == f"{server.base}/stories/{founding_id}"  # absolute, from the request's base URL
    assert entry.id == atom.stable_id("story", founding_id)
    assert entry.updated_parsed is not None
    first = story["brief"][0]["text"]
    assert first in entry.summary and first.split()[0] in entry.content[0].value
    card = server.get("/api/stories").json()["stories"][0]
    assert f"{card['n_articles']} sources, {card['n_independent']} independent" in entry.content[0].value
    assert root.find(ATOM + "entry").find("{urn:corroborate:atom}independent").text == str(card["n_independent"])
    assert [ln["href"] for ln in parsed.feed.links if ln["rel"] == "self"] == [server.base + "/feeds/stories.atom"]
    # entry ids do not depend on the host the feed was read through
    other = server.get("/feeds/stories.atom", headers={"Host": "localhost:" + server.base.rsplit(":", 1)[1]})
    _, parsed2 = _feed(other)
    assert parsed2.entries[0].id == entry.id and parsed2.entries[0].link.startswith("http://localhost:")


def test_an_unchanged_feed_answers_304_to_its_etag_and_date(server):
    r = server.get("/feeds/stories.atom")
    etag, modified = r.headers["etag"], r.headers["last-modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = server.get("/feeds/stories.atom", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["etag"] == etag
    assert server.get("/feeds/stories.atom", headers={"If-Modified-Since": modified}).status == 304
    assert server.get("/feeds/stories.atom", headers={"If-None-Match": '"other"'}).status == 200
    # a new story changes the feed, its ETag and its date
    assert server.post_json("/api/articles", unrelated(0)).status == 201
    changed = server.get("/feeds/stories.atom", headers={"If-None-Match": etag})
    assert changed.status == 200 and changed.headers["etag"] != etag
    _, parsed = _feed(changed)
    assert parsed.entries[0].title == unrelated(0)["title"]  # newest update first
    assert len(parsed.entries) == 2


def test_a_search_feed_holds_what_the_search_finds(server, founding_id):
    for i in range(3):
        assert server.post_json("/api/articles", unrelated(i)).status == 201
    for q in ("Ukraine", "Zelenskyy", "flood barrier", "railway landslide", "nothing-matches-this"):
        want = [s["id"] for s in server.get("/api/stories?" + urlencode({"q": q})).json()["stories"]]
        _, parsed = _feed(server.get("/feeds/stories.atom?" + urlencode({"q": q})))
        got = [e.link.rsplit("/", 1)[1] for e in parsed.entries]
        assert sorted(got) == sorted(want), q
        assert q in parsed.feed.title
    _, limited = _feed(server.get("/feeds/stories.atom?limit=2"))
    assert len(limited.entries) == 2
    assert server.get("/feeds/stories.atom?limit=0").status == 400  # a page path: the HTML error


def test_an_entity_feed_holds_the_stories_naming_it(server, founding_id):
    assert server.post_json("/api/articles", unrelated(1)).status == 201
    story = server.get(f"/api/stories/{founding_id}").json()["stories"][0]
    person = next(e for e in story["entities"] if e["kind"] == "person")
    page = server.get("/entities/" + person["id"])
    assert page.status == 200
    _, parsed = _feed(server.get("/feeds/entities/" + person["id"] + ".atom"))
    assert [e.link for e in parsed.entries] == [f"{server.base}/stories/{founding_id}"]
    assert person["name"] in parsed.feed.title
    assert server.get("/feeds/entities/person:nobody-at-all.atom").status == 404
    assert server.get("/feeds/entities/" + person["id"]).status == 404  # no .atom


def test_a_hostile_story_title_is_escaped_in_the_feed(server):
    # the API refuses NUL and lone surrogates; the other control characters can reach a story's title
    rec = unrelated(2) | {"id": "hostile-1", "title": HOSTILE_TITLE.replace("\ud800", "").replace("\x00", "")}
    r = server.post_json("/api/articles", rec)
    assert r.status == 201, r.text
    body = server.get("/feeds/stories.atom").body
    assert b"<script>" not in body and b"<b>bold" not in body
    assert not re.search(b"[\x00-\x08\x0b\x0c\x0e-\x1f]", body)
    _, parsed = _feed(server.get("/feeds/stories.atom"))
    titles = [e.title for e in parsed.entries]
    assert any("<script>alert('t')</script> Tom & Jerry" in t for t in titles), titles


def test_pages_name_their_feed_for_readers(server):
    head = server.get("/").text.split("</head>", 1)[0]
    assert '<link rel="alternate" type="application/atom+xml"' in head and 'href="/feeds/stories.atom"' in head
    head = server.get("/?q=" + "Ukraine%20%3Cx%3E").text.split("</head>", 1)[0]
    assert 'href="/feeds/stories.atom?q=Ukraine%20%3Cx%3E"' in head
    assert '<a href="/feeds">Feeds</a>' in server.get("/").text


# -- watched feeds: the page and the API ---------------------------------------------------
def _form(server, url: str, headers: dict | None = None):
    return server.request("POST", "/feeds", urlencode({"url": url}).encode(),
                          headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


def test_the_feeds_page_lists_watched_feeds_and_its_form_subscribes(server):
    with Store(server.db) as store:  # what a `watch` round leaves behind
        fetchstate.put_feed(store, "https://news.example/rss", status="200 ok", etag='"a"', new_articles=12)
        fetchstate.put_feed(store, "https://broken.example/feed", status="failed: HTTP 500")
    page = server.get("/feeds")
    assert page.status == 200
    rows = re.findall(r"<tr>(.*?)</tr>", page.text, re.S)
    row = next(r for r in rows if "news.example/rss" in r)
    assert "200 ok" in row and ">12<" in row and "feeds file" in row
    assert "failed: HTTP 500" in page.text
    r = _form(server, "  https://wire.example/atom.xml ")
    assert r.status == 303 and r.headers["location"].startswith("/feeds?added=")
    after = server.get(r.headers["location"])
    assert "Subscribed to <code>https://wire.example/atom.xml</code>" in after.text
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", after.text, re.S) if "wire.example" in r)
    assert "not fetched yet" in row and "subscribed here" in row
    with Store(server.db) as store:
        assert fetchstate.subscriptions(store) == ["https://wire.example/atom.xml"]
    assert "Subscribed to" not in server.get("/feeds?added=https%3A%2F%2Fnever.example%2F").text  # only a real one


@pytest.mark.parametrize("url,reason", [
    ("javascript:alert(1)", "not http(s)"),
    ("ftp://files.example/feed.xml", "not http(s)"),
    ("file:///etc/passwd", "not http(s)"),
    ("https://", "names no host"),
    ("", "empty"),
    ("https://a.example/" + "x" * 2100, "at most 2,000"),
    ("https://a.example/feed\x00.xml", "control character"),
])
def test_a_url_that_cannot_be_subscribed_is_refused_with_its_reason(server, url, reason):
    page = _form(server, url)
    assert page.status == 400 and reason in page.text and 'role="alert"' in page.text
    api = server.post_json("/api/feeds", {"url": url})
    assert api.status == 422 and reason in api.json()["error"]["message"]
    assert api.json()["error"]["code"] == "bad_feed_url"
    assert server.get("/api/feeds").json()["feeds"] == []


def test_the_feeds_api_lists_and_subscribes(server):
    assert server.get("/api/feeds").json() == {"feeds": []}
    r = server.post_json("/api/feeds", {"url": "https://wire.example/rss"})
    assert r.status == 201 and r.json()["created"] is True and r.json()["feed"]["subscribed"] is True
    again = server.post_json("/api/feeds", {"url": "https://wire.example/rss"})
    assert again.status == 200 and again.json()["created"] is False
    with Store(server.db) as store:
        fetchstate.put_feed(store, "https://wire.example/rss", status="304 not modified", keep_validators=True)
    (feed,) = server.get("/api/feeds").json()["feeds"]
    assert feed["url"] == "https://wire.example/rss" and feed["last_status"] == "304 not modified" and feed["subscribed"]
    assert server.request("POST", "/api/feeds", b"{not json", headers={"Content-Type": "application/json"}).status == 400
    assert server.post_json("/api/feeds", ["https://x.example/"]).status == 400
    assert server.post_json("/api/feeds", {"url": 42}).status == 422
    assert server.request("POST", "/api/feeds", b"url=x", headers={"Content-Type": "text/plain"}).status == 415
    doc = server.get("/openapi.json").json()
    assert {"get", "post"} <= set(doc["paths"]["/api/feeds"]) and "/feeds/stories.atom" in doc["paths"]


def test_cross_site_and_read_only_subscriptions_are_refused(server, fresh_db):
    r = _form(server, "https://wire.example/rss", headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert r.status == 403
    assert server.get("/api/feeds").json()["feeds"] == []
    with running(fresh_db, read_only=True) as ro:
        page = ro.get("/feeds")
        assert page.status == 200 and "adding feeds is off" in page.text and "<form class=\"card addform" not in page.text
        assert ro.post_json("/api/feeds", {"url": "https://wire.example/rss"}).status == 403
        assert _form(ro, "https://wire.example/rss").status == 403
        _feed(ro.get("/feeds/stories.atom"))  # reading feeds works read-only


# -- in a browser ------------------------------------------------------------------------
def test_the_feeds_page_in_a_browser_lists_a_feed_and_adds_one(browser, server, artifacts):
    with Store(server.db) as store:
        fetchstate.put_feed(store, "https://news.example/rss", status="200 ok", new_articles=7)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(server.base + "/")
        page.click("nav.mainnav a[href='/feeds']")
        page.wait_for_url(re.compile("/feeds$"))
        row = page.locator("table.feeds tr", has_text="news.example/rss")
        assert "200 ok" in row.inner_text() and "7" in row.inner_text()
        page.fill("form.feedform input[name=url]", "https://wire.example/atom.xml")
        page.click("form.feedform button[type=submit]")
        page.wait_for_url(re.compile(r"/feeds\?added="))
        assert "Subscribed to" in page.locator(".banner").inner_text()
        assert "subscribed here" in page.locator("table.feeds tr", has_text="wire.example/atom.xml").inner_text()
        page.screenshot(path=str(artifacts / "web-feeds.png"), full_page=True)
        assert not errors, errors
    finally:
        ctx.close()
