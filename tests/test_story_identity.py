"""Issue 14, stable ids and numbering: a story keeps its id, its title and its sources'
citation numbers as articles join and across ``analyze``, and a user can pin its title.

The rule (docs/store.md, "Story identity"): ``add`` keeps the id of every story it
touches; ``analyze`` gives a story the id of the stored story most of its articles
were in, so a story keeps its id whenever most of its articles stay together. A story
keeps its title unless its best headline is clearly better (``[pipeline] title_margin``)
or a user pins one; an article keeps its citation number while it stays in the story,
and a new one gets the next number.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from corroborate import config, pipeline, stages
from corroborate.cli import main
from corroborate.model import Article, Quality, Sentence, StoryPrior
from corroborate.numbering import number_sources
from corroborate.store import Store

SETTINGS = config.settings()
MARGIN = float(SETTINGS["pipeline"]["title_margin"])

# A sixth report of the founding examples' event, written for this test: a clean headline
# and an earlier date than every founding article, so that numbering by date or picking the
# earliest of the best-edited headlines would move both the numbers and the title.
SIXTH = {
    "id": "sixth-report",
    "title": "Kyiv says two Chinese men fighting for Russia were captured in Donetsk",
    "published": "2025-04-01",
    "source": "Test Wire",
    "text": (
        "Ukrainian forces captured two Chinese citizens who were fighting for the Russian army in the"
        " Donetsk region, President Volodymyr Zelensky said.\n\n"
        "Zelensky said the men carried identification documents and bank cards, and that intelligence"
        " suggests there are many more Chinese citizens in the occupier's units than just two.\n\n"
        "He said he had instructed Foreign Minister Andrii Sybiha to contact Beijing immediately and"
        " ask how China intends to respond. Sybiha said Chinese citizens fighting for Russia call into"
        " question China's declared position for peace."
    ),
}


def _sixth(folder) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sixth.json"
    path.write_text(json.dumps([SIXTH]), "utf-8")
    return str(path)


def _snapshot(store: Store, story_id: str) -> tuple[str, dict[str, int]]:
    story = store.story(story_id)
    return story.title, dict(story.citations)


def test_a_joining_article_keeps_the_id_title_and_numbers_and_analyze_keeps_them_too(tmp_path, seeds_dir):
    with Store(tmp_path / "s.sqlite3") as store:
        first = pipeline.analyze(store, [seeds_dir], SETTINGS)
        (sid,) = first.stories
        title, numbers = _snapshot(store, sid)
        assert sorted(numbers.values()) == [1, 2, 3, 4, 5]

        added = pipeline.add(store, [_sixth(tmp_path / "more")], SETTINGS)
        assert added.added == ["sixth-report"] and added.stories == [sid]  # it joined the founding story
        title2, numbers2 = _snapshot(store, sid)
        assert title2 == title  # the new headline is no clearer than the one the story had
        assert {a: n for a, n in numbers2.items() if a in numbers} == numbers
        assert numbers2["sixth-report"] == 6  # the next number, though it is the earliest published
        # what the numbering alone would have done: the earliest article first, every other moved
        assert dict(number_sources(store.story(sid).article_ids))["sixth-report"] == 1

        again = pipeline.analyze(store, [], SETTINGS)  # a whole regrouping, nothing new
        assert store.story_ids() == [sid]
        assert _snapshot(store, sid) == (title2, numbers2)
        assert again.rejected == []

        # the report and every renderer use the stored numbers
        doc = pipeline.report_for(store, [sid])
        assert doc["stories"][0]["citations"] == numbers2
        from corroborate.render import render

        md = render(doc, "md", **SETTINGS["brief"])
        assert "| 6 | Test Wire" in md


def test_a_story_keeps_its_id_numbers_and_title_when_most_of_its_articles_stay_together(tmp_path, seeds_dir):
    """analyze -> add articles -> analyze again: the founding story keeps its id, its title and
    its numbers although one of its articles is taken out (deleted from the inputs: a re-analysis
    over a store where it went) and a new one joins."""
    with Store(tmp_path / "s.sqlite3") as store:
        (sid,) = pipeline.analyze(store, [seeds_dir], SETTINGS).stories
        title, numbers = _snapshot(store, sid)
        pipeline.add(store, [_sixth(tmp_path / "more")], SETTINGS)
        # one founding article leaves (as a manual delete would leave it): 5 of 6 stay together
        leaving = max(numbers, key=numbers.get)
        with store.transaction():
            store._db.execute("DELETE FROM articles WHERE id = ?", (leaving,))
        pipeline.analyze(store, [], SETTINGS)
        assert store.story_ids() == [sid]
        title3, numbers3 = _snapshot(store, sid)
        assert title3 == title
        assert leaving not in numbers3
        assert {a: n for a, n in numbers3.items() if a != "sixth-report"} == {a: n for a, n in numbers.items() if a != leaving}
        assert numbers3["sixth-report"] == 6  # the leaver's number 5 is not given to anyone


def _article(aid: str, title: str | None, score: float, first: str = "A first sentence here.") -> Article:
    return Article(aid, first, (Sentence(0, first, 0, len(first)),), title=title, quality=Quality(score))


def test_the_title_changes_only_for_a_clearly_better_headline_or_a_pin():
    old = _article("a", "The old headline", 0.9)
    same = _article("b", "A fresher headline", 0.9 + MARGIN / 2)
    better = _article("c", "A much better headline", 0.9 + MARGIN)
    prior = StoryPrior(title="The old headline")
    assert stages.choose_title([old], None, MARGIN) == "The old headline"
    assert stages.choose_title([old, same], prior, MARGIN) == "The old headline"
    assert stages.choose_title([old, same, better], prior, MARGIN) == "A much better headline"
    # a story shown under a first sentence takes the first real headline
    untitled = _article("u", None, 1.0, "Something happened in a town on Monday.")
    assert stages.choose_title([untitled, same], StoryPrior(title="Something happened in a town on Monday."), MARGIN) == (
        "A fresher headline"
    )
    # the title's article left the story: the best headline of those there
    assert stages.choose_title([same], prior, MARGIN) == "A fresher headline"
    # a pin wins over everything
    assert stages.choose_title([old, better], StoryPrior(title="x", pinned="Pinned by an editor"), MARGIN) == (
        "Pinned by an editor"
    )


def test_numbers_are_kept_and_never_given_twice():
    assert number_sources(["b", "a"]) == (("b", 1), ("a", 2))
    assert number_sources(["new", "a", "b"], [("a", 1), ("b", 2)]) == (("a", 1), ("b", 2), ("new", 3))
    # b left, c joins: c does not get b's number; b coming back gets its own again
    assert number_sources(["a", "c"], [("a", 1), ("b", 2)]) == (("a", 1), ("c", 3))
    assert number_sources(["a", "b", "c"], [("a", 1), ("b", 2), ("c", 3)]) == (("a", 1), ("b", 2), ("c", 3))


def test_the_store_numbers_stories_stored_before_migration_0010_as_they_were_shown(tmp_path, seeds_dir):
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        (sid,) = pipeline.analyze(store, [seeds_dir], SETTINGS).stories
        shown = list(store.story(sid).article_ids)  # the order the numbers followed before 0010
        store._db.execute("DROP TABLE story_citations")
        store._db.execute("PRAGMA user_version = 9")
    with Store(path) as store:
        assert store.schema_version >= 10
        assert dict(store.story(sid).citations) == {a: n for n, a in enumerate(shown, 1)}


def test_pin_title_from_the_cli_is_kept_by_add_and_analyze_and_unpin_restores_the_headline(tmp_path, seeds_dir, monkeypatch):
    db = str(tmp_path / "s.sqlite3")
    with Store(db) as store:
        (sid,) = pipeline.analyze(store, [seeds_dir], SETTINGS).stories
        best = store.story(sid).title
    monkeypatch.setenv("USER", "ed")
    runner = CliRunner()
    out = runner.invoke(main, ["pin-title", sid[:8], "Chinese fighters captured in Ukraine", "--db", db])
    assert out.exit_code == 0, out.output
    assert "Chinese fighters captured in Ukraine" in out.output
    with Store(db) as store:
        assert store.story(sid).title == "Chinese fighters captured in Ukraine"
        title, by, at = store.pinned_title(sid)
        assert by == "ed" and at.endswith("Z") and len(at) == 20
        pipeline.add(store, [_sixth(tmp_path / "more")], SETTINGS)
        pipeline.analyze(store, [], SETTINGS)
        assert store.story(sid).title == "Chinese fighters captured in Ukraine"
    out = runner.invoke(main, ["unpin-title", sid, "--db", db, "--user", "lead"])
    assert out.exit_code == 0, out.output
    with Store(db) as store:
        assert store.story(sid).title == best
        assert store.pinned_title(sid) is None
        assert [(t, who) for t, who, _ in store.title_log(sid)] == [("Chinese fighters captured in Ukraine", "ed"), (None, "lead")]
    # no such story, an empty title: exit 2 with the reason
    bad = runner.invoke(main, ["pin-title", "st-nope", "A title", "--db", db])
    assert bad.exit_code == 2 and "no story" in bad.output
    empty = runner.invoke(main, ["pin-title", sid, "   ", "--db", db])
    assert empty.exit_code == 2 and "empty" in empty.output
    # a store that does not exist is not created
    missing = runner.invoke(main, ["pin-title", sid, "A title", "--db", str(tmp_path / "none.sqlite3")])
    assert missing.exit_code == 2 and not (tmp_path / "none.sqlite3").exists()


def test_a_story_written_with_numbers_that_disagree_keeps_the_stored_ones(tmp_path, seeds_dir):
    from dataclasses import replace

    with Store(tmp_path / "s.sqlite3") as store:
        (sid,) = pipeline.analyze(store, [seeds_dir], SETTINGS).stories
        story = store.story(sid)
        before = dict(story.citations)
        wrong = tuple((a, n) for a, n in zip(reversed(story.article_ids), range(1, 6)))  # derived without the prior
        with store.transaction():
            store.put_story(replace(story, citations=wrong))
        assert dict(store.story(sid).citations) == before
