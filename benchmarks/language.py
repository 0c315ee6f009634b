"""Language identification (clean/language.py, py3langid): accuracy, confidence, speed.

    python benchmarks/language.py [--save]

Labelled sets: MEANTIME en/es/it (120 articles each, the ``lang`` field), ECB+
topics 1-35 and NewsWCL50 (English) and the five seeds (English, one a machine
translation). Each article is identified twice: on its whole text (what cleaning
does) and on its first sentence only (a short text: where a wrong answer is likely
and the confidence threshold matters). For each threshold of a grid, prints the
share of articles given a language (coverage) and the share of those that are right
(precision): ``[clean] language_min_confidence`` sits above the most confident wrong
answer on first sentences, with a margin, so that precision stays 1.0. Also ms per
article (whole text, identifier already loaded) and the one-off load time.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from corroborate import config  # noqa: E402
from corroborate.clean import language  # noqa: E402

DATA = (HERE.parent.parent / "shared" / "data").resolve()
SEEDS = HERE.parent / "examples" / "seeds"
GRID = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sets() -> dict[str, list[tuple[str, str]]]:
    """name -> [(expected code, text)]; a record with no text is identified by its title, as cleaning does
    (52 ECB+ records are title-only)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for lang in ("en", "es", "it"):
        out[f"meantime-{lang}"] = [(r.get("lang", lang), r["text"]) for r in _jsonl(DATA / "meantime" / f"{lang}.jsonl")]
    out["ecbplus"] = [("en", r["text"] or r.get("title") or "") for r in _jsonl(DATA / "ecbplus" / "topics-1-35.jsonl")]
    out["newswcl50"] = [("en", r["text"]) for r in _jsonl(DATA / "newswcl50" / "events-0-6.jsonl")]
    out["seeds"] = [("en", p.read_text("utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    return out


def _first_sentence(text: str) -> str:
    m = re.search(r"^(.{20,}?[.!?])\s", text.strip(), re.S)
    return m.group(1) if m else text.strip()[:200]


def score(rows: list[tuple[str, str | None, float]]) -> dict:
    n = len(rows)
    right = sum(1 for gold, got, _ in rows if got == gold)
    grid = {}
    for t in GRID:
        kept = [(gold, got) for gold, got, p in rows if got is not None and p >= t]
        grid[str(t)] = {"coverage": round(len(kept) / n, 3) if n else 0.0,
                        "precision": round(sum(g == h for g, h in kept) / len(kept), 4) if kept else 1.0}
    return {"n": n, "accuracy": round(right / n, 4) if n else 0.0,
            "min_confidence_right": round(min((p for g, h, p in rows if g == h), default=0.0), 4),
            "max_confidence_wrong": round(max((p for g, h, p in rows if g != h), default=0.0), 4),
            "wrong": [f"{g}->{h} ({p:.2f})" for g, h, p in rows if g != h][:10],
            "by_threshold": grid}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--save", action="store_true", help="store the figures in benchmarks/results/")
    args = ap.parse_args()
    t0 = time.perf_counter()
    language.detect("warm up the identifier")
    load_s = time.perf_counter() - t0
    threshold = float(config.settings()["clean"]["language_min_confidence"])
    figures: dict = {"library": language.LIBRARY, "load_s": round(load_s, 2), "threshold": threshold, "sets": {}}
    total_n, total_s = 0, 0.0
    for name, items in sets().items():
        whole, first = [], []
        t = time.perf_counter()
        for gold, text in items:
            whole.append((gold, *language.detect(text)))
        total_s += time.perf_counter() - t
        total_n += len(items)
        for gold, text in items:
            first.append((gold, *language.detect(_first_sentence(text))))
        figures["sets"][name] = {"whole": score(whole), "first_sentence": score(first)}
        w, f = figures["sets"][name]["whole"], figures["sets"][name]["first_sentence"]
        at = str(min(GRID, key=lambda g: abs(g - threshold)))
        print(f"{name:14s} n={w['n']:4d}  whole: acc {w['accuracy']:.3f} (min right {w['min_confidence_right']:.2f}, "
              f"max wrong {w['max_confidence_wrong']:.2f})  first sentence: acc {f['accuracy']:.3f}, "
              f"at {at}: coverage {f['by_threshold'][at]['coverage']:.2f} precision {f['by_threshold'][at]['precision']:.3f}")
    figures["ms_per_article"] = round(1000 * total_s / total_n, 2)
    allw = [r for s in figures["sets"].values() for r in [s["whole"]]]
    figures["accuracy_all_whole"] = round(sum(s["accuracy"] * s["n"] for s in allw) / sum(s["n"] for s in allw), 4)
    print(f"all whole articles: accuracy {figures['accuracy_all_whole']:.4f}; {figures['ms_per_article']:.2f} ms/article "
          f"({total_n} articles); identifier load {load_s:.2f} s")
    print("first-sentence precision / coverage by threshold (all sets pooled):")
    for t in GRID:
        cov = sum(s["first_sentence"]["by_threshold"][str(t)]["coverage"] * s["first_sentence"]["n"] for s in figures["sets"].values())
        prec_num = sum(s["first_sentence"]["by_threshold"][str(t)]["coverage"] * s["first_sentence"]["n"]
                       * s["first_sentence"]["by_threshold"][str(t)]["precision"] for s in figures["sets"].values())
        print(f"  {t:4.2f}: coverage {cov / total_n:.3f} precision {prec_num / cov if cov else 1.0:.4f}")
        figures.setdefault("first_sentence_pooled", {})[str(t)] = {
            "coverage": round(cov / total_n, 4), "precision": round(prec_num / cov, 4) if cov else 1.0}
    if args.save:
        from results import save

        print("saved", save("language", figures))


if __name__ == "__main__":
    main()
