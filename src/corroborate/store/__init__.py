"""Persistence. SQLite by default; see ``sqlite.Store``."""

from .sqlite import Store, StorySummary

__all__ = ["Store", "StorySummary"]
