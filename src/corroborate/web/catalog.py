"""The story catalog: a card per story (what the list shows and searches), refreshed from
the store when stories change; search by words and by names in any spelling or script; entities
gathered across stories. Reads the store; knows nothing of HTTP.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Sequence

from ..claims.entities import place_key
from ..claims.names import arabic_matches, is_arabic, loose_key, name_key
from ..features.text import fold, words
from ..model import Story
from ..store import StoreLike


@dataclass(frozen=True, slots=True)
class EntityRef:
    """One entity of one story."""

    id: str
    name: str
    kind: str
    variants: tuple[str, ...]
    n_articles: int


@dataclass(frozen=True, slots=True)
class StoryCard:
    """What the stories list shows and searches for one story."""

    id: str
    title: str
    n_articles: int
    n_independent: int
    n_conflicts: int
    n_claims: int
    first_published: str | None
    last_published: str | None
    updated_at: str
    entities: tuple[EntityRef, ...] = ()
    text: str = ""  # folded title, brief, claims and entity names: what `q` searches
    # spelling-insensitive keys of the entities' name words, and their loose keys marked "~"
    # (``~selenski`` for Zelensky and Selenskyj alike)
    name_keys: frozenset[str] = frozenset()

    def summary(self) -> dict[str, Any]:
        """The card as the API returns it."""
        return {
            "id": self.id,
            "title": self.title,
            "n_articles": self.n_articles,
            "n_independent": self.n_independent,
            "n_conflicts": self.n_conflicts,
            "n_claims": self.n_claims,
            "first_published": self.first_published,
            "last_published": self.last_published,
            "updated_at": self.updated_at,
        }


def story_card(story: Story, summary: Any) -> StoryCard:
    """A story's card from its record and its ``StoryVersion`` (or ``StorySummary``)."""
    # people and organisations first (they tell stories apart better than places), then by articles naming them
    rank = {"person": 0, "organisation": 1, "other": 2, "place": 3}
    entities = tuple(
        EntityRef(e.id, e.name, e.kind, tuple(e.variants), len(e.article_ids))
        for e in sorted(story.entities, key=lambda e: (rank.get(e.kind, 2), -len(e.article_ids), e.name))
    )
    parts = [story.title, *(b.text for b in story.brief), *(c.text for c in story.claims)]
    for e in entities:
        parts += [e.name, *e.variants]
    name_words = {w for e in entities for v in (e.name, *e.variants) for w in words(v)}
    keys = {name_key(w) for w in name_words} | {LOOSE + k for k in map(loose_key, name_words) if k}
    return StoryCard(
        id=story.id,
        title=story.title,
        n_articles=summary.n_articles,
        n_independent=len(story.independent_groups) or summary.n_articles,  # as Store.summaries counts
        n_conflicts=len(story.conflicts),
        n_claims=len(story.claims),
        first_published=summary.first_published,
        last_published=summary.last_published,
        updated_at=summary.updated_at,
        entities=entities,
        text=fold(" \n".join(parts)),
        name_keys=frozenset(k for k in keys if len(k) >= 3),
    )


LOOSE = "~"  # marks a loose key among a card's name keys


def _term_matcher(term: str):
    """A predicate on a card: ``term`` (one query word) is in its text, or names one of its
    entities' name words in any spelling or script (equal key or loose key, four letters or
    more; an Arabic-script word: a name word it may be written as)."""
    t = fold(term)
    if is_arabic(term):
        memo: dict[str, bool] = {}  # name keys recur across cards: each is tried once

        def fits(k: str) -> bool:
            if k not in memo:
                memo[k] = not k.startswith(LOOSE) and arabic_matches(term, k)
            return memo[k]

        return lambda c: t in c.text or any(fits(k) for k in c.name_keys)
    k = name_key(term) if len(t) >= 4 else ""
    lk = LOOSE + loose_key(term) if k and loose_key(term) else ""
    return lambda c: t in c.text or (k and k in c.name_keys) or (lk and lk in c.name_keys)


@dataclass(slots=True)
class _Cached:
    card: StoryCard
    key: tuple[str, int]  # (updated_at, n_articles) when loaded
    generation: int  # the service's write generation the snapshot it came from had seen


