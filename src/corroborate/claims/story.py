"""A story's claims, end to end: entities -> statements -> aligned claims ->
corroboration, conflicts, updates and unique details.

``story_claims(articles, groups, **settings)`` reads a story's cleaned
articles and its independence groups (``relate.independent_groups``) and
returns ``StoryClaims`` with the report contract's ``entities``, ``claims``,
``conflicts``, ``updates`` and ``unique``:

* a claim's ``text`` is the best-edited article's own sentence (never a
  paraphrase); its ``evidence`` lists every sentence that states it;
* ``support`` counts the articles carrying it, ``independent_support`` the
  independence groups (copies and rewrites of one text count once);
* a quote that two or more independent outlets take from the same post or
  statement gets ``origin`` ("a post on X by Andrii Sybiha"): one origin,
  however many outlets report it;
* ``unique`` maps each article to the claims no other article carries;
* an article in a language the claims steps do not support (``languages.py``)
  is left out, and ``notes`` says so for that article.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from ..model import Article, Claim, Conflict, Entity, Evidence, Provenance, Update
from .align import Embed, align, pair_scores
from .conflicts import evidence, find_conflicts, find_post_day_conflicts, find_updates
from .entities import EntityIndex, Resolution, resolve
from .extract import Statement, extract_statements
from .languages import split_for_claims
from ..brief.style import caption
from .speakers import speaker_context

_KIND_ORDER = {"quote": 0, "reported": 1, "quantity": 2, "date": 3, "fact": 4}
_MEDIUM_PHRASE = {"X": "a post on X", "Telegram": "a Telegram post", "Facebook": "a Facebook post",
                  "Instagram": "an Instagram post", "TikTok": "a TikTok video", "YouTube": "a YouTube video"}


@dataclass(frozen=True, slots=True)
class StoryClaims:
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...]
    updates: tuple[Update, ...]
    unique: tuple[tuple[str, tuple[str, ...]], ...]
    statements: tuple[Statement, ...] = ()  # for callers that want the per-sentence view
    notes: tuple[str, ...] = ()  # what a work cap cut (entities' ``max_name_block``), for the story's notes


def claim_id(s: Statement) -> str:
    """Stable claim id from its representative sentence."""
    return "cl-" + hashlib.blake2b(f"{s.article_id}\x00{s.sentence_id}\x00{s.start}".encode(), digest_size=5).hexdigest()


_QUOTE_MARKS = re.compile(r"[“”\"]")
_LEADING_PRONOUN = re.compile(r"^(?:He|She|They|It|This|That|These|Those|His|Her|Their)\b")


def _balanced(s: Statement) -> bool:
    """Its quotation marks pair up (not the tail of a quote the previous sentence opened)."""
    return len(_QUOTE_MARKS.findall(s.text)) % 2 == 0


def _representative(members: list[Statement], order: dict[str, int]) -> Statement:
    """The best-edited article's sentence, preferring one whose quotation marks pair up, then
    one not opening on a pronoun ("He added ..."), a quote's wording on ties; earliest article next."""
    return max(members, key=lambda s: (round(s.quality, 1), _balanced(s), not _LEADING_PRONOUN.match(s.text),
                                       s.kind == "quote", -order[s.article_id], -s.start))


def _speaker(members: list[Statement]) -> str | None:
    named = Counter(s.speaker for s in members if s.speaker and s.speaker_id and s.speaker_explicit)
    if not named:
        named = Counter(s.speaker for s in members if s.speaker and s.speaker_id)
    if not named:
        named = Counter(s.speaker for s in members if s.speaker)
    return named.most_common(1)[0][0] if named else None


def _date(members: list[Statement]) -> str | None:
    """The one day the members agree on (explicit dates first), else None."""
    explicit = {t.date for s in members for t in s.times if t.kind == "date" and t.date}
    explicit |= {s.post_date for s in members if s.post_date}
    if len(explicit) == 1:
        return next(iter(explicit))
    inferred = {t.date for s in members for t in s.times if t.kind in ("weekday", "relative") and t.date}
    return next(iter(inferred)) if not explicit and len(inferred) == 1 else None


