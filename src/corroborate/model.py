"""Typed, frozen records that flow between the pipeline stages.

Every stage reads some of these and returns new ones; nothing here does I/O.
All records are frozen and slotted so they are hashable, cheap and safe to
share between stages (and, later, between processes of the distributed path).

    RawDoc ──clean──> Article(+Sentence, Removed, Quality)
    Article* ──stories──> Story(article_ids)
    Article* in a Story ──relate──> Provenance(+SentencePair) ──> independent_groups

Records for the later stages (Entity, Claim, Evidence, Conflict, BriefSentence)
are defined here from the start so that the report contract is stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REPORT_SCHEMA = "corroborate.report/1"


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One input document as read from a file or a record, before cleaning.

    ``origin`` names where it came from (a path, or ``path:line`` for JSON
    lines) so that every later message can point at the input.
    """

    id: str
    text: str
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as found
    language: str | None = None
    format: str = "txt"  # txt | md | html | json | jsonl
    author: str | None = None  # the byline, as given


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be used, with the reason in plain words."""

    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned text; ``text == article.text[start:end]``."""

    id: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of boilerplate taken out of the text, and why.

    ``at`` is the offset in the cleaned text where it stood (an embedded
    post's signature follows the post's own sentences), when known.
    """

    text: str
    reason: str
    at: int | None = None


@dataclass(frozen=True, slots=True)
class Quality:
    """0..1, higher is better edited copy; ``reasons`` explain every deduction."""

    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: normalised text, its sentences, what was removed."""

    id: str
    text: str
    sentences: tuple[Sentence, ...]
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    removed: tuple[Removed, ...] = ()
    quality: Quality = Quality(1.0)
    origin: str = ""
    content_hash: str = ""  # sha256 of the normalised text: exact-duplicate key
    # (field, reason) for each of ``source``/``published`` read from the text rather than
    # given by the input ("outlet credit line", "date of an embedded post, a lower bound")
    inferred: tuple[tuple[str, str], ...] = ()
    author: str | None = None  # the byline, as given by the input (never read from the text)


@dataclass(frozen=True, slots=True)
class SentencePair:
    """Aligned sentences of two articles, by sentence id."""

    source_sentence: int
    derived_sentence: int
    similarity: float


@dataclass(frozen=True, slots=True)
class Provenance:
    """``derived_id`` copies, rewrites or translates ``source_id``.

    ``relation`` is one of ``copy``, ``rewrite``, ``translation`` or
    ``shared_quote`` (both quote the same outside text: no derivation between
    them, and they stay independent). ``directed`` is False when neither dates
    nor content say which came first; then the ids are in a canonical order.
    """

    source_id: str
    derived_id: str
    relation: str
    similarity: float
    pairs: tuple[SentencePair, ...] = ()
    directed: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """A source sentence that carries a claim; offsets are into the article's text.

    ``start``/``end`` are None for text that is not in the cleaned article: an
    embedded post's signature line that cleaning removed as boilerplate.
    """

    article_id: str
    sentence_id: int
    text: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: str  # person | organisation | place | other
    variants: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """One fact, statement or quote, as carried by one or more articles of a story.

    ``text`` is source text, never a paraphrase: the sentence (or quote) of the
    best-edited article that carries it. ``support`` counts articles,
    ``independent_support`` independence groups. ``origin`` names the one
    outside text (a post, a statement) that several outlets quote, when they do.
    ``date`` is the ISO date the claim is about, when the text says it.
    """

    id: str
    text: str
    kind: str  # quote | reported | fact | quantity | date
    speaker: str | None = None
    evidence: tuple[Evidence, ...] = ()
    support: int = 0
    independent_support: int = 0
    entity_ids: tuple[str, ...] = ()
    date: str | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class ConflictValue:
    """One side of a conflict: the value as the sources give it, and the sentences giving it.

    ``note`` says in plain words what a reader needs beside the value ("the
    article contradicts the post it embeds: the post's signature line is the
    evidence").
    """

    value: str
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources disagree on one slot (``kind``): number, date, weekday, place or speaker.

    ``about`` says what in plain words; each value lists the sentences giving it.
    """

    id: str
    about: str
    values: tuple[ConflictValue, ...] = ()
    kind: str = ""
    claim_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Update:
    """A position that changed over time (no response yet, then a denial): ordered, not a conflict."""

    id: str
    about: str
    steps: tuple[ConflictValue, ...] = ()


@dataclass(frozen=True, slots=True)
class BriefSentence:
    text: str
    claim_ids: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report one event, with how they relate to each other."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    provenance: tuple[Provenance, ...] = ()
    independent_groups: tuple[tuple[str, ...], ...] = ()
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    unique: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # (article_id, claim_ids)
    brief: tuple[BriefSentence, ...] = ()
    updates: tuple[Update, ...] = ()
    notes: tuple[str, ...] = ()  # what a work cap left out, and why ("sentence over 250 words: ...")
    # (article id, citation number) of each member, in number order: numbers stay with their
    # article across derives (``stages.number_sources``); () means "in ``article_ids`` order"
    citations: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class StoryPrior:
    """What a story keeps from its last derive (read from the store, passed into ``stages.derive``).

    ``title``: the title it was shown under; ``pinned``: a title a user pinned (wins over any
    headline); ``numbers``: (article id, citation number) of every article ever numbered in it,
    members that left included, so that a number is never given to another article.
    """

    title: str | None = None
    pinned: str | None = None
    numbers: tuple[tuple[str, int], ...] = ()
