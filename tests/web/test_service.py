"""The store behind the server, without HTTP: file names, request records, the catalog, search, entities."""

from __future__ import annotations

import pytest

from corroborate import config
from corroborate.web.service import (
    InputProblem,
    Service,
    entity_page,
    records_from_json,
    safe_filename,
    search,
    top_entities,
)

from .conftest import follow_up, unrelated


@pytest.mark.parametrize(
    "name, expected",
    [
        ("report.txt", "report.txt"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/abs/path/story one.md", "story_one.md"),
        (".hidden.json", "hidden.json"),
        ("..", "upload"),
        ("", "upload"),
        (None, "upload"),
        ("a" * 300 + ".txt", "a" * 100 + ".txt"),
        ("x.<script>", "x._script_"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected
    assert "/" not in safe_filename(name) and not safe_filename(name).startswith(".")


def test_records_from_json_shapes_and_caps():
    rec = {"text": "a"}
    assert records_from_json(rec, 5) == [rec]
    assert records_from_json([rec, rec], 5) == [rec, rec]
    assert records_from_json({"articles": [rec]}, 5) == [rec]
    with pytest.raises(InputProblem, match="empty"):
        records_from_json([], 5)
    with pytest.raises(InputProblem, match="max_records"):
        records_from_json([rec] * 6, 5)


@pytest.fixture
def service(fresh_db):
    svc = Service(str(fresh_db), config.settings())
    yield svc
    svc.close()


def _cards(service):
    with service.reading() as (store, gen):
        return service.cards(store, gen)


def test_catalog_follows_writes(service, founding_id):
    (card,) = _cards(service)
    assert card.id == founding_id and card.n_articles == 5 and card.n_conflicts >= 1
    result = service.add_records([follow_up(1), unrelated(0)])
    assert len(result.added) == 2 and founding_id in result.stories
    cards = {c.id: c for c in _cards(service)}
    assert cards[founding_id].n_articles == 6
    assert len(cards) == 2
    assert service.generation == 1


def test_search_and_entities_gather_spellings(service, founding_id):
    cards = _cards(service)
    assert [c.id for c in search(cards, "ZELENSKYY")] == [founding_id]
    assert [c.id for c in search(cards, "Zelenskiy")] == [founding_id]  # spelling-insensitive name key
    assert search(cards, "zelensky unicorns") == []
    assert [c.id for c in search(cards, entity="Andrius Sibiha")] == [founding_id]
    page = entity_page(cards, "person:andrii-sybiha")
    assert page is not None and page.name == "Andrii Sybiha" and "Andrius Sibiha" in page.variants
    assert entity_page(cards, "person:nobody") is None
    top = top_entities(cards, 5)
    assert len(top) == 5 and all(n == 1 for _, n in top)


def test_add_text_takes_a_headline_and_reports_origins(service):
    result = service.add_text("Harbor city approves flood barrier\n\n" + unrelated(0)["text"], source="Local Desk")
    assert len(result.added) == 1
    with service.reading() as (store, _):
        article = store.article(result.added[0])
    assert article.title == "Harbor city approves flood barrier" and article.source == "Local Desk"
    bad = service.add_records([{"title": "no text"}])
    assert bad.added == [] and bad.rejected[0].origin == "request[0]"
    with pytest.raises(InputProblem):
        service.add_text("   ")


def test_read_only_service_refuses(fresh_db):
    svc = Service(str(fresh_db), config.settings(), read_only=True)
    try:
        with pytest.raises(PermissionError):
            svc.add_records([unrelated(0)])
    finally:
        svc.close()


def test_catalog_agrees_with_store_summaries(service):
    service.add_records([follow_up(2), unrelated(1), unrelated(2)])
    with service.reading() as (store, gen):
        cards = service.cards(store, gen)
        summaries = store.summaries()
    assert [c.id for c in cards] == [s.id for s in summaries]
    for c, s in zip(cards, summaries):
        assert (c.n_articles, c.n_independent, c.first_published, c.last_published) == (
            s.n_articles, s.n_independent, s.first_published, s.last_published)
