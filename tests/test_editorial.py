"""Issue 14, editorial control: merge two stories, move an article to another story or a new
one, delete an article, through the CLI; each recorded with who/when and kept by later ``add``
and ``analyze`` (``editorial.constrain`` after grouping; docs/store.md, "Editorial decisions")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborate import config, pipeline
from corroborate.cli import main
from corroborate.editorial import Decisions, constrain
from corroborate.store import Store

SETTINGS = config.settings()
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
MOVED = "003_a3085cba722678df"  # one founding article

# Two unrelated local reports (written for these tests, shared with tests/web/test_editorial.py): each
# a story of its own when grouped.
LOCAL = [json.loads(line) for line in (ROOT / "tests" / "data" / "editorial_local.jsonl").read_text("utf-8").splitlines()]
LATER = {"id": "flood-barrier-2", "title": "Port Elling flood barrier: council vote confirmed", "source": "Coast News",
         "published": "2025-04-09",
         "text": "The harbor city council of Port Elling confirmed on Friday its 48 million euro budget for a flood"
                 " barrier along the eastern docks. Mayor Ingrid Solvang said construction would begin in the spring."
                 " Engineers from the regional water board said storm surges had flooded the docks four times since 2019."}


def _json(folder: Path, name: str, records: list[dict]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(records), "utf-8")
    return str(path)


def _cli(*args: str) -> object:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "e.sqlite3"
    with Store(path) as store:
        pipeline.analyze(store, [SEEDS, _json(tmp_path / "in", "local.json", LOCAL)], SETTINGS)
        assert len(store.story_ids()) == 3
    return str(path)


def _story_of(db: str, article_id: str) -> str | None:
    with Store(db) as store:
        return store.membership_of([article_id]).get(article_id)


def test_constrain_merges_then_moves():
    grouped = {"a": "s1", "b": "s1", "c": "s2", "d": "s3", "e": "s4"}
    decisions = Decisions(moves=(("c", "s9"),), merges=(("s1", ("a", "c", "d")),))
    # c is moved, so it does not pull its story in; d's story joins a's
    assert constrain(grouped, decisions) == {"a": "s1", "b": "s1", "c": "s9", "d": "s1", "e": "s4"}
    # the kept id is taken by a story outside the merge: the larger of the merged ones keeps its id
    assert constrain({"a": "s2", "b": "s2", "d": "s3", "x": "s1"}, Decisions(merges=(("s1", ("a", "b", "d")),))) == {
        "a": "s2", "b": "s2", "d": "s2", "x": "s1"}
    assert constrain(grouped, Decisions()) == grouped


def test_merge_stories_through_the_cli_is_recorded_and_kept_by_analyze_and_add(db, tmp_path):
    flood, rail = _story_of(db, "flood-barrier"), _story_of(db, "railway")
    assert flood != rail
    out = _cli("merge-stories", rail, flood, "--db", db, "--user", "desk").output
    assert f"{rail} merged into {flood}: 2 articles" in out
    with Store(db) as store:
        story = store.story(flood)
        assert store.story(rail) is None
        assert sorted(story.article_ids) == ["flood-barrier", "railway"]
        assert story.title == "Harbor city approves new flood barrier budget"  # the kept story's title
        assert dict(story.citations) == {"flood-barrier": 1, "railway": 2}  # merged articles numbered after
        assert {a for g in story.independent_groups for a in g} == {"flood-barrier", "railway"}  # derived again
        assert [(a, s, t, who) for a, s, t, who, _ in store.editorial_log()] == [("merge", rail, flood, "desk")]
    # grouping again from scratch would split them; the merge holds
    _cli("analyze", str(tmp_path / "in"), "--db", db, "--out", str(tmp_path / "out"), "--format", "json")
    assert _story_of(db, "railway") == _story_of(db, "flood-barrier") == flood
    # a later report joins the merged story, which stays merged
    _cli("add", _json(tmp_path / "later", "later.json", [LATER]), "--db", db)
    assert _story_of(db, "flood-barrier-2") == _story_of(db, "railway") == flood
    with Store(db) as store:
        assert len(store.story_ids()) == 2
    bad = CliRunner().invoke(main, ["merge-stories", flood, flood, "--db", db])
    assert bad.exit_code == 2 and "cannot be merged into itself" in bad.output


def test_move_an_article_to_a_new_story_and_to_another_story_survives_analyze_and_add(db, tmp_path):
    founding = _story_of(db, MOVED)
    with Store(db) as store:
        n_before = len(store.story(founding).article_ids)
    out = _cli("move-article", MOVED, "--new", "--db", db, "--user", "desk").output
    new = _story_of(db, MOVED)
    assert new not in (founding, None) and f"{MOVED} moved to a new story {new}" in out
    with Store(db) as store:
        assert store.story(new).article_ids == (MOVED,) or list(store.story(new).article_ids) == [MOVED]
        left = store.story(founding)
        assert len(left.article_ids) == n_before - 1 and MOVED not in left.article_ids
        assert MOVED not in {a for g in left.independent_groups for a in g}  # provenance derived again
    _cli("analyze", str(SEEDS), "--db", db, "--out", str(tmp_path / "out"), "--format", "json")
    assert _story_of(db, MOVED) == new  # the grouping would put it back; the move holds
    # an add of a report close to the moved article (its own text, cut) re-links the stories near it
    own = (SEEDS / f"{MOVED}.txt").read_text("utf-8").splitlines()
    close = {"id": "close-report", "title": "Captured Chinese fighters: Kyiv asks Beijing", "source": "Wire 9",
             "published": "2025-04-09", "text": "\n".join(own[:6])}
    _cli("add", _json(tmp_path / "close", "close.json", [close]), "--db", db)
    assert _story_of(db, MOVED) == new and _story_of(db, "close-report") is not None
    assert _story_of(db, "000_55a835e9202e45df") == founding
    # then into the flood story, by id
    flood = _story_of(db, "flood-barrier")
    out = _cli("move-article", MOVED, "--to", flood, "--db", db).output
    assert _story_of(db, MOVED) == flood
    with Store(db) as store:
        assert store.story(new) is None  # emptied: gone
        assert [a for a, *_ in store.editorial_log(MOVED)] == ["move", "move"]
    _cli("add", _json(tmp_path / "later", "later.json", [LATER]), "--db", db)
    _cli("analyze", str(SEEDS), "--db", db, "--out", str(tmp_path / "out"), "--format", "json")
    assert _story_of(db, MOVED) == flood
    bad = CliRunner().invoke(main, ["move-article", MOVED, "--db", db])
    assert bad.exit_code == 2 and "--to STORY_ID and --new" in bad.output
    bad = CliRunner().invoke(main, ["move-article", "no-such", "--new", "--db", db])
    assert bad.exit_code == 2 and "no article 'no-such'" in bad.output


def test_delete_an_article_stays_deleted_after_add_and_analyze(db, tmp_path):
    founding = _story_of(db, MOVED)
    with Store(db) as store:
        n_docs = store.doc_freq()[0]
        n_before = len(store.story(founding).article_ids)
    out = _cli("delete-article", MOVED, "--db", db, "--user", "desk").output
    assert f"{MOVED} deleted from {founding}" in out
    with Store(db) as store:
        assert store.article(MOVED) is None and store.doc_freq()[0] == n_docs - 1
        story = store.story(founding)
        assert len(story.article_ids) == n_before - 1 and MOVED not in story.article_ids
        assert MOVED not in json.dumps([story.provenance, story.claims], default=str)  # derived again
        assert store.pending_ids() == []
    added = CliRunner().invoke(main, ["add", str(SEEDS), "--db", db])
    assert added.exit_code == 0, added.output
    assert f"article {MOVED} was deleted by desk" in added.output and "not added again" in added.output
    _cli("analyze", str(SEEDS), "--db", db, "--out", str(tmp_path / "o"), "--format", "json")
    with Store(db) as store:
        assert store.article(MOVED) is None
        assert len(store.story(founding).article_ids) == n_before - 1
        assert [(a, who) for a, _, _, who, _ in store.editorial_log(MOVED)] == [("delete", "desk")]
    bad = CliRunner().invoke(main, ["delete-article", MOVED, "--db", db])
    assert bad.exit_code == 2 and f"no article {MOVED!r}" in bad.output


def test_deleting_the_only_article_of_a_story_deletes_the_story(db):
    rail = _story_of(db, "railway")
    _cli("delete-article", "railway", "--db", db)
    with Store(db) as store:
        assert store.story(rail) is None and rail not in store.story_ids()
