-- 0005: alert state (issue 12), so that each firing of an alert rule is delivered once, across
-- rounds and restarts. `alert_firings`: every firing, once, keyed by rule, story and what fired
-- (``alerts.evaluate.Firing.key``), with the JSON payload the sinks receive. `alert_deliveries`:
-- one row per firing and sink (webhook, jsonl, stdout); `delivered_at` stays NULL until the sink
-- took it, so a failed webhook delivery is retried next round.
CREATE TABLE alert_firings (
    key       TEXT PRIMARY KEY,
    rule      TEXT NOT NULL,
    story_id  TEXT NOT NULL,
    payload   TEXT NOT NULL,
    fired_at  TEXT NOT NULL
);
CREATE INDEX alert_firings_story ON alert_firings (story_id);
CREATE TABLE alert_deliveries (
    key          TEXT NOT NULL REFERENCES alert_firings (key) ON DELETE CASCADE,
    sink         TEXT NOT NULL,
    delivered_at TEXT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    PRIMARY KEY (key, sink)
) WITHOUT ROWID;
CREATE INDEX alert_deliveries_pending ON alert_deliveries (sink) WHERE delivered_at IS NULL;
