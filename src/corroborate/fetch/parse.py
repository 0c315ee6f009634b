"""What a fetched body is (from the body, not the URL's extension), and its entries.

    sniff(body, content type) -> "feed" | "sitemap" | "opml" | "html" | "unknown"
    feed_entries  RSS / Atom via feedparser: link + the entry's own title, date, source
    sitemap_urls  <urlset> page URLs and <sitemapindex> child sitemaps
    feed_list     a watch file: one URL a line (# comments), or OPML outlines
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Callable

from lxml import etree

_ROOT = re.compile(rb"<(?!\?|!)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_KINDS: dict[str, str] = {"rss": "feed", "feed": "feed", "rdf": "feed", "urlset": "sitemap", "sitemapindex": "sitemap", "opml": "opml", "html": "html"}


def sniff(body: bytes, content_type: str = "") -> str:
    """The kind of document ``body`` is, read from its first element."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    for m in _ROOT.finditer(head):
        name = m.group(1).decode("ascii", "replace").lower()
        if name in _KINDS:
            return _KINDS[name]
        break
    if "html" in content_type or re.search(rb"<(?:html|body|head|p|div)\b", head, re.I):
        return "html"
    return "unknown"


@dataclass(frozen=True, slots=True)
class Entry:
    """One article a feed or sitemap points to, with what the feed says of it."""

    link: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    summary: str | None = None


class NotAFeed(ValueError):
    pass


def _iso(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed) if parsed else None


def feed_entries(body: bytes) -> list[Entry]:
    """The entries of an RSS/Atom feed; ``NotAFeed`` when malformed or empty."""
    import feedparser

    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        raise NotAFeed(f"malformed feed: {str(parsed.get('bozo_exception', 'unreadable'))[:200]}")
    if not parsed.entries:
        raise NotAFeed("empty feed: no entries")
    outlet = (parsed.feed.get("title") or "").strip() or None
    out = []
    for e in parsed.entries:
        link = (e.get("link") or "").strip()
        if not link:
            continue
        src = e.get("source") or {}
        out.append(Entry(
            link, (e.get("title") or "").strip() or None,
            _iso(e.get("published_parsed") or e.get("updated_parsed")),
            (src.get("title") if hasattr(src, "get") else None) or outlet,
            (e.get("summary") or "").strip() or None,
        ))
    if not out:
        raise NotAFeed("empty feed: no entry has a link")
    return out


def _xml(body: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise NotAFeed(f"malformed XML: {exc}") from exc


def sitemap_urls(body: bytes) -> tuple[list[Entry], list[str]]:
    """``(page entries, child sitemap URLs)`` of a sitemap."""
    root = _xml(body)
    local = lambda el: etree.QName(el).localname.lower()  # noqa: E731
    pages, children = [], []
    for item in root:
        if not isinstance(item.tag, str):
            continue
        fields = {local(c): (c.text or "").strip() for c in item if isinstance(c.tag, str)}
        loc = fields.get("loc")
        if not loc:
            continue
        if local(item) == "sitemap":
            children.append(loc)
        else:
            pages.append(Entry(loc, published=fields.get("lastmod") or None))
    if not pages and not children:
        raise NotAFeed("empty sitemap: no <loc>")
    return pages, children


def opml_urls(body: bytes) -> list[str]:
    root = _xml(body)
    return [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]


def feed_list(text: str, read: Callable[[], bytes] | None = None) -> list[str]:
    """The feed URLs of a watch file: OPML, or one URL a line (blank lines and # comments skipped)."""
    if sniff(text.encode("utf-8", "replace")) == "opml":
        return opml_urls(text.encode("utf-8"))
    urls = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line and not line.startswith("#"):
            urls.append(line.split()[0])
    return urls
