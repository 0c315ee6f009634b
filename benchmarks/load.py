"""A small, bounded load test of `corroborate serve` on loopback: reads mixed with adds.

Builds a store in a temporary folder (the founding examples, plus the first
``--preload`` records of a labelled JSONL file when it is there: ECB+ by
default), starts ``corroborate serve`` on 127.0.0.1 (a free port, its own
process), and sends ``--requests`` requests from ``--clients`` threads, each
with its own keep-alive connection. About ``--write-share`` of them are
``POST /api/articles`` (one article each: a record of the file that was not
preloaded, else a follow-up of a stored article); the rest read the JSON API
and the HTML pages (stories list and search, a story, an article, an entity).

Beside them, ``--slow`` misbehaving connections (issue 15) run for the whole load:
a third open and send half a request head, then nothing (half-open); a third
trickle a head one byte a second (slowloris); a third send a head announcing a
10 kB body and trickle that. Each reopens when the server drops it. The figures
say whether the normal clients were starved (their p95 and errors) and how soon
the server dropped each kind of slow client.

Every request has a timeout and the run a deadline; nothing but 127.0.0.1 is
contacted. At the end the store is checked: every article in exactly one
story, nothing pending, every add present.

    python benchmarks/load.py [--requests 400] [--clients 8] [--write-share 0.1] [--preload 300] [--slow 150] [--save]

Prints throughput (requests/s), p50/p95/max latency overall and per kind,
errors, and the consistency check; ``--save`` writes benchmarks/results/.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEEDS = ROOT / "examples" / "seeds"
DEFAULT_DATA = (ROOT.parent / "shared" / "data" / "ecbplus" / "topics-1-35.jsonl").resolve()


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build_store(db: Path, data: Path | None, preload: int, seed: int) -> list[dict]:
    """Analyze the seeds (+ ``preload`` records of ``data``) into ``db``; return the records kept back for adds."""
    from corroborate import pipeline
    from corroborate.store import Store

    paths: list[Path] = [SEEDS]
    held: list[dict] = []
    if data is not None and data.exists() and preload > 0:
        records = _records(data)
        random.Random(seed).shuffle(records)
        first = db.parent / "preload.jsonl"
        with first.open("w", encoding="utf-8") as fh:
            for r in records[:preload]:
                fh.write(json.dumps({k: r[k] for k in ("id", "title", "text", "published") if r.get(k)}) + "\n")
        paths.append(first)
        held = [{k: r[k] for k in ("id", "title", "text", "published") if r.get(k)} for r in records[preload:]]
    with Store(db) as store:
        pipeline.analyze(store, paths)
    return held


class Plan:
    """The requests to send, drawn up front from the store (ids to read) and the held-back records (adds)."""

    def __init__(self, db: Path, held: list[dict], n: int, write_share: float, seed: int):
        from corroborate.store import Store

        rng = random.Random(seed)
        with Store(db) as store:
            stories = [s.id for s in store.summaries()]
            articles = [a.id for a in store.articles()]
            big = store.summaries()[: max(1, len(stories) // 5)]
            entities = []
            words = []
            for s in big[:20]:
                story = store.story(s.id)
                entities += [e.id for e in story.entities[:5]]
                words += [w for w in re.findall(r"[A-Za-z]{5,}", story.title)]
            texts = {a.id: a.text for a in store.articles(rng.sample(articles, min(50, len(articles))))}
        self.items: list[tuple[str, str, str, bytes | None]] = []  # (kind, method, path, body)
        held = list(held)
        for i in range(n):
            if rng.random() < write_share:
                if held:
                    rec = dict(held.pop())
                    rec["id"] = f"load-{i}-{rec.get('id', i)}"
                else:  # a follow-up of a stored article: its first paragraphs and one new sentence
                    aid, text = rng.choice(list(texts.items()))
                    paras = text.split("\n\n")
                    rec = {"id": f"load-{i}", "text": "\n\n".join(paras[: max(2, len(paras) // 2)])
                           + f"\n\nA correspondent added in update number {i} that officials gave no further details."}
                self.items.append(("POST /api/articles", "POST", "/api/articles", json.dumps(rec).encode()))
                continue
            r = rng.random()
            if r < 0.15:
                self.items.append(("GET /api/stories", "GET", "/api/stories", None))
            elif r < 0.25:
                q = quote(rng.choice(words or ["news"]))
                self.items.append(("GET /api/stories?q", "GET", f"/api/stories?q={q}", None))
            elif r < 0.40:
                self.items.append(("GET /api/stories/{id}", "GET", "/api/stories/" + quote(rng.choice(stories), safe=""), None))
            elif r < 0.55:
                self.items.append(("GET /api/articles/{id}", "GET", "/api/articles/" + quote(rng.choice(articles), safe=""), None))
            elif r < 0.65:
                self.items.append(("GET /", "GET", "/", None))
            elif r < 0.80:
                self.items.append(("GET /stories/{id}", "GET", "/stories/" + quote(rng.choice(stories), safe=""), None))
            elif r < 0.92:
                self.items.append(("GET /articles/{id}", "GET", "/articles/" + quote(rng.choice(articles), safe=""), None))
            else:
                eid = rng.choice(entities) if entities else "person:none"
                self.items.append(("GET /entities/{id}", "GET", "/entities/" + quote(eid, safe=":"), None))


def start_server(db: Path) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "corroborate", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit(f"the server did not start: {line}{proc.stderr.read()}")
    port = int(m.group(1))
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/stories?limit=1")
            conn.getresponse().read()
            conn.close()
            return proc, port
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("the server did not answer within 30 s")
            time.sleep(0.1)


def run_load(port: int, plan: Plan, clients: int, timeout: float, deadline_s: float) -> tuple[list[tuple[str, int, float]], list[str]]:
    """Send the plan's requests from ``clients`` threads; return (kind, status, seconds) per request
    and the error messages of the requests answered 4xx/5xx."""
    work: queue.Queue = queue.Queue()
    for item in plan.items:
        work.put(item)
    out: list[tuple[str, int, float]] = []
    messages: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + deadline_s

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        while time.monotonic() < stop:
            try:
                kind, method, path, body = work.get_nowait()
            except queue.Empty:
                break
            headers = {"Content-Type": "application/json"} if body is not None else {}
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                status = resp.status
                if status >= 400:
                    try:
                        err = json.loads(data)["error"]
                        msg = f"{kind} {status}: {err['message']}" + "".join(
                            f"; {r['origin']}: {r['reason']}" for r in err.get("rejected") or ()
                        )
                    except (ValueError, KeyError, TypeError):
                        msg = f"{kind} {status}"
                    with lock:
                        messages.append(msg)
                if resp.getheader("connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            with lock:
                out.append((kind, status, time.perf_counter() - t0))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out, messages


SLOW_KINDS = ("half_open", "slowloris", "slow_body")


def slow_client(port: int, kind: str, stop: threading.Event, out: list[tuple[str, float, bytes]], lock: threading.Lock) -> None:
    """Misbehave as ``kind`` until ``stop``; for every connection the server ended, record
    (kind, seconds it stayed open, the first bytes the server answered)."""
    import socket

    head = b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            stop.wait(0.2)
            continue
        t0 = time.monotonic()
        answer = b""
        try:
            if kind == "half_open":
                s.sendall(head + b"X-Half: ")
            elif kind == "slow_body":
                s.sendall(b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 10000\r\n\r\n{")
            sent = 0
            while not stop.is_set():
                try:
                    data = s.recv(4096)
                    if not data:
                        break  # closed by the server
                    answer += data
                    if len(answer) > 12:
                        break
                except socket.timeout:  # a second went by: trickle one more byte
                    if kind == "slowloris":
                        s.sendall(head[sent % len(head): sent % len(head) + 1] if sent < len(head) else b"x")
                    elif kind == "slow_body":
                        s.sendall(b" ")
                    sent += 1
        except OSError:
            pass  # reset by the server
        finally:
            s.close()
        if not stop.is_set():
            with lock:
                out.append((kind, time.monotonic() - t0, answer[:12]))


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def check_store(db: Path, n_before: int, added_ok: int) -> dict:
    """Every article in exactly one story, nothing pending, every accepted add stored."""
    from corroborate.store import Store

    with Store(db) as store:
        membership = store.membership()
        n = store.count_articles()
        pending = store.pending_ids()
        sizes = sum(len(store.story(s).article_ids) for s in store.story_ids())
    ok = not pending and len(membership) == n == sizes and n == n_before + added_ok
    return {"articles": n, "articles_before": n_before, "adds_accepted": added_ok, "pending": len(pending),
            "in_stories": sizes, "consistent": ok}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--write-share", type=float, default=0.1)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled JSONL to preload from (and add from)")
    ap.add_argument("--preload", type=int, default=300, help="records of --data stored before the run (0: seeds only)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    ap.add_argument("--deadline", type=float, default=300.0, help="seconds for the whole run")
    ap.add_argument("--slow", type=int, default=150, help="misbehaving connections during the load (0: none)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--save", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="corroborate-load-") as tmp:
        db = Path(tmp) / "load.sqlite3"
        t0 = time.perf_counter()
        held = build_store(db, args.data, args.preload, args.seed)
        from corroborate.store import Store

        with Store(db) as store:
            n_before, n_stories = store.count_articles(), len(store.story_ids())
        setup = time.perf_counter() - t0
        plan = Plan(db, held, args.requests, args.write_share, args.seed)
        proc, port = start_server(db)
        stop = threading.Event()
        slow_out: list[tuple[str, float, bytes]] = []
        slow_lock = threading.Lock()
        slow_threads = [threading.Thread(target=slow_client, args=(port, SLOW_KINDS[i % 3], stop, slow_out, slow_lock), daemon=True)
                        for i in range(args.slow)]
        try:
            for t in slow_threads:
                t.start()
            time.sleep(1.0 if args.slow else 0)  # let them settle in before the load starts
            t0 = time.perf_counter()
            results, messages = run_load(port, plan, args.clients, args.timeout, args.deadline)
            wall = time.perf_counter() - t0
        finally:
            stop.set()
            for t in slow_threads:
                t.join(timeout=5)
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        adds_ok = sum(1 for k, s, _ in results if k.startswith("POST") and s == 201)
        check = check_store(db, n_before, adds_ok)

    lat = [t for _, _, t in results]
    # a server error or no answer is an error; a 4xx is the server refusing a bad request (counted apart)
    errors = [(k, s) for k, s, _ in results if s == 0 or s >= 500]
    refused = [(k, s) for k, s, _ in results if 400 <= s < 500]
    by_kind: dict[str, list[float]] = {}
    for k, _, t in results:
        by_kind.setdefault(k, []).append(t)
    figures = {
        "requests": len(results), "clients": args.clients, "write_share": args.write_share,
        "store": {"articles": n_before, "stories": n_stories, "setup_s": round(setup, 1)},
        "wall_s": round(wall, 2), "throughput_rps": round(len(results) / wall, 1),
        "p50_ms": round(pct(lat, 50) * 1000, 1), "p95_ms": round(pct(lat, 95) * 1000, 1),
        "max_ms": round(max(lat) * 1000, 1) if lat else None, "errors": len(errors), "refused_4xx": len(refused),
        "by_kind": {k: {"n": len(v), "p50_ms": round(pct(v, 50) * 1000, 1), "p95_ms": round(pct(v, 95) * 1000, 1),
                        "mean_ms": round(statistics.fmean(v) * 1000, 1)} for k, v in sorted(by_kind.items())},
        "store_check": check,
        "slow_clients": {
            "connections": args.slow,
            "by_kind": {k: {"ended_by_server": len(v), "median_s_open": round(statistics.median(v), 2) if v else None,
                            "answers": sorted({a.decode("latin-1").strip() for kk, _, a in slow_out if kk == k} - {""})}
                        for k in SLOW_KINDS for v in [[t for kk, t, _ in slow_out if kk == k]]},
        },
        "load_average": os.getloadavg()[0],
    }
    print(f"store: {n_before} articles in {n_stories} stories (built in {setup:.1f} s)")
    print(f"{len(results)} requests from {args.clients} clients in {wall:.2f} s: {figures['throughput_rps']} requests/s; "
          f"latency p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms; "
          f"{len(errors)} errors, {len(refused)} refused (4xx)")
    print(f"{'kind':<24}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'mean ms':>10}")
    for k, v in figures["by_kind"].items():
        print(f"{k:<24}{v['n']:>5}{v['p50_ms']:>10}{v['p95_ms']:>10}{v['mean_ms']:>10}")
    print(f"store after: {check['articles']} articles ({check['adds_accepted']} added), {check['pending']} pending, "
          f"{check['in_stories']} in stories: {'consistent' if check['consistent'] else 'INCONSISTENT'}")
    if args.slow:
        print(f"slow clients: {args.slow} connections during the load")
        for k, v in figures["slow_clients"]["by_kind"].items():
            print(f"  {k:<10} ended by the server {v['ended_by_server']} times, median {v['median_s_open']} s open; "
                  f"answers {v['answers']}")
    for msg in sorted(set(messages))[:10]:
        print("  " + msg)
    if args.save:
        from results import save  # benchmarks/results.py

        print(f"saved: {save('load', figures)}")
    sys.exit(0 if check["consistent"] and not errors else 1)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
