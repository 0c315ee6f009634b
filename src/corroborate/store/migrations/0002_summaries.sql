-- 0002: what the listings need, kept in columns (issue 11): `corroborate stories`,
-- `Store.summaries()` and the web catalog read these instead of parsing every
-- story's JSON and joining every article. Written by `Store.put_story`; the
-- values of stories stored before are computed here once.
ALTER TABLE stories ADD COLUMN n_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN n_independent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN first_published TEXT;
ALTER TABLE stories ADD COLUMN last_published TEXT;
ALTER TABLE stories ADD COLUMN n_claims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN n_conflicts INTEGER NOT NULL DEFAULT 0;

UPDATE stories SET
    n_articles = (SELECT count(*) FROM story_articles m WHERE m.story_id = stories.id),
    first_published = (SELECT min(a.published) FROM story_articles m JOIN articles a ON a.id = m.article_id
                       WHERE m.story_id = stories.id),
    last_published = (SELECT max(a.published) FROM story_articles m JOIN articles a ON a.id = m.article_id
                      WHERE m.story_id = stories.id),
    n_claims = coalesce(json_array_length(data, '$.claims'), 0),
    n_conflicts = coalesce(json_array_length(data, '$.conflicts'), 0);
-- a story with no independence groups recorded counts each article as a source
UPDATE stories SET n_independent = CASE
    WHEN coalesce(json_array_length(data, '$.independent_groups'), 0) > 0
    THEN json_array_length(data, '$.independent_groups') ELSE n_articles END;

-- the listing order of Store.summaries: newest, then last written, then largest
CREATE INDEX stories_listing ON stories(coalesce(last_published, '') DESC, updated_at DESC, n_articles DESC, id);

-- Articles in no story (pending), kept by triggers so that finding them reads no
-- other article: an article is pending from its insert until it joins a story,
-- and again if its story is deleted without it joining another.
CREATE TABLE pending_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
INSERT INTO pending_articles(article_id)
    SELECT a.id FROM articles a LEFT JOIN story_articles m ON m.article_id = a.id
    WHERE m.article_id IS NULL ORDER BY a.rowid;

CREATE TRIGGER article_pending AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO pending_articles(article_id) VALUES (NEW.id);
END;
CREATE TRIGGER article_grouped AFTER INSERT ON story_articles BEGIN
    DELETE FROM pending_articles WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER article_ungrouped AFTER DELETE ON story_articles BEGIN
    INSERT OR IGNORE INTO pending_articles(article_id)
        SELECT OLD.article_id WHERE EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id);
END;
