"""The Ray Data engine against the local path on one resampled corpus: agreement and wall time.

A corpus of ``--size`` articles is resampled from the shared labelled data
(``corpus.resample``, dated: each event copy has its own publication date) and
written as JSONL; each engine then runs ``pipeline.analyze`` (ingest, batch
grouping, provenance; claims and briefs too with ``--claims``) into a fresh
SQLite file, each in a fresh subprocess so that wall time and peak RSS are its
own. Reported: the agreement of the two groupings (BCubed F1 and ARI, the local
grouping taken as the reference; target >= 0.99), whether every story's derived
data is identical, each grouping's quality against the resampled events, and
wall time (Ray's start-up apart), CPU time of the driver and peak RSS of the driver of each.

    python benchmarks/engine.py [--size 10000] [--claims] [--save]

Ray runs locally (``ray.init`` bound to 127.0.0.1, one CPU per core: 2 on the
machine the README's figures come from), so its wall time shows the engine's
overhead, not a cluster's speed-up: there the prepare and derive stages would
spread over the cluster's workers while grouping stays one driver-side pass
(or one pass per date window / LSH band when sharded).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def settings_for(claims: bool) -> dict[str, dict]:
    from corroborate import config

    plain = {k: dict(v) for k, v in config.settings().items()}
    plain["pipeline"]["claims"] = claims
    return plain


def run_one(engine: str, data: Path, db: Path, claims: bool, out: Path) -> None:
    """One engine's run (in its own process): writes memberships, story digests and timings to ``out``."""
    import hashlib

    from corroborate import pipeline
    from corroborate.serialize import story_to_dict
    from corroborate.store import Store

    settings = settings_for(claims)
    start = 0.0
    if engine == "ray":  # started here so that its start-up is reported apart from the run
        from corroborate.engines import ray as ray_engine
        from corroborate.parallel import worker_count

        t0 = time.perf_counter()
        ray_engine.require().init(
            num_cpus=worker_count(int(settings["pipeline"]["workers"])), include_dashboard=False,
            _node_ip_address="127.0.0.1", logging_level="WARNING",
        )
        start = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    with Store(db) as store:
        result = pipeline.analyze(store, [data], settings, engine=engine)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        membership = store.membership()
        digests = {
            s.id: hashlib.blake2b(json.dumps(story_to_dict(store.story(s.id)), sort_keys=True, default=str).encode(), digest_size=8).hexdigest()
            for s in store.summaries()
        }
    out.write_text(json.dumps({
        "engine": engine, "stored": len(result.added), "rejected": len(result.rejected),
        "seconds": round(seconds, 2), "start_seconds": round(start, 2), "driver_cpu_seconds": round(cpu, 2),
        "driver_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "membership": membership, "digests": digests,
    }), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--claims", action="store_true", help="the full path: claims and briefs too")
    ap.add_argument("--save", action="store_true")
    ap.add_argument("--one", nargs=4, metavar=("ENGINE", "DATA", "DB", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        engine, data, db, out = args.one
        run_one(engine, Path(data), Path(db), args.claims, Path(out))
        return

    from corpus import resample

    from corroborate.evaluate.clustering import adjusted_rand, bcubed

    records = resample(args.size, seed=args.seed)
    event = {r["id"]: r["event"] for r in records}
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "corpus.jsonl"
        with data.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps({"id": r["id"], "title": r.get("title"), "text": r["text"], "published": r["published"]}) + "\n")
        for engine in ("local", "ray"):
            out = Path(tmp) / f"{engine}.json"
            cmd = [sys.executable, __file__, "--one", engine, str(data), str(Path(tmp) / f"{engine}.sqlite3"), str(out)]
            subprocess.run(cmd + (["--claims"] if args.claims else []), check=True)
            runs[engine] = json.loads(out.read_text(encoding="utf-8"))
            print(f"{engine}: {runs[engine]['seconds']} s wall, {runs[engine]['stored']} stored", flush=True)

    local, ray = runs["local"], runs["ray"]
    ids = sorted(local["membership"])
    assert ids == sorted(ray["membership"]), "the two engines stored different articles"
    a = [local["membership"][i] for i in ids]
    b = [ray["membership"][i] for i in ids]
    agree = bcubed(a, b)
    gold = [event[i] for i in ids]
    same = sum(local["digests"].get(s) == d for s, d in ray["digests"].items())
    figures = {
        "articles": args.size, "seed": args.seed, "claims": args.claims, "stored": len(ids),
        "agreement_bcubed_f1": round(agree.f1, 4), "agreement_ari": round(adjusted_rand(a, b), 4),
        "stories_local": len(local["digests"]), "stories_ray": len(ray["digests"]),
        "stories_identical": same,
        "quality_bcubed_f1": {e: round(bcubed(gold, [runs[e]["membership"][i] for i in ids]).f1, 4) for e in runs},
        "seconds": {e: runs[e]["seconds"] for e in runs},
        "ray_start_seconds": ray["start_seconds"],
        "driver_cpu_seconds": {e: runs[e]["driver_cpu_seconds"] for e in runs},
        "driver_peak_rss_mb": {e: runs[e]["driver_peak_rss_mb"] for e in runs},
    }
    print(json.dumps(figures, indent=2))
    if args.save:
        from results import save

        print("saved", save("engine" + ("-claims" if args.claims else ""), figures))


if __name__ == "__main__":
    main()
