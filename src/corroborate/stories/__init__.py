"""Story grouping: articles that report the same event, in batch or incrementally.

    cluster_batch(articles, **settings) -> list[list[article_id]]
    StoryIndex(docfreq, stored).add(article) -> story_key
"""

from .batch import cluster_batch, cluster_counts
from .index import StoryIndex

__all__ = ["cluster_batch", "cluster_counts", "StoryIndex"]
