"""The conflict-injection benchmark: change a figure two sources agree on, and see whether a conflict says so.

Reads a JSONL file (``id``, ``text``, optional ``title``/``published``/``source``,
gold ``event``), cleans the articles the way ``briefs.load_stories`` does and
builds each event's story with the pipeline's per-story step. Then, per event:

1. **Candidates.** Two sentences of two *different* articles that are evidence
   of the same claim of the unaltered analysis and state the same figure, as
   the claims layer's own finders read it (``claims.quantities.find_quantities``:
   same exact value, same counted noun and unit; ``claims.temporal.find_times``:
   the same explicit date, or the same weekday). Each is sorted into a kind:
   count, money, percent, magnitude, measure, age, duration, date, weekday.
2. **Injection.** Up to ``per_event`` candidates (seeded, spread over kinds) are
   injected one at a time: in the raw text of the article that comes later in
   story order the figure is replaced by a clearly different value of the same
   form ("six" -> "eight", "$2.6 million" -> "$3.4 million", "Monday" ->
   "Thursday", "April 8" -> "April 13"); the value must not already be in either
   sentence. The altered record is cleaned again through the normal path; an
   injection is kept only when the cleaned text differs from the original
   exactly at the figure.
3. **Outcome** of the altered story's analysis:

   * ``detected``: a conflict has one value whose evidence includes the
     untouched sentence (same article, overlapping offsets) and another value
     whose evidence includes the altered sentence;
   * ``labelled``: the same, and those two values' labels mention the original
     and the new figure ("six" = "6");
   * ``leaked``: the altered sentence is evidence of a claim with support >= 2
     that also holds a sentence stating the original figure, and no conflict
     lists the altered sentence: its evidence is counted as agreeing with a
     figure it does not state.

**Recall** is detected (and labelled) over injections; the **leak rate** is
leaked over injections. The conflicts of the *unaltered* analyses are counted
(the false-alarm side) and, with ``predictions``, written one JSON line each
with their evidence, next to every injection's outcome, for a person to judge.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from .. import config
from ..claims.quantities import UNITS, find_quantities
from ..claims.temporal import WEEKDAYS, find_times
from ..clean import clean
from ..errors import InputError
from ..model import Article, Conflict, Evidence, RawDoc, Story
from ..serialize import story_to_dict
from ._data import read_records
from .briefs import derive_story

KINDS = ("count", "money", "percent", "magnitude", "measure", "age", "duration", "date", "weekday")
_DURATION = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
_MEASURE = {
    "mile", "kilometre", "kilometer", "km", "metre", "meter", "m", "foot", "feet", "inch", "yard", "pound", "lb",
    "kilogram", "kg", "gram", "ton", "tonne", "acre", "hectare", "degree", "mph", "gallon", "litre", "liter", "barrel",
}
_WORD_OF = {v: w for w, v in UNITS.items() if " " not in w and w != "dozen"}
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_NUMBER_WORD = re.compile(r"(?i)\b(" + "|".join(sorted(_WORD_OF.values(), key=len, reverse=True)) + r")\b")
_WD_WORD = re.compile(r"(?i)\b(" + "|".join(WEEKDAYS) + r")\b")


# -- figures ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Figure:
    """A figure in a sentence: where (sentence offsets), its kind, and the key two equal statements share."""

    kind: str
    start: int
    end: int
    text: str
    key: tuple


def _quantity_kind(noun: str | None, unit: str | None) -> str | None:
    if unit == "%":
        return "percent"
    if unit:
        return "money"
    if noun == "year-old":
        return "age"
    if noun == "magnitude":
        return "magnitude"
    if noun in _DURATION:
        return "duration"
    if noun in _MEASURE:
        return "measure"
    return "count" if noun else None


def figures_of(text: str, published: str | None = None) -> list[Figure]:
    """The exact figures of a sentence that a changed value can be written into."""
    out: list[Figure] = []
    for q in find_quantities(text):
        kind = _quantity_kind(q.noun, q.unit)
        if kind is None or not q.exact:
            continue
        if not (_NUMBER.search(q.text) or _NUMBER_WORD.search(q.text)):
            continue  # "a dozen", "hundreds": nothing plain to change
        if re.search(r"\w[-–]$", text[max(0, q.start - 2) : q.start]):
            continue  # part of a name or model ("AK-47 rifles"), not a count
        out.append(Figure(kind, q.start, q.end, q.text, ("q", q.value, q.noun, q.unit)))
    for t in find_times(text, published):
        if t.kind == "date" and t.explicit and t.date:
            out.append(Figure("date", t.start, t.end, t.text, ("date", t.date)))
        elif t.kind == "weekday" and t.weekday is not None and not t.explicit:
            m = _WD_WORD.search(text, t.start, t.end)
            if m:  # the same weekday; the same day too where both articles are dated
                out.append(Figure("weekday", m.start(), m.end(), m.group(), ("weekday", t.weekday, t.date)))
    return out


def _mentions(label: str, fig: Figure) -> bool:
    """Does a conflict value's label name this figure ("6" and "six" are the same)?"""
    if fig.key[0] == "q":
        if any(q.exact and abs(q.value - fig.key[1]) < 1e-9 for q in find_quantities(label)):
            return True
        base = {_num(m.group()) for m in _NUMBER.finditer(fig.text)} | {float(UNITS[m.group(1).lower()]) for m in _NUMBER_WORD.finditer(fig.text)}
        got = {_num(m.group()) for m in _NUMBER.finditer(label)} | {float(UNITS[m.group(1).lower()]) for m in _NUMBER_WORD.finditer(label)}
        return bool(base & got)
    if fig.key[0] == "weekday":
        return WEEKDAYS[fig.key[1]] in label.lower()
    if fig.key[0] == "text":
        return fig.text.lower() in label.lower()
    day = date.fromisoformat(fig.key[1])
    if fig.key[1] in label or any(t.date and t.date[5:] == fig.key[1][5:] for t in find_times(label, fig.key[1])):
        return True
    return bool(re.search(rf"\b{day.day}\b", label)) and day.strftime("%b").lower() in label.lower()


