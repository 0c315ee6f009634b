"""Merging stories, moving and deleting articles through the API and the story page (issue 14):
POST /api/stories/{id}/merge, POST /api/articles/{id}/move, DELETE /api/articles/{id}, and the
story page's edit forms, in Chromium at 390 px (screenshots under tests/artifacts)."""

from __future__ import annotations

import json
from pathlib import Path
import shutil

import pytest

from corroborate import pipeline
from corroborate.store import Store

from .conftest import SEEDS, multipart, running

MOVED = "003_a3085cba722678df"
LOCAL = [json.loads(line) for line in (Path(__file__).resolve().parents[1] / "data" / "editorial_local.jsonl")
         .read_text("utf-8").splitlines()]  # two unrelated local reports, as in tests/test_editorial.py


@pytest.fixture
def db(tmp_path, seed_db):
    """The seed store plus two unrelated one-article stories (three stories)."""
    path = tmp_path / "e.sqlite3"
    shutil.copy(seed_db, path)
    records = tmp_path / "local.json"
    records.write_text(json.dumps(LOCAL), "utf-8")
    with Store(path) as store:
        pipeline.add(store, [records])
        assert len(store.story_ids()) == 3
    return path


def _story_of(db, aid: str) -> str | None:
    with Store(db) as store:
        return store.membership_of([aid]).get(aid)


def _send(client, method: str, path: str, body=None):
    data = None if body is None else json.dumps(body).encode()
    return client.request(method, path, data, headers={"Content-Type": "application/json"} if data else {})


def test_merge_through_the_api(db):
    flood, rail = _story_of(db, "flood-barrier"), _story_of(db, "railway")
    with running(db) as client:
        r = _send(client, "POST", f"/api/stories/{rail}/merge", {"into": flood, "user": "desk"})
        assert r.status == 200, r.text
        assert r.json() == {"story_id": flood, "merged": rail, "article_ids": ["flood-barrier", "railway"]}
        assert client.get(f"/api/stories/{rail}").status == 404
        story = client.get(f"/api/stories/{flood}").json()["stories"][0]
        assert sorted(story["article_ids"]) == ["flood-barrier", "railway"]
        assert len(client.get("/api/stories").json()["stories"]) == 2  # the listing shows it at once
        assert _send(client, "POST", f"/api/stories/{flood}/merge", {"into": flood}).status == 422
        assert _send(client, "POST", f"/api/stories/{flood}/merge", {"into": "st-none-such"}).status == 404
        assert _send(client, "POST", f"/api/stories/{flood}/merge", {}).status == 422
    with Store(db) as store:
        assert [(a, s, t, who) for a, s, t, who, _ in store.editorial_log()] == [("merge", rail, flood, "desk")]


def test_move_through_the_api(db):
    founding, flood = _story_of(db, MOVED), _story_of(db, "flood-barrier")
    with running(db) as client:
        r = _send(client, "POST", f"/api/articles/{MOVED}/move", {"to": flood})
        assert r.status == 200, r.text
        assert r.json() == {"article_id": MOVED, "story_id": flood, "left": founding}
        assert MOVED in client.get(f"/api/stories/{flood}").json()["stories"][0]["article_ids"]
        assert MOVED not in client.get(f"/api/stories/{founding}").json()["stories"][0]["article_ids"]
        r = _send(client, "POST", f"/api/articles/{MOVED}/move")  # no body: a new story of its own
        assert r.status == 200 and r.json()["story_id"] not in (flood, founding)
        assert client.get(f"/api/stories/{r.json()['story_id']}").json()["stories"][0]["article_ids"] == [MOVED]
        assert _send(client, "POST", "/api/articles/none-such/move").status == 404
        assert _send(client, "POST", f"/api/articles/{MOVED}/move", {"to": "st-none-such"}).status == 404
    with Store(db) as store:
        assert [(a, who) for a, _, _, who, _ in store.editorial_log(MOVED)] == [("move", "web"), ("move", "web")]


