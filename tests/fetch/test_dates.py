"""Which date a fetched article gets (issue 12, must-hold 1: the feed entry fills what the page
lacks). Strongest first: the page's own metadata > the feed entry's date > a full date written
in the page, marked inferred. A bare year in the text ("since the 2022 invasion") or a copyright
line is no date: htmldate's extensive search (trafilatura's default) read one and it beat the
feed's date, so same-day reports stopped grouping."""

from __future__ import annotations

import html

import pytest

import fetchserver as fs
from corroborate import config
from corroborate.fetch.parse import PAGE_TEXT_DATE, page_date, text_date
from corroborate.fetch.run import fetch_round
from corroborate.store import Store

FAST = config.override(config.settings(), {"fetch": {
    "timeout_s": 2.0, "connect_timeout_s": 2.0, "retries": 1, "backoff_s": 0.01,
    "per_host_interval_s": 0.0, "max_body_bytes": 2_000_000, "workers": 4}})

FEED_DAY = "2018-04-16"  # fs.rss gives every entry this pubDate
YEAR_ONLY = "The deployment is the largest since the 2022 invasion, when troops also massed in 2021."


COPYRIGHT = "<footer>© 2020 Example Media. All rights reserved.</footer>"


def _page(rec: dict, head: str = "", header: str = "", extra: str = YEAR_ONLY, aside: str = "",
          footer: str = COPYRIGHT) -> bytes:
    """An article page built from a shared record: ``head`` inside <head>, ``header`` atop the
    <article>, ``extra`` as a last paragraph, ``aside`` in a related-links block, ``footer``
    (a copyright year, which htmldate's extensive search reads as 1 January of that year)."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    title = html.escape(rec.get("title") or rec["text"][:60])
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>{head}</head><body>"
            f"<article><header><h1>{title}</h1>{header}</header>{paras}<p>{html.escape(extra)}</p>"
            f"<aside><h2>Related</h2>{aside}</aside></article>"
            f"{footer}</body></html>").encode()


def _dates(store: Store) -> dict[str, tuple[str | None, dict]]:
    """url path -> (published, inferred) of every stored article."""
    return {a.url.split("/", 3)[3]: (a.published, dict(a.inferred)) for a in store.articles()}


META = "<meta property='article:published_time' content='2024-05-06T08:00:00Z'>"
JSON_LD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
           '"headline": "x", "datePublished": "2024-05-06T08:00:00+00:00"}</script>')
HEADER_TIME = "<p>By A. Writer, <time datetime='2024-05-06T08:00'>6 May 2024</time></p>"
RELATED_TIME = "<a href='/old'>Older story</a> <time datetime='2015-01-02'>2 Jan 2015</time>"


@pytest.mark.parametrize("head, header", [(META, ""), (JSON_LD, ""), ("", HEADER_TIME)],
                         ids=["meta-tag", "json-ld", "header-time"])
def test_page_date_reads_the_pages_metadata_only(head, header):
    rec = fs.shared_articles(1)[0]
    assert page_date(_page(rec, head, header, aside=RELATED_TIME).decode()) == "2024-05-06"


def test_a_year_or_copyright_in_the_text_is_no_date():
    rec = fs.shared_articles(1)[0]
    page = _page(rec, aside=RELATED_TIME).decode()  # a related story's <time> dates that story
    assert page_date(page) is None
    assert text_date(page) is None
    written = _page(rec, extra="The report was filed on 2019-03-05 in Geneva.").decode()
    assert page_date(written) is None and text_date(written) == "2019-03-05"
    assert page_date(page, url="https://example.com/2023/07/08/story") == "2023-07-08"  # a dated URL


def test_fetched_dates_rank_page_metadata_then_feed_entry_then_page_text(tmp_path, server):
    recs = fs.shared_articles(5)
    b = server.base
    # in the feed: no date on the page, only years in its text -> the entry's pubDate
    server.routes["/a/feed-dated"] = fs.Route(body=_page(recs[0]))
    # in the feed: the page's own meta date -> it, over the entry's
    server.routes["/a/page-dated"] = fs.Route(body=_page(recs[1], head=META))
    server.routes["/feed"] = fs.Route(body=fs.rss(b, [("/a/feed-dated", "x"), ("/a/page-dated", "y")]),
                                      ctype="application/rss+xml")
    # fetched directly: a full date in the text only -> it, marked inferred
    server.routes["/a/text-dated"] = fs.Route(body=_page(recs[2], extra="The report was filed on 2019-03-05 in Geneva."))
    # fetched directly: no date anywhere but years -> none (nothing is made up)
    server.routes["/a/undated"] = fs.Route(body=_page(recs[3]))
    # fetched directly: a header <time> beats a related story's older one
    server.routes["/a/header-time"] = fs.Route(body=_page(recs[4], header=HEADER_TIME, aside=RELATED_TIME))
    with Store(tmp_path / "s.sqlite3") as store:
        r = fetch_round(store, [b + "/feed", b + "/a/text-dated", b + "/a/undated", b + "/a/header-time"], FAST)
        assert not r.failures and len(r.added) == 5
        assert _dates(store) == {
            "a/feed-dated": (FEED_DAY, {}),
            "a/page-dated": ("2024-05-06", {}),
            "a/text-dated": ("2019-03-05", {"published": PAGE_TEXT_DATE}),
            "a/undated": (None, {}),
            "a/header-time": ("2024-05-06", {}),
        }


def test_same_day_feed_reports_that_mention_other_years_keep_the_feeds_day(tmp_path, server):
    """The bug as found: each report names a different past year, and each got that year's
    1 January (2005-, 2014-, 2008-01-01 here with trafilatura's defaults); with the feed's
    date they all share the day they were published."""
    recs = fs.shared_articles(3)
    years = ["the 2022 invasion", "the 2014 annexation", "the crisis of 2008"]
    items = []
    for i, (rec, year) in enumerate(zip(recs, years)):
        server.routes[f"/r/{i}"] = fs.Route(body=_page(rec, extra=f"Officials compared it with {year}.", footer=""))
        items.append((f"/r/{i}", f"report {i}"))
    server.routes["/feed"] = fs.Route(body=fs.rss(server.base, items), ctype="application/rss+xml")
    with Store(tmp_path / "s.sqlite3") as store:
        r = fetch_round(store, [server.base + "/feed"], FAST, feeds_only=True)
        assert len(r.added) == 3
        assert {a.published for a in store.articles()} == {FEED_DAY}
        assert not any("published" in dict(a.inferred) for a in store.articles())
        assert len(r.stories) == 1  # one event (NewsWCL50 event 0), one day: one story
