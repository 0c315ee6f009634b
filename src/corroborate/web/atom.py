"""Atom 1.0 feeds of stories (RFC 4287): records in, UTF-8 XML bytes out.

Built with ``xml.etree.ElementTree``, which escapes ``&``, ``<``, ``>`` and quotes;
what it does not do is drop the characters XML 1.0 cannot hold at all (C0 controls
but tab and newlines, lone surrogates, U+FFFE/U+FFFF), which article text can carry:
``xml_text`` removes them from every string first, so a hostile title can neither
break out of its element nor make the document ill-formed.

Each entry is a story: its title, an absolute link to ``/stories/{id}``, its last
update, its brief as escaped HTML (``content type="html"``) and as plain text
(``summary``), and its source counts (in both, and as ``corroborate:sources`` /
``corroborate:independent`` elements). Entry ids are ``urn:uuid:`` URIs derived
from the story id (uuid5), so they do not change with the host the feed is read
through; the feed's id is derived from its path and query the same way.
"""

from __future__ import annotations

import html
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Sequence

ATOM_NS = "http://www.w3.org/2005/Atom"
CORROBORATE_NS = "urn:corroborate:atom"  # our extension elements (source counts)
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
EPOCH = "1970-01-01T00:00:00Z"  # the <updated> of a feed with no entries (stable, so its ETag is)

ET.register_namespace("", ATOM_NS)
ET.register_namespace("corroborate", CORROBORATE_NS)

# what XML 1.0 cannot hold (its Char production): C0 controls but \t \n \r, surrogates, U+FFFE, U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAMESPACE = uuid.UUID("6f1c55a2-6d0b-5c1e-9a57-0c0b7a1d2e10")  # fixed: ids must never change


@dataclass(frozen=True, slots=True)
class StoryEntry:
    """One story as a feed entry."""

    id: str
    title: str
    updated: str  # the story's last write (ISO 8601)
    brief: tuple[str, ...]  # the brief's sentences, in order
    n_articles: int
    n_independent: int
    first_published: str | None = None


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can hold (characters it cannot are removed)."""
    return _NOT_XML.sub("", str(value))


def stable_id(kind: str, key: str) -> str:
    """A ``urn:uuid:`` URI for ``key`` of ``kind`` (``story``, ``feed``), the same on every run and host."""
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, f"corroborate:{kind}:{key}"))


def rfc3339(value: str | None) -> str | None:
    """An ISO 8601 date or time as an RFC 3339 UTC timestamp (a bare date is its midnight UTC); None if unreadable."""
    if not value:
        return None
    text = str(value).strip()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(stamp: str) -> str:
    """An RFC 3339 UTC timestamp as an HTTP date (``Last-Modified``)."""
    return format_datetime(datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc), usegmt=True)


def not_modified_since(header: str | None, stamp: str) -> bool:
    """Whether an ``If-Modified-Since`` header says the client holds the version of ``stamp``."""
    if not header:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc) <= since


def counts_text(entry: StoryEntry) -> str:
    sources = f"{entry.n_articles} source{'s' if entry.n_articles != 1 else ''}"
    return f"{sources}, {entry.n_independent} independent"


def _sub(parent: ET.Element, tag: str, text: str | None = None, ns: str = ATOM_NS, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ns}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _content_html(entry: StoryEntry) -> str:
    """The entry's brief as HTML, every piece of source text escaped (the XML escapes it once more)."""
    sentences = " ".join(html.escape(xml_text(s), quote=False) for s in entry.brief)
    parts = [f"<p>{sentences}</p>" if sentences else "<p><em>No brief yet.</em></p>"]
    parts.append(f"<p><strong>{html.escape(counts_text(entry))}</strong></p>")
    return "".join(parts)


def feed_updated(entries: Sequence[StoryEntry]) -> str:
    """The feed's <updated>: its newest entry's, or ``EPOCH`` for an empty feed."""
    stamps = [s for s in (rfc3339(e.updated) for e in entries) if s]
    return max(stamps, default=EPOCH)


def atom_feed(
    entries: Sequence[StoryEntry], *, title: str, feed_key: str, self_url: str, html_url: str, base_url: str,
    generator_version: str = "",
) -> bytes:
    """The Atom document (UTF-8 bytes) of ``entries``.

    ``feed_key``: what the feed's id is derived from (its path and query);
    ``self_url``: its absolute URL; ``html_url``: the page showing the same
    stories; ``base_url``: the server's absolute base (no trailing slash), for
    the entries' links to ``/stories/{id}``.
    """
    from urllib.parse import quote

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(feed, "id", stable_id("feed", feed_key))
    _sub(feed, "title", title, type="text")
    _sub(feed, "updated", feed_updated(entries))
    author = _sub(feed, "author")
    _sub(author, "name", "corroborate")
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=html_url)
    _sub(feed, "generator", "corroborate", **({"version": generator_version} if generator_version else {}))
    for e in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "id", stable_id("story", e.id))
        _sub(entry, "title", e.title.strip() or e.id, type="text")
        _sub(entry, "link", rel="alternate", type="text/html", href=base_url + "/stories/" + quote(e.id, safe=""))
        _sub(entry, "updated", rfc3339(e.updated) or EPOCH)
        published = rfc3339(e.first_published)
        if published:
            _sub(entry, "published", published)
        brief = " ".join(e.brief).strip()
        _sub(entry, "summary", (brief + " " if brief else "") + f"({counts_text(e)})", type="text")
        _sub(entry, "content", _content_html(e), type="html")
        _sub(entry, "sources", str(e.n_articles), ns=CORROBORATE_NS)
        _sub(entry, "independent", str(e.n_independent), ns=CORROBORATE_NS)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
