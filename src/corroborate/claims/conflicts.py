"""Conflicts and updates between the statements of one story.

``find_conflicts(clusters, statements, claim_ids)`` looks inside each aligned
cluster (statements that state the same fact) for a slot on which sources
disagree:

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

A false conflict is worse than a missed one, so each rule needs both sides
stated plainly (one value per slot and statement, named speakers, exact or
disjoint figures). ``find_updates`` orders "no immediate response" and a
later response of the same party: an update, not a contradiction.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from datetime import date
from functools import lru_cache
from typing import Sequence

from ..features.text import STOPWORDS, fold
from ..model import Conflict, ConflictValue, Entity, Evidence, Update
from .extract import Statement
from .quantities import APPROX, Quantity, compatible
from .temporal import weekday_name


def evidence(s: Statement) -> Evidence:
    return Evidence(s.article_id, s.sentence_id, s.text, s.start, s.end)


def _cid(prefix: str, *parts: str) -> str:
    return prefix + hashlib.blake2b("\x00".join(parts).encode(), digest_size=4).hexdigest()


def _plural(noun: str) -> str:
    if noun in {"%", "$", "€", "£", "¥", "people", "personnel", "year-old"}:
        return {"%": "percent", "year-old": "age"}.get(noun, noun)
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


# -- numbers --------------------------------------------------------------------
_SCOPED = re.compile(
    r"\b(?:so far|in total|a total of|totall?ing|altogether|overall|cumulative|to date|this (?:year|season|month|week)|"
    r"last (?:year|season)|all[- ]time|career|since|including|at least|in (?:their|its|his|her) \w+ (?:operations|games|years))\b",
    re.I,
)
_FRACTION = re.compile(r"\d\s*/\s*\d|[½⅓¼¾]")
def _number_conflict(members: Sequence[Statement]) -> list[tuple[str, list[tuple[str, list[Statement]]]]]:
    """(noun, [(value text, statements)]) for each counted noun the members disagree on."""
    by_noun: dict[str, list[tuple[Quantity, Statement]]] = defaultdict(list)
    for s in members:
        seen: set[str] = set()
        for q in s.quantities:
            if q.noun and q.noun not in seen and q.noun != "year-old":
                seen.add(q.noun)
                by_noun[q.noun].append((q, s))
    out = []
    for noun, items in by_noun.items():
        # plain figures only: "about 40", "a few", "thousands" never conflict; nor running
        # totals and scoped counts ("so far", "this season"), whose scope differs by design
        items = [(q, s) for q, s in items if q.exact and not _SCOPED.search(s.text) and not _FRACTION.search(
            s.text[max(0, q.start - s.start - 3) : q.end - s.start + 3])]
        if len({s.article_id for _, s in items}) < 2:
            continue
        # one value per statement for this noun, else the slot is not plain
        if any(sum(1 for qq in s.quantities if qq.noun == noun) > 1 for _, s in items):
            continue
        groups: list[tuple[Quantity, list[Statement]]] = []
        for q, s in items:
            for gq, ss in groups:
                if compatible(gq, q) or _rescaled(gq, q):
                    ss.append(s)
                    break
            else:
                groups.append((q, [s]))
        if len(groups) < 2:
            continue
        # a figure the other side also gives (for any noun) is not a disagreement
        plain = []
        for gq, ss in groups:
            others = [s for g2, s2 in groups if g2 is not gq for s in s2]
            if any(compatible(gq, q2) for s in others for q2 in s.quantities):
                continue
            plain.append((gq, ss))
        if len(plain) >= 2 and len({s.article_id for _, ss in plain for s in ss}) >= 2:
            out.append((noun, [(f"{g.text} {_plural(noun)}" if g.noun not in {"%", "$", "€", "£", "¥"} else g.text, ss) for g, ss in plain]))
    return out


def _rescaled(a: Quantity, b: Quantity) -> bool:
    """"$2.6" and "$2.6 million": one lost its scale word, the same amount."""
    lo, hi = sorted((a.value, b.value))
    return lo > 0 and any(abs(hi / lo - f) < 1e-6 for f in (1e3, 1e6, 1e9))


# -- days -----------------------------------------------------------------------
def _day(s: Statement) -> tuple[str | None, int | None, bool] | None:
    """(ISO date or None, weekday or None, explicit) of the one day a statement names, else None."""
    if any(t.future for t in s.times):
        return None  # a plan ("will meet on Monday") is no report of when something happened
    days = [t for t in s.times if t.kind in ("date", "weekday")]
    if s.post_date and not days:
        d = date.fromisoformat(s.post_date)
        return s.post_date, d.weekday(), True
    if len(days) != 1:
        return None
    t = days[0]
    return t.date, t.weekday if t.weekday is not None else (date.fromisoformat(t.date).weekday() if t.date else None), t.explicit


def _day_label(day: tuple[str | None, int | None, bool]) -> str:
    iso, wd, explicit = day
    if explicit and iso:
        return f"{weekday_name(date.fromisoformat(iso).weekday())}, {iso}"
    return weekday_name(wd) if wd is not None else (iso or "?")


def _day_conflict(members: Sequence[Statement]) -> tuple[str, list[tuple[str, list[Statement]]]] | None:
    dated = [(s, d) for s in members if (d := _day(s)) is not None and d[1] is not None]
    if len({s.article_id for s, _ in dated}) < 2:
        return None
    groups: list[tuple[tuple[str | None, int | None, bool], list[Statement]]] = []
    for s, d in dated:
        for gd, ss in groups:
            same = gd[1] == d[1] and (not (gd[2] and d[2]) or gd[0] == d[0])
            if same:
                ss.append(s)
                break
        else:
            groups.append((d, [s]))
    if len(groups) < 2:
        return None
    kind = "date" if all(d[2] for d, _ in groups) else "weekday"
    return kind, [(_day_label(d), ss) for d, ss in groups]


# -- places ---------------------------------------------------------------------
@lru_cache(maxsize=1)
def _place_table() -> dict[str, set[tuple[str, str | None]]]:
    """Folded place name -> {(country code, subdivision code or None)} from pycountry."""
    table: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    try:
        import pycountry
    except ImportError:  # pragma: no cover - a dependency
        return {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                table[fold(v.split(",")[0])].add((c.alpha_2, None))
    for sd in pycountry.subdivisions:
        if sd.parent_code:  # second-level: keep the first-level parent
            continue
        name = sd.name.split("[")[0].split("(")[0].strip()
        for key in {fold(name), fold(re.sub(r"\s+(?:Oblast|Region|Province|Governorate|State|County|Prefecture)$", "", name))}:
            table[key].add((sd.country_code, sd.code))
    return dict(table)


def _place(surface: str) -> tuple[str, str | None] | None:
    key = fold(re.sub(r"^(?:the)\s+|\s+(?:region|oblast|province|state)$", "", surface.strip(), flags=re.I))
    hits = _place_table().get(key)
    if not hits:
        return None
    countries = [h for h in hits if h[1] is None]
    if countries:
        return countries[0] if len(countries) == 1 else None
    return next(iter(hits)) if len(hits) == 1 else None


def _place_conflict(members: Sequence[Statement]) -> list[tuple[str, list[Statement]]] | None:
    located = []
    for s in members:
        known = {p for p in (_place(name) for _, name in s.places) if p is not None}
        if len(known) == 1:
            located.append((s, next(iter(known)), s.places[0][1]))
    if len({s.article_id for s, _, _ in located}) < 2:
        return None
    groups: list[tuple[tuple[str, str | None], str, list[Statement]]] = []
    for s, p, name in located:
        for k, (gp, gname, ss) in enumerate(groups):
            if gp[0] == p[0] and (gp[1] is None or p[1] is None or gp[1] == p[1]):
                ss.append(s)
                if gp[1] is None and p[1] is not None:
                    groups[k] = (p, name, ss)
                break
        else:
            groups.append((p, name, [s]))
    if len(groups) < 2:
        return None
    names = [fold(name) for _, name, _ in groups]
    for k, (_, _, ss) in enumerate(groups):
        if any(other in fold(s.text) for s in ss for m, other in enumerate(names) if m != k):
            return None  # "felt in Oman and the UAE": both places, not a disagreement
    return [(name, ss) for _, name, ss in groups]


# -- speakers -------------------------------------------------------------------
def _speaker_conflict(members: Sequence[Statement], kinds: dict[str, str]) -> list[tuple[str, list[Statement]]] | None:
    named = [s for s in members if s.kind == "quote" and s.speaker_explicit and s.speaker_id and kinds.get(s.speaker_id) == "person"]
    if len({s.speaker_id for s in named}) < 2 or len({s.article_id for s in named}) < 2:
        return None
    # the names as written must differ outright: "Trump" and "Trump" resolved to two
    # entities (Donald, Melania) is an ambiguity of ours, not a disagreement of theirs
    last = [(fold(s.speaker_text or "").replace("’", "'").replace("'s", "").split() or [""])[-1] for s in named]
    for k in range(len(named)):
        for m in range(k + 1, len(named)):
            if named[k].speaker_id != named[m].speaker_id and last[k] == last[m]:
                return None
            # the other speaker is named in the sentence ("said Hansbrough, who sat beside Roy Williams")
            for a, b in ((named[k], named[m]), (named[m], named[k])):
                if a.speaker_id != b.speaker_id and b.speaker and b.speaker.split()[-1] in a.text:
                    return None
    groups: dict[str, list[Statement]] = defaultdict(list)
    for s in named:
        groups[s.speaker_id].append(s)
    return [(ss[0].speaker or sid, ss) for sid, ss in groups.items()]


def _masked(s: Statement, kind: str) -> str:
    """The statement's text without the slot in dispute."""
    if kind == "number":
        spans = [(q.start, q.end) for q in s.quantities]
    elif kind in ("date", "weekday"):
        spans = [(t.start, t.end) for t in s.times]
    elif kind == "speaker":
        return s.quote or s.text
    else:
        spans = []
    text = s.text
    for start, end in sorted(spans, reverse=True):
        text = text[: start - s.start] + " " + text[end - s.start :]
    if kind == "place":
        for _, name in s.places:
            text = text.replace(name, " ")
    return text


