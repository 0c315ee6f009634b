-- 0004: fetch state (issue 12), so that a killed `watch` resumes without refetching or
-- losing articles. `fetch_seen`: every canonical URL already fetched (an article stored, or
-- a named failure that is final), written only after its article is committed.
-- `fetch_feeds`: each feed's validators for conditional GET (ETag / Last-Modified), written
-- after that feed's new articles are committed, with its last status and article count.
CREATE TABLE fetch_seen (
    url        TEXT PRIMARY KEY,
    article_id TEXT,
    outcome    TEXT NOT NULL,
    seen_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE fetch_feeds (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    last_fetch    TEXT,
    last_status   TEXT,
    n_articles    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
