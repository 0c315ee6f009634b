"""Benchmark: attribution extraction (who said what) on PolNeAR.

Reads a JSON-lines file of PolNeAR records (``id``, ``text``, ``annotations``:
annotator id -> list of ``{source, cue, content}`` spans) and scores
``extract_attributions`` against each article's *first* annotator (first key
of ``annotations`` in file order), attribution by attribution. Returns a dict
of figures; ``format_figures`` prints them.

Measure (precisely):

* **Tokens** of a span are word tokens of the record's ``text``
  (``corroborate.features.text.word_spans``: letters/digits with inner
  apostrophes, hyphens, dots or commas; punctuation is not a token), counted
  by *position*: a token belongs to a span when its midpoint lies inside
  ``[start, end)``. Stopwords are kept ("content word tokens" = the word
  tokens of the *content* span). PolNeAR gold spans may be discontinuous
  (``text`` then joins the pieces and differs from ``text[start:end]``); the
  gold tokens are then the tokens of ``text[start:end]`` aligned to the gold
  ``text`` (difflib matching blocks over folded words), so an interrupting
  "he said" is not counted as content.
* **Dice** of two token position sets A, B = 2|A∩B| / (|A| + |B|).
* **Content match**: a predicted and a gold attribution match when the Dice
  of their content tokens is >= 0.5; matching is one-to-one, greedy by best
  Dice (ties: document order). Precision = matches / predicted, recall =
  matches / gold, F1 their harmonic mean, all micro-averaged over the file.
* **With-source**: the same, counting only the matches whose sources also
  match: both null, or both present with source-token Dice >= 0.5.
* Also printed, for reference only: token overlap pooled over each text
  (README convention) for content and source, which rewards over-marking
  (every token as content already scores 0.69), and a rule baseline (a
  sentence with a speech verb is the content, the capitalised name before the
  verb its source).
"""

from __future__ import annotations

import difflib
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

from ._data import read_records
from ..errors import CorroborateError
from ..features.text import fold, word_spans

MATCH_DICE = 0.5


def first_annotator(rec: dict) -> list[dict]:
    """The attributions of the record's first annotator (file order), [] if none."""
    ann = rec.get("annotations") or {}
    for key in ann:
        return list(ann[key] or [])
    return []


