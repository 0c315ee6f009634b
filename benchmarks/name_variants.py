"""Precision and recall of name matching across scripts and spellings.

    python benchmarks/name_variants.py [--data benchmarks/data/name_variants.jsonl] [--baseline] [--save] [--errors]

Each row of the labelled set is two written names (Zelensky / Selenskyj / Зеленський,
Putin / بوتين, and hard negatives: Zelensky / Zelenska, Khamenei / Khomeini, Kim Jong-un /
Kim Jong-il) labelled ``same`` or ``different`` person. A pair is predicted ``same`` by
``claims.names.same_name`` under the packaged ``[entities]`` thresholds: surnames
``similar`` (equal key, equal loose key, Arabic pattern, or Jaro-Winkler on keys) and,
when both have given names, first given names ``compatible_given``. Precision and recall
of "same" are printed for the tuning half and the held-out half (``split``: whole people
go to one half), overall and per script pair. ``--baseline`` scores the plain pre-issue
rule instead (equal ``name_key`` or Jaro-Winkler on it, no loose key, no Arabic, no
feminine forms) for comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from corroborate.claims import names  # noqa: E402
from corroborate.config import section  # noqa: E402


def _baseline_similar(a: str, b: str, threshold: float, min_len: int) -> bool:
    ka, kb = names.name_key(a), names.name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    return names._alike(ka, kb, threshold, min_len)


def _baseline_same(a: str, b: str, st: float, gt: float, min_len: int) -> bool:
    wa, wb = names._name_words(a), names._name_words(b)
    if not wa or not wb or not _baseline_similar(wa[-1], wb[-1], st, min_len):
        return False
    if len(wa) > 1 and len(wb) > 1:
        ka, kb = names.name_key(wa[0]), names.name_key(wb[0])
        if not ka or not kb:
            return False
        if len(ka) == 1 or len(kb) == 1:
            return ka[0] == kb[0]
        if ka.startswith(kb) or kb.startswith(ka):
            return min(len(ka), len(kb)) >= 3
        return ka[0] == kb[0] and names.jaro_winkler(ka, kb) >= gt
    return True


def prf(rows: list[dict]) -> dict:
    tp = sum(r["label"] == "same" and r["pred"] for r in rows)
    fp = sum(r["label"] != "same" and r["pred"] for r in rows)
    fn = sum(r["label"] == "same" and not r["pred"] for r in rows)
    p = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs": len(rows), "same": tp + fn, "different": len(rows) - tp - fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(p, 3), "recall": round(rec, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(HERE / "data" / "name_variants.jsonl"))
    ap.add_argument("--baseline", action="store_true", help="score the plain name_key + Jaro-Winkler rule")
    ap.add_argument("--errors", action="store_true", help="list the pairs predicted wrongly")
    ap.add_argument("--save", action="store_true", help="store the figures in benchmarks/results/")
    args = ap.parse_args(argv)

    cfg = section("entities")
    st, gt, ml = float(cfg["surname_threshold"]), float(cfg["given_threshold"]), int(cfg["min_fuzzy_len"])
    rows = []
    for n, line in enumerate(Path(args.data).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            a, b, label = r["a"], r["b"], r["label"]
        except (ValueError, KeyError) as exc:
            print(f"{args.data}:{n}: skipped, not a labelled pair ({exc})", file=sys.stderr)
            continue
        rule = _baseline_same if args.baseline else names.same_name
        r["pred"] = rule(a, b, st, gt, ml)
        rows.append(r)

    out: dict = {"rule": "baseline name_key" if args.baseline else "same_name",
                 "thresholds": {"surname": st, "given": gt, "min_fuzzy_len": ml}, "splits": {}}
    for split in ("tune", "heldout", "all"):
        sel = [r for r in rows if split == "all" or r["split"] == split]
        by_scripts: dict[str, list[dict]] = defaultdict(list)
        for r in sel:
            by_scripts["-".join(sorted(r["scripts"].split("-")))].append(r)
        out["splits"][split] = {"overall": prf(sel), "by_scripts": {k: prf(v) for k, v in sorted(by_scripts.items())}}

    print(f"rule: {out['rule']}  (surname_threshold {st}, given_threshold {gt}, min_fuzzy_len {ml})")
    print(f"{'split':8} {'scripts':18} {'pairs':>5} {'same':>5} {'P':>6} {'R':>6}  fp fn")
    for split, fig in out["splits"].items():
        for name, f in [("ALL", fig["overall"]), *fig["by_scripts"].items()]:
            print(f"{split:8} {name:18} {f['pairs']:5} {f['same']:5} {f['precision']:6.3f} {f['recall']:6.3f}"
                  f"  {f['fp']:2} {f['fn']:2}")
    if args.errors:
        for r in rows:
            if r["pred"] != (r["label"] == "same"):
                kind = "false merge" if r["pred"] else "missed"
                print(f"  {r['split']:7} {kind:11} {r['a']} / {r['b']}  ({r.get('why', r['langs'])})")
    if args.save:
        from results import save

        print("saved", save("name_variants" + ("-baseline" if args.baseline else ""), out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
