"""``articles.author`` (migration 0008): round trip, and stores from before it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from corroborate.errors import StoreError
from corroborate.model import Article, Quality, Sentence
from corroborate.serialize import article_to_dict
from corroborate.store import Store
from corroborate.store.sqlite import article_row


def _article(aid: str, author: str | None = None) -> Article:
    return Article(
        id=aid, text="One sentence.", sentences=(Sentence(0, "One sentence.", 0, 13),), title=f"Title {aid}",
        source="Outlet", quality=Quality(0.9), origin=f"/in/{aid}.json", content_hash=f"hash-{aid}", author=author,
    )


def _columns(path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[1] for row in db.execute("PRAGMA table_info(articles)")}


def test_author_round_trips_through_the_store_and_the_report(tmp_path):
    a, b = _article("a", "Jane Roe"), _article("b")
    with Store(tmp_path / "s.sqlite3") as store:
        with store.transaction():
            store.put_article(a, b"")
            store.put_article(article_row(b), b"")  # the worker-process route
    with Store(tmp_path / "s.sqlite3", read_only=True) as store:
        assert store.article("a") == a and store.article("a").author == "Jane Roe"
        assert store.article("b").author is None
    assert article_to_dict(a)["author"] == "Jane Roe" and article_to_dict(b)["author"] is None


def test_a_store_from_before_0008_gains_the_author_column(tmp_path):
    path = tmp_path / "old.sqlite3"
    with Store(path) as store:
        with store.transaction():
            store.put_article(_article("old"), b"")
        store._db.execute("ALTER TABLE articles DROP COLUMN author")
        store._db.execute("PRAGMA user_version = 7")  # as before 0008
    assert "author" not in _columns(path)
    with pytest.raises(StoreError, match="needs migrating"):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store.schema_version >= 8
        assert store.article("old") == _article("old")  # author None
        with store.transaction():
            store.put_article(_article("new", "Sam Poe"), b"")
    assert "author" in _columns(path)
    with Store(path, read_only=True) as store:
        assert store.article("new").author == "Sam Poe"


def test_a_store_set_back_by_hand_keeps_its_later_columns_and_migrates(tmp_path):
    """Older-store tests set ``user_version`` back without dropping every later column:
    the ADD COLUMN of a column already there is skipped, not an error."""
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        with store.transaction():
            store.put_article(_article("x", "Jane Roe"), b"")
        store._db.execute("PRAGMA user_version = 7")
    with Store(path) as store:
        assert store.schema_version >= 8
        assert store.article("x") == replace(_article("x"), author="Jane Roe")