def test_delete_through_the_api(db):
    founding = _story_of(db, MOVED)
    with running(db) as client:
        n = len(client.get(f"/api/stories/{founding}").json()["stories"][0]["article_ids"])
        r = _send(client, "DELETE", f"/api/articles/{MOVED}", {"user": "desk"})
        assert r.status == 200, r.text
        assert r.json() == {"article_id": MOVED, "deleted": True, "story_id": founding}
        assert client.get(f"/api/articles/{MOVED}").status == 404
        assert len(client.get(f"/api/stories/{founding}").json()["stories"][0]["article_ids"]) == n - 1
        assert _send(client, "DELETE", f"/api/articles/{MOVED}").status == 404
        # uploaded again: ignored (not stored, not an error), the reason naming it and who deleted it
        body, ctype = multipart({}, [("files", f"{MOVED}.txt", (SEEDS / f"{MOVED}.txt").read_bytes())])
        r = client.request("POST", "/api/articles", body, headers={"Content-Type": ctype})
        assert r.status == 200 and r.json()["added"] == [], r.text
        assert f"article {MOVED} was deleted by desk" in r.json()["skipped"][0]["reason"]
    with Store(db) as store:
        assert store.deleted(MOVED, [])[:2] == (MOVED, "desk")


def test_a_read_only_server_refuses_every_edit_and_shows_no_controls(db):
    flood, rail = _story_of(db, "flood-barrier"), _story_of(db, "railway")
    with running(db, read_only=True) as client:
        assert _send(client, "POST", f"/api/stories/{rail}/merge", {"into": flood}).status == 403
        assert _send(client, "POST", f"/api/articles/{MOVED}/move", {"to": flood}).status == 403
        r = _send(client, "DELETE", f"/api/articles/{MOVED}")
        assert r.status == 403 and "read-only" in r.text
        assert 'id="edit-story"' not in client.get(f"/stories/{flood}").text
    with Store(db) as store:
        assert store.editorial_log() == [] and store.article(MOVED) is not None


def _phone(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    return ctx, ctx.new_page()


def _no_overflow(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{overflow} px wider than the screen"


def test_merge_from_the_story_page_in_a_browser_at_390_px(browser, db, artifacts):
    flood, rail = _story_of(db, "flood-barrier"), _story_of(db, "railway")
    with running(db) as client:
        ctx, page = _phone(browser)
        try:
            page.goto(f"{client.base}/stories/{rail}")
            page.click("#edit-story summary")
            page.fill("#merge-form input[name=into]", flood[:8])  # a unique prefix will do
            page.locator("#edit-story").screenshot(path=str(artifacts / "web-390-edit-merge.png"))
            _no_overflow(page)
            page.click("#merge-form button[value=merge]")
            page.wait_for_url(f"{client.base}/stories/{flood}")
            headlines = page.locator("#article-pages li").all_inner_texts()
            assert len(headlines) == 2 and any("railway" in h.lower() for h in headlines)
        finally:
            ctx.close()
    assert _story_of(db, "railway") == flood


def test_move_from_the_story_page_in_a_browser_at_390_px(browser, db, artifacts):
    founding = _story_of(db, MOVED)
    with running(db) as client:
        ctx, page = _phone(browser)
        try:
            page.goto(f"{client.base}/stories/{founding}")
            page.click("#edit-story summary")
            page.select_option("#article-form select[name=article]", MOVED)
            page.locator("#edit-story").screenshot(path=str(artifacts / "web-390-edit-move.png"))
            _no_overflow(page)
            page.click("#article-form button[value=new]")
            page.wait_for_url(lambda url: "/stories/" in url and founding not in url)
            assert page.locator("#article-pages li").count() == 1
            new = page.url.rsplit("/", 1)[1]
        finally:
            ctx.close()
    assert _story_of(db, MOVED) == new != founding


def test_delete_from_the_story_page_in_a_browser_at_390_px(browser, db, artifacts):
    founding = _story_of(db, MOVED)
    with running(db) as client:
        ctx, page = _phone(browser)
        try:
            page.goto(f"{client.base}/stories/{founding}")
            n = page.locator("#article-pages li").count()
            page.click("#edit-story summary")
            page.select_option("#article-form select[name=article]", MOVED)
            page.click("#article-form button[value=delete]")  # not confirmed: refused, nothing deleted
            page.wait_for_url(f"{client.base}/stories/{founding}/edit")
            assert "tick 'confirm' to delete article" in page.content()
            assert _story_of(db, MOVED) == founding
            page.goto(f"{client.base}/stories/{founding}")
            page.click("#edit-story summary")
            page.select_option("#article-form select[name=article]", MOVED)
            page.check("#article-form input[name=confirm]")
            page.locator("#edit-story").screenshot(path=str(artifacts / "web-390-edit-delete.png"))
            page.click("#article-form button[value=delete]")
            page.wait_for_url(f"{client.base}/stories/{founding}")
            assert page.locator("#article-pages li").count() == n - 1
            _no_overflow(page)
        finally:
            ctx.close()
    with Store(db) as store:
        assert store.article(MOVED) is None
