"""The Ray Data engine: ``corroborate analyze --engine ray`` (the ``distributed`` extra).

    read      the inputs -> records (``ingest.read_inputs``: the same validation and
              rejections as the local path), one Dataset row each
    prepare   ``Dataset.map_batches`` of ``stages.prepare`` (clean + features), in input order
    store     the prepared rows written on the driver (``pipeline.store_prepared``: the same
              duplicate checks, document frequencies and postings as the local path)
    group     on the driver, through ``stages.group`` (``pipeline.group_batch``): candidate
              stories are found across every article of a date window, so grouping needs the
              whole window in one place. A cluster run would shard it by date window (articles
              further apart than ``[stories] window_days`` never meet) or by LSH band of the
              index terms, and join the per-shard groups; on one machine the driver is faster
              than shipping every feature vector around.
    derive    ``Dataset.map_batches`` of ``stages.derive``, one story per row

The store and the reports are the local path's. Ray is started on this machine
(``ray.init(num_cpus=...)`` bound to 127.0.0.1, no dashboard) unless a session is
already running in this process or ``RAY_ADDRESS`` names a cluster to join.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .. import pipeline, stages
from ..errors import MissingExtra
from ..ingest import read_inputs
from ..model import Rejection, Story
from ..parallel import worker_count
from ..store import StoreLike

Settings = Mapping[str, Mapping[str, Any]]
log = logging.getLogger(__name__)
DERIVE_BATCH = 4  # stories per derive task: small, since one story can take seconds


def require() -> Any:
    """The ``ray`` module with Ray Data, or ``MissingExtra`` naming the extra to install."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise MissingExtra("distributed", "ray[data]") from exc
    return ray


@contextlib.contextmanager
def session(settings: Settings) -> Iterator[Any]:
    """A Ray session for one run: the one already started in this process, the cluster
    ``RAY_ADDRESS`` names, or a local one with ``[pipeline] workers`` CPUs (0: one per
    core), bound to loopback; a session started here is shut down at the end."""
    ray = require()
    started = False
    if not ray.is_initialized():
        if os.environ.get("RAY_ADDRESS"):
            ray.init(address=os.environ["RAY_ADDRESS"], logging_level=logging.WARNING)
        else:
            ray.init(
                num_cpus=worker_count(int(settings["pipeline"]["workers"])),
                include_dashboard=False,
                _node_ip_address="127.0.0.1",
                logging_level=logging.WARNING,
            )
        started = True
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # no per-dataset execution lines
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # the store keeps the first of duplicates
    context.enable_progress_bars = False
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def _plain(settings: Settings) -> dict[str, dict[str, Any]]:
    return {k: dict(v) for k, v in settings.items()}


# -- the stages as batch functions (run in Ray workers; rows hold pickled records) ----
def _prepare_batch(batch: dict[str, Any], settings: dict[str, dict[str, Any]]) -> dict[str, Any]:
    import numpy as np

    out = [pickle.dumps(pipeline._prepare(pickle.loads(item), settings)) for item in batch["item"]]
    return {"i": batch["i"], "prepared": np.array(out, dtype=object)}


def _prepare_records_batch(batch: dict[str, Any], settings: dict[str, dict[str, Any]]) -> dict[str, Any]:
    import numpy as np

    out = [pickle.dumps(stages.prepare(pickle.loads(item), settings)) for item in batch["item"]]
    return {"i": batch["i"], "prepared": np.array(out, dtype=object)}


def _derive_batch(batch: dict[str, Any], settings: dict[str, dict[str, Any]]) -> dict[str, Any]:
    import numpy as np

    out = [
        pickle.dumps(stages.derive(str(sid), pickle.loads(articles), settings))
        for sid, articles in zip(batch["story_id"], batch["articles"])
    ]
    return {"story_id": batch["story_id"], "story": np.array(out, dtype=object)}


def records_dataset(items: Iterable[Any]) -> Any:
    """A Dataset of records (``RawDoc`` or ``Rejection``), one pickled row each, numbered."""
    ray = require()
    return ray.data.from_items([{"i": k, "item": pickle.dumps(item)} for k, item in enumerate(items)])


def prepare_dataset(records: Any, settings: Settings) -> Any:
    """``stages.prepare`` over a Dataset of ``records_dataset`` rows: each row's ``prepared``
    is the pickled (store row, encoded counts) or ``Rejection``, in input order."""
    return records.map_batches(_prepare_batch, fn_kwargs={"settings": {"clean": dict(settings["clean"])}})


