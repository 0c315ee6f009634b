"""Run every quality benchmark on the shared labelled data and store the figures.

    python benchmarks/run_all.py [--data ../shared/data] [--no-throughput]

Missing labelled data fails the run (exit status 1, the missing files named).
The floors these figures must keep are checked by ``benchmarks/gate.py``.

Each benchmark is also a CLI command that runs on any file of the same format
(``corroborate bench stories --data FILE.jsonl`` etc.), so the figures can be
checked on data they were never tuned on.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


# Every labelled file the benchmarks below read: a missing one fails the run, never skips a figure.
DATA_FILES = ("ecbplus/topics-1-35.jsonl", "newswcl50/events-0-6.jsonl", "meantime/en.jsonl", "meantime/es.jsonl",
              "meantime/it.jsonl", "polnear/dev.jsonl")


def require(data: Path) -> None:
    missing = [str(data / name) for name in DATA_FILES if not (data / name).exists()]
    if missing:
        raise SystemExit("run_all: labelled data missing: " + ", ".join(missing) + " (pass --data DIR)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    ap.add_argument("--no-throughput", action="store_true")
    args = ap.parse_args()
    require(args.data)

    from results import save

    from corroborate.evaluate import stories, translations

    figures: dict = {"stories": {}, "translations": {}}
    for name in ("ecbplus/topics-1-35.jsonl", "newswcl50/events-0-6.jsonl"):
        path = args.data / name
        print(f"== bench stories --data {name}")
        result = stories.bench_stories(path, incremental=True)
        print(stories.format_figures(result))
        figures["stories"][name] = result
    for lang in ("es", "it"):
        en, xx = args.data / "meantime/en.jsonl", args.data / f"meantime/{lang}.jsonl"
        if not (en.exists() and xx.exists()):
            continue
        print(f"== bench translations meantime {lang}->en")
        result = translations.bench_translations(en, xx)
        print(translations.format_figures(result))
        figures["translations"][f"meantime/{lang}->en"] = result
    # claims (issue 3) and briefs (issue 4)
    from corroborate.evaluate import attribution, briefs, claims, entities

    examples = HERE.parent / "examples" / "seeds"
    newswcl = args.data / "newswcl50/events-0-6.jsonl"
    for key, module, bench, name in (("attribution", attribution, attribution.bench_attribution, "polnear/dev.jsonl"),
                                     ("entities", entities, entities.bench_entities, "newswcl50/events-0-6.jsonl")):
        if (args.data / name).exists():
            print(f"== bench {key} --data {name}")
            result = bench(args.data / name)
            print(module.format_figures(result))
            figures[key] = {name: result}
    figures["claims"], figures["briefs"] = {}, {}
    for name, path in (("newswcl50/events-0-6.jsonl", newswcl), ("ecbplus/topics-1-35.jsonl", args.data / "ecbplus/topics-1-35.jsonl"),
                       ("examples/seeds", examples)):
        if not path.exists():
            continue
        print(f"== bench claims --data {name}")
        result = claims.bench_claims(path)
        print(claims.format_figures(result))
        figures["claims"][name] = result
        if name != "ecbplus/topics-1-35.jsonl":
            print(f"== bench briefs --data {name}")
            result = briefs.bench_briefs(path)
            print(briefs.format_figures(result))
            figures["briefs"][name] = result
    from corroborate.evaluate import conflicts

    figures["conflicts"] = {}
    for name in ("ecbplus/topics-1-35.jsonl", "newswcl50/events-0-6.jsonl"):
        if (args.data / name).exists():
            print(f"== bench conflicts --data {name}")
            result = conflicts.bench_conflicts(args.data / name)
            print(conflicts.format_figures(result))
            figures["conflicts"][name] = result
    import story_split

    figures["story_split"] = {}
    for name in ("newswcl50/events-0-6.jsonl", "ecbplus/topics-1-35.jsonl"):
        if (args.data / name).exists():
            result = story_split.run(args.data / name, "auto", 8)
            print(story_split.show(name, result))
            figures["story_split"][name] = result
    print("saved", save("quality", figures))
    if not args.no_throughput:
        subprocess.run([sys.executable, str(HERE / "throughput.py"), "--save"], check=True)


if __name__ == "__main__":
    main()
