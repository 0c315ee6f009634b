"""The write path: every add is a job that one writer runs, one at a time.

    request --stage--> AddJob --submit--> bounded queue --writer thread--> ingest_paths, group_new
                                  │ full: QueueFull (503 + Retry-After)
                                  └ store held by another process: the job waits (state "waiting")
                                    and the request is answered 202 with /api/adds/{id}; the queue
                                    drains when the lock frees

A job's inputs are written under names we chose into a private temporary folder,
ingested in one transaction (``chunk`` covers a whole request, so a busy store
means nothing was written and the job simply runs again), then grouped. A
``StoreBusy`` from either step is contention, not a bad text: the writer probes
the lock every ``web.write_retry_s`` and carries on where it stopped. Any other
grouping failure regroups without claims so that no article is left out of its
story (``GroupingFailed``).
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from ..errors import StoreBusy
from ..model import Rejection
from ..store import Store
from .catalog import StoryCard
from .errors import GroupingFailed, QueueFull
from .uploads import Staged, relabel

if TYPE_CHECKING:  # the pipeline (analysis code) is imported by the first write, not at server start
    from .. import pipeline

log = logging.getLogger("corroborate.web")

FINISHED = ("done", "failed")


@dataclass(slots=True)
class AddResult:
    """What one add did, with input origins as the client named them."""

    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[Rejection] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)

    def to_dict(self, cards: Mapping[str, StoryCard]) -> dict[str, Any]:
        return {
            "added": self.added,
            "existing": self.existing,
            "skipped": [{"origin": r.origin, "reason": r.reason} for r in self.skipped],
            "rejected": [{"origin": r.origin, "reason": r.reason} for r in self.rejected],
            "stories": [cards[s].summary() for s in self.stories if s in cards],
        }

    @property
    def status(self) -> int:
        """201 when something was added, 200 when every article was already stored (or deleted by a
        user: skipped, named), 422 when none could be used."""
        return 201 if self.added else 200 if self.existing or self.skipped else 422


@dataclass(eq=False)
class AddJob:
    """One add: its staged inputs and, once run, its result or error.

    ``state``: queued, waiting (the store is held by another process), running, done, failed.
    """

    inputs: list[Staged]
    early: list[Rejection] = field(default_factory=list)  # refused before ingest (an upload's type)
    id: str = field(default_factory=lambda: "add-" + secrets.token_hex(8))
    state: str = "queued"
    result: AddResult | None = None
    error: BaseException | None = None
    _listeners: list[Callable[[], None]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(s.data) for s in self.inputs)

    def listen(self, wake: Callable[[], None]) -> None:
        """Call ``wake`` (from the writer thread) whenever the job's state changes."""
        self._listeners.append(wake)

    def _set(self, state: str) -> None:
        self.state = state
        for wake in list(self._listeners):
            wake()


