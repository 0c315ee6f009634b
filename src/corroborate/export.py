"""``corroborate export``: stories, claims and sources (articles) as flat CSV and JSONL tables.

One file per table and format (``stories.csv``, ``claims.jsonl``, ...), UTF-8,
one row per story / claim / story member. The columns (``COLUMNS``) are
documented in README.md ("Export"). CSV is RFC 4180 (the ``csv`` module:
fields quoted when needed, CRLF line ends); a text cell that a spreadsheet would
run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) gets a leading apostrophe. JSONL keeps the values as they are (lists
as lists); in CSV a list is joined with ``"; "``. Each file is written whole to
a temporary name and then moved into place.

Reads the store only (``story``, ``articles``, ``summaries``); imports no analysis code.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .outlets import Outlets, match_how

FORMATS = ("csv", "jsonl")
TABLES = ("stories", "claims", "sources")
COLUMNS: dict[str, tuple[str, ...]] = {
    "stories": (
        "story_id", "title", "n_articles", "n_independent", "n_claims", "n_conflicts",
        "first_published", "last_published", "updated_at", "article_ids", "brief",
    ),
    "claims": (
        "claim_id", "story_id", "kind", "text", "speaker", "support", "independent_support",
        "date", "origin", "article_ids", "in_conflict",
    ),
    "sources": (
        "article_id", "story_id", "number", "independent_group", "title", "source", "outlet", "url",
        "published", "language", "quality", "inferred", "origin", "content_hash", "text",
    ),
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A CSV cell: a text starting like a spreadsheet formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def rows(store: Any, story_ids: Sequence[str], outlets: Outlets | None = None) -> dict[str, list[dict[str, Any]]]:
    """The three tables' rows for these stories (in the given order)."""
    summaries = {s.id: s for s in store.summaries(story_ids)}
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for sid in story_ids:
        story = store.story(sid)
        if story is None or sid not in summaries:
            continue
        s = summaries[sid]
        out["stories"].append({
            "story_id": sid, "title": story.title, "n_articles": s.n_articles, "n_independent": s.n_independent,
            "n_claims": s.n_claims, "n_conflicts": s.n_conflicts, "first_published": s.first_published,
            "last_published": s.last_published, "updated_at": s.updated_at, "article_ids": list(story.article_ids),
            "brief": " ".join(b.text for b in story.brief),
        })
        disputed = {c for k in story.conflicts for c in k.claim_ids}
        for c in story.claims:
            out["claims"].append({
                "claim_id": c.id, "story_id": sid, "kind": c.kind, "text": c.text, "speaker": c.speaker,
                "support": c.support, "independent_support": c.independent_support, "date": c.date, "origin": c.origin,
                "article_ids": list(dict.fromkeys(e.article_id for e in c.evidence)), "in_conflict": c.id in disputed,
            })
        group = {a: n for n, g in enumerate(story.independent_groups or [[a] for a in story.article_ids], 1) for a in g}
        number = dict(story.citations) or {a: n for n, a in enumerate(story.article_ids, 1)}  # the report's [n]
        for a in sorted(store.articles(list(story.article_ids)), key=lambda a: number.get(a.id, 0)):
            found = match_how(a, outlets) if outlets is not None else None
            out["sources"].append({
                "article_id": a.id, "story_id": sid, "number": number.get(a.id), "independent_group": group.get(a.id),
                "title": a.title, "source": a.source, "outlet": found[0].name if found else None, "url": a.url,
                "published": a.published, "language": a.language, "quality": round(a.quality.score, 3),
                "inferred": [f for f, _ in a.inferred], "origin": a.origin, "content_hash": a.content_hash, "text": a.text,
            })
    return out


def write(tables: dict[str, list[dict[str, Any]]], out_dir: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write ``<table>.<fmt>`` for each table and format into ``out_dir``; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in dict.fromkeys(formats):
        for table in TABLES:
            target = out_dir / f"{table}.{fmt}"
            tmp = target.with_name(target.name + ".tmp")
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                if fmt == "csv":
                    w = csv.writer(fh)  # excel dialect: RFC 4180 quoting, CRLF
                    w.writerow(COLUMNS[table])
                    w.writerows([_cell(r.get(k)) for k in COLUMNS[table]] for r in tables[table])
                elif fmt == "jsonl":
                    for line in _jsonl(tables[table], COLUMNS[table]):
                        fh.write(line)
                else:
                    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
            tmp.replace(target)
            written.append(target)
    return written


def _jsonl(items: list[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    for r in items:
        yield json.dumps({k: r.get(k) for k in columns}, ensure_ascii=False) + "\n"
