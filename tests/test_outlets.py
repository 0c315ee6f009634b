"""Outlets (issue 14, must-hold 4): the outlets file, matching articles to outlets, coverage and
the blindspot, in the library, the CLI (`show --outlets`, `analyze --outlets`) and every report format.

The blindspot test uses NewsWCL50's outlet leanings: each event is reported by five outlets from
far left (LL) to far right (RR); dropping a story's RR article must leave RR as its blindspot.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corroborate import outlets as O

ROOT = Path(__file__).resolve().parents[1]
TOML = ROOT / "tests" / "data" / "outlets" / "newswcl50.toml"
CSV = ROOT / "tests" / "data" / "outlets" / "newswcl50.csv"
CLI = [sys.executable, "-m", "corroborate"]

# NewsWCL50 gives each article's leaning but no outlet: the articles of one leaning get this
# source name and URL (tests/data/outlets/newswcl50.toml maps them back, each a different way).
OUTLET_OF_LEANING = {
    "LL": ("Far-Left Daily", "https://www.farleft.example.com/{id}"),  # domain (www. dropped)
    "L": ("Left Times", "https://lefttimes.example.org/{id}"),  # domain
    "M": ("Centre Post", None),  # source name only
    "R": ("Right Herald", "https://rightherald.example.com/{id}"),  # domain
    "RR": ("FRW", "https://news.example.net/{id}"),  # a subdomain of the outlet's domain
}


def newswcl50_records(records: list[dict], events: set[int], drop: set[str] = frozenset()) -> list[dict]:
    out = []
    for r in records:
        if r["event"] in events and r["id"] not in drop:
            source, url = OUTLET_OF_LEANING[r["outlet_leaning"]]
            out.append({"id": r["id"], "text": r["text"], "source": source, "url": url and url.format(id=r["id"]),
                        "published": f"2018-04-{10 + r['event']:02d}", "language": "en", "leaning": r["outlet_leaning"]})
    return out


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300)


# -- the file ------------------------------------------------------------------
@pytest.mark.parametrize("path", [TOML, CSV], ids=["toml", "csv"])
def test_the_toml_and_csv_files_load_alike(path):
    outlets = O.load(path)
    assert [o.name for o in outlets.outlets] == ["Far-Left Daily", "Left Times", "Centre Post", "Right Herald", "Far-Right Wire"]
    rr = outlets.outlets[-1]
    assert rr.domains == ("example.net",) and rr.attribute("leaning") == "RR" and rr.kind == "website"
    assert outlets.values("leaning") == ("LL", "L", "M", "R", "RR")
    assert O.default_by(outlets) == ("kind", "leaning")  # country and language have one value: nothing to compare


def test_several_keys_for_one_display_name_are_one_outlet():
    text = '[outlets."nytimes.com"]\nname = "The New York Times"\nleaning = "L"\n\n' \
           '[outlets."The New York Times"]\nkind = "newspaper"\n\n[outlets."nyti.ms"]\nname = "The New York Times"\n'
    outlets = O.loads(text, "nyt.toml")
    (nyt,) = outlets.outlets
    assert nyt.domains == ("nytimes.com", "nyti.ms") and nyt.kind == "newspaper" and nyt.attribute("leaning") == "L"


@pytest.mark.parametrize(
    "fmt, text, where, reason",
    [
        ("toml", '[outlets."reuters.com"]\nname = "Reuters"\nkind = [1]\n', "bad.toml:1", "kind must be a text value"),
        ("toml", '[outlets."reuters.com"]\nname = "Reuters"\n\n[outlets."Fox"]\ndomains = ["not a domain"]\n', "bad.toml:4", "is not a domain"),
        ("toml", '[outlets."a.com"]\nname = "A"\n[outlets."b.com"]\nname = "B"\ndomains = ["a.com"]\n', "bad.toml:", "given to both 'A'"),
        ("toml", '[outlets."a.com"]\nname = "A"\nkind = "wire"\n[outlets."A"]\nkind = "newspaper"\n', "bad.toml:4", "contradicts 'wire' given on line 1"),
        ("toml", 'outlets = [\n', "bad.toml:", "not valid TOML"),
        ("toml", '[sources."a.com"]\nname = "A"\n', "bad.toml:1", "unknown top-level key 'sources'"),
        ("toml", '# nothing\n', "bad.toml", "no outlets in the file"),
        ("csv", "kind,leaning\nwire,L\n", "bad.csv:1", "needs a `domain`, `source` or `name` column"),
        ("csv", "domain,name\nreuters.com,Reuters\nhttp://,X\n", "bad.csv:3", "is not a domain"),
        ("csv", "domain,name\nreuters.com,Reuters,extra\n", "bad.csv:2", "3 cells but the header has 2"),
        ("csv", "domain,name,leaning\na.com,A,L\nb.com,A,R\n", "bad.csv:3", "contradicts 'L' given on line 2"),
    ],
)
def test_a_bad_file_names_file_line_and_reason(fmt, text, where, reason):
    with pytest.raises(O.OutletsError) as err:
        O.loads(text, f"bad.{fmt}", fmt=fmt)
    assert str(err.value).startswith(where), str(err.value)
    assert reason in str(err.value)


def test_a_missing_or_binary_file_says_so(tmp_path):
    with pytest.raises(O.OutletsError, match="no such outlets file"):
        O.load(tmp_path / "none.toml")
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(O.OutletsError, match="not UTF-8"):
        O.load(tmp_path / "bin.csv")


# -- matching ------------------------------------------------------------------
def test_match_by_domain_subdomain_source_and_byline():
    outlets = O.load(TOML)
    how = lambda a: (lambda m: m and (m[0].name, m[1]))(O.match_how(a, outlets))  # noqa: E731
    assert how({"url": "https://www.farleft.example.com/x"}) == ("Far-Left Daily", "domain")
    assert how({"url": "http://deep.news.example.net:8080/x?y"}) == ("Far-Right Wire", "domain")
    assert how({"url": "https://notexample.net/x"}) is None  # a suffix that is no parent domain
    assert how({"source": "  centre   POST "}) == ("Centre Post", "source")
    assert how({"text": "Headline\nBy Jane Roe, Far-Right Wire Staff\nBody."}) == ("Far-Right Wire", "byline")
    assert how({"text": "Not a byline: Far-Right Wire staff said."}) is None
    assert how({"source": "Somebody Else", "url": None}) is None
    assert O.match({"url": "https://lefttimes.example.org/a"}, outlets).attribute("leaning") == "L"


def test_a_record_article_matches_like_a_report_dict():
    from corroborate.model import Article

    a = Article(id="a", text="t", sentences=(), source="Centre Post")
    assert O.match(a, O.load(TOML)).name == "Centre Post"


# -- coverage and the blindspot (NewsWCL50 leanings) -------------------------------
def test_dropping_a_leaning_leaves_it_as_the_blindspot(shared_records):
    records = shared_records("newswcl50/events-0-6.jsonl")
    outlets = O.load(TOML)
    full = newswcl50_records(records, {2})
    assert len(full) == 5
    assert O.coverage(full, outlets, by=["leaning"]).blindspots == ()
    for dropped in ("LL", "RR"):
        story = [r for r in full if r["leaning"] != dropped]
        cov = O.coverage(story, outlets, by=["leaning"])
        assert cov.blindspots == (("leaning", (dropped,)),)
        (group,) = [g for g in cov.groups if g.value == dropped]
        assert group.outlets and not group.covered
        assert all(name for _, name, _ in cov.matched)  # every article found its outlet
    # by default every attribute with two values: leaning and kind (RR is the only website)
    cov = O.coverage([r for r in full if r["leaning"] != "RR"], outlets)
    assert cov.blindspots == (("kind", ("website",)), ("leaning", ("RR",)))
    assert cov.to_dict()["blindspots"] == [{"attribute": "kind", "values": ["website"]}, {"attribute": "leaning", "values": ["RR"]}]


@pytest.fixture(scope="module")
def nw_store(tmp_path_factory, request):
    """NewsWCL50 (7 events x 5 leanings) with event 2's far-right (RR) article left out, analyzed through the CLI."""
    path = ROOT.parent / "shared" / "data" / "newswcl50" / "events-0-6.jsonl"
    if not path.exists():
        pytest.skip(f"{path} absent")
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    root = tmp_path_factory.mktemp("outlets")
    data = root / "nw.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in newswcl50_records(records, set(range(7)), drop={"2_RR"})), "utf-8")
    proc = run("analyze", str(data), "--db", str(root / "nw.sqlite3"), "--out", str(root / "out"), "--outlets", str(TOML),
               "--by", "leaning")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((root / "out" / "report.json").read_text("utf-8"))
    return root, doc


