"""One ``corroborate watch --once`` round over many local feeds, then a second one with nothing changed.

A real HTTP server on 127.0.0.1 (``tests/fetch/fetchserver.py``, nothing beyond
loopback) serves ``--feeds`` RSS feeds of ``--entries`` items each, every item an
article page built from a record resampled from ../shared/data (``corpus.resample``:
title, text and a publication date; the page carries the date, the feed item its
pubDate), each feed with an ETag and Last-Modified. ``corroborate watch --feeds FILE
--once`` runs in its own process over a fresh store, twice:

1. the first round fetches every feed and every article, stores them and groups them
   into stories (the full path, claims and briefs included);
2. the second round, nothing changed, should cost one conditional request per feed
   (answered 304) and nothing else; robots.txt is read once per host per process,
   so a fresh ``--once`` process adds one request for the one local host.

Prints, for each round: wall time (the whole process, start-up included), articles
stored, articles/s, requests the server saw (by kind: robots.txt, feeds, conditional
feeds answered 304, article pages), and the command's own summary line.

    python benchmarks/watch.py [--feeds 200] [--entries 20] [--workers 8] [--pipeline-workers N] [--label NAME] [--save]

The fetch settings are the defaults but for politeness towards the one local host:
``per_host_interval_s = 0`` and ``per_host_concurrency = --workers`` (the defaults,
1 request/s and 2 at once per host, would make 4,000 pages from one host take over
an hour by design). ``--pipeline-workers 1`` keeps the grouping in-process (no forked
workers). Each round has a deadline (``--timeout``): a round past it is killed and
reported. ``--save`` writes benchmarks/results/<date>-watch[-LABEL].json.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "fetch"))

import fetchserver as fs  # noqa: E402  (the test suite's local server: one definition of it)


MIN_WORDS = 40  # a page with fewer words of text is no article (ECB+ has headline-only records)


def _when(published: str | None) -> datetime:
    try:
        d = date.fromisoformat((published or "")[:10])
    except ValueError:
        d = date(2020, 1, 1)
    return datetime(d.year, d.month, d.day, 9, 0, tzinfo=timezone.utc)


def page(rec: dict, n: int) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    title = html.escape(rec.get("title") or rec["text"][:60])
    when = _when(rec.get("published")).isoformat()
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>"
            f"<meta property='og:site_name' content='Outlet {n % 97}'>"
            f"<meta property='article:published_time' content='{when}'></head><body>"
            f"<article><h1>{title}</h1>{paras}</article></body></html>").encode()


def rss(base: str, items: list[tuple[str, dict]]) -> bytes:
    body = "".join(
        f"<item><title>{html.escape(rec.get('title') or rec['text'][:60])}</title><link>{base}{path}</link>"
        f"<pubDate>{format_datetime(_when(rec.get('published')), usegmt=True)}</pubDate></item>"
        for path, rec in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench feed</title><link>{base}/</link>'
            f"<description>benchmark</description>{body}</channel></rss>").encode()


def build_site(server: fs.Server, n_feeds: int, entries: int, seed: int) -> list[str]:
    """Routes for ``n_feeds`` feeds of ``entries`` articles each; the feed URLs."""
    from corpus import resample

    want = n_feeds * entries
    recs: list[dict] = []
    pool = want
    while len(recs) < want:  # some resampled records have no text (a headline only): not an article page
        pool = int(pool * 1.5) + 10
        recs = [r for r in resample(pool, seed=seed) if len(r["text"].split()) >= MIN_WORDS][:want]
    modified = format_datetime(datetime(2026, 1, 1, tzinfo=timezone.utc), usegmt=True)
    urls = []
    for f in range(n_feeds):
        items = []
        for e in range(entries):
            k = f * entries + e
            path = f"/news/{f}/{e}.html"
            server.routes[path] = fs.Route(body=page(recs[k], k))
            items.append((path, recs[k]))
        server.routes[f"/feeds/{f}.xml"] = fs.Route(
            body=rss(server.base, items), ctype="application/rss+xml; charset=utf-8", etag=f'"feed-{f}-v1"',
            headers={"Last-Modified": modified})
        urls.append(f"{server.base}/feeds/{f}.xml")
    return urls


def census(log: list[dict]) -> dict[str, int]:
    kinds = {"robots": 0, "feeds": 0, "feeds_conditional": 0, "articles": 0, "other": 0}
    for r in log:
        path = r["path"]
        if path == "/robots.txt":
            kinds["robots"] += 1
        elif path.startswith("/feeds/"):
            kinds["feeds"] += 1
            if r["headers"].get("If-None-Match") or r["headers"].get("If-Modified-Since"):
                kinds["feeds_conditional"] += 1
        elif path.startswith("/news/"):
            kinds["articles"] += 1
        else:
            kinds["other"] += 1
    kinds["total"] = len(log)
    return kinds


def run_round(server: fs.Server, feeds_file: Path, db: Path, config: Path, timeout: float) -> dict:
    start_log = len(server.log)
    cmd = [sys.executable, "-m", "corroborate", "watch", "--feeds", str(feeds_file), "--once", "--db", str(db),
           "--config", str(config)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    except subprocess.TimeoutExpired as exc:  # killed (SIGKILL); its forked workers die with it
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return {"exit_code": None, "timed_out": True, "seconds": round(time.perf_counter() - t0, 2),
                "requests": census(server.log[start_log:]), "summary": f"killed after {timeout:g} s", "stdout_tail": out[-500:]}
    wall = time.perf_counter() - t0
    summary = [ln for ln in proc.stdout.splitlines() if re.match(r"\d+ new article", ln)]
    failures = [ln for ln in proc.stderr.splitlines() if ln.startswith("failed:")]
    from corroborate.store import Store

    with Store(db, read_only=True) as store:
        stored = store.count_articles()
        stories = len(store.story_ids())
    added = int(summary[-1].split()[0]) if summary else 0
    return {
        "exit_code": proc.returncode,
        "seconds": round(wall, 2),
        "articles_added": added,
        "articles_in_store": stored,
        "stories_in_store": stories,
        "articles_per_s": round(added / wall, 1) if wall else None,
        "requests": census(server.log[start_log:]),
        "failures": len(failures),
        "failure_examples": failures[:5],
        "summary": summary[-1] if summary else proc.stdout[-500:] + proc.stderr[-500:],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--entries", type=int, default=20, help="items per feed")
    ap.add_argument("--workers", type=int, default=8, help="[fetch] workers and per-host concurrency")
    ap.add_argument("--pipeline-workers", type=int, default=None,
                    help="[pipeline] workers (default: defaults.toml's; 1 keeps grouping in-process)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed per round")
    ap.add_argument("--label", default="", help="suffix of the saved file: <date>-watch-<label>.json")
    ap.add_argument("--save", action="store_true")
    args = ap.parse_args()

    load = round(os.getloadavg()[0], 2)  # a shared machine: what else was running
    server = fs.Server()
    try:
        feeds = build_site(server, args.feeds, args.entries, args.seed)
        with tempfile.TemporaryDirectory(prefix="corroborate-watch-bench-") as tmp:
            feeds_file = Path(tmp) / "feeds.txt"
            feeds_file.write_text("# benchmark feeds\n" + "\n".join(feeds) + "\n", "utf-8")
            config = Path(tmp) / "bench.toml"
            config.write_text(
                "[fetch]\n# one local host: no gap between requests, --workers at once\n"
                f"per_host_interval_s = 0.0\nper_host_concurrency = {args.workers}\nworkers = {args.workers}\n"
                + (f"[pipeline]\nworkers = {args.pipeline_workers}\n" if args.pipeline_workers is not None else ""), "utf-8")
            db = Path(tmp) / "watch.sqlite3"
            first = run_round(server, feeds_file, db, config, args.timeout)
            second: dict = {}
            target = False
            if first.get("timed_out"):
                print(f"round 1 killed after {args.timeout:g} s; requests {first['requests']}")
            else:
                print(f"round 1: {first['seconds']} s, {first['articles_added']} articles stored "
                      f"({first['articles_per_s']} articles/s), {first['stories_in_store']} stories, "
                      f"requests {first['requests']}, {first['failures']} failed")
                print(f"  {first['summary']}")
                second = run_round(server, feeds_file, db, config, args.timeout)
                r2 = second["requests"]
                print(f"round 2 (nothing changed): {second['seconds']} s, {second.get('articles_added')} articles, "
                      f"requests {r2}")
                print(f"  {second['summary']}")
                target = r2["feeds"] == args.feeds and r2["feeds_conditional"] == args.feeds and r2["articles"] == 0
                print(f"  target (one conditional request per feed, nothing else but robots.txt): {'met' if target else 'MISSED'}")
    finally:
        server.close()
    figures = {"feeds": args.feeds, "entries_per_feed": args.entries, "articles_served": args.feeds * args.entries,
               "fetch_workers": args.workers, "pipeline_workers": args.pipeline_workers, "seed": args.seed,
               "first_round": first, "second_round": second, "second_round_target_met": target,
               "load_average_at_start": load}
    if args.save:
        from results import save

        print(f"saved {save('watch' + (f'-{args.label}' if args.label else ''), figures)}")
    if first.get("timed_out") or not target:
        raise SystemExit(1)

if __name__ == "__main__":
    main()