_APPROX_WORDS = {w for phrase in APPROX for w in phrase.split()}
_ORDINAL = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|\d+(?:st|nd|rd|th))\b", re.I)
_FRAME_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _frame(s: Statement) -> set[str]:
    """Stem of the content word just before each figure ("killed two", "pirates on two")."""
    out: set[str] = set()
    for q in s.quantities:
        before = _FRAME_WORD.findall(s.text[max(0, q.start - s.start - 40) : q.start - s.start])
        content = [fold(w) for w in before if fold(w) not in STOPWORDS and fold(w) not in _APPROX_WORDS]
        out.update(w[:5] for w in content[-1:])
    return out


def _same_frame(a: Statement, b: Statement) -> bool:
    """Two figures disagree only about the same thing: the words before them agree (not
    "killed two" vs "wounded three") and so do ordinals ("on the first day" vs "the second")."""
    if {o.lower() for o in _ORDINAL.findall(a.text)} != {o.lower() for o in _ORDINAL.findall(b.text)}:
        return False
    fa, fb = _frame(a), _frame(b)
    return not fa or not fb or bool(fa & fb)


def _masked_similarity(a: Statement, b: Statement, kind: str) -> float:
    from ..features.similarity import sentence_vectors

    v = sentence_vectors([_masked(a, kind), _masked(b, kind)], word_weight=0.5, number_weight=1.0)
    return float((v[0] @ v[1].T).toarray()[0, 0])


