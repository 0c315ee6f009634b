"""Benchmark: who said what. Speakers of quotes and reported statements against hand labels.

The labels (``benchmarks/data/speakers.jsonl``) are one JSON object per line::

    {"set": "newswcl50" | "seeds", "article": ARTICLE_ID, "start": INT, "end": INT,
     "text": "the statement as written", "gold_speaker": "Full Name" | null,
     "kind": "quote" | "reported", "aliases": ["Other acceptable name", ...],
     "missed": true}

(``aliases`` and ``missed`` optional: ``aliases`` where two names are equally right,
"KCNA" for "Korean Central News Agency", or the outlet that relays a wire's words;
``missed`` marks a statement the extractor did not find when the labels were made.)

``start``/``end`` are character offsets into the article's *cleaned* text (what
``clean.clean`` makes of the NewsWCL50 record ``text`` or the seed file), ``text``
is that span (a check that the offsets still fit; the statement is found again by
its text when cleaning moved it). ``gold_speaker`` is the person or organisation the
text itself says spoke, with the fullest name the story gives; null when the text
does not say who (an unnamed source, a pronoun with no single antecedent, an
outlet's own sentence). Every quote and reported statement the extractor found on
NewsWCL50 events 0-6 and the five seeds was read in context and labelled by hand;
labels are judgement, never the system's output copied.

Scores, with speaker names compared by a normalised key (``name_matches``:
"Zelensky" = "Volodymyr Zelenskyy", "Trump" = "Donald Trump"; an unmatched
surname or a different given name is a miss):

* ``precision``: of labelled statements the system gave a speaker, the share whose
  speaker is the gold one (a speaker where gold says none counts as wrong);
* ``coverage``: of labelled statements with a gold speaker, the share given the right one;
* ``speaker_where_none``: statements given a speaker where gold says none.

Labelled statements the system did not extract (no statement overlaps the span, or
the overlapping one is typed fact/quantity/date) count as no speaker.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Mapping, Sequence

from .. import config
from ..claims.extract import Statement
from ..claims.story import extract_story_statements
from ..claims.names import TITLES, name_key
from ..errors import InputError
from ..features.text import fold
from ..model import Article
from ._data import read_records

DEFAULT_NEWSWCL50 = Path("../shared/data/newswcl50/events-0-6.jsonl")
DEFAULT_SEEDS = Path("examples/seeds")


def story_statements(
    articles: Sequence[Article], settings: Mapping[str, Mapping[str, Any]]
) -> list[Statement]:
    """Statements of one story's articles as ``claims.story.story_claims`` extracts them."""
    return extract_story_statements(articles, settings)[1]


def load_sets(newswcl50: Path, seeds: Path, settings: Mapping[str, Mapping[str, Any]]) -> dict[str, list[list[Article]]]:
    """{"newswcl50": stories (one per gold event), "seeds": [the five seeds]} as cleaned articles."""
    from ..clean import clean
    from ..ingest import read_inputs
    from ..model import Rejection, RawDoc

    for path, what in ((newswcl50, "NewsWCL50 events file"), (seeds, "seed folder")):
        if not Path(path).exists():
            raise InputError(str(path), f"{what} not found (the speaker labels point into it; pass its path)")
    events: dict[str, list[Article]] = defaultdict(list)
    for n, r in enumerate(read_records(newswcl50), 1):
        raw = RawDoc(id=str(r["id"]), text=r["text"], origin=f"{newswcl50}:{n}", title=r.get("title"),
                     source=r.get("source"), published=r.get("published"), format="jsonl")
        events[str(r.get("event", "all"))].append(clean(raw, settings["clean"]))
    seed_articles: list[Article] = []
    for item in read_inputs([str(seeds)], settings["ingest"]):
        if isinstance(item, Rejection):
            raise InputError(item.origin, item.reason)
        seed_articles.append(clean(item, settings["clean"]))
    return {"newswcl50": [events[k] for k in sorted(events)], "seeds": [seed_articles]}


def _keys(name: str) -> list[str]:
    words = [re.sub(r"['’]s?$", "", w) for w in name.split()]
    return [k for k in (name_key(w) for w in words) if k]


