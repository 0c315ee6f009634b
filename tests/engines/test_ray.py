"""The Ray Data engine (``corroborate.engines.ray``) against the local path.

The equivalence tests need the ``distributed`` extra (``make test`` and ``.ci/run``
install it) and are skipped with the reason elsewhere; the missing-extra message is
tested everywhere."""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from corroborate import config, pipeline
from corroborate.errors import MissingExtra
from corroborate.store import Store

TOPICS = (1, 2, 3)  # ECB+ topics: 3 topics, about 60 articles, several stories each


@pytest.fixture(scope="session")
def ray_session():
    ray = pytest.importorskip("ray", reason="the `distributed` extra (ray[data]) is not installed")
    pytest.importorskip("ray.data", reason="the `distributed` extra (ray[data]) is not installed")
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1")
    yield ray
    ray.shutdown()


@pytest.fixture
def ecb_corpus(tmp_path, shared_records):
    """ECB+ topics 1-3 as one JSONL file (in tmp_path: the shared data is read in place)."""
    records = [r for r in shared_records("ecbplus/topics-1-35.jsonl") if r["topic"] in TOPICS]
    path = tmp_path / "ecb.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path, len(records)


def _stored(store: Store) -> tuple[dict[str, str], dict]:
    stories = {s.id: store.story(s.id) for s in store.summaries()}
    return store.membership(), stories


def test_ray_and_local_paths_store_the_same_stories(ray_session, ecb_corpus, tmp_path):
    path, n = ecb_corpus
    settings = config.settings()
    out = {}
    for engine in ("local", "ray"):
        with Store(tmp_path / f"{engine}.sqlite3") as store:
            run = pipeline.analyze(store, [path], settings, engine=engine)
            out[engine] = (sorted(run.added), sorted(run.rejected), run.stories, *_stored(store))
    local, ray = out["local"], out["ray"]
    assert len(local[0]) > 0.9 * n
    assert local[0] == ray[0] and local[1] == ray[1]  # the same articles stored, the same rejected
    assert local[3] == ray[3]  # the same memberships (and story ids)
    assert len(set(local[3].values())) > len(TOPICS)  # several stories: the test groups something
    assert local[4].keys() == ray[4].keys()
    for sid, story in local[4].items():  # the same provenance, claims and brief, story by story
        assert ray[4][sid] == story, sid
    assert any(s.claims for s in local[4].values()) and any(s.brief for s in local[4].values())
    assert local[2] == ray[2]


def test_ray_engine_keeps_the_first_of_duplicates_in_input_order(ray_session, tmp_path, seeds_dir):
    settings = config.settings()
    with Store(tmp_path / "ray.sqlite3") as store:
        first = pipeline.analyze(store, [seeds_dir], settings, engine="ray")
        again = pipeline.analyze(store, [seeds_dir], settings, engine="ray")
    assert len(first.added) == 5 and again.added == [] and sorted(again.existing) == sorted(first.added)


def test_cli_engine_ray_writes_the_report(ray_session, tmp_path, seeds_dir):
    result = CliRunner().invoke(
        __import__("corroborate.cli", fromlist=["main"]).main,
        ["analyze", str(seeds_dir), "--engine", "ray", "--out", str(tmp_path / "out"),
         "--db", str(tmp_path / "db.sqlite3"), "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(doc["stories"]) == 1


def test_without_the_extra_engine_ray_names_it(monkeypatch, tmp_path, seeds_dir):
    from corroborate.cli import main
    from corroborate.engines import ray as ray_engine

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    monkeypatch.setitem(sys.modules, "ray.data", None)
    with pytest.raises(MissingExtra, match="distributed"):
        ray_engine.require()
    result = CliRunner().invoke(
        main, ["analyze", str(seeds_dir), "--engine", "ray", "--out", str(tmp_path / "out"),
               "--db", str(tmp_path / "db.sqlite3")],
    )
    assert result.exit_code == 2
    assert "pip install" in result.output and "distributed" in result.output
    assert not (tmp_path / "db.sqlite3").exists()  # refused before anything is written


def test_unknown_engine_is_named():
    from corroborate.engines import get_engine

    with pytest.raises(ValueError, match="unknown engine"):
        get_engine("spark")


def test_analyze_dataset_gives_the_local_stories_without_a_store(ray_session, ecb_corpus, tmp_path):
    from corroborate.engines import ray as ray_engine
    from corroborate.ingest import read_inputs

    path, _ = ecb_corpus
    settings = config.settings()
    with Store(tmp_path / "local.sqlite3") as store:
        run = pipeline.analyze(store, [path], settings)
        membership, stories = _stored(store)
    # analyze_dataset keeps no store, so it cannot drop repeated texts: give it the records
    # the store kept (ECB+ 1-3 repeats one text: 1_6ecbplus)
    repeated = {r.origin for r in run.skipped}
    assert len(repeated) <= 2
    kept = [item for item in read_inputs([path], settings["ingest"]) if item.origin not in repeated]
    records = ray_engine.records_dataset(kept)
    articles, story_rows, links = ray_engine.analyze_dataset(records, settings)
    got = {r["id"]: r["story_id"] for r in articles.iter_rows()}
    assert got == membership
    derived = {r["id"]: __import__("pickle").loads(r["story"]) for r in story_rows.iter_rows()}
    assert derived == stories
    assert links.count() == sum(len(s.provenance) for s in stories.values())
