-- 0010: what keeps a story recognisable while it changes (issue 14, "stable ids and numbering").
--
-- story_citations: the citation number ([1], [2]...) of every article ever numbered in a
-- story, articles that left it included (their numbers are never given to another article).
-- Written by `Store.put_story` from `Story.citations`; read back as `StoryPrior.numbers` before
-- each derive (`stages.number_sources`). Stories stored before get the numbers they were shown
-- with: their members in (published, arrival) order.
CREATE TABLE IF NOT EXISTS story_citations (
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    number     INTEGER NOT NULL,
    PRIMARY KEY (story_id, article_id),
    UNIQUE (story_id, number)
);
INSERT OR IGNORE INTO story_citations(story_id, article_id, number)
    SELECT m.story_id, m.article_id,
           row_number() OVER (PARTITION BY m.story_id ORDER BY a.published IS NULL, a.published, a.rowid)
    FROM story_articles m JOIN articles a ON a.id = m.article_id;

-- story_pins: a title a user pinned (`corroborate pin-title`, PUT /api/stories/{id}/title):
-- it wins over any headline at every later derive, until unpinned. Who and when (UTC);
-- `unpinned`: the title the story had before the first pin, which an unpin starts from.
CREATE TABLE IF NOT EXISTS story_pins (
    story_id  TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    title     TEXT NOT NULL,
    unpinned  TEXT NOT NULL,
    pinned_by TEXT NOT NULL,
    pinned_at TEXT NOT NULL
);

-- story_title_log: every pin and unpin (title NULL), kept after the story is gone.
CREATE TABLE IF NOT EXISTS story_title_log (
    story_id TEXT NOT NULL,
    title    TEXT,
    done_by  TEXT NOT NULL,
    done_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_title_log_story ON story_title_log(story_id);
