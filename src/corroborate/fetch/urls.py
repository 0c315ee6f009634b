"""Canonical URLs: one key per article however it was linked (courlan strips tracking
parameters and fragments and lowercases the host; AMP variants are folded here)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

_AMP_PATH = re.compile(r"(?:/amp/?|\.amp(?=\.html?$)|\.amp)$", re.I)
_AMP_QUERY = {"amp", "outputtype", "amp_js_v", "usqp"}


def http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host (the only kind fetched)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def canonical(url: str) -> str:
    """The key an article's URL is remembered under."""
    url = url.strip()
    try:
        url = normalize_url(url, strict=True)
    except Exception:  # noqa: BLE001 - a URL courlan cannot read is kept as given
        pass
    parts = urlsplit(url)
    host = parts.netloc
    if host.startswith("amp."):
        host = host[4:]
    path = _AMP_PATH.sub("", parts.path) or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _AMP_QUERY])
    return urlunsplit((parts.scheme, host, path, query, ""))


def host_of(url: str) -> str:
    return (urlsplit(url).netloc or "").lower()
