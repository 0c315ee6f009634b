"""Ids of inputs that name none (``ingest.ids.default_id``) and ids made unique in one run
(``IdRegistry``): the same text at two URLs is two articles, the same text at one URL (or
with none) is one."""

from __future__ import annotations

import json

from corroborate import config
from corroborate.ingest import read_inputs, read_text
from corroborate.ingest.ids import IdRegistry, default_id, hash_id
from corroborate.model import Rejection

TEXT = "The harbour bridge reopened on Friday after three weeks of repairs to its lifting mechanism."


def test_an_input_without_a_url_keeps_the_text_hash_as_its_id():
    assert default_id(TEXT) == default_id(TEXT, None) == default_id(TEXT, "  ") == hash_id(TEXT)
    assert default_id(TEXT, "not a url") == hash_id(TEXT)


def test_the_url_is_hashed_in_by_its_key():
    a, b = default_id(TEXT, "https://a.example/x"), default_id(TEXT, "https://b.example/x")
    assert a != b and hash_id(TEXT) not in (a, b)
    assert default_id(TEXT, "http://www.a.example/x/?utm_source=rss#top") == a
    assert len(a) == 16 and default_id("Another text.", "https://a.example/x") != a


def test_the_registry_tells_the_same_text_at_two_urls_apart():
    ids = IdRegistry()
    assert ids.assign("x", TEXT, "f:1", "https://a.example/x") == ("x", None)
    assert ids.assign("x", TEXT, "f:2", "https://b.example/x") == ("x-2", None)
    assert ids.assign("x", TEXT, "f:3", "https://a.example/x/") == ("x", "f:1")
    assert ids.assign("x", TEXT, "f:4", None) == ("x", "f:1")  # no URL: the same article
    assert ids.assign("x", "Other text.", "f:5", None) == ("x-3", None)


def test_records_without_ids_from_one_file(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"text": TEXT, "url": "https://a.example/x"},
        {"text": TEXT, "url": "https://b.example/x"},
        {"text": TEXT, "url": "https://a.example/x"},  # outlet a's page again: a duplicate
        {"text": TEXT},
    ]), "utf-8")
    out = list(read_inputs([path], config.settings()["ingest"]))
    docs = [d for d in out if not isinstance(d, Rejection)]
    assert [d.id for d in docs] == [default_id(TEXT, "https://a.example/x"), default_id(TEXT, "https://b.example/x"),
                                    hash_id(TEXT)]
    (dup,) = [d for d in out if isinstance(d, Rejection)]
    assert dup.origin.endswith(":3") and dup.reason.endswith(":1")


def test_read_text_takes_the_url_into_the_id():
    assert read_text(TEXT).id == hash_id(TEXT)
    assert read_text(TEXT, url="https://a.example/x").id == default_id(TEXT, "https://a.example/x")
