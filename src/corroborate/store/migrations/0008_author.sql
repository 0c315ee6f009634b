-- 0008: the article's byline (issue 12: an article page gives its author; a feed
-- entry's author fills what the page lacks). Nullable: articles stored before,
-- and inputs that name no author, hold NULL. Written by `Store.put_article`.
ALTER TABLE articles ADD COLUMN author TEXT;
