"""Pydantic models of what the API sends and takes, for the OpenAPI document.

They describe ``docs/report-schema.md`` (``corroborate.report/1``) and the
API's own envelopes. Responses are built by ``serialize`` and sent as they
are (not validated on the way out: a large story would pay for it); the tests
validate real responses against these models so that the document stays true.
New keys may appear within a schema version, so every model allows extras.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- the report contract --------------------------------------------------------
class SentenceOut(_Open):
    id: int = Field(description="0-based index in the article")
    text: str = Field(description="the slice text[start:end] of the cleaned text")
    start: int
    end: int


class RemovedOut(_Open):
    text: str
    reason: str = Field(description="why it was taken out (copyright notice, newsletter prompt, author bio, …)")
    at: int | None = Field(default=None, description="offset in the cleaned text where it stood, when known")


class QualityOut(_Open):
    score: float = Field(description="0..1, higher is better-edited copy")
    reasons: list[str] = Field(description="every deduction, explained")


class ArticleOut(_Open):
    """An article of the report contract."""

    id: str = Field(description="stable id: the file stem, the record's id, or a content hash")
    title: str | None
    source: str | None = Field(description="outlet")
    url: str | None
    published: str | None = Field(description="ISO 8601 date or datetime")
    language: str | None = Field(description="ISO 639-1 code when known")
    author: str | None = Field(default=None, description="byline: the record's, the page's meta author or the feed entry's")
    origin: str = Field(description="the input it came from")
    sentences: list[SentenceOut]
    removed: list[RemovedOut]
    quality: QualityOut
    inferred: dict[str, str] = Field(
        default_factory=dict,
        description="source/published/language read from the text, not given by the input: field -> reason (\"outlet credit line\")",
    )


class PairOut(_Open):
    source_sentence: int
    derived_sentence: int
    similarity: float


class ProvenanceOut(_Open):
    source_id: str = Field(description="the article copied from (the earlier one when directed)")
    derived_id: str = Field(description="the article that copies, rewrites or translates it")
    relation: Literal["copy", "rewrite", "translation", "shared_quote"]
    similarity: float
    directed: bool
    pairs: list[PairOut]


class EntityOut(_Open):
    id: str = Field(description="kind:slug, e.g. person:volodymyr-zelensky")
    name: str = Field(description="the fullest common spelling")
    kind: Literal["person", "organisation", "place", "other"]
    variants: list[str]
    article_ids: list[str]


class EvidenceOut(_Open):
    article_id: str
    sentence_id: int
    text: str
    start: int | None = None
    end: int | None = None


class ClaimOut(_Open):
    id: str
    text: str = Field(description="a source sentence or clause, word for word")
    kind: Literal["quote", "reported", "fact", "quantity", "date"]
    speaker: str | None
    evidence: list[EvidenceOut]
    support: int = Field(description="articles carrying the claim")
    independent_support: int = Field(description="independence groups carrying it")
    entity_ids: list[str]
    date: str | None
    origin: str | None = Field(description="the one outside text independent outlets quote, when they do")


class ValueOut(_Open):
    value: str
    evidence: list[EvidenceOut]
    note: str | None = Field(default=None, description="what a reader needs beside the value, when there is something")


class ConflictOut(_Open):
    id: str
    about: str = Field(description="the question the sources answer differently")
    kind: str = Field(description="number | date | weekday | place | speaker")
    claim_ids: list[str]
    values: list[ValueOut]


class UpdateOut(_Open):
    id: str
    about: str
    steps: list[ValueOut]


class BriefSentenceOut(_Open):
    text: str = Field(description="verbatim source text")
    claim_ids: list[str]
    article_ids: list[str] = Field(description="every article carrying one of its claims; citation numbers are positions in the story's article_ids")


class StoryOut(_Open):
    """A story of the report contract."""

    id: str = Field(description="st- + 10 hex, stable while the story persists")
    title: str
    article_ids: list[str] = Field(description="members, earliest published first")
    provenance: list[ProvenanceOut]
    independent_groups: list[list[str]]
    entities: list[EntityOut]
    claims: list[ClaimOut]
    conflicts: list[ConflictOut]
    updates: list[UpdateOut]
    unique: dict[str, list[str]] = Field(description="article id -> claims only it carries")
    brief: list[BriefSentenceOut]


class ReportOut(_Open):
    """The report document (corroborate.report/1), as `corroborate show --json` prints it."""

    schema_: str = Field(alias="schema", description="corroborate.report/1")
    articles: list[ArticleOut]
    stories: list[StoryOut]


# -- the API's own envelopes ----------------------------------------------------
class StorySummaryOut(_Open):
    """One row of the stories list."""

    id: str
    title: str
    n_articles: int
    n_independent: int = Field(description="independent sources (independence groups)")
    n_conflicts: int
    n_claims: int
    first_published: str | None
    last_published: str | None
    updated_at: str = Field(description="when the story was last written (UTC)")


class StoryListOut(_Open):
    schema_: str = Field(alias="schema", description="corroborate.report/1")
    total: int = Field(description="stories matching, before limit/offset")
    offset: int
    limit: int
    stories: list[StorySummaryOut]


class SentenceMarkOut(_Open):
    sentence_id: int
    marks: list[str] = Field(description="shared (an independent source carries it too), copied, unique, conflict, brief")


class ArticleEnvelopeOut(_Open):
    """One article, the story it belongs to, and how each sentence stands against the story's other articles."""

    schema_: str = Field(alias="schema", description="corroborate.report/1")
    article: ArticleOut
    story_id: str | None = Field(description="null while the article is in no story")
    sentence_marks: list[SentenceMarkOut]


