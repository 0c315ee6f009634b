"""The issue's alerts test: the founding reports (examples/seeds, five reports of one event)
arrive in a feed one by one; the ">= 3 independent sources" rule fires exactly once, when
the third independent outlet arrives, and a webhook receiver on loopback gets it. Each round
is a separate `corroborate watch --once` run (a restart), so nothing is delivered twice."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import fetchserver as fs
from corroborate.cli import main
from corroborate.store import Store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "examples" / "seeds").iterdir())
FAST_FETCH = """[fetch]
timeout_s = 5.0
connect_timeout_s = 2.0
retries = 0
backoff_s = 0.01
per_host_interval_s = 0.0
[alerts]
webhook_timeout_s = 2.0
webhook_retries = 2
webhook_backoff_s = 0.01
"""


DAY = "2025-04-08"  # the day the founding reports were published


def _page(text: str, outlet: str) -> bytes:
    paras = [p for p in text.split("\n") if p.strip()]
    title = html.escape(paras[0][:80])
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>"
            f"<meta property='og:site_name' content='{outlet}'>"
            f"<meta property='article:published_time' content='{DAY}T10:00:00Z'>"
            f"</head><body><article>{body}</article></body></html>").encode()


def _files(tmp_path, server, hook):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.base}/feed\n", "utf-8")
    rules = tmp_path / "alerts.toml"
    rules.write_text(f'[deliver]\nwebhook = "{hook.url}"\njsonl = "alerts.jsonl"\n'
                     '[[rule]]\nname = "three sources"\nkind = "sources"\nmin_sources = 3\n', "utf-8")
    cfg = tmp_path / "fast.toml"
    cfg.write_text(FAST_FETCH, "utf-8")
    return feeds, rules, cfg


def test_three_independent_sources_fire_once_when_the_third_outlet_arrives(tmp_path, server, hook):
    feeds, rules, cfg = _files(tmp_path, server, hook)
    db = tmp_path / "s.sqlite3"
    items: list[tuple[str, str]] = []
    independent: list[int] = []
    for k, seed in enumerate(SEEDS):
        server.routes[f"/a/{k}"] = fs.Route(body=_page(seed.read_text("utf-8"), f"Outlet {k}"))
        items.append((f"/a/{k}", f"Report {k}"))
        server.routes["/feed"] = fs.Route(body=fs.rss(server.base, items, pub_date="Tue, 08 Apr 2025 10:00:00 GMT", title="Seeds"), ctype="application/rss+xml")
        r = CliRunner().invoke(main, ["watch", "--feeds", str(feeds), "--once", "--db", str(db), "--config", str(cfg),
                                      "--alerts", str(rules)])
        assert r.exit_code == 0, r.output
        assert "1 new article," in r.output
        with Store(db) as store:
            [summary] = store.summaries()
            independent.append(summary.n_independent)
        assert len(hook.delivered()) == (1 if summary.n_independent >= 3 else 0), (k, independent, r.output)
        fired_now = summary.n_independent >= 3 and (len(independent) == 1 or independent[-2] < 3)
        assert ("1 alert fired, 2 delivered." in r.output) == fired_now, r.output
    assert independent == [1, 1, 2, 3, 4]  # 000 and 001 are one source (a rewrite); 003 is the third outlet
    [body] = hook.delivered()
    assert len(hook.posts) == 1
    assert body["n_independent"] == 3 and body["n_articles"] == 4 and body["kind"] == "sources"
    assert [json.loads(x)["id"] for x in (tmp_path / "alerts.jsonl").read_text("utf-8").splitlines()] == [body["id"]]
    # a new process on the same store, the feed unchanged: nothing fires or is delivered again
    proc = subprocess.run([sys.executable, "-m", "corroborate", "watch", "--feeds", str(feeds), "--once", "--db", str(db),
                           "--config", str(cfg), "--alerts", str(rules)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "0 new articles," in proc.stdout and "alert" not in proc.stdout + proc.stderr
    assert len(hook.posts) == 1 and len((tmp_path / "alerts.jsonl").read_text("utf-8").splitlines()) == 1


def test_fetch_and_add_take_alerts_too(tmp_path, server, hook):
    feeds, rules, cfg = _files(tmp_path, server, hook)
    db = tmp_path / "s.sqlite3"
    for k, seed in enumerate(SEEDS[:3]):
        server.routes[f"/a/{k}"] = fs.Route(body=_page(seed.read_text("utf-8"), f"Outlet {k}"))
    r = CliRunner().invoke(main, ["fetch", *(f"{server.base}/a/{k}" for k in range(3)), "--db", str(db),
                                  "--config", str(cfg), "--alerts", str(rules)])
    assert r.exit_code == 0 and not hook.posts, r.output  # 2 independent sources: nothing yet
    stdout_rules = tmp_path / "stdout.toml"
    stdout_rules.write_text(rules.read_text("utf-8").replace('jsonl = "alerts.jsonl"', "stdout = true"), "utf-8")
    r = CliRunner().invoke(main, ["add", str(SEEDS[3]), "--db", str(db), "--config", str(cfg), "--alerts", str(stdout_rules)])
    assert r.exit_code == 0, r.output
    assert "alert: three sources: st-" in r.output and "3 independent sources (rule: at least 3)" in r.output
    assert len(hook.delivered()) == 1
    r = CliRunner().invoke(main, ["add", str(SEEDS[4]), "--db", str(db), "--config", str(cfg), "--alerts", str(stdout_rules)])
    assert r.exit_code == 0 and "alert:" not in r.output and len(hook.posts) == 1
