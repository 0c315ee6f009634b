"""Engines that run ``analyze``'s stages somewhere else than this process and its workers.

A registry, not an if-chain: each engine is a module with
``analyze(store, paths, settings, progress) -> pipeline.RunResult`` that calls the
store-free stages of ``corroborate.stages`` and writes the same store as the local
path. ``corroborate analyze --engine NAME`` and ``pipeline.analyze(engine=NAME)`` pick one.
"""

from __future__ import annotations

import importlib
from types import ModuleType

ENGINES: dict[str, str] = {
    "ray": "corroborate.engines.ray",  # Ray Data: the `distributed` extra
}


def get_engine(name: str) -> ModuleType:
    """The engine module registered as ``name``; ``ValueError`` naming the known ones otherwise."""
    try:
        return importlib.import_module(ENGINES[name])
    except KeyError:
        raise ValueError(f"unknown engine {name!r}; known: local, {', '.join(sorted(ENGINES))}") from None