def _num(s: str) -> float:
    return float(s.replace(",", ""))


# -- changing a figure ------------------------------------------------------------
def _bump(v: float, decimals: int, step: int) -> float:
    if decimals:
        return round(v * 1.15 + 0.4 * step + 0.3, decimals)
    return float(int(v) + max(2, round(v * 0.35)) + (step - 1))


def _format_like(new: float, old: str) -> str:
    decimals = len(old.split(".")[1]) if "." in old else 0
    if decimals:
        s = f"{new:,.{decimals}f}" if "," in old else f"{new:.{decimals}f}"
    else:
        s = f"{int(new):,}" if "," in old else str(int(new))
    return s


def changed_figure(fig: Figure, step: int = 1) -> str | None:
    """The figure's text with its value clearly changed, in the same form; None when it cannot be."""
    if fig.kind == "weekday":
        new = WEEKDAYS[(fig.key[1] + 2 + step) % 7]
        return new.capitalize() if fig.text[0].isupper() else new
    if fig.kind == "date":
        return _changed_date(fig, step)
    m = _NUMBER.search(fig.text)
    if m:
        decimals = len(m.group().split(".")[1]) if "." in m.group() else 0
        new = _format_like(_bump(_num(m.group()), decimals, step), m.group())
        return fig.text[: m.start()] + new + fig.text[m.end() :]
    w = _NUMBER_WORD.search(fig.text)
    if not w:
        return None
    v = float(UNITS[w.group(1).lower()])
    if v == 1:  # "one soldier" -> "three soldier": the noun would need changing too
        return None
    target = _bump(v, 0, step)
    word = _WORD_OF.get(int(target))
    while word is None and target < 100:
        target += 1
        word = _WORD_OF.get(int(target))
    if word is None:
        return None
    if w.group(1)[0].isupper():
        word = word.capitalize()
    return fig.text[: w.start()] + word + fig.text[w.end() :]