class EntityStoryOut(StorySummaryOut):
    entity_id: str = Field(description="the entity's id within this story")
    entity_name: str


class EntityEnvelopeOut(_Open):
    """An entity gathered across stories (by id and by spelling-insensitive name)."""

    id: str
    name: str
    kind: str
    variants: list[str] = Field(description="spellings, most used first")
    stories: list[EntityStoryOut]


class RejectionOut(_Open):
    origin: str = Field(description="the input: request[i], request:LINE, pasted text, or the uploaded file's name")
    reason: str


class AddOut(_Open):
    """What an add did."""

    added: list[str] = Field(description="ids of the new articles")
    existing: list[str] = Field(description="ids of already-stored articles the request repeated (a no-op)")
    skipped: list[RejectionOut]
    rejected: list[RejectionOut]
    stories: list[StorySummaryOut] = Field(description="the stories now holding the request's articles, updated")


class ErrorBody(_Open):
    status: int
    code: str = Field(description="bad_request, not_found, read_only, payload_too_large, …")
    message: str
    rejected: list[RejectionOut] | None = Field(default=None, description="when no article of a request could be used")


class ErrorOut(_Open):
    error: ErrorBody


class ArticleRecordIn(_Open):
    """One article to add, as a line of the .jsonl input format (aliases such as body, headline, outlet are accepted)."""

    text: str = Field(description="the article text (required)")
    id: str | None = Field(default=None, description="default: a hash of the text")
    title: str | None = None
    url: str | None = None
    source: str | None = Field(default=None, description="outlet")
    published: str | None = Field(default=None, description="ISO date, or any date the ingest stage parses")
    language: str | None = None
    author: str | None = Field(default=None, description="byline (alias: byline)")


class ArticlesIn(_Open):
    articles: list[ArticleRecordIn]


class AddJobOut(_Open):
    """An add queued behind another process's write (202), or where it stands (GET /api/adds/{id})."""

    id: str
    state: Literal["queued", "waiting", "running", "done", "failed"] = Field(
        description="waiting: the store is held by another process; the add runs when it is free")
    url: str = Field(description="where to see this add: /api/adds/{id}")
    status: int | None = Field(description="once it ran: the status the add would have answered (201, 200, 422, ...)")
    result: AddOut | None = Field(description="once done: what it added")
    error: ErrorBody | None = Field(description="once failed: why")
