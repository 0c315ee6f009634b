"""Settings: every threshold lives in ``defaults.toml`` beside this module.

``settings(path)`` is the one builder: the defaults overlaid with a user TOML
file of the same shape, as read-only mappings (section -> key -> value). Only
the edges (the CLI, the pipeline jobs, the web service, the bench entry points,
tests) call it; they pass the result down, and every stage takes the settings
it needs as an explicit argument (the whole mapping or its own section), so no
stage reads the packaged defaults on its own. ``override`` derives a changed
copy (benchmarks and tests score other values with it).
"""

from __future__ import annotations


import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .errors import ConfigError
from .words import plural


@lru_cache(maxsize=1)
def _defaults() -> dict[str, dict[str, Any]]:
    text = resources.files(__package__).joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


Settings = Mapping[str, Mapping[str, Any]]


def settings(path: str | Path | None = None) -> Settings:
    """Defaults overlaid with ``path`` (a TOML file), as read-only mappings."""
    if path is None:
        return _merged({}, "")
    try:
        user = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from exc
    return _merged(user, f"{path}: ")


def override(base: Settings, changes: Mapping[str, Mapping[str, Any]]) -> Settings:
    """``base`` with some values replaced (``{"stories": {"threshold": 0.2}}``); unknown
    sections or keys are a ``ConfigError``, as in a settings file."""
    return _merged(changes, "override: ", base)


def _merged(user: Mapping[str, Any], where: str, base: Settings | None = None) -> Settings:
    merged = {section: dict(values) for section, values in (base if base is not None else _defaults()).items()}
    for section, values in user.items():
        if section not in merged or not isinstance(values, Mapping):
            raise ConfigError(f"{where}unknown settings section [{section}]")
        unknown = set(values) - set(merged[section])
        if unknown:
            raise ConfigError(f"{where}unknown {plural('key', len(unknown))} in [{section}]: {', '.join(sorted(unknown))}")
        merged[section].update(values)
    return MappingProxyType({k: MappingProxyType(v) for k, v in merged.items()})


def section(name: str) -> Mapping[str, Any]:  # TODO(settings): remove once claims/ no longer calls it
    """The default values of one section. Stages must not call this: take settings from the caller."""
    return settings()[name]
