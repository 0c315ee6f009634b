"""Independence groups: articles that derive from one another count as one source.

Reads article ids and ``Provenance`` links, returns the connected components
over derivation links (copy, rewrite, translation). ``shared_quote`` links do
not merge: two outlets quoting the same post are independent reporters of a
single-origin quote.
"""

from __future__ import annotations

from typing import Sequence

from ..model import Provenance

DERIVATIONS = frozenset({"copy", "rewrite", "translation"})


def independent_groups(article_ids: Sequence[str], links: Sequence[Provenance]) -> list[tuple[str, ...]]:
    """Connected components over derivation links; groups and members in the order of ``article_ids``."""
    order = {a: k for k, a in enumerate(dict.fromkeys(article_ids))}
    parent = list(range(len(order)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link.relation not in DERIVATIONS:
            continue
        a, b = order.get(link.source_id), order.get(link.derived_id)
        if a is None or b is None:
            continue
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[str]] = {}
    for art, k in order.items():
        groups.setdefault(root(k), []).append(art)
    return [tuple(members) for _, members in sorted(groups.items())]
