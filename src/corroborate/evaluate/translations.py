"""Benchmark: find the original of each translated article (MEANTIME-style).

Reads two JSON-lines files of ``{"id", "text", ...}`` records (originals and
translations; the gold original of a translation has the same ``id``) and
returns accuracy@1, MRR and timing. Ranking uses only the texts, through the
cross-lingual article similarity that provenance uses for translations.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ._data import read_records
from ..errors import CorroborateError
from ..features.similarity import crosslingual_vectors


def bench_translations(originals: Path, translations: Path, predictions: Path | None = None) -> dict:
    """Rank the originals for every translation; accuracy@1 and MRR over translations whose gold exists."""
    orig = read_records(originals)
    trans = read_records(translations)
    if not orig or not trans:
        raise CorroborateError("both files must hold at least one record")
    start = time.perf_counter()
    m = crosslingual_vectors([r["text"] for r in orig] + [r["text"] for r in trans])
    scores = (m[len(orig) :] @ m[: len(orig)].T).toarray()
    order = np.argsort(-scores, axis=1, kind="stable")
    elapsed = time.perf_counter() - start
    ids = [str(r["id"]) for r in orig]
    position = {i: k for k, i in enumerate(ids)}
    hits = 0
    rr = 0.0
    scored = 0
    lines = []
    for row, rec in enumerate(trans):
        ranked = [ids[j] for j in order[row]]
        lines.append(json.dumps({"id": rec["id"], "candidates": ranked}, ensure_ascii=False))
        gold = position.get(str(rec["id"]))
        if gold is None:
            continue
        rank = int(np.nonzero(order[row] == gold)[0][0]) + 1
        scored += 1
        hits += rank == 1
        rr += 1.0 / rank
    if predictions is not None:
        Path(predictions).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {
        "originals": len(orig),
        "translations": len(trans),
        "scored": scored,
        "accuracy@1": hits / scored if scored else 0.0,
        "mrr": rr / scored if scored else 0.0,
        "seconds": elapsed,
        "ms_per_article": 1000.0 * elapsed / len(trans),
    }


def format_figures(d: dict) -> str:
    """The figures of ``bench_translations`` as a few readable lines."""
    return (
        f"translations: {d['translations']} (scored {d['scored']}) against {d['originals']} originals\n"
        f"accuracy@1:   {d['accuracy@1']:.3f}\n"
        f"MRR:          {d['mrr']:.3f}\n"
        f"time:         {d['ms_per_article']:.2f} ms per translated article ({d['seconds']:.2f} s)"
    )
