"""The library jobs end to end, on a real SQLite file."""

from __future__ import annotations

import itertools
import json
import shutil

import pytest

from corroborate import config, pipeline
from corroborate.features.text import content_words
from corroborate.store import Store


def test_founding_examples_form_one_story_with_four_or_fewer_independent_sources(tmp_path, seeds_dir):
    with Store(tmp_path / "s.sqlite3") as store:
        result = pipeline.analyze(store, [seeds_dir])
        assert not result.rejected
        assert len(result.added) == 5
        assert len(result.stories) == 1
        story = store.story(result.stories[0])
        assert sorted(story.article_ids) == sorted(p.stem for p in seeds_dir.glob("*.txt"))
        # copies and rewrites count once: fewer independent sources than articles, never zero
        assert 1 <= len(story.independent_groups) < 5
        assert sorted(a for g in story.independent_groups for a in g) == sorted(story.article_ids)


def test_provenance_ranks_first_the_pair_that_shares_the_most_content(tmp_path, seeds_dir):
    texts = {p.stem: p.read_text("utf-8") for p in seeds_dir.glob("*.txt")}
    vocab = {k: set(content_words(v)) for k, v in texts.items()}

    def jaccard(a: str, b: str) -> float:
        return len(vocab[a] & vocab[b]) / len(vocab[a] | vocab[b])

    expected = max(itertools.combinations(sorted(texts), 2), key=lambda p: jaccard(*p))
    with Store(tmp_path / "s.sqlite3") as store:
        result = pipeline.analyze(store, [seeds_dir])
        story = store.story(result.stories[0])
    assert story.provenance, "the founding examples share content: some provenance is expected"
    top = story.provenance[0]
    assert {top.source_id, top.derived_id} == set(expected)
    assert top.pairs, "a link carries its aligned sentences as evidence"
    assert all(top.similarity >= p.similarity for p in story.provenance)


def test_re_adding_is_a_no_op(tmp_path, seeds_dir):
    with Store(tmp_path / "s.sqlite3") as store:
        first = pipeline.analyze(store, [seeds_dir])
        again = pipeline.add(store, [seeds_dir])
        assert again.added == [] and len(again.skipped) == 5 and not again.rejected
        assert again.stories == first.stories
        assert store.count_articles() == 5


def test_bad_inputs_are_named_and_the_run_goes_on(tmp_path, seeds_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(next(iter(sorted(seeds_dir.glob("*.txt")))), inputs / "good.txt")
    (inputs / "empty.txt").write_text("   \n")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 50)
    (inputs / "records.jsonl").write_text(
        json.dumps({"id": "r1", "text": "Officials said the bridge reopened on Friday after repairs. Traffic resumed."})
        + "\n{not json\n"
        + json.dumps({"id": "r2", "title": "no text here"})
        + "\n",
        "utf-8",
    )
    with Store(tmp_path / "s.sqlite3") as store:
        result = pipeline.analyze(store, [inputs])
        rejected = {r.origin.split("/")[-1]: r.reason for r in result.rejected}
        assert set(result.added) == {"good", "r1"}
        assert {"empty.txt", "binary.txt", "records.jsonl:2", "records.jsonl:3"} <= set(rejected)
        assert all(reason for reason in rejected.values())
        assert store.count_articles() == 2
        assert store.pending_ids() == []


class _CrashingStore(Store):
    """Dies (like a killed process) on the N-th article write."""

    def __init__(self, path, crash_at: int):
        super().__init__(path)
        self._left = crash_at

    def put_article(self, a, counts):
        self._left -= 1
        if self._left == 0:
            raise KeyboardInterrupt("simulated crash")
        super().put_article(a, counts)


def test_a_crash_leaves_only_whole_chunks_and_the_next_run_completes(tmp_path, seeds_dir):
    path = tmp_path / "s.sqlite3"
    store = _CrashingStore(path, crash_at=4)
    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest_paths(store, [seeds_dir], chunk=2)
    store.close()
    with Store(path) as store:
        ids = [a.id for a in store.articles()]
        assert len(ids) == 2  # the first chunk committed, the second rolled back whole
        assert set(store.features_of(ids)) == set(ids)  # no article without its features
        n_docs, _ = store.doc_freq()
        assert n_docs == 2  # document frequencies match what is stored
        result = pipeline.add(store, [seeds_dir])
        assert len(result.added) == 3 and len(result.skipped) == 2
        assert store.pending_ids() == []
        assert len(store.story_ids()) == 1


