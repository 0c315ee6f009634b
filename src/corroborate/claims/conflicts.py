"""Conflicts and updates between the statements of one story.

``find_conflicts(clusters, statements, claim_ids, scores, thresholds)``
reads the aligned claims (``claims.align`` keeps every claim's members in
agreement on their slots, ``claims.slots``) and reports the slots on which
sentences that otherwise say the same thing disagree, *between* claims:

* **number**: the same counted noun with intervals that do not overlap
  ("two soldiers" vs "three soldiers"); "thousands of troops" and "11,000
  troops" overlap, so they do not conflict; and a figure the other statement
  also mentions anywhere does not conflict (one source may give both);
* **date** / **weekday**: the day the fact happened on, or a weekday that does
  not fall on the calendar date another source gives, or a weekday written
  beside a date it does not fall on;
* **place**: one located place each ("in X"), in different countries, or in
  different first-level regions of one country;
* **speaker**: the same quote credited by name to different people.

A false conflict is worse than a missed one, so each slot kind needs both
sides stated plainly (one value per slot and statement, named speakers,
exact figures, no scoped totals): its guards live with its rule in
``claims.slots``. ``find_updates`` orders "no immediate response" and a
later response of the same party: an update, not a contradiction.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from datetime import date
from typing import Collection, Mapping, Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from ..features.text import fold
from ..model import Conflict, ConflictValue, Entity, Evidence, Update
from .extract import Statement
from .slots import SLOTS, age_pairs, disagreements, slot_of
from .temporal import weekday_name


def evidence(s: Statement) -> Evidence:
    return Evidence(s.article_id, s.sentence_id, s.text, s.start, s.end)


def _cid(prefix: str, *parts: str) -> str:
    return prefix + hashlib.blake2b("\x00".join(parts).encode(), digest_size=4).hexdigest()


def find_conflicts(
    clusters: Sequence[Sequence[int]],
    statements: Sequence[Statement],
    claim_ids: Sequence[str],
    scores: Mapping[tuple[int, int], float],
    blocked: Collection[tuple[int, int]],
    thresholds: Mapping[str, float],
) -> list[Conflict]:
    """Conflicts between the aligned claims of a story, and weekdays written beside dates they do not fall on.

    ``align`` never puts two statements that disagree on a slot into one
    claim (``claims.slots``), so a disagreement lies *between* claims: two
    sentences of different articles that say the same thing but for the value
    and disagree on a slot plainly enough to report (the slot's guards) make
    their two claims the two sides of one conflict. "The same thing but for the
    value": ``align`` would have merged their claims but for the disagreement
    (``blocked``), or the pair is as close as the slot asks (``slot.close``
    against ``thresholds``, keys of ``[claims]``). Claims linked that way on
    one slot form one conflict whose values list every member sentence giving
    each value. Values only conflict across articles reported on the same day
    (or undated): a later figure may be an update.
    """
    cluster_of = {i: k for k, cl in enumerate(clusters) for i in cl}
    out: list[Conflict] = []
    for k, (cluster, cid) in enumerate(zip(clusters, claim_ids)):
        for i in cluster:
            s = statements[i]
            for t in s.times:
                if t.mismatch and t.date:
                    d = date.fromisoformat(t.date)
                    real = f"{t.date} is a {weekday_name(d.weekday())}"
                    out.append(Conflict(
                        id=_cid("cf-", cid, "weekday", t.text),
                        about=f"“{t.text}”: that date is a {weekday_name(d.weekday())}",
                        values=(ConflictValue(t.text, (evidence(s),)),
                                ConflictValue(real, (evidence(s),), note="the calendar, not another source")),
                        kind="weekday",
                        claim_ids=(cid,),
                    ))
    # (slot kind, key) -> cluster pairs that disagree on it, and the conflict kind to show
    links: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    shown_kind: dict[tuple[str, str], str] = {}
    pairs = set(scores) | set(blocked) | age_pairs(statements)
    for i, j in pairs:
        score = scores.get((i, j), 0.0)
        ci, cj = cluster_of.get(i), cluster_of.get(j)
        if ci is None or cj is None or ci == cj:
            continue
        a, b = statements[i], statements[j]
        if a.article_id == b.article_id or (a.published and b.published and a.published[:10] != b.published[:10]):
            continue
        found = disagreements(a, b, thresholds)
        if any(SLOTS[slot_of(d).kind].reportable is None for d in found):
            continue  # one denies or plans what the other reports: two facts, not one in dispute
        # a merge refused because the two share no content but who speaks is no merge "but for a value"
        merged_but_for = (i, j) in blocked and not any(d.kind == "content" for d in found)
        for d in found:
            slot = slot_of(d)
            if not slot.reportable(a, b, d) or not slot.close(a, b, d, score, merged_but_for, thresholds):
                continue
            key = (slot.kind, d.key)
            links[key].add((min(ci, cj), max(ci, cj)))
            if shown_kind.get(key) != "weekday":
                shown_kind[key] = d.kind
    for (kind, key), pairs in links.items():
        slot = SLOTS[kind]
        nodes = sorted({c for p in pairs for c in p})
        index = {c: n for n, c in enumerate(nodes)}
        graph = sparse.coo_matrix(
            (np.ones(len(pairs)), ([index[a] for a, _ in pairs], [index[b] for _, b in pairs])), shape=(len(nodes), len(nodes))
        )
        _, labels = connected_components(graph, directed=False)
        for comp in sorted(set(labels.tolist())):
            comp_clusters = [c for c in nodes if labels[index[c]] == comp]
            values: dict[object, tuple[str, list[Statement]]] = {}
            for c in comp_clusters:
                others = [statements[i] for o in comp_clusters if o != c for i in clusters[o]]
                for i in clusters[c]:
                    got = slot.value(statements[i], key, others)
                    if got is None:
                        continue
                    vkey, label = got
                    values.setdefault(vkey, (label, []))[1].append(statements[i])
            if len(values) < 2:
                continue
            ids = tuple(claim_ids[c] for c in comp_clusters)
            out.append(Conflict(
                id=_cid("cf-", kind, key, *sorted(ids)),
                about=slot.about(key),
                values=tuple(ConflictValue(label, tuple(evidence(s) for s in ss)) for label, ss in values.values()),
                kind=shown_kind[(kind, key)],
                claim_ids=ids,
            ))
    return out


# -- the day of a post -------------------------------------------------------------
_POSTING = re.compile(r"\b(?:shared|posted|published|tweeted|wrote|writing|posting|uploaded|released)\b", re.I)


def find_post_day_conflicts(statements: Sequence[Statement], related: float = 0.3, window_days: int = 6) -> list[Conflict]:
    """A weekday given for a post that does not fall on the date of the embedded post itself.

    "Zelensky shared on Monday footage ..." beside the embedded post signed
    "(@ZelenskyyUa) April 8, 2025" (a Tuesday): the statement must name the
    post's author, use a posting verb with one weekday, and share content
    with the post (lexical cosine >= ``related``); the author must have one
    post date in the story, and the weekday (resolved against the article's
    date) must fall within ``window_days`` of it.
    """
    from ..features.similarity import sentence_vectors

    posts: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        if s.post_date and s.speaker_id:
            posts[s.speaker_id].append(s)
    out: list[Conflict] = []
    for author, post_sents in posts.items():
        dates = {s.post_date for s in post_sents}
        if len(dates) != 1:
            continue
        day = date.fromisoformat(next(iter(dates)))
        for s in statements:
            if s.post_date or author not in s.entity_ids or not _POSTING.search(s.text):
                continue
            wds = [t for t in s.times if t.kind in ("weekday", "date")]
            if len(wds) != 1 or wds[0].weekday is None or wds[0].explicit or wds[0].weekday == day.weekday():
                continue
            if wds[0].date and abs((date.fromisoformat(wds[0].date) - day).days) > window_days:
                continue
            v = sentence_vectors([s.text] + [p.text for p in post_sents])
            if float((v[0] @ v[1:].T).toarray().max()) < related:
                continue
            who = post_sents[0].speaker or author
            embedded = [p for p in post_sents if p.article_id == s.article_id]
            post = (embedded or post_sents)[-1]
            signature = (
                (Evidence(post.article_id, post.sentence_id, post.post_signature),) if post.post_signature else ()
            )
            note = (
                "the article contradicts the post it embeds: the post's signature line gives its date"
                if embedded else "the post's signature line (in another article) gives its date"
            )
            out.append(
                Conflict(
                    id=_cid("cf-", s.article_id, str(s.sentence_id), "post-day"),
                    about=f"on which day {who} posted",
                    values=(
                        ConflictValue(weekday_name(wds[0].weekday), (evidence(s),)),
                        ConflictValue(f"{weekday_name(day.weekday())}, {day.isoformat()} (the post's own date)",
                                      signature + (evidence(post),), note=note),
                    ),
                    kind="weekday",
                )
            )
    return out


# -- updates --------------------------------------------------------------------
_NO_RESPONSE = re.compile(
    r"\b(?:no immediate (?:response|comment|reply)|(?:did|has|have|had) not (?:yet )?(?:immediately |officially |publicly )?"
    r"(?:respond(?:ed)?|repl(?:y|ied)|comment(?:ed)?)|declined to comment|could not be reached|not immediately "
    r"(?:available|reachable) for comment|no (?:official )?(?:response|comment) (?:has been|was) (?:received|given))",
    re.I,
)
_RESPONSE = re.compile(
    r"\b(?:(?:denied|denies|rejected|rejects|dismissed|dismisses|objected to|objects to|refuted|refutes|responded to)"
    r"\s+(?:\S+\s+){0,4}?(?:remarks?|claims?|reports?|allegations?|accusations?|statements?|comments?)"
    r"|call(?:ed|ing) (?:\S+\s+){0,3}?[“\"]?(?:groundless|baseless|false|fake|untrue|absurd|unfounded))\b",
    re.I,
)


def _parties(s: Statement, names: dict[str, str], before: int | None = None) -> set[str]:
    """Name words of the entities a statement mentions (only those named before offset ``before``)."""
    words: set[str] = set()
    for eid in s.entity_ids:
        name = names.get(eid, "")
        if before is not None:
            pos = s.text.find(name.split()[0]) if name else -1
            if pos < 0 or pos > before:
                continue
        words.update(w for w in fold(name).split() if len(w) > 3)
    return words


def find_updates(statements: Sequence[Statement], entities: Sequence[Entity] = ()) -> list[Update]:
    """"No response" followed by responses of the same party (by a shared name word): one
    ordered update per party, the silences first (by date), then the responses (by date)."""
    names = {e.id: e.name for e in entities}
    silent = [s for s in statements if _NO_RESPONSE.search(s.text)]
    responses = [s for s in statements if _RESPONSE.search(s.text) and not _NO_RESPONSE.search(s.text)]
    by_party: dict[str, tuple[list[Statement], list[Statement]]] = {}
    for r in responses:
        m = _RESPONSE.search(r.text)
        party = _parties(r, names, before=m.start() if m else None)
        before = [
            s for s in silent
            if s.article_id != r.article_id and party & _parties(s, names)
            and (s.published is None or r.published is None or s.published <= r.published)
        ]
        if not before:
            continue
        who = sorted(party & set().union(*(_parties(s, names) for s in before)))[0]
        quiet, spoke = by_party.setdefault(who, ([], []))
        quiet.extend(s for s in before if s not in quiet)
        spoke.append(r)
    out: list[Update] = []
    for who, (quiet, spoke) in by_party.items():
        order = lambda s: (s.published or "", s.article_id, s.start)  # noqa: E731
        steps = [("no response yet", s) for s in sorted(quiet, key=order)] + [("responded", s) for s in sorted(spoke, key=order)]
        out.append(
            Update(
                id=_cid("up-", who, *(f"{s.article_id}:{s.sentence_id}" for _, s in steps)),
                about=f"response of {who.capitalize()}",
                steps=tuple(ConflictValue(label, (evidence(s),)) for label, s in steps),
            )
        )
    return out
