"""validate_record and read_inputs on hostile records: each bad record is rejected alone, named."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from corroborate import config
from corroborate.ingest import RecordRules, read_inputs, validate_record
from corroborate.model import RawDoc, Rejection

INGEST = config.settings()["ingest"]
RULES = RecordRules.from_settings(INGEST)
TEXT = "The city council voted on Tuesday to build a new bridge over the river. Construction starts in May."


def read(*paths, **kw) -> list[RawDoc | Rejection]:
    return list(read_inputs([str(p) for p in paths], {**INGEST, **kw}))


def good(n: int) -> dict:
    return {"id": f"good-{n}", "title": f"Bridge vote number {n}", "text": f"{TEXT} Meeting {n} ended at noon."}


# (record, the words its rejection must hold)
HOSTILE = [
    ({"text": TEXT, "title": "\ud800"}, "field 'title' holds an invalid character (lone surrogate U+D800)"),
    ({"text": TEXT + "\udfff"}, "field 'text' holds an invalid character (lone surrogate U+DFFF)"),
    ({"text": TEXT, "source": "BBC\x00"}, "field 'source' holds an invalid character (NUL U+0000)"),
    ({"text": TEXT + "\ufffe"}, "field 'text' holds an invalid character (non-character U+FFFE)"),
    ({"text": TEXT, "url": "https://x.example/\U0010ffff"}, "field 'url' holds an invalid character (non-character U+10FFFF)"),
    ({"text": TEXT, "id": "a\ud83d"}, "field 'id' holds an invalid character (lone surrogate U+D83D)"),
    ({"text": 42}, "field 'text' is a JSON number, expected a string"),
    ({"text": ["a", "b"]}, "field 'text' is a JSON array, expected a string"),
    ({"text": TEXT, "title": ["a list"]}, "field 'title' is a JSON array, expected a string"),
    ({"text": TEXT, "title": True}, "field 'title' is a JSON boolean, expected a string"),
    ({"text": TEXT, "id": 1.5}, "field 'id' is a JSON number, expected a string or an integer"),
    ({"text": TEXT, "language": {"code": "en"}}, "field 'language' is a JSON object, expected a string"),
    ({"text": TEXT, "published": 1e308}, "field 'published' is a JSON number, expected a string"),
    ({"text": TEXT, "published": "0001-01-01"}, "field 'published' '0001-01-01' is in the year 1"),
    ({"text": TEXT, "published": "9999-12-31T23:59:59Z"}, "field 'published' '9999-12-31T23:59:59Z' is in the year 9999"),
    ({"text": TEXT, "published": "00010101"}, "is in the year 1"),
    ({"text": TEXT, "published": "2025-04-08T10:00:00+99:00"}, "has a UTC offset of +99:00, beyond ±18:00"),
    ({"text": TEXT, "published": "2025-04-08T10:00:00-23:59"}, "has a UTC offset of -23:59"),
    ({"text": TEXT, "title": "x" * 5000}, "field 'title' is 5,000 characters, over the 4,096 cap (ingest.max_field_chars)"),
    ({"text": TEXT, "id": 10**5000}, "field 'id' is a number of over 4,096 digits"),
    ("just a string", "record is a JSON string, not an object"),
    ({"title": "no text"}, "record has no text"),
]


@pytest.mark.parametrize(("record", "reason"), HOSTILE, ids=[why[:40] for _, why in HOSTILE])
def test_validate_record_names_the_field_and_the_reason(record, reason):
    out = validate_record(record, "feed.jsonl:7", RULES)
    assert isinstance(out, Rejection), out
    assert out.origin == "feed.jsonl:7"
    assert reason in out.reason


def test_validate_record_reads_aliases_and_normalises():
    doc = validate_record(
        {"body": TEXT, "headline": " Bridge ", "id": 7, "source": {"name": "BBC"}, "date": "April 8, 2025"},
        "x.json", RULES,
    )
    assert isinstance(doc, RawDoc)
    assert (doc.id, doc.title, doc.source, doc.published) == ("7", "Bridge", "BBC", "2025-04-08")
    assert validate_record({"text": TEXT, "published": "20250408"}, "x", RULES).published == "2025-04-08"
    assert validate_record({"text": TEXT, "published": "last week"}, "x", RULES).published == "last week"
    assert validate_record({"text": TEXT}, "x", RULES, default_id="stem").id == "stem"


def test_date_bounds_come_from_the_settings():
    narrow = RecordRules.from_settings({**INGEST, "published_min_year": 2000, "published_max_year": 2010})
    assert isinstance(validate_record({"text": TEXT, "published": "1999-05-01"}, "x", narrow), Rejection)
    assert isinstance(validate_record({"text": TEXT, "published": "2011-05-01"}, "x", narrow), Rejection)
    assert isinstance(validate_record({"text": TEXT, "published": "2005-05-01"}, "x", narrow), RawDoc)


def _jsonl_line(record) -> str:
    # ensure_ascii keeps lone surrogates as valid JSON escapes ("\ud800"), as a hostile feed sends them
    return json.dumps(record, ensure_ascii=True)


# what JSON can carry (a 5,000-digit integer cannot be written by Python's json; a test below reads one)
WRITABLE = [(r, why) for r, why in HOSTILE if not (isinstance(r, dict) and isinstance(r.get("id"), int))]


def test_hostile_records_rejected_alone_in_jsonl_and_json(tmp_path: Path):
    lines, expected_bad = [], {}
    for n, (record, reason) in enumerate(WRITABLE):
        lines.append(_jsonl_line(good(n)))
        lines.append(_jsonl_line(record))
        expected_bad[len(lines)] = reason
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", "utf-8")
    wrapped = tmp_path / "dump.json"
    wrapped.write_text(json.dumps({"articles": [r for r, _ in WRITABLE] + [good(1000)]}, ensure_ascii=True), "utf-8")
    items = read(feed, wrapped)
    stored = {d.id for d in items if isinstance(d, RawDoc)}
    assert stored == {f"good-{n}" for n in range(len(WRITABLE))} | {"good-1000"}
    rejected = {r.origin: r.reason for r in items if isinstance(r, Rejection)}
    for line, reason in expected_bad.items():
        assert reason in rejected[f"{feed}:{line}"]
    for i, (_, reason) in enumerate(WRITABLE):
        assert reason in rejected[f"{wrapped}[{i}]"]


def test_jsonl_with_a_nul_byte_early_rejects_only_that_line(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(
        _jsonl_line(good(1)).encode() + b"\n" + b'{"text": "bad\x00 line"}\n' + _jsonl_line(good(2)).encode() + b"\n"
    )
    items = read(feed)
    assert [d.id for d in items if isinstance(d, RawDoc)] == ["good-1", "good-2"]
    (bad,) = [r for r in items if isinstance(r, Rejection)]
    assert bad.origin == f"{feed}:2" and bad.reason == "line holds a NUL byte at column 14"


def test_a_binary_file_named_jsonl_is_one_rejection(tmp_path: Path):
    blob = tmp_path / "dump.jsonl"
    blob.write_bytes(gzip.compress(("\n".join(_jsonl_line(good(n)) for n in range(200))).encode(), mtime=0))
    (only,) = read(blob)
    assert isinstance(only, Rejection) and "binary file" in only.reason


def test_a_line_over_the_file_cap_is_skipped_unread(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_jsonl_line({"text": "word " * 400}) + "\n" + _jsonl_line(good(1)) + "\n", "utf-8")
    first, second = read(feed, max_file_bytes=1000)
    assert isinstance(first, Rejection) and first.origin == f"{feed}:1"
    assert "over the 1,000 bytes cap (ingest.max_file_bytes)" in first.reason
    assert isinstance(second, RawDoc) and second.id == "good-1"


def test_a_number_too_long_to_parse_rejects_its_line(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "x", "id": ' + "9" * 5000 + "}\n" + _jsonl_line(good(1)) + "\n", "utf-8")
    first, second = read(feed)
    assert isinstance(first, Rejection) and "a number has over 4,300 digits" in first.reason
    assert isinstance(second, RawDoc)


def test_text_files_pass_the_same_gate(tmp_path: Path):
    (tmp_path / "nul.txt").write_bytes(b"Bridge approved\n\n" + b"x " * 5000 + b"\x00" + TEXT.encode())
    (tmp_path / "ok.md").write_text("---\ndate: 0001-01-01\n---\n# Bridge\n\n" + TEXT, "utf-8")
    (tmp_path / "fine.txt").write_text("Bridge approved by the council\n\n" + TEXT, "utf-8")
    items = {Path(i.origin).name: i for i in read(tmp_path)}
    assert "field 'text' holds an invalid character (NUL U+0000)" in items["nul.txt"].reason
    assert "field 'published' '0001-01-01' is in the year 1" in items["ok.md"].reason
    assert isinstance(items["fine.txt"], RawDoc)


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path):
    name = tmp_path.as_posix().encode() + b"/caf\xe9.txt"
    with open(name, "wb") as fh:
        fh.write(("Bridge approved by the council\n\n" + TEXT).encode())
    (doc,) = read(tmp_path)
    assert isinstance(doc, RawDoc)
    assert doc.origin.endswith("caf\\xe9.txt") and doc.id == "caf\\xe9"
    doc.origin.encode("utf-8")  # storable


def test_jsonl_junk_lines_do_not_reject_the_good_ones(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\x00\x01\x02\x03\n" * 50 + _jsonl_line(good(1)).encode() + b"\n")
    items = read(feed)
    assert [d.id for d in items if isinstance(d, RawDoc)] == ["good-1"]
    assert len([r for r in items if isinstance(r, Rejection)]) == 50
