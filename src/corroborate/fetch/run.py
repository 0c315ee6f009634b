"""Fetch rounds over the store: URLs in, articles stored and grouped, failures named.

    fetch_round(store, urls, settings)   each URL: an article page, an RSS/Atom feed or a
        sitemap (told from the body); feed and sitemap entries fetched as articles.
        New articles go through the gate every input passes (a JSON record ->
        ``ingest.validate.validate_record`` -> ``stages.prepare``) and are stored by
        ``pipeline.store_prepared``; then ``pipeline.group_new``.

An article's fields: the page's (trafilatura), the feed entry's filling what the page
lacks. Its date, strongest first: the page's metadata (``parse.page_date``), the entry's
date, a date written in the page (``parse.text_date``), which is listed in
``Article.inferred`` as every date read from a text is.

Fetch state (``store.fetchstate``): a URL is written as seen only after its article is
committed, and a feed's validators only after its new articles are, so a killed run
resumes without refetching or losing anything. ``stop`` (a ``threading.Event``) ends
a round after the articles in hand.
"""

from __future__ import annotations

import hashlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Callable, Mapping, Sequence

from ..ingest.validate import RecordRules, check_published, validate_record
from ..model import Rejection
from ..store import fetchstate
from ..store.sqlite import ArticleRow, Store
from .http import Fetcher, FetchError, FetchRules, Response
from .parse import PAGE_TEXT_DATE, Entry, NotAFeed, feed_entries, opml_urls, page_date, sitemap_urls, sniff, text_date
from .urls import canonical


@dataclass(frozen=True, slots=True)
class Failure:
    url: str
    reason: str

    def line(self) -> str:
        return f"failed: {self.url}: {self.reason}"


@dataclass(slots=True)
class RoundResult:
    added: list[str] = field(default_factory=list)  # article ids stored this round
    already: int = 0  # entries skipped: their URL (canonical) was fetched before
    duplicates: list[str] = field(default_factory=list)  # fetched, but the same text is stored
    failures: list[Failure] = field(default_factory=list)
    not_modified: int = 0  # feeds answered 304
    stories: list[str] = field(default_factory=list)
    requests: int = 0
    stopped: bool = False


def article_id(url: str) -> str:
    return "u-" + hashlib.sha1(canonical(url).encode("utf-8")).hexdigest()[:16]


def _text(resp: Response) -> str:
    m = re.search(r"charset=([\w.-]+)", resp.headers.get("content-type", ""))
    try:
        return resp.body.decode(m.group(1) if m else "utf-8", "replace")
    except LookupError:
        return resp.body.decode("utf-8", "replace")


#: A date read from the page's text, with the reason it is marked inferred; None when the
#: page's metadata or the feed entry dated the article (or nothing did).
Guess = tuple[str, str] | None


def _record(link: str, resp: Response, entry: Entry | None) -> tuple[dict[str, Any], str | None, Guess]:
    """The JSON record of an article page (trafilatura), the entry filling what the page lacks;
    raises ``FetchError`` when the page holds no article. Also returns the page's canonical URL
    and, for an article neither the page's metadata nor the entry dates, a date read from the
    page's text (stored only when cleaning finds no better one, and marked inferred)."""
    from ..ingest.html import parse_html

    kind = sniff(resp.body, resp.content_type)
    if kind != "html":
        raise FetchError(link, f"not an article page (a {kind} document, content-type {resp.content_type or 'none'})")
    html = _text(resp)
    title, text, meta = parse_html(html, url=resp.url)
    if not text.strip():
        raise FetchError(link, "no article text on the page")
    page_url = meta.get("url") or None
    # not meta["published"]: trafilatura's date comes from htmldate's extensive search, which
    # reads a bare year in the text ("the 2022 invasion" -> 2022-01-01) over the entry's date
    published = page_date(html, url=resp.url) or (entry.published if entry else None)
    guess = None
    if published is None and (day := text_date(html, url=resp.url)):
        guess = (day, PAGE_TEXT_DATE)
    rec = {
        "id": article_id(link),
        "text": text,
        "title": title or (entry.title if entry else None),
        "url": canonical(page_url or link),
        "source": meta.get("source") or (entry.source if entry else None),
        "published": published,
        "language": meta.get("language"),
        "author": meta.get("author") or (entry.author if entry else None),
    }
    return {k: v for k, v in rec.items() if v is not None}, page_url, guess


