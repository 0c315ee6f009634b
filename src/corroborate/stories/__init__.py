"""Story grouping: articles that report the same event, in batch or incrementally.

    cluster_batch(articles, settings) -> list[list[article_id]]
    StoryIndex(settings, docfreq, stored).add(article) -> story_key

``settings`` is the whole ``config.settings()`` mapping; both read ``[features]`` and ``[stories]``.
"""

from .batch import cluster_batch, cluster_counts, story_settings
from .index import StoryIndex

__all__ = ["cluster_batch", "cluster_counts", "story_settings", "StoryIndex"]
