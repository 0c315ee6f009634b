"""The report document of stored stories: a read of the store, no analysis.

Kept apart from ``pipeline`` so that the commands and pages that only read the
store (``corroborate show``, the web's story and article pages) never import
the analysis code (claims, brief, numpy, scipy): see ``tests/test_cli.py``.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..serialize import report
from .base import StoreLike


def report_for(store: StoreLike, story_ids: Sequence[str], **extra: Any) -> dict[str, Any]:
    """The report document for the given stories and all their articles."""
    stories = [s for s in (store.story(i) for i in story_ids) if s is not None]
    article_ids = [a for s in stories for a in s.article_ids]
    return report(store.articles(article_ids), stories, **extra)
