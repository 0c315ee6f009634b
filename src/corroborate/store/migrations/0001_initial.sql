-- 0001: articles, their story features, stories and membership.
-- Derived story data (provenance, groups, later claims and brief) is kept as
-- one JSON document per story: it is recomputed as a whole when the story
-- changes, and read as a whole by the report and the web UI.

CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    content_hash  TEXT NOT NULL,
    title         TEXT,
    source        TEXT,
    url           TEXT,
    published     TEXT,
    language      TEXT,
    origin        TEXT NOT NULL,
    text          TEXT NOT NULL,
    sentences     TEXT NOT NULL,   -- JSON [[start, end], ...] into text
    removed       TEXT NOT NULL,   -- JSON [{"text", "reason"}]
    quality       REAL NOT NULL,
    quality_why   TEXT NOT NULL,   -- JSON [reason]
    added_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_published ON articles(published);

-- Raw term counts per article (hashed feature space), for story grouping.
CREATE TABLE article_features (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    counts     BLOB NOT NULL
);

-- Document frequency of every hashed feature over the stored articles, as
-- one serialised blob (a row per feature would cost millions of upserts).
CREATE TABLE doc_freq (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    n_docs  INTEGER NOT NULL,
    df      BLOB
);

CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',  -- JSON: provenance, independent_groups, ...
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- An article with no row here is pending: stored but not yet grouped (a run
-- that stopped between the two transactions); the next run groups it.
CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
