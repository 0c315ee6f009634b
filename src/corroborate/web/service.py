"""The store behind the web server: reads in snapshots, the catalog, and the writer.

Reads the SQLite store through ``Store`` and writes only through the library jobs
(``writes.Writer``: ``pipeline.ingest_paths`` then ``group_new``, which re-derives the
touched stories' provenance, claims and brief). Knows nothing of HTTP.

Concurrency:

- every request thread reads through its own ``Store`` connection, inside a
  deferred read transaction, so that one page sees one committed state of the
  store (SQLite WAL: readers never wait for the writer);
- one writer connection, used by one add at a time (``writes.Writer``); the store's
  own ``BEGIN IMMEDIATE`` transactions keep a crash from leaving half a write.
  Another process grouping the same file (a cron ``corroborate add``) is caught at
  commit: a grouping writes only if no other was committed since it read the store,
  else it plans again (``pipeline._regroup``); another process holding the write
  lock (a long ``analyze``) makes adds wait in the writer's queue.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Iterator, Mapping, Sequence

from ..store import Store, StoreLike
from . import uploads
from .bodies import check_json_lines, check_record_count
from .catalog import Catalog, StoryCard
from .writes import AddJob, AddResult, Writer


class Service:
    """The store a server reads and writes: per-thread readers, the catalog, one writer."""

    def __init__(self, db_path: str, settings: Mapping[str, Mapping[str, Any]], *, read_only: bool = False):
        self.db_path = str(db_path)
        self.read_only = read_only
        web = dict(settings["web"])
        pipe = dict(settings["pipeline"], workers=int(web["workers"]))
        self.settings = {k: dict(v) for k, v in settings.items()} | {"pipeline": pipe}
        self.web = web
        self.catalog = Catalog()
        self.generation = 0
        self._local = threading.local()
        self._open: list[Store] = []
        self._open_lock = threading.Lock()
        self.writer = Writer(self.db_path, self.settings, web, self._written)
        # fail early (StoreError) on an unusable file; migrate once (a read-only service never writes:
        # every connection it opens is read-only, and a store needing migration is refused)
        Store(self.db_path, read_only=read_only).close()

    # -- connections ------------------------------------------------------
    def _reader(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.db_path, read_only=self.read_only)
            self._local.store = store
            with self._open_lock:
                self._open.append(store)
        return store

    @contextmanager
    def reading(self) -> Iterator[tuple[Store, int]]:
        """(this thread's store inside a read snapshot, the write generation it has seen)."""
        generation = self.generation  # read before the snapshot starts: it holds at least these writes
        store = self._reader()
        with store.snapshot():  # a deferred read transaction (Store.transaction() would take the write lock)
            yield store, generation

    def close(self) -> None:
        self.writer.close()
        with self._open_lock:
            for store in self._open:
                try:
                    store.close()
                except Exception:  # noqa: BLE001 - a connection of a finished thread
                    pass
            self._open.clear()

    # -- reads ------------------------------------------------------------
    def cards(self, store: StoreLike, generation: int) -> list[StoryCard]:
        return self.catalog.cards(store, generation)

    def _written(self, story_ids: Sequence[str]) -> None:
        self.generation += 1
        self.catalog.mark_dirty(story_ids, self.generation)

    # -- jobs (the web layer submits them; the methods below run them at once) --------
    def records_job(self, records: list[Any]) -> AddJob:
        """JSON records (the ``.json`` input format); origins read ``request[i]``."""
        check_record_count(len(records), int(self.web["max_records"]))
        return AddJob(uploads.stage_records(records))

    def jsonl_job(self, body: bytes) -> AddJob:
        """A JSON Lines body; origins read ``request:LINE``."""
        check_json_lines(body, int(self.web["max_records"]))
        return AddJob(uploads.stage_jsonl(body))

    def form_job(self, text: str, fields: Mapping[str, str], files: Sequence[tuple[str | None, bytes]]) -> AddJob:
        """Pasted text and uploaded files of one form, as one add."""
        staged, refused = uploads.stage_files(files, int(self.web["max_records"])) if files else ([], [])
        if text.strip():
            staged = uploads.stage_text(text, **fields) + staged
        return AddJob(staged, refused)

    def _run(self, job: AddJob) -> AddResult:
        if self.read_only:
            raise PermissionError("read-only")
        result = self.writer.run(job)
        assert result is not None
        return result

    def add_records(self, records: list[Any]) -> AddResult:
        return self._run(self.records_job(records))

    def add_jsonl(self, body: bytes) -> AddResult:
        return self._run(self.jsonl_job(body))

    def add_text(self, text: str, **fields: str) -> AddResult:
        return self._run(AddJob(uploads.stage_text(text, **fields)))

    def add_files(self, files: Sequence[tuple[str | None, bytes]]) -> AddResult:
        """Uploaded ``(client file name, bytes)``; the name's stem is the article id, as for ``add``."""
        return self._run(self.form_job("", {}, files))
