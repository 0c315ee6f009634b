"""Alerts over a real store: each firing recorded once and delivered once per sink; a webhook
that fails is retried (within a round, bounded, and again next round) without stopping the
round; a reopened store delivers nothing twice. The webhook receiver runs on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corroborate import config, pipeline
from corroborate.alerts.rules import load
from corroborate.alerts.run import Alerts, views
from corroborate.store import Store, alertstate

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "examples" / "seeds").iterdir())
FAST = config.override(config.settings(), {"alerts": {"webhook_timeout_s": 2.0, "webhook_retries": 2, "webhook_backoff_s": 0.01}})


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """The five founding reports added one by one: one story, 4 independent sources, a weekday conflict."""
    db = tmp_path_factory.mktemp("seeded") / "s.sqlite3"
    with Store(db) as store:
        for p in SEEDS:
            pipeline.add(store, [p], config.settings())
    return db


@pytest.fixture
def store(seeded, tmp_path):
    db = tmp_path / "s.sqlite3"
    shutil.copy(seeded, db)
    s = Store(db)
    yield s
    s.close()


def _rules(tmp_path, hook_url: str | None, *, jsonl: bool = True, extra: str = "") -> Path:
    sinks = "[deliver]\n" + (f'webhook = "{hook_url}"\n' if hook_url else "") + ('jsonl = "alerts.jsonl"\n' if jsonl else "")
    path = tmp_path / "rules.toml"
    path.write_text(sinks + '[[rule]]\nname = "three"\nkind = "sources"\nmin_sources = 3\n'
                    '[[rule]]\nname = "disputed"\nkind = "conflict"\n' + extra, "utf-8")
    return path


def _lines(tmp_path) -> list[dict]:
    f = tmp_path / "alerts.jsonl"
    return [json.loads(x) for x in f.read_text("utf-8").splitlines()] if f.exists() else []


def _story(store) -> str:
    return store.story_ids()[0]


def test_views_read_the_touched_stories(store):
    [v] = views(store, [_story(store), "st-gone"], [SEEDS[4].stem])
    assert (v.n_articles, v.n_independent) == (5, 4) and v.new_articles == (SEEDS[4].stem,)
    assert v.conflicts and v.entities and "Zelensky" in v.text and len(v.sources) == 5


def test_each_firing_is_delivered_once_to_every_sink(store, hook, tmp_path):
    lines: list[str] = []
    with Alerts(load(_rules(tmp_path, hook.url)), FAST, report=lines.append) as alerts:
        r1 = alerts(store, [_story(store)], [])
        assert sorted(f.rule for f in r1.fired) == ["disputed", "three"] and r1.delivered == 4 and not lines
        assert sorted(p["rule"] for p in hook.delivered()) == ["disputed", "three"]
        assert all(p["ctype"] == "application/json" for p in hook.posts)
        assert sorted(x["rule"] for x in _lines(tmp_path)) == ["disputed", "three"]  # one line per firing
        body = next(p for p in hook.delivered() if p["rule"] == "three")
        assert body["story"] == _story(store) and body["n_independent"] == 4 and body["kind"] == "sources" and body["id"]
        r2 = alerts(store, [_story(store)], [])
        assert not r2.fired and r2.delivered == 0
    assert len(hook.posts) == 2 and len(_lines(tmp_path)) == 2


def test_a_webhook_answering_500_then_200_is_retried(store, hook, tmp_path):
    hook.script = [500]
    with Alerts(load(_rules(tmp_path, hook.url, jsonl=False)), FAST) as alerts:
        r = alerts(store, [_story(store)], [])
    assert r.delivered == 2 and not r.failures
    assert [p["status"] for p in hook.posts] == [500, 200, 200]
    assert hook.posts[0]["body"] == hook.posts[1]["body"]
    assert not alertstate.pending(store)


def test_a_failed_webhook_is_one_named_line_retried_next_round_and_the_round_goes_on(store, hook, tmp_path):
    hook.script = [503] * 3  # webhook_retries = 2: three attempts, all refused
    lines: list[str] = []
    rules = load(_rules(tmp_path, hook.url))
    with Alerts(rules, FAST, report=lines.append) as alerts:
        r1 = alerts(store, [_story(store)], [])
    assert len(hook.posts) == 3 and len(r1.fired) == 2
    assert r1.failures == [lines[0]]
    assert lines[0].startswith(f"alert not delivered: webhook {hook.url}: HTTP 503 (after 3 attempts)")
    assert "retried next round" in lines[0] and r1.held == 1 and "held for the next round" in lines[1]
    assert len(_lines(tmp_path)) == 2  # the JSON Lines sink took both meanwhile
    assert {p.sink for p in alertstate.pending(store)} == {"webhook"}
    # next round (a new process: the store reopened), the receiver is back: each delivered once
    path = store.path
    store.close()
    with Store(path) as again, Alerts(rules, FAST, report=lines.append) as alerts:
        r2 = alerts(again, [], [])  # nothing touched: only what is pending
        assert not r2.fired and r2.delivered == 2 and not alertstate.pending(again)
        r3 = alerts(again, [_story(again)], [])
        assert not r3.fired and r3.delivered == 0
    assert sorted(p["rule"] for p in hook.delivered()) == ["disputed", "three"]
    assert len(_lines(tmp_path)) == 2


def test_a_reopened_store_does_not_deliver_again(store, hook, tmp_path):
    rules = load(_rules(tmp_path, hook.url))
    with Alerts(rules, FAST) as alerts:
        assert alerts(store, [_story(store)], []).delivered == 4
    path = store.path
    store.close()
    with Store(path) as again, Alerts(rules, FAST) as alerts:
        r = alerts(again, [_story(again)], [])
        assert not r.fired and r.delivered == 0
    assert len(hook.posts) == 2 and len(_lines(tmp_path)) == 2


def test_reanalysis_does_not_fire_again(store, hook, tmp_path):
    rules = load(_rules(tmp_path, hook.url))
    with Alerts(rules, FAST) as alerts:
        alerts(store, [_story(store)], [])
        result = pipeline.analyze(store, [ROOT / "examples" / "seeds"], config.settings())  # re-grouped, re-derived
        assert result.stories == [_story(store)]
        r = alerts(store, result.stories, [])
        assert not r.fired and r.delivered == 0


def test_webhook_retries_is_honoured(store, hook, tmp_path):
    hook.script = [500] * 10
    s = config.override(FAST, {"alerts": {"webhook_retries": 0}})
    with Alerts(load(_rules(tmp_path, hook.url, jsonl=False)), s) as alerts:
        r = alerts(store, [_story(store)], [])
    assert len(hook.posts) == 1  # no retry within the round
    assert r.failures[0].startswith(f"alert not delivered: webhook {hook.url}: HTTP 500 (rule 'three'")


def test_webhook_backoff_is_honoured(store, hook, tmp_path):
    hook.script = [500, 500]
    s = config.override(FAST, {"alerts": {"webhook_backoff_s": 0.2}})
    with Alerts(load(_rules(tmp_path, hook.url, jsonl=False)), s) as alerts:
        alerts(store, [_story(store)], [])
    t = [p["t"] for p in hook.posts]
    assert t[1] - t[0] >= 0.2 and t[2] - t[1] >= 0.4  # waits backoff * 2^attempt (a lower bound only)


def test_webhook_timeout_is_honoured(store, hook, tmp_path):
    hook.delay = 1.0
    s = config.override(FAST, {"alerts": {"webhook_timeout_s": 0.2, "webhook_retries": 0}})
    lines: list[str] = []
    with Alerts(load(_rules(tmp_path, hook.url, jsonl=False)), s, report=lines.append) as alerts:
        r = alerts(store, [_story(store)], [])
    assert r.delivered == 0 and "timed out" in lines[0]


def test_an_unreachable_webhook_and_an_unwritable_file_are_named(store, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[deliver]\nwebhook = "http://127.0.0.1:9/hook"\njsonl = "no/such/folder/a.jsonl"\nstdout = true\n'
                     '[[rule]]\nname = "three"\nkind = "sources"\nmin_sources = 3\n', "utf-8")
    lines: list[str] = []
    out: list[str] = []
    s = config.override(FAST, {"alerts": {"webhook_retries": 0}})
    with Alerts(load(rules), s, report=lines.append, out=out.append) as alerts:
        r = alerts(store, [_story(store)], [])
    assert r.delivered == 1 and out == [f"alert: three: {_story(store)} 4 independent sources (rule: at least 3) "
                                        f"({store.story(_story(store)).title})"]
    assert any(x.startswith("alert not delivered: webhook http://127.0.0.1:9/hook: ConnectError") for x in lines)
    assert any(x.startswith(f"alert not delivered: jsonl {tmp_path / 'no/such/folder/a.jsonl'}: cannot append") for x in lines)
