"""Pinning a story's title through the API (issue 14): PUT/DELETE /api/stories/{id}/title."""

from __future__ import annotations

import json
import shutil

from corroborate.store import Store

from .conftest import running


def _put(client, sid: str, body) -> object:
    return client.request("PUT", f"/api/stories/{sid}/title", json.dumps(body).encode(),
                          headers={"Content-Type": "application/json"})


def _seed_copy(tmp_path, seed_db):
    """A copy of the seed store, its one story's id and title."""
    db = tmp_path / "s.sqlite3"
    shutil.copy(seed_db, db)
    with Store(db) as store:
        (sid,) = store.story_ids()
        return db, sid, store.story(sid).title


def test_pin_and_unpin_a_title_through_the_api(tmp_path, seed_db):
    db, sid, own = _seed_copy(tmp_path, seed_db)
    with running(db) as client:
        r = _put(client, sid, {"title": "  Chinese   fighters captured ", "user": "desk"})
        assert r.status == 200, r.text
        body = r.json()
        assert body["title"] == "Chinese fighters captured" and body["pinned"] and body["pinned_by"] == "desk"
        assert body["pinned_at"].endswith("Z")
        # the story, the listing and the page show it at once
        assert client.get(f"/api/stories/{sid}").json()["stories"][0]["title"] == "Chinese fighters captured"
        assert [s["title"] for s in client.get("/api/stories").json()["stories"]] == ["Chinese fighters captured"]
        assert "Chinese fighters captured" in client.get(f"/stories/{sid}").text
        # bad requests say why
        assert _put(client, "st-none", {"title": "x y"}).status == 404
        assert _put(client, sid, {"title": "   "}).status == 422
        assert _put(client, sid, {"name": "x"}).status == 422
        bad = client.request("PUT", f"/api/stories/{sid}/title", b"{", headers={"Content-Type": "application/json"})
        assert bad.status == 400
        r = client.request("DELETE", f"/api/stories/{sid}/title")
        assert r.status == 200 and r.json()["title"] == own and not r.json()["pinned"]
    with Store(db) as store:
        assert [(t, who) for t, who, _ in store.title_log(sid)] == [("Chinese fighters captured", "desk"), (None, "web")]


def test_a_read_only_server_refuses_to_pin(tmp_path, seed_db):
    db, sid, own = _seed_copy(tmp_path, seed_db)
    with running(db, read_only=True) as client:
        r = _put(client, sid, {"title": "Something else"})
        assert r.status == 403 and "read-only" in r.text
        assert client.request("DELETE", f"/api/stories/{sid}/title").status == 403
    with Store(db) as store:
        assert store.story(sid).title == own and store.pinned_title(sid) is None


def test_pin_and_unpin_from_the_story_page_in_a_browser_at_390_px(browser, tmp_path, seed_db, artifacts):
    db, sid, own = _seed_copy(tmp_path, seed_db)
    with running(db) as client:
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
        page = ctx.new_page()
        try:
            page.goto(f"{client.base}/stories/{sid}")
            page.click("#edit-title summary")
            page.fill("#edit-title input[name=title]", "Two Chinese fighters captured in Donetsk")
            page.click("#edit-title button[value=pin]")
            page.wait_for_url(f"{client.base}/stories/{sid}")
            assert page.locator("article.story h1").inner_text() == "Two Chinese fighters captured in Donetsk"
            assert "pinned by web" in page.locator("#edit-title summary").inner_text()
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            page.locator("#edit-title").screenshot(path=str(artifacts / "web-390-pinned-title.png"))
            assert overflow <= 1, f"{overflow} px wider than the screen"
            page.click("#edit-title button[value=unpin]")
            page.wait_for_url(f"{client.base}/stories/{sid}")
            assert page.locator("article.story h1").inner_text() == own
        finally:
            ctx.close()
    with running(db, read_only=True) as client:
        assert "edit-title" not in client.get(f"/stories/{sid}").text  # no form on a read-only server
