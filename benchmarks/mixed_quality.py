"""Quality that holds as the store grows: each labelled set alone vs mixed into other news (issue 11).

    .venv/bin/python benchmarks/mixed_quality.py [--resampled 10000] [--seed 0]
        [--sets ecbplus newswcl50 meantime] [--background-sources ecbplus newswcl50]
        [--share 0.5] [--inc-batch 10] [--no-incremental] [--workers 1] [--save] [--label NAME]

The labelled sets (``../shared/data``; ids prefixed by the set, so they never collide):

* ``ecbplus``: ECB+ topics 1-35 (772 articles), gold ``event``;
* ``newswcl50``: NewsWCL50 events 0-6 (35 articles), gold ``event``;
* ``meantime``: MEANTIME English (120 articles), gold ``corpus`` (airbus, apple, gm,
  stock): a *coarse* label (a topic group, not one story), so its recall is low by
  construction; only its change between alone and mixed means anything.

Every run goes through the library's jobs on a real SQLite store, as ``corroborate
add`` / ``analyze`` do (``pipeline.ingest_paths`` then ``pipeline.group_batch`` or
``pipeline.group_new``), with the [pipeline] setting ``claims`` off (grouping does not
read claims) and ``workers`` as given:

1. **alone**: each set in its own store, batch grouping.
2. **mixed, batch**: all sets plus ``--resampled N`` articles of
   ``corpus.resample(seed)`` (dated over a year) in one store, batch grouping. Copy 0
   of the resampled stream (the original ECB+ and NewsWCL50 texts, which would be
   exact copies of the labelled articles) is left out: the background is rewritten
   look-alike events only (names, numbers and half the content words replaced), a
   harder neighbourhood than unrelated news: each labelled event has about N/800
   rewrites of itself in the background. ``--background-sources`` resamples from one
   set only (score ECB+ against rewrites of NewsWCL50 and the reverse: a background of
   other events), ``--share 1.0`` rewrites every content word. The labelled articles
   are undated, so the date window never keeps background articles away from them.
3. **mixed, incremental**: the background stored and batch-grouped first, then the
   labelled articles (all sets, shuffled with ``--seed``) added ``--inc-batch`` at a
   time through ``ingest_paths`` + ``group_new`` (the ``corroborate add`` path).

Scores per set, on that set's articles only: BCubed precision / recall / F1 and
ARI against gold, alone and mixed, and the drop in F1 (target: at most 0.01);
``strict_precision`` also counts the foreign articles (other sets, background) in
each article's story as wrong. Incremental vs batch: agreement (BCubed F1 and ARI,
batch taken as reference) on the labelled part, and the incremental grouping's own
scores. ``mixed_neighbours`` counts the set's articles whose mixed story holds
background articles, rewrites of their own gold event, or another labelled set.
The worst merges of the mixed run (a set's gold event sharing a story with
other events, ranked by the wrong pairs it adds over the alone run) are printed with
example titles. ``--save`` writes ``results/<date>-mixed_quality[-LABEL].json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SHARED = HERE.parent.parent / "shared" / "data"

# set name -> (file, gold label field)
SETS: dict[str, tuple[Path, str]] = {
    "ecbplus": (SHARED / "ecbplus/topics-1-35.jsonl", "event"),
    "newswcl50": (SHARED / "newswcl50/events-0-6.jsonl", "event"),
    "meantime": (SHARED / "meantime/en.jsonl", "corpus"),
}
TARGET_DROP = 0.01


def bench_settings(workers: int | None) -> dict[str, dict]:
    """The packaged defaults with [pipeline] claims off (and workers as asked)."""
    from corroborate import config

    plain = {section: dict(values) for section, values in config.settings().items()}
    plain["pipeline"]["claims"] = False
    if workers is not None:
        plain["pipeline"]["workers"] = workers
    return plain


def load_sets(names: list[str]) -> list[dict]:
    """Labelled records: id (prefixed by set), title, text, set, gold."""
    out = []
    for name in names:
        path, field = SETS[name]
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                r = json.loads(line)
                out.append({
                    "id": f"{name}:{r['id']}", "title": r.get("title"), "text": r["text"],
                    "set": name, "gold": f"{name}:{r[field]}",
                })
    return out


def background(n: int, seed: int, sources: list[str] | None = None, share: float | None = None) -> list[dict]:
    """``n`` resampled, dated records, copy 0 (the labelled originals) left out.

    ``sources``: rewrite only these of ``corpus.SOURCES`` (by set name, e.g. ``["newswcl50"]``,
    so that a set can be scored against a background made of the other set only);
    ``share``: the fraction of content-word types each copy replaces (``corpus.SHARE``)."""
    import corpus

    if sources:
        corpus.SOURCES = tuple(s for s in corpus.SOURCES if s.split("/")[0] in sources)
        corpus._events.cache_clear()
        corpus._vocabulary.cache_clear()
    per_copy = sum(len(docs) for _, docs in corpus._events())
    stream = corpus.resample(n + per_copy, seed=seed, share=corpus.SHARE if share is None else share)
    recs = [r for r in stream if not r["id"].endswith("#0")][:n]
    return [{"id": f"bg:{r['id']}", "title": r["title"], "text": r["text"], "published": r["published"],
             "set": "background", "gold": f"bg:{r['event']}"} for r in recs]


def _write(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            rec = {"id": r["id"], "title": r.get("title"), "text": r["text"]}
            if r.get("published"):
                rec["published"] = r["published"]
            fh.write(json.dumps(rec) + "\n")


def ingest(store, records: list[dict], tmp: Path, settings: dict, name: str) -> dict[str, str | None]:
    """Store ``records`` (one JSONL file); record id -> the stored article id that holds
    its text (itself, or the earlier article with the same text), None when rejected."""
    from corroborate import pipeline

    path = tmp / f"{name}.jsonl"
    _write(path, records)
    result = pipeline.ingest_paths(store, [path], settings)
    stored: dict[str, str | None] = {r["id"]: None for r in records}
    for aid in result.added:
        stored[aid] = aid
    for rej, existing in zip(result.skipped, result.existing):
        line = int(rej.origin.rsplit(":", 1)[1])
        stored[records[line - 1]["id"]] = existing
    path.unlink()
    return stored


def stories_of(store, stored: dict[str, str | None]) -> dict[str, str]:
    """record id -> story id (a rejected record, or one in no story, is a story of its own)."""
    member = store.membership_of([a for a in set(stored.values()) if a is not None])
    return {rid: member.get(aid or "", f"alone:{rid}") if aid else f"rejected:{rid}" for rid, aid in stored.items()}


def scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    from corroborate.evaluate.clustering import adjusted_rand, bcubed

    b = bcubed(gold, pred)
    return {"precision": round(b.precision, 4), "recall": round(b.recall, 4), "f1": round(b.f1, 4),
            "ari": round(adjusted_rand(gold, pred), 4)}


def strict_precision(ids: list[str], story: dict[str, str], gold: dict[str, str]) -> float:
    """BCubed precision over ``ids`` where every other member of an article's story
    (any set, or the background) counts, and a foreign member is always wrong."""
    members: dict[str, list[str]] = defaultdict(list)
    for rid, sid in story.items():
        members[sid].append(rid)
    total = 0.0
    for rid in ids:
        m = members[story[rid]]
        total += sum(gold[j] == gold[rid] for j in m) / len(m)
    return round(total / len(ids), 4) if ids else 1.0


def score_set(records: list[dict], story: dict[str, str], gold: dict[str, str]) -> dict[str, Any]:
    ids = [r["id"] for r in records]
    return {
        "articles": len(ids),
        "stories": len({story[i] for i in ids}),
        "gold_stories": len({gold[i] for i in ids}),
        **scores([gold[i] for i in ids], [story[i] for i in ids]),
        "strict_precision": strict_precision(ids, story, gold),
    }


def _pairs(counts: Counter) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def worst_merges(records: list[dict], everything: dict[str, dict], mixed: dict[str, str], alone: dict[str, str],
                 top: int = 6) -> list[dict]:
    """Stories of the mixed run that hold a labelled set's event together with other
    events, ranked by the wrong pairs they add (labelled pairs of different gold events,
    and labelled-foreign pairs) beyond those the same articles had alone."""
    by_story: dict[str, list[str]] = defaultdict(list)
    for rid, sid in mixed.items():
        by_story[sid].append(rid)
    alone_wrong: dict[str, int] = {}  # per labelled article: wrong partners alone
    alone_members: dict[str, list[str]] = defaultdict(list)
    for rid, sid in alone.items():
        alone_members[sid].append(rid)
    for rid, sid in alone.items():
        alone_wrong[rid] = sum(everything[j]["gold"] != everything[rid]["gold"] for j in alone_members[sid])
    labelled = {r["id"] for r in records}
    out = []
    for sid, ids in by_story.items():
        lab = [i for i in ids if i in labelled]
        golds = Counter(everything[i]["gold"] for i in ids)
        if not lab or len(golds) < 2:
            continue
        wrong = sum(sum(everything[j]["gold"] != everything[i]["gold"] for j in ids) for i in lab)
        added = wrong - sum(alone_wrong.get(i, 0) for i in lab)
        if added <= 0:
            continue
        examples = {}
        for g, _ in golds.most_common(3):
            titles = [_title(everything[i]) for i in ids if everything[i]["gold"] == g][:3]
            examples[g] = titles
        out.append({"story": sid, "size": len(ids), "labelled": len(lab), "added_wrong_pairs": added,
                    "events": dict(golds.most_common(6)), "examples": examples})
    out.sort(key=lambda d: -d["added_wrong_pairs"])
    return out[:top]


def neighbours(records: list[dict], everything: dict[str, dict], mixed: dict[str, str]) -> dict[str, int]:
    """What the set's articles share their mixed-run story with: how many are in a story
    with background articles, with rewrites of their own gold event (``corpus.resample``
    copies of that very event: a look-alike made from it), with background of other
    events only, and with another labelled set."""
    by_story: dict[str, list[str]] = defaultdict(list)
    for rid, sid in mixed.items():
        by_story[sid].append(rid)
    out: Counter[str] = Counter()
    for r in records:
        others = [everything[j] for j in by_story[mixed[r["id"]]] if j != r["id"]]
        bg = [o for o in others if o["set"] == "background"]
        own = [o for o in bg if o["gold"][3:].rsplit("#", 1)[0] == r["gold"]]
        out["with_background"] += bool(bg)
        out["with_own_event_rewrites"] += bool(own)
        out["with_other_background_only"] += bool(bg) and not own
        out["with_other_labelled_set"] += any(o["set"] not in ("background", r["set"]) for o in others)
    return dict(out)


def _title(r: dict) -> str:
    t = (r.get("title") or r["text"]).strip().replace("\n", " ")
    return t[:90] + ("..." if len(t) > 90 else "")


def _backup(src: Path, dst: Path) -> None:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


def run(args: argparse.Namespace) -> dict[str, Any]:
    from corroborate import pipeline
    from corroborate.store import Store

    settings = bench_settings(args.workers)
    labelled = load_sets(args.sets)
    by_set: dict[str, list[dict]] = defaultdict(list)
    for r in labelled:
        by_set[r["set"]].append(r)
    t = time.perf_counter()
    bg = background(args.resampled, args.seed, args.background_sources, args.share) if args.resampled else []
    timing = {"resample_s": round(time.perf_counter() - t, 1)}
    everything = {r["id"]: r for r in labelled + bg}
    gold = {rid: r["gold"] for rid, r in everything.items()}
    out: dict[str, Any] = {
        "resampled": len(bg), "seed": args.seed, "background_sources": args.background_sources or "all",
        "share": args.share, "inc_batch": args.inc_batch, "workers": settings["pipeline"]["workers"],
        "labelled": {k: len(v) for k, v in by_set.items()}, "target_drop_f1": TARGET_DROP, "sets": {},
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }
    with tempfile.TemporaryDirectory() as tmpname:
        tmp = Path(tmpname)
        # 1. each set alone
        alone: dict[str, str] = {}
        t = time.perf_counter()
        for name, recs in by_set.items():
            with Store(tmp / f"alone-{name}.sqlite3") as store:
                stored = ingest(store, recs, tmp, settings, f"alone-{name}")
                pipeline.group_batch(store, settings)
                alone.update({rid: f"{name}/{sid}" for rid, sid in stories_of(store, stored).items()})
            out["sets"][name] = {"alone": score_set(recs, alone, gold)}
        timing["alone_s"] = round(time.perf_counter() - t, 1)

        # 2. mixed, batch (the background is stored first and copied for the incremental run)
        t = time.perf_counter()
        with Store(tmp / "mixed.sqlite3") as store:
            stored_bg = ingest(store, bg, tmp, settings, "background") if bg else {}
        timing["background_ingest_s"] = round(time.perf_counter() - t, 1)
        if not args.no_incremental:
            _backup(tmp / "mixed.sqlite3", tmp / "incremental.sqlite3")
        t = time.perf_counter()
        with Store(tmp / "mixed.sqlite3") as store:
            stored = ingest(store, labelled, tmp, settings, "labelled")
            t_group = time.perf_counter()
            pipeline.group_batch(store, settings)
            timing["mixed_group_batch_s"] = round(time.perf_counter() - t_group, 1)
            mixed = stories_of(store, {**stored_bg, **stored})
            out["stories_mixed"] = len(store.story_ids())
        timing["mixed_labelled_ingest_and_group_s"] = round(time.perf_counter() - t, 1)
        out["labelled_rejected"] = sum(1 for r in labelled if stored[r["id"]] is None)
        out["labelled_same_text_as_another"] = sum(1 for r in labelled if stored[r["id"]] not in (None, r["id"]))
        for name, recs in by_set.items():
            fig = out["sets"][name]
            fig["mixed"] = score_set(recs, mixed, gold)
            fig["drop_f1"] = round(fig["alone"]["f1"] - fig["mixed"]["f1"], 4)
            fig["drop_ari"] = round(fig["alone"]["ari"] - fig["mixed"]["ari"], 4)
            fig["within_target"] = fig["drop_f1"] <= TARGET_DROP
            fig["worst_merges"] = worst_merges(recs, everything, mixed, alone)
            fig["mixed_neighbours"] = neighbours(recs, everything, mixed)
        lab_ids = [r["id"] for r in labelled]
        out["labelled_mixed"] = scores([gold[i] for i in lab_ids], [mixed[i] for i in lab_ids])

        # 3. mixed, incremental: the background grouped in batch, then the labelled sets added a few at a time
        if not args.no_incremental:
            order = list(labelled)
            random.Random(args.seed).shuffle(order)
            with Store(tmp / "incremental.sqlite3") as store:
                if bg:
                    t = time.perf_counter()
                    pipeline.group_batch(store, settings)
                    timing["incremental_background_group_batch_s"] = round(time.perf_counter() - t, 1)
                t = time.perf_counter()
                inc_stored: dict[str, str | None] = {}
                calls = 0
                for k in range(0, len(order), args.inc_batch):
                    inc_stored.update(ingest(store, order[k:k + args.inc_batch], tmp, settings, f"add-{k}"))
                    pipeline.group_new(store, settings)
                    calls += 1
                timing["incremental_adds_s"] = round(time.perf_counter() - t, 1)
                inc = stories_of(store, {**stored_bg, **inc_stored})
            out["incremental"] = {
                "adds": calls,
                "seconds_per_add": round(timing["incremental_adds_s"] / max(calls, 1), 3),
                "vs_batch": scores([mixed[i] for i in lab_ids], [inc[i] for i in lab_ids]),
                "labelled_vs_gold": scores([gold[i] for i in lab_ids], [inc[i] for i in lab_ids]),
                "sets": {name: score_set(recs, inc, gold) for name, recs in by_set.items()},
            }
            for name, recs in by_set.items():
                ids = [r["id"] for r in recs]
                out["incremental"]["sets"][name]["vs_batch"] = scores([mixed[i] for i in ids], [inc[i] for i in ids])
    out["timing"] = timing
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def report(d: dict[str, Any]) -> str:
    lines = [f"labelled {d['labelled']}  + {d['resampled']} resampled background articles"
             f" (from {d['background_sources']}, share {d['share'] or 'default'})"
             f"  ({d['stories_mixed']} stories mixed; load average {d['load_average_at_start']} at start)",
             "set        run      P      R      F1     ARI    strictP  stories/gold"]
    for name, f in d["sets"].items():
        for run_name in ("alone", "mixed"):
            s = f[run_name]
            lines.append(f"{name:<10} {run_name:<7} {s['precision']:.3f}  {s['recall']:.3f}  {s['f1']:.3f}  {s['ari']:.3f}"
                         f"  {s['strict_precision']:.3f}    {s['stories']}/{s['gold_stories']}")
        lines.append(f"{name:<10} drop    F1 {f['drop_f1']:+.4f}  ARI {f['drop_ari']:+.4f}"
                     f"  ({'within' if f['within_target'] else 'OVER'} the {d['target_drop_f1']} target)")
        lines.append(f"{name:<10} mixed stories shared: {f['mixed_neighbours']}")
    if "incremental" in d:
        i = d["incremental"]
        lines.append(f"incremental ({i['adds']} adds of {d['inc_batch']}, {i['seconds_per_add']} s each):"
                     f" vs batch on the labelled part BCubed F1 {i['vs_batch']['f1']:.4f} ARI {i['vs_batch']['ari']:.4f};"
                     f" vs gold F1 {i['labelled_vs_gold']['f1']:.4f} (batch {d['labelled_mixed']['f1']:.4f})")
        for name, s in i["sets"].items():
            lines.append(f"  {name:<10} incremental F1 {s['f1']:.3f} ARI {s['ari']:.3f}; vs batch F1 {s['vs_batch']['f1']:.4f}")
    for name, f in d["sets"].items():
        for m in f["worst_merges"][:3]:
            lines.append(f"worst merge ({name}): story of {m['size']} ({m['labelled']} labelled), "
                         f"+{m['added_wrong_pairs']} wrong pairs: {m['events']}")
            for g, titles in m["examples"].items():
                lines.append(f"    {g}: " + " | ".join(titles))
    lines.append(f"timing {d['timing']}  peak RSS {d['peak_rss_mb']} MB")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--resampled", type=int, default=10000, help="background articles (corpus.resample, copy 0 left out)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    ap.add_argument("--background-sources", nargs="+", choices=["ecbplus", "newswcl50"],
                    help="resample the background from these sets only (default: both, as corpus.SOURCES)")
    ap.add_argument("--share", type=float, help="fraction of content-word types each background copy replaces "
                    "(default corpus.SHARE = 0.5; 1.0: every content word)")
    ap.add_argument("--inc-batch", type=int, default=10, help="labelled articles per incremental add")
    ap.add_argument("--no-incremental", action="store_true", help="skip the incremental run")
    ap.add_argument("--workers", type=int, default=1, help="[pipeline] workers (0 = one per CPU)")
    ap.add_argument("--save", action="store_true", help="write results/<date>-mixed_quality[-LABEL].json")
    ap.add_argument("--label", help="suffix of the saved file's name")
    args = ap.parse_args()
    figures = run(args)
    print(report(figures), flush=True)
    if args.save:
        from results import save

        print("saved", save("mixed_quality" + (f"-{args.label}" if args.label else ""), figures))


if __name__ == "__main__":
    main()