class Catalog:
    """Cards of every story, refreshed from the store when stories change.

    A card is reloaded when its story's ``(updated_at, n_articles)`` changed
    (any writer, this process or another) or when this process's writer
    touched the story after the card was loaded.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cards: dict[str, _Cached] = {}
        self._dirty: dict[str, int] = {}  # story id -> generation of the write that touched it

    def mark_dirty(self, story_ids: Sequence[str], generation: int) -> None:
        with self._lock:
            for sid in story_ids:
                self._dirty[sid] = generation

    def cards(self, store: StoreLike, generation: int) -> list[StoryCard]:
        """Every story's card, newest and largest first (the order of ``Store.summaries``).

        ``store`` must be in a read snapshot taken after ``generation`` was read.
        """
        versions = story_versions(store)
        out: list[StoryCard] = []
        with self._lock:
            for v in versions:
                key = (v.updated_at, v.n_articles)
                cached = self._cards.get(v.id)
                if cached is None or cached.key != key or self._dirty.get(v.id, -1) > cached.generation:
                    story = store.story(v.id)
                    if story is None:  # cannot happen inside a snapshot; be safe
                        continue
                    cached = _Cached(story_card(story, v), key, generation)
                    self._cards[v.id] = cached
                out.append(cached.card)
            live = {v.id for v in versions}
            for sid in [sid for sid in self._cards if sid not in live]:
                del self._cards[sid]
        out.sort(key=lambda c: (c.last_published or "", c.updated_at, c.n_articles), reverse=True)
        return out


@dataclass(frozen=True, slots=True)
class StoryVersion:
    """What tells the catalog that a story changed, and its dates."""

    id: str
    n_articles: int
    first_published: str | None
    last_published: str | None
    updated_at: str


def story_versions(store: StoreLike) -> list[StoryVersion]:
    """Every story's size, dates and last write, without reading the stories' data.

    ``Store.summaries`` parses every story's JSON to count its independent
    sources (45 ms for 50 stories of ECB+, growing with the store); the catalog
    has that count in its cached cards, so it asks only for this.
    """
    return [StoryVersion(*r) for r in store.story_versions()]


def search(cards: Sequence[StoryCard], q: str | None = None, entity: str | None = None) -> list[StoryCard]:
    """Cards matching every word of ``q`` (text, or a name in any spelling) and naming ``entity``.

    A word matches when it occurs in the story's title, brief, claims or entity
    names (case and accents ignored), or, for words of four letters or more,
    when it spells the same name as an entity's name word in any spelling or
    script (Zelenskyy = Zelenski = Selenskyj = Зеленський; بوتين = Putin).
    ``entity`` is an entity id (``person:volodymyr-zelensky``) or a name in any
    spelling.
    """
    out = list(cards)
    if q and q.strip():
        matchers = [_term_matcher(t) for t in q.split() if t.strip()]
        out = [c for c in out if all(m(c) for m in matchers)]
    if entity and entity.strip():
        wanted = entity_matcher(cards, entity)
        out = [c for c in out if any(wanted(e) for e in c.entities)]
    return out


def entity_matcher(cards: Sequence[StoryCard], query: str):
    """A predicate on ``EntityRef``: the entity ``query`` names, gathered across stories.

    ``query`` is an id or a name. Stories name one entity in their own way (one
    has ``person:volodymyr-zelensky``, another ``person:volodymyr-zelenskyy``),
    so an id stands for every entity of the same kind whose name has the same
    spelling-insensitive key as one bearing that id; a name matches an entity
    whose name or one of whose spellings has its key.
    """
    query = query.strip()
    by_id = [e for c in cards for e in c.entities if e.id == query]
    if by_id:
        kinds = {e.kind for e in by_id}
        keys = {place_key(e.name) for e in by_id}
        return lambda e: e.id == query or (e.kind in kinds and place_key(e.name) in keys)
    name = query.split(":", 1)[1].replace("-", " ") if ":" in query else query
    key, loose = place_key(name), loose_name_key(name)
    if not key:
        return lambda e: False
    return lambda e: any(place_key(v) == key or (loose and loose_name_key(v) == loose) for v in (e.name, *e.variants))


def loose_name_key(name: str) -> str:
    """The loose keys of a name's words joined ("Wolodymyr Selenskyj" and "Volodymyr Zelensky"
    alike), "" when a word has none (too short to compare loosely)."""
    parts = [loose_key(w) for w in name.split()]
    return "".join(parts) if parts and all(parts) else ""


@dataclass(slots=True)
class EntityPage:
    """An entity gathered across stories: its names, and (story card, its entity there) pairs."""

    id: str
    name: str
    kind: str
    variants: list[str]
    stories: list[tuple[StoryCard, EntityRef]]


def entity_page(cards: Sequence[StoryCard], query: str) -> EntityPage | None:
    """The entity ``query`` (an id or a name) names across stories, or None."""
    match = entity_matcher(cards, query)
    found = [(c, e) for c in cards for e in c.entities if match(e)]
    if not found:
        return None
    exact = [e for _, e in found if e.id == query]
    head = exact[0] if exact else max((e for _, e in found), key=lambda e: e.n_articles)
    variants: dict[str, int] = {}
    for _, e in found:
        for v in (e.name, *e.variants):
            variants[v] = variants.get(v, 0) + e.n_articles
    seen: set[str] = set()
    stories = []
    for c, e in found:  # one row per story (a story may hold two entities of one key)
        if c.id not in seen:
            seen.add(c.id)
            stories.append((c, e))
    return EntityPage(head.id, head.name, head.kind, sorted(variants, key=lambda v: (-variants[v], v)), stories)


def top_entities(cards: Sequence[StoryCard], limit: int) -> list[tuple[EntityRef, int]]:
    """The entities named in the most stories (then articles), one per spelling-insensitive key."""
    by_key: dict[tuple[str, str], list[EntityRef]] = {}
    for c in cards:
        for e in c.entities:
            by_key.setdefault((e.kind, place_key(e.name)), []).append(e)
    ranked = sorted(
        by_key.values(), key=lambda es: (-len(es), -sum(e.n_articles for e in es), es[0].name)
    )
    return [(max(es, key=lambda e: e.n_articles), len(es)) for es in ranked[:limit]]
