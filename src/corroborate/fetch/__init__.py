"""Live news (issue 12): fetch article pages, feeds and sitemaps politely; watch feeds.

    urls    canonical URLs (courlan + AMP folding)
    http    the polite, robust fetcher (httpx): robots.txt, per-host limits, retries, caps
    parse   what a body is (feed, sitemap, OPML, HTML) and its entries (feedparser)
    run     one fetch round over the store: articles through the ingest path, then group_new
    watch   rounds every N seconds until stopped, a hook after each
    cli     the ``fetch`` and ``watch`` commands
"""