def _story_of(doc: dict, article_id: str) -> dict:
    return next(s for s in doc["stories"] if article_id in s["article_ids"])


def test_analyze_with_outlets_puts_coverage_in_every_report(nw_store):
    root, doc = nw_store
    cut, whole = _story_of(doc, "2_LL"), _story_of(doc, "0_LL")
    assert cut["coverage"]["blindspots"] == [{"attribute": "leaning", "values": ["RR"]}]
    assert whole["coverage"]["blindspots"] == []
    assert cut["coverage"]["outlets_file"] == "newswcl50.toml" and cut["coverage"]["by"] == ["leaning"]
    assert {a["matched_by"] for a in cut["coverage"]["articles"]} == {"domain", "source"}
    md = (root / "out" / "report.md").read_text("utf-8")
    assert "### Coverage by outlet" in md
    assert "Blindspot (none of your outlets with these covered it): leaning RR." in md
    assert "| leaning | RR | — | Far-Right Wire |" in md
    html = (root / "out" / "report.html").read_text("utf-8")
    assert f'id="{cut["id"]}-outlets"' in html and "leaning RR." in html
    assert '<li class="blind"><b>leaning RR</b> <span class="pill warn">not covered</span> your outlets: Far-Right Wire</li>' in html
    assert "No blindspot: every leaning among your outlets covered this story." in html


