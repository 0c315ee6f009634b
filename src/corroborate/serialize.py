"""Records <-> plain dicts in the shape of the report contract.

``docs/report-schema.md`` documents the shape; the store keeps a story's
derived data in the same shape, so what is stored is what is reported.
"""

from __future__ import annotations

from typing import Any

from .model import (
    REPORT_SCHEMA,
    Article,
    BriefSentence,
    Claim,
    Conflict,
    ConflictValue,
    Entity,
    Evidence,
    Provenance,
    Quality,
    Removed,
    Sentence,
    SentencePair,
    Story,
    Update,
)


def article_to_dict(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "source": a.source,
        "url": a.url,
        "published": a.published,
        "language": a.language,
        "author": a.author,
        "origin": a.origin,
        "sentences": [{"id": s.id, "text": s.text, "start": s.start, "end": s.end} for s in a.sentences],
        "removed": [{"text": r.text, "reason": r.reason, "at": r.at} for r in a.removed],
        "quality": {"score": round(a.quality.score, 3), "reasons": list(a.quality.reasons)},
        # metadata read from the text, not given by the input: field -> why ("outlet credit line")
        "inferred": dict(a.inferred),
    }


def inferred_from(d: dict[str, str] | list[list[str]] | None) -> tuple[tuple[str, str], ...]:
    """``Article.inferred`` from its report shape (``{field: reason}``); None or absent (older data) is ``()``."""
    items = d.items() if isinstance(d, dict) else (d or ())
    return tuple((str(k), str(v)) for k, v in items)


def _evidence(e: Evidence) -> dict[str, Any]:
    d: dict[str, Any] = {"article_id": e.article_id, "sentence_id": e.sentence_id, "text": e.text}
    if e.start is not None:
        d["start"], d["end"] = e.start, e.end
    return d


def story_to_dict(s: Story) -> dict[str, Any]:
    d = _story_dict(s)
    if s.notes:  # only when a work cap cut something (claims/limits.py)
        d["notes"] = list(s.notes)
    return d


def _story_dict(s: Story) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "article_ids": list(s.article_ids),
        "provenance": [
            {
                "source_id": p.source_id,
                "derived_id": p.derived_id,
                "relation": p.relation,
                "similarity": round(p.similarity, 4),
                "directed": p.directed,
                "pairs": [
                    {
                        "source_sentence": q.source_sentence,
                        "derived_sentence": q.derived_sentence,
                        "similarity": round(q.similarity, 4),
                    }
                    for q in p.pairs
                ],
            }
            for p in s.provenance
        ],
        "independent_groups": [list(g) for g in s.independent_groups],
        "entities": [
            {"id": e.id, "name": e.name, "kind": e.kind, "variants": list(e.variants), "article_ids": list(e.article_ids)}
            for e in s.entities
        ],
        "claims": [
            {
                "id": c.id,
                "text": c.text,
                "kind": c.kind,
                "speaker": c.speaker,
                "evidence": [_evidence(e) for e in c.evidence],
                "support": c.support,
                "independent_support": c.independent_support,
                "entity_ids": list(c.entity_ids),
                "date": c.date,
                "origin": c.origin,
            }
            for c in s.claims
        ],
        "conflicts": [
            {
                "id": c.id,
                "about": c.about,
                "kind": c.kind,
                "claim_ids": list(c.claim_ids),
                "values": [_value(v) for v in c.values],
            }
            for c in s.conflicts
        ],
        "updates": [
            {
                "id": u.id,
                "about": u.about,
                "steps": [_value(v) for v in u.steps],
            }
            for u in s.updates
        ],
        "unique": {article_id: list(claim_ids) for article_id, claim_ids in s.unique},
        "brief": [{"text": b.text, "claim_ids": list(b.claim_ids), "article_ids": list(b.article_ids)} for b in s.brief],
        # article id -> citation number ([1], [2]...): stable across derives (stages.number_sources)
        "citations": dict(s.citations) or {a: n for n, a in enumerate(s.article_ids, 1)},
    }


def _value(v: ConflictValue) -> dict[str, Any]:
    d: dict[str, Any] = {"value": v.value, "evidence": [_evidence(e) for e in v.evidence]}
    if v.note:
        d["note"] = v.note
    return d


def _value_from(d: dict[str, Any]) -> ConflictValue:
    return ConflictValue(d["value"], tuple(_evidence_from(e) for e in d["evidence"]), d.get("note"))


def _evidence_from(d: dict[str, Any]) -> Evidence:
    return Evidence(d["article_id"], d["sentence_id"], d["text"], d.get("start"), d.get("end"))


def story_from_dict(d: dict[str, Any]) -> Story:
    return Story(
        id=d["id"],
        title=d["title"],
        article_ids=tuple(d["article_ids"]),
        provenance=tuple(
            Provenance(
                p["source_id"],
                p["derived_id"],
                p["relation"],
                p["similarity"],
                tuple(SentencePair(q["source_sentence"], q["derived_sentence"], q.get("similarity", 0.0)) for q in p["pairs"]),
                p.get("directed", False),
            )
            for p in d.get("provenance", ())
        ),
        independent_groups=tuple(tuple(g) for g in d.get("independent_groups", ())),
        entities=tuple(
            Entity(e["id"], e["name"], e["kind"], tuple(e["variants"]), tuple(e["article_ids"])) for e in d.get("entities", ())
        ),
        claims=tuple(
            Claim(
                c["id"],
                c["text"],
                c["kind"],
                c.get("speaker"),
                tuple(_evidence_from(e) for e in c["evidence"]),
                c.get("support", 0),
                c.get("independent_support", 0),
                tuple(c.get("entity_ids", ())),
                c.get("date"),
                c.get("origin"),
            )
            for c in d.get("claims", ())
        ),
        conflicts=tuple(
            Conflict(
                c["id"],
                c["about"],
                tuple(_value_from(v) for v in c["values"]),
                c.get("kind", ""),
                tuple(c.get("claim_ids", ())),
            )
            for c in d.get("conflicts", ())
        ),
        updates=tuple(
            Update(
                u["id"],
                u["about"],
                tuple(_value_from(v) for v in u["steps"]),
            )
            for u in d.get("updates", ())
        ),
        unique=tuple((k, tuple(v)) for k, v in d.get("unique", {}).items()),
        brief=tuple(BriefSentence(b["text"], tuple(b["claim_ids"]), tuple(b["article_ids"])) for b in d.get("brief", ())),
        notes=tuple(d.get("notes", ())),
        citations=tuple(sorted(((str(a), int(n)) for a, n in (d.get("citations") or {}).items()), key=lambda x: x[1])),
    )


def report(articles: list[Article], stories: list[Story], **extra: Any) -> dict[str, Any]:
    """The whole report document (``corroborate.report/1``)."""
    doc: dict[str, Any] = {"schema": REPORT_SCHEMA}
    doc.update(extra)
    doc["articles"] = [article_to_dict(a) for a in articles]
    doc["stories"] = [story_to_dict(s) for s in stories]
    return doc


def sentences_from_offsets(text: str, offsets: list[list[int]]) -> tuple[Sentence, ...]:
    return tuple(Sentence(i, text[s:e], s, e) for i, (s, e) in enumerate(offsets))


def quality_from(score: float, reasons: list[str]) -> Quality:
    return Quality(score, tuple(reasons))


def removed_from(items: list[dict[str, str]]) -> tuple[Removed, ...]:
    return tuple(Removed(r["text"], r["reason"], r.get("at")) for r in items)