def _changed_date(fig: Figure, step: int) -> str | None:
    old = date.fromisoformat(fig.key[1])
    shift = 4 + step  # within the month either way: the month's spelling stays
    new = old + timedelta(days=shift if old.day + shift <= 28 else -shift)
    iso = re.search(r"\d{4}-\d{2}-\d{2}", fig.text)
    if iso:
        return fig.text[: iso.start()] + new.isoformat() + fig.text[iso.end() :]
    m = re.search(rf"(?<!\d){old.day}(?=st|nd|rd|th|\b)(?!\d)", fig.text)
    if not m or (m.start() > 0 and fig.text[m.start() - 1].isdigit()):
        return None
    text = fig.text[: m.start()] + str(new.day) + fig.text[m.end() :]
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", lambda _: _ordinal(new.day), text, count=1)
    return text  # a weekday written beside the date stays: the date then disagrees with it too


def _ordinal(d: int) -> str:
    return "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


# -- the data -----------------------------------------------------------------------
def load_events(data: Path, settings: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, list[tuple[RawDoc, Article]]]]:
    """(gold event, [(raw record, cleaned article)]) per event, as ``briefs.load_stories`` cleans them."""
    data = Path(data)
    if not (data.is_file() and data.suffix == ".jsonl"):
        raise InputError(str(data), "bench conflicts reads a JSONL file of labelled records (id, text, event)")
    by_event: dict[str, list[tuple[RawDoc, Article]]] = defaultdict(list)
    for n, r in enumerate(read_records(data), 1):
        raw = RawDoc(
            id=str(r["id"]), text=r["text"], origin=f"{data}:{n}", title=r.get("title"), url=r.get("url"),
            source=r.get("source"), published=r.get("published"), language=r.get("language"), format="jsonl",
        )
        article = clean(raw, settings["clean"])
        if article.sentences:
            by_event[str(r.get("event", "all"))].append((raw, article))
    return sorted(by_event.items(), key=lambda kv: kv[0])


# -- candidates -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Candidate:
    """Two sentences of two articles, evidence of one claim, stating the same figure."""

    claim_id: str
    kind: str
    key: tuple
    kept: Evidence  # the untouched sentence
    kept_figure: Figure
    altered: Evidence  # the sentence whose figure is changed
    altered_figure: Figure


def _sentence(article: Article, e: Evidence) -> tuple[int, int]:
    """Article offsets of an evidence sentence."""
    if 0 <= e.sentence_id < len(article.sentences) and article.sentences[e.sentence_id].id == e.sentence_id:
        s = article.sentences[e.sentence_id]
        return s.start, s.end
    for s in article.sentences:
        if s.id == e.sentence_id:
            return s.start, s.end
    return (e.start or 0), (e.end or 0)


def candidates(story: Story, articles: Sequence[Article]) -> list[Candidate]:
    """Every same-figure pair of the story's claims, the later article (story order) to be altered."""
    order = {aid: n for n, aid in enumerate(story.article_ids)}
    by_id = {a.id: a for a in articles}
    out: list[Candidate] = []
    seen: set[tuple] = set()
    for claim in story.claims:
        evs = [e for e in claim.evidence if e.article_id in by_id]
        figs = {(e.article_id, e.sentence_id): figures_of(_text(by_id[e.article_id], e), by_id[e.article_id].published) for e in evs}
        for i, a in enumerate(evs):
            for b in evs[i + 1 :]:
                if a.article_id == b.article_id:
                    continue
                kept, alt = (a, b) if order.get(a.article_id, 0) < order.get(b.article_id, 0) else (b, a)
                for fk in figs[(kept.article_id, kept.sentence_id)]:
                    same = [fa for fa in figs[(alt.article_id, alt.sentence_id)] if fa.key == fk.key]
                    if len(same) != 1:
                        continue  # absent, or written twice in the altered sentence: which one to change is unclear
                    ident = (alt.article_id, alt.sentence_id, fk.key)
                    if ident in seen:
                        continue
                    seen.add(ident)
                    out.append(Candidate(claim.id, fk.kind, fk.key, kept, fk, alt, same[0]))
    return out


