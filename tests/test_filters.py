"""Listing filters (issue 14, must-hold 5): `corroborate stories` and `GET /api/stories` by date
range, outlet, language, minimum independent sources and conflicts, read from the stored summary
columns (0002, 0007) on a real store: NewsWCL50's seven events (five outlets each, tests/test_outlets.py
names them) and the founding examples, analyzed together."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborate.cli import main
from corroborate.store.sqlite import Store, StoryFilter

ROOT = Path(__file__).resolve().parents[1]
TOML = ROOT / "tests" / "data" / "outlets" / "newswcl50.toml"
NEWSWCL50 = ROOT.parent / "shared" / "data" / "newswcl50" / "events-0-6.jsonl"
OUTLET_OF_LEANING = {
    "LL": ("Far-Left Daily", "https://www.farleft.example.com/{id}"),
    "L": ("Left Times", "https://lefttimes.example.org/{id}"),
    "M": ("Centre Post", None),
    "R": ("Right Herald", "https://rightherald.example.com/{id}"),
    "RR": ("FRW", "https://news.example.net/{id}"),
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    from corroborate import pipeline

    if not NEWSWCL50.exists():
        pytest.skip(f"{NEWSWCL50} absent")
    root = tmp_path_factory.mktemp("filters")
    lines = []
    for line in NEWSWCL50.open(encoding="utf-8"):
        r = json.loads(line)
        source, url = OUTLET_OF_LEANING[r["outlet_leaning"]]
        lines.append(json.dumps({"id": r["id"], "text": r["text"], "source": source, "url": url and url.format(id=r["id"]),
                                 "published": f"2018-04-{10 + r['event']:02d}", "language": "en"}))
    (root / "nw.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    path = root / "store.sqlite3"
    with Store(path) as store:
        pipeline.analyze(store, [root / "nw.jsonl", ROOT / "examples" / "seeds"])
    return path


@pytest.fixture(scope="module")
def truth(store_path) -> dict:
    """Every story with what the filters look at, read the slow way (its record and its articles)."""
    with Store(store_path) as store:
        out = {}
        for sid in store.story_ids():
            s = store.story(sid)
            arts = store.articles(list(s.article_ids))
            out[sid] = {
                "dates": sorted(a.published[:10] for a in arts if a.published),
                "languages": {a.language for a in arts}, "sources": {a.source for a in arts},
                "urls": [a.url or "" for a in arts], "independent": len(s.independent_groups) or len(arts),
                "conflicts": len(s.conflicts), "ids": set(s.article_ids),
            }
    return out


def listed(store_path: Path, *args: str) -> set[str]:
    result = CliRunner().invoke(main, ["stories", "--db", str(store_path), "--json", *args])
    assert result.exit_code == 0, result.output
    return {json.loads(line)["id"] for line in result.output.splitlines() if line.strip()}


def test_without_filters_every_story_is_listed(store_path, truth):
    assert listed(store_path) == set(truth) and len(truth) >= 8


def test_date_range(store_path, truth):
    want = {sid for sid, t in truth.items() if t["dates"] and t["dates"][-1] >= "2018-04-11" and t["dates"][0] <= "2018-04-12"}
    got = listed(store_path, "--since", "2018-04-11", "--until", "2018-04-12")
    assert got == want
    assert any("1_L" in truth[s]["ids"] for s in got) and any("2_L" in truth[s]["ids"] for s in got)
    assert not any("0_L" in truth[s]["ids"] or "3_L" in truth[s]["ids"] for s in got)
    assert listed(store_path, "--since", "2025-04-01") == {s for s, t in truth.items() if "2025-04-08" in t["dates"]}


def test_language(store_path, truth):
    assert listed(store_path, "--language", "EN") == {s for s, t in truth.items() if "en" in t["languages"]}
    # languages are detected when a record gives none (clean/language.py): every story here is English
    assert listed(store_path, "--language", "es") == {s for s, t in truth.items() if "es" in t["languages"]}
    result = CliRunner().invoke(main, ["stories", "--db", str(store_path), "--language", "de"])
    assert result.exit_code == 0 and "match these filters" in result.output


def test_outlet_by_source_name_domain_and_outlets_file(store_path, truth):
    centre = {s for s, t in truth.items() if "Centre Post" in t["sources"]}
    assert centre and listed(store_path, "--outlet", "centre post") == centre
    rr = {s for s, t in truth.items() if any("example.net/" in u for u in t["urls"])}
    assert rr and listed(store_path, "--outlet", "example.net") == rr  # news.example.net is a subdomain
    assert listed(store_path, "--outlet", "leaning=RR", "--outlets", str(TOML)) == rr
    assert listed(store_path, "--outlet", "Far-Right Wire", "--outlets", str(TOML)) == rr
    both = listed(store_path, "--outlet", "bbc", "--outlet", "example.net")
    assert both == rr | {s for s, t in truth.items() if "BBC" in t["sources"]}


def test_min_sources_and_conflicts(store_path, truth):
    assert listed(store_path, "--min-sources", "5") == {s for s, t in truth.items() if t["independent"] >= 5}
    conflicted = {s for s, t in truth.items() if t["conflicts"]}
    assert conflicted and listed(store_path, "--has-conflicts") == conflicted
    assert listed(store_path, "--has-conflicts", "--min-sources", "5", "--language", "en") == {
        s for s in conflicted if truth[s]["independent"] >= 5 and "en" in truth[s]["languages"]}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "2018-02-30"], "not an ISO date"),
        (["--since", "2018-05-01", "--until", "2018-04-01"], "is after --until"),
        (["--outlet", "leaning=RR"], "needs --outlets FILE"),
        (["--outlet", "Nobody", "--outlets", str(TOML)], "no outlet in"),
        (["--min-sources", "0"], "0 is not in the range"),
    ],
)
def test_bad_filters_are_usage_errors(store_path, args, message):
    result = CliRunner().invoke(main, ["stories", "--db", str(store_path), *args])
    assert result.exit_code == 2 and message in result.output, result.output


def test_the_listing_reads_the_summary_columns_only(store_path):
    """Filtering parses no story JSON: the data column is never read (issue 11)."""
    with Store(store_path) as store:
        seen: list[str] = []
        store._db.set_trace_callback(seen.append)
        store.summaries(filters=StoryFilter(since="2018-01-01", languages=("en",), domains=("example.net",),
                                            sources=("bbc",), min_sources=2, has_conflicts=True))
        store._db.set_trace_callback(None)
    import re

    touched = [q for q in seen if re.search(r"\b(data|articles|story_articles|json_\w+)\b", q)]
    assert seen and touched == [], touched


def test_a_store_from_before_0007_gets_its_filter_columns_filled(store_path, tmp_path, truth):
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(store_path, old)
    db = sqlite3.connect(old)
    for col in ("languages", "sources", "hosts"):
        db.execute(f"ALTER TABLE stories DROP COLUMN {col}")
    db.execute("PRAGMA user_version = 6")
    db.commit()
    db.close()
    assert listed(old, "--outlet", "example.net") == listed(store_path, "--outlet", "example.net")
    with Store(old) as store:
        assert store.schema_version >= 7


def _web_conftest():
    spec = importlib.util.spec_from_file_location("web_conftest_for_filters", ROOT / "tests" / "web" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_api_filters_like_the_cli(store_path, tmp_path, truth):
    web = _web_conftest()
    db = tmp_path / "api.sqlite3"
    shutil.copyfile(store_path, db)
    with web.running(db) as client:
        def ids(query: str) -> set[str]:
            r = client.get("/api/stories?limit=100&" + query)
            assert r.status == 200, r.text
            body = r.json()
            assert body["total"] == len(body["stories"])
            return {s["id"] for s in body["stories"]}

        assert ids("") == set(truth)
        assert ids("outlet=example.net&has_conflicts=true") == listed(store_path, "--outlet", "example.net", "--has-conflicts")
        assert ids("since=2018-04-11&until=2018-04-12&language=en") == listed(
            store_path, "--since", "2018-04-11", "--until", "2018-04-12", "--language", "en")
        assert ids("min_sources=5&outlet=Centre%20Post") == listed(store_path, "--min-sources", "5", "--outlet", "Centre Post")
        bad = client.get("/api/stories?since=yesterday")
        assert bad.status == 422 and "ISO date" in bad.text


@pytest.mark.parametrize("command", [
    ["stories", "--since", "2018-04-01", "--outlet", "leaning=RR", "--outlets", str(TOML), "--min-sources", "2"],
    ["show", "{sid}", "--outlets", str(TOML), "--format", "html"],
    ["show", "{sid}", "--format", "md", "--out", "{tmp}/one.md"],
    ["export", "--out", "{tmp}/export"],
])
def test_filters_show_formats_and_export_import_no_analysis_code(store_path, truth, tmp_path, command, analysis_imports):
    sid = next(iter(truth))
    _, heavy = analysis_imports(*[a.format(sid=sid, tmp=tmp_path) for a in command], "--db", str(store_path))
    assert heavy == []
