-- 0011: editorial decisions (issue 14, "editorial control"): what a user did to the grouping,
-- kept so that every later `add` and `analyze` honours it (pipeline._constrain, editorial.constrain).

-- article_moves: an article a user put in a story (`corroborate move-article`, POST
-- /api/articles/{id}/move). After each grouping the article is placed in `story_id` again,
-- whatever the grouping says (a story of its own when that story is gone).
CREATE TABLE IF NOT EXISTS article_moves (
    article_id TEXT PRIMARY KEY,
    story_id   TEXT NOT NULL,
    done_by    TEXT NOT NULL,
    done_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_moves_story ON article_moves(story_id);

-- story_merges: the articles of two stories a user merged (`corroborate merge-stories`, POST
-- /api/stories/{id}/merge), one row per article, under the id of the story kept (`into_id`).
-- After each grouping, the stories holding articles merged together are merged again.
CREATE TABLE IF NOT EXISTS story_merges (
    into_id    TEXT NOT NULL,
    article_id TEXT NOT NULL,
    done_at    TEXT NOT NULL,
    PRIMARY KEY (into_id, article_id)
);

-- deleted_articles: an article a user deleted (`corroborate delete-article`, DELETE
-- /api/articles/{id}); its row, features and postings are gone. The same id or the same
-- text added again is skipped with a message naming it (pipeline.store_prepared).
CREATE TABLE IF NOT EXISTS deleted_articles (
    article_id   TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    done_by      TEXT NOT NULL,
    done_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deleted_articles_hash ON deleted_articles(content_hash);

-- editorial_log: every merge, move and delete with who and when (UTC), kept after the
-- stories and articles it names are gone.
CREATE TABLE IF NOT EXISTS editorial_log (
    action  TEXT NOT NULL,   -- merge | move | delete
    subject TEXT NOT NULL,   -- the story merged away, the article moved or deleted
    target  TEXT,            -- the story merged into or moved to; NULL for a delete
    done_by TEXT NOT NULL,
    done_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS editorial_log_subject ON editorial_log(subject);
