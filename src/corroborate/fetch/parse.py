"""What a fetched body is (from the body, not the URL's extension), and its entries.

    sniff(body, content type) -> "feed" | "sitemap" | "opml" | "html" | "unknown"
    feed_entries  RSS / Atom via feedparser: link + the entry's own title, date, source
    sitemap_urls  <urlset> page URLs and <sitemapindex> child sitemaps
    feed_list     a watch file: one URL a line (# comments), or OPML outlines
    page_date     an article page's own date: its metadata only (htmldate, no text search)
    text_date     a date read from the page's text, for a page and entry that give none

The date a fetched article gets (``run._record``), strongest first: the page's own
metadata (``page_date``: meta tags, JSON-LD, microdata, the <time> of the article's
header, a date in its URL) > the feed or sitemap entry's date > a full date written in
the page (``text_date``, marked inferred). htmldate's extensive search (trafilatura's
default) is never used: on a page without a date it reads a bare year from the text
("since the 2022 invasion" -> 2022-01-01) or a copyright line, and that guess used to
beat the feed entry's own date.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any, Callable

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
    author: str | None = None  # <author>, <dc:creator>


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
            _author(e),
        ))
    if not out:
        raise NotAFeed("empty feed: no entry has a link")
    return out


def _author(e: Any) -> str | None:
    """An entry's byline: the name of ``<author>``/``<dc:creator>`` ("jd@x.org (Jo Doe)" -> "Jo Doe")."""
    detail = e.get("author_detail") or {}
    name = (detail.get("name") if hasattr(detail, "get") else None) or e.get("author") or ""
    return (name.strip() or None) if isinstance(name, str) else None


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


# -- dates ----------------------------------------------------------------------
#: The reason shown beside a published date read from the page text ("(inferred: ...)").
PAGE_TEXT_DATE = "a date written in the page (no date in its metadata or feed entry)"
_NOT_HEADER = ("aside", "nav", "footer")  # a <time> there dates another article or the page


def _header_times(tree) -> list:
    """The <time> elements of the article itself: in its <article> (else <main>, else the
    page), outside asides, navigation and footers (related links carry their own dates)."""
    scope = next(iter(tree.xpath("//article") or tree.xpath("//main")), tree)
    return [t for t in scope.iter("time") if not any(a.tag in _NOT_HEADER for a in t.iterancestors())]


def page_date(html: str | bytes, url: str | None = None) -> str | None:
    """The page's own publication date (``YYYY-MM-DD``), from its metadata only: <meta> tags
    (Open Graph, Dublin Core, microdata ``itemprop``), JSON-LD, the canonical URL or ``url``
    holding a date, and the <time> elements of the article's header; None when it has none.

    htmldate runs on a copy of the page that holds only those elements, with its extensive
    (free text) search off, so no sentence, title or copyright line can date the article."""
    from htmldate import find_date
    from htmldate.utils import load_html
    from lxml.html import Element

    tree = load_html(html)
    if tree is None:
        return None
    head, body = Element("head"), Element("body")
    for el in tree.iter("meta", "link"):
        head.append(_bare(el))
    for el in tree.iter("script"):
        if (el.get("type") or "").strip().lower() == "application/ld+json":
            head.append(_bare(el, keep_text=True))
    for el in _header_times(tree):
        body.append(_bare(el, keep_text=True))
    doc = Element("html")
    doc.extend([head, body])
    return _find(find_date, doc, url)


def text_date(html: str | bytes, url: str | None = None) -> str | None:
    """A full date written in the page (a dated byline block, a title, a ``YYYY-MM-DD`` in the
    text), for a page whose metadata and feed entry give none; the caller marks it inferred.
    htmldate's extensive search stays off: a bare year or a copyright line is no date; asides,
    navigation and footers are left out (a related story's date is not this one's)."""
    from htmldate import find_date
    from htmldate.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None
    for el in tree.xpath("|".join(f"//{tag}" for tag in _NOT_HEADER)):
        if el.getparent() is not None:
            el.drop_tree()
    return _find(find_date, tree, url)


def _find(find_date: Callable, doc, url: str | None) -> str | None:
    try:
        return find_date(doc, extensive_search=False, original_date=True, url=url)
    except Exception:  # noqa: BLE001 - an unreadable date is no date; the page is still stored
        return None


def _bare(el, keep_text: bool = False):
    """A copy of ``el``: its tag and attributes, and its whole text when ``keep_text``."""
    from lxml.html import Element

    copy = Element(el.tag, dict(el.attrib))
    if keep_text:
        copy.text = el.text_content()
    return copy
