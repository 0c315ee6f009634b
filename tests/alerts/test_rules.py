"""An alerts file is read into rules and sinks, and every mistake names the file, the rule and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborate.alerts.evaluate import KINDS
from corroborate.alerts.rules import RulesError, load
from corroborate.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOOD_SINKS = '[deliver]\nwebhook = "http://127.0.0.1:9/hook"\njsonl = "out/alerts.jsonl"\nstdout = false\n'


def _file(tmp_path, text: str) -> Path:
    p = tmp_path / "rules.toml"
    p.write_text(text, "utf-8")
    return p


def test_the_example_file_loads_every_kind():
    rs = load(ROOT / "examples" / "alerts.toml")
    assert {r.kind for r in rs.rules} == set(KINDS)
    assert dict(rs.sinks)["jsonl"] == str(ROOT / "examples" / "alerts.jsonl")  # relative to the rules file
    picky = next(r for r in rs.rules if r.name == "disputed figures")
    assert picky.sinks == ("jsonl",) and picky.get("conflict_kinds") == ("number", "date", "weekday")


def test_sinks_and_defaults(tmp_path):
    rs = load(_file(tmp_path, GOOD_SINKS + '[[rule]]\nname = "n"\nkind = "words"\nwords = "Kyiv"\n'))
    assert rs.sink_names == ("webhook", "jsonl")  # stdout = false: switched off
    assert dict(rs.sinks)["jsonl"] == str(tmp_path.resolve() / "out" / "alerts.jsonl")
    rule = rs.rules[0]
    assert rule.get("words") == (("kyiv",),) and rule.get("all") is False and rule.sinks == ("webhook", "jsonl")


@pytest.mark.parametrize("text, reason", [
    ('[[rule]]\nname = "a"\nkind = "sources"\nmin_sources = 3\n', "no [deliver] table"),
    (GOOD_SINKS, "no rule"),
    ('[deliver]\nsms = "123"\n[[rule]]\nname = "a"\nkind = "sources"\nmin_sources = 3\n', "unknown sink 'sms'"),
    ('[deliver]\nwebhook = "ftp://x/y"\n[[rule]]\nname = "a"\nkind = "sources"\nmin_sources = 3\n',
     "[deliver] webhook: 'ftp://x/y' is not an http(s) URL"),
    ('[deliver]\nstdout = false\n[[rule]]\nname = "a"\nkind = "sources"\nmin_sources = 3\n', "every sink is switched off"),
    (GOOD_SINKS + '[[rule]]\nkind = "sources"\nmin_sources = 3\n', "rule #1: needs a name"),
    (GOOD_SINKS + '[[rule]]\nname = "three"\nkind = "sorces"\nmin_sources = 3\n', "rule 'three' (#1): unknown kind 'sorces'"),
    (GOOD_SINKS + '[[rule]]\nname = "three"\nkind = "sources"\n', "rule 'three' (#1): kind 'sources' needs min_sources"),
    (GOOD_SINKS + '[[rule]]\nname = "three"\nkind = "sources"\nmin_sources = 0\n',
     "rule 'three' (#1): min_sources: must be a whole number of 1 or more"),
    (GOOD_SINKS + '[[rule]]\nname = "three"\nkind = "sources"\nmin_sources = "3"\n', "min_sources: must be a whole number"),
    (GOOD_SINKS + '[[rule]]\nname = "three"\nkind = "sources"\nmin_sources = 3\nwords = ["x"]\n',
     "rule 'three' (#1): unknown key words for kind 'sources'"),
    (GOOD_SINKS + '[[rule]]\nname = "w"\nkind = "words"\nwords = []\n', "rule 'w' (#1): words: must be a non-empty"),
    (GOOD_SINKS + '[[rule]]\nname = "w"\nkind = "words"\nwords = ["..."]\n', "rule 'w' (#1): words: each entry must hold a word"),
    (GOOD_SINKS + '[[rule]]\nname = "e"\nkind = "entity"\nentity = "42"\n', "rule 'e' (#1): entity: each entry must be a name"),
    (GOOD_SINKS + '[[rule]]\nname = "o"\nkind = "outlet"\n', "rule 'o' (#1): kind 'outlet' needs outlets"),
    (GOOD_SINKS + '[[rule]]\nname = "a"\nkind = "sources"\nmin_sources = 3\n[[rule]]\nname = "a"\nkind = "conflict"\n',
     "rule 'a' (#2): the name is used by an earlier rule"),
    (GOOD_SINKS + '[[rule]]\nname = "a"\nkind = "conflict"\ndeliver = ["stdout"]\n',
     "rule 'a' (#1): deliver: stdout is not a sink of [deliver]"),
    (GOOD_SINKS + '[rules]\nname = "a"\n', "unknown top-level key rules"),
    ("[[rule]\nname = 1", "not valid TOML"),
])
def test_a_bad_file_is_named_with_the_rule_and_the_reason(tmp_path, text, reason):
    path = _file(tmp_path, text)
    with pytest.raises(RulesError) as err:
        load(path)
    assert str(err.value).startswith(f"{path}: ") and reason in str(err.value), str(err.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RulesError, match="nope.toml: cannot read the alerts file"):
        load(tmp_path / "nope.toml")


@pytest.mark.parametrize("command", ["add", "fetch", "watch"])
def test_a_bad_rules_file_is_a_usage_error_before_anything_runs(tmp_path, command):
    path = _file(tmp_path, GOOD_SINKS + '[[rule]]\nname = "three"\nkind = "sources"\nmin_sources = -1\n')
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/feed\n")
    args = {"add": ["add", str(ROOT / "examples" / "seeds")], "fetch": ["fetch", "http://127.0.0.1:9/feed"],
            "watch": ["watch", "--feeds", str(feeds), "--once"]}[command]
    db = tmp_path / "s.sqlite3"
    r = CliRunner().invoke(main, [*args, "--db", str(db), "--alerts", str(path)])
    assert r.exit_code == 2, r.output
    assert f"--alerts {path}: rule 'three' (#1): min_sources: must be a whole number" in r.output
    assert not db.exists()  # refused before the store was opened


def test_the_readme_example_is_a_valid_rules_file(tmp_path):
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Alerts"):]
    block = section[section.index("```toml\n") + 8 : section.index("```", section.index("```toml\n") + 8)]
    rs = load(_file(tmp_path, block))
    assert [r.kind for r in rs.rules] == ["sources", "entity"] and rs.rules[1].sinks == ("jsonl",)
    assert "corroborate watch --feeds feeds.txt --alerts examples/alerts.toml" in section
