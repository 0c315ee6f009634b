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


def _after_demo_lines() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("<!-- after-demo:", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_commands_after_make_demo_work_as_shown(tmp_path):
    # issue 14, newcomer path: after `make demo`, the README's lines run as written from the checkout
    import shutil
    import subprocess
    import sys

    import pytest

    venv = Path(sys.prefix)
    if not (venv / "bin" / "activate").is_file() or not (venv / "bin" / "corroborate").is_file():
        pytest.skip(f"not running from a virtual environment with corroborate installed ({venv})")
    (tmp_path / ".venv").symlink_to(venv)
    shutil.copytree(ROOT / "examples" / "seeds", tmp_path / "examples" / "seeds")
    make_demo = (ROOT / "Makefile").read_text("utf-8").split("\ndemo:", 1)[1].split("\n\t", 1)[1].split("\n", 1)[0]
    lines = _after_demo_lines()
    assert lines[0] == ". .venv/bin/activate" and lines[-1].startswith("corroborate serve")
    script = "set -e\n" + make_demo.replace("$(BIN)/", ".venv/bin/") + "\n" + "\n".join(
        f"{line}\necho '--- {line}'" for line in lines[:-1])  # serve runs until Ctrl-C: its tests are in tests/web
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("CORROBORATE_DB", "VIRTUAL_ENV")}
    env["PATH"] = "/usr/bin:/bin"  # corroborate is on the PATH only through the activation
    proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, (proc.stdout[-2000:], proc.stderr[-2000:])
    out = proc.stdout
    for line in lines[1:-1]:
        assert f"--- {line}" in out, line
    assert "st-3f6cfa701e" in out and "Ukraine Captures Chinese Nationals" in out
    assert (tmp_path / "story.html").stat().st_size > 1000 and (tmp_path / "exports" / "stories.csv").is_file()
    assert not (tmp_path / "corroborate.sqlite3").exists()
