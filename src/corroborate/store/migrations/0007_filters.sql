-- 0007: what the listing filters need, kept in columns like 0002's summaries
-- (issue 14): `corroborate stories --language/--outlet` and `GET /api/stories`
-- read these instead of parsing story JSON. Each holds the distinct values of
-- the story's members, case-folded, each between two U+001F separators
-- ("\x1fen\x1fde\x1f"), so one value is found with instr(). Written by
-- `Store.put_story` (``_count_members``); stories stored before are filled once,
-- in Python, right after this migration (``Store._fill_filter_columns``).
ALTER TABLE stories ADD COLUMN languages TEXT NOT NULL DEFAULT '';  -- articles.language
ALTER TABLE stories ADD COLUMN sources TEXT NOT NULL DEFAULT '';    -- articles.source
ALTER TABLE stories ADD COLUMN hosts TEXT NOT NULL DEFAULT '';      -- URL hosts, without www.
