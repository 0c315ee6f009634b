"""Citation numbers that stay with their article (issue 14: a note saying "source [2]" stays right).

A story's first derive numbers its articles [1]..[n] in ``Story.article_ids`` order
(earliest published first). After that, an article keeps its number for as long as
it stays in the story; a new article gets the next number after every number ever
given in the story (those of articles that left included), so no number is ever
given to another article. Pure and dependency-free: ``stages.derive`` and the store
(for a story written without numbers) both call it.
"""

from __future__ import annotations

from typing import Sequence


def number_sources(article_ids: Sequence[str], previous: Sequence[tuple[str, int]] = ()) -> tuple[tuple[str, int], ...]:
    """(article id, citation number) of each of ``article_ids``, in number order: an article
    numbered before (``previous``, members that left included) keeps its number; the others,
    in ``article_ids`` order, get the next numbers after the highest ever given."""
    before = dict(previous)
    out = {a: before[a] for a in article_ids if a in before}
    nxt = max(before.values(), default=0) + 1
    for a in article_ids:
        if a not in out:
            out[a] = nxt
            nxt += 1
    return tuple(sorted(out.items(), key=lambda kv: kv[1]))
