"""The story-grouping benchmark: cluster every record of a labelled JSONL file at once.

Reads JSON lines with ``id``, ``text``, optional ``title`` and ``published``,
and the gold story label ``event`` (``topic`` is never read); returns a dict of
figures (BCubed precision/recall/F1, ARI, stories found vs gold, articles/s,
peak memory) and optionally writes ``{"id", "story"}`` lines. With
``incremental=True`` it also adds the records one by one, in file order, to an
empty ``StoryIndex`` and reports that grouping against gold and against batch.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path
from typing import Any, Mapping

from .. import config
from ._data import read_records
from ..features.vectors import term_counts
from ..model import Article
from ..stories.batch import cluster_counts
from ..stories.index import StoryIndex
from .clustering import adjusted_rand, bcubed, labels_from_groups


def article_of(r: dict[str, Any]) -> Article:
    """A minimal Article from a benchmark record (no cleaning, no sentences)."""
    return Article(id=str(r["id"]), text=r["text"], sentences=(), title=r.get("title"), published=r.get("published"))


def _scores(gold: list[str], labels: list[Any]) -> dict[str, float]:
    b = bcubed(gold, labels)
    return {"precision": b.precision, "recall": b.recall, "f1": b.f1, "ari": adjusted_rand(gold, labels)}


def bench_stories(
    data: Path,
    predictions: Path | None = None,
    *,
    incremental: bool = False,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict:
    """Figures of batch (and optionally incremental) story grouping on ``data``.

    ``settings``: ``config.settings(path)`` (its ``[features]``/``[stories]`` are
    scored, e.g. an earlier calibration); None: the packaged defaults.
    """
    settings = settings if settings is not None else config.settings()
    records = read_records(Path(data))
    articles = [article_of(r) for r in records]
    ids = [a.id for a in articles]
    gold = [str(r.get("event")) for r in records]
    tracemalloc.start()
    t0 = time.perf_counter()
    counts = [term_counts(a) for a in articles]
    groups = cluster_counts(ids, counts, [a.published for a in articles], settings)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    labels = labels_from_groups(ids, groups)
    out: dict[str, Any] = {
        "data": str(data),
        "articles": len(ids),
        "stories": len(groups),
        "gold_stories": len(set(gold)),
        **_scores(gold, labels),
        "seconds": seconds,
        "articles_per_s": len(ids) / seconds if seconds > 0 else float("inf"),
        "peak_mib": peak / 2**20,
        "memory_measure": "tracemalloc peak (Python allocations incl. numpy) during features + clustering",
    }
    if predictions is not None:
        story_of = {i: g[0] for g in groups for i in g}
        with open(predictions, "w", encoding="utf-8") as fh:
            for i in ids:
                fh.write(json.dumps({"id": i, "story": story_of[i]}) + "\n")
    if incremental:
        t0 = time.perf_counter()
        index = StoryIndex(settings)
        for a, c in zip(articles, counts):
            index.add_counts(a.id, c, a.published)
        inc_seconds = time.perf_counter() - t0
        final = {i: key for key, members in index.stories().items() for i in members}
        inc = [final[i] for i in ids]  # after any local merges/splits made by later adds
        out["incremental"] = {
            **_scores(gold, inc),
            "stories": len(set(inc)),
            "articles_per_s": len(ids) / inc_seconds if inc_seconds > 0 else float("inf"),
            "vs_batch": _scores(labels, inc),
        }
    return out


def format_figures(d: dict) -> str:
    """Human-readable lines for the figures returned by ``bench_stories``."""
    lines = [
        f"data: {d['data']} ({d['articles']} articles)",
        f"batch        BCubed P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}  ARI {d['ari']:.3f}",
        f"stories      {d['stories']} found, {d['gold_stories']} gold",
        f"speed        {d['articles_per_s']:.0f} articles/s ({d['seconds']:.2f} s, features + clustering)",
        f"peak memory  {d['peak_mib']:.1f} MiB ({d['memory_measure']})",
    ]
    if "incremental" in d:
        i = d["incremental"]
        v = i["vs_batch"]
        lines += [
            f"incremental  BCubed P {i['precision']:.3f}  R {i['recall']:.3f}  F1 {i['f1']:.3f}  ARI {i['ari']:.3f}"
            f"  ({i['stories']} stories, {i['articles_per_s']:.0f} articles/s, file order)",
            f"incr.~batch  BCubed F1 {v['f1']:.3f}  ARI {v['ari']:.3f}  (batch labels taken as reference)",
        ]
    return "\n".join(lines)
