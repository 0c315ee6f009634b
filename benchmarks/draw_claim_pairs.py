"""Draw candidate sentence pairs for ``data/claim_pairs.jsonl`` (seeded, reproducible).

Candidates are two sentences of different articles of one gold event (ECB+
topics 1-35 events, NewsWCL50 events 0-6, the seed articles) that look alike:

* ``num``: both carry numbers, share a capitalised word or a noun after the
  number, and their numbers differ (a different figure for the same thing?);
* ``cue``: one carries a negation/modal/denial cue the other lacks, tf-idf cosine >= 0.25;
* ``cos``: tf-idf cosine >= 0.35 (rephrasings, and different steps told alike);
* ``ent``: two or more shared capitalised words at cosine 0.15-0.35.

Round 2 (``--round 2``, drawn after round 1 was labelled and merged, so it
skips those pairs) aims at the hard negatives the first round found rarely:

* ``fig``: the same word follows a number in both ("12 people" / "40 people")
  with different numbers;
* ``neg``: tf-idf cosine >= 0.3 and only one side carries a negation or denial;
* ``mod``: tf-idf cosine >= 0.3 and only one side carries a modal or hedge;
* ``spk``: cosine >= 0.25 and both name a speaker ("X said"), a different one.

The draw only proposes pairs; every label in the sample is a human judgement
made by reading both sentences, never a rule of the system under test.

    python benchmarks/draw_claim_pairs.py --out /tmp/candidates.jsonl [--n 500] [--seed 7] [--round 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NUM = re.compile(r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten"
                 r"|dozens?|hundreds?|thousands?|millions?)\b", re.I)
CAP = re.compile(r"\b[A-Z][a-z]{2,}\b")
NUMNOUN = re.compile(r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten"
                     r"|dozens|hundreds|thousands|millions)"
                     r"(?:\s*-\s*|\s+)(?:[a-z]+\s+)?([a-z]{3,})\b", re.I)
NEG = re.compile(r"\b(?:not|n't|no|never|nobody|none|denied|denies|deny|refused|refuses|without)\b", re.I)
MODAL = re.compile(r"\b(?:may|might|could|would|will|should|expected|expects|plans?|likely|possible|possibly"
                   r"|reportedly|allegedly)\b", re.I)
SPEAKER = re.compile(r"\b([A-Z][a-z]+)\s+(?:said|says|told|wrote)\b"
                     r"|\b(?:said|says)\s+(?:[A-Z][a-z]+\s+)?([A-Z][a-z]+)\b")
CUE = re.compile(r"\b(?:not|n't|no|never|denied|denies|deny|may|might|could|would|will|reportedly|allegedly"
                 r"|plans?|expected)\b", re.I)


def events(data: Path, seeds: Path) -> dict[tuple[str, str], dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for line in (data / "ecbplus" / "topics-1-35.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        out[("ecbplus", r["event"])][r["id"]] = r["text"]
    for line in (data / "newswcl50" / "events-0-6.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        out[("newswcl50", str(r["event"]))][r["id"]] = r["text"]
    for p in sorted(seeds.glob("*.txt")):
        out[("seeds", "seeds")][p.stem] = p.read_text("utf-8")
    return out


def _figures(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for value, noun in NUMNOUN.findall(text):
        out[noun.lower().rstrip("s")].add(value.lower().replace(",", ""))
    return out


def _speakers(text: str) -> set[str]:
    return {a or b for a, b in SPEAKER.findall(text)} - {"He", "She", "They", "It", "The", "This", "Police"}


def round2(a: str, b: str, c: float) -> str | None:
    fa, fb = _figures(a), _figures(b)
    if any(fa[n] != fb[n] and not fa[n] & fb[n] for n in fa.keys() & fb.keys()) and c >= 0.1:
        return "fig"
    if c >= 0.3 and bool(NEG.search(a)) != bool(NEG.search(b)):
        return "neg"
    if c >= 0.3 and bool(MODAL.search(a)) != bool(MODAL.search(b)):
        return "mod"
    sa, sb = _speakers(a), _speakers(b)
    if c >= 0.25 and sa and sb and not sa & sb:
        return "spk"
    return None


def main() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from corroborate.clean.sentences import split_sentences

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--seeds", type=Path, default=ROOT / "examples" / "seeds")
    ap.add_argument("--existing", type=Path, default=HERE / "data" / "claim_pairs.jsonl")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--round", type=int, default=1, choices=(1, 2))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    seen = set()
    for line in args.existing.open(encoding="utf-8"):
        r = json.loads(line)
        a, b = (r["a"]["id"], r["a"]["start"]), (r["b"]["id"], r["b"]["start"])
        seen |= {(a, b), (b, a)}
    pools: dict[str, list[dict]] = defaultdict(list)
    for (set_, ev), docs in sorted(events(args.data, args.seeds).items()):
        sents = [(aid, s) for aid, t in sorted(docs.items()) for s in split_sentences(t)
                 if 6 <= len(s.text.split()) <= 60]
        if len(docs) < 2 or len(sents) < 2:
            continue
        m = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([s.text for _, s in sents])
        sim = (m @ m.T).toarray()
        for i in range(len(sents)):
            for j in range(i + 1, len(sents)):
                (ai, si), (aj, sj) = sents[i], sents[j]
                if ai == aj or ((ai, si.start), (aj, sj.start)) in seen:
                    continue
                c = float(sim[i, j])
                caps = set(CAP.findall(si.text)) & set(CAP.findall(sj.text))
                ni, nj = {n.lower() for n in NUM.findall(si.text)}, {n.lower() for n in NUM.findall(sj.text)}
                cue_i, cue_j = {w.lower() for w in CUE.findall(si.text)}, {w.lower() for w in CUE.findall(sj.text)}
                if args.round == 2:
                    kind = round2(si.text, sj.text, c)
                    if kind is None:
                        continue
                elif ni and nj and ni != nj and (caps or c >= 0.2):
                    kind = "num"
                elif cue_i ^ cue_j and c >= 0.25:
                    kind = "cue"
                elif c >= 0.35:
                    kind = "cos"
                elif len(caps) >= 2 and 0.15 <= c < 0.35:
                    kind = "ent"
                else:
                    continue
                pools[f"{set_}/{kind}"].append({"set": set_, "event": ev, "kind": kind, "cos": round(c, 3),
                                                "a": {"id": ai, "start": si.start, "end": si.end},
                                                "b": {"id": aj, "start": sj.start, "end": sj.end}})
    share = {"ecbplus": 0.62, "newswcl50": 0.28, "seeds": 0.10}
    out = []
    for key in sorted(pools):
        set_, kind = key.split("/")
        want = round(args.n * share[set_] * (0.4 if kind == "fig" else 0.2 if args.round == 2 else 0.25))
        pool = pools[key]
        rng.shuffle(pool)
        per_event: dict[str, int] = defaultdict(int)
        used_spans: set = set()
        for c in pool:  # spread over events and sentences
            if len([x for x in out if x["set"] == set_ and x["kind"] == kind]) >= want:
                break
            spans = {(c["a"]["id"], c["a"]["start"]), (c["b"]["id"], c["b"]["start"])}
            if per_event[c["event"]] >= max(5, want // 8) or spans & used_spans:
                continue
            per_event[c["event"]] += 1
            used_spans |= spans
            out.append(c)
    with args.out.open("w", encoding="utf-8") as fh:
        for c in out:
            fh.write(json.dumps(c) + "\n")
    print(len(out), "candidates;", {k: len(v) for k, v in sorted(pools.items())})


if __name__ == "__main__":
    main()
