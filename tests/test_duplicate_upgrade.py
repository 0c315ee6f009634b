"""One article, one record across the change that reads a JSON record's text as "Headline,
blank line, body" (ingest.validate): a store written before it holds such a record with the
headline inside its text (another content hash; for a record without an id, another id).
Adding the same file again must still be a no-op, not a rejection or a second record."""

from __future__ import annotations

import json

from corroborate import config, pipeline
from corroborate.clean import content_hash
from corroborate.ingest.ids import hash_id
from corroborate.store import Store

SETTINGS = config.settings()
HEADLINE = "Harbour bridge reopens after three weeks of repairs"
BODY = (
    "The harbour bridge in the old port reopened to traffic on Friday morning after three weeks of repairs"
    " to its lifting mechanism, the city's transport department said.\n\n"
    "Engineers replaced two corroded cables and a gearbox that had failed during a storm in March, leaving"
    " ferry passengers and delivery vans to take a detour of almost twelve kilometres."
)
FULL = f"{HEADLINE}\n\n{BODY}"


def _as_stored_before(store: Store, aid: str, old_id: str, *, split: bool = True) -> None:
    """Rewrite the stored row as the code before the split wrote it: no title, the headline in
    the text and the hash, and (for a record without an id) the id hashed from the whole text.
    ``split=False``: only the id moves (a record without a headline)."""
    store._db.execute("PRAGMA foreign_keys = OFF")  # the id moves in every table at once
    try:
        with store.transaction():
            if split:
                store._db.execute(
                    "UPDATE articles SET id = ?, title = NULL, text = ?, content_hash = ? WHERE id = ?",
                    (old_id, FULL, content_hash(FULL), aid),
                )
            else:
                store._db.execute("UPDATE articles SET id = ? WHERE id = ?", (old_id, aid))
            tables = [r[0] for r in store._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                if any(c[1] == "article_id" for c in store._db.execute(f"PRAGMA table_info({table})")):
                    store._db.execute(f"UPDATE {table} SET article_id = ? WHERE article_id = ?", (old_id, aid))
    finally:
        store._db.execute("PRAGMA foreign_keys = ON")


def test_a_record_with_an_id_stored_before_the_headline_split_is_not_rejected(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "bridge", "text": FULL}) + "\n", "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        assert pipeline.add(store, [path], SETTINGS).added == ["bridge"]
        _as_stored_before(store, "bridge", "bridge")
        again = pipeline.add(store, [path], SETTINGS)
        assert again.rejected == [] and again.added == [] and again.existing == ["bridge"]
        assert store.count_articles() == 1


def test_a_record_without_an_id_stored_before_the_headline_split_is_not_stored_twice(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": FULL}) + "\n", "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        (aid,) = pipeline.add(store, [path], SETTINGS).added
        old_id = hash_id(FULL)
        assert old_id != aid  # the id the code before the split gave it
        _as_stored_before(store, aid, old_id)
        again = pipeline.add(store, [path], SETTINGS)
        assert again.rejected == [] and again.added == [] and again.existing == [old_id]
        assert store.count_articles() == 1


URL = "https://www.outlet.example/news/bridge"


def test_a_record_with_a_url_and_no_id_stored_under_the_text_hash_alone_is_not_stored_twice(tmp_path):
    """Before ids took the URL in (``ids.default_id``), a record with a URL and no id was stored
    under ``hash_id(text)``; adding it again, by any spelling of its URL, finds that article."""
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": BODY, "url": URL}) + "\n", "utf-8")
    again_path = tmp_path / "b.jsonl"
    same_page = "http://outlet.example/news/bridge/?utm_source=rss"
    again_path.write_text(json.dumps({"text": BODY, "url": same_page}) + "\n", "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        (aid,) = pipeline.add(store, [path], SETTINGS).added
        old_id = hash_id(BODY)
        assert old_id != aid  # the id the code before took from the text alone
        _as_stored_before(store, aid, old_id, split=False)
        for p in (path, again_path):
            again = pipeline.add(store, [p], SETTINGS)
            assert again.rejected == [] and again.added == [] and again.existing == [old_id]
        assert store.count_articles() == 1


def test_a_record_with_a_url_headline_and_no_id_stored_before_both_changes_is_not_stored_twice(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": FULL, "url": URL}) + "\n", "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        (aid,) = pipeline.add(store, [path], SETTINGS).added
        old_id = hash_id(FULL)
        _as_stored_before(store, aid, old_id)
        again = pipeline.add(store, [path], SETTINGS)
        assert again.rejected == [] and again.added == [] and again.existing == [old_id]
        other = tmp_path / "other.jsonl"  # the same text at another URL is still another article
        other.write_text(json.dumps({"text": FULL, "url": "https://other.example/bridge"}) + "\n", "utf-8")
        assert len(pipeline.add(store, [other], SETTINGS).added) == 1
        assert store.count_articles() == 2
