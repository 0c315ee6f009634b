"""The HTML pages over HTTP: what they show, escaping, errors, prefixes."""

from __future__ import annotations

from .conftest import unrelated


def test_index_lists_and_searches(server, founding_id):
    page = server.get("/")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert f'href="/stories/{founding_id}"' in page.text and "4 independent sources" in page.text
    assert "Volodymyr Zelensky" in page.text  # named most often
    assert "No story matches" in server.get("/?q=penguins").text
    assert f'href="/stories/{founding_id}"' in server.get("/?entity=Zelenskyy").text


def test_story_page_has_every_section_and_links(server, founding_id):
    text = server.get(f"/stories/{founding_id}").text
    for section in ("brief", "facts", "quotes", "conflicts", "timeline", "unique", "coverage", "provenance", "sources", "articles"):
        assert f'id="{founding_id}-{section}"' in text, section
    assert 'href="/entities/person:volodymyr-zelensky"' in text
    assert 'href="/articles/000_55a835e9202e45df"' in text
    assert '<script src="/static/report.js" defer></script>' in text and "<script>" not in text


def test_a_unique_prefix_redirects_and_unknown_ids_are_html_404s(server, founding_id):
    r = server.get(f"/stories/{founding_id[:6]}")
    assert r.status == 307 and r.headers["location"] == f"/stories/{founding_id}"
    r = server.get("/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert r.status == 404 and r.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "<script>alert" not in r.text
    assert server.get("/entities/person:nobody").status == 404


def test_article_and_entity_pages(server):
    text = server.get("/articles/000_55a835e9202e45df").text
    assert 'class="s shared' in text and 'class="s unique' in text and "Quality" in text
    ent = server.get("/entities/person:andrii-sybiha").text
    assert "Andrius Sibiha" in ent and "Spellings" in ent


def test_form_add_with_nothing_is_a_400_page(server):
    r = server.request("POST", "/add", b"text=", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 400 and "Paste an article" in r.text


def test_form_add_of_an_unrelated_article_shows_where_it_went(server):
    rec = unrelated(1)
    body = f"text={rec['text']}&title={rec['title']}".encode()
    r = server.request("POST", "/add", body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 303
    story = server.get(r.headers["location"])
    # an article of its own story: said so, on its compact single-source page (issue 14)
    assert "Added as a story of its own" in story.text and rec["title"] in story.text
    assert "A single-source story" in story.text
    (aid,) = [a for a in server.get("/api/stories").json()["stories"] if a["title"] == rec["title"]]
    assert aid["n_articles"] == 1
    assert "added through the web: pasted text" in server.get(
        "/articles/" + server.get(f"/api/stories/{aid['id']}").json()["articles"][0]["id"]).text


def test_story_prefixes_are_literal(server, founding_id):
    assert server.get(f"/stories/{founding_id[:6]}").status == 307
    for wild in ("____", "st-_", "st-%25", "%25%25%25%25", founding_id[:5] + "%25"):  # LIKE wildcards match nothing
        r = server.get(f"/stories/{wild}")
        assert r.status == 404, (wild, r.status, r.headers.get("location"))


def test_story_ids_are_escaped_in_id_and_href_attributes(seed_db, founding_id):
    """The story page's body (render/html.py) puts the story id into element ids and
    in-page links: an id that is not plain text cannot close the attribute."""
    from corroborate import pipeline
    from corroborate.render.html import story_html
    from corroborate.store import Store

    with Store(seed_db, read_only=True) as store:
        doc = pipeline.report_for(store, [founding_id])
    plain = story_html(doc, doc["stories"][0])
    assert f'id="{founding_id}-brief"' in plain and f'href="#{founding_id}-a1"' in plain  # plain ids as they were
    hostile = 'x"><script>alert(1)</script><a href="'
    doc["stories"][0]["id"] = hostile
    out = story_html(doc, doc["stories"][0])
    assert "<script>" not in out and 'href=""' not in out
    escaped = "x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=&quot;"
    assert f'id="{escaped}-brief"' in out and f'href="#{escaped}-a1"' in out and f'id="{escaped}-a1-s0"' in out
