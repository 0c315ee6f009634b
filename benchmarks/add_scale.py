"""Cost of one `corroborate add` of a few articles as the store grows (issue 11).

    .venv/bin/python benchmarks/add_scale.py [--sizes 1000 10000 50000] [--new 10]
        [--repeat 3] [--cache DIR] [--label NAME] [--save]

For each size N, a store of N resampled, dated articles (``corpus.resample``,
seed 0) is built once into ``--cache`` (ingest + batch grouping, claims off to
build it quickly) and kept there; later runs reuse it. Each measurement copies
the store (a store built by an older corroborate is migrated and indexed once,
in place, outside the timing) and runs ``corroborate add`` of the next ``--new``
records of the same resampled stream (default settings: claims and briefs on
for the touched stories) in a subprocess, ``--repeat`` times on fresh copies.
Prints per size the median wall time, the median CPU time (user + system of
the process and its workers) and the largest peak RSS (``wait4``), the same
for ``corroborate stories`` and ``corroborate show`` on the grown store, and
the stories the new articles joined. ``--save`` writes
``results/<date>-add_scale[-LABEL].json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import resample  # noqa: E402
from results import save  # noqa: E402

CLI = [sys.executable, "-m", "corroborate"]


def _write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({k: r[k] for k in ("id", "title", "text", "published")}, ensure_ascii=False) + "\n")


def build(n: int, cache: Path) -> Path:
    """The store of ``n`` articles in ``cache`` (built once)."""
    db = cache / f"store-{n}.sqlite3"
    if db.exists():
        return db
    cache.mkdir(parents=True, exist_ok=True)
    from corroborate import config, pipeline
    from corroborate.store import Store

    settings = config.override(config.settings(), {"pipeline": {"claims": False}})
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "corpus.jsonl"
        _write_jsonl(data, resample(n))
        part = cache / f"store-{n}.partial.sqlite3"
        for leftover in cache.glob(part.name + "*"):
            leftover.unlink()
        t0 = time.perf_counter()
        with Store(part) as store:
            pipeline.ingest_paths(store, [data], settings)
            pipeline.group_batch(store, settings)
        print(f"built {db.name} in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    part.rename(db)
    return db


def _run(args: list[str]) -> dict:
    """One CLI run in a fresh process: wall, CPU (with its workers) and its own peak RSS."""
    runner = (
        "import resource, sys, time, runpy\n"
        "sys.argv = ['corroborate', *sys.argv[1:]]\n"
        "t0 = time.perf_counter()\n"
        "code = 0\n"
        "try:\n"
        "    runpy.run_module('corroborate', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    code = exc.code or 0\n"
        "s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print('\\n@@', time.perf_counter() - t0, s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime,"
        " max(s.ru_maxrss, c.ru_maxrss) / 1024, code, file=sys.stderr)\n"
    )
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", runner, *args], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    tail = [ln for ln in proc.stderr.splitlines() if ln.startswith("@@ ")]
    if not tail:
        raise SystemExit(f"corroborate {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    _, inner, cpu, rss, code = tail[-1].split()
    if code not in ("0", "None"):
        raise SystemExit(f"corroborate {' '.join(args)} exited {code}:\n{proc.stderr[-2000:]}")
    return {"wall_s": wall, "cpu_s": float(cpu), "maxrss_mib": float(rss), "stdout": proc.stdout}


def measure(n: int, new: int, repeat: int, cache: Path) -> dict:
    from corroborate.store import Store

    from corroborate import pipeline

    db = build(n, cache)
    with Store(db) as store:  # migrate and index a store built by an older corroborate once, outside the timing
        if hasattr(pipeline, "index_store"):
            t0 = time.perf_counter()
            if pipeline.index_store(store):
                print(f"indexed {db.name} in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        records = resample(n + new)[n:]
        data = tmp / "new.jsonl"
        _write_jsonl(data, records)
        adds, lines = [], ""
        for _ in range(repeat):
            copy = tmp / "copy.sqlite3"
            shutil.copyfile(db, copy)
            r = _run(["add", str(data), "--db", str(copy)])
            adds.append(r)
            lines = r["stdout"]
        stories = [_run(["stories", "--db", str(copy)]) for _ in range(repeat)]
        sid = stories[0]["stdout"].split()[0]
        shows = [_run(["show", sid, "--db", str(copy)]) for _ in range(repeat)]
    joined = [ln.split()[0] for ln in lines.splitlines() if ln.startswith("  st-")]
    return {
        "stored": n,
        "new": new,
        "add_wall_s": round(statistics.median(r["wall_s"] for r in adds), 3),
        "add_cpu_s": round(statistics.median(r["cpu_s"] for r in adds), 3),
        "add_maxrss_mib": round(max(r["maxrss_mib"] for r in adds), 1),
        "stories_wall_s": round(statistics.median(r["wall_s"] for r in stories), 3),
        "show_wall_s": round(statistics.median(r["wall_s"] for r in shows), 3),
        "stories_joined": len(joined),
        "store_mib": round(db.stat().st_size / 2**20, 1),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--new", type=int, default=10, help="articles per add")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "corroborate-add-scale")
    ap.add_argument("--label", default="", help="suffix of the saved file (e.g. before)")
    ap.add_argument("--save", action="store_true")
    args = ap.parse_args(argv)
    rows = []
    print("stored\tnew\tadd wall s\tadd CPU s\tadd peak MiB\tstories s\tshow s\tstories joined\tstore MiB")
    for n in sorted(args.sizes):
        r = measure(n, args.new, args.repeat, args.cache)
        rows.append(r)
        print(f"{r['stored']}\t{r['new']}\t{r['add_wall_s']:.2f}\t\t{r['add_cpu_s']:.2f}\t\t{r['add_maxrss_mib']:.0f}\t\t"
              f"{r['stories_wall_s']:.2f}\t\t{r['show_wall_s']:.2f}\t{r['stories_joined']}\t\t{r['store_mib']:.0f}", flush=True)
    if args.save:
        name = "add_scale" + (f"-{args.label}" if args.label else "")
        print(f"saved {save(name, {'sizes': rows, 'repeat': args.repeat, 'python_path': os.environ.get('PYTHONPATH', '')})}")


if __name__ == "__main__":
    main()
