"""The byline (issue 12): a record's ``author`` (or ``byline``) and an HTML page's author metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate import config
from corroborate.clean import clean
from corroborate.ingest import RecordRules, read_inputs, validate_record
from corroborate.model import RawDoc, Rejection

INGEST = config.settings()["ingest"]
RULES = RecordRules.from_settings(INGEST)
TEXT = "The city council voted on Tuesday to build a new bridge over the river."


def test_a_record_author_is_read_trimmed_and_carried_to_the_article():
    doc = validate_record({"text": TEXT, "author": "  Jane Roe "}, "x.json", RULES)
    assert isinstance(doc, RawDoc) and doc.author == "Jane Roe"
    assert validate_record({"text": TEXT, "byline": "Sam Poe"}, "x.json", RULES).author == "Sam Poe"
    assert validate_record({"text": TEXT}, "x.json", RULES).author is None
    assert validate_record({"text": TEXT, "author": "   "}, "x.json", RULES).author is None
    assert clean(doc, config.settings()["clean"]).author == "Jane Roe"


@pytest.mark.parametrize(("author", "reason"), [
    (["Jane Roe", "Sam Poe"], "field 'author' is a JSON array, expected a string"),
    ({"name": "Jane Roe"}, "field 'author' is a JSON object, expected a string"),
    (7, "field 'author' is a JSON number, expected a string"),
    ("Jane\x00Roe", "field 'author' holds an invalid character (NUL U+0000)"),
    ("Jane \ud800", "field 'author' holds an invalid character (lone surrogate U+D800)"),
    ("x" * 5000, "field 'author' is 5,000 characters, over the 4,096 cap (ingest.max_field_chars)"),
])
def test_a_bad_author_rejects_its_record_with_a_named_reason(author, reason):
    out = validate_record({"text": TEXT, "author": author}, "feed.jsonl:3", RULES)
    assert isinstance(out, Rejection) and out.origin == "feed.jsonl:3"
    assert reason in out.reason


def test_jsonl_authors_and_a_bad_one_rejected_alone(tmp_path: Path):
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": TEXT, "author": "Jane Roe"},
        {"id": "b", "text": TEXT + " Again.", "author": ["Jane Roe"]},
        {"id": "c", "text": TEXT + " Once more."},
    ]) + "\n", "utf-8")
    out = list(read_inputs([str(f)], INGEST))
    docs = {d.id: d.author for d in out if isinstance(d, RawDoc)}
    assert docs == {"a": "Jane Roe", "c": None}
    (bad,) = [r for r in out if isinstance(r, Rejection)]
    assert bad.origin.endswith("in.jsonl:2") and "field 'author' is a JSON array" in bad.reason


def test_an_html_page_author_meta_is_read(tmp_path: Path):
    f = tmp_path / "page.html"
    f.write_text("""<html lang="en"><head><title>Bridge approved</title><meta name="author" content="Jane Roe">
</head><body><article><h1>Bridge approved</h1>
<p>The city council voted on Tuesday to build a new bridge over the river, which has been closed since the flood last year.</p>
<p>"It is a great day for the city," the mayor said. Construction will start in May and cost about 40 million dollars, officials said.</p>
</article></body></html>""", "utf-8")
    (doc,) = read_inputs([str(f)], INGEST)
    assert isinstance(doc, RawDoc) and doc.author == "Jane Roe"