def test_incremental_add_matches_the_batch_grouping(tmp_path, shared_records):
    from sklearn.metrics import adjusted_rand_score

    records = [r for r in shared_records("ecbplus/topics-1-35.jsonl") if r["topic"] in (1, 2, 3, 4) and r["text"].strip()]
    data = tmp_path / "ecb.jsonl"
    data.write_text("".join(json.dumps({k: r[k] for k in ("id", "title", "text")}) + "\n" for r in records), "utf-8")
    with Store(tmp_path / "batch.sqlite3") as store:
        pipeline.analyze(store, [data])
        batch = store.membership()
    lines = data.read_text("utf-8").splitlines(keepends=True)
    with Store(tmp_path / "inc.sqlite3") as store:
        for start in range(0, len(lines), 10):  # arrives in ten-article deliveries
            part = tmp_path / f"part{start}.jsonl"
            part.write_text("".join(lines[start : start + 10]), "utf-8")
            pipeline.add(store, [part])
        incremental = store.membership()
    ids = sorted(batch)
    agreement = adjusted_rand_score([batch[i] for i in ids], [incremental[i] for i in ids])
    event = {r["id"]: r["event"] for r in records}
    gold = [event[i] for i in ids]
    assert len(ids) >= len(records) - 2  # exact duplicates are stored once
    batch_quality = adjusted_rand_score(gold, [batch[i] for i in ids])
    incremental_quality = adjusted_rand_score(gold, [incremental[i] for i in ids])
    print(f"ARI batch~incremental {agreement:.3f}, gold~batch {batch_quality:.3f}, gold~incremental {incremental_quality:.3f}")
    assert agreement >= 0.85
    assert incremental_quality >= batch_quality - 0.1


def test_worker_processes_give_the_same_stories_as_one_process(tmp_path, seeds_dir):
    from corroborate import config

    overrides = tmp_path / "parallel.toml"
    overrides.write_text("[pipeline]\nworkers = 2\nparallel_min_items = 2\n", "utf-8")
    results = []
    for name, settings in (("serial", config.settings()), ("parallel", config.settings(overrides))):
        with Store(tmp_path / f"{name}.sqlite3") as store:
            run = pipeline.analyze(store, [seeds_dir], settings)
            results.append((sorted(run.added), [store.story(s) for s in run.stories]))
    assert results[0] == results[1]


def test_a_story_whose_claims_fail_is_still_stored_with_its_provenance(seeds_dir, monkeypatch, caplog):
    from corroborate import pipeline as pl
    from corroborate.store import Store

    def broken(*args, **kwargs):
        raise ValueError("pathological text")

    monkeypatch.setattr(pl, "story_claims", broken)
    with Store(":memory:") as store:
        result = pl.analyze(store, [seeds_dir])
        (sid,) = result.stories
        story = store.story(sid)
        assert len(story.article_ids) == 5 and story.independent_groups and story.claims == ()
    assert "claims or brief failed" in caplog.text


def _one_file_dirs(tmp_path, seeds_dir, names):
    """Each named seed file in a folder of its own (to add them in separate runs)."""
    out = []
    for name in names:
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(seeds_dir / name, folder / name)
        out.append(folder)
    return out


def test_grouping_plans_again_when_another_connection_regrouped_meanwhile(tmp_path, seeds_dir):
    from corroborate import config

    seeds = sorted(p.name for p in seeds_dir.glob("*.txt"))
    first, third, fourth = _one_file_dirs(tmp_path, seeds_dir, [seeds[0], seeds[3], seeds[4]])
    path = tmp_path / "shared.sqlite3"
    settings = config.settings()
    with Store(path) as mine, Store(path) as theirs:  # two connections: two processes
        pipeline.add(mine, [first])
        pipeline.ingest_paths(mine, [third], settings)  # stored, pending
        plans = []

        def plan_while_the_other_adds(store, s):
            planned = pipeline._plan_new(store, s)
            if not plans:  # the other process adds and groups between our read and our write
                pipeline.add(theirs, [fourth])
            plans.append(planned[0])
            return planned

        written = pipeline._regroup(mine, settings, plan_while_the_other_adds)
        assert len(plans) == 2 and plans[0] and written == []  # planned again; nothing left to do
        assert mine.pending_ids() == []
        (story,) = mine.story_ids()
        assert len(mine.story(story).article_ids) == 3  # no article dropped by a stale write
        assert mine.grouping_generation() == 3  # our first add, their add, our second plan's commit


