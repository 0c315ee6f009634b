-- 0003: the story index persisted (issue 11), so that `add` reads the few stored
-- articles near the new ones instead of every feature blob. For each feature of
-- an article whose document frequency, counting that article, is at most the
-- index cap (meta 'postings_cap' = [stories] max_posting when it was built), the
-- pair (feature, article). A feature's df only grows, so every article holding a
-- feature still at most the cap is posted under it. Written by the ingest with
-- the article; a store from before is indexed once by the first `add`
-- (`pipeline.index_store`), which also sets the cap.
CREATE TABLE postings (
    feature    INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (feature, article_id)
) WITHOUT ROWID;
