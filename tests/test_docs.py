"""The docs say what the code does: the report schema and the README's commands."""

from __future__ import annotations

import re
from pathlib import Path

from corroborate.cli import main
from corroborate.model import Article, Quality, Sentence, Story
from corroborate.serialize import article_to_dict, report, story_to_dict

ROOT = Path(__file__).resolve().parents[1]


def _documented_keys() -> set[str]:
    text = (ROOT / "docs" / "report-schema.md").read_text("utf-8")
    return set(re.findall(r"^\| `([a-z_]+)", text, flags=re.M))


def test_every_report_key_is_documented():
    article = Article("a", "x.", (Sentence(0, "x.", 0, 2),), quality=Quality(1.0))
    doc = report([article], [Story("s", "t", ("a",))])
    documented = _documented_keys()
    assert set(article_to_dict(article)) <= documented
    assert set(story_to_dict(Story("s", "t", ("a",)))) <= documented
    assert doc["schema"] in (ROOT / "docs" / "report-schema.md").read_text("utf-8")


def test_readme_names_every_command_and_the_two_quick_start_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, command in main.commands.items():
        assert f"corroborate {name}" in readme, name
        for sub in getattr(command, "commands", {}):
            assert f"corroborate {name} {sub}" in readme, (name, sub)
    assert "make demo" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "make test" in ci
