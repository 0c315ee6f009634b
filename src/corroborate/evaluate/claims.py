"""The claims benchmark: what the claims stage finds in stories built from gold events.

Reads a JSONL file (``id``, ``text``, optional ``title``/``published``/``source``,
gold ``event``; a folder or another file is one story), builds one story per
event with the pipeline's own per-story step (provenance, independence groups,
claims), and returns counts: claims by kind, claims carried by two or more
independent sources, conflicts by kind, updates, unique details, speakers,
and the time taken. ``--predictions`` writes every conflict and update with
its evidence sentences, one JSON line each, for a reader to judge.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any, Mapping

from .. import config
from ..serialize import story_to_dict
from .briefs import derive_story, load_stories


def bench_claims(
    data: Path, predictions: Path | None = None, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    settings = settings or config.settings()
    stories = load_stories(Path(data), settings)
    kinds: Counter = Counter()
    conflicts: Counter = Counter()
    rows: list[dict[str, Any]] = []
    out: dict[str, Any] = {"data": str(data), "stories": len(stories), "articles": 0, "claims": 0,
                           "claims_independent_2plus": 0, "quotes_with_speaker": 0, "quotes": 0,
                           "quotes_with_origin": 0, "updates": 0, "unique": 0, "entities": 0}
    seconds = 0.0
    for event, articles in stories:
        t0 = time.perf_counter()
        story = derive_story(event, articles, settings)
        seconds += time.perf_counter() - t0
        out["articles"] += len(articles)
        out["claims"] += len(story.claims)
        out["entities"] += len(story.entities)
        out["claims_independent_2plus"] += sum(c.independent_support >= 2 for c in story.claims)
        kinds.update(c.kind for c in story.claims)
        quotes = [c for c in story.claims if c.kind == "quote"]
        out["quotes"] += len(quotes)
        out["quotes_with_speaker"] += sum(c.speaker is not None for c in quotes)
        out["quotes_with_origin"] += sum(c.origin is not None for c in quotes)
        out["updates"] += len(story.updates)
        out["unique"] += sum(len(ids) for _, ids in story.unique)
        conflicts.update(c.kind for c in story.conflicts)
        if predictions is not None:
            d = story_to_dict(story)
            for c in d["conflicts"]:
                rows.append({"event": event, "type": "conflict", **c})
            for u in d["updates"]:
                rows.append({"event": event, "type": "update", **u})
    out["claims_by_kind"] = dict(sorted(kinds.items()))
    out["conflicts"] = sum(conflicts.values())
    out["conflicts_by_kind"] = dict(sorted(conflicts.items()))
    out["seconds"] = seconds
    out["articles_per_s"] = out["articles"] / seconds if seconds > 0 else float("inf")
    if predictions is not None:
        with Path(predictions).open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return out


def format_figures(f: dict[str, Any]) -> str:
    lines = [
        f"{f['data']}: {f['stories']} stories from gold events, {f['articles']} articles",
        f"  claims: {f['claims']} ({', '.join(f'{k} {v}' for k, v in f['claims_by_kind'].items())})",
        f"  claims with independent_support >= 2: {f['claims_independent_2plus']}",
        f"  quotes with a speaker: {f['quotes_with_speaker']}/{f['quotes']}; quotes with one named origin: {f['quotes_with_origin']}",
        f"  conflicts: {f['conflicts']} ({', '.join(f'{k} {v}' for k, v in f['conflicts_by_kind'].items()) or 'none'})",
        f"  updates (ordered, not conflicts): {f['updates']}; unique details: {f['unique']}; entities: {f['entities']}",
        f"  {f['articles_per_s']:.1f} articles/s for provenance + claims ({f['seconds']:.1f} s)",
    ]
    return "\n".join(lines)
