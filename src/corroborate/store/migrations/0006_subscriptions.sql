-- 0006: feed subscriptions (issue 12): feeds added from the web UI (/feeds, POST /api/feeds)
-- or the library (`store.fetchstate.subscribe`). `corroborate watch` fetches, each round,
-- the union of its --feeds file and these rows (read again every round), so a feed added
-- while it runs is fetched in its next round. What each fetch found stays in `fetch_feeds`.
CREATE TABLE feed_subscriptions (
    url      TEXT PRIMARY KEY,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL DEFAULT 'web'
);  -- rowid order: subscription order