def _prepare(item: tuple[str, dict[str, Any], Guess], rules: RecordRules,
             clean: Mapping[str, Any]) -> tuple[ArticleRow, bytes] | Rejection:
    """One fetched record as its store row and encoded feature counts (``pipeline.store_prepared``),
    or a Rejection naming its URL: ``validate_record`` and ``stages.prepare`` as for every input;
    then the text's date guess, when cleaning found none, is set and listed in ``inferred``."""
    from .. import stages
    from ..features import vectors
    from ..store.sqlite import article_row

    key, rec, guess = item
    doc = validate_record(rec, key, rules, fmt="html")
    prepared = stages.prepare(doc, {"clean": clean})
    if isinstance(prepared, Rejection):
        return prepared
    article = prepared.article
    if guess is not None and article.published is None:
        day, why = check_published(guess[0], rules)
        if why is None and day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            article = replace(article, published=day, inferred=(*article.inferred, ("published", guess[1])))
    try:
        return article_row(article), vectors.encode(prepared.counts)
    except Exception as exc:  # noqa: BLE001 - this article alone is rejected
        return Rejection(key, f"could not be featurised: {type(exc).__name__}: {exc}")


class Round:
    """One round of fetching; see ``fetch_round``."""

    def __init__(self, store: Store, settings: Mapping[str, Mapping[str, Any]], fetcher: Fetcher,
                 stop: threading.Event | None = None, report: Callable[[str], None] | None = None):
        self.store, self.settings, self.fetcher = store, settings, fetcher
        self.stop = stop or threading.Event()
        self.report = report or (lambda _line: None)
        self.result = RoundResult()
        self._pool = ThreadPoolExecutor(max_workers=fetcher.rules.workers)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def fail(self, url: str, reason: str) -> None:
        f = Failure(url, reason)
        self.result.failures.append(f)
        self.report(f.line())

    # -- inputs ---------------------------------------------------------------
    def input(self, url: str, *, feeds_only: bool = False, depth: int = 0) -> None:
        """One URL given by the user (``fetch``) or listed in a watch file (``feeds_only``)."""
        if self.stop.is_set():
            return
        if not feeds_only and canonical(url) in fetchstate.seen(self.store, [canonical(url)]):
            self.result.already += 1
            return
        state = fetchstate.feed_state(self.store, url)
        try:
            resp = self.fetcher.get(url, state.etag if state else None, state.last_modified if state else None)
        except FetchError as exc:
            self._feed_failed(url, exc.reason, state is not None)
            return
        if resp.not_modified:
            self.result.not_modified += 1
            fetchstate.put_feed(self.store, url, status="304 not modified", keep_validators=True)
            return
        kind = sniff(resp.body, resp.content_type)
        try:
            if kind == "feed":
                entries = feed_entries(resp.body)
            elif kind == "sitemap":
                entries, children = sitemap_urls(resp.body)
                for child in children if depth < 2 else []:
                    self.input(child, feeds_only=True, depth=depth + 1)
            elif kind == "opml" and not feeds_only:
                for feed in opml_urls(resp.body):
                    self.input(feed, feeds_only=True)
                return
            elif kind == "html" and not feeds_only:
                self.articles([(url, None)], prefetched={url: resp})
                return
            elif kind == "html":
                raise NotAFeed("not a feed: the response is an HTML page")
            else:
                raise NotAFeed(f"not an article page, feed or sitemap (content-type {resp.content_type or 'none'})")
        except NotAFeed as exc:
            self._feed_failed(url, str(exc), state is not None)
            return
        added = self.articles([(e.link, e) for e in entries])
        fetchstate.put_feed(self.store, url, status=f"{resp.status} ok", etag=resp.headers.get("etag"),
                            last_modified=resp.headers.get("last-modified"), new_articles=added)

    def _feed_failed(self, url: str, reason: str, known: bool) -> None:
        self.fail(url, reason)
        fetchstate.put_feed(self.store, url, status=f"failed: {reason}"[:300], keep_validators=True)

    # -- articles -------------------------------------------------------------
    def articles(self, items: Sequence[tuple[str, Entry | None]], prefetched: Mapping[str, Response] | None = None) -> int:
        """Fetch the not yet seen links of ``items`` (in parallel, politely), store the articles
        through the ingest path, then remember their URLs. Returns how many were stored."""
        prefetched = prefetched or {}
        todo: dict[str, tuple[str, Entry | None]] = {}
        for link, entry in items:
            key = canonical(link)
            if key in todo:
                self.result.already += 1
                continue
            todo[key] = (link, entry)
        known = fetchstate.seen(self.store, todo)
        self.result.already += len(known)
        for key in known:
            todo.pop(key)
        if not todo:
            return 0

        def one(key: str) -> tuple[str, dict | None, str | None, Guess, str | None]:
            link, entry = todo[key]
            if self.stop.is_set():
                return key, None, None, None, None
            try:
                resp = prefetched.get(link) or self.fetcher.get(link)
                if resp.not_modified:
                    raise FetchError(link, "HTTP 304 to an unconditional request")
                rec, page_url, guess = _record(link, resp, entry)
                return key, rec, page_url, guess, None
            except FetchError as exc:
                return key, None, None, None, exc.reason
            except Exception as exc:  # noqa: BLE001 - one page must not stop the round
                return key, None, None, None, f"could not be read: {type(exc).__name__}: {str(exc)[:200]}"

        records: list[tuple[str, dict, Guess]] = []
        final: list[tuple[str, str | None, str]] = []
        for key, rec, page_url, guess, reason in self._pool.map(one, list(todo)):
            link = todo[key][0]
            if reason is not None:
                self.fail(link, reason)
                if reason == "no article text on the page" or reason.startswith("not an article page"):
                    final.append((key, None, reason))
                continue
            if rec is None:
                self.result.stopped = True
                continue
            alias = canonical(page_url) if page_url else key
            if alias != key and (alias in fetchstate.seen(self.store, [alias]) or any(alias == r[1]["url"] for r in records)):
                self.result.already += 1  # the same article reached by another URL
                final.append((key, None, f"same article as {alias}"))
                continue
            records.append((key, rec, guess))
        stored = self._ingest(records, final)
        fetchstate.mark_seen(self.store, final)
        return stored

    def _ingest(self, records: list[tuple[str, dict, Guess]], final: list) -> int:
        if not records:
            return 0
        from .. import pipeline
        from ..parallel import pmap, worker_count

        cfg = self.settings["pipeline"]
        workers = worker_count(int(cfg["workers"])) if len(records) >= int(cfg["parallel_min_items"]) else 1
        prepare = partial(_prepare, rules=RecordRules.from_settings(self.settings["ingest"]),
                          clean=dict(self.settings["clean"]))
        result = pipeline.store_prepared(self.store, pmap(prepare, records, workers=workers), self.settings)
        by_origin = {r.origin: r.reason for r in result.rejected}
        for r in result.rejected:
            self.fail(r.origin, f"rejected: {r.reason}")
        self.result.added.extend(result.added)
        self.result.duplicates.extend(s.origin for s in result.skipped)
        # one article, one record: a page whose text is stored already (pasted, uploaded) is that article
        existing = {s.origin: aid for s, aid in zip(result.skipped, result.existing)}
        for key, rec, _ in records:
            if key in by_origin:
                final.append((key, None, f"rejected: {by_origin[key]}"[:300]))
            else:
                aid = existing.get(key, rec["id"])
                final.append((key, aid, "stored" if aid == rec["id"] else f"same text as article {aid}"))
                if rec["url"] != key:
                    final.append((rec["url"], aid, f"canonical URL of {key}"))
        return sum(1 for key, _, _ in records if key not in by_origin)


