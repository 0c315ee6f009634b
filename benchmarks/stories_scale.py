"""Time batch story grouping on 1k / 10k / 50k resampled articles.

    .venv/bin/python benchmarks/stories_scale.py [SIZES...]

Prints, per size: articles/s for features and for clustering, cost per article,
peak resident memory (ru_maxrss of this process, which only grows: sizes run
smallest first) and BCubed F1 against the synthetic gold.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import resample  # noqa: E402

from corroborate import config  # noqa: E402
from corroborate.evaluate.clustering import bcubed, labels_from_groups  # noqa: E402
from corroborate.features.vectors import term_counts  # noqa: E402
from corroborate.model import Article  # noqa: E402
from corroborate.stories import cluster_counts  # noqa: E402


def run(n: int) -> dict:
    records = resample(n)
    articles = [Article(r["id"], r["text"], (), title=r["title"], published=r["published"]) for r in records]
    t0 = time.perf_counter()
    counts = [term_counts(a) for a in articles]
    t1 = time.perf_counter()
    ids = [a.id for a in articles]
    groups = cluster_counts(ids, counts, [a.published for a in articles], config.settings())
    t2 = time.perf_counter()
    f1 = bcubed([r["event"] for r in records], labels_from_groups(ids, groups)).f1
    return {
        "n": n,
        "features_ms": 1000 * (t1 - t0) / n,
        "cluster_ms": 1000 * (t2 - t1) / n,
        "articles_per_s": n / (t2 - t0),
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "f1": f1,
        "stories": len(groups),
        "gold": len({r["event"] for r in records}),
    }


def main(sizes: list[int]) -> None:
    print("n\tfeat ms/art\tcluster ms/art\tarticles/s\tmaxrss MiB\tBCubed F1\tstories/gold")
    for n in sizes:
        r = run(n)
        print(f"{r['n']}\t{r['features_ms']:.3f}\t\t{r['cluster_ms']:.3f}\t\t{r['articles_per_s']:.0f}\t\t"
              f"{r['maxrss_mib']:.0f}\t\t{r['f1']:.3f}\t\t{r['stories']}/{r['gold']}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 50000])
