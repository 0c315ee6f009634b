"""Throughput of the foundation path: ingest -> clean -> store -> stories -> provenance.

For each size, a corpus is resampled from the shared labelled data
(``corpus.resample``: each copy of an event gets its names, numbers and half
of its content words replaced, so copies are distinct events of realistic
size; each event copy has its own publication date, as in a year of news),
written as JSONL with those dates, and run through ``pipeline.ingest_paths`` and
``pipeline.group_batch`` into a fresh SQLite file, in a fresh subprocess so
that peak RSS is that size's own. The [pipeline] setting ``claims`` is off
(the foundation path only); ``--claims`` measures the full path with it on.

    python benchmarks/throughput.py --sizes 1000 10000 50000 [--claims] [--save]

Prints articles/s, ms per article, peak RSS and cost per article relative
to the smallest size; ``--save`` writes the figures to benchmarks/results/
(``--label before`` names the file ``<date>-throughput-before.json``, so two runs
of one day are both kept). Besides the process peak, ``group_peak_rss_mb`` is
the peak of the grouping stage alone (the kernel's high-water mark is reset
just before ``group_batch``, through ``/proc/self/clear_refs``; absent where
that is not available).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def bench_settings(claims: bool, workers: int | None = None) -> dict[str, dict]:
    """The default settings with [pipeline] ``claims`` (and ``workers``, when given) set as asked."""
    from corroborate import config

    plain = {section: dict(values) for section, values in config.settings().items()}
    plain["pipeline"]["claims"] = claims
    if workers is not None:
        plain["pipeline"]["workers"] = workers
    return plain


def _cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _vm_hwm_mb() -> float | None:
    """Peak resident memory of this process since the last reset (VmHWM), in MB."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _reset_hwm() -> bool:
    """Reset the kernel's peak-RSS mark of this process (Linux ``clear_refs`` 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def run_one(n: int, seed: int, claims: bool = False, dated: bool = True, workers: int | None = None) -> dict:
    from corpus import resample  # benchmarks/corpus.py

    from corroborate import pipeline
    from corroborate.store import Store

    settings = bench_settings(claims, workers)

    records = resample(n, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "corpus.jsonl"
        with data.open("w", encoding="utf-8") as fh:
            for r in records:
                rec = {"id": r["id"], "title": r.get("title"), "text": r["text"]}
                if dated:
                    rec["published"] = r["published"]
                fh.write(json.dumps(rec) + "\n")
        del records
        t0 = time.perf_counter()
        cpu0 = _cpu_seconds()
        with Store(Path(tmp) / "bench.sqlite3") as store:
            t_ingest = time.perf_counter()
            result = pipeline.ingest_paths(store, [data], settings)
            reset = _reset_hwm()
            t_group = time.perf_counter()
            pipeline.group_batch(store, settings)
            group_peak = _vm_hwm_mb() if reset else None
            t_end = time.perf_counter()
            cpu_end = _cpu_seconds()
            n_stories = len(store.story_ids())
    seconds = t_end - t0
    return {
        "articles": n,
        "claims": claims,
        "dated": dated,
        "stored": len(result.added),
        "rejected": len(result.rejected),
        "stories": n_stories,
        "seconds": round(seconds, 2),
        "ingest_seconds": round(t_group - t_ingest, 2),
        "group_and_provenance_seconds": round(t_end - t_group, 2),
        "articles_per_s": round(n / seconds, 1),
        "ms_per_article": round(1000 * seconds / n, 3),
        "workers": settings["pipeline"]["workers"],
        "cpu_seconds": round(cpu_end - cpu0, 2),
        "cpu_ms_per_article": round(1000 * (cpu_end - cpu0) / n, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "group_peak_rss_mb": group_peak,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size, print JSON
    ap.add_argument("--claims", action="store_true", help="the full path: [pipeline] claims on")
    ap.add_argument(
        "--undated", action="store_true", help="leave out the publication dates (stories then compare articles whatever their dates)"
    )
    ap.add_argument("--workers", type=int, help="[pipeline] workers (default: the settings'; 0 = one per CPU)")
    ap.add_argument("--save", action="store_true", help="write the figures to benchmarks/results/")
    ap.add_argument("--label", help="suffix of the saved file's name (e.g. before, after)")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.claims, not args.undated, args.workers)))
        return
    rows = []
    for n in args.sizes:
        flags = (["--claims"] if args.claims else []) + (["--undated"] if args.undated else [])
        flags += ["--workers", str(args.workers)] if args.workers is not None else []
        load = os.getloadavg()[0]  # the machine is shared: a busy one slows every figure
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed), *flags],
            check=True, capture_output=True, text=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["load_average_at_start"] = round(load, 2)
        rows.append(row)
        base = rows[0]["ms_per_article"]
        row["cost_vs_smallest"] = round(row["ms_per_article"] / base, 2)
        print(
            f"{n:>7} articles: {row['articles_per_s']:>8.1f} articles/s  {row['ms_per_article']:.3f} ms/article"
            f"  CPU {row['cpu_ms_per_article']:.3f} ms/article"
            f"  (ingest {row['ingest_seconds']} s, stories+provenance {row['group_and_provenance_seconds']} s)"
            f"  peak RSS {row['peak_rss_mb']} MB (grouping {row['group_peak_rss_mb']} MB)  {row['stories']} stories  cost x{row['cost_vs_smallest']}"
            f"  (load average {load:.2f} at start)",
            flush=True,
        )
    if args.save:
        from results import save

        name = "throughput" + ("-claims" if args.claims else "") + ("-undated" if args.undated else "")
        name += f"-w{args.workers}" if args.workers is not None else ""
        name += f"-{args.label}" if args.label else ""
        print("saved", save(name, {"claims": args.claims, "dated": not args.undated, "sizes": rows}))


if __name__ == "__main__":
    main()
