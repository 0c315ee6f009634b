"""Claims: who said what (attribution), and the claims built on it.

The attribution names are loaded on first use, so that importing a light module of this
package (``claims.names``, ``claims.entities``) for the web's read pages does not load the
attribution machinery."""

from __future__ import annotations

from typing import Any

__all__ = ["Attribution", "Span", "extract_attributions", "find_quotes"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import attribution

        return getattr(attribution, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
