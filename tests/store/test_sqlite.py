"""The SQLite store on real files: migrations, round trips, transactions."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from corroborate.errors import StoreError
from corroborate.model import Article, Provenance, Quality, Removed, Sentence, SentencePair, Story
from corroborate.store import Store


def _article(aid: str, text: str = "One sentence. Two sentence.", published: str | None = None) -> Article:
    sentences = (Sentence(0, "One sentence.", 0, 13), Sentence(1, "Two sentence.", 14, 27))
    return Article(
        id=aid,
        text=text,
        sentences=sentences,
        title=f"Title {aid}",
        source="Outlet",
        published=published,
        removed=(Removed("Read more", "link prompt"),),
        quality=Quality(0.8, ("missing space between sentences",)),
        origin=f"/in/{aid}.txt",
        content_hash=f"hash-{aid}",
    )


def test_new_store_is_migrated_to_latest_version(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.schema_version >= 1
        assert store.count_articles() == 0
    # reopening applies nothing twice
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.schema_version >= 1


def test_article_round_trip(tmp_path):
    a = _article("a1", published="2025-04-08")
    with Store(tmp_path / "s.sqlite3") as store:
        with store.transaction():
            store.put_article(a, b"\x00\x01")
    with Store(tmp_path / "s.sqlite3") as store:
        back = store.article("a1")
        assert back == a
        assert store.article_hash("a1") == "hash-a1"
        assert store.id_for_hash("hash-a1") == "a1"
        assert store.pending_ids() == ["a1"]
        assert store.features() == [("a1", None, b"\x00\x01")]


def test_failed_transaction_leaves_nothing_half_written(tmp_path):
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        with store.transaction():
            store.put_article(_article("keep"), b"")
        with pytest.raises(sqlite3.IntegrityError):
            with store.transaction():
                store.put_article(_article("new"), b"")
                store.put_article(_article("keep"), b"")  # duplicate id: the whole chunk rolls back
        assert [a.id for a in store.articles()] == ["keep"]
        assert store.features_of(["new"]) == {}


def test_story_round_trip_and_summaries(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        with store.transaction():
            store.put_article(_article("a", published="2025-04-08"), b"")
            store.put_article(_article("b", published="2025-04-09"), b"")
            store.put_article(_article("c"), b"")
            link = Provenance("a", "b", "copy", 0.97, (SentencePair(0, 0, 0.99),), True)
            story = Story("st-1", "A story", ("a", "b"), (link,), (("a", "b"),))
            store.put_story(story)
            store.put_story(Story("st-2", "Other", ("c",), (), (("c",),)))
        # a story written without citation numbers is numbered by the store, in article_ids order
        assert store.story("st-1") == replace(story, citations=(("a", 1), ("b", 2)))
        assert store.membership() == {"a": "st-1", "b": "st-1", "c": "st-2"}
        assert store.pending_ids() == []
        summaries = store.summaries()
        assert [s.id for s in summaries] == ["st-1", "st-2"]  # dated (newest) first
        assert (summaries[0].n_articles, summaries[0].n_independent) == (2, 1)
        assert summaries[0].last_published == "2025-04-09"
        assert store.story_ids_like("st-") == ["st-1", "st-2"]
        with store.transaction():
            store.delete_stories(["st-2"])
        assert store.pending_ids() == ["c"]  # membership goes with the story


def test_a_file_that_is_not_a_store_is_named(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="junk.sqlite3"):
        Store(junk)


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope" / "s.sqlite3")


def test_snapshot_reads_without_the_write_lock_and_versions_need_no_json(tmp_path):
    from corroborate.model import Story

    db = tmp_path / "s.sqlite3"
    with Store(db) as writer, Store(db) as reader:
        article = Article("a1", "One sentence here.", (Sentence(0, "One sentence here.", 0, 18),))
        with writer.transaction():
            writer.put_article(article, b"")
            writer.put_story(Story("st-1", "t", ("a1",)))
        with reader.snapshot():
            assert reader.story("st-1").title == "t"  # the snapshot starts at its first read
            with writer.transaction():  # a writer is not blocked by an open snapshot (WAL)
                writer.put_story(Story("st-1", "t2", ("a1",)))
            assert reader.story("st-1").title == "t"  # the snapshot still sees its state
        assert reader.story("st-1").title == "t2"
        (sid, n, first, last, updated), = reader.story_versions()
        assert (sid, n) == ("st-1", 1) and updated


def test_story_ids_like_takes_the_prefix_literally(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        with store.transaction():
            for sid in ("st-1", "st-2", "ab%c", "a_b", "axb"):
                store.put_article(_article(f"art-{sid}"), b"")
                store.put_story(Story(sid, "t", (f"art-{sid}",)))
        assert store.story_ids_like("st-") == ["st-1", "st-2"]
        assert store.story_ids_like("____") == []  # '_' is not a wildcard
        assert store.story_ids_like("%") == []  # nor is '%'
        assert store.story_ids_like("st-%") == []
        assert store.story_ids_like("a_") == ["a_b"]
        assert store.story_ids_like("ab%") == ["ab%c"]
        assert store.story_ids_like("st-1") == ["st-1"]


def _rollback_journal_store(path) -> None:
    """A migrated store switched back to a rollback journal (so a WAL switch would show)."""
    with Store(path) as store:
        with store.transaction():
            store.put_article(_article("a1"), b"")
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()


def test_read_only_store_reads_and_never_writes(tmp_path):
    path = tmp_path / "s.sqlite3"
    _rollback_journal_store(path)
    before = path.read_bytes()
    with Store(path, read_only=True) as store:
        assert store.read_only and [a.id for a in store.articles()] == ["a1"]
        with store.snapshot():
            assert store.pending_ids() == ["a1"]
        with pytest.raises(StoreError, match="read-only"):
            with store.transaction():
                store.put_article(_article("a2"), b"")
        with pytest.raises(sqlite3.DatabaseError):  # the connection itself refuses writes too
            store._db.execute("DELETE FROM articles")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.sqlite3"]  # no -wal / -shm: not switched to WAL
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()


def test_read_only_store_sees_a_writers_commits(tmp_path):
    path = tmp_path / "s.sqlite3"
    with Store(path) as writer, Store(path, read_only=True) as reader:
        assert reader.count_articles() == 0
        with writer.transaction():
            writer.put_article(_article("a1"), b"")
        assert reader.count_articles() == 1


def test_read_only_refuses_what_it_would_have_to_create_or_migrate(tmp_path, monkeypatch):
    from corroborate.store import sqlite as store_sqlite

    missing = tmp_path / "missing.sqlite3"
    with pytest.raises(StoreError, match="no such store"):
        Store(missing, read_only=True)
    assert not missing.exists()

    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="not a corroborate store"):
        Store(empty, read_only=True)
    assert empty.read_bytes() == b""

    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE things (x)")
    db.close()
    with pytest.raises(StoreError, match="not a corroborate store"):
        Store(other, read_only=True)

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="junk.sqlite3"):
        Store(junk, read_only=True)

    old = tmp_path / "old.sqlite3"
    _rollback_journal_store(old)
    before = old.read_bytes()
    current = store_sqlite._migrations()
    future = current[-1][0] + 1
    # a newer corroborate with one more migration: this file needs migrating, which a read-only open must not do
    monkeypatch.setattr(store_sqlite, "_migrations", lambda: [*current, (future, f"{future:04d}_next.sql", "SELECT 1;")])
    with pytest.raises(StoreError, match=f"needs migrating \\(schema version {current[-1][0]}, this corroborate uses {future}\\)"):
        Store(old, read_only=True)
    assert old.read_bytes() == before


def test_a_write_lock_held_past_the_wait_is_store_busy_and_nothing_is_written(tmp_path):
    from corroborate.errors import StoreBusy

    path = tmp_path / "s.sqlite3"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process, mid-write
    try:
        with Store(path, lock_wait=0.1) as store:
            with pytest.raises(StoreBusy, match="write lock for over 0.1 s") as busy:
                with store.transaction():
                    store.put_doc_freq(1, b"")
            assert str(path) in str(busy.value) and isinstance(busy.value, StoreError)
            assert not store.in_transaction
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store(path) as store:
        assert store.doc_freq() == (0, None)


def test_inferred_metadata_round_trips_without_a_migration(tmp_path):
    """The outlet and date a text gave (seed 002's copyright line and embedded post) stay marked as inferred."""
    a = Article(
        id="latin",
        text="Zelensky said two Chinese citizens were captured.",
        sentences=(Sentence(0, "Zelensky said two Chinese citizens were captured.", 0, 50),),
        source="Latin Times",
        published="2025-04-08",
        removed=(Removed("© 2025 Latin Times. All rights reserved.", "copyright notice"),),
        content_hash="h",
        inferred=(("source", "copyright line"), ("published", "date of an embedded post, a lower bound")),
    )
    with Store(tmp_path / "s.sqlite3") as store:
        with store.transaction():
            store.put_article(a, b"")
        version = store.schema_version
    with Store(tmp_path / "s.sqlite3", read_only=True) as store:
        assert store.article("latin") == a
        assert store.schema_version == version


def test_rows_written_before_inferred_existed_still_load(tmp_path):
    """An article row in the old format (``removed`` a bare JSON list) loads, with nothing marked inferred."""
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        with store.transaction():
            store.put_article(_article("old"), b"")
            store._db.execute(
                "UPDATE articles SET removed = ? WHERE id = 'old'", ('[{"text": "Read more", "reason": "link prompt"}]',)
            )
    with Store(path) as store:
        back = store.article("old")
    assert back == _article("old")
    assert back.inferred == () and back.source == "Outlet"
    assert back.removed == (Removed("Read more", "link prompt"),)


# -- summary columns and the pending table (migration 0002, issue 11) ---------------------
def _old_schema_store(path) -> None:
    """A store as corroborate wrote it before 0002: schema 1 only, written with plain SQL."""
    from importlib import resources

    sql = resources.files("corroborate.store").joinpath("migrations/0001_initial.sql").read_text("utf-8")
    db = sqlite3.connect(path)
    db.executescript(sql)
    db.execute("PRAGMA user_version = 1")
    for aid, published in (("a1", "2025-04-08"), ("a2", "2025-04-10"), ("a3", None), ("a4", "2025-04-09")):
        db.execute(
            "INSERT INTO articles(id, content_hash, title, origin, text, sentences, removed, quality, quality_why, published)"
            " VALUES (?, ?, ?, ?, 'One sentence.', '[[0, 13]]', '[]', 0.9, '[]', ?)",
            (aid, "h-" + aid, "T " + aid, "/in/" + aid, published),
        )
        db.execute("INSERT INTO article_features(article_id, counts) VALUES (?, x'')", (aid,))
    db.execute("INSERT INTO stories(id, title, data, updated_at) VALUES ('st-a', 'Story A',"
               " '{\"independent_groups\": [[\"a1\"], [\"a2\"]], \"claims\": [{}, {}, {}], \"conflicts\": [{}]}',"
               " '2025-05-01T00:00:00Z')")
    db.execute("INSERT INTO stories(id, title, data, updated_at) VALUES ('st-b', 'Story B', '{}', '2025-05-02T00:00:00Z')")
    db.executemany("INSERT INTO story_articles(article_id, story_id) VALUES (?, ?)",
                   [("a1", "st-a"), ("a2", "st-a"), ("a3", "st-b")])  # a4 is pending
    db.commit()
    db.close()


def test_an_old_store_is_upgraded_in_place_with_its_summaries_and_pending_articles(tmp_path):
    path = tmp_path / "old.sqlite3"
    _old_schema_store(path)
    with pytest.raises(StoreError, match="needs migrating"):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store.schema_version >= 2
        summaries = {s.id: s for s in store.summaries()}
        a, b = summaries["st-a"], summaries["st-b"]
        assert (a.n_articles, a.n_independent, a.first_published, a.last_published) == (2, 2, "2025-04-08", "2025-04-10")
        assert (a.n_claims, a.n_conflicts) == (3, 1)
        assert (b.n_articles, b.n_independent, b.first_published, b.last_published) == (1, 1, None, None)
        assert [s.id for s in store.summaries()] == ["st-a", "st-b"]  # dated first, as before
        assert store.pending_ids() == ["a4"]
        assert store.story_versions() == [("st-a", 2, "2025-04-08", "2025-04-10", "2025-05-01T00:00:00Z"),
                                          ("st-b", 1, None, None, "2025-05-02T00:00:00Z")]
    with Store(path, read_only=True) as store:  # migrated for good
        assert store.pending_ids() == ["a4"]


def test_summary_columns_follow_every_write_and_pending_follows_membership(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        with store.transaction():
            for aid, day in (("a1", "2025-04-08"), ("a2", "2025-04-10"), ("a3", "2025-04-12")):
                store.put_article(_article(aid, published=day), b"")
        assert store.pending_ids() == ["a1", "a2", "a3"]
        with store.transaction():
            store.put_story(Story(id="st-1", title="One", article_ids=("a1", "a2"), independent_groups=(("a1",), ("a2",))))
            store.put_story(Story(id="st-2", title="Two", article_ids=("a3",)))
        assert store.pending_ids() == []
        one = store.summaries(["st-1"])[0]
        assert (one.n_articles, one.n_independent, one.first_published, one.last_published) == (2, 2, "2025-04-08", "2025-04-10")
        # st-2 takes a2 from st-1: both rows stay right without st-1 being written again
        with store.transaction():
            store.put_story(Story(id="st-2", title="Two", article_ids=("a2", "a3")))
        got = {s.id: (s.n_articles, s.first_published, s.last_published) for s in store.summaries()}
        assert got == {"st-1": (1, "2025-04-08", "2025-04-08"), "st-2": (2, "2025-04-10", "2025-04-12")}
        assert [s.id for s in store.summaries(limit=1)] == ["st-2"]
        assert store.membership_of(["a1", "a2", "nope"]) == {"a1": "st-1", "a2": "st-2"}
        assert [(a, st) for a, st, _ in store.story_features(["st-2", "nope"])] == [("a2", "st-2"), ("a3", "st-2")]
        # deleting a story leaves its articles pending again (the next grouping takes them)
        with store.transaction():
            store.delete_stories(["st-1"])
        assert store.pending_ids() == ["a1"]
        assert [s.id for s in store.summaries()] == ["st-2"]


def test_the_listing_reads_the_index_not_every_story(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        plan = " ".join(r[-1] for r in store._db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM stories WHERE n_articles > 0"
            " ORDER BY coalesce(last_published, '') DESC, updated_at DESC, n_articles DESC, id LIMIT 20"))
        assert "stories_listing" in plan and "TEMP B-TREE" not in plan
