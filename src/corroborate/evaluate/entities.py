"""Benchmark: grouping of name mentions against NewsWCL50 ``entity_chains``.

Reads a JSON-lines file of ``{"id", "event", "text", "entity_chains"}`` records
(chain ids are shared by the five articles of an event, so each event is one story
and grouping is scored across its articles) and returns pairwise precision, recall
and F1 of ``claims.entities.resolve`` plus mention-detection coverage.

Evaluated gold mentions ("name mentions"): mentions of entity chains (ACTOR,
ACTOR-I, COUNTRY, GROUP; not EVENT/ACTION/MISC/OBJECT) whose text, after a leading
"the", a possessive and leading title words are removed, is a capitalised proper
name: every word capitalised except name connectors (of, de, van ...), no "and",
and not a bare demonym ("Americans", "South Korean"). So "Mr. Trump" and
"President Moon" count, "the president" and "American officials" do not.
A gold mention takes the entity of the predicted mention overlapping it most; an
undetected one is a singleton. A pair of evaluated mentions is gold-positive when in
one chain, predicted-positive when in one entity. The baseline joins mentions whose
title-stripped surfaces have equal transliteration keys (given the gold spans).
NewsWCL50 chains are concept-level (e.g. "White House" and "C.I.A." sit in a USA
chain, several people in one GROUP chain), so recall has a ceiling well below 1.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any, Mapping

from .. import config
from ..claims import gazetteer
from ..claims.entities import resolve
from ..claims.names import CONNECTORS, TITLES, name_key
from ..errors import InputError
from ..features.text import fold

ENTITY_TYPES = ("ACTOR", "ACTOR-I", "COUNTRY", "GROUP")


def name_core(text: str) -> str | None:
    """The proper name inside a gold mention ("Mr. Trump" -> "Trump"), or None if it is no name."""
    t = text.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
            break
    words = t.split()
    if words and fold(words[0]) == "the":
        words = words[1:]
    if not words or len(words) > 6:
        return None
    for w in words:
        if not w[:1].isupper() and fold(w) not in CONNECTORS:
            return None
    while words and fold(words[0]).replace(".", "") in TITLES:
        words = words[1:]
    if not words:
        return None
    core = " ".join(words)
    if gazetteer.demonym_place(core) or (core.endswith("s") and gazetteer.demonym_place(core[:-1])):
        return None
    return core


def pairwise(gold: list, predicted: list) -> tuple[int, int, int]:
    """(true positive, false positive, false negative) pairs; ``None`` predictions join nothing."""
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        g = gold[i] == gold[j]
        p = predicted[i] is not None and predicted[i] == predicted[j]
        tp += g and p
        fp += p and not g
        fn += g and not p
    return tp, fp, fn


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def _read(path: Path) -> list[dict]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    recs = [json.loads(line) for line in lines if line.strip()]
    for n, r in enumerate(recs, 1):
        if not {"id", "text", "entity_chains"} <= set(r):
            raise InputError(f"{path}:{n}", "a record needs 'id', 'text' and 'entity_chains'")
    return recs


def bench_entities(
    data: Path, types: tuple[str, ...] = ENTITY_TYPES, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> dict:
    """Pairwise P/R/F1 of name-mention grouping per event (across and within articles), coverage, baseline.
    ``settings``: the settings mapping (``config.settings(path)``) whose ``[entities]`` section is scored."""
    settings = settings or config.settings()
    recs = _read(data)
    events: dict[str, list[dict]] = defaultdict(list)
    for r in recs:
        events[str(r.get("event", r["id"]))].append(r)
    totals = {k: [0, 0, 0] for k in ("all", "within", "actor", "baseline")}
    evaluated = detected = 0
    elapsed = 0.0
    for _, arts in sorted(events.items()):
        start = time.perf_counter()
        res = resolve([(str(a["id"]), a["text"]) for a in arts], settings=settings)
        elapsed += time.perf_counter() - start
        spans = defaultdict(list)
        for aid, m, eid in res.mentions:
            spans[aid].append((m.start, m.end, eid))
        rows = []  # (article, chain, predicted, baseline)
        for a in arts:
            aid = str(a["id"])
            for chain, ms in a["entity_chains"].items():
                if chain.rsplit("_", 1)[-1] not in types:
                    continue
                for s, e, text in ms:
                    core = name_core(text)
                    if core is None:
                        continue
                    best, overlap = None, 0
                    for ps, pe, eid in spans[aid]:
                        o = min(e, pe) - max(s, ps)
                        if o > overlap:
                            best, overlap = eid, o
                    evaluated += 1
                    detected += best is not None
                    base = "".join(name_key(w) for w in core.split())
                    rows.append((aid, chain, best, base))
        gold = [r[1] for r in rows]
        for key, idx in (("all", 2), ("baseline", 3)):
            tp, fp, fn = pairwise(gold, [r[idx] for r in rows])
            totals[key] = [totals[key][0] + tp, totals[key][1] + fp, totals[key][2] + fn]
        for aid in {r[0] for r in rows}:
            sub = [r for r in rows if r[0] == aid]
            tp, fp, fn = pairwise([r[1] for r in sub], [r[2] for r in sub])
            totals["within"] = [totals["within"][0] + tp, totals["within"][1] + fp, totals["within"][2] + fn]
        actor = [r for r in rows if r[1].rsplit("_", 1)[-1] == "ACTOR"]
        tp, fp, fn = pairwise([r[1] for r in actor], [r[2] for r in actor])
        totals["actor"] = [totals["actor"][0] + tp, totals["actor"][1] + fp, totals["actor"][2] + fn]
    out = {k: _prf(*v) for k, v in totals.items()}
    out.update(
        {
            "events": len(events),
            "articles": len(recs),
            "name_mentions": evaluated,
            "coverage": detected / evaluated if evaluated else 0.0,
            "seconds": elapsed,
        }
    )
    return out


def format_figures(d: dict) -> str:
    lines = [
        f"NewsWCL50 entity grouping: {d['events']} events, {d['articles']} articles, "
        f"{d['name_mentions']} gold name mentions, detected {d['coverage']:.3f}, {d['seconds']:.2f}s",
    ]
    for key, label in (
        ("all", "pairs per event (across articles)"),
        ("within", "pairs within one article"),
        ("actor", "ACTOR chains only, per event"),
        ("baseline", "baseline: equal keys, gold spans"),
    ):
        v = d[key]
        lines.append(f"  {label:36s} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m corroborate.evaluate.entities [FILE]
    import sys

    default = Path(__file__).resolve().parents[3] / "../shared/data/newswcl50/events-0-6.jsonl"
    print(format_figures(bench_entities(Path(sys.argv[1]) if len(sys.argv) > 1 else default)))