def test_grouping_under_constant_interference_ends_holding_the_write_lock(tmp_path, seeds_dir):
    from corroborate import config

    seeds = sorted(p.name for p in seeds_dir.glob("*.txt"))
    folders = _one_file_dirs(tmp_path, seeds_dir, seeds)
    path = tmp_path / "shared.sqlite3"
    settings = config.settings()
    with Store(path) as mine, Store(path) as theirs:
        pipeline.ingest_paths(mine, [folders[0]], settings)
        others = iter(folders[1:])
        locked = []

        def plan_while_the_other_keeps_adding(store, s):
            planned = pipeline._plan_new(store, s)
            # BEGIN IMMEDIATE: a snapshot leaves the write lock free, the last attempt holds it
            locked.append(store.in_transaction and _write_locked(path))
            if not locked[-1]:
                pipeline.add(theirs, [next(others)])
            return planned

        pipeline._regroup(mine, settings, plan_while_the_other_keeps_adding)
        assert locked == [False] * (pipeline.GROUPING_ATTEMPTS - 1) + [True]
        assert mine.pending_ids() == []
        assert sum(len(mine.story(s).article_ids) for s in mine.story_ids()) == 4  # 3 of theirs + ours
        with pytest.raises(RuntimeError, match="outside"), mine.transaction():
            pipeline.group_new(mine, settings)