def _text(article: Article, e: Evidence) -> str:
    s, t = _sentence(article, e)
    return article.text[s:t]


def pick(cands: Sequence[Candidate], n: int, rng: random.Random) -> list[Candidate]:
    """Up to ``n`` candidates spread over kinds, one figure key each."""
    by_kind: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_kind[c.kind].append(c)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for k in kinds:
        rng.shuffle(by_kind[k])
    out: list[Candidate] = []
    keys: set[tuple] = set()
    while len(out) < n and any(by_kind.values()):
        for k in kinds:
            while by_kind[k]:
                c = by_kind[k].pop()
                if c.key not in keys:
                    keys.add(c.key)
                    out.append(c)
                    break
            if len(out) >= n:
                break
    return out


# -- one injection -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Injection:
    """A changed figure: the altered article (re-cleaned) and where the figure now is."""

    article: Article
    start: int  # article offsets of the new figure
    end: int
    new_text: str
    sentence: tuple[int, int]  # article offsets of the altered sentence


def inject(raw: RawDoc, article: Article, c: Candidate, clean_settings: Mapping[str, Any]) -> Injection | str:
    """Write a changed figure into the raw record and clean it again; a reason string when it cannot be done."""
    s_start, s_end = _sentence(article, c.altered)
    sent = article.text[s_start:s_end]
    kept_text = c.kept.text
    for step in (1, 2, 3, 4):
        new = changed_figure(c.altered_figure, step)
        if new is None:
            return "no changed form"
        value = _value_part(new, c.altered_figure.text)
        if value and (value in sent or value in kept_text):
            continue
        break
    else:
        return "new value already in the sentences"
    if raw.text.count(sent) != 1:
        return "sentence not found once in the raw text"
    at = raw.text.index(sent) + c.altered_figure.start
    raw_text = raw.text[:at] + new + raw.text[at + len(c.altered_figure.text) :]
    if raw.text[at : at + len(c.altered_figure.text)] != c.altered_figure.text:
        return "figure not found in the raw text"
    altered = clean(replace(raw, text=raw_text), clean_settings)
    f_start = s_start + c.altered_figure.start
    expected = article.text[:f_start] + new + article.text[f_start + len(c.altered_figure.text) :]
    if altered.text != expected:
        return "cleaning changed more than the figure"
    shift = len(new) - len(c.altered_figure.text)
    return Injection(altered, f_start, f_start + len(new), new, (s_start, s_end + shift))


def _value_part(new: str, old: str) -> str:
    """The part of the changed figure that differs from the old one ("3.4" in "$3.4 million")."""
    i = 0
    while i < min(len(new), len(old)) and new[i] == old[i]:
        i += 1
    j = 0
    while j < min(len(new), len(old)) - i and new[-1 - j] == old[-1 - j]:
        j += 1
    part = new[i : len(new) - j] if j else new[i:]
    # widen to the whole token so "27" is checked, not "7"
    a, b = i, len(new) - j
    while a > 0 and new[a - 1].isalnum():
        a -= 1
    while b < len(new) and new[b].isalnum():
        b += 1
    return new[a:b] or part


def _holds(evidence: Iterable[Evidence], article_id: str, span: tuple[int, int], articles: Mapping[str, Article]) -> bool:
    """Does any evidence sentence of ``article_id`` overlap ``span`` (article offsets)?"""
    for e in evidence:
        if e.article_id != article_id or article_id not in articles:
            continue
        s, t = _sentence(articles[article_id], e)
        if s < span[1] and span[0] < t:
            return True
    return False


def _figure_at(inj: Injection) -> Figure:
    """The changed figure as the finders read it in the altered sentence (its own value, not the old one)."""
    s0, s1 = inj.sentence
    for f in figures_of(inj.article.text[s0:s1], inj.article.published):
        if s0 + f.start <= inj.start < s0 + f.end:
            return f
    return Figure("", inj.start - s0, inj.end - s0, inj.new_text, ("text", inj.new_text))


