"""Stable, unique ids within one run, and the key that says two inputs are one article.

An input keeps its natural id (file stem, or the record's ``id``); one without
gets ``default_id``: a content hash ``sha1(text)[:16]``, or with a URL
``sha1(url_key + "\n" + text)[:16]``, so the same text at two URLs gets two ids
(URL-less inputs keep the id they always had). If that id was already given to
a *different* article in this run (another text, or the same text at another
URL), the new one becomes ``id-2`` (then ``id-3`` ...); the same id for the same
article is a duplicate.

One article, one record (issue 14): whatever route an input takes (a file, pasted
text, a JSON record, an upload, a fetched page), it is the article already stored
when its normalised text is the same (``clean.content_hash``: the body without the
headline, case and whitespace folded) and their URLs do not say otherwise: either
has no URL, or both have the same ``url_key``. The same text at two different URLs
is two articles (a wire story that two outlets published). ``pipeline.store_prepared``
applies the rule; the id the article was first stored under is the one every later
route reports.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def hash_id(text: str) -> str:
    return text_key(text)[:16]


def default_id(text: str, url: str | None = None) -> str:
    """The id of an input that names none: ``hash_id(text)`` without a usable URL (the id
    such inputs always had, so stores written before stay valid), else a hash of the URL's
    ``url_key`` and the text: the same text at two URLs is two articles with two ids, and
    one page re-added (under any spelling of its URL) gets the id it had."""
    key = url_key(url)
    return hash_id(text) if key is None else text_key(f"{key}\n{text}")[:16]


class IdRegistry:
    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str | None, str]] = {}  # id -> (text key, url, origin)

    def assign(self, base: str, text: str, origin: str, url: str | None = None) -> tuple[str, str | None]:
        """``(id, None)`` for a new document, or ``(id, origin_of_duplicate)`` when ``base``
        (or ``base-N``) was given to the same article (same text, URLs that ``same_article``)."""
        key = text_key(text)
        candidate, n = base, 1
        while candidate in self._seen:
            seen_key, seen_url, seen_origin = self._seen[candidate]
            if seen_key == key and same_article(url, seen_url):
                return candidate, seen_origin
            n += 1
            candidate = f"{base}-{n}"
        self._seen[candidate] = (key, url, origin)
        return candidate, None


# query parameters that track the reader, not the page (dropped from a URL's key)
_TRACKING = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "at_medium", "at_campaign", "ref", "amp",
                       "outputtype"})


def url_key(url: str | None) -> str | None:
    """The key two URLs of one page share, or None when there is no usable URL: host without
    ``www.``/``amp.`` and case, path without a trailing slash or ``/amp``, the query without
    tracking parameters (sorted), no scheme, port 80/443 or fragment. Stdlib only (the fetch
    path's ``fetch.urls.canonical`` needs the ``feeds`` extra)."""
    if not url or not str(url).strip():
        return None
    try:
        parts = urlsplit(str(url).strip())
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    for prefix in ("www.", "amp."):
        host = host.removeprefix(prefix)
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    path = path.removesuffix("/amp")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not (k.lower().startswith("utm_") or k.lower() in _TRACKING))
    return host + path + ("?" + urlencode(query) if query else "")


def same_article(url_a: str | None, url_b: str | None) -> bool:
    """Whether two inputs with the same normalised text are one article: their URLs do not
    tell them apart (either has none, or both have the same ``url_key``)."""
    a, b = url_key(url_a), url_key(url_b)
    return a is None or b is None or a == b
