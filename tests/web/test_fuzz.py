"""Fuzzing ``POST /api/articles`` (JSON, JSON Lines) and the upload form against a real server on
127.0.0.1 (hypothesis, bounded): no 500, every good record stored, each bad one named.

Each example posts good records (valid, unique) mixed with hostile ones (lone surrogates,
NUL, non-characters, wrong JSON types, huge numbers, absurd dates) and arbitrary JSON
values; the reply must account for every record. The examples share one server and store
(ids are unique per example), so the whole module stays within about a minute.
"""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborate.store import Store

from .conftest import multipart, running

WORDS = ("council", "harbor", "budget", "mayor", "railway", "library", "atlas", "engineers", "storm", "approved",
         "reopened", "winter", "bridge", "river", "festival", "museum", "election", "ministry", "hospital", "school")
_serial = itertools.count()

SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
NONCHAR = st.sampled_from(["\ufffe", "\uffff", "\ufdd0", "\U0001fffe"])
HOSTILE_CHAR = st.one_of(SURROGATE, st.just("\x00"), NONCHAR)
FIELD = st.sampled_from(["text", "title", "source", "url", "published", "id"])
# (an empty list or object reads as an absent field, and an integer is a valid id: neither is "wrong")
WRONG_TYPE = st.one_of(st.booleans(), st.floats(allow_nan=False), st.lists(st.integers(), min_size=1, max_size=3))
ABSURD_DATE = st.sampled_from(["0001-01-01", "9999-12-31", "1000-06-01T00:00:00Z", "2024-01-01T10:00:00+99:00",
                               "2024-01-01T10:00:00-23:59", "+275760-09-13"])


@st.composite
def good(draw) -> dict:
    body = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=25, max_size=60)))
    rec = {"text": f"The {body}."}
    if draw(st.booleans()):
        rec["title"] = "Fuzz headline " + draw(st.text(alphabet="abcdefgh é中", max_size=20))
    if draw(st.booleans()):
        rec["published"] = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1))).isoformat()
    return rec


@st.composite
def bad(draw) -> dict:
    rec = {"text": "Report fz bad. " + " ".join(WORDS)}
    kind = draw(st.sampled_from(["char", "type", "date"]))
    if kind == "char":
        where = draw(FIELD.filter(lambda f: f != "id"))
        value = rec.get(where) or "x"
        at = draw(st.integers(0, len(value)))
        rec[where] = value[:at] + draw(HOSTILE_CHAR) + value[at:]
    elif kind == "type":
        rec[draw(FIELD)] = draw(WRONG_TYPE)
    else:
        rec["published"] = draw(ABSURD_DATE)
    return rec


ANY_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["text", "title", "x"]), inner, max_size=3)),
    max_leaves=6,
)
ITEM = st.one_of(good().map(lambda r: ("good", r)), bad().map(lambda r: ("bad", r)), ANY_JSON.map(lambda r: ("any", r)))
BATCH = st.lists(ITEM, min_size=1, max_size=6)


@pytest.fixture(scope="module")
def fuzz_server(seed_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz") / "store.sqlite3"
    shutil.copyfile(seed_db, db)
    with running(db) as client:
        yield client


def _errors(reply) -> dict:
    assert reply.status in (200, 201, 422), (reply.status, reply.text[:500])
    body = reply.json()
    return body["error"] if reply.status == 422 else body


def _check(body: dict, batch: list, origin) -> None:
    """Every good record added, every bad one rejected under its origin; every other one accounted for."""
    added = set(body.get("added", ()))
    named = {r["origin"]: r["reason"] for r in body.get("rejected", ()) + body.get("skipped", [])}
    anything_else = 0
    for i, (kind, rec) in enumerate(batch):
        where = origin(i)
        if kind == "good":
            assert rec["id"] in added, (rec["id"], named.get(where))
        elif kind == "bad":
            assert where in named and named[where], (where, rec, body)
        elif where not in named:
            anything_else += 1  # an arbitrary value that happened to be a usable record
    assert len(added) == sum(k == "good" for k, _ in batch) + anything_else


def _numbered(batch: list) -> list:
    """The batch with fresh ids (unique across examples, so that no good record is "already stored")."""
    out = []
    for kind, rec in batch:
        if kind != "any":
            rec = dict(rec)
            n = next(_serial)
            rec.setdefault("id", f"fz-{n}")
            if kind == "good":
                rec["text"] = f"Report fz {n}. " + rec["text"]
        out.append((kind, rec))
    return out


FUZZ = settings(max_examples=20, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


@FUZZ
@given(batch=BATCH)
def test_fuzz_post_json(fuzz_server, batch):
    batch = _numbered(batch)
    data = json.dumps([r for _, r in batch], ensure_ascii=True).encode()
    r = fuzz_server.request("POST", "/api/articles", data, headers={"Content-Type": "application/json"})
    _check(_errors(r), batch, lambda i: f"request[{i}]")


@FUZZ
@given(batch=BATCH)
def test_fuzz_post_json_lines(fuzz_server, batch):
    batch = _numbered(batch)
    data = "\n".join(json.dumps(r, ensure_ascii=True) for _, r in batch).encode()
    r = fuzz_server.request("POST", "/api/articles", data, headers={"Content-Type": "application/x-ndjson"})
    _check(_errors(r), batch, lambda i: f"request:{i + 1}")


@settings(max_examples=10, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=BATCH, raw=st.binary(max_size=200))
def test_fuzz_upload_form(fuzz_server, batch, raw):
    batch = _numbered(batch)
    """An uploaded .jsonl of the batch, and a file of raw bytes: the form answers for each."""
    lines = "\n".join(json.dumps(r, ensure_ascii=True) for _, r in batch).encode()
    n = next(_serial)
    body, ctype = multipart({}, [("files", f"batch-{n}.jsonl", lines), ("files", f"raw-{n}.txt", raw)])
    r = fuzz_server.request("POST", "/api/articles", body, headers={"Content-Type": ctype})
    out = _errors(r)
    named = {x["origin"] for x in out.get("rejected", ()) + out.get("skipped", [])}
    _check({**out, "added": [a for a in out.get("added", ()) if a != f"raw-{n}"]},
           batch, lambda i: f"batch-{n}.jsonl:{i + 1}")
    assert f"raw-{n}" in out.get("added", ()) or any(o.startswith(f"raw-{n}.txt") for o in named)
    page = fuzz_server.request("POST", "/add", body, headers={"Content-Type": ctype})  # the page form: same inputs
    assert page.status in (200, 201, 303, 422), (page.status, page.text[:300])


def test_fuzzed_store_is_consistent(fuzz_server):
    with Store(fuzz_server.db) as store:
        assert store.pending_ids() == []
        membership = store.membership()
        assert set(membership) == {a.id for a in store.articles()}


def test_a_number_too_long_to_read_is_named(fuzz_server):
    """A 5,000-digit number (over Python's int conversion cap) in one record of a body."""
    data = b'[{"id": "fz-long", "text": "Long number report. ' + b" ".join(w.encode() for w in WORDS) + b'"}, ' \
           b'{"text": ' + b"9" * 5000 + b"}]"
    r = fuzz_server.request("POST", "/api/articles", data, headers={"Content-Type": "application/json"})
    assert r.status in (201, 400), r.text[:300]
    assert "digits" in r.text or "fz-long" in r.text