class _Tokens:
    """Word-token positions of one text, for span -> token-index sets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = word_spans(text)
        self.mids = [(s + e) / 2 for s, e in self.spans]

    def range(self, start: int, end: int) -> list[int]:
        import bisect

        lo = bisect.bisect_left(self.mids, start)
        hi = bisect.bisect_left(self.mids, end)
        return list(range(lo, hi))

    def of(self, span: dict | None) -> frozenset[int]:
        """Token positions of a ``{start, end, text}`` span (discontinuous gold aligned)."""
        if not span:
            return frozenset()
        start, end = int(span["start"]), int(span["end"])
        idx = self.range(start, end)
        given = span.get("text")
        if given is None or self.text[start:end] == given:
            return frozenset(idx)
        mine = [fold(self.text[self.spans[i][0] : self.spans[i][1]]) for i in idx]
        theirs = [fold(w) for w in re.findall(r"[^\W_]+(?:[\'’.,\-][^\W_]+)*", given)]
        sm = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        keep = set()
        for a, _b, size in sm.get_matching_blocks():
            keep.update(idx[a : a + size])
        return frozenset(keep)


def dice(a: Iterable[int], b: Iterable[int]) -> float:
    a, b = set(a), set(b)
    if not a and not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def match(pred: Sequence[dict], gold: Sequence[dict], toks: _Tokens, threshold: float = MATCH_DICE) -> tuple[int, int]:
    """(content matches, content+source matches) between two attribution lists of one text."""
    pc = [toks.of(p.get("content")) for p in pred]
    gc = [toks.of(g.get("content")) for g in gold]
    pairs = []
    for i, a in enumerate(pc):
        if not a:
            continue
        for j, b in enumerate(gc):
            if not b or not (a & b):
                continue
            d = dice(a, b)
            if d >= threshold:
                pairs.append((-d, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    content = both = 0
    for _d, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        content += 1
        ps, gs = pred[i].get("source"), gold[j].get("source")
        if not ps and not gs:
            both += 1
        elif ps and gs and dice(toks.of(ps), toks.of(gs)) >= threshold:
            both += 1
    return content, both


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pooled(pred: Sequence[dict], gold: Sequence[dict], toks: _Tokens, key: str) -> tuple[int, int, int]:
    a: set[int] = set()
    b: set[int] = set()
    for p in pred:
        a |= toks.of(p.get(key))
    for g in gold:
        b |= toks.of(g.get(key))
    return len(a & b), len(a), len(b)


# -- the rule baseline (what the issue calls the 30-line baseline) -------------

_BASE_VERB = re.compile(r"\b(said|says|say|told|tells|added|wrote|writes|according to|announced|claimed|argued|noted)\b")
_BASE_NAME = re.compile(r"((?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'.-]*|[Hh]e|[Ss]he|[Tt]hey)\s+$")


def baseline_attributions(text: str) -> list[dict]:
    """Sentences with a speech verb; source = the capitalised name right before the verb."""
    from ..clean.sentences import split_sentences

    out = []
    for s in split_sentences(text):
        m = _BASE_VERB.search(s.text)
        if not m:
            continue
        src = None
        n = _BASE_NAME.search(s.text[: m.start()])
        if n:
            src = {"start": s.start + n.start(1), "end": s.start + n.end(1), "text": n.group(1)}
        cue = {"start": s.start + m.start(), "end": s.start + m.end(), "text": m.group(0)}
        out.append({"source": src, "cue": cue, "content": {"start": s.start, "end": s.end, "text": s.text}})
    return out


def as_json(attributions) -> list[dict]:
    """Attribution objects -> the OUT.jsonl shape."""

    def span(s):
        return None if s is None else {"start": s.start, "end": s.end, "text": s.text}

    return [
        {"source": span(a.source), "cue": span(a.cue), "content": span(a.content), "kind": a.kind, "speaker": a.speaker}
        for a in attributions
    ]


def bench_attribution(data: Path, predictions: Path | None = None, *, limit: int | None = None,
                      config_path: Path | None = None) -> dict:
    """Extract attributions from every record of ``data`` and score them (see module docstring).
    Thresholds come from ``config.settings(config_path)`` (the packaged defaults when None)."""
    from .. import config
    from ..claims.attribution import extract_attributions

    cfg = config.settings(config_path)["attribution"]

    recs = read_records(data)
    if limit is not None:
        recs = recs[:limit]
    if not recs:
        raise CorroborateError(f"{data}: no records")
    n_gold = n_pred = tp = tp_src = 0
    b_pred = b_tp = b_src = 0
    pool = Counter()
    kinds: Counter[str] = Counter()
    lines = []
    elapsed = 0.0
    for rec in recs:
        text = rec["text"]
        gold = [g for g in first_annotator(rec) if g.get("content")]
        t0 = time.perf_counter()
        found = extract_attributions(text, settings=cfg)
        elapsed += time.perf_counter() - t0
        pred = as_json(found)
        kinds.update(a.kind for a in found)
        lines.append(json.dumps({"id": rec["id"], "attributions": pred}, ensure_ascii=False))
        toks = _Tokens(text)
        c, s = match(pred, gold, toks)
        n_gold += len(gold)
        n_pred += len(pred)
        tp += c
        tp_src += s
        for key in ("content", "source"):
            i, a, b = _pooled(pred, gold, toks, key)
            pool[key + "_i"] += i
            pool[key + "_p"] += a
            pool[key + "_g"] += b
        base = baseline_attributions(text)
        c, s = match(base, gold, toks)
        b_pred += len(base)
        b_tp += c
        b_src += s
    if predictions is not None:
        Path(predictions).write_text("\n".join(lines) + "\n", encoding="utf-8")
    p, r, f = _prf(tp, n_pred, n_gold)
    _sp, _sr, sf = _prf(tp_src, n_pred, n_gold)
    bp, br, bf = _prf(b_tp, b_pred, n_gold)
    _x, _y, bsf = _prf(b_src, b_pred, n_gold)
    out = {
        "articles": len(recs),
        "gold": n_gold,
        "predicted": n_pred,
        "content_precision": p,
        "content_recall": r,
        "content_f1": f,
        "with_source_precision": _sp,
        "with_source_recall": _sr,
        "with_source_f1": sf,
        "kinds": dict(kinds.most_common()),
        "baseline_content_f1": bf,
        "baseline_with_source_f1": bsf,
        "baseline_predicted": b_pred,
        "seconds": elapsed,
        "ms_per_article": 1000.0 * elapsed / len(recs),
    }
    for key in ("content", "source"):
        _a, _b, pf = _prf(pool[key + "_i"], pool[key + "_p"], pool[key + "_g"])
        out[f"pooled_{key}_token_f1"] = pf
    return out


def format_figures(d: dict) -> str:
    kinds = ", ".join(f"{k} {v}" for k, v in d["kinds"].items())
    return "\n".join(
        [
            f"articles {d['articles']}  gold attributions {d['gold']}  predicted {d['predicted']} ({kinds})",
            f"content match (Dice >= 0.5, one-to-one): precision {d['content_precision']:.3f}  "
            f"recall {d['content_recall']:.3f}  F1 {d['content_f1']:.3f}",
            f"... and source (Dice >= 0.5 or both none): precision {d['with_source_precision']:.3f}  "
            f"recall {d['with_source_recall']:.3f}  F1 {d['with_source_f1']:.3f}",
            f"rule baseline ({d['baseline_predicted']} predicted): content F1 {d['baseline_content_f1']:.3f}  "
            f"with-source F1 {d['baseline_with_source_f1']:.3f}",
            f"pooled token F1 (reference only): content {d['pooled_content_token_f1']:.3f}  "
            f"source {d['pooled_source_token_f1']:.3f}",
            f"time {d['seconds']:.2f} s ({d['ms_per_article']:.1f} ms/article)",
        ]
    )
