"""corroborate: one trustworthy picture per news event.

Stories (articles on the same event), provenance (who copies, rewrites or
translates whom) and independent sources, stored in SQLite and reported under
the ``corroborate.report/1`` contract. The CLI is ``corroborate``; the library
jobs are in ``corroborate.pipeline``.
"""

__version__ = "0.1.0"
