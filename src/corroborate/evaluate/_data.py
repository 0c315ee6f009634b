"""Reading labelled JSONL for the benchmarks: one reader, one message per bad line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError


def read_records(path: Path | str, required: tuple[str, ...] = ("id", "text")) -> list[dict[str, Any]]:
    """Records of a JSONL file; each needs the ``required`` keys. Raises InputError naming ``path:LINE``."""
    records = []
    try:
        with Path(path).open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{n}", f"not JSON: {exc}") from exc
                missing = [k for k in required if k not in rec] if isinstance(rec, dict) else list(required)
                if missing:
                    raise InputError(f"{path}:{n}", "a record needs " + ", ".join(f"'{k}'" for k in required)
                                     + " (missing " + ", ".join(missing) + ")")
                records.append(rec)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    return records