def derive_dataset(jobs: Any, settings: Settings) -> Any:
    """``stages.derive`` over a Dataset of (``story_id``, pickled ``articles``) rows: each
    row's ``story`` is the pickled ``Story``."""
    return jobs.map_batches(_derive_batch, batch_size=DERIVE_BATCH, fn_kwargs={"settings": _plain(settings)})


def derive_all(store: StoreLike, jobs: list[tuple[str, list[str]]], settings: Settings) -> Iterator[Story]:
    """``pipeline.DeriveAll`` on Ray: the driver reads each story's articles, Ray derives."""
    if not jobs:
        return iter(())
    ray = require()
    jobs = sorted(jobs, key=lambda j: -len(j[1]))  # largest first, as the local path
    rows = [{"story_id": sid, "articles": pickle.dumps(store.articles(ids))} for sid, ids in jobs]
    done = derive_dataset(ray.data.from_items(rows), settings)
    return (pickle.loads(row["story"]) for row in done.iter_rows())


def analyze(
    store: StoreLike,
    paths: Sequence[str | Path],
    settings: Settings,
    progress: pipeline.Progress = pipeline._noop,
) -> pipeline.RunResult:
    """``pipeline.analyze`` with prepare and derive on Ray: the same store and stories."""
    with session(settings):
        records = records_dataset(read_inputs(paths, settings["ingest"]))
        prepared = prepare_dataset(records, settings)
        items: Iterable[tuple[Any, bytes] | Rejection] = (pickle.loads(r["prepared"]) for r in prepared.iter_rows())
        result = pipeline.store_prepared(store, items, settings, progress)
        pipeline.group_batch(store, settings, derive_all=derive_all)
    result.stories = pipeline._stories_of(store, result)
    return result


# -- a library function on datasets, no store ------------------------------------
def analyze_dataset(records: Any, settings: Settings) -> tuple[Any, Any, Any]:
    """Datasets of articles, stories and provenance links from a Dataset of ``records_dataset``
    rows, with no store: prepare (``map_batches``), group on the driver (``stages.group``),
    derive per story (``map_batches``). Story ids are ``pipeline.story_id_for`` of the
    members. Unlike ``analyze`` it keeps no state between runs, so it does not drop a
    record whose text another record already has (deduplicate the records first).

    Rows: articles ``id, origin, title, published, story_id``; stories ``id, title,
    article_ids, n_independent, story`` (the pickled ``Story``); provenance ``story_id,
    source_id, derived_id, relation``."""
    ray = require()
    prepared = [
        item for row in records.map_batches(_prepare_records_batch, fn_kwargs={"settings": {"clean": dict(settings["clean"])}}).iter_rows()
        if not isinstance(item := pickle.loads(row["prepared"]), Rejection)
    ]
    articles = [p.article for p in prepared]
    ids = [a.id for a in articles]
    groups = stages.group(ids, [p.counts for p in prepared], [a.published for a in articles], settings)
    del prepared
    story_of = {aid: pipeline.story_id_for(g) for g in groups for aid in g}
    by_id = {a.id: a for a in articles}
    jobs = ray.data.from_items([
        {"story_id": pipeline.story_id_for(g), "articles": pickle.dumps([by_id[a] for a in g])}
        for g in sorted(groups, key=len, reverse=True)
    ])
    stories = [pickle.loads(r["story"]) for r in derive_dataset(jobs, settings).iter_rows()]
    articles_ds = ray.data.from_items([
        {"id": a.id, "origin": a.origin, "title": a.title, "published": a.published, "story_id": story_of[a.id]}
        for a in articles
    ])
    stories_ds = ray.data.from_items([
        {"id": s.id, "title": s.title, "article_ids": list(s.article_ids),
         "n_independent": len(s.independent_groups), "story": pickle.dumps(s)}
        for s in stories
    ])
    links = [
        {"story_id": s.id, "source_id": p.source_id, "derived_id": p.derived_id, "relation": p.relation}
        for s in stories for p in s.provenance
    ]
    provenance_ds = ray.data.from_items(links) if links else ray.data.from_items(
        [{"story_id": "", "source_id": "", "derived_id": "", "relation": ""}]
    ).limit(0)
    return articles_ds, stories_ds, provenance_ds