def name_matches(predicted: str | None, gold: str | None, aliases: Sequence[str] = ()) -> bool:
    """Does the predicted speaker name the gold one (or one of its ``aliases``)?

    Names are compared by transliteration keys of their words: equal keys; a one-word
    prediction equal to the gold surname ("Zelenskyy" / "Volodymyr Zelensky"); two
    multiword names with the same surname and given-name initial ("Donald J. Trump");
    or the gold name after a title ("Labour MP David Lammy"). A name with other words
    in front ("United States Donald Trump", "James Comey Memos") does not match.
    """
    if predicted is None or gold is None:
        return predicted is None and gold is None
    p = _keys(predicted)
    if not p:
        return False
    for g in (gold, *aliases):
        gk = _keys(g)
        if not gk:
            continue
        if p == gk or (len(p) == 1 and p[0] == gk[-1]):
            return True
        if len(p) > 1 and len(gk) > 1 and p[-1] == gk[-1] and p[0][:1] == gk[0][:1]:
            return True
        if len(p) > len(gk) and p[-len(gk):] == gk:
            extra = predicted.split()[: len(predicted.split()) - len(g.split())]
            if extra and fold(extra[-1]).replace(".", "") in TITLES:
                return True
    return False


def read_labels(path: Path) -> list[dict[str, Any]]:
    if not Path(path).is_file():
        raise InputError(str(path), "speaker labels not found (expected benchmarks/data/speakers.jsonl)")
    return read_records(path, required=("set", "article", "start", "end", "text", "gold_speaker"))


def _locate(label: dict[str, Any], text: str) -> tuple[int, int]:
    """The label's span in the cleaned text: its offsets when they still hold, else its text found."""
    s, e = int(label["start"]), int(label["end"])
    if text[s:e] == label["text"]:
        return s, e
    k = text.find(label["text"])
    return (k, k + len(label["text"])) if k >= 0 else (s, e)


def bench_speakers(
    data: Path,
    newswcl50: Path = DEFAULT_NEWSWCL50,
    seeds: Path = DEFAULT_SEEDS,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    rows_out: list | None = None,
) -> dict[str, Any]:
    """Speaker precision, coverage and speakers-where-none on the labelled statements (see module docstring)."""
    settings = settings or config.settings()
    labels = read_labels(Path(data))
    sets = load_sets(Path(newswcl50), Path(seeds), settings)
    statements: dict[str, list[Statement]] = defaultdict(list)
    texts: dict[str, str] = {}
    for name, stories in sets.items():
        for arts in stories:
            for a in arts:
                texts[f"{name}/{a.id}"] = a.text
            for s in story_statements(arts, settings):
                statements[f"{name}/{s.article_id}"].append(s)
    given = right = gold_named = covered = where_none = unlocated = 0
    for lab in labels:
        key = f"{lab['set']}/{lab['article']}"
        if key not in texts:
            raise InputError(str(data), f"label for unknown article {key}")
        s0, e0 = _locate(lab, texts[key])
        best, best_ov = None, 0
        for st in statements[key]:
            ov = min(e0, st.end) - max(s0, st.start)
            if ov > best_ov and st.kind in ("quote", "reported"):
                best, best_ov = st, ov
        speaker = best.speaker if best is not None else None
        gold = lab["gold_speaker"]
        ok = name_matches(speaker, gold, lab.get("aliases", ())) if speaker is not None else False
        if speaker is not None:
            given += 1
            right += ok
            where_none += gold is None
        if gold is not None:
            gold_named += 1
            covered += ok
        unlocated += best is None
        if rows_out is not None:
            rows_out.append({**lab, "predicted": speaker, "ok": ok if speaker is not None else None,
                             "speaker_text": best.speaker_text if best else None})
    return {
        "data": str(data), "labels": len(labels), "given": given, "right": right,
        "precision": right / given if given else 0.0,
        "gold_named": gold_named, "covered": covered, "coverage": covered / gold_named if gold_named else 0.0,
        "speaker_where_none": where_none, "not_extracted": unlocated,
    }


def write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    """Each label with its predicted speaker, one JSON line each (for reading the misses)."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def format_figures(f: dict[str, Any]) -> str:
    return "\n".join([
        f"{f['data']}: {f['labels']} labelled quotes and reported statements",
        f"  precision {f['precision']:.3f} ({f['right']}/{f['given']} given a speaker have the right one)",
        f"  coverage  {f['coverage']:.3f} ({f['covered']}/{f['gold_named']} with a gold speaker got it)",
        f"  given a speaker where gold says none: {f['speaker_where_none']}; not extracted as quote/reported: {f['not_extracted']}",
    ])
