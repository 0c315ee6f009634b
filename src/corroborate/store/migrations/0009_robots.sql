-- 0009: robots.txt read per origin (issue 12), kept for `[fetch] robots_ttl_s` (RFC 9309 2.4: a
-- crawler may cache robots.txt up to 24 hours), so a `watch --once` run from cron asks each
-- host for its feeds only. `rule`: 'parsed' (then `body` holds the file), 'allow_all' (4xx or
-- unreachable) or 'disallow_all' (401/403).
CREATE TABLE IF NOT EXISTS fetch_robots (
    origin     TEXT PRIMARY KEY,
    rule       TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    fetched_at TEXT NOT NULL
) WITHOUT ROWID;
