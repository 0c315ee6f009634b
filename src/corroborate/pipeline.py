"""The library's main jobs, over the store: the CLI and the web layer call these.

    ingest_paths   files/folders -> cleaned Articles stored (one transaction per chunk)
    group_batch    every stored article -> stories, recomputed at once (``analyze``)
    group_new      pending articles -> existing or new stories, nothing else recomputed (``add``);
                   reads only the stored stories near them (the store's persisted postings)
    derive         one story's derived data from its articles (store-free: provenance,
                   independence groups, claims, brief); the jobs and the benches call it

Each job reads records from the store, calls the stage functions (``corroborate.stages``), and writes
the results back in a transaction. Stage functions never see the store. The jobs
are edges: given no settings they build ``config.settings()`` once; the stages
below them get the settings passed down (worker processes too, as plain dicts).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from . import config, editorial, stages
from .claims.story import story_claims  # a seam: tests patch it here (see derive)
from .clean import content_hash
from .errors import InputError
from .features import vectors
from .ingest import read_inputs
from .ingest.ids import same_article
from .model import Article, RawDoc, Rejection, Story, StoryPrior
from .parallel import pmap, worker_count
from .store import Store, StoreLike  # Store: the SQLite backend, opened by worker processes
from .store.report import report_for  # re-exported: the jobs' callers build reports here
from .store.sqlite import ArticleRow, article_row
from .stories import StoryIndex, story_settings
from .stories.crosslingual import multilingual
from .stories.index import day_number, index_terms, refreshes

Progress = Callable[[int], None]
# (store, [(story id, article ids)], settings) -> the Stories, derived (see _derive_all)
DeriveAll = Callable[[StoreLike, list[tuple[str, list[str]]], Mapping[str, Mapping[str, Any]]], Iterable[Story]]
log = logging.getLogger(__name__)


@dataclass(slots=True)
class RunResult:
    """What one run did: new articles, no-ops, rejected inputs, stories touched."""

    added: list[str] = field(default_factory=list)
    skipped: list[Rejection] = field(default_factory=list)  # already stored: a no-op, not an error
    existing: list[str] = field(default_factory=list)  # ids of the stored articles those no-ops name
    rejected: list[Rejection] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)


def _noop(_: int) -> None:
    return None


# -- ingest -------------------------------------------------------------------
def ingest_paths(
    store: StoreLike,
    paths: Iterable[str | Path],
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    progress: Progress = _noop,
    chunk: int | None = None,
    rename: Callable[[str], str] | None = None,
) -> RunResult:
    """Read, clean and store new articles. Re-adding a stored article is a no-op.

    ``rename`` rewrites each input's origin before it is stored or reported
    (the web layer reads uploads from a private temporary folder and stores
    the name the client gave instead).

    Articles are written in transactions of ``chunk`` articles together with
    their feature counts and the document frequencies, so the store is
    consistent at every commit. They are left *pending* (in no story) until a
    grouping job runs.

    One bad input never costs another: ingest rejects each bad record alone
    (``ingest.validate_record``), a record whose cleaning or features fail is
    rejected alone, and a row the store cannot take is rolled back alone
    (``Store.put_article`` raises ``InputError``) while its chunk commits.
    """
    settings = settings or config.settings()
    items = read_inputs(paths, settings["ingest"])
    if rename is not None:
        items = (replace(item, origin=rename(item.origin)) for item in items)
    prepare = partial(_prepare_many, settings={"clean": dict(settings["clean"])})
    return store_prepared(store, _maybe_parallel(prepare, items, settings, batch=PREPARE_BATCH), settings, progress, chunk)


def store_prepared(
    store: StoreLike,
    items: Iterable[tuple[ArticleRow, bytes] | Rejection],
    settings: Mapping[str, Mapping[str, Any]],
    progress: Progress = _noop,
    chunk: int | None = None,
) -> RunResult:
    """Store prepared articles (``_prepare``'s rows and encoded counts, in input order)
    as ``ingest_paths`` does: duplicates are no-ops, rejections are reported, and the
    document frequencies and postings are written with each chunk. The engines that
    prepare elsewhere (``corroborate.engines.ray``) write through this too."""
    chunk = chunk or int(settings["pipeline"]["chunk"])
    result = RunResult()
    seen_hash: dict[str, list[tuple[str, str | None]]] = {}  # content hash -> (id, url) stored by this run
    batch: list[tuple[ArticleRow, bytes]] = []
    df: vectors.DocFreq | None = None

    def flush() -> None:
        nonlocal df
        if not batch:
            return
        with store.transaction():
            # under the write lock: are the counts we hold stale (the first chunk, or another
            # process stored articles since our last one)?
            stale = df is None or store.doc_freq_count() != df.n_docs
            if stale:
                n_docs, blob = store.doc_freq()
                df = vectors.DocFreq.from_bytes(n_docs, blob) if blob else vectors.DocFreq()
            cap = _index_cap(store, df.n_docs, settings)  # each chunk: another process may have indexed the store
            added = []
            for row, counts in batch:
                if stale and _duplicate(store, row, _hashes(row), {}, result):  # stored by another process meanwhile
                    continue
                try:
                    store.put_article(row, counts)
                except InputError as exc:  # this row alone is rolled back; the chunk goes on
                    result.rejected.append(Rejection(exc.origin, exc.reason))
                    continue
                features = vectors.decode_arrays(counts)[0]
                df.add(features.tolist())
                if cap is not None:  # post it under its features still rare (see Store.posted)
                    store.put_postings(row.id, features[df.df[features] <= cap].tolist())
                added.append(row.id)
            store.put_doc_freq(df.n_docs, df.to_bytes())
        result.added.extend(added)
        batch.clear()

    for item in items:
        progress(1)
        if isinstance(item, Rejection):
            result.rejected.append(item)
            continue
        row, counts = item
        try:
            hashes = _hashes(row)
            if _was_deleted(store, row, hashes, result):
                continue
            if _duplicate(store, row, hashes, seen_hash, result):
                continue
        except ValueError as exc:  # an id or hash the store cannot look up: this input alone is rejected
            result.rejected.append(Rejection(row.origin, f"cannot be looked up in the store: {type(exc).__name__}"))
            continue
        seen_hash.setdefault(row.content_hash, []).append((row.id, row.url))
        batch.append((row, counts))
        if len(batch) >= chunk:
            flush()
    flush()
    return result


def _index_cap(store: StoreLike, n_docs: int, settings: Mapping[str, Mapping[str, Any]]) -> int | None:
    """The cap new articles are posted under (inside the ingest's transaction): the store's,
    or on an empty store the ``[stories] max_posting`` setting; None when the store has
    articles but no index yet (``index_store`` builds it at the next grouping)."""
    cap = store.index_cap()
    if cap is None and n_docs == 0:
        cap = int(settings["stories"]["max_posting"])
        store.reset_index(cap)
    return cap


def index_store(store: StoreLike, settings: Mapping[str, Mapping[str, Any]] | None = None) -> bool:
    """Build the store's persisted story index (postings, ``Store.posted``) when it has
    none or one built for a lower ``[stories] max_posting``: one pass over every stored
    feature blob, in arrival order, so each article is posted as the ingest would have
    posted it. Returns whether it built one. ``group_new`` calls it; after that each
    ingest keeps the index up to date with its articles."""
    settings = settings or config.settings()
    cap = int(settings["stories"]["max_posting"])
    if (store.index_cap() or -1) >= cap:
        return False
    with store.transaction():
        if (store.index_cap() or -1) >= cap:  # another process built it meanwhile
            return False
        store.reset_index(cap)
        df = vectors.DocFreq()
        for aid, _, blob in store.features():
            features = vectors.decode_arrays(blob)[0]
            df.add(features.tolist())
            store.put_postings(aid, features[df.df[features] <= cap].tolist())
    log.info("%s: story index built (cap %d)", store.path, cap)
    return True


def _hashes(row: ArticleRow) -> list[str]:
    """The content hashes an input may be stored under: its own, and, for a titled input, that of
    its headline and text together (a JSON record stored before its text was split: ``ingest.validate``)."""
    return [row.content_hash, *([content_hash(f"{row.title}\n{row.text}")] if row.title else [])]


def _duplicate(
    store: StoreLike, row: ArticleRow, hashes: Sequence[str], seen_hash: Mapping[str, list[tuple[str, str | None]]],
    result: RunResult,
) -> bool:
    """Whether ``row`` is already stored (or earlier in this run); if so, record why in ``result``.

    One article, one record (``ingest.ids``): the same normalised text is the stored article,
    by whatever route either came, unless both have URLs and they differ (``same_article``).
    A titled input also matches an article stored with its headline inside its text (a JSON
    record stored before its text was split into headline and body: ``ingest.validate``). An id
    stored for the same text at another URL names another article: rejected, unless some stored
    article is this one."""
    stored_hash = store.article_hash(row.id)
    stored_url = None
    if stored_hash in hashes:
        stored_url = next((url for aid, url in store.ids_for_hash(stored_hash) if aid == row.id), None)
        if same_article(row.url, stored_url):
            result.skipped.append(Rejection(row.origin, f"already stored as {row.id}"))
            result.existing.append(row.id)
            return True
    elif stored_hash is not None:
        result.rejected.append(
            Rejection(row.origin, f"id {row.id!r} is already stored with a different text; give it another id")
        )
        return True
    # the stored ones first, in arrival order: an input without a URL names the article first stored
    candidates = [*(c for h in hashes for c in store.ids_for_hash(h)), *seen_hash.get(row.content_hash, ())]
    same = next((aid for aid, url in candidates if same_article(row.url, url)), None)
    if same is not None:
        result.skipped.append(Rejection(row.origin, f"same text as article {same}, already stored"))
        result.existing.append(same)
        return True
    if stored_hash is not None:  # its id names the same text at another URL: another article
        result.rejected.append(Rejection(row.origin, f"id {row.id!r} is already stored for the same text at another"
                                                     f" URL ({stored_url}); give it another id"))
        return True
    return False


def _was_deleted(store: StoreLike, row: ArticleRow, hashes: Sequence[str], result: RunResult) -> bool:
    """Whether ``row`` is an article a user deleted (the same id or text, ``hashes``): skipped, named (0011)."""
    gone = store.deleted(row.id, hashes)
    if gone is None:
        return False
    result.skipped.append(Rejection(row.origin, f"article {gone[0]} was deleted by {gone[1]} at {gone[2]};"
                                                " a deleted article is not added again"))
    return True


def _prepare(item: RawDoc | Rejection, settings: Mapping[str, Mapping[str, Any]]) -> tuple[ArticleRow, bytes] | Rejection:
    """``stages.prepare`` (clean + features of one input), as its store row and encoded
    feature counts (runs in a worker; ``settings`` needs ``[clean]`` only).

    Plain strings and bytes cost a fraction of an ``Article`` to send back from a
    worker process.
    """
    prepared = stages.prepare(item, settings)
    if isinstance(prepared, Rejection):
        return prepared
    try:
        return article_row(prepared.article), vectors.encode(prepared.counts)
    except Exception as exc:  # noqa: BLE001 - this article alone is rejected
        return Rejection(prepared.article.origin, f"could not be featurised: {type(exc).__name__}: {exc}")


# Inputs prepared per call (``stages.prepare_many``): the vectorised features pay numpy's fixed
# cost once per batch (measured: 16 and more are alike, 4 costs a quarter more per article).
PREPARE_BATCH = 32


def _prepare_many(
    items: list[RawDoc | Rejection], settings: Mapping[str, Mapping[str, Any]]
) -> list[tuple[ArticleRow, bytes] | Rejection]:
    """``_prepare`` of each item, the features of all counted at once (``stages.prepare_many``)."""
    out: list[tuple[ArticleRow, bytes] | Rejection] = []
    for prepared in stages.prepare_many(items, settings):
        if isinstance(prepared, Rejection):
            out.append(prepared)
            continue
        try:
            out.append((article_row(prepared.article), vectors.encode(prepared.counts)))
        except Exception as exc:  # noqa: BLE001 - this article alone is rejected
            out.append(Rejection(prepared.article.origin, f"could not be featurised: {type(exc).__name__}: {exc}"))
    return out


def _maybe_parallel(func: Callable, items: Iterable, settings: Mapping[str, Mapping[str, Any]], **kw: Any):
    """``map(func, items)``, in worker processes when there are enough items."""
    cfg = settings["pipeline"]
    items = iter(items)
    head = list(itertools.islice(items, int(cfg["parallel_min_items"])))
    workers = worker_count(int(cfg["workers"])) if len(head) == int(cfg["parallel_min_items"]) else 1
    return pmap(func, itertools.chain(head, items), workers=workers, **kw)


# -- grouping -----------------------------------------------------------------
def story_id_for(article_ids: Iterable[str]) -> str:
    """A stable id for a new story: a hash of its first member's id."""
    return "st-" + hashlib.blake2b(min(article_ids).encode(), digest_size=5).hexdigest()


def group_batch(
    store: StoreLike, settings: Mapping[str, Mapping[str, Any]] | None = None, derive_all: DeriveAll | None = None
) -> list[str]:
    """Re-group every stored article at once; keep story ids where stories persist.

    ``derive_all`` computes the changed stories' derived data (default: here, in
    worker processes when many; the Ray engine passes its own).

    A new cluster takes the id of the stored story it overlaps most (each id
    once), so that links to stories survive a re-run. Returns the ids of the
    stories whose membership changed.
    """
    return _regroup(store, settings or config.settings(), partial(_plan_batch, derive_all=derive_all or _derive_all))


def _plan_batch(
    store: StoreLike, settings: Mapping[str, Mapping[str, Any]], derive_all: DeriveAll
) -> tuple[list[str], Callable[[], None]]:
    rows = store.features()
    published = store.published()
    ids = [aid for aid, _, _ in rows]
    clusters = stages.group(ids, [vectors.decode_arrays(blob) for _, _, blob in rows], [published[a] for a in ids], settings)
    del rows
    old = store.membership()
    old_members: dict[str, set[str]] = {}
    for aid, sid in old.items():
        old_members.setdefault(sid, set()).add(aid)

    assigned: dict[str, list[str]] = {}
    taken: set[str] = set()
    # biggest clusters choose first, so a big story keeps its id over a split-off
    for members in sorted(clusters, key=lambda c: (-len(c), min(c))):
        votes: dict[str, int] = {}
        for aid in members:
            if aid in old:
                votes[old[aid]] = votes.get(old[aid], 0) + 1
        choice = next((sid for sid, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if sid not in taken), None)
        if choice is None:
            choice = story_id_for(members)
            while choice in taken or choice in old_members:
                choice = story_id_for([choice + "'"])
        taken.add(choice)
        assigned[choice] = sorted(members)
    assigned = _constrained(assigned, store.editorial_decisions())

    changed = [sid for sid, members in assigned.items() if set(members) != old_members.get(sid)]
    gone = [sid for sid in old_members if sid not in assigned]
    stories = list(derive_all(store, [(sid, assigned[sid]) for sid in changed], settings))
    if derive_all is not _derive_all:  # an engine's derive (Ray) knows no priors: settle its stories here
        priors = store.story_priors(s.id for s in stories)
        stories = [stages.settle(s, store.articles(s.article_ids), priors.get(s.id), settings) for s in stories]

    def write() -> None:
        store.delete_stories(gone)
        for story in stories:
            store.put_story(story)

    return changed, write


def group_new(store: StoreLike, settings: Mapping[str, Mapping[str, Any]] | None = None) -> list[str]:
    """Assign pending articles to stored stories or open new ones (incremental).

    Builds a story index of the stored stories near the pending articles
    (``_near_stored``: found through the postings persisted in the store, so the
    cost does not grow with the store; the whole store is read only while it has
    no index or when these adds grow it by a quarter), adds each pending article
    in (published, arrival) order, and recomputes the derived data of the touched
    stories only; the grouping is the one an index of the whole store gives.
    The index may re-link the few stories a new article touches (they can
    merge or split), and re-links every story of a small store (``[stories]
    relink_max``) when the adds grow it by a quarter; other stories are left
    as they are. Returns the ids of the stories written.
    """
    settings = settings or config.settings()
    index_store(store, settings)
    return _regroup(store, settings, _plan_new)


def _plan_new(store: StoreLike, settings: Mapping[str, Mapping[str, Any]]) -> tuple[list[str], Callable[[], None]]:
    pending = store.pending_ids()
    if not pending:
        return [], lambda: None
    n_docs, blob = store.doc_freq()
    df = vectors.DocFreq.from_bytes(n_docs, blob) if blob else vectors.DocFreq()
    pending_counts = {aid: vectors.decode(b) for aid, b in store.features_of(pending).items()}
    for counts in pending_counts.values():
        df.remove(counts)  # the index counts them again as it adds them
    published = store.published(pending)
    order = sorted(pending, key=lambda a: (published[a] is None, published[a] or ""))
    rows = _near_stored(store, settings, df, order, pending_counts, published)
    if rows is None:  # no usable index, or these adds re-weight the whole store: read it all
        rows = [r for r in store.features() if r[1] is not None]
        published = store.published()
    else:
        published.update(store.published([aid for aid, _, _ in rows]))
    stored = [(aid, sid, vectors.decode(b)) for aid, sid, b in rows]
    membership = {aid: sid for aid, sid, _ in rows}
    del rows
    index = StoryIndex(settings, df, stored, published)
    del stored
    for aid in order:
        index.add_counts(aid, pending_counts[aid], published[aid])

    keys = sorted(set(index.changes().values()))
    existing = {s.id for s in store.summaries(keys)}  # stories that exist (with members)
    sid_of_key: dict[str, str] = {}
    for key in keys:
        sid = key if key in existing else story_id_for([key])
        while sid != key and (sid in existing or sid in sid_of_key.values()):
            sid = story_id_for([sid + "'"])
            existing |= {s.id for s in store.summaries([sid])}
        sid_of_key[key] = sid
    touched: set[str] = set()
    for aid, key in index.changes().items():
        if aid in membership:
            touched.add(membership[aid])
        membership[aid] = sid_of_key[key]
        touched.add(membership[aid])
    decisions = store.editorial_decisions()
    if decisions:  # the user's merges and moves (editorial.constrain), over whole stories
        named = {sid for aid, sid in decisions.moves if aid in membership}
        named |= {into for into, ids in decisions.merges if any(a in membership for a in ids)}
        for sid in named - set(membership.values()):
            story = store.story(sid)
            membership.update((aid, sid) for aid in (story.article_ids if story else ()))
        before = dict(membership)
        membership = editorial.constrain(membership, decisions)
        for aid, sid in membership.items():
            if before[aid] != sid:
                touched |= {before[aid], sid}
    # every member of a touched story is in ``membership``: the stored rows hold whole stories
    members: dict[str, list[str]] = {sid: [] for sid in touched}
    for aid, sid in membership.items():
        if sid in members:
            members[sid].append(aid)
    written = [(sid, ids) for sid, ids in sorted(members.items()) if ids]
    stories = list(_derive_all(store, written, settings))

    def write() -> None:
        store.delete_stories(sid for sid, ids in members.items() if not ids)
        for story in stories:
            store.put_story(story)

    return [sid for sid, _ in written], write


def _near_stored(
    store: StoreLike,
    settings: Mapping[str, Mapping[str, Any]],
    df: vectors.DocFreq,
    order: Sequence[str],
    pending_counts: Mapping[str, vectors.Counts],
    published: Mapping[str, str | None],
) -> list[tuple[str, str, bytes]] | None:
    """The stored (article_id, story_id, counts) rows a ``StoryIndex`` needs to add the
    pending articles (in ``order``) exactly as an index of the whole store would: every
    member of every story holding a stored article that can be a candidate of one of them.

    A candidate shares an index term (``stories.index.index_terms``) with the new article,
    within ``[stories] window_days`` of it when both are dated. Each new article's terms
    are computed with the frequencies it will meet (``df`` plus the pending ones added
    before it); the store's postings give every stored article holding one of those terms
    (there are at most ``max_posting`` per term, whatever the store's size); of those,
    the articles out of the window are dropped before any blob is read, and the others
    kept when the term is among their own index terms. None when the store has no
    usable index, or when these adds make the index re-weight every stored article
    (``stories.index.refreshes``: then the whole store is read, as before).
    """
    s = story_settings(settings)
    cap = store.index_cap()
    if cap is None or cap < int(s["max_posting"]) or refreshes(df.n_docs, len(order)):
        return None
    window = float(s["window_days"])
    days_of: dict[int, list[float]] = {}  # index term -> days of the new articles looking it up
    languages = False  # do these adds make (or find) the store multilingual? (stories/crosslingual.py)
    for aid in order:
        df.add(pending_counts[aid])
        languages = languages or multilingual(df)
        for f in index_terms(s, df, pending_counts[aid]).tolist():
            days_of.setdefault(f, []).append(day_number(published[aid]))
    for aid in order:
        df.remove(pending_counts[aid])

    def near(day: float, days: list[float]) -> bool:
        return window <= 0 or any(not abs(day - d) > window for d in days)

    pending = set(order)
    found = store.posted(days_of)
    ids = list(dict.fromkeys(a for posted in found.values() for a in posted if a not in pending))
    dates = store.published(ids)
    by_article: dict[str, set[int]] = {}
    for f, posted in found.items():
        for aid in posted:
            if aid not in pending and near(day_number(dates[aid]), days_of[f]):
                by_article.setdefault(aid, set()).add(f)
    candidates = [
        aid for aid, blob in store.features_of(list(by_article)).items()
        if by_article[aid] & set(index_terms(s, df, vectors.decode(blob), languages).tolist())
    ]
    return store.story_features(set(store.membership_of(candidates).values()))


Plan = Callable[[StoreLike, Mapping[str, Mapping[str, Any]]], tuple[list[str], Callable[[], None]]]
# Two processes on one store (``serve`` and a cron ``corroborate add``) may group at once.
# Each plans from one consistent read and writes only if no grouping was committed in
# between, else plans again; the last of these attempts plans while holding the write
# lock, so a busy store cannot starve a long ``analyze`` (other writers wait meanwhile).
GROUPING_ATTEMPTS = 4


def _regroup(store: StoreLike, settings: Mapping[str, Mapping[str, Any]], plan: Plan) -> list[str]:
    """Run ``plan`` (reads, computes, returns the story ids and a writer) and commit its
    writes, unless another connection committed a grouping meanwhile: then plan again."""
    if store.in_transaction:
        raise RuntimeError("grouping needs its own transactions; call it outside store.transaction()/snapshot()")
    for _ in range(GROUPING_ATTEMPTS - 1):
        with store.snapshot():
            generation = store.grouping_generation()
            story_ids, write = plan(store, settings)
        with store.transaction():  # BEGIN IMMEDIATE: no other writer until COMMIT
            if store.grouping_generation() == generation:
                write()
                store.bump_grouping_generation()
                return story_ids
        log.info("another connection regrouped %s meanwhile; grouping again", store.path)
    with store.transaction():
        story_ids, write = plan(store, settings)
        write()
        store.bump_grouping_generation()
    return story_ids


_worker_store: Store | None = None


def _open_worker_store(path: str) -> None:
    global _worker_store
    _worker_store = Store(path)


def _derive_from_worker_store(
    job: tuple[str, list[str], StoryPrior | None], settings: dict[str, dict[str, Any]]
) -> Story:
    assert _worker_store is not None
    sid, ids, prior = job
    return derive(sid, _worker_store.articles(ids), settings, prior=prior)


def _derive_all(store: StoreLike, jobs: list[tuple[str, list[str]]], settings: Mapping[str, Mapping[str, Any]]):
    """Derived data of each (story id, article ids), in worker processes when many.

    Each story's prior (its stored title, pinned title and citation numbers:
    ``Store.story_priors``) is read here and passed down as data, so that titles
    and numbers stay put (``stages.settle``).

    Workers read the articles from their own read connection to the same file
    (SQLite allows concurrent readers); an in-memory store is done in-process.
    """
    plain = {k: dict(v) for k, v in settings.items()}
    cfg = settings["pipeline"]
    priors = store.story_priors(sid for sid, _ in jobs)
    n_articles = sum(len(ids) for _, ids in jobs)
    in_process = store.path == ":memory:" or len(jobs) < 2 or n_articles < int(cfg["parallel_min_items"])
    workers = 1 if in_process else worker_count(int(cfg["workers"]))
    if workers == 1:
        yield from (derive(sid, store.articles(ids), plain, prior=priors.get(sid)) for sid, ids in jobs)
        return
    # largest stories first, so that one big story does not finish last alone
    jobs = sorted(jobs, key=lambda j: -len(j[1]))
    yield from pmap(
        partial(_derive_from_worker_store, settings=plain),
        [(sid, ids, priors.get(sid)) for sid, ids in jobs],
        workers=workers,
        chunksize=4,
        initializer=_open_worker_store,
        initargs=(store.path,),
    )


def derive(
    story_id: str,
    articles: Sequence[Article],
    settings: Mapping[str, Mapping[str, Any]],
    prior: StoryPrior | None = None,
) -> Story:
    """``stages.derive`` (store-free: a story's title, citation numbers, provenance,
    independence, claims, brief), with this module's ``story_claims``; the jobs and the
    benches call it here. ``prior``: what the stored story keeps (``Store.story_priors``)."""
    return stages.derive(story_id, articles, settings, find_claims=story_claims, prior=prior)


_derive = derive  # the former private name
story_title = stages.story_title


def _constrained(assigned: dict[str, list[str]], decisions: editorial.Decisions) -> dict[str, list[str]]:
    """A batch grouping (story id -> members) with the user's merges and moves applied."""
    if not decisions:
        return assigned
    membership = editorial.constrain({aid: sid for sid, ids in assigned.items() for aid in ids}, decisions)
    out: dict[str, list[str]] = {}
    for aid, sid in membership.items():
        out.setdefault(sid, []).append(aid)
    return {sid: sorted(ids) for sid, ids in out.items()}


# -- pinned titles (editorial) -------------------------------------------------
MAX_TITLE_CHARS = 300


def pin_title(store: StoreLike, story_id: str, title: str, user: str) -> str:
    """Pin ``title`` (whitespace collapsed) on the story: shown at once and kept by every later
    ``add`` and ``analyze`` while the story keeps its id (``stages.choose_title``); recorded
    with ``user`` and the time (UTC). Returns the title pinned. ``InputError`` naming the
    story: no such story, an empty title, or one over ``MAX_TITLE_CHARS``."""
    text = " ".join(str(title).split())
    if not text:
        raise InputError(story_id, "the title to pin is empty")
    if len(text) > MAX_TITLE_CHARS:
        raise InputError(story_id, f"the title is {len(text)} characters, over the {MAX_TITLE_CHARS} a title may have")
    with store.transaction():
        if store.story(story_id) is None:
            raise InputError(story_id, "no such story")
        store.pin_title(story_id, text, _who(user), _now())
    return text


def unpin_title(
    store: StoreLike, story_id: str, user: str, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> str | None:
    """Drop the story's pinned title: it shows the title it would have had unpinned (the one
    it had before the pin, unless its best headline is now clearly better: ``stages.choose_title``).
    Returns that title, or None when no title was pinned. ``InputError``: no such story."""
    settings = settings or config.settings()
    with store.transaction():
        story = store.story(story_id)
        if story is None:
            raise InputError(story_id, "no such story")
        before = store.title_before_pin(story_id)
        if before is None:
            return None
        articles = stages.order_articles(store.articles(story.article_ids))
        title = stages.choose_title(articles, StoryPrior(title=before), float(settings["pipeline"]["title_margin"]))
        store.unpin_title(story_id, title, _who(user), _now())
        return title


# -- merges, moves, deletes (editorial, 0011) ----------------------------------
def merge_stories(
    store: StoreLike, merged_id: str, into_id: str, user: str, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> list[str]:
    """Merge story ``merged_id`` into ``into_id``: one story under ``into_id`` (its title, pin and
    citation numbers kept; the merged articles numbered after them), derived again (provenance,
    claims, brief); ``merged_id`` is gone. Every later ``add`` and ``analyze`` keeps the articles
    of both together (``editorial.constrain``). Recorded with ``user`` and the time (UTC).
    Returns the merged story's article ids. ``InputError`` naming the story: no such story, or
    a story merged into itself."""
    settings = settings or config.settings()
    if merged_id == into_id:
        raise InputError(merged_id, "a story cannot be merged into itself")
    with store.transaction():
        merged, into = store.story(merged_id), store.story(into_id)
        for sid, story in ((merged_id, merged), (into_id, into)):
            if story is None:
                raise InputError(sid, "no such story")
        ids = [*into.article_ids, *(a for a in merged.article_ids if a not in into.article_ids)]
        store.record_merge(merged_id, into_id, ids, _who(user), _now())
        story = _rederive(store, [(into_id, ids)], settings)[0]
        store.delete_stories([merged_id])
        store.put_story(story)
    return list(story.article_ids)


def move_article(
    store: StoreLike, article_id: str, to: str | None, user: str, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> str:
    """Move a stored article into story ``to``, or into a new story of its own (``to`` None); the
    story it left and the one it joined are derived again (the one it left is deleted when
    empty). Every later ``add`` and ``analyze`` puts it there again. Recorded with ``user`` and
    the time (UTC). Returns the id of the story it is in now. ``InputError`` naming the article
    or story: no such article, no such story, or already there."""
    settings = settings or config.settings()
    with store.transaction():
        if store.article(article_id) is None:
            raise InputError(article_id, "no such article")
        source = store.membership_of([article_id]).get(article_id)
        if to is None:
            to = story_id_for([article_id])
            while store.story(to) is not None:
                to = story_id_for([to + "'"])
            target: list[str] = []
        else:
            story = store.story(to)
            if story is None:
                raise InputError(to, "no such story")
            if to == source:
                raise InputError(article_id, f"already in story {to}")
            target = list(story.article_ids)
        store.record_move(article_id, to, _who(user), _now())
        jobs = [(to, [*target, article_id])]
        left = [a for a in (store.story(source).article_ids if source else ()) if a != article_id]
        if source and left:
            jobs.append((source, left))
        elif source:
            store.delete_stories([source])
        for story in _rederive(store, jobs, settings):
            store.put_story(story)
    return to


def delete_article(
    store: StoreLike, article_id: str, user: str, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> str | None:
    """Delete a stored article: its text, features and postings go, the document frequencies
    no longer count it, and its story is derived again without it (deleted when it was its only
    article). The same id or text added again later is skipped, named, with who deleted it
    (``_was_deleted``). Recorded with ``user`` and the time (UTC). Returns the id of the story it
    was in (None when pending). ``InputError`` naming the article: no such article."""
    settings = settings or config.settings()
    with store.transaction():
        if store.article(article_id) is None:
            raise InputError(article_id, "no such article")
        source = store.membership_of([article_id]).get(article_id)
        left = [a for a in (store.story(source).article_ids if source else ()) if a != article_id]
        blob = store.features_of([article_id]).get(article_id)
        if blob is not None:
            n_docs, df_blob = store.doc_freq()
            df = vectors.DocFreq.from_bytes(n_docs, df_blob) if df_blob else vectors.DocFreq()
            df.remove(vectors.decode(blob))
            store.put_doc_freq(df.n_docs, df.to_bytes())
        store.delete_article(article_id, _who(user), _now())
        if source and left:
            for story in _rederive(store, [(source, left)], settings):
                store.put_story(story)
        elif source:
            store.delete_stories([source])
    return source


def _rederive(
    store: StoreLike, jobs: list[tuple[str, list[str]]], settings: Mapping[str, Mapping[str, Any]]
) -> list[Story]:
    """The stories of (story id, article ids) derived again in this process (inside the
    editorial action's transaction), each with its stored prior (title, pin, numbers)."""
    plain = {k: dict(v) for k, v in settings.items()}
    priors = store.story_priors(sid for sid, _ in jobs)
    return [derive(sid, store.articles(ids), plain, prior=priors.get(sid)) for sid, ids in jobs]


def _who(user: str) -> str:
    return " ".join(str(user or "").split())[:100] or "unknown"


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- one-shot jobs ------------------------------------------------------------
def analyze(
    store: StoreLike,
    paths: Iterable[str | Path],
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    progress: Progress = _noop,
    engine: str = "local",
) -> RunResult:
    """Ingest, then re-group the whole store in one batch.

    ``engine``: "local" (this process and its worker processes) or "ray" (prepare and
    derive as Ray Data jobs, ``corroborate.engines.ray``; needs the ``distributed``
    extra). Both write the same store."""
    settings = settings or config.settings()
    if engine != "local":
        from .engines import get_engine

        return get_engine(engine).analyze(store, paths, settings, progress)
    result = ingest_paths(store, paths, settings, progress)
    group_batch(store, settings)
    result.stories = _stories_of(store, result)
    return result


def add(
    store: StoreLike,
    paths: Iterable[str | Path],
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    progress: Progress = _noop,
) -> RunResult:
    """Ingest, then assign only the new articles (incremental)."""
    settings = settings or config.settings()
    result = ingest_paths(store, paths, settings, progress)
    group_new(store, settings)
    result.stories = _stories_of(store, result)
    return result


def _stories_of(store: StoreLike, result: RunResult) -> list[str]:
    """Stories holding the articles this run named (added or already stored)."""
    ids = result.added + result.existing
    membership = store.membership_of(ids)
    out: list[str] = []
    for aid in ids:
        sid = membership.get(aid)
        if sid and sid not in out:
            out.append(sid)
    return out