def new_fetcher(store: Store, settings: Mapping[str, Mapping[str, Any]]) -> Fetcher:
    """A fetcher with the robots.txt files the store read within ``[fetch] robots_ttl_s``."""
    rules = FetchRules.from_settings(settings["fetch"])
    return Fetcher(rules, robots=fetchstate.robots(store, rules.robots_ttl_s))


def fetch_round(
    store: Store, urls: Sequence[str], settings: Mapping[str, Mapping[str, Any]], *, feeds_only: bool = False,
    fetcher: Fetcher | None = None, stop: threading.Event | None = None, report: Callable[[str], None] | None = None,
    group: bool = True,
) -> RoundResult:
    """Fetch every URL of ``urls`` once, store the new articles and (``group``) place them in stories."""
    own = fetcher is None
    fetcher = fetcher or new_fetcher(store, settings)
    before = fetcher.requests
    rnd = Round(store, settings, fetcher, stop, report)
    try:
        for url in urls:
            if rnd.stop.is_set():
                rnd.result.stopped = True
                break
            rnd.input(url, feeds_only=feeds_only)
    finally:
        rnd.close()
        read, fetcher.robots_read = fetcher.robots_read, {}
        fetchstate.put_robots(store, read)
        if own:
            fetcher.close()
    result = rnd.result
    result.requests = fetcher.requests - before
    if group:
        from .. import pipeline

        pipeline.group_new(store, settings)
        ids = result.added
        membership = store.membership_of(ids)
        result.stories = list(dict.fromkeys(membership[a] for a in ids if a in membership))
    return result