def find_conflicts(
    clusters: Sequence[Sequence[int]],
    statements: Sequence[Statement],
    claim_ids: Sequence[str],
    entities: Sequence[Entity] = (),
    min_score: float = 0.0,
    day_score: float = 0.0,
) -> list[Conflict]:
    """Conflicts inside each aligned cluster, and weekdays written beside dates they do not fall on.

    Two values only conflict when some statement giving one and some statement
    giving the other are lexically as close as ``min_score`` with the disputed
    slot masked out: a cluster may chain looser tellings, a disagreement needs
    two sentences that plainly say the same thing but for the value.
    Days need ``day_score``: sentences about different steps of one event
    (shot on Friday, charged on Saturday) share most of their words. Values
    only conflict across articles reported on the same day (or undated).
    """
    kinds = {e.id: e.kind for e in entities}
    out: list[Conflict] = []

    def close(values: list[tuple[str, list[Statement]]], kind: str) -> bool:
        """Two statements of different articles, one per value, that say the same thing but for the value.

        Their lexical similarity with the disputed slot masked out (figures,
        days, places or speaker names) must reach ``min_score`` (``day_score``
        for days), and they must be reported on the same day (or undated).
        """
        threshold = day_score if kind in ("date", "weekday") else min_score
        for k, (_, ss) in enumerate(values):
            for _, tt in values[k + 1 :]:
                for a in ss:
                    for b in tt:
                        if a.article_id == b.article_id:
                            continue
                        if a.published and b.published and a.published[:10] != b.published[:10]:
                            continue  # reported on different days: a later figure may be an update
                        if kind == "number" and not _same_frame(a, b):
                            continue
                        if _masked_similarity(a, b, kind) >= threshold:
                            return True
        return False

    def add(kind: str, about: str, cid: str, values: list[tuple[str, list[Statement]]], check: bool = True) -> None:
        if check and not close(values, kind):
            return
        out.append(
            Conflict(
                id=_cid("cf-", cid, kind, about),
                about=about,
                values=tuple(ConflictValue(v, tuple(evidence(s) for s in ss)) for v, ss in values),
                kind=kind,
                claim_ids=(cid,),
            )
        )

    for cluster, cid in zip(clusters, claim_ids):
        members = [statements[i] for i in cluster]
        for s in members:
            for t in s.times:
                if t.mismatch:
                    d = date.fromisoformat(t.date) if t.date else None
                    add("weekday", f"“{t.text}”: that date is a {weekday_name(d.weekday())}" if d else t.text, cid,
                        [(t.text, [s]), (f"{t.date} is a {weekday_name(d.weekday())}" if d else "?", [s])], check=False)
        if len(members) < 2:
            continue
        for noun, values in _number_conflict(members):
            add("number", f"how many {_plural(noun)}", cid, values)
        days = _day_conflict(members)
        if days:
            add(days[0], "on which day", cid, days[1])
        places = _place_conflict(members)
        if places:
            add("place", "where", cid, places)
        speakers = _speaker_conflict(members, kinds)
        if speakers:
            quote = next((s.quote for s in members if s.quote), members[0].text)
            short = quote if len(quote) <= 80 else quote[:77].rsplit(" ", 1)[0] + "…"
            add("speaker", f"who said {short}", cid, speakers)
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
            out.append(
                Conflict(
                    id=_cid("cf-", s.article_id, str(s.sentence_id), "post-day"),
                    about=f"on which day {who} posted",
                    values=(
                        ConflictValue(weekday_name(wds[0].weekday), (evidence(s),)),
                        ConflictValue(f"{weekday_name(day.weekday())}, {day.isoformat()} (the post's own date)",
                                      tuple(evidence(p) for p in post_sents[:1])),
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
