"""Store a benchmark run's figures in benchmarks/results/ with date, commit and machine."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict:
    mem_gb = None
    try:
        with open("/proc/meminfo") as fh:
            mem_gb = round(int(fh.readline().split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def commit() -> str:
    """The short commit hash, with ``+dirty`` when src/ has uncommitted changes (they shape the figures)."""
    root = RESULTS.parent.parent
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=root)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True, cwd=root)
        return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def save(name: str, figures: dict) -> Path:
    """Write ``results/<date>-<name>.json``; returns the path."""
    RESULTS.mkdir(exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    doc = {"benchmark": name, "date": now.isoformat(timespec="seconds"), "commit": commit(), "machine": machine()}
    doc.update(figures)
    path = RESULTS / f"{now:%Y-%m-%d}-{name}.json"
    path.write_text(json.dumps(doc, indent=2) + "\n", "utf-8")
    return path
