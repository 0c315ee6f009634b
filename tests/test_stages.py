"""The store-free stage functions (``corroborate.stages``) on real shared data."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from corroborate import config, pipeline, stages
from corroborate.model import RawDoc, Rejection
from corroborate.stories import cluster_counts


@pytest.fixture(scope="module")
def settings():
    return config.settings()


@pytest.fixture
def ecb(shared_records):
    """ECB+ topics 1 and 2, as raw records (non-empty texts)."""
    return [r for r in shared_records("ecbplus/topics-1-35.jsonl") if r["topic"] in (1, 2) and r["text"].strip()]


def _raw(r: dict) -> RawDoc:
    return RawDoc(id=r["id"], origin=f"ecbplus:{r['id']}", text=r["text"], title=r.get("title"))


def test_stages_module_never_touches_a_store_or_reads_defaults():
    tree = ast.parse(Path(stages.__file__).read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any("store" in m or m in ("config", ".config") or m.endswith("config") for m in imported), imported


def test_prepare_cleans_and_counts_a_real_article(ecb, settings):
    out = stages.prepare(_raw(ecb[0]), settings)
    assert isinstance(out, stages.Prepared)
    assert out.article.id == ecb[0]["id"] and out.article.sentences and sum(out.counts.values()) > 10
    assert stages.prepare(_raw(ecb[0]), settings) == out  # no state between calls


def test_prepare_rejects_an_empty_text_and_passes_rejections_through(settings):
    empty = stages.prepare(RawDoc(id="e", origin="empty.txt", text="   "), settings)
    assert isinstance(empty, Rejection) and empty.origin == "empty.txt"
    rejected = Rejection("bad.jsonl:3", "not JSON")
    assert stages.prepare(rejected, settings) is rejected


def test_group_is_the_batch_grouping_and_separates_the_two_topics(ecb, settings):
    prepared = [p for p in (stages.prepare(_raw(r), settings) for r in ecb) if isinstance(p, stages.Prepared)]
    ids = [p.article.id for p in prepared]
    counts = [p.counts for p in prepared]
    published = [p.article.published for p in prepared]
    groups = stages.group(ids, counts, published, settings)
    assert groups == cluster_counts(ids, counts, published, settings)
    assert sorted(a for g in groups for a in g) == sorted(ids)
    topic = {r["id"]: r["topic"] for r in ecb}
    mixed = [g for g in groups if len({topic[a] for a in g}) > 1]
    assert not mixed  # Tara Reid's rehab (1) and the Oscars host (2) never share a story


def test_relate_and_derive_one_story(ecb, settings):
    articles = [stages.prepare(_raw(r), settings).article for r in ecb if r["topic"] == 1][:6]
    ordered, links, groups = stages.relate(articles, settings)
    assert sorted(a.id for a in ordered) == sorted(a.id for a in articles)
    assert sorted(a for g in groups for a in g) == sorted(a.id for a in articles)  # a partition
    assert all({link.source_id, link.derived_id} <= {a.id for a in articles} for link in links)
    story = stages.derive("st-test", list(reversed(articles)), settings)
    assert story.article_ids == tuple(a.id for a in ordered)  # input order does not matter
    assert story.independent_groups == tuple(groups) and story.provenance == tuple(links)
    assert story == pipeline.derive("st-test", articles, settings)  # the local pipeline calls the same stage
    assert story.brief


def test_derive_without_claims_stops_after_relate(ecb, settings):
    articles = [stages.prepare(_raw(r), settings).article for r in ecb if r["topic"] == 2][:4]
    off = {k: dict(v) for k, v in settings.items()}
    off["pipeline"]["claims"] = False
    story = stages.derive("st-x", articles, off)
    assert story.article_ids and story.independent_groups
    assert story.claims == () and story.brief == ()