def outcome(story: Story, c: Candidate, inj: Injection, kept_article: Article) -> dict[str, Any]:
    """Detected / labelled / leaked for the altered story (see the module docstring)."""
    arts = {kept_article.id: kept_article, inj.article.id: inj.article}
    k_start, _ = _sentence(kept_article, c.kept)
    kept_span = (k_start + c.kept_figure.start, k_start + c.kept_figure.end)
    alt_span = (inj.start, inj.end)
    new_fig = _figure_at(inj)
    detected = labelled = False
    naming: list[Conflict] = []
    hit: Conflict | None = None
    for conflict in story.conflicts:
        alt_vals = [v for v in conflict.values if _holds(v.evidence, inj.article.id, alt_span, arts)]
        if alt_vals:
            naming.append(conflict)
        kept_vals = [v for v in conflict.values if _holds(v.evidence, kept_article.id, kept_span, arts)]
        pairs = [(k, a) for k in kept_vals for a in alt_vals if k is not a]
        if pairs:
            detected = True
            hit = hit or conflict
            if any(_mentions(k.value, c.kept_figure) and _mentions(a.value, new_fig) and not _mentions(a.value, c.kept_figure) for k, a in pairs):
                labelled = True
                hit = conflict
    leaked = False
    leak_claim = None
    if not naming:
        for claim in story.claims:
            if claim.support < 2 or not _holds(claim.evidence, inj.article.id, alt_span, arts):
                continue
            if any(f.key == c.key for e in claim.evidence for f in figures_of(e.text)):
                leaked, leak_claim = True, claim.id
                break
    return {
        "detected": detected, "labelled": labelled, "leaked": leaked, "named_in_conflicts": len(naming),
        "conflict": None if hit is None else {"id": hit.id, "kind": hit.kind, "about": hit.about, "values": [v.value for v in hit.values]},
        "leak_claim": leak_claim,
    }