def _origin(members: list[Statement], speaker: str | None, group_of: dict[str, int]) -> str | None:
    """The one outside text that quotes from two or more independence groups take ("a post on X by ...")."""
    quotes = [s for s in members if s.kind == "quote"]
    if len({group_of.get(s.article_id, s.article_id) for s in quotes}) < 2:
        return None
    media = Counter(s.medium for s in quotes if s.medium)
    if not media:
        return None
    medium = media.most_common(1)[0][0]
    phrase = _MEDIUM_PHRASE.get(medium, medium)
    return f"{phrase} by {speaker}" if speaker else phrase


def _add_provenance_pairs(
    scores: dict[tuple[int, int], float], statements: Sequence[Statement], links: Sequence[Provenance], threshold: float
) -> None:
    """Sentences that provenance aligned (a rewrite's or translation's counterpart) score at least ``threshold``.

    Provenance aligns sentences with the whole two articles in view (order,
    neighbours), which finds a garbled translation's sentence where the
    story-wide lexical score alone is too weak.
    """
    at: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        at[(s.article_id, s.sentence_id)].append(i)
    for link in links:
        for pair in link.pairs:
            for i in at.get((link.source_id, pair.source_sentence), ()):
                for j in at.get((link.derived_id, pair.derived_sentence), ()):
                    key = (min(i, j), max(i, j))
                    scores[key] = max(scores.get(key, 0.0), threshold)


def extract_story_statements(
    articles: Sequence[Article], settings: Mapping[str, Mapping[str, Any]]
) -> tuple[Resolution, list[Statement]]:
    """The story's entities (``entities.resolve`` over all its articles) and every article's
    statements with their slots and speakers: the first half of ``story_claims``, public for
    the benchmarks that judge statements (speakers, pair alignment). An article in a language
    the claims steps do not support (``languages.SUPPORTED``) is left out."""
    cfg = settings["claims"]
    articles, _ = split_for_claims(articles)
    resolution = resolve([(a.id, a.text) for a in articles], settings=settings)
    index = EntityIndex(resolution.entities, settings=settings)
    by_article: dict[str, list] = defaultdict(list)
    for aid, mention, eid in resolution.mentions:
        by_article[aid].append((mention, eid))
    speakers = speaker_context(resolution, articles,
                               surname_dominance=float(settings["entities"]["speaker_surname_dominance"]))
    statements: list[Statement] = []
    for a in articles:
        statements.extend(extract_statements(a, by_article[a.id], index, min_words=int(cfg["min_words"]),
                                             speakers=speakers, min_cover=float(cfg["attribution_cover"]),
                                             attribution=settings["attribution"]))
    return resolution, statements


