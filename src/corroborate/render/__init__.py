"""Renderers: the report document (``serialize.report``) to text formats.

``text`` (the terminal, ``corroborate show``), ``markdown`` and ``html`` read
the same dict shapes as report.json, so every format shows what the JSON holds.
``write_reports`` writes the chosen formats into a folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

FORMATS = ("json", "md", "html")


def render(doc: dict[str, Any], fmt: str, **settings: Any) -> str:
    """The report document as ``fmt`` (json | md | html)."""
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2)
    if fmt == "md":
        from .markdown import report_markdown

        return report_markdown(doc, **settings)
    if fmt == "html":
        from .html import report_html

        return report_html(doc, **settings)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_reports(doc: dict[str, Any], out_dir: Path, formats: Iterable[str] = FORMATS, **settings: Any) -> list[Path]:
    """Write ``report.<fmt>`` for each format into ``out_dir`` (each file replaced whole); return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in dict.fromkeys(formats):
        target = out_dir / f"report.{fmt}"
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(render(doc, fmt, **settings), "utf-8")
        tmp.replace(target)
        written.append(target)
    return written