def _write_locked(path) -> bool:
    """Whether another connection holds the write lock on the store at ``path``."""
    import sqlite3

    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def test_two_processes_adding_to_one_store_leave_every_article_in_one_story(tmp_path, seeds_dir):
    import subprocess
    import sys

    seeds = sorted(p.name for p in seeds_dir.glob("*.txt"))
    folders = _one_file_dirs(tmp_path, seeds_dir, seeds)
    db = tmp_path / "shared.sqlite3"
    runs = [
        subprocess.Popen([sys.executable, "-m", "corroborate", "add", *map(str, group), "--db", str(db)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for group in (folders[0::2], folders[1::2])
    ]
    for proc in runs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    with Store(db) as store:
        assert store.pending_ids() == []
        membership = store.membership()
        assert sorted(membership) == sorted(a.id for a in store.articles())
        for sid in store.story_ids():
            assert [a for a, s in membership.items() if s == sid] and store.story(sid).independent_groups
        # the document frequencies count every article once, whichever process stored it
        from corroborate.features.vectors import DocFreq, decode

        recounted = DocFreq()
        for _, _, blob in store.features():
            recounted.add(decode(blob))
        assert DocFreq.from_bytes(*store.doc_freq()) == recounted


def test_a_hostile_record_is_rejected_alone_and_other_files_are_stored(tmp_path, seeds_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, inputs / seed.name)
    body = "Officials said the bridge reopened on Friday after repairs. Traffic resumed on both lanes."
    lines = [{"id": f"r{n}", "text": f"{body} Report {n}."} for n in range(6)]
    lines[2] = {"id": "r2", "text": body, "title": "\ud800"}
    lines[4] = {"id": "r4", "text": body, "published": "0001-01-01"}
    (inputs / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n", "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        result = pipeline.analyze(store, [inputs])
        rejected = {r.origin.split("/")[-1]: r.reason for r in result.rejected}
        assert rejected == {
            "feed.jsonl:3": "field 'title' holds an invalid character (lone surrogate U+D800) at position 0",
            "feed.jsonl:5": "field 'published' '0001-01-01' is in the year 1, outside 1700-2200"
            " (ingest.published_min_year/published_max_year)",
        }
        assert store.count_articles() == 5 + 4 and store.pending_ids() == []


def test_a_row_the_store_cannot_take_is_rolled_back_alone(tmp_path, seeds_dir):
    from corroborate.clean import clean
    from corroborate.errors import InputError
    from corroborate.features import vectors
    from corroborate.ingest import read_inputs
    from corroborate.model import RawDoc
    from corroborate.store.sqlite import article_row

    settings = config.settings()
    raws = [d for d in read_inputs([seeds_dir], settings["ingest"]) if isinstance(d, RawDoc)][:3]
    rows = [(article_row(a), vectors.encode(vectors.term_counts(a))) for a in (clean(r, settings["clean"]) for r in raws)]
    # a row that skipped validation: SQLite cannot encode a lone surrogate
    rows[1] = (rows[1][0]._replace(title="bad \ud800"), rows[1][1])
    with Store(tmp_path / "s.sqlite3") as store:
        with store.transaction():
            store.put_article(*rows[0])
            with pytest.raises(InputError) as err:
                store.put_article(*rows[1])
            store.put_article(*rows[2])
        assert err.value.origin == rows[1][0].origin and "cannot be stored" in err.value.reason
        assert sorted(a.id for a in store.articles()) == sorted([rows[0][0].id, rows[2][0].id])
        assert set(store.features_of([rows[1][0].id])) == set()  # nothing half-written


def test_add_through_the_persisted_index_groups_as_a_read_of_the_whole_store(tmp_path, shared_records, monkeypatch):
    """``add`` reads only the stored stories near the new articles (issue 11); the grouping
    must be exactly the one the whole-store index gives, dates and window included."""
    import hashlib

    settings = config.override(config.settings(), {"pipeline": {"claims": False}})
    records = [r for r in shared_records("ecbplus/topics-1-35.jsonl") if r["topic"] <= 8 and r["text"].strip()]
    for r in records:  # each event on a day of a 120-day span, its articles over three days: the window matters
        day = int(hashlib.blake2b(str(r["event"]).encode(), digest_size=2).hexdigest(), 16) % 120
        day += int(hashlib.blake2b(str(r["id"]).encode(), digest_size=1).hexdigest(), 16) % 3
        r["published"] = f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}"
    records.sort(key=lambda r: str(r["id"]))
    base, later = records[:-40], records[-40:]

    def write(path, rows):
        path.write_text("".join(json.dumps({k: r[k] for k in ("id", "title", "text", "published")}) + "\n"
                                for r in rows), "utf-8")
        return path

    read: list[int] = []
    near = pipeline._near_stored

    def counting(*args, **kw):
        rows = near(*args, **kw)
        read.append(-1 if rows is None else len(rows))
        return rows

    outcomes = {}
    for label, whole in (("index", False), ("whole", True)):
        monkeypatch.setattr(pipeline, "_near_stored", (lambda *a, **k: None) if whole else counting)
        with Store(tmp_path / f"{label}.sqlite3") as store:
            pipeline.analyze(store, [write(tmp_path / "base.jsonl", base)], settings)
            assert store.index_cap() == settings["stories"]["max_posting"]  # posted by the ingest
            for start in range(0, len(later), 10):
                pipeline.add(store, [write(tmp_path / f"more{start}.jsonl", later[start : start + 10])], settings)
            assert store.pending_ids() == []
            outcomes[label] = (store.membership(), sorted((s.id, s.n_articles, s.title) for s in store.summaries()))
            total = store.count_articles()
    assert outcomes["index"] == outcomes["whole"]
    assert len(read) == 4 and all(0 <= n < total - 10 for n in read), read  # never the whole store


def test_a_store_without_an_index_is_indexed_once_as_the_ingest_would_have(tmp_path, seeds_dir):
    with Store(tmp_path / "s.sqlite3") as store:
        pipeline.analyze(store, [seeds_dir])
        posted = sorted(store._db.execute("SELECT feature, article_id FROM postings"))
        assert posted
        with store.transaction():
            store.reset_index(None)  # as a store from before the index
        assert store.index_cap() is None
        assert pipeline.index_store(store) is True
        assert sorted(store._db.execute("SELECT feature, article_id FROM postings")) == posted
        assert pipeline.index_store(store) is False  # nothing to do the second time


def test_add_reads_no_whole_store_table(tmp_path, shared_records, monkeypatch):
    """On an indexed store, ``add`` never calls the whole-store reads (issue 11)."""
    from corroborate.store.sqlite import Store as SQLiteStore

    settings = config.override(config.settings(), {"pipeline": {"claims": False}})
    records = [r for r in shared_records("ecbplus/topics-1-35.jsonl") if r["topic"] in (1, 2, 3) and r["text"].strip()]
    rows = [json.dumps({k: r[k] for k in ("id", "title", "text")}) + "\n" for r in records]
    (tmp_path / "base.jsonl").write_text("".join(rows[:-10]), "utf-8")
    (tmp_path / "more.jsonl").write_text("".join(rows[-10:]), "utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        pipeline.analyze(store, [tmp_path / "base.jsonl"], settings)

        def whole(*_a, **_k):
            raise AssertionError("a whole-store read on the add path")

        published = SQLiteStore.published
        monkeypatch.setattr(SQLiteStore, "features", whole)
        monkeypatch.setattr(SQLiteStore, "membership", whole)
        monkeypatch.setattr(SQLiteStore, "published", lambda self, ids=None: whole() if ids is None else published(self, ids))
        result = pipeline.add(store, [tmp_path / "more.jsonl"], settings)
        assert len(result.added) == 10 and result.stories and store.pending_ids() == []