def story_claims(
    articles: Sequence[Article],
    groups: Sequence[Sequence[str]] = (),
    links: Sequence[Provenance] = (),
    *,
    settings: Mapping[str, Mapping[str, Any]],
    embed: Embed | None = None,
) -> StoryClaims:
    """Entities, claims, conflicts, updates and unique details of one story (see module docstring).

    ``settings`` is the whole settings mapping built at the edge
    (``config.settings()``): this stage reads its ``[claims]``, ``[entities]``
    and ``[attribution]`` sections. ``embed`` optionally blends sentence
    embeddings into the alignment score.
    """
    cfg = settings["claims"]
    align_threshold, link_threshold = float(cfg["align_threshold"]), float(cfg["link_threshold"])
    if embed is not None:  # the blended score runs higher: its own thresholds
        align_threshold, link_threshold = float(cfg["embed_align_threshold"]), float(cfg["embed_link_threshold"])
    order = {a.id: k for k, a in enumerate(articles)}
    # an article in a language the claims steps do not read gives no entities, statements or
    # claims (never wrong ones): the story's notes name it and the language
    _, language_notes = split_for_claims(articles)
    resolution, statements = extract_story_statements(articles, settings)

    scores = pair_scores(statements, floor=float(cfg["candidate_floor"]), entity_weight=float(cfg["entity_weight"]),
                         number_weight=float(cfg["number_weight"]), embed=embed, embed_weight=float(cfg["embed_weight"]))
    _add_provenance_pairs(scores, statements, links, align_threshold)
    # a photo caption ("President Trump and Prime Minister Theresa May of Britain at the White House
    # in 2017.", the brief's own rule) states no fact of the article's own: it supports no claim
    captions = {i for i, s in enumerate(statements) if caption(s.text)}
    for pair in [p for p in scores if p[0] in captions or p[1] in captions]:
        del scores[pair]
    blocked: set[tuple[int, int]] = set()
    limits = {k: float(cfg[k]) for k in ("conflict_score", "day_conflict_score", "conflict_local", "day_conflict_local",
                                          "conflict_local_floor", "conflict_window", "quote_overlap",
                                          "report_day_copy", "clock_slack", "cue_scope", "shared_content", "slot_verb_chars")}
    clusters = align(statements, threshold=align_threshold, link_threshold=link_threshold, scores=scores,
                     blocked=blocked, limits=limits)

    group_of = {aid: k for k, g in enumerate(groups) for aid in g}
    built: list[tuple[tuple, Claim, list[int]]] = []
    for cluster in clusters:
        members = [statements[i] for i in cluster]
        rep = _representative(members, order)
        speaker = rep.speaker or _speaker(members)  # the claim text is rep's sentence: its speaker first
        arts = {s.article_id for s in members}
        n_groups = len({group_of.get(a, a) for a in arts})
        members_sorted = sorted(members, key=lambda s: (order[s.article_id], s.start))
        claim = Claim(
            id=claim_id(rep),
            text=rep.text,
            # the representative's own kind: an outlet's sentence stays the outlet's, even when
            # other members quote someone saying the same (never a made-up quote)
            kind=rep.kind if rep.kind in ("quote", "reported") else min(
                (s.kind for s in members if s.kind not in ("quote", "reported")), key=_KIND_ORDER.get),
            # the representative sentence's own speaker first: the claim text is that sentence
            speaker=speaker if rep.kind in ("quote", "reported") else None,
            evidence=tuple(evidence(s) for s in members_sorted),
            support=len(arts),
            independent_support=n_groups,
            entity_ids=tuple(sorted({e for s in members for e in s.entity_ids})),
            date=_date(members),
            origin=_origin(members, speaker, group_of) if rep.kind == "quote" else None,
        )
        first = min((order[s.article_id], s.start) for s in members)
        built.append(((-n_groups, -len(arts), first), claim, cluster))
    built.sort(key=lambda t: t[0])
    claims = tuple(c for _, c, _ in built)
    ordered_clusters = [cl for _, _, cl in built]

    conflicts = find_conflicts(ordered_clusters, statements, [c.id for c in claims], scores, blocked, limits)
    claim_of = {i: c.id for c, cl in zip(claims, ordered_clusters) for i in cl}
    index_of = {(s.article_id, s.start): i for i, s in enumerate(statements)}
    for conflict in find_post_day_conflicts(statements, float(cfg["post_day_related"]), int(cfg["post_day_window"])):
        ids = tuple(dict.fromkeys(
            claim_of[index_of[(e.article_id, e.start)]] for v in conflict.values for e in v.evidence
            if (e.article_id, e.start) in index_of
        ))
        conflicts.append(replace(conflict, claim_ids=ids))
    updates = find_updates(statements, resolution.entities)
    unique: dict[str, list[str]] = {a.id: [] for a in articles}
    for c in claims:
        if c.support == 1:
            unique[c.evidence[0].article_id].append(c.id)
    return StoryClaims(
        entities=tuple(resolution.entities),
        claims=claims,
        conflicts=tuple(conflicts),
        updates=tuple(updates),
        unique=tuple((aid, tuple(ids)) for aid, ids in unique.items() if ids),
        statements=tuple(statements),
        notes=language_notes + tuple(resolution.notes),
    )


__all__ = ["StoryClaims", "story_claims", "claim_id", "Evidence"]
