"""Calibration of the look-alike split (``stories/split.py``) on labelled events.

For each labelled file (``id``, ``title``, ``text``, gold ``event``):

* **gold events**: every gold event with enough articles to be tested is
  handed to ``split_story`` alone; a split there is a false split.
* **divisions**: every division of a gold event's sources (near-copies
  folded) into two sides of at least two sources (all of them up to 12
  sources, else 300 at random): the split rule's statistics on partitions
  that are all false, including small sides the rule never tests (it needs
  ``split_min_sources`` per side). Reports the largest ratio of core to
  chance and how many divisions the rule would accept.
* **unions**: every pair of gold events (``--unions all``) or every pair that
  shares a ``topic`` (``--unions topic``, ECB+: the two look-alike events of a
  topic) is handed to ``split_story`` as one story; it should come apart
  exactly along the gold events. Counts: split exactly, split wrongly, kept.
* **grouping**: batch BCubed F1 with the split on and off (``split_min_sources
  = 0``), on the whole file and on ``--subsets`` random subsets of a third to
  two thirds of its events (of its topics when records have one), since a smaller corpus
  has a blunter idf and merges look-alike events more often.

tf-idf weights come from the whole file, as in ``corroborate bench stories``.
The ``topic`` field only forms unions and subsets; clustering never reads it.

    python benchmarks/story_split.py [--data FILE.jsonl ...] [--unions auto|all|topic] [--subsets 8] [--save]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SHARED = HERE.parent.parent / "shared" / "data"
DEFAULT_DATA = [SHARED / "newswcl50/events-0-6.jsonl", SHARED / "ecbplus/topics-1-35.jsonl"]


def run(path: Path, unions: str, subsets: int, seed: int = 7) -> dict:
    from corroborate.evaluate.clustering import bcubed, labels_from_groups
    from corroborate.evaluate.stories import article_of
    from corroborate.features.vectors import DocFreq, term_counts
    from corroborate import config
    from corroborate.stories.batch import cluster_counts, story_settings
    from corroborate.stories.split import fold_copies, side_cores, source_terms, split_story, story_cosines, two_events
    from corroborate.stories.vectors import count_arrays, idf_from, tfidf_matrix, weights_from

    with open(path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    records = [r for r in records if str(r.get("text") or "").strip()]
    articles = [article_of(r) for r in records]
    counts = [term_counts(a) for a in articles]
    base = config.settings()
    s = story_settings(base)
    docfreq = DocFreq()
    for c in counts:
        docfreq.add(c)
    arrays = [count_arrays(c) for c in counts]
    x = tfidf_matrix(arrays, docfreq, weights_from(s), idf_from(s))
    terms = [i for i, _ in arrays]
    events: dict[str, list[int]] = defaultdict(list)
    topic_of: dict[str, str] = {}
    for row, r in enumerate(records):
        events[str(r["event"])].append(row)
        topic_of[str(r["event"])] = str(r.get("topic", r["event"]))
    if unions == "auto":
        unions = "topic" if any("topic" in r for r in records) else "all"

    min_articles = 2 * int(s["split_min_sources"])
    tested = [e for e, rows in events.items() if len(rows) >= min_articles]
    false_splits = [e for e in tested if len(split_story(events[e], x, terms, s)) > 1]
    divisions, accepted, accepted_small, worst = 0, 0, 0, 0.0
    largest_core: dict[str, int | None] = {"any": None, "testable": None}
    for e, rows in events.items():
        sources = fold_copies(story_cosines(x[rows]), float(s["split_copy_similarity"]))
        if len(sources) < 4:
            continue
        present = [source_terms([rows[k] for k in src], terms) for src in sources]
        for side in _divisions(len(sources), rng=random.Random(seed)):
            sides = (side, [g for g in range(len(sources)) if g not in side])
            cores = side_cores(present, sides, s)
            divisions += 1
            if two_events(cores, s):
                if min(len(sides[0]), len(sides[1])) >= int(s["split_min_sources"]):
                    accepted += 1
                else:
                    accepted_small += 1
            worst = max(worst, min(_ratio(core, chance) for core, chance in cores))
            smaller = min(core for core, _ in cores)
            testable = min(len(sides[0]), len(sides[1])) >= int(s["split_min_sources"])
            for key in ("any", "testable") if testable else ("any",):
                largest_core[key] = max(largest_core[key] or 0, smaller)
    pairs = [
        (a, b)
        for a, b in itertools.combinations(sorted(events), 2)
        if unions == "all" or topic_of[a] == topic_of[b]
    ]
    outcome = {"exact": 0, "wrong": 0, "kept": 0}
    exact_cores: list[tuple[int, float]] = []  # per exact split: (smaller core, smaller core/chance)
    for a, b in pairs:
        rows = events[a] + events[b]
        parts = split_story(rows, x, terms, s)
        if len(parts) == 1:
            outcome["kept"] += 1
        elif sorted(map(sorted, parts)) == sorted([sorted(events[a]), sorted(events[b])]):
            outcome["exact"] += 1
            # the split's own statistics: its sides are the two events' sources
            sources = fold_copies(story_cosines(x[rows]), float(s["split_copy_similarity"]))
            side_a = [g for g, src in enumerate(sources) if src[0] < len(events[a])]
            sides = (side_a, [g for g in range(len(sources)) if g not in side_a])
            cores = side_cores([source_terms([rows[k] for k in src], terms) for src in sources], sides, s)
            exact_cores.append((min(c for c, _ in cores), min(_ratio(c, e) for c, e in cores)))
        else:
            outcome["wrong"] += 1

    def f1(rows: list[int], **overrides) -> float:
        ids = [articles[k].id for k in rows]
        settings = config.override(base, {"stories": overrides})
        groups = cluster_counts(ids, [counts[k] for k in rows], [articles[k].published for k in rows], settings)
        return bcubed([str(records[k]["event"]) for k in rows], labels_from_groups(ids, groups)).f1

    everything = list(range(len(records)))
    grouping = {"whole file": {"split": f1(everything), "no split": f1(everything, split_min_sources=0)}}
    keys = sorted(set(topic_of.values()))
    rng = random.Random(seed)
    for k in range(subsets if len(keys) >= 6 else 0):
        size = rng.randint(max(3, len(keys) // 3), max(3, 2 * len(keys) // 3))
        chosen = set(rng.sample(keys, size))
        rows = [row for e, rs in events.items() if topic_of[e] in chosen for row in rs]
        grouping[f"subset {k}"] = {"split": f1(rows), "no split": f1(rows, split_min_sources=0)}
    return {
        "articles": len(records),
        "events": len(events),
        "gold events tested": len(tested),
        "gold events split (false)": false_splits,
        "divisions of one event": divisions,
        "divisions accepted (false)": accepted,
        "divisions accepted with a side too small to be tested": accepted_small,
        "largest core/chance ratio of a division": round(worst, 2),
        "largest smaller core of a division": largest_core["any"],
        "largest smaller core of a testable division": largest_core["testable"],
        "unions": unions,
        "unions tested": len(pairs),
        "unions split exactly": outcome["exact"],
        "unions split wrongly": outcome["wrong"],
        "unions kept together": outcome["kept"],
        "smallest core of an exact split": min((c for c, _ in exact_cores), default=None),
        "smallest core/chance ratio of an exact split": round(min((r for _, r in exact_cores), default=0.0), 2),
        "grouping F1": grouping,
    }


def _ratio(core: int, chance: float) -> float:
    """Core over chance; a core where chance expects none counts as infinitely above it."""
    return core / chance if chance > 0 else (float("inf") if core else 0.0)


def _divisions(n: int, rng: random.Random, limit: int = 300):
    """One side (source indices) of each division of n sources into two sides of >= 2."""
    if n <= 12:
        for size in range(2, n // 2 + 1):
            for side in itertools.combinations(range(n), size):
                if size < n - size or 0 in side:  # each division once
                    yield list(side)
        return
    for _ in range(limit):
        yield sorted(rng.sample(range(n), rng.randint(2, n // 2)))


def show(name: str, r: dict) -> str:
    lines = [
        f"== {name} ({r['articles']} articles, {r['events']} events)",
        f"gold events  {r['gold events tested']} testable, {len(r['gold events split (false)'])} split"
        + (f" (false: {', '.join(r['gold events split (false)'])})" if r["gold events split (false)"] else ""),
        f"divisions  {r['divisions of one event']} of gold events into two sides: largest core/chance "
        f"{r['largest core/chance ratio of a division']}, {r['divisions accepted (false)']} accepted "
        f"(+{r['divisions accepted with a side too small to be tested']} with a side under split_min_sources);"
        f" largest smaller core {r['largest smaller core of a division']} terms"
        f" ({r['largest smaller core of a testable division'] or 'n/a'} where both sides are testable)",
        f"unions ({r['unions']})  {r['unions tested']} tested: {r['unions split exactly']} split exactly, "
        f"{r['unions split wrongly']} wrongly, {r['unions kept together']} kept together",
    ]
    if r["smallest core of an exact split"] is not None:
        lines.append(
            f"             exact splits: smallest core {r['smallest core of an exact split']} terms,"
            f" smallest core/chance {r['smallest core/chance ratio of an exact split']}"
        )
    g = r["grouping F1"]
    gains = [v["split"] - v["no split"] for k, v in g.items() if k != "whole file"]
    lines.append(f"grouping F1  whole file {g['whole file']['split']:.3f} (no split {g['whole file']['no split']:.3f})")
    if gains:
        lines.append(
            f"             {len(gains)} subsets: mean {sum(v['split'] for k, v in g.items() if k != 'whole file') / len(gains):.3f}"
            f" (no split {sum(v['no split'] for k, v in g.items() if k != 'whole file') / len(gains):.3f}),"
            f" better in {sum(x > 1e-9 for x in gains)}, worse in {sum(x < -1e-9 for x in gains)}"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, action="append", help="labelled JSONL (repeatable); default NewsWCL50 and ECB+")
    ap.add_argument("--unions", choices=("auto", "all", "topic"), default="auto")
    ap.add_argument("--subsets", type=int, default=8)
    ap.add_argument("--save", action="store_true", help="store the figures in benchmarks/results/")
    args = ap.parse_args()
    out = {}
    for path in args.data or DEFAULT_DATA:
        if not path.exists():
            print(f"skip {path}: not found")
            continue
        out[path.name] = run(path, args.unions, args.subsets)
        print(show(path.name, out[path.name]), flush=True)
    if args.save:
        from results import save

        print("saved", save("story_split", {"files": out}))


if __name__ == "__main__":
    main()
