"""HTML pages: reads decoded HTML, returns (title, main text, metadata) via
trafilatura (favor_precision: leaving out a doubtful block beats keeping
navigation or comments). Language comes from trafilatura or ``<html lang>``.
"""

from __future__ import annotations

import re
from typing import Any

_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)


def parse_html(html: str, url: str | None = None) -> tuple[str | None, str, dict[str, Any]]:
    """``(title, text, meta)``; text is "" when no article text is found."""
    import trafilatura  # heavy import, only when HTML is read

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        # the page's own dates only (meta tags, JSON-LD, its URL, dated elements): htmldate's extensive
        # search reads a bare year in the text or a copyright line as 1 January of that year
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None, "", {}
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    text = get("text") or ""
    lang = get("language")
    if not lang:
        m = _LANG.search(html[:5000])
        lang = m.group(1).lower() if m else None
    meta = {
        "source": get("sitename") or None,
        "published": get("date") or None,
        "url": get("url") or None,
        "language": lang,
        "author": get("author") or None,
    }
    return get("title") or None, text, meta
