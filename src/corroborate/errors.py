"""The exception tree. Errors are named once, here, and turned into messages
at the boundary (the CLI, the web layer).

    CorroborateError
     ├── ConfigError        a settings file is unreadable or names unknown keys
     ├── InputError         one input cannot be used (file + reason); the run goes on
 │                      (``ingest.validate_record`` returns the reason as a Rejection;
 │                      ``Store.put_article`` raises it for a row SQLite cannot take)
     ├── StoreError         the SQLite store cannot be opened or migrated
     │    └── StoreBusy     another process held the write lock past the wait
     └── MissingExtra       an optional dependency is not installed (names the extra)
"""

from __future__ import annotations


class CorroborateError(Exception):
    """Base of every error corroborate raises on purpose."""


class ConfigError(CorroborateError):
    pass


class InputError(CorroborateError):
    """An input that cannot be used. ``origin`` names the file (or file:line)."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class StoreError(CorroborateError):
    pass


class StoreBusy(StoreError):
    """Another connection held the write lock longer than this one may wait; nothing was written."""


class MissingExtra(CorroborateError):
    def __init__(self, extra: str, package: str):
        super().__init__(
            f"this feature needs the optional '{extra}' extra ({package} is not installed): "
            f"pip install 'corroborate[{extra}]'"
        )
        self.extra = extra
