"""The SQLite store: articles, their story features, stories and membership.

Reads and writes records (``model``) and plain feature blobs; knows nothing of
how stories are computed. Every write happens inside ``transaction()``, so a
crash or a bad file never leaves half an article or half a story behind.

Schema versions are ordered ``migrations/NNNN_name.sql`` files, applied in
order and recorded in ``PRAGMA user_version``; an older store is upgraded in
place when it is opened for writing. ``docs/store.md`` describes the tables.

Nothing on the ``add`` path or in the listings reads every row: stories carry
their summary columns (size, independent sources, dates, claims, conflicts),
pending articles have their own table (kept by triggers), and the persisted
story index (``postings``) gives the stored articles near a new one.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple, Sequence

from ..errors import InputError, StoreBusy, StoreError
from ..model import Article, Story, StoryPrior
from ..numbering import number_sources
from ..serialize import inferred_from, quality_from, removed_from, sentences_from_offsets, story_from_dict, story_to_dict

if TYPE_CHECKING:
    from ..editorial import Decisions


_ADD_COLUMN = re.compile(r"ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)", re.I)


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files(__package__).joinpath("migrations")
    out = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            out.append((int(name[:4]), name, entry.read_text("utf-8")))
    return sorted(out)


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: str
    title: str
    n_articles: int
    n_independent: int
    first_published: str | None
    last_published: str | None
    updated_at: str
    n_claims: int = 0
    n_conflicts: int = 0


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """What ``Store.summaries`` keeps (every field optional; all given must hold).

    ``since``/``until``: ISO dates (YYYY-MM-DD); a story is kept when its
    publication span meets the range (an undated story never does).
    ``languages``: ISO 639-1 codes, any member in one of them. ``domains`` and
    ``sources``: a member's URL host is one of ``domains`` or a subdomain of
    one, or its ``source`` is one of ``sources`` (case ignored): either keeps it.
    ``min_sources``: at least this many independent sources. ``has_conflicts``.
    Read from the summary columns (0002, 0007): no story's JSON is parsed.
    """

    since: str | None = None
    until: str | None = None
    languages: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_sources: int | None = None
    has_conflicts: bool = False

    def where(self) -> tuple[str, list[object]]:
        """(SQL conditions joined by AND, or "1", and their parameters)."""
        cond: list[str] = []
        args: list[object] = []
        if self.since:
            cond.append("substr(last_published, 1, 10) >= ?")
            args.append(self.since[:10])
        if self.until:
            cond.append("substr(first_published, 1, 10) <= ?")
            args.append(self.until[:10])
        if self.languages:
            cond.append("(" + " OR ".join("instr(languages, ?) > 0" for _ in self.languages) + ")")
            args += [_SEP + _fold(x) + _SEP for x in self.languages]
        if self.domains or self.sources:
            either = ["instr(hosts, ?) > 0 OR instr(hosts, ?) > 0" for _ in self.domains]
            either += ["instr(sources, ?) > 0" for _ in self.sources]
            cond.append("(" + " OR ".join(either) + ")")
            for d in self.domains:
                args += [_SEP + _fold(d) + _SEP, "." + _fold(d) + _SEP]
            args += [_SEP + _fold(x) + _SEP for x in self.sources]
        if self.min_sources is not None:
            cond.append("n_independent >= ?")
            args.append(int(self.min_sources))
        if self.has_conflicts:
            cond.append("n_conflicts > 0")
        return (" AND ".join(cond) or "1"), args


_SEP = "\x1f"  # between the values of the filter columns (0007)


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().split()).replace(_SEP, " ")


def _packed(values: Iterable[str | None]) -> str:
    """Distinct case-folded values as a filter column holds them, each between two U+001F (empty when none)."""
    vals = sorted({_fold(v) for v in values if v and _fold(v)})
    return _SEP + _SEP.join(vals) + _SEP if vals else ""


_SUMMARY_COLUMNS = "id, title, n_articles, n_independent, first_published, last_published, updated_at, n_claims, n_conflicts"
_LISTING_ORDER = "coalesce(last_published, '') DESC, updated_at DESC, n_articles DESC, id"


class Store:
    """One SQLite file. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, *, read_only: bool = False, lock_wait: float = 30.0):
        """Open (and create and migrate) the store at ``path``.

        ``read_only``: open the existing file for reading only (SQLite ``mode=ro``
        and ``query_only``): nothing is created, migrated or switched to WAL, and
        a missing file, a file that is not a corroborate store, or one that needs
        migrating is a ``StoreError``.

        ``lock_wait``: seconds to wait for another connection's write (or, read-only,
        its checkpoint) before ``StoreBusy``.
        """
        self.path = str(path)
        self.read_only = read_only
        self.lock_wait = float(lock_wait)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                raise StoreError(f"{self.path}: folder {parent} does not exist")
        if read_only:
            self._db = self._open_read_only()
            return
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=self.lock_wait)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA busy_timeout = {int(self.lock_wait * 1000)}")
            if self.path != ":memory:":
                self._use_wal()
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable corroborate store ({exc})") from exc

    def _use_wal(self) -> None:
        """Switch the file to WAL once. SQLite answers "locked" at once, without its busy
        wait, while another process creates or switches the same file: retry until
        ``lock_wait``; a file already in WAL needs no switch (and no lock)."""
        deadline = time.monotonic() + self.lock_wait
        while self._db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _open_read_only(self) -> sqlite3.Connection:
        """A ``mode=ro`` connection to the existing file, after checking its schema version."""
        if self.path == ":memory:":
            raise StoreError("an in-memory store cannot be opened read-only")
        file = Path(self.path)
        if not file.is_file():
            raise StoreError(f"{self.path}: no such store (a read-only open never creates one)")
        uri = file.resolve().as_uri() + "?mode=ro"
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=self.lock_wait)
            db.execute("PRAGMA query_only = ON")
            db.execute(f"PRAGMA busy_timeout = {int(self.lock_wait * 1000)}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if db is not None:
                db.close()
            raise StoreError(f"{self.path}: not a usable corroborate store ({exc})") from exc
        latest = max((v for v, _, _ in _migrations()), default=0)
        problem = None
        if version == 0:
            problem = "not a corroborate store (" + ("an empty database" if not tables else "no corroborate schema") + ")"
        elif version < latest:
            problem = (
                f"needs migrating (schema version {version}, this corroborate uses {latest});"
                " open it once without --read-only to migrate it"
            )
        if problem is not None:
            db.close()
            raise StoreError(f"{self.path}: {problem}")
        return db

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        for version, name, sql in _migrations():
            if version <= self.schema_version:
                continue
            with self.transaction():
                # read again under the write lock: another process may have just migrated
                if version <= self.schema_version:
                    continue
                for statement in _split_sql(sql):
                    if self._has_added_column(statement):
                        continue
                    self._db.execute(statement)
                if version == 7:  # 0007_filters: fill the new columns of the stories stored before
                    self._fill_filter_columns(self.story_ids())
                self._db.execute(f"PRAGMA user_version = {version}")

    def _has_added_column(self, statement: str) -> bool:
        """Whether ``statement`` is an ``ALTER TABLE t ADD COLUMN c`` whose column ``t`` already
        has: a store whose ``user_version`` was set back by hand keeps its later columns."""
        m = _ADD_COLUMN.match(statement)
        if m is None:
            return False
        return any(row[1] == m[2] for row in self._db.execute(f"PRAGMA table_info({m[1]})"))

    @property
    def in_transaction(self) -> bool:
        """Whether a ``transaction()`` or ``snapshot()`` is open on this connection."""
        return self._db.in_transaction

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (a read-only store refuses)."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; nothing can be written")
        if self._db.in_transaction:  # nested: join the outer transaction
            yield self._db
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise StoreBusy(
                f"{self.path}: another process held the store's write lock for over {self.lock_wait:g} s"
                " (a long analyze?); this step wrote nothing; what was stored before stays; run it again"
            ) from exc
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator["Store"]:
        """A deferred read transaction: from its first read on, every read inside sees
        one consistent state of the file (WAL), and it takes no write lock (``transaction`` does)."""
        if self._db.in_transaction:
            yield self
            return
        self._db.execute("BEGIN")
        try:
            yield self
        finally:
            if self._db.in_transaction:
                self._db.execute("COMMIT")

    def story_versions(self) -> list[tuple[str, int, str | None, str | None, str]]:
        """(story id, articles, earliest and latest published, last write) of every story,
        from the summary columns (one row per story: cheap enough to poll on every page view)."""
        return self._db.execute(
            "SELECT id, n_articles, first_published, last_published, updated_at FROM stories WHERE n_articles > 0"
            f" ORDER BY {_LISTING_ORDER}"
        ).fetchall()

    # -- articles ----------------------------------------------------------
    def article_hash(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def id_for_hash(self, content_hash: str) -> str | None:
        row = self._db.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)).fetchone()
        return row[0] if row else None

    def ids_for_hash(self, content_hash: str) -> list[tuple[str, str | None]]:
        """(id, url) of every stored article with this normalised text, in arrival order."""
        return self._db.execute(
            "SELECT id, url FROM articles WHERE content_hash = ? ORDER BY rowid", (content_hash,)
        ).fetchall()

    def put_article(self, a: Article | ArticleRow, counts: bytes) -> None:
        """Insert one article (or its ``article_row``) and its feature counts (call inside a transaction).

        All or nothing, alone: a row SQLite cannot encode (text that is no valid
        Unicode, a number over 64 bits) is ``InputError`` naming the article's
        origin, and the rest of the transaction stays. Any other error (an id
        already stored: ``sqlite3.IntegrityError``) propagates, and the caller's
        transaction rolls back whole.
        """
        row = a if isinstance(a, ArticleRow) else article_row(a)
        self._db.execute("SAVEPOINT put_article")
        try:
            self._db.execute(
                "INSERT INTO articles(id, content_hash, title, source, url, published, language, origin, text,"
                " sentences, removed, quality, quality_why, author) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                row,
            )
            self._db.execute("INSERT INTO article_features(article_id, counts) VALUES (?, ?)", (row.id, counts))
        except (ValueError, OverflowError) as exc:  # UnicodeEncodeError is a ValueError
            self._db.execute("ROLLBACK TO put_article")
            self._db.execute("RELEASE put_article")
            raise InputError(_printable(row.origin), f"cannot be stored: {_printable(str(exc))[:200]}") from exc
        except BaseException:
            self._db.execute("ROLLBACK TO put_article")
            self._db.execute("RELEASE put_article")
            raise
        self._db.execute("RELEASE put_article")

    def count_articles(self) -> int:
        return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Articles by id (in the given order), or all of them by (published, id)."""
        cols = "id, content_hash, title, source, url, published, language, origin, text, sentences, removed, quality, quality_why, author"
        if ids is None:
            rows = self._db.execute(f"SELECT {cols} FROM articles ORDER BY published IS NULL, published, id").fetchall()
        else:
            rows = []
            for chunk in _chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                rows += self._db.execute(f"SELECT {cols} FROM articles WHERE id IN ({marks})", chunk).fetchall()
            order = {i: n for n, i in enumerate(ids)}
            rows.sort(key=lambda r: order[r[0]])
        return [_article(r) for r in rows]

    def article(self, article_id: str) -> Article | None:
        found = self.articles([article_id])
        return found[0] if found else None

    def features(self) -> list[tuple[str, str | None, bytes]]:
        """(article_id, story_id or None when pending, counts) for every article."""
        return self._db.execute(
            "SELECT f.article_id, m.story_id, f.counts FROM article_features f"
            " LEFT JOIN story_articles m ON m.article_id = f.article_id ORDER BY f.rowid"
        ).fetchall()

    def features_of(self, ids: Sequence[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self._db.execute(f"SELECT article_id, counts FROM article_features WHERE article_id IN ({marks})", chunk))
        return out

    def published(self, ids: Sequence[str] | None = None) -> dict[str, str | None]:
        """article_id -> published date (or None) of the given articles (default: every article)."""
        if ids is None:
            return dict(self._db.execute("SELECT id, published FROM articles"))
        out: dict[str, str | None] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self._db.execute(f"SELECT id, published FROM articles WHERE id IN ({marks})", chunk))
        return out

    def pending_ids(self) -> list[str]:
        """Articles in no story yet, in arrival order (reads the pending table, not every article)."""
        rows = self._db.execute(
            "SELECT p.article_id FROM pending_articles p JOIN articles a ON a.id = p.article_id ORDER BY a.rowid"
        ).fetchall()
        return [r[0] for r in rows]

    # -- document frequencies ---------------------------------------------
    def doc_freq(self) -> tuple[int, bytes | None]:
        row = self._db.execute("SELECT n_docs, df FROM doc_freq WHERE id = 1").fetchone()
        return (row[0], row[1]) if row else (0, None)

    def doc_freq_count(self) -> int:
        """The number of documents the stored frequencies count (cheap: no blob is read)."""
        row = self._db.execute("SELECT n_docs FROM doc_freq WHERE id = 1").fetchone()
        return row[0] if row else 0

    def put_doc_freq(self, n_docs: int, blob: bytes) -> None:
        self._db.execute(
            "INSERT INTO doc_freq(id, n_docs, df) VALUES (1, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET n_docs = excluded.n_docs, df = excluded.df",
            (n_docs, blob),
        )

    # -- the persisted story index (postings) -------------------------------
    def index_cap(self) -> int | None:
        """The document frequency up to which every article holding a feature is posted
        under it (``put_postings``), or None while the store has no complete index."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'postings_cap'").fetchone()
        return int(row[0]) if row else None

    def reset_index(self, cap: int | None) -> None:
        """Drop every posting and record ``cap`` (None: no index) (inside a transaction)."""
        self._db.execute("DELETE FROM postings")
        self._db.execute("DELETE FROM meta WHERE key = 'postings_cap'")
        if cap is not None:
            self._db.execute("INSERT INTO meta(key, value) VALUES ('postings_cap', ?)", (str(int(cap)),))

    def put_postings(self, article_id: str, features: Iterable[int]) -> None:
        """Post ``article_id`` under ``features`` (inside a transaction)."""
        self._db.executemany(
            "INSERT OR IGNORE INTO postings(feature, article_id) VALUES (?, ?)", [(int(f), article_id) for f in features]
        )

    def posted(self, features: Iterable[int]) -> dict[int, list[str]]:
        """feature -> ids of the articles posted under it (in arrival order), for ``features``."""
        out: dict[int, list[str]] = {}
        for chunk in _chunks(sorted({int(f) for f in features}), 500):
            marks = ",".join("?" * len(chunk))
            for f, aid in self._db.execute(
                f"SELECT p.feature, p.article_id FROM postings p JOIN articles a ON a.id = p.article_id"
                f" WHERE p.feature IN ({marks}) ORDER BY a.rowid", chunk
            ):
                out.setdefault(f, []).append(aid)
        return out

    def story_features(self, story_ids: Iterable[str]) -> list[tuple[str, str, bytes]]:
        """(article_id, story_id, counts) of every member of ``story_ids``, in the order of ``features()``."""
        rows: list[tuple[int, str, str, bytes]] = []
        for chunk in _chunks(sorted(set(story_ids)), 500):
            marks = ",".join("?" * len(chunk))
            rows += self._db.execute(
                "SELECT f.rowid, f.article_id, m.story_id, f.counts FROM story_articles m"
                f" JOIN article_features f ON f.article_id = m.article_id WHERE m.story_id IN ({marks})", chunk
            ).fetchall()
        rows.sort()
        return [(aid, sid, blob) for _, aid, sid, blob in rows]

    # -- stories -----------------------------------------------------------
    def grouping_generation(self) -> int:
        """How many groupings have been committed to this file (by any process)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'grouping_generation'").fetchone()
        return int(row[0]) if row else 0

    def bump_grouping_generation(self) -> None:
        """Record one more committed grouping (inside the transaction that writes it)."""
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES ('grouping_generation', '1')"
            " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def put_story(self, story: Story) -> None:
        """Insert or replace a story, its membership and its citation numbers (inside a transaction).

        ``story.citations`` are written to ``story_citations`` (0010), beside the numbers of
        articles that left the story, which stay reserved; a story given without numbers, or
        with numbers that disagree with the stored ones, keeps the stored ones and numbers its
        new members after them (``number_sources``)."""
        data = story_to_dict(story)
        for key in ("id", "title", "article_ids", "citations"):
            data.pop(key)
        n = len(story.article_ids)
        self._db.execute(
            "INSERT INTO stories(id, title, data, n_independent, n_claims, n_conflicts) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET title = excluded.title, data = excluded.data,"
            " n_independent = excluded.n_independent, n_claims = excluded.n_claims,"
            " n_conflicts = excluded.n_conflicts, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            (story.id, story.title, json.dumps(data, ensure_ascii=False), len(story.independent_groups) or n,
             len(story.claims), len(story.conflicts)),
        )
        # stories this one takes articles from keep their own rows right (their size and dates)
        robbed = set(self.membership_of(story.article_ids).values()) - {story.id}
        self._db.execute("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
        self._db.executemany(
            "INSERT INTO story_articles(article_id, story_id) VALUES (?, ?)"
            " ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
            [(a, story.id) for a in story.article_ids],
        )
        self._count_members([story.id, *sorted(robbed)])
        stored = self._numbers(story.id)
        numbers = story.citations
        held = dict(stored)
        taken = {n: a for a, n in stored}
        if not numbers or any(held.get(a, n) != n or taken.get(n, a) != a for a, n in numbers):
            # none given, or derived without this story's prior (numbers another article holds): keep the stored ones
            numbers = number_sources(story.article_ids, stored)
        self._db.executemany(
            "INSERT INTO story_citations(story_id, article_id, number) VALUES (?, ?, ?)"
            " ON CONFLICT(story_id, article_id) DO UPDATE SET number = excluded.number",
            [(story.id, a, n) for a, n in numbers],
        )

    def _numbers(self, story_id: str) -> tuple[tuple[str, int], ...]:
        """(article id, number) of every article ever numbered in the story, in number order."""
        return tuple(self._db.execute(
            "SELECT article_id, number FROM story_citations WHERE story_id = ? ORDER BY number", (story_id,)
        ).fetchall())

    def story_priors(self, story_ids: Iterable[str]) -> dict[str, StoryPrior]:
        """What each stored story of ``story_ids`` keeps into its next derive: its title, a
        pinned title, and the citation numbers ever given in it (``stages.settle``)."""
        out: dict[str, StoryPrior] = {}
        for sid in dict.fromkeys(story_ids):
            row = self._db.execute(
                "SELECT s.title, p.title FROM stories s LEFT JOIN story_pins p ON p.story_id = s.id WHERE s.id = ?", (sid,)
            ).fetchone()
            if row is not None:
                out[sid] = StoryPrior(title=row[0], pinned=row[1], numbers=self._numbers(sid))
        return out

    # -- editorial: pinned titles (0010) --------------------------------------
    def pin_title(self, story_id: str, title: str, user: str, at: str) -> None:
        """Pin ``title`` on the story (inside a transaction): the stored title becomes it now,
        and every later derive keeps it (``StoryPrior.pinned``); logged with who and when.
        A grouping planned before this one commits plans again (the generation moves)."""
        self._db.execute(
            "INSERT INTO story_pins(story_id, title, unpinned, pinned_by, pinned_at)"
            " SELECT ?, ?, title, ?, ? FROM stories WHERE id = ?"
            " ON CONFLICT(story_id) DO UPDATE SET title = excluded.title, pinned_by = excluded.pinned_by,"
            " pinned_at = excluded.pinned_at",
            (story_id, title, user, at, story_id),
        )
        self._db.execute("UPDATE stories SET title = ? WHERE id = ?", (title, story_id))
        self._db.execute("INSERT INTO story_title_log(story_id, title, done_by, done_at) VALUES (?, ?, ?, ?)",
                         (story_id, title, user, at))
        self.bump_grouping_generation()

    def title_before_pin(self, story_id: str) -> str | None:
        """The title the story had before its pin (an unpin starts from it), or None when not pinned."""
        row = self._db.execute("SELECT unpinned FROM story_pins WHERE story_id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    def unpin_title(self, story_id: str, title: str, user: str, at: str) -> bool:
        """Drop the story's pin (inside a transaction) and show ``title`` (chosen by the caller:
        ``pipeline.unpin_title``); logged. False when no title was pinned (nothing changes)."""
        if self._db.execute("DELETE FROM story_pins WHERE story_id = ?", (story_id,)).rowcount == 0:
            return False
        self._db.execute("UPDATE stories SET title = ? WHERE id = ?", (title, story_id))
        self._db.execute("INSERT INTO story_title_log(story_id, title, done_by, done_at) VALUES (?, NULL, ?, ?)",
                         (story_id, user, at))
        self.bump_grouping_generation()
        return True

    def pinned_title(self, story_id: str) -> tuple[str, str, str] | None:
        """(title, pinned by, pinned at) of the story's pin, or None."""
        row = self._db.execute("SELECT title, pinned_by, pinned_at FROM story_pins WHERE story_id = ?", (story_id,)).fetchone()
        return tuple(row) if row else None

    def title_log(self, story_id: str) -> list[tuple[str | None, str, str]]:
        """(title or None for an unpin, by, at) of every pin and unpin of the story, oldest first."""
        return self._db.execute(
            "SELECT title, done_by, done_at FROM story_title_log WHERE story_id = ? ORDER BY rowid", (story_id,)
        ).fetchall()

    # -- editorial: merges, moves, deletes (0011) ------------------------------
    def record_merge(self, merged_id: str, into_id: str, article_ids: Iterable[str], user: str, at: str) -> None:
        """Record that ``merged_id`` was merged into ``into_id`` (inside a transaction): the
        articles of both are kept together by every later grouping, moves into the merged
        story now name the kept one, and the merge is logged with who and when."""
        self._db.executemany("INSERT OR IGNORE INTO story_merges(into_id, article_id, done_at) VALUES (?, ?, ?)",
                             [(into_id, a, at) for a in article_ids])
        self._db.execute("UPDATE article_moves SET story_id = ? WHERE story_id = ?", (into_id, merged_id))
        self._db.execute("UPDATE story_merges SET into_id = ? WHERE into_id = ? AND article_id NOT IN"
                         " (SELECT article_id FROM story_merges WHERE into_id = ?)", (into_id, merged_id, into_id))
        self._db.execute("DELETE FROM story_merges WHERE into_id = ?", (merged_id,))
        self._log("merge", merged_id, into_id, user, at)

    def record_move(self, article_id: str, story_id: str, user: str, at: str) -> None:
        """Record that a user put ``article_id`` in ``story_id`` (inside a transaction): every
        later grouping puts it there again; it leaves the merges it was part of; logged."""
        self._db.execute(
            "INSERT INTO article_moves(article_id, story_id, done_by, done_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id, done_by = excluded.done_by,"
            " done_at = excluded.done_at", (article_id, story_id, user, at))
        self._db.execute("DELETE FROM story_merges WHERE article_id = ?", (article_id,))
        self._log("move", article_id, story_id, user, at)

    def delete_article(self, article_id: str, user: str, at: str) -> bool:
        """Delete a stored article (inside a transaction): its row, features, postings and
        membership go; its id, content hash, URL and title are kept in ``deleted_articles`` so
        that it is never stored again; logged. The caller fixes the document frequencies and
        its story. False when no such article is stored."""
        row = self._db.execute("SELECT content_hash, url, title FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return False
        self._db.execute(
            "INSERT OR REPLACE INTO deleted_articles(article_id, content_hash, url, title, done_by, done_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", (article_id, row[0], row[1], row[2], user, at))
        self._db.execute("DELETE FROM article_moves WHERE article_id = ?", (article_id,))
        self._db.execute("DELETE FROM story_merges WHERE article_id = ?", (article_id,))
        self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        self._log("delete", article_id, None, user, at)
        return True

    def deleted(self, article_id: str, content_hashes: Sequence[str]) -> tuple[str, str, str] | None:
        """(article id, deleted by, at) of a deleted article with this id or one of these
        content hashes, or None."""
        marks = ",".join("?" * len(content_hashes)) or "NULL"
        row = self._db.execute(
            f"SELECT article_id, done_by, done_at FROM deleted_articles WHERE article_id = ? OR content_hash IN ({marks})"
            " ORDER BY article_id = ? DESC LIMIT 1", (article_id, *content_hashes, article_id)).fetchone()
        return tuple(row) if row else None

    def editorial_decisions(self) -> Decisions:
        """The merges and moves every grouping honours (``editorial.constrain``)."""
        from ..editorial import Decisions

        moves = tuple(self._db.execute("SELECT article_id, story_id FROM article_moves ORDER BY rowid"))
        merges: dict[str, list[str]] = {}
        order: dict[str, str] = {}
        for into, aid, at in self._db.execute("SELECT into_id, article_id, done_at FROM story_merges ORDER BY done_at, rowid"):
            merges.setdefault(into, []).append(aid)
            order[into] = max(order.get(into, ""), at)
        return Decisions(moves=tuple((a, s) for a, s in moves),
                         merges=tuple((into, tuple(merges[into])) for into in sorted(merges, key=lambda i: (order[i], i))))

    def editorial_log(self, subject: str | None = None) -> list[tuple[str, str, str | None, str, str]]:
        """(action, subject, target, by, at) of every merge, move and delete (of ``subject``), oldest first."""
        if subject is None:
            return self._db.execute("SELECT action, subject, target, done_by, done_at FROM editorial_log ORDER BY rowid").fetchall()
        return self._db.execute("SELECT action, subject, target, done_by, done_at FROM editorial_log"
                                " WHERE subject = ? OR target = ? ORDER BY rowid", (subject, subject)).fetchall()

    def _log(self, action: str, subject: str, target: str | None, user: str, at: str) -> None:
        self._db.execute("INSERT INTO editorial_log(action, subject, target, done_by, done_at) VALUES (?, ?, ?, ?, ?)",
                         (action, subject, target, user, at))
        self.bump_grouping_generation()

    def _count_members(self, story_ids: Iterable[str]) -> None:
        """Recompute the size and dates columns of these stories from their members."""
        self._db.executemany(
            "UPDATE stories SET n_articles = (SELECT count(*) FROM story_articles WHERE story_id = :s),"
            " first_published = (SELECT min(a.published) FROM story_articles m JOIN articles a ON a.id = m.article_id"
            " WHERE m.story_id = :s),"
            " last_published = (SELECT max(a.published) FROM story_articles m JOIN articles a ON a.id = m.article_id"
            " WHERE m.story_id = :s) WHERE id = :s",
            [{"s": sid} for sid in story_ids],
        )
        self._fill_filter_columns(story_ids)

    def _fill_filter_columns(self, story_ids: Iterable[str]) -> None:
        """Recompute the filter columns (0007: languages, sources, hosts) of these stories from their members."""
        from ..outlets import url_host

        for chunk in _chunks(sorted(set(story_ids)), 500):
            found: dict[str, tuple[set, set, set]] = {sid: (set(), set(), set()) for sid in chunk}
            marks = ",".join("?" * len(chunk))
            for sid, language, source, url in self._db.execute(
                "SELECT m.story_id, a.language, a.source, a.url FROM story_articles m JOIN articles a ON a.id = m.article_id"
                f" WHERE m.story_id IN ({marks})", chunk
            ):
                langs, sources, hosts = found[sid]
                langs.add(language)
                sources.add(source)
                hosts.add(url_host(url))
            self._db.executemany(
                "UPDATE stories SET languages = ?, sources = ?, hosts = ? WHERE id = ?",
                [(_packed(l), _packed(s), _packed(h), sid) for sid, (l, s, h) in found.items()],
            )

    def delete_stories(self, ids: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in ids])

    def story_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM stories ORDER BY id")]

    def membership(self) -> dict[str, str]:
        """article_id -> story_id for every grouped article (a whole-store read: ``analyze`` only)."""
        return dict(self._db.execute("SELECT article_id, story_id FROM story_articles"))

    def membership_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """article_id -> story_id of those of ``article_ids`` that are in a story."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self._db.execute(f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({marks})", chunk))
        return out


    def story(self, story_id: str) -> Story | None:
        row = self._db.execute("SELECT id, title, data FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        ids = [
            r[0]
            for r in self._db.execute(
                "SELECT m.article_id FROM story_articles m JOIN articles a ON a.id = m.article_id"
                " WHERE m.story_id = ? ORDER BY a.published IS NULL, a.published, a.rowid",
                (story_id,),
            )
        ]
        data = json.loads(row[2])
        members = set(ids)
        data.update(id=row[0], title=row[1], article_ids=ids,
                    citations={a: n for a, n in self._numbers(story_id) if a in members})
        return story_from_dict(data)

    def story_ids_like(self, prefix: str) -> list[str]:
        """Ids of the stories starting with ``prefix``, taken literally (``%`` and ``_`` are plain characters)."""
        return [
            r[0]
            for r in self._db.execute(
                "SELECT id FROM stories WHERE substr(id, 1, ?) = ? ORDER BY id", (len(prefix), prefix)
            )
        ]

    def summaries(
        self, ids: Iterable[str] | None = None, limit: int | None = None, filters: StoryFilter | None = None
    ) -> list[StorySummary]:
        """Stories (those of ``ids``, else every one) that pass ``filters``, newest first, then
        last written, then largest; at most ``limit``. Read from the summary columns: no
        story's data is parsed."""
        where, args = (filters or StoryFilter()).where()
        if ids is None:
            sql = f"SELECT {_SUMMARY_COLUMNS} FROM stories WHERE n_articles > 0 AND {where} ORDER BY {_LISTING_ORDER}"
            if limit is not None:
                sql += f" LIMIT {int(limit)}"
            return [StorySummary(*r) for r in self._db.execute(sql, args)]
        rows = []
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
            marks = ",".join("?" * len(chunk))
            rows += self._db.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM stories WHERE n_articles > 0 AND id IN ({marks}) AND {where}", [*chunk, *args]
            ).fetchall()
        out = [StorySummary(*r) for r in rows]
        out.sort(key=lambda s: s.id)
        out.sort(key=lambda s: (s.last_published or "", s.updated_at, s.n_articles), reverse=True)
        return out[:limit] if limit is not None else out