def test_show_with_outlets_prints_the_blindspot(nw_store):
    root, doc = nw_store
    sid = _story_of(doc, "2_LL")["id"]
    db = str(root / "nw.sqlite3")
    proc = run("show", sid, "--db", db, "--outlets", str(CSV))
    assert proc.returncode == 0, proc.stderr
    assert "Coverage by outlet (newswcl50.csv)" in proc.stdout
    assert "Blindspot (none of your outlets with these covered it): kind website; leaning RR." in proc.stdout
    assert "- leaning RR: not covered (your outlets: Far-Right Wire)" in proc.stdout
    plain = run("show", sid, "--db", db)
    assert "Coverage by outlet" not in plain.stdout  # no file, no section: the report is as before
    as_json = json.loads(run("show", sid, "--db", db, "--json", "--outlets", str(TOML), "--by", "leaning").stdout)
    assert as_json["stories"][0]["coverage"]["blindspots"] == [{"attribute": "leaning", "values": ["RR"]}]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--outlets", "{missing}"], "no such outlets file"),
        (["--outlets", str(TOML), "--by", "bias"], "no outlet has the attribute 'bias'"),
        (["--by", "leaning"], "--by needs --outlets FILE"),
    ],
)
def test_show_with_a_bad_outlets_option_is_a_usage_error(nw_store, args, message):
    root, doc = nw_store
    args = [a.format(missing=root / "none.toml") for a in args]
    proc = run("show", doc["stories"][0]["id"], "--db", str(root / "nw.sqlite3"), *args)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
