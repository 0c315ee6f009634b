"""Time per KB of hostile texts through the full per-story pipeline, against input size.

Each generator writes one article of about N bytes (1 KB to 1 MB by default):
repeated cue words, nested speech, distinct and repeated names, one sentence
with no full stop, deep quotation nesting and many tiny sentences. Each text is
analysed by ``pipeline.analyze`` (ingest, clean, group, provenance, claims
and brief on) into a fresh in-memory store, one process per generator (its
peak RSS is reported) and no worker processes, with
``[ingest] max_text_chars`` raised to 2,000,000 so the 1 MB inputs are
analysed rather than rejected. Linear time means a flat time per KB: the last
column is the ratio between the largest and the smallest size's time per KB.

    python benchmarks/adversarial.py [--sizes 1000 10000 100000 1000000] [--only said] [--save]

``--save`` writes benchmarks/results/DATE-adversarial.json (date, commit, machine).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

_FIRST = "Ann Bob Carla Dmitri Elena Farid Greta Hiro Ines Jonas Kemal Lena Mateo Nora Omar Petra".split()
_LAST = "Smith Jones Okafor Ivanova Tanaka Müller Rossi Haddad Novak Silva Park Dubois".split()


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _fill(piece, size: int) -> str:
    """Pieces from ``piece()`` joined until they reach ``size`` characters, cut there."""
    out, n = [], 0
    while n < size:
        out.append(piece())
        n += len(out[-1])
    return "".join(out)[:size]


def _pseudo_name(rng: random.Random) -> str:
    syll = "ka lo mi ra ten vo shu pe dal rin go ne".split()
    return " ".join("".join(rng.choice(syll) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(2))


def said(size: int) -> str:
    """One sentence of the word "said" repeated."""
    return _repeat("said ", size).rstrip() + "."


def nested(size: int) -> str:
    """ "X said that Y said that Z said" repeated, in one sentence."""
    return _repeat("X said that Y said that Z said that ", size).rstrip() + "."


def names_distinct(size: int) -> str:
    """Thousands of distinct names, each saying something, in short sentences."""
    rng = random.Random(1)
    return _fill(lambda: f"{_pseudo_name(rng)} said the plan failed. ", size)


def names_repeated(size: int) -> str:
    """A few names repeated in one long run-on sentence: "Ann Smith, Bob Jones and ... said"."""
    rng = random.Random(2)
    return _fill(lambda: f"{rng.choice(_FIRST)} {rng.choice(_LAST)}, ", size).rstrip(", ") + " said."


def one_sentence(size: int) -> str:
    """One sentence of ordinary words with no full stop, a few cues and names inside."""
    words = "the minister told reporters that Smith said prices rose by 4 percent on Monday in Paris while".split()
    return _repeat(" ".join(words) + " ", size).rstrip() + "."


def quotes_deep(size: int) -> str:
    """Quotation marks nested ever deeper: He said “she said “they said “...”."""
    half = size // 2
    opener = _repeat("He said “", half)
    return opener + _repeat("”", size - len(opener))


def tiny_sentences(size: int) -> str:
    """Many tiny sentences ("Ok. Yes. He said no.")."""
    return _repeat("Ok. Yes. He said no. ", size)


GENERATORS: dict[str, Callable[[int], str]] = {
    "said": said,
    "nested": nested,
    "names_distinct": names_distinct,
    "names_repeated": names_repeated,
    "one_sentence": one_sentence,
    "quotes_deep": quotes_deep,
    "tiny_sentences": tiny_sentences,
}


def bench_settings():
    from corroborate import config

    return config.override(
        config.settings(), {"ingest": {"max_text_chars": 2_000_000}, "pipeline": {"workers": 1}}
    )


def run_text(text: str, settings) -> tuple[float, dict]:
    """Seconds to analyse ``text`` as one article into a fresh in-memory store, and what came out."""
    from corroborate import pipeline
    from corroborate.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.txt"
        path.write_text("Adversarial input\n\n" + text, "utf-8")
        store = Store(":memory:")
        t0 = time.perf_counter()
        result = pipeline.analyze(store, [path], settings)
        seconds = time.perf_counter() - t0
        story = store.story(result.stories[0]) if result.stories else None
        return seconds, {
            "rejected": [r.reason for r in result.rejected],
            "claims": len(story.claims) if story else 0,
            "brief": len(story.brief) if story else 0,
            "notes": list(story.notes) if story else [],
        }


def run_generator(name: str, sizes: list[int]) -> list[dict]:
    """Each size of one generator, smallest first, in this process (after a warm-up run, so
    imports and lazily loaded gazetteers are not timed). ``peak_rss_mb`` is the process's
    peak resident memory after that size: sizes grow, so it is that size's own peak or less."""
    settings = bench_settings()
    run_text(GENERATORS[name](sizes[0]), settings)
    rows = []
    for size in sizes:
        text = GENERATORS[name](size)
        seconds, out = run_text(text, settings)
        kb = len(text.encode("utf-8")) / 1000
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append({"bytes": int(kb * 1000), "seconds": round(seconds, 3), "ms_per_kb": round(1000 * seconds / kb, 3),
                     "peak_rss_mb": round(rss, 1), **out})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    ap.add_argument("--only", nargs="+", choices=sorted(GENERATORS), default=sorted(GENERATORS))
    ap.add_argument("--save", action="store_true")
    ap.add_argument("--worker", choices=sorted(GENERATORS), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:  # one generator in a fresh process, so that its peak memory is its own
        print(json.dumps(run_generator(args.worker, args.sizes)))
        return 0
    figures: dict[str, dict] = {}
    print(f"{'generator':<16}" + "".join(f"{s // 1000:>8} KB" for s in args.sizes) + "  (ms per KB)  ratio  peak RSS MB")
    for name in args.only:
        cmd = [sys.executable, __file__, "--worker", name, "--sizes", *map(str, args.sizes)]
        rows = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()[-1])
        ratio = rows[-1]["ms_per_kb"] / rows[0]["ms_per_kb"]
        figures[name] = {"sizes": rows, "ratio_largest_to_smallest": round(ratio, 2)}
        cells = "".join(f"{r['ms_per_kb']:>11.2f}" for r in rows)
        print(f"{name:<16}{cells}  {ratio:>17.2f}  {rows[-1]['peak_rss_mb']:>11.1f}", flush=True)
    if args.save:
        from results import save  # benchmarks/results.py

        path = save("adversarial", {"unit": "ms per KB of input, full analyze path", "generators": figures})
        print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