# -- the benchmark ---------------------------------------------------------------------------
def bench_conflicts(
    data: Path,
    predictions: Path | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    seed: int = 0,
    per_event: int = 3,
    events: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Inject changed figures into each gold event and measure recall, leaks and untouched conflicts."""
    settings = settings or config.settings()
    loaded = load_events(Path(data), settings)
    if events is not None:
        loaded = [(e, items) for e, items in loaded if e in set(events)]
    per_kind: dict[str, Counter] = defaultdict(Counter)
    skipped: Counter = Counter()
    untouched: Counter = Counter()
    rows: list[dict[str, Any]] = []
    timing: list[dict[str, Any]] = []
    out: dict[str, Any] = {"data": str(data), "seed": seed, "per_event": per_event, "stories": len(loaded), "articles": 0}
    total = 0.0
    for event, items in loaded:
        t0 = time.perf_counter()
        raws = {a.id: r for r, a in items}
        articles = [a for _, a in items]
        out["articles"] += len(articles)
        base = derive_story(event, articles, settings)
        untouched.update(c.kind for c in base.conflicts)
        if predictions is not None:
            for c in story_to_dict(base)["conflicts"]:
                rows.append({"event": event, "type": "conflict", "altered": False, **c})
        cands = candidates(base, articles)
        for c in cands:
            per_kind[c.kind]["candidates"] += 1
        rng = random.Random(f"{seed}:{event}")
        chosen = pick(cands, per_event, rng)
        by_id = {a.id: a for a in articles}
        made = 0
        for c in chosen:
            inj = inject(raws[c.altered.article_id], by_id[c.altered.article_id], c, settings["clean"])
            if isinstance(inj, str):
                skipped[inj] += 1
                per_kind[c.kind]["skipped"] += 1
                continue
            made += 1
            altered_articles = [inj.article if a.id == inj.article.id else a for a in articles]
            story = derive_story(event, altered_articles, settings)
            res = outcome(story, c, inj, by_id[c.kept.article_id])
            k = per_kind[c.kind]
            k["injections"] += 1
            k["detected"] += res["detected"]
            k["labelled"] += res["labelled"]
            k["leaked"] += res["leaked"]
            if predictions is not None:
                rows.append({
                    "event": event, "type": "injection", "kind": c.kind, "claim_id": c.claim_id,
                    "original": c.altered_figure.text, "new": inj.new_text,
                    "kept": {"article_id": c.kept.article_id, "sentence_id": c.kept.sentence_id, "text": c.kept.text},
                    "altered": {"article_id": inj.article.id, "text": inj.article.text[inj.sentence[0] : inj.sentence[1]]},
                    **res,
                })
        seconds = time.perf_counter() - t0
        total += seconds
        timing.append({"event": event, "articles": len(articles), "candidates": len(cands), "injections": made, "seconds": round(seconds, 2)})
        if progress:
            progress(f"event {event}: {len(articles)} articles, {len(cands)} candidates, {made} injections, {seconds:.1f} s")
    inj_total = sum(k["injections"] for k in per_kind.values())
    sums = {f: sum(k[f] for k in per_kind.values()) for f in ("candidates", "injections", "detected", "labelled", "leaked")}
    out.update(sums)
    out["recall"] = sums["detected"] / inj_total if inj_total else None
    out["recall_labelled"] = sums["labelled"] / inj_total if inj_total else None
    out["leak_rate"] = sums["leaked"] / inj_total if inj_total else None
    out["by_kind"] = {k: dict(per_kind[k]) for k in KINDS if k in per_kind}
    out["skipped"] = dict(sorted(skipped.items()))
    out["untouched_conflicts"] = sum(untouched.values())
    out["untouched_conflicts_by_kind"] = dict(sorted(untouched.items()))
    out["events"] = timing
    out["seconds"] = total
    if predictions is not None:
        with Path(predictions).open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return out


def _rate(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_figures(f: dict[str, Any]) -> str:
    lines = [
        f"{f['data']}: {f['stories']} stories from gold events, {f['articles']} articles; seed {f['seed']}, up to {f['per_event']} per event",
        f"  injections: {f['injections']} of {f['candidates']} candidates"
        + (f" (skipped: {', '.join(f'{k} {v}' for k, v in f['skipped'].items())})" if f["skipped"] else ""),
        f"  recall: {_rate(f['recall'])} ({f['detected']}/{f['injections']}); with both figures named: "
        f"{_rate(f['recall_labelled'])} ({f['labelled']}/{f['injections']})",
        f"  leak rate: {_rate(f['leak_rate'])} ({f['leaked']}/{f['injections']})",
    ]
    for kind, k in f["by_kind"].items():
        n = k.get("injections", 0)
        lines.append(
            f"    {kind:<10} candidates {k.get('candidates', 0):>4}  injections {n:>3}  detected {k.get('detected', 0):>3}"
            f"  labelled {k.get('labelled', 0):>3}  leaked {k.get('leaked', 0):>3}"
        )
    lines.append(
        f"  conflicts on untouched events: {f['untouched_conflicts']} "
        f"({', '.join(f'{k} {v}' for k, v in f['untouched_conflicts_by_kind'].items()) or 'none'})"
    )
    slow = max(f["events"], key=lambda e: e["seconds"], default=None)
    per = f["seconds"] / len(f["events"]) if f["events"] else 0.0
    lines.append(f"  {f['seconds']:.1f} s, {per:.1f} s per event" + (f" (slowest {slow['event']}: {slow['seconds']} s)" if slow else ""))
    return "\n".join(lines)


def save(figures: dict[str, Any], results: Path | None = None) -> Path:
    """Store the figures as ``benchmarks/results/<date>-conflicts-<data file>.json`` (the checkout's, by default)."""
    import datetime as dt

    results = results or Path(__file__).resolve().parents[3] / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    path = results / f"{now:%Y-%m-%d}-conflicts-{Path(figures['data']).stem}.json"
    doc = {"benchmark": "conflicts", "date": now.isoformat(timespec="seconds"), **figures}
    path.write_text(json.dumps(doc, indent=2) + "\n", "utf-8")
    return path
