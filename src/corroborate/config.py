"""Settings: every threshold lives in ``defaults.toml`` beside this module.

``settings()`` returns the defaults, optionally overlaid with a user TOML file
of the same shape. Stages take plain keyword arguments; the pipeline passes
``settings()[section]`` to them, so a stage is usable without this module.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .errors import ConfigError


@lru_cache(maxsize=1)
def _defaults() -> dict[str, dict[str, Any]]:
    text = resources.files(__package__).joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def settings(path: str | Path | None = None) -> Mapping[str, Mapping[str, Any]]:
    """Defaults overlaid with ``path`` (a TOML file), as read-only mappings."""
    merged = {section: dict(values) for section, values in _defaults().items()}
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read settings: {exc}") from exc
        for section, values in user.items():
            if section not in merged or not isinstance(values, dict):
                raise ConfigError(f"{path}: unknown settings section [{section}]")
            unknown = set(values) - set(merged[section])
            if unknown:
                raise ConfigError(f"{path}: unknown key(s) in [{section}]: {', '.join(sorted(unknown))}")
            merged[section].update(values)
    return MappingProxyType({k: MappingProxyType(v) for k, v in merged.items()})


def section(name: str) -> Mapping[str, Any]:
    """The default values of one section (what a stage uses when given nothing)."""
    return settings()[name]
