"""What a store backend provides: the ``StoreLike`` protocol.

The jobs in ``corroborate.pipeline``, the engines, the CLI and the web service
call a store only through these methods (``corroborate.store.sqlite.Store`` is
the default, and so far the only, backend). Another backend (Postgres, a
key-value store) is one new module with a class that has them, with the same
meaning, plus one entry in ``corroborate.store.BACKENDS`` (see ``open_store``
and ``docs/store.md``, "Another backend").

Records go in and out (``Article``, ``Story``, ``StorySummary``); feature counts
are the opaque blobs of ``features.vectors.encode``; how rows are laid out is
the backend's own business. Two assumptions beyond the methods: writes happen
only inside ``transaction()``, which serialises writers, and ``snapshot()``
gives one consistent view of the store, so that the optimistic grouping
(``grouping_generation``, ``pipeline._regroup``) stays correct across processes.

``store.fetchstate`` and ``store.alertstate`` (the state of ``fetch``, ``watch``
and the alerts) are SQLite-only for now: they run SQL on the SQLite store's
connection, and a second backend would give them their own methods.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Iterable, Protocol, Sequence, runtime_checkable

from ..model import Article, Story, StoryPrior

if TYPE_CHECKING:  # the row formats are the SQLite backend's; the protocol only names them
    from .sqlite import ArticleRow, StorySummary


@runtime_checkable
class StoreLike(Protocol):
    """The methods the library calls on a store, each with its contract in one line."""

    path: str  # where the store lives (a file path, or a URL for a server backend): logs, messages, worker processes

    # -- lifecycle and transactions -------------------------------------------
    def close(self) -> None:
        """Release the connection; the object is unusable afterwards."""

    def __enter__(self) -> Any:
        """The store itself (``with open_store(...) as store``)."""

    def __exit__(self, *exc: object) -> None:
        """``close()``."""

    @property
    def schema_version(self) -> int:
        """The schema version the open store is at (the SQLite backend: the last migration applied)."""

    @property
    def in_transaction(self) -> bool:
        """Whether a ``transaction()`` or ``snapshot()`` is open on this connection."""

    def transaction(self) -> AbstractContextManager[Any]:
        """One writer at a time: commit on exit, roll back on an exception; nested calls join the outer one."""

    def snapshot(self) -> AbstractContextManager[Any]:
        """One consistent read view (yields the store) without taking the write lock; nested: joins."""

    # -- articles -------------------------------------------------------------
    def put_article(self, a: Article | ArticleRow, counts: bytes) -> None:
        """Insert one article and its encoded feature counts (in a transaction); ``InputError`` rolls back only it."""

    def article_hash(self, article_id: str) -> str | None:
        """The content hash of the stored article ``article_id``, or None."""

    def id_for_hash(self, content_hash: str) -> str | None:
        """The id of a stored article with this content hash, or None."""

    def ids_for_hash(self, content_hash: str) -> list[tuple[str, str | None]]:
        """(id, url) of every stored article with this normalised text, in arrival order."""

    def count_articles(self) -> int:
        """How many articles are stored."""

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Articles by id in the given order (missing ids left out), or all of them by (published, id)."""

    def article(self, article_id: str) -> Article | None:
        """One article, or None."""

    def features(self) -> list[tuple[str, str | None, bytes]]:
        """(article id, story id or None when pending, counts) of every article, in arrival order."""

    def features_of(self, ids: Sequence[str]) -> dict[str, bytes]:
        """article id -> encoded counts, for those of ``ids`` that are stored."""

    def published(self, ids: Sequence[str] | None = None) -> dict[str, str | None]:
        """article id -> published date (ISO, or None) of ``ids`` (default: every article)."""

    def pending_ids(self) -> list[str]:
        """Ids of the articles in no story yet, in arrival order (no whole-store read)."""

    # -- document frequencies and the persisted story index ----------------------
    def doc_freq(self) -> tuple[int, bytes | None]:
        """(documents counted, ``vectors.DocFreq`` blob or None) as last written."""

    def doc_freq_count(self) -> int:
        """The documents the stored frequencies count, without reading the blob."""

    def put_doc_freq(self, n_docs: int, blob: bytes) -> None:
        """Replace the document frequencies (in a transaction)."""

    def index_cap(self) -> int | None:
        """The document frequency up to which every holder of a feature is posted under it, or None: no index."""

    def reset_index(self, cap: int | None) -> None:
        """Drop every posting and record ``cap`` (None: no index) (in a transaction)."""

    def put_postings(self, article_id: str, features: Iterable[int]) -> None:
        """Post ``article_id`` under each of ``features`` (in a transaction)."""

    def posted(self, features: Iterable[int]) -> dict[int, list[str]]:
        """feature -> ids of the articles posted under it, in arrival order."""

    def story_features(self, story_ids: Iterable[str]) -> list[tuple[str, str, bytes]]:
        """(article id, story id, counts) of every member of ``story_ids``, in arrival order."""

    # -- grouping -------------------------------------------------------------
    def grouping_generation(self) -> int:
        """How many groupings have been committed to this store, by any process."""

    def bump_grouping_generation(self) -> None:
        """Count one more committed grouping (in the transaction that writes it)."""

    def put_story(self, story: Story) -> None:
        """Insert or replace a story with its membership, moving its articles out of other stories (in a transaction)."""

    def delete_stories(self, ids: Iterable[str]) -> None:
        """Delete these stories (in a transaction); their articles become pending unless another story holds them."""

    def story_priors(self, story_ids: Iterable[str]) -> dict[str, StoryPrior]:
        """What each stored story keeps into its next derive: title, pinned title, citation numbers ever given."""

    def pin_title(self, story_id: str, title: str, user: str, at: str) -> None:
        """Pin a title on a story, logged with who and when (in a transaction)."""

    def unpin_title(self, story_id: str, title: str, user: str, at: str) -> bool:
        """Drop a story's pin and show ``title``, logged (in a transaction); False when none was pinned."""

    def title_before_pin(self, story_id: str) -> str | None:
        """The title the story had before its pin, or None when not pinned."""

    def pinned_title(self, story_id: str) -> tuple[str, str, str] | None:
        """(title, by, at) of the story's pin, or None."""

    def title_log(self, story_id: str) -> list[tuple[str | None, str, str]]:
        """(title or None for an unpin, by, at) of every pin and unpin of the story, oldest first."""

    def record_merge(self, merged_id: str, into_id: str, article_ids: Iterable[str], user: str, at: str) -> None:
        """Record a merge of two stories (their articles kept together), logged (in a transaction)."""

    def record_move(self, article_id: str, story_id: str, user: str, at: str) -> None:
        """Record that a user put an article in a story, logged (in a transaction)."""

    def delete_article(self, article_id: str, user: str, at: str) -> bool:
        """Delete a stored article and remember it as deleted, logged (in a transaction); False when unknown."""

    def deleted(self, article_id: str, content_hashes: Sequence[str]) -> tuple[str, str, str] | None:
        """(article id, by, at) of a deleted article with this id or one of these hashes, or None."""

    def editorial_decisions(self) -> Any:
        """The merges and moves every grouping honours (an ``editorial.Decisions``)."""

    def editorial_log(self, subject: str | None = None) -> list[tuple[str, str, str | None, str, str]]:
        """(action, subject, target, by, at) of every merge, move and delete, oldest first."""

    def membership(self) -> dict[str, str]:
        """article id -> story id of every grouped article (a whole-store read: batch grouping only)."""

    def membership_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """article id -> story id of those of ``article_ids`` that are in a story."""

    # -- reading ----------------------------------------------------------------
    def story(self, story_id: str) -> Story | None:
        """One story with its derived data and its member ids in (published, arrival) order, or None."""

    def story_ids(self) -> list[str]:
        """Every story id, sorted."""

    def story_ids_like(self, prefix: str) -> list[str]:
        """Ids of the stories starting with ``prefix`` taken literally, sorted."""

    def summaries(self, ids: Iterable[str] | None = None, limit: int | None = None) -> list[StorySummary]:
        """Non-empty stories (of ``ids``, else all), newest, then last written, then largest first; at most ``limit``."""

    def story_versions(self) -> list[tuple[str, int, str | None, str | None, str]]:
        """(id, articles, first and last published, last write) of every non-empty story, in listing order; cheap."""
