"""Benchmark: our cited brief against a LexRank baseline of the same length, on the same stories.

Reads a JSONL file of labelled records (``id``, ``text``, optional ``title``,
``source``, ``published``; the gold story label ``event``) or a folder of
article files (one story), cleans the articles, builds one story per gold
event with the pipeline's per-story stage (provenance, independence, claims),
writes its brief with ``brief.compose`` and a LexRank summary capped at the
brief's length, and returns the figures of both:

* **faithfulness**: share of brief sentences found verbatim in an article they cite;
* **citation precision**: share of (brief sentence, cited article) pairs where
  the cited article carries what the sentence says: the sentence is verbatim in
  it, or one of its sentences is at least ``citation_similarity`` similar
  (features.similarity, the measure provenance aligns sentences with). This
  is a check independent of the claims stage that produced the citations;
* **coverage**: share of the claims with ``independent_support >= 2`` whose
  evidence includes a sentence the brief quotes (located verbatim in any
  article, so copies count), pooled over stories;
* **redundancy**: the highest similarity between two sentences of one brief
  (mean over stories, and the maximum);
* **length** in words;
* **refused lines**: brief sentences that ``brief.style.refused`` names as not
  edited prose (caption, headline, byline, credit, dangling pronoun or
  attribution, cut quotation, garbled): a self-check for ours (the composer
  refuses them), a measure for LexRank. Judge the briefs by reading too.

LexRank (Erkan & Radev 2004) is implemented here: tf-idf cosine graph over the
story's sentences (edges at ``lexrank_threshold``), PageRank-style power
iteration, sentences taken by rank while they fit the word budget; like our
brief it skips sentences under ``min_sentence_words`` / over
``max_sentence_words`` and near-repeats of a chosen one. Each LexRank sentence
cites the article it came from.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from .. import config
from ..brief import compose, words_in
from ..brief.style import refused
from ..clean import clean
from ..errors import InputError
from ..features.similarity import sentence_vectors
from ..model import Article, BriefSentence, RawDoc, Story
from ._data import read_records


# -- stories ------------------------------------------------------------------
def load_stories(data: Path, settings: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, list[Article]]]:
    """(gold event, cleaned articles) per event of a JSONL file; a folder or other file is one story."""
    raws: list[tuple[str, RawDoc]] = []
    if data.is_file() and data.suffix == ".jsonl":
        for n, r in enumerate(read_records(data), 1):
            raws.append(
                (
                    str(r.get("event", "all")),
                    RawDoc(
                        id=str(r["id"]), text=r["text"], origin=f"{data}:{n}", title=r.get("title"), url=r.get("url"),
                        source=r.get("source"), published=r.get("published"), language=r.get("language"), format="jsonl",
                    ),
                )
            )
    else:
        from ..ingest import read_inputs
        from ..model import Rejection

        for item in read_inputs([str(data)], settings["ingest"]):
            if isinstance(item, Rejection):
                raise InputError(item.origin, item.reason)
            raws.append(("all", item))
    by_event: dict[str, list[Article]] = defaultdict(list)
    for event, raw in raws:
        article = clean(raw, settings["clean"])
        if article.sentences:
            by_event[event].append(article)
    return sorted(by_event.items(), key=lambda kv: kv[0])


def derive_story(event: str, articles: Sequence[Article], settings: Mapping[str, Mapping[str, Any]]) -> Story:
    """The pipeline's per-story data (provenance, independence groups, claims) for one gold event."""
    from ..pipeline import derive

    return derive(f"event-{event}", list(articles), {k: dict(v) for k, v in settings.items()})


