"""The store behind the server, without HTTP: file names, request records, the catalog, search, entities."""

from __future__ import annotations

import json
import sqlite3

import pytest

from corroborate import config
from corroborate.web.bodies import check_json_lines, parse_json, records_from_json, upload_records
from corroborate.web.catalog import entity_page, search, top_entities
from corroborate.web.errors import InputProblem
from corroborate.web.service import Service
from corroborate.web.uploads import safe_filename

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
    with pytest.raises(InputProblem, match="empty") as empty:
        records_from_json([], 5)
    assert empty.value.status == 400
    with pytest.raises(InputProblem, match="max_records") as over:
        records_from_json([rec] * 6, 5)
    assert over.value.status == 413


def test_parse_json_turns_every_failure_into_a_400_problem():
    assert parse_json(b'{"text": "a"}') == {"text": "a"}
    deep = [(b"[" * 100_000, "nested too deeply"), (b"[" * 101 + b"]" * 101, "over 100 levels"),
            (b'{"a":' * 101 + b"1" + b"}" * 101, "over 100 levels")]
    for body, words in [*deep, (b"{not json", "malformed JSON"), (b"\xff\xfe\xfd", "malformed JSON")]:
        with pytest.raises(InputProblem, match=words) as problem:
            parse_json(body)
        assert problem.value.status == 400
    assert parse_json(b"[" * 100 + b"]" * 100) is not None  # 100 levels pass
    assert len(parse_json(json.dumps([{"text": "[{[{"}] * 300))) == 300  # many brackets, little depth


def test_record_files_are_counted_against_the_cap_naming_the_file():
    rec = {"text": "a"}
    assert upload_records("a.txt", b"anything", 3) == 1
    assert upload_records("a.json", json.dumps({"articles": [rec, rec]}).encode(), 3) == 2
    assert upload_records("a.json", b"{broken", 3) == 1  # ingest rejects it with its reason
    assert upload_records("a.jsonl", b"{}\n\n{}\n", 3) == 2
    for name, data in (("big.json", json.dumps([rec] * 4).encode()), ("big.jsonl", b"{}\n" * 4)):
        with pytest.raises(InputProblem, match=f"'{name}' holds 4 articles.*web.max_records") as over:
            upload_records(name, data, 3)
        assert over.value.status == 413
    # too deep to parse, parsed but too deep, malformed and too deep (ingest's parser would recurse that far first)
    for line in (b"[" * 100_000, b"[" * 200 + b"]" * 200, b"[" * 500):
        with pytest.raises(InputProblem, match="'deep.jsonl', line 2: nested too deeply") as deep:
            check_json_lines(b"{}\n" + line + b"\n", 3, "deep.jsonl")
        assert deep.value.status == 400
    shallow = b'{"text": "' + b"[" * 500 + b'"}'  # brackets inside a string are no nesting
    assert check_json_lines(b"{not json\n" + b"[" * 50 + b"\n" + shallow, 3) == 3  # malformed lines: ingest rejects each


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


def test_read_only_service_opens_nothing_writable(fresh_db, tmp_path):
    from corroborate.errors import StoreError

    missing = tmp_path / "missing.sqlite3"
    with pytest.raises(StoreError, match="no such store"):
        Service(str(missing), config.settings(), read_only=True)
    assert not missing.exists()  # a read-only server never creates the file

    db = sqlite3.connect(fresh_db)
    db.execute("PRAGMA journal_mode = DELETE")  # so that a switch to WAL would show
    db.close()
    before = fresh_db.read_bytes()
    svc = Service(str(fresh_db), config.settings(), read_only=True)
    try:
        assert len(_cards(svc)) == 1
        with svc.reading() as (store, _):
            assert store.read_only
    finally:
        svc.close()
    assert fresh_db.read_bytes() == before
    assert sorted(p.name for p in fresh_db.parent.iterdir()) == [fresh_db.name]


def test_catalog_agrees_with_store_summaries(service):
    service.add_records([follow_up(2), unrelated(1), unrelated(2)])
    with service.reading() as (store, gen):
        cards = service.cards(store, gen)
        summaries = store.summaries()
    assert [c.id for c in cards] == [s.id for s in summaries]
    for c, s in zip(cards, summaries):
        assert (c.n_articles, c.n_independent, c.first_published, c.last_published) == (
            s.n_articles, s.n_independent, s.first_published, s.last_published)
