"""Editorial decisions as constraints on a grouping (issue 14, "editorial control").

A user's merges and moves are stored (``store/migrations/0011_editorial.sql``) and read as one
``Decisions`` record; ``constrain`` applies them to the membership a grouping computed
(article id -> story id), store-free, so that every later ``add`` and ``analyze`` keeps them
(``pipeline._plan_batch`` and ``pipeline._plan_new`` call it after grouping):

1. merges, oldest first: the stories holding articles a user merged together (moved
   articles aside) become one story, under the id the merge kept when that id is free
   or among them, else under the id of the one holding most of them;
2. moves: each moved article is put in the story the user chose (created when gone).

Deleted articles are not here: they are gone from the store, and never stored again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True, slots=True)
class Decisions:
    """The editorial decisions a grouping honours."""

    moves: tuple[tuple[str, str], ...] = ()  # (article id, story id), one per article
    merges: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kept story id, article ids merged), oldest first

    def __bool__(self) -> bool:
        return bool(self.moves or self.merges)

    def story_ids(self) -> set[str]:
        """The story ids the decisions name (move targets and kept ids)."""
        return {sid for _, sid in self.moves} | {into for into, _ in self.merges}


def constrain(membership: Mapping[str, str], decisions: Decisions) -> dict[str, str]:
    """``membership`` (article id -> story id, as a grouping left it) with ``decisions``
    applied. Articles not in ``membership`` are left out of the decisions."""
    out = dict(membership)
    if not decisions:
        return out
    placed = {aid: sid for aid, sid in decisions.moves if aid in out}
    for into, members in decisions.merges:
        held: dict[str, int] = {}
        for aid in members:
            if aid in out and aid not in placed:
                held[out[aid]] = held.get(out[aid], 0) + 1
        if not held or (len(held) == 1 and into in held):
            continue
        used = set(out.values())
        if into in held or into not in used:
            target = into
        else:
            target = sorted(held.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for aid, sid in out.items():
            if sid in held:
                out[aid] = target
    for aid, sid in placed.items():
        out[aid] = sid
    return out
