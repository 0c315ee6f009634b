"""Relations between the articles of a story: provenance links and independence groups.

    Article* (one story) ──find_provenance──> Provenance* ──independent_groups──> groups of ids
"""

from .groups import independent_groups
from .provenance import find_provenance

__all__ = ["find_provenance", "independent_groups"]