class ArticleRow(NamedTuple):
    """An article as the columns of its ``articles`` row, JSON fields already encoded.

    Built by ``article_row`` (in a worker process, say: a tuple of strings is
    much cheaper to send between processes than the ``Article`` record).
    """

    id: str
    content_hash: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    origin: str
    text: str
    sentences: str  # JSON [[start, end], ...]
    # JSON {"removed": [{"text", "reason", "at"}], "inferred": {field: reason}}; rows written
    # before ``inferred`` existed hold the bare list (read as nothing inferred), so no migration
    removed: str
    quality: float
    quality_why: str  # JSON [reason]
    author: str | None = None  # 0008


def article_row(a: Article) -> ArticleRow:
    """The row ``put_article`` writes for ``a``."""
    return ArticleRow(
        a.id,
        a.content_hash,
        a.title,
        a.source,
        a.url,
        a.published,
        a.language,
        a.origin,
        a.text,
        json.dumps([[s.start, s.end] for s in a.sentences]),
        json.dumps(
            {"removed": [{"text": r.text, "reason": r.reason, "at": r.at} for r in a.removed], "inferred": dict(a.inferred)},
            ensure_ascii=False,
        ),
        a.quality.score,
        json.dumps(list(a.quality.reasons), ensure_ascii=False),
        a.author,
    )


def _article(r: tuple) -> Article:
    (aid, chash, title, source, url, published, language, origin, text, sents, removed, quality, why, author) = r
    pieces = json.loads(removed)
    inferred = ()
    if isinstance(pieces, dict):
        pieces, inferred = pieces.get("removed", []), inferred_from(pieces.get("inferred"))
    return Article(
        id=aid,
        text=text,
        sentences=sentences_from_offsets(text, json.loads(sents)),
        title=title,
        source=source,
        url=url,
        published=published,
        language=language,
        removed=removed_from(pieces),
        quality=quality_from(quality, json.loads(why)),
        origin=origin,
        content_hash=chash,
        inferred=inferred,
        author=author,
    )


def _printable(text: str) -> str:
    """``text`` with what UTF-8 cannot hold (lone surrogates) escaped, for a message."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script (a trigger's body keeps its own ';')."""
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    out, buf = [], ""
    for piece in "\n".join(lines).split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip().rstrip(";").strip())
            buf = ""
    if buf.strip(" \n;"):
        out.append(buf.strip().rstrip(";").strip())
    return out