class Writer:
    """Runs add jobs one at a time on one writer connection: ``run`` in the calling thread,
    ``submit`` through a bounded queue served by a writer thread."""

    def __init__(
        self, db_path: str, settings: Mapping[str, Mapping[str, Any]], web: Mapping[str, Any],
        on_written: Callable[[Sequence[str]], None],
    ):
        self.db_path = db_path
        self.settings = settings
        self.on_written = on_written
        self.max_pending = int(web["max_pending_writes"])
        self.max_pending_bytes = int(web["max_pending_bytes"])
        self.kept = int(web["kept_adds"])
        self.lock_wait = float(web["write_lock_wait_s"])
        self.retry = float(web["write_retry_s"])
        self.chunk = int(web["max_records"]) + int(web["max_upload_files"]) + 1  # one request, one transaction
        self.blocked = False  # another process holds the store's write lock
        self._lock = threading.Lock()  # one job at a time
        self._cond = threading.Condition()
        self._queue: deque[AddJob] = deque()
        self._jobs: OrderedDict[str, AddJob] = OrderedDict()
        self._thread: threading.Thread | None = None
        self._closing = False
        self._store: Store | None = None

    # -- the queue ------------------------------------------------------------
    def submit(self, job: AddJob) -> AddJob:
        """Queue ``job`` for the writer thread; ``QueueFull`` past ``web.max_pending_writes``
        jobs or ``web.max_pending_bytes`` of queued input."""
        with self._cond:
            if len(self._queue) >= self.max_pending:
                raise QueueFull(f"{len(self._queue)} adds are waiting; try again in a moment (web.max_pending_writes)")
            if sum(j.size for j in self._queue) + job.size > self.max_pending_bytes:
                raise QueueFull("the adds waiting hold too much input; try again in a moment (web.max_pending_bytes)")
            self._remember(job)
            self._queue.append(job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="corroborate-writer", daemon=True)
                self._thread.start()
            self._cond.notify()
        return job

    def job(self, job_id: str) -> AddJob | None:
        with self._cond:
            return self._jobs.get(job_id)

    def kept_ids(self) -> list[str]:
        """The ids of the adds whose state or result is kept (the last ``web.kept_adds``)."""
        with self._cond:
            return list(self._jobs)

    def _remember(self, job: AddJob) -> None:
        self._jobs[job.id] = job
        while len(self._jobs) > self.kept:
            oldest = next(iter(self._jobs.values()))
            if oldest.state not in FINISHED:
                break
            self._jobs.popitem(last=False)

    def _serve(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._cond.wait()
                if self._closing:
                    for job in self._queue:
                        job.error = RuntimeError("the server stopped before this add ran")
                        job._set("failed")
                    return
                job = self._queue[0]
            self.run(job, raise_error=False)
            with self._cond:
                self._queue.popleft()

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self._drop_store()

    # -- running a job ----------------------------------------------------------
    def run(self, job: AddJob, *, raise_error: bool = True) -> AddResult | None:
        """Run ``job`` now in this thread (after any job running); its result, or its error raised."""
        with self._lock:
            job._set("running")
            try:
                job.result = self._add(job)
            except BaseException as exc:  # noqa: BLE001 - kept on the job, answered by the web layer
                job.error = exc
                job.inputs = []
                job._set("failed")
                if raise_error:
                    raise
                if not isinstance(exc, Exception):
                    raise
                return None
            job.inputs = []  # the bytes are not needed any more
            job._set("done")
            return job.result

    def _writer(self) -> Store:
        if self._store is None:
            self._store = Store(self.db_path, lock_wait=self.lock_wait)
        return self._store

    def _drop_store(self) -> None:
        if self._store is not None:
            try:
                self._store.close()
            except Exception:  # noqa: BLE001 - closing a connection a failed job left behind
                log.warning("closing the writer connection failed", exc_info=True)
            self._store = None

    def _wait_until_free(self, job: AddJob) -> None:
        """Another process holds the write lock: mark the queue blocked (the requests waiting on
        it are answered 202) and probe the lock until it is free."""
        log.warning("the store's write lock is held by another process; %s waits", job.id)
        self._drop_store()
        self.blocked = True
        job._set("waiting")
        with self._cond:
            waiting = list(self._queue)
        for other in waiting:
            if other is not job:
                other._set(other.state)  # wake their requests: the writer is blocked
        try:
            while True:
                if self._closing:
                    raise RuntimeError("the server stopped while the store was held by another process")
                time.sleep(self.retry)
                try:
                    with self._writer().transaction():
                        break
                except StoreBusy:
                    continue
        finally:
            self.blocked = False
        job._set("running")

    def _add(self, job: AddJob) -> AddResult:
        from .. import pipeline

        with tempfile.TemporaryDirectory(prefix="corroborate-web-") as tmp:
            root = Path(tmp)
            paths = []
            for item in job.inputs:
                target = root / item.rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(item.data)
                paths.append(target)
            shown = relabel(root, job.inputs)
            run = self._ingest(job, paths, lambda o: "web: " + shown(o)) if paths else pipeline.RunResult()
            strip = str(root) + "/"
        written, failed = self._group(job, run.added)  # also any article an earlier failure left pending
        membership = self._writer().membership()
        stories = list(dict.fromkeys(membership[a] for a in run.added + run.existing if a in membership))
        if failed is not None:
            raise failed

        def label(origin: str) -> str:
            return origin[len("web: "):] if origin.startswith("web: ") else origin

        return AddResult(
            added=run.added,
            existing=run.existing,
            skipped=[Rejection(label(r.origin), r.reason) for r in run.skipped],
            rejected=job.early + [Rejection(label(r.origin), r.reason.replace(strip, "")) for r in run.rejected],
            stories=stories,
        )

    def _ingest(self, job: AddJob, paths: list[Path], rename: Callable[[str], str]) -> "pipeline.RunResult":
        from .. import pipeline

        while True:
            try:
                return pipeline.ingest_paths(self._writer(), paths, self.settings, chunk=self.chunk, rename=rename)
            except StoreBusy:  # one transaction for the whole request: nothing was written
                self._wait_until_free(job)
            except BaseException:
                self._drop_store()  # a fresh connection for the next add, whatever state this one is in
                raise

    def _group(self, job: AddJob, added: Sequence[str]) -> tuple[list[str], GroupingFailed | None]:
        """Group the pending articles; (stories written, the failure to answer with, if any)."""
        from .. import pipeline

        while True:
            try:
                written = pipeline.group_new(self._writer(), self.settings)
                self.on_written(written)
                return written, None
            except StoreBusy:
                self._wait_until_free(job)
            except Exception as exc:  # noqa: BLE001 - the articles are stored: keep the service usable
                written, failed = self._group_after_failure(exc, added)
                self.on_written(written)
                return written, failed

    def _group_after_failure(self, exc: Exception, added: Sequence[str]) -> tuple[list[str], GroupingFailed]:
        """After ``group_new`` raised ``exc``: group the pending articles again without claims and
        briefs (the stages most likely to fail on one odd text), on a fresh connection, so that no
        article is left out of its story. Should that fail too, the articles stay pending and the
        next add groups them (``group_new`` takes every pending article)."""
        from .. import pipeline

        log.error("grouping the pending articles failed", exc_info=exc)
        self._drop_store()
        why = type(exc).__name__
        plain = {k: dict(v) for k, v in self.settings.items()}
        plain["pipeline"]["claims"] = False
        try:
            written = pipeline.group_new(self._writer(), plain)
        except Exception as again:  # noqa: BLE001
            log.error("grouping the pending articles without claims failed too", exc_info=again)
            self._drop_store()
            message = (
                f"the articles were stored, but grouping them into stories failed ({why}); they stay pending"
                " and the next add retries grouping them; the server log has the details"
            )
            return [], GroupingFailed(message, list(added))
        message = (
            f"the articles were stored, but deriving their stories failed ({why}); they were grouped into"
            f" {len(written)} stor{'y' if len(written) == 1 else 'ies'} without claims or briefs, which the next add"
            " touching those stories recomputes; the server log has the details"
        )
        return written, GroupingFailed(message, list(added))
