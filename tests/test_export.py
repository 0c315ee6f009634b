"""`corroborate export` (issue 14, must-hold 5): stories, claims and sources as flat CSV and JSONL,
on a real store (the founding examples plus one hostile article), and `show --format md|html`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborate import export as ex
from corroborate.cli import main

ROOT = Path(__file__).resolve().parents[1]
TOML = ROOT / "tests" / "data" / "outlets" / "newswcl50.toml"
HOSTILE = {
    "id": "hostile-1",
    "title": "=HYPERLINK(\"http://evil.example/\",\"click\")",
    "text": "+cmd|' /C calc'!A0 said the harbor council on Thursday, approving a budget of 48 million euros.\n\n"
            "The council said the flood barrier, along the \"eastern\" docks, would take three years; a line\r\nbreak too.",
    "source": "@Desk, Local",
    "published": "2024-02-01",
    "language": "en",
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    from corroborate import pipeline
    from corroborate.store import Store

    root = tmp_path_factory.mktemp("export")
    (root / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", "utf-8")
    path = root / "store.sqlite3"
    with Store(path) as store:
        pipeline.analyze(store, [ROOT / "examples" / "seeds", root / "hostile.jsonl"])
    return path


def export(store_path: Path, out: Path, *args: str):
    result = CliRunner().invoke(main, ["export", "--db", str(store_path), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_export_writes_three_tables_in_both_formats(store_path, tmp_path):
    result = export(store_path, tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{t}.{f}" for t in ex.TABLES for f in ex.FORMATS)
    assert "2 stories" in result.output
    for table in ex.TABLES:
        rows_csv, rows_json = read_csv(tmp_path / f"{table}.csv"), read_jsonl(tmp_path / f"{table}.jsonl")
        assert len(rows_csv) == len(rows_json) > 0
        assert list(rows_csv[0]) == list(ex.COLUMNS[table]) == list(rows_json[0])  # flat, documented columns
        assert all(not isinstance(v, dict) for r in rows_json for v in r.values())
    stories = read_jsonl(tmp_path / "stories.jsonl")
    founding = next(s for s in stories if s["n_articles"] == 5)
    claims = [c for c in read_jsonl(tmp_path / "claims.jsonl") if c["story_id"] == founding["story_id"]]
    assert len(claims) == founding["n_claims"] and any(c["in_conflict"] for c in claims)
    sources = [s for s in read_jsonl(tmp_path / "sources.jsonl") if s["story_id"] == founding["story_id"]]
    assert [s["article_id"] for s in sources] == founding["article_ids"]
    assert [s["number"] for s in sources] == [1, 2, 3, 4, 5]
    assert len({s["independent_group"] for s in sources}) == founding["n_independent"]


def test_csv_is_rfc4180_utf8_with_formulas_neutralised(store_path, tmp_path):
    export(store_path, tmp_path, "--format", "csv")
    assert not (tmp_path / "stories.jsonl").exists()
    raw = (tmp_path / "sources.csv").read_bytes()
    raw.decode("utf-8")  # UTF-8
    assert b"\r\n" in raw  # RFC 4180 record ends
    row = next(r for r in read_csv(tmp_path / "sources.csv") if r["article_id"] == "hostile-1")
    assert row["title"] == "'" + HOSTILE["title"]  # = … gets an apostrophe
    assert row["source"] == "'" + HOSTILE["source"]  # @ …
    assert row["text"].startswith("'+cmd")  # + …
    assert '"eastern"' in row["text"] and "\n" in row["text"]  # quotes and line breaks survive quoting
    assert row["inferred"] == "" and row["language"] == "en"
    for table in ex.TABLES:
        for r in read_csv(tmp_path / f"{table}.csv"):
            assert not any(v[:1] in ("=", "+", "-", "@") for v in r.values()), r


def test_jsonl_keeps_values_as_they_are(store_path, tmp_path):
    export(store_path, tmp_path, "--format", "jsonl")
    row = next(r for r in read_jsonl(tmp_path / "sources.jsonl") if r["article_id"] == "hostile-1")
    assert row["title"] == HOSTILE["title"] and row["source"] == HOSTILE["source"]


def test_neutralise():
    assert [ex.neutralise(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "ok", 3, -2.5, None)] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "ok", 3, -2.5, None]


def test_export_takes_the_listing_filters_and_outlets(store_path, tmp_path):
    export(store_path, tmp_path, "--since", "2025-01-01", "--has-conflicts", "--outlets", str(TOML))
    stories = read_jsonl(tmp_path / "stories.jsonl")
    assert len(stories) == 1 and stories[0]["n_articles"] == 5
    assert {r["story_id"] for r in read_jsonl(tmp_path / "claims.jsonl")} == {stories[0]["story_id"]}
    assert all("outlet" in r for r in read_jsonl(tmp_path / "sources.jsonl"))


def test_export_to_an_unusable_folder_is_a_usage_error(store_path, tmp_path):
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["export", "--db", str(store_path), "--out", str(tmp_path / "file" / "sub")])
    assert result.exit_code == 2 and "cannot create the folder" in result.output


@pytest.mark.parametrize("fmt, marker", [("md", "# corroborate report"), ("html", "<!doctype html>")])
def test_show_writes_one_storys_report(store_path, tmp_path, fmt, marker):
    listing = CliRunner().invoke(main, ["stories", "--db", str(store_path), "--json", "--min-sources", "2"])
    sid = json.loads(listing.output.splitlines()[0])["id"]
    target = tmp_path / f"story.{fmt}"
    result = CliRunner().invoke(main, ["show", sid[:7], "--db", str(store_path), "--format", fmt, "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.output
    body = target.read_text("utf-8")
    assert body.startswith(marker) and sid in body and "hostile-1" not in body
    printed = CliRunner().invoke(main, ["show", sid, "--db", str(store_path), "--format", fmt])
    assert printed.output == body
    clash = CliRunner().invoke(main, ["show", sid, "--db", str(store_path), "--format", fmt, "--json"])
    assert clash.exit_code == 2 and "disagree" in clash.output