# -- LexRank --------------------------------------------------------------------
def lexrank_scores(texts: Sequence[str], threshold: float = 0.1, damping: float = 0.85, iterations: int = 200) -> np.ndarray:
    """LexRank centrality of each text: power iteration on the thresholded tf-idf cosine graph."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(texts)
    if n == 0:
        return np.zeros(0)
    try:
        m = TfidfVectorizer(stop_words="english", sublinear_tf=False).fit_transform(texts)
    except ValueError:  # only stop words
        return np.full(n, 1.0 / n)
    adj = ((m @ m.T).toarray() >= threshold).astype(float)
    deg = adj.sum(axis=1, keepdims=True)
    deg[deg == 0] = 1.0
    trans = adj / deg
    p = np.full(n, 1.0 / n)
    for _ in range(iterations):
        nxt = (1 - damping) / n + damping * trans.T @ p
        if np.abs(nxt - p).sum() < 1e-9:
            p = nxt
            break
        p = nxt
    return p


def lexrank_brief(
    articles: Sequence[Article],
    budget: int,
    *,
    min_sentence_words: int = 6,
    max_sentence_words: int = 60,
    redundancy: float = 0.5,
    lexrank_threshold: float = 0.1,
    **_: Any,
) -> tuple[BriefSentence, ...]:
    """The highest-ranked sentences that fit ``budget`` words, each citing its own article."""
    pool = [(a, s) for a in articles for s in a.sentences if min_sentence_words <= words_in(s.text) <= max_sentence_words]
    if not pool or budget <= 0:
        return ()
    scores = lexrank_scores([s.text for _, s in pool], threshold=lexrank_threshold)
    vectors = sentence_vectors([s.text for _, s in pool])
    chosen: list[int] = []
    total = 0
    for i in sorted(range(len(pool)), key=lambda i: (-scores[i], i)):
        n = words_in(pool[i][1].text)
        if total + n > budget:
            continue
        if chosen and (vectors[chosen] @ vectors[i].T).toarray().max() >= redundancy:
            continue
        chosen.append(i)
        total += n
    return tuple(BriefSentence(pool[i][1].text, (), (pool[i][0].id,)) for i in chosen)


# -- measures -------------------------------------------------------------------
def _located(brief: Sequence[BriefSentence], articles: Sequence[Article]) -> list[set[tuple[str, int]]]:
    """For each brief sentence, the (article id, sentence id) that contain it verbatim (or that it contains)."""
    out = []
    for b in brief:
        hits = set()
        for a in articles:
            for s in a.sentences:
                if b.text in s.text or (s.text in b.text and words_in(s.text) >= 4):
                    hits.add((a.id, s.id))
        out.append(hits)
    return out


def measure(
    story: Story,
    articles: Sequence[Article],
    brief: Sequence[BriefSentence],
    *,
    citation_similarity: float = 0.3,
    min_support: int = 2,
) -> dict[str, Any]:
    """Faithfulness, citation precision, coverage, redundancy and length of one brief of ``story``."""
    by_id = {a.id: a for a in articles}
    faithful = sum(any(b.text in by_id[a].text for a in b.article_ids if a in by_id) for b in brief)

    # one idf over the story's sentences and the brief, so similarities are comparable
    sent_rows = [(a.id, s.text) for a in articles for s in a.sentences]
    vectors = sentence_vectors([t for _, t in sent_rows] + [b.text for b in brief])
    sv, bv = vectors[: len(sent_rows)], vectors[len(sent_rows) :]
    rows_of: dict[str, list[int]] = defaultdict(list)
    for i, (aid, _) in enumerate(sent_rows):
        rows_of[aid].append(i)
    sims = (bv @ sv.T).toarray() if brief and sent_rows else np.zeros((len(brief), 0))
    pairs = carried = 0
    doubtful: list[tuple[str, str, str, float]] = []
    for k, b in enumerate(brief):
        for aid in b.article_ids:
            if aid not in by_id:
                continue
            pairs += 1
            best = float(sims[k, rows_of[aid]].max()) if rows_of[aid] else 0.0
            if b.text in by_id[aid].text or best >= citation_similarity:
                carried += 1
            else:
                doubtful.append((b.text, aid, sent_rows[rows_of[aid][int(sims[k, rows_of[aid]].argmax())]][1] if rows_of[aid] else "", best))

    located = set().union(*_located(brief, articles)) if brief else set()
    eligible = [c for c in story.claims if c.independent_support >= min_support]
    covered = sum(any((e.article_id, e.sentence_id) in located for e in c.evidence) for c in eligible)

    bsims = (bv @ bv.T).toarray() if len(brief) > 1 else np.zeros((1, 1))
    np.fill_diagonal(bsims, 0.0)
    return {
        "sentences": len(brief),
        "faithful": faithful,
        "citation_pairs": pairs,
        "citations_carried": carried,
        "eligible_claims": len(eligible),
        "covered_claims": covered,
        "redundancy": float(bsims.max()) if len(brief) > 1 else 0.0,
        "words": sum(words_in(b.text) for b in brief),
        "refused_lines": sum(refused(b.text) is not None for b in brief),
        "doubtful_citations": doubtful,
    }


def _pool(per_story: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(per_story)
    sent = sum(m["sentences"] for m in per_story)
    pairs = sum(m["citation_pairs"] for m in per_story)
    elig = sum(m["eligible_claims"] for m in per_story)
    words = [m["words"] for m in per_story]
    return {
        "faithfulness": sum(m["faithful"] for m in per_story) / sent if sent else 1.0,
        "citation_precision": sum(m["citations_carried"] for m in per_story) / pairs if pairs else 1.0,
        "citations_per_sentence": pairs / sent if sent else 0.0,
        "coverage": sum(m["covered_claims"] for m in per_story) / elig if elig else 0.0,
        "covered_claims": sum(m["covered_claims"] for m in per_story),
        "eligible_claims": elig,
        "redundancy_mean": sum(m["redundancy"] for m in per_story) / n if n else 0.0,
        "redundancy_max": max((m["redundancy"] for m in per_story), default=0.0),
        "words_mean": sum(words) / n if n else 0.0,
        "words_min": min(words, default=0),
        "words_max": max(words, default=0),
        "sentences": sent,
        "refused_lines": sum(m.get("refused_lines", 0) for m in per_story),
    }


def bench_briefs(
    data: Path,
    predictions: Path | None = None,
    *,
    config_path: str | Path | None = None,
    brief_settings: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Figures of our briefs and of LexRank at the same length on the stories of ``data``."""
    settings = config.settings(config_path)
    bs = dict(settings["brief"])
    bs.update(brief_settings or {})
    t0 = time.perf_counter()
    stories = load_stories(Path(data), settings)
    rows = []
    ours_m, lex_m = [], []
    doubtful: list[tuple[str, str, str, float]] = []
    seconds_brief = 0.0
    for event, articles in stories:
        story = derive_story(event, articles, settings)
        t = time.perf_counter()
        ours = compose(story, articles, **bs)
        seconds_brief += time.perf_counter() - t
        story = replace(story, brief=ours)
        lex = lexrank_brief(articles, sum(words_in(b.text) for b in ours), **bs)
        m_ours = measure(story, articles, ours, citation_similarity=float(bs["citation_similarity"]))
        m_lex = measure(story, articles, lex, citation_similarity=float(bs["citation_similarity"]))
        doubtful += [(f"{event}: {t}", a, best, s) for t, a, best, s in m_ours.pop("doubtful_citations")]
        m_lex.pop("doubtful_citations")
        ours_m.append(m_ours)
        lex_m.append(m_lex)
        rows.append(
            {
                "story": event,
                "article_ids": [a.id for a in articles],
                "claims": len(story.claims),
                "brief": [{"text": b.text, "claim_ids": list(b.claim_ids), "article_ids": list(b.article_ids)} for b in ours],
                "lexrank": [{"text": b.text, "article_ids": list(b.article_ids)} for b in lex],
                "ours": m_ours,
                "lexrank_figures": m_lex,
            }
        )
    if predictions is not None:
        with open(predictions, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return {
        "data": str(data),
        "stories": len(stories),
        "articles": sum(len(a) for _, a in stories),
        "claims": sum(r["claims"] for r in rows),
        "ours": _pool(ours_m),
        "lexrank": _pool(lex_m),
        "doubtful_citations": doubtful,
        "seconds": time.perf_counter() - t0,
        "seconds_compose": seconds_brief,
        "citation_similarity": float(bs["citation_similarity"]),
    }


def format_figures(f: dict[str, Any], show_doubtful: int = 0) -> str:
    o, lx = f["ours"], f["lexrank"]
    lines = [
        f"data: {f['data']}",
        f"stories: {f['stories']} (gold events), articles: {f['articles']}, claims: {f['claims']}, "
        f"claims with independent_support >= 2: {o['eligible_claims']}",
        "",
        f"{'':34}{'ours':>12}{'LexRank':>12}",
        f"{'faithfulness (verbatim in cited)':34}{o['faithfulness']:>12.1%}{lx['faithfulness']:>12.1%}",
        f"{'citation precision':34}{o['citation_precision']:>12.1%}{lx['citation_precision']:>12.1%}",
        f"{'citations per sentence':34}{o['citations_per_sentence']:>12.2f}{lx['citations_per_sentence']:>12.2f}",
        f"{'coverage (indep. support >= 2)':34}{o['coverage']:>12.1%}{lx['coverage']:>12.1%}",
        f"{'  claims covered':34}{o['covered_claims']:>12d}{lx['covered_claims']:>12d}",
        f"{'redundancy (max pair sim, mean)':34}{o['redundancy_mean']:>12.3f}{lx['redundancy_mean']:>12.3f}",
        f"{'redundancy (max pair sim, max)':34}{o['redundancy_max']:>12.3f}{lx['redundancy_max']:>12.3f}",
        f"{'length (words, mean)':34}{o['words_mean']:>12.1f}{lx['words_mean']:>12.1f}",
        f"{'length (words, min-max)':34}{o['words_min']:>7d}-{o['words_max']:<4d}{lx['words_min']:>7d}-{lx['words_max']:<4d}",
        f"{'sentences':34}{o['sentences']:>12d}{lx['sentences']:>12d}",
        f"{'refused lines (captions, ...)':34}{o['refused_lines']:>12d}{lx['refused_lines']:>12d}",
        "",
        f"citation precision: the cited article holds the sentence verbatim or a sentence at similarity >= "
        f"{f['citation_similarity']} (LexRank cites only the article it quotes).",
        f"time: {f['seconds']:.1f} s in all, {f['seconds_compose']:.2f} s composing briefs.",
    ]
    if show_doubtful and f["doubtful_citations"]:
        lines += ["", f"citations below the similarity bar (first {show_doubtful}):"]
        for text, aid, best, s in f["doubtful_citations"][:show_doubtful]:
            lines += [f"  - {text}", f"    cites {aid}; its closest sentence ({s:.2f}): {best}"]
    return "\n".join(lines)
