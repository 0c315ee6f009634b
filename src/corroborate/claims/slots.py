"""Slots: what two statements of one fact must agree on, one registry entry per kind.

Two statements are members of one claim only when they agree on every slot
they both fill: the same figure for the same counted thing (or compatible
ones: "thousands" and "11,000", "about 40" and "41"), the same day, the same
place, the same speaker, the same polarity and modality, and direct quotes the
same words. ``disagreements(a, b, limits)``
lists where they do not; ``claims.align`` never joins two clusters with a
disagreeing pair (a sentence with a different figure is never support), and
``claims.conflicts`` reports the disagreements of sentences that otherwise
say the same thing.

Each kind is one ``Slot`` in ``SLOTS``:

* ``disagree(a, b)`` -> the ``Disagreement`` records of the pair (cheap: it
  runs on every pair of clusters that would merge);
* ``reportable(a, b, d)`` -> whether the disagreement is plain enough to
  show as a conflict (the guards against false alarms: scoped totals, vague
  amounts, different counted things, steps of an event); ``None`` for kinds
  that separate claims but are never a conflict (polarity, modality);
* ``close(a, b, d, score, thresholds)``: whether the two sentences say the
  same thing but for the value, from their alignment score or the words
  around the slot, against ``[claims]`` thresholds.

A new kind of slot is one function pair and one ``SLOTS`` entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable, Mapping, Sequence

from ..features.text import STOPWORDS, fold
from .extract import Statement
from .modality import content_stems, modality_of, shared_cues, stem
from .quantities import APPROX, Quantity, compatible
from .temporal import weekday_name


@dataclass(frozen=True, slots=True)
class Disagreement:
    """``a`` and ``b`` give different values (``value_a``, ``value_b``) for slot ``key`` of ``kind``."""

    kind: str  # number | date | weekday | place | speaker | polarity | modality
    key: str  # what the slot is about: the counted noun, "day", "place", "speaker", ...
    value_a: str
    value_b: str


@dataclass(frozen=True, slots=True)
class Slot:
    kind: str
    disagree: Callable[[Statement, Statement, Mapping[str, float]], list[Disagreement]]  # limits: [claims] values
    reportable: Callable[[Statement, Statement, Disagreement], bool] | None
    # (a, b, disagreement, alignment score, blocked, [claims] thresholds) -> the two say the same thing but for
    # the value; ``blocked``: ``align`` would have merged their claims but for a disagreement
    close: Callable[[Statement, Statement, Disagreement, float, bool, Mapping[str, float]], bool]
    about: Callable[[str], str]  # key -> the conflict's "about" in plain words
    # (statement, key, the statements of the other claims in dispute) -> (value key, label)
    value: Callable[[Statement, str, Sequence[Statement]], tuple[object, str] | None]


# -- numbers ----------------------------------------------------------------------
# Running totals and scoped counts: anywhere in the sentence ("In their five operations so far, ...
# confiscated 31 magazines") ...
_SCOPED = re.compile(
    r"\b(?:so far|in total|a total of|totall?ing|altogether|overall|cumulative|to date|this (?:year|season|month|week)|"
    r"last (?:year|season)|all[- ]time|career|in (?:their|its|his|her) \w+ (?:operations|games|years)|"
    r"(?:in|over|during) (?:his|her|their|its|the) (?:last|past|first|previous|next) (?:\w+ )?"
    r"(?:games|matches|seasons|years|months|weeks|days|starts|outings|races)|"
    # a part of one game: "five points during a pivotal 15-2 run", "all 11 of his points in the second half"
    r"during (?:a|an|the|his|her|their|its) (?:[\w'’-]+ ){0,8}?(?:run|stretch|spell|span|half|quarter|period)|"
    r"in the (?:first|second|third|fourth|final|opening|last) (?:half|quarter|period|inning|round|set))\b",
    re.I,
)
# ... and weaker scope words only near the figure ("40 people since Monday", not "the first case since the war began").
_SCOPED_NEAR = re.compile(r"\b(?:since|including|at least|need|needs|needed|needing)\b", re.I)
_FRACTION = re.compile(r"\d\s*/\s*\d|[½⅓¼¾]")
_SUBSET_BEFORE = re.compile(r"\b(?:first|last|next|final|top|another|other|those|these)\s+$", re.I)
_SCOPE_WINDOW = 8  # words either side of a figure in which a scope word ("so far", "since") scopes it
_APPROX_WORDS = {w for phrase in APPROX for w in phrase.split()}
_ORDINAL = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|\d+(?:st|nd|rd|th))\b", re.I)
_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_FRAME_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CURRENCY_SIGN = {"$", "€", "£", "¥"}


def plural(noun: str) -> str:
    if "/" in noun:  # a rate: "yard/carry" -> "yards per carry", "/year" (an amount of money) -> "a year"
        head, per = noun.split("/", 1)
        return f"{plural(head)} per {per}" if head else f"a {per}"
    if noun in _CURRENCY_SIGN | {"%", "people", "personnel", "year-old", "magnitude", "children", "men", "women",
                                 "police", "staff", "cattle", "sheep", "feet", "teeth", "mice"}:
        return {"%": "percent", "year-old": "age"}.get(noun, noun)
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


def _key(q: Quantity) -> str | None:
    return None if q.noun is None else f"{q.unit or ''}{q.noun}"


def _rescaled(a: Quantity, b: Quantity) -> bool:
    """"$2.6" and "$2.6 million": one lost its scale word, the same amount (of the same thing:
    "$5 million" is no rescaled "five per cent")."""
    if _key(a) != _key(b):
        return False
    lo, hi = sorted((a.value, b.value))
    return lo > 0 and any(abs(hi / lo - f) < 1e-6 for f in (1e3, 1e6, 1e9))


def _agree(a: Quantity, b: Quantity) -> bool:
    return compatible(a, b) or _rescaled(a, b)


def _states(s: Statement, q: Quantity) -> bool:
    """``s`` gives ``q``'s figure somewhere (for any noun): one source may give both figures. A
    vague amount of something else ("dozens of other counts") states no figure ("Nichols, 37")."""
    return any(_agree(q, other) for other in s.quantities if other.exact or _key(other) == _key(q))


def _number_label(q: Quantity) -> str:
    return q.text if q.noun in _CURRENCY_SIGN | {"%"} or q.unit else f"{q.text} {plural(q.noun or '')}".strip()


def _number_about(key: str) -> str:
    noun = key.lstrip("$€£¥%")
    if noun.startswith("/"):  # an amount or a share per something: "how much a year"
        return f"{'what share' if key.startswith('%') else 'how much'} {plural(noun)}"
    if not noun or noun in _CURRENCY_SIGN:
        return "what share" if key.startswith("%") else "how much"
    if key[0] in _CURRENCY_SIGN:
        return f"how much ({plural(noun)})"  # "$160 million offers": an amount, not a count of offers
    if noun == "year-old":
        return "how old"
    if noun == "magnitude":
        return "what magnitude"
    return f"how many {plural(noun)}"


def _numbers(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    out: list[Disagreement] = []
    for qa in a.quantities:
        ka = _key(qa)
        if ka is None or _states(b, qa):
            continue
        for qb in b.quantities:
            if _key(qb) == ka and not _agree(qa, qb) and not _states(a, qb):
                out.append(Disagreement("number", ka, _number_label(qa), _number_label(qb)))
                break
    return out


_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december today yesterday tomorrow last next week month year weekend morning "
    "evening night ago since".split()
)


_stem = stem  # a crude stem for comparing the words around two slots ("filing" / "filed", "soldiers" / "soldier")


_IRREGULAR = frozenset(
    "shot hit won lost took gave made held sent left led fought sold bought paid beat struck stole hurt cut "
    "threw caught drove broke ran spent found built brought kept began".split()
)


def _frame(s: Statement, q: Quantity) -> set[str]:
    """The verb just before the figure in its clause ("killed two", "wounded three"), as a stem;
    none when the word before is no verb ("a group of five", "detected seven": only verbs in
    -ed/-ing and common irregular past forms count), after a comma ("Last July, two donors"),
    or a time word ("on Tuesday that five")."""
    before = re.split(r"[,;:(—–]", s.text[max(0, q.start - s.start - 40) : q.start - s.start])[-1]
    content = [fold(w) for w in _FRAME_WORD.findall(before)
               if fold(w) not in STOPWORDS and fold(w) not in _APPROX_WORDS and fold(w) not in _TIME_WORDS]
    last = content[-1:]
    return {_stem(w) for w in last if w.endswith(("ed", "ing")) or w in _IRREGULAR}


_AUX = {"were", "was", "are", "is", "have", "has", "had", "been", "be", "being", "reportedly", "also", "all", "later"}


def _verb_after(s: Statement, q: Quantity) -> str | None:
    """The participle that says what happened to the counted thing ("two soldiers were *killed*"), if any."""
    words = _LOCAL_WORD.findall(s.text[q.end - s.start : q.end - s.start + 80])
    noun = q.noun or ""
    k = next((n for n, w in enumerate(words[:4]) if fold(w).startswith(noun[:4])), None)
    if k is None:
        return None
    for w in words[k + 1 : k + 4]:
        f = fold(w)
        if f in _AUX:
            continue
        return f[:5] if f.endswith(("ed", "en", "wn")) else None
    return None


def _ordinals(text: str) -> set[str]:
    """The ordinals of a text, "1st" read as "first" (up to "10th")."""
    out = set()
    for o in _ORDINAL.findall(text):
        o = o.lower()
        n = o[:-2]
        out.add(_ORDINAL_WORDS[int(n) - 1] if n.isdigit() and 1 <= int(n) <= 10 else o)
    return out


def _plain_figures(s: Statement, key: str, other: Statement) -> list[Quantity] | None:
    """The statement's one exact, unscoped figure for ``key`` that ``other`` does not also give
    (figures both give are matched away: "Mendes, 48, ... Gomes, 61" / "Gomes, 82, and Mendes, 48"),
    else None: the slot is not plain."""
    qs = [q for q in s.quantities if _key(q) == key and not _states(other, q)]
    if len(qs) > 1 and key == "year-old":  # "Kafoury, 85, ... Riva, 47": the age of the person the other names
        theirs = {_age_holder(other, q) for q in other.quantities if _key(q) == key and not _states(s, q)} - {None}
        qs = [q for q in qs if _age_holder(s, q) in theirs]
    if len(qs) != 1 or not qs[0].exact:
        return None
    q = qs[0]
    lo, hi = q.start - s.start, q.end - s.start
    around = " ".join(s.text[:lo].split()[-_SCOPE_WINDOW:] + [q.text] + s.text[hi:].split()[:_SCOPE_WINDOW])
    if _scope_words(around) - _scope_words(other.text):
        return None  # scoped here and not there ("40 so far" / "12 on Monday"); the same scope on both sides is fine
    part = _SUBSET_BEFORE.search(s.text[max(0, lo - 12) : lo])
    if part and part.group().split()[0].lower() not in _parts(other, key):
        return None  # "his first 17 passes": a part, not the count ("the first 20 minutes" on both sides: alike)
    if s.text[max(0, lo - 2) : lo].endswith("(") and re.search(r"\d", s.text[max(0, lo - 16) : lo]):
        return None  # "$ US1 million ($ 1.52 million)": a conversion of the figure before it
    if _FRACTION.search(s.text[max(0, q.start - s.start - 3) : q.end - s.start + 3]):
        return None
    return qs


def _parts(s: Statement, key: str) -> set[str]:
    """The part words before the statement's figures for ``key`` ("first" in "the first 20 minutes")."""
    out = set()
    for q in s.quantities:
        if _key(q) == key:
            m = _SUBSET_BEFORE.search(s.text[max(0, q.start - s.start - 12) : q.start - s.start])
            if m:
                out.add(m.group().split()[0].lower())
    return out


def _disputed(s: Statement, d: Disagreement) -> Quantity | None:
    """The statement's figure in dispute: the one of ``d``'s key labelled as one side of ``d``, else its first of the key."""
    qs = [q for q in s.quantities if _key(q) == d.key]
    return next((q for q in qs if _number_label(q) in (d.value_a, d.value_b)), qs[0] if qs else None)


_LOCAL_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def _context(s: Statement, start: int, end: int, window: int) -> set[str]:
    """Stems of the content words within ``window`` words either side of the slot at [start, end)
    ("fought six Chinese soldiers", "on Friday, filing a lawsuit")."""
    left = _LOCAL_WORD.findall(s.text[: start - s.start])[-window:]
    right = _LOCAL_WORD.findall(s.text[end - s.start :])[:window]
    return {_stem(w) for w in left + right
            if fold(w) not in STOPWORDS and fold(w) not in _APPROX_WORDS and fold(w) not in _TIME_WORDS}


def _span(s: Statement, d: Disagreement) -> tuple[int, int] | None:
    """Where the disputed slot sits in the statement (its figure or its day)."""
    if d.kind == "number":
        q = _disputed(s, d)
        return None if q is None else (q.start, q.end)
    if d.kind == "month":
        got = _month_ref(s)
        return None if got is None else (got[0].start, got[0].end)
    if d.kind == "clock":
        got = _clock_ref(s)
        return None if got is None else (got[2], got[3])
    t = _day_ref(s)
    return None if t is None else (t.start, t.end)


def local_score(a: Statement, b: Statement, d: Disagreement, window: int = 5) -> float:
    """Jaccard of the words around the disputed slot in each statement: how alike the slots' own
    phrases are, whatever else the sentences say (a dateline, a second clause)."""
    sa, sb = _span(a, d), _span(b, d)
    if sa is None or sb is None:
        return 0.0
    ca, cb = _context(a, *sa, window), _context(b, *sb, window)
    return len(ca & cb) / len(ca | cb) if ca and cb else 0.0


def _scope_words(text: str) -> set[str]:
    return {m.group().lower() for m in _SCOPED.finditer(text)} | {m.group().lower() for m in _SCOPED_NEAR.finditer(text)}


def _scoped(a: Statement, b: Statement) -> bool:
    """One sentence is a running total or scoped count and the other is not (or another scope)."""
    return {m.group().lower() for m in _SCOPED.finditer(a.text)} != {m.group().lower() for m in _SCOPED.finditer(b.text)}


_HOLDER_BEFORE = re.compile(r"((?:[A-Z][\w'’-]+\s+(?:\([^()]{1,20}\)\s+)?){0,2}[A-Z][\w'’-]+),\s*$")
_HOLDER_AFTER = re.compile(r"^[\s-]*(?:year[\s-]*old\s+)?(?:[a-z]+\s+){0,2}?((?:[A-Z][\w'’-]+\s*){1,3})")


def _named_age_holder(s: Statement, q: Quantity) -> str | None:
    """The person a person's age is given for by name: "Comeaux, 49," or "the 16-year-old Jermayne
    Timmons". The surname found beside the age, read as the one person entity of the statement that
    carries it ("Catherine Gomes, 61" -> ``person:catherine-gomes``, so not "Gary Gomes"), else
    ``person:<surname>``."""
    rel_start, rel_end = q.start - s.start, q.end - s.start
    m = _HOLDER_BEFORE.search(s.text[max(0, rel_start - 50) : rel_start])
    if m:
        name = re.sub(r"\([^()]*\)", " ", m.group(1))  # "Kimani (Kiki) Gray"
    else:
        m = _HOLDER_AFTER.match(s.text[rel_end : rel_end + 60])
        if not (m and q.text.endswith("old")):
            return None
        name = m.group(1)
    words: list[str] = []
    for w in reversed(fold(name).replace("’", "'").split()):
        w = w.rstrip(".")
        if w in _HONORIFIC or w in STOPWORDS or w in _TIME_WORDS:
            break  # "On Tuesday Williams, 43,": the name is what follows
        words.insert(0, w.removesuffix("'s"))
    if not words:
        return None
    surname = words[-1]
    people = [e for e in s.entity_ids if e.startswith("person:") and _surname(e) == surname]
    if len(words) > 1:  # "Catherine Gomes, 61": the full name given, not any Gomes of the sentence
        given = [w for w in words[:-1] if len(w.strip(".")) > 1]
        full = [e for e in people if set(given) <= set(e.split(":", 1)[1].split("-"))]
        if len(full) == 1:
            return full[0]  # "Brian Nichols, 50" / person:brian-g-nichols
        if given:
            return f"person:{given[-1]}-{surname}"
    return people[0] if len(people) == 1 else f"person:{surname}"


def _surname(person_id: str) -> str:
    """"person:gary-gomes" -> "gomes"."""
    return person_id.split(":", 1)[-1].split("-")[-1]


def _age_holder(s: Statement, q: Quantity) -> str | None:
    """The surname an age belongs to (``_named_age_holder``), else the noun after "N-year-old"
    ("a 66-year-old woman", "the 36-year-old driver")."""
    named = _named_age_holder(s, q)
    if named is not None:
        return _surname(named)
    m = re.match(r"\s+([a-z]+)", s.text[q.end - s.start : q.end - s.start + 30])
    if m and q.text.endswith("old"):
        return fold(m.group(1))
    return None


def age_pairs(statements: Sequence[Statement]) -> set[tuple[int, int]]:
    """Pairs (i < j) of statements of different articles that give an age for one named person
    ("Williams, 32, was going west" / "Williams, 43, was arrested"): one fact about the person,
    however little else the sentences share, so candidates for a conflict beside the aligned pairs.
    Linear in the statements, plus the pairs of each name's (few) sentences."""
    by_name: dict[str, list[tuple[int, str]]] = {}
    for i, s in enumerate(statements):
        for q in s.quantities:
            if _key(q) == "year-old" and q.exact and (h := _named_age_holder(s, q)) is not None:
                by_name.setdefault(_surname(h), []).append((i, h))
                break
    out: set[tuple[int, int]] = set()
    for members in by_name.values():
        members = members[:50]  # a name given an age in more sentences than that is a list, not one person
        full = {h for _, h in members if "-" in h}
        if any(not _same_person(x, y) for x in full for y in full):
            # two people of one surname ("Gary Gomes", "Catherine Gomes"): a bare "Gomes, 35" is either
            members = [(i, h) for i, h in members if "-" in h]
        for x, (i, hi) in enumerate(members):
            for j, hj in members[x + 1 :]:
                if statements[i].article_id != statements[j].article_id and _same_person(hi, hj):
                    out.add((i, j))
    return out


def _same_holder(a: Statement, b: Statement, d: Disagreement) -> bool:
    """Two ages given for one named person ("Comeaux, 49" / "Comeaux, 66"): one fact, whatever else
    the sentences say."""
    if d.key != "year-old":
        return False
    qa = next((q for q in a.quantities if _key(q) == d.key and not _states(b, q)), None)
    qb = next((q for q in b.quantities if _key(q) == d.key and not _states(a, q)), None)
    if qa is None or qb is None:
        return False
    ha, hb = _named_age_holder(a, qa), _named_age_holder(b, qb)
    return ha is not None and hb is not None and _same_person(ha, hb)


_CLAUSE_CUT = re.compile(r"[,;:(—–]|\band\b|\bbut\b")
_PLACE_NAME = re.compile(r"\b(?:in|for|across|of)\s+((?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")


def _figure_place(s: Statement, q: Quantity) -> tuple[str, str | None] | None:
    """The country or region a figure is given for, named in its own clause ("services in Egypt
    were down by 80 percent", "60 per cent in India"), else None."""
    rel_start, rel_end = q.start - s.start, q.end - s.start
    left = _CLAUSE_CUT.split(s.text[max(0, rel_start - 60) : rel_start])[-1]
    right = _CLAUSE_CUT.split(s.text[rel_end : rel_end + 40])[0]
    found = {p for m in _PLACE_NAME.finditer(left + " " + right) if (p := place_of(m.group(1))) is not None}
    return next(iter(found)) if len(found) == 1 else None


def number_guard(a: Statement, b: Statement, d: Disagreement) -> str | None:
    """Why two figures for one thing are no plain disagreement (None when they are): only exact
    figures ("about 40", "thousands" never conflict); one figure for the thing in each; no scope
    word beside it ("so far", "since"), no part ("his first 17 passes"), no conversion in
    brackets; ordinals agree where both give one ("the first day" / "the second"); not several
    figures differing at once; where both name people, they share one and name the same one first;
    what happened to the counted thing agrees ("were killed" / "were wounded"); the words before
    the figures agree ("killed two" / "wounded three")."""
    qa, qb = _plain_figures(a, d.key, b), _plain_figures(b, d.key, a)
    if qa is None or qb is None:
        return "not one plain exact figure"
    oa, ob = (_ordinals(x.text) for x in (a, b))
    if oa - ob and ob - oa:
        return "ordinals differ"  # "the first day" / "the second day"; not "1st degree" / "first - degree"
    if len({x.key for x in _numbers(a, b, None)}) > 1:
        return "several figures differ"  # two different facts, not one figure in dispute
    others_a = [q for q in a.quantities if _key(q) != d.key]
    others_b = [q for q in b.quantities if _key(q) != d.key]
    if others_a and others_b and not any(_agree(x, y) for x in others_a for y in others_b):
        return "no other figure agrees"  # "28 passes for 329 yards" / "29 of 34 for 364"
    if d.key == "year-old":
        ha, hb = _age_holder(a, qa[0]), _age_holder(b, qb[0])
        if ha and hb and ha != hb:
            return "ages of different people"  # "66-year-old woman" / "36-year-old driver"
        na, nb = _named_age_holder(a, qa[0]), _named_age_holder(b, qb[0])
        if na and nb and not _same_person(na, nb):
            return "ages of different people"  # "Mahnefah Gray, 19" / "Kimani Gray, 16"
        if na and nb:
            return None  # "Williams, 32, was going west" / "Williams, 43, was arrested": what else they say differs
    if _different_people(a, b):
        return "different people"  # "Garrard completed 28" / "Manning completed 29"
    sa, sb = _subject(a), _subject(b)
    if sa and sb and not _same_person(sa, sb):
        return "different subjects"  # "Shy Ely put up 23 points" / "Ty Lawson also chipped in 16 points"
    la, lb = _lead(a), _lead(b)
    if la and lb and la != lb and not _same_person(la, lb):
        # "Ford finished his career with 2,290 points" / "Louisville's Earl Clark finished ... with 25 points"
        return "different subjects"
    pa, pb = _figure_place(a, qa[0]), _figure_place(b, qb[0])
    if pa and pb and pa != pb:
        return "figures of different places"  # "60 per cent in India" / "in Egypt ... 80 percent"
    va, vb = _verb_after(a, qa[0]), _verb_after(b, qb[0])
    if va and vb and va != vb:
        return "different action"  # "two soldiers were killed" / "three soldiers were wounded"
    if not _same_frame(a, b, d):
        return "different frame"  # "killed two" / "wounded three"
    return None


def _same_person(x: str, y: str) -> bool:
    """Two person ids of one story name the same person: equal, or one is a bare surname the other
    ends on or contains ("person:lacalamita" / "person:anthony-lacalamita-iii"); two full names
    that differ are two people ("person:boris-johnson" / "person:woody-johnson")."""
    if x == y:
        return True
    wx, wy = x.split(":", 1)[-1].split("-"), y.split(":", 1)[-1].split("-")
    if len(wx) > 1 and len(wy) > 1:
        return False
    short, long_ = (wx, wy) if len(wx) == 1 else (wy, wx)
    return len(short[0]) > 2 and short[0] in long_


def _different_people(a: Statement, b: Statement) -> bool:
    """Both statements name people and none of one's is one of the other's."""
    pa = [e for e in a.entity_ids if e.startswith("person:")]
    pb = [e for e in b.entity_ids if e.startswith("person:")]
    return bool(pa and pb) and not any(_same_person(x, y) for x in pa for y in pb)


def _numbers_reportable(a: Statement, b: Statement, d: Disagreement) -> bool:
    return number_guard(a, b, d) is None


_LEAD_IN = re.compile(r"^([^:\"“]{1,60}):\s+(?=[A-Z])")
_SPEECH_END = re.compile(r"\b(?:said|says|told|wrote|writes|added|adds|tweeted|posted|stated|declared|explained)\s*$", re.I)


def _lead_in(s: Statement) -> int:
    """Where the sentence proper starts after a short lead-in that ends on a colon ("Brian Krebs sounds
    worried: Microsoft estimated Thursday ...", "Report: Mike Pompeo met ..."); 0 when there is none
    or the lead-in introduces speech ("Zelensky said: ...")."""
    m = _LEAD_IN.match(s.text)
    if m is None or len(m.group(1).split()) > 8 or _SPEECH_END.search(m.group(1)):
        return 0
    return m.end()


def _subject(s: Statement) -> str | None:
    """The person named first in the statement (by the earliest mention of a name word of its
    entity id; after a short lead-in ending on a colon), when it names one before its first figure:
    who the figures are about."""
    first_figure = min((q.start - s.start for q in s.quantities), default=len(s.text))
    head = fold(s.text[_lead_in(s) : first_figure])
    best: tuple[int, int, str] | None = None
    for eid in sorted(s.entity_ids):
        if not eid.startswith("person:"):
            continue
        words = [w for w in eid.split(":", 1)[1].split("-") if len(w) > 2]
        # (position, 0 when the word hit is the surname, id): "Nixon" is Richard Nixon's surname,
        # not the first word of a mis-joined "Nixon W. Mark Felt"; ties end on the id, never on set order
        hits = [(m.start(), 0 if w == words[-1] else 1, eid)
                for w in words for m in re.finditer(rf"\b{re.escape(w)}\b", head)]
        if hits and (best is None or min(hits) < best):
            best = min(hits)
    return best[2] if best else None


_LEAD_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_LEAD_VERB = frozenset(
    "has had was is were are will would did does scored won lost finished spent served ran threw caught".split()
) | _IRREGULAR
_HONORIFIC = frozenset({"mr", "mrs", "ms", "dr"})


def _lead(s: Statement) -> str | None:
    """Who the sentence opens on as the doer, when it opens on a name (up to three capitalised
    words) or a pronoun directly followed by a verb ("Ford finished", "Louisville's Earl Clark
    finished", "He has also caught"): the entity id the name's last word belongs to (of any type:
    "Ford" may be read as a place), or None (a pronoun, or no such opening: "Ukraine's forces
    fought", "Police said", "Mr. Gigante, who ..., was")."""
    tokens = s.text[_lead_in(s) :].lstrip("\"“'‘ ").split()[:6]
    if tokens and fold(tokens[0]).rstrip(".") in _HONORIFIC:
        tokens = tokens[1:]
    name: list[str] = []
    for k, tok in enumerate(tokens[:4]):
        if not tok[:1].isupper() or k == 3:
            break
        name.append(fold(tok).replace("’", "'").removesuffix("'s"))
        if not tok[-1].isalnum():  # "Gigante," / "Ford." : the name does not run into a verb
            return None
        nxt = [fold(t) for t in tokens[k + 1 : k + 3]]
        if nxt and nxt[0] in ("also", "now", "then", "later") or (nxt and nxt[0].endswith("ly")):
            nxt = nxt[1:]
        if nxt and (nxt[0] in _LEAD_VERB or (nxt[0].endswith("ed") and len(nxt[0]) > 4)):
            if len(name) == 1 and name[0] in _LEAD_PRONOUNS:
                return None  # "He missed six games": most often the story's own subject; never a guard
            for eid in sorted(s.entity_ids):
                if name[-1] in eid.split(":", 1)[-1].split("-"):
                    return eid
            return None
    return None


def _same_frame(a: Statement, b: Statement, d: Disagreement) -> bool:
    qa = next(q for q in a.quantities if _key(q) == d.key and not _states(b, q))
    qb = next(q for q in b.quantities if _key(q) == d.key and not _states(a, q))
    fa, fb = _frame(a, qa), _frame(b, qb)
    return not fa or not fb or bool(fa & fb)


# -- days -------------------------------------------------------------------------
def _day_ref(s: Statement):
    """The one day a statement names (a date or a weekday), else None. A plan's day ("will meet on
    Monday") counts too: the modality slot keeps plans and reports apart. An embedded post's own
    date is not a day the sentence states (``find_post_day_conflicts`` weighs it)."""
    days = [t for t in s.times if t.kind in ("date", "weekday")]
    return days[0] if len(days) == 1 else None


def day_of(s: Statement) -> tuple[str | None, int | None, bool] | None:
    """(ISO date or None, weekday or None, explicit) of the one day a statement names, else None."""
    t = _day_ref(s)
    if t is None:
        return None
    wd = t.weekday if t.weekday is not None else (date.fromisoformat(t.date).weekday() if t.date else None)
    return t.date, wd, t.explicit


def day_label(day: tuple[str | None, int | None, bool]) -> str:
    iso, wd, explicit = day
    if explicit and iso:
        return f"{weekday_name(date.fromisoformat(iso).weekday())}, {iso}"
    return weekday_name(wd) if wd is not None else (iso or "?")


_REPORT_DAY = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|confirmed|added|wrote|tweeted|posted|according to)\b"
    r"(?:\s+\S+){0,3}?\s*(?:on\s+|\(\s*)?$",
    re.I,
)


_PLANNED_BEFORE = re.compile(r"\b(?:will|would|to|shall|could|may|might)\s+(?:not\s+)?be\s+$", re.I)


def _report_day(s: Statement) -> bool:
    """The statement's day is the day somebody said or announced something ("said Friday",
    "announced on Twitter today (20 October)"), not the day of the event."""
    t = _day_ref(s)
    if t is None:
        return False
    lo = max(0, t.start - s.start - 40)
    m = _REPORT_DAY.search(s.text[lo : t.start - s.start])
    # "will be announced on October 5": the planned event's own day, not the day of a report
    return m is not None and not _PLANNED_BEFORE.search(s.text[: lo + m.start()])


def _words_but_time(s: Statement) -> set[str]:
    return {_stem(w) for w in _LOCAL_WORD.findall(s.text)
            if fold(w) not in STOPWORDS and fold(w) not in _TIME_WORDS and fold(w) not in _WEEKDAY_WORDS}


_WEEKDAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def near_copy(a: Statement, b: Statement, at_least: float) -> bool:
    """The two sentences are one sentence but for the day (Jaccard of their content-word stems, days
    and time words left out, at least ``at_least``): "Cpl. Janice Leader told reporters Friday that
    ..." / "... told reporters Monday that ...": one report, so one day."""
    wa, wb = _words_but_time(a), _words_but_time(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= at_least


def _days_reportable(a: Statement, b: Statement, d: Disagreement) -> bool:
    """Not about two different people ("The Saints placed Ivory on injured reserve Tuesday" / "...
    placed Thomas on injured reserve Wednesday"). (The day of a report is weighed in ``_days_close``.)"""
    if _different_people(a, b):
        return False
    sa, sb = _subject(a), _subject(b)
    return not (sa and sb and not _same_person(sa, sb))


def _days(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    da, db = day_of(a), day_of(b)
    if da is None or db is None or da[1] is None or db[1] is None:
        return []
    same = da[1] == db[1] and (not (da[2] and db[2]) or da[0] == db[0])
    if same:
        return []
    kind = "date" if da[2] and db[2] else "weekday"
    return [Disagreement(kind, "day", day_label(da), day_label(db))]


# -- months -----------------------------------------------------------------------
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_WORD = re.compile(r"\b(" + "|".join(m.title() for m in _MONTHS) + r")\b")


def _month_ref(s: Statement):
    """(the time reference, month 1-12) of the one month a statement names with no day ("launched
    a fashion line in December"), else None: a statement that names a day has the day slot."""
    if any(t.kind in ("date", "weekday") for t in s.times):
        return None
    months = [(t, m) for t in s.times if t.kind == "month" for m in [_MONTH_WORD.search(t.text)] if m]
    if len(months) != 1:
        return None
    t, m = months[0]
    return t, _MONTHS.index(m.group(1).lower()) + 1


def _months(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    ma, mb = _month_ref(a), _month_ref(b)
    if ma is None or mb is None or ma[1] == mb[1]:
        return []
    return [Disagreement("month", "month", _MONTHS[ma[1] - 1].title(), _MONTHS[mb[1] - 1].title())]


def _month_value(s: Statement, key: str, others: Sequence[Statement] = ()) -> tuple[object, str] | None:
    got = _month_ref(s)
    return None if got is None else (got[1], _MONTHS[got[1] - 1].title())


# -- clock times ------------------------------------------------------------------
# "3:30 a.m.", "3 : 33 a. m." (tokenised copy), "8.40am", "4pm", "1630 GMT"; not a game clock ("with
# 4:48 remaining", "4 : 08 to go"), a ratio or a verse.
_CLOCK = re.compile(
    r"(?<![\d.:])(?P<h>\d{1,2})(?:\s?[:.]\s?(?P<m>[0-5]\d))?\s?(?P<ap>[ap])\.?\s?m\b\.?"
    r"|(?<![\d.:])(?P<h2>\d{1,2})\s?:\s?(?P<m2>[0-5]\d)(?![\d.:])(?!\s*(?:to go|remaining|left|into|in the|of the))"
    r"|(?<![\d.:])(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)\s?(?:GMT|UTC|BST|CET|EST|EDT|PST|PDT|hours|hrs|local time)\b",
    re.I,
)


def _clock_ref(s: Statement) -> tuple[int, bool, int, int, str] | None:
    """(minutes after midnight, whether a.m./p.m. or a 24-hour clock fixes the half day, start, end,
    text) of the one clock time a statement names, else None."""
    found = []
    for m in _CLOCK.finditer(s.text):
        if m["h"] is not None:
            h, mins = int(m["h"]), int(m["m"] or 0)
            if not 1 <= h <= 12:
                continue
            h = h % 12 + (12 if m["ap"].lower() == "p" else 0)
            found.append((h * 60 + mins, True, m))
        elif m["h2"] is not None:
            h, mins = int(m["h2"]), int(m["m2"])
            if h > 23:
                continue
            found.append((h * 60 + mins, h == 0 or h > 12, m))
        else:
            found.append((int(m["h3"]) * 60 + int(m["m3"]), True, m))
    if len(found) != 1:
        return None
    minutes, fixed, m = found[0]
    return minutes, fixed, s.start + m.start(), s.start + m.end(), m.group().strip()


# "shortly after 3:30", "about 2045 GMT", "by 4.30pm": a time that only bounds or rounds the moment
_CLOCK_APPROX = re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|shortly|just|soon|some time|"
                           r"after|before|by|until|till|from|between|since|past|early|late|later)\s+$", re.I)


def _clocks(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    ca, cb = _clock_ref(a), _clock_ref(b)
    if ca is None or cb is None:
        return []
    day = 1440 if ca[1] and cb[1] else 720
    diff = abs(ca[0] - cb[0]) % day
    diff = min(diff, day - diff)
    approx = any(_CLOCK_APPROX.search(s.text[max(0, c[2] - s.start - 16) : c[2] - s.start]) for s, c in ((a, ca), (b, cb)))
    if diff == 0 or (approx and diff <= (limits or {}).get("clock_slack", 0)):
        return []
    return [Disagreement("clock", "clock", ca[4], cb[4])]


def _clock_value(s: Statement, key: str, others: Sequence[Statement] = ()) -> tuple[object, str] | None:
    got = _clock_ref(s)
    return None if got is None else (got[0] % 720 if not got[1] else got[0], got[4])


# -- places -----------------------------------------------------------------------
@lru_cache(maxsize=1)
def _place_table() -> dict[str, set[tuple[str, str | None]]]:
    """Folded place name -> {(country code, subdivision code or None)} from pycountry."""
    from collections import defaultdict

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


def place_of(surface: str) -> tuple[str, str | None] | None:
    key = fold(re.sub(r"^(?:the)\s+|\s+(?:region|oblast|province|state)$", "", surface.strip(), flags=re.I))
    hits = _place_table().get(key)
    if not hits:
        return None
    countries = [h for h in hits if h[1] is None]
    if countries:
        return countries[0] if len(countries) == 1 else None
    return next(iter(hits)) if len(hits) == 1 else None


def _located(s: Statement) -> tuple[tuple[str, str | None], str] | None:
    known = {p: name for p, name in ((place_of(name), name) for _, name in s.places) if p is not None}
    if len(known) != 1:
        return None
    return next(iter(known.items()))


def _places(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    la, lb = _located(a), _located(b)
    if la is None or lb is None:
        return []
    (pa, na), (pb, nb) = la, lb
    if pa[0] == pb[0] and (pa[1] is None or pb[1] is None or pa[1] == pb[1]):
        return []
    if fold(nb) in fold(a.text) or fold(na) in fold(b.text):
        return []  # "felt in Oman and the UAE": both places, not a disagreement
    return [Disagreement("place", "place", na, nb)]


_FACILITY = re.compile(
    r"\b(?:at|in|to|from|outside|inside|near)\s+(?:the\s+)?((?:[A-Z][\w'’.-]*\s+){1,4})"
    r"(Hospital|Medical Center|Medical Centre|Prison|Jail|Penitentiary|Airport|Hotel|Stadium|Arena|Church|"
    r"Cathedral|Mosque|Synagogue|Temple|School|University|College|Station|Courthouse|Mall|Theater|Theatre)\b"
)
_FACILITY_FILLER = frozenset({"mt", "mount", "st", "saint", "the", "of", "and", "general", "memorial", "county",
                              "city", "state", "national", "international", "regional", "community"})


def _facility(s: Statement) -> tuple[str, frozenset[str]] | None:
    """The one named facility the statement puts its fact at ("pronounced dead at Mount Sinai
    Hospital"): (its kind, the distinctive words of its name), else None."""
    found = {(m.group(2).lower(), frozenset(w for w in fold(m.group(1).replace(".", " ")).split()
                                            if w not in _FACILITY_FILLER))
             for m in _FACILITY.finditer(s.text)}
    return next(iter(found)) if len(found) == 1 else None


def _facilities(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    """Two named facilities of one kind with nothing of their names in common ("at Mount Sinai
    Hospital" / "at Jamaica Hospital"): two places, so two facts (never reported as a conflict:
    one event spans several hospitals, prisons, stations)."""
    fa, fb = _facility(a), _facility(b)
    if fa is None or fb is None or fa[0] != fb[0] or not fa[1] or not fb[1] or fa[1] & fb[1]:
        return []
    return [Disagreement("facility", fa[0], " ".join(sorted(fa[1])), " ".join(sorted(fb[1])))]


# -- speakers ---------------------------------------------------------------------
def _speakers(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    """Statements credited to two different named speakers state two facts (each said it)."""
    if not (a.speaker_id and b.speaker_id) or a.speaker_id == b.speaker_id:
        return []
    if a.kind not in ("quote", "reported") or b.kind not in ("quote", "reported"):
        return []
    return [Disagreement("speaker", "speaker", a.speaker or a.speaker_id, b.speaker or b.speaker_id)]


def _quotes_close(a: Statement, b: Statement, d: Disagreement, score: float, blocked: bool, t: Mapping[str, float]) -> bool:
    """The quoted words alike (lexical cosine as in alignment), the speakers' names left out."""
    from ..features.similarity import sentence_vectors

    v = sentence_vectors([a.quote or a.text, b.quote or b.text], word_weight=0.5, number_weight=1.0)
    return float((v[0] @ v[1].T).toarray()[0, 0]) >= t["conflict_score"]


def _numbers_close(a: Statement, b: Statement, d: Disagreement, score: float, blocked: bool, t: Mapping[str, float]) -> bool:
    """Claims that would have merged but for the figure, or sentences alike, or two ages of one
    named person ("Comeaux, 49" / "Comeaux, 66"), or the figures' own
    phrases alike ("fought six Chinese soldiers" / "had fought seven Chinese soldiers in the
    Donetsk region") in sentences that align at all, where neither is a running total ("so far",
    "this season") anywhere in the sentence."""
    if blocked or score >= t["conflict_score"] or _same_holder(a, b, d):
        return True
    return (score >= t["conflict_local_floor"] and not _scoped(a, b)
            and local_score(a, b, d, int(t["conflict_window"])) >= t["conflict_local"])


def _days_close(a: Statement, b: Statement, d: Disagreement, score: float, blocked: bool, t: Mapping[str, float]) -> bool:
    """Days need sentences alike as a whole (``day_conflict_score``: steps of one event, "shot on
    Friday" / "charged on Saturday", share most words), or the day's own phrase alike ("on Friday,
    filing a lawsuit" / "on Monday filed a lawsuit") in sentences that align (or were aligned but
    for the day): a merge refused for the day alone is not enough, steps of an event align. (Also
    tried: a shared past-tense verb instead of the day's own words: ECB+ injection recall 0.650 ->
    0.692, but untouched weekday conflicts 2 -> 17, nearly all steps of an event.)"""
    if _report_day(a) or _report_day(b):
        # "said Friday": the same words are said on many days; only one copied sentence with the
        # day changed ("told reporters Friday that ..." / "told reporters Monday that ...") is one report
        return near_copy(a, b, t["report_day_copy"])
    return _moment_close(a, b, d, score, blocked, t)


def _moment_close(a: Statement, b: Statement, d: Disagreement, score: float, blocked: bool, t: Mapping[str, float]) -> bool:
    """Two days or times of one happening: sentences alike as a whole, or aligned and alike around
    the slot, about one named doer doing one act, or sharing a distinctive figure."""
    if score >= t["day_conflict_score"]:
        return True
    if blocked and _same_subject(a, b) and _actions(a) & _actions(b):
        return True  # "Lo Presti hanged himself ... Tuesday" / "Lo Presti hung himself ... on Friday"
    if (score > 0 and _same_subject(a, b) and (verb := _slot_verb(a, d, int(t["slot_verb_chars"]))) is not None
            and verb == _slot_verb(b, d, int(t["slot_verb_chars"]))):
        # sentences that share little else, about one person doing one act on two days: "Jackson was
        # arrested ... early Tuesday morning" / "Vincent Jackson was arrested ... on Friday morning"
        return True
    if not (blocked or score >= t["conflict_local_floor"]):
        return False
    return local_score(a, b, d, int(t["conflict_window"])) >= t["day_conflict_local"] or _shared_anchor(a, b)


def _same_subject(a: Statement, b: Statement) -> bool:
    """Both name the same person first, and that person is not who speaks ("Tim Fanning said the
    gunman came in around 4 p.m." / "..., Fanning said": the speaker is no doer of the act)."""
    sa = _subject(a)
    return sa is not None and sa == _subject(b) and not _says(a, sa) and not _says(b, sa)


_SAYS_AFTER = re.compile(r"^[^.;:]{0,60}?\b(?:said|says|told|tells|stated|added|adds|explained)\b", re.I)


def _says(s: Statement, person: str) -> bool:
    """The person named first is who speaks the sentence ("Tim Fanning said the gunman came in around
    4 p.m.", "John Owen, the city's public safety director, says dispatchers got a call"), not its doer
    ("Obama announces his nomination ... Monday": announcing is the act)."""
    if person not in (s.speaker_id or ""):
        return False
    surname = person.split(":", 1)[-1].split("-")[-1]
    m = re.search(rf"\b{re.escape(surname)}\b", fold(s.text))
    return m is not None and _SAYS_AFTER.match(s.text[m.end() :]) is not None


# Irregular past forms -> the verb ("hung" / "hanged": one act).
_LEMMA = {
    "shot": "shoot", "won": "win", "lost": "lose", "took": "take", "gave": "give", "made": "make", "held": "hold",
    "sent": "send", "led": "lead", "fought": "fight", "sold": "sell", "bought": "buy", "paid": "pay",
    "struck": "strike", "stole": "steal", "threw": "throw", "caught": "catch", "drove": "drive", "broke": "break",
    "ran": "run", "spent": "spend", "found": "find", "built": "build", "brought": "bring", "kept": "keep",
    "began": "begin", "hung": "hang", "fell": "fall", "rose": "rise", "met": "meet", "died": "die", "dies": "die",
    "flew": "fly", "fled": "flee", "went": "go", "came": "come", "chose": "choose", "wrote": "write", "won't": "win",
}
# Verbs of saying and thinking: every report has them, they tell no act apart.
_SAYING = frozenset("""said says told tells reported reports reporting stated states added adds according believed believes
    thinks thought claimed claims noted notes explained explains""".split())
# -ing words that are no verbs
_NOT_ACTION = frozenset("""evening morning building meeting thing nothing something anything everything during
    according spring ring king wedding ceiling""".split())


def _actions(s: Statement) -> set[str]:
    """Stems of the verbs the sentence tells, as a crude reader sees them: past forms in -ed and
    irregular ones ("hanged", "hung", "held"), -ing forms, infinitives ("to announce") and present
    forms after a name ("Obama announces", "Microsoft usually pushes"); verbs of saying left out."""
    return _actions_in(s.text)



def _slot_verb(s: Statement, d: Disagreement, reach: int) -> str | None:
    """The verb the disputed day or time belongs to: the last one before it in its clause, within
    ``reach`` characters (``[claims] slot_verb_chars``), -ing forms left out (most are nouns there: "drunk driving", "for speeding"): "Jackson
    was *arrested* by the California Highway Patrol early Tuesday", "when Williams was arrested were
    *released* Wednesday" (the day is the release's, not the arrest's); None when there is none."""
    span = _span(s, d)
    if span is None:
        return None
    lo = span[0] - s.start
    left = re.split(r"[;:(—–]|, (?:and|but|while|when|after|before)\b", s.text[max(0, lo - reach) : lo])[-1]
    left = left[left.find(" ") + 1 :] if lo > reach else left  # no cut word
    verbs = [v for v, w in _action_words(left) if not w.endswith("ing")]
    return verbs[-1] if verbs else None


def _actions_in(text: str) -> set[str]:
    return {v for v, _ in _action_words(text)}


def _action_words(text: str) -> list[tuple[str, str]]:
    """(stem, word) of each verb of ``text`` in order, as ``_actions`` reads them."""
    out: list[tuple[str, str]] = []
    words = text.split()
    for k, raw in enumerate(words):
        w = fold(raw.strip(".,;:!?\"“”'‘’()"))
        if not raw[:1].islower() or not w.isalpha() or w in _SAYING or w in STOPWORDS or w in _NOT_ACTION or w in _TIME_WORDS:
            continue
        prev = words[k - 1] if k else ""
        prev2 = words[k - 2] if k > 1 else ""
        named_before = prev[:1].isupper() or (fold(prev).endswith("ly") and prev2[:1].isupper())
        if w in _LEMMA:
            out.append((_stem(_LEMMA[w]), w))
        elif (w.endswith("ed") or w.endswith("ing")) and len(w) > 5:
            out.append((_stem(w), w))
        elif fold(prev) == "to" or (named_before and w.endswith("s") and not w.endswith("ss") and len(w) > 4):
            out.append((_stem(w), w))
    return out


_NOT_ANCHOR = frozenset({"year-old", "second", "minute", "hour", "day", "week", "month", "year", "time", "people"})
_GAME_SCORE = re.compile(r"(?<![\d.,])(\d{1,3})\s*-\s*(\d{1,3})(?![\d.,])")


def _shared_anchor(a: Statement, b: Statement) -> bool:
    """Both sentences give one distinctive figure of one event alike: an exact amount of a counted
    thing that is no small count (5 or more, or a fraction: "a 5.6 magnitude earthquake" /
    "a magnitude of 5.6"; no clock time "8 : 30 p. m."), not an age, a span of time or a count of
    people (attributes of people, waits and tolls, shared by steps of an event), or one final score ("91-73 victory" / "beat Evansville, 91-73"): the
    two sentences tell one happening, so they cannot both be right about its day."""
    for qa in a.quantities:
        if not qa.exact or _key(qa) is None or qa.noun in _NOT_ANCHOR or len(qa.noun or "") < 3:
            continue
        if qa.value < 5 and float(qa.value).is_integer():
            continue
        if any(qb.exact and _key(qb) == _key(qa) and _agree(qa, qb) for qb in b.quantities):
            return True
    sa, sb = (_game_scores(x.text) for x in (a, b))
    return bool(sa & sb)


def _game_scores(text: str) -> set[tuple[str, str]]:
    """"91-73", "65 - 53": both sides 10 or more (a season record "25 - 7" is shared by every game)."""
    return {m.groups() for m in _GAME_SCORE.finditer(text) if min(int(g) for g in m.groups()) >= 10}




def _score_close(key: str):
    return lambda a, b, d, score, blocked, t: blocked or score >= t[key]


def _last_word(s: Statement) -> str:
    return (fold(s.speaker_text or "").replace("’", "'").replace("'s", "").split() or [""])[-1]


def _one_edit(x: str, y: str) -> bool:
    """``x`` and ``y`` differ by at most one inserted, deleted or changed letter."""
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) > len(y):
        x, y = y, x
    k = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), len(x))
    return x[k + (len(x) == len(y)) :] == y[k + 1 :]


def _spelled_alike(x: str, y: str) -> bool:
    """Two written names of one person spelled two ways: the same given name (or none) and surnames
    one letter apart ("Ilene Wolfe" / "Ilene Wolff"): a spelling to show, not two speakers."""
    wx, wy = fold(x).split(), fold(y).split()
    if not wx or not wy or (len(wx) > 1 and len(wy) > 1 and wx[0] != wy[0]):
        return False
    return len(wx[-1]) >= 4 and _one_edit(wx[-1], wy[-1])


def _speakers_reportable(a: Statement, b: Statement, d: Disagreement) -> bool:
    """The same words quoted, each credited by name in its own sentence, to two people whose
    names as written differ outright ("Trump" resolved to two entities is our ambiguity),
    and neither sentence names the other speaker ("said Hansbrough, who sat beside Roy Williams")."""
    if a.kind != "quote" or b.kind != "quote" or not (a.speaker_explicit and b.speaker_explicit):
        return False
    if _last_word(a) == _last_word(b) or _spelled_alike(a.speaker or "", b.speaker or ""):
        return False
    for x, y in ((a, b), (b, a)):
        if y.speaker and y.speaker.split()[-1] in x.text:
            return False
    return True


# -- polarity and modality ----------------------------------------------------------
def _cues(a: Statement, b: Statement, limits: Mapping[str, float] | None) -> tuple[set[str], set[str]]:
    """The negation and modal cues of each sentence that govern content both share (``claims.modality.
    shared_cues``, ``cue_scope`` words after the cue); without settings, each statement's own reading."""
    if limits is None or not limits.get("cue_scope"):  # 0: each statement's whole-sentence reading
        own = [({"negated"} if s.negated else set()) | ({s.modality} - {"asserted"}) for s in (a, b)]
        return own[0], own[1]
    return shared_cues(a.text, b.text, int(limits["cue_scope"]))


def _polarity(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    ca, cb = _cues(a, b, limits)
    if ("negated" in ca) == ("negated" in cb):
        return []
    return [Disagreement("polarity", "polarity", "negated" if "negated" in ca else "asserted",
                         "negated" if "negated" in cb else "asserted")]


def _quote_words(s: Statement) -> set[str]:
    return {_stem(w) for w in _LOCAL_WORD.findall(s.quote or "") if fold(w) not in STOPWORDS}


def quote_overlap(a: Statement, b: Statement) -> float:
    """Jaccard of the stems of two direct quotes' content words."""
    qa, qb = _quote_words(a), _quote_words(b)
    return len(qa & qb) / len(qa | qb) if qa and qb else 0.0


def _quotes(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    """Two direct quotes whose own words differ are two statements, however alike the sentences
    around them ("..., Macron said in remarks at an opening ceremony"): other parts of one speech."""
    if not a.quote or not b.quote or limits is None:
        return []  # (a reported statement with a quoted phrase counts: 'said he believed "there's a lot of goodwill"')
    if quote_overlap(a, b) >= float(limits["quote_overlap"]):
        return []
    return [Disagreement("quote", "quote", a.quote[:60], b.quote[:60])]


_SAYING_STEMS = frozenset(_stem(w) for w in """said says told tells reported stated added according statement
    spokesman spokeswoman""".split())


def _content(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    """Two sentences that share no more than who speaks ("Witnesses said the shooter used a shotgun,
    Troy police Lieutenant Gerry Scherlinck said" / "The victims' conditions weren't immediately
    known, said Troy police Lt. Gerry Scherlinck"): fewer than ``shared_content`` content words in
    common once the speakers' own words and the verbs of saying are left out. Never a conflict."""
    if limits is None or "shared_content" not in limits:
        return []
    spoken = content_stems(a.speaker_text or "") | content_stems(b.speaker_text or "") | _SAYING_STEMS
    shared = (content_stems(a.text) & content_stems(b.text)) - spoken
    if len(shared) >= int(limits["shared_content"]):
        return []
    return [Disagreement("content", "content", a.text[:60], b.text[:60])]


def _modality(a: Statement, b: Statement, limits: Mapping[str, float] | None = None) -> list[Disagreement]:
    ma, mb = (modality_of(c) for c in _cues(a, b, limits))
    return [] if ma == mb else [Disagreement("modality", "modality", ma, mb)]


def _number_value(s: Statement, key: str, others: Sequence[Statement] = ()) -> tuple[object, str] | None:
    """The statement's figure for ``key`` that the other side does not also give ("0.07 percent,
    just under the limit of 0.08 percent" / "... of 0.79 percent": 0.08), else its first."""
    qs = [q for q in s.quantities if _key(q) == key]
    q = next((q for q in qs if not any(_states(o, q) for o in others)), qs[0] if qs else None)
    return None if q is None else ((q.low, q.high), _number_label(q))


def _day_value(s: Statement, key: str, others: Sequence[Statement] = ()) -> tuple[object, str] | None:
    d = day_of(s)
    if d is None or d[1] is None:
        return None
    return (d[0] if d[2] else d[1]), day_label(d)


def _place_value(s: Statement, key: str, others: Sequence[Statement] = ()) -> tuple[object, str] | None:
    got = _located(s)
    return None if got is None else got


def _speaker_value(s: Statement, key: str, others: Sequence[Statement] = ()) -> tuple[object, str] | None:
    return None if not s.speaker_id else (s.speaker_id, s.speaker or s.speaker_id)


def _none(s: Statement, key: str, others: Sequence[Statement] = ()) -> None:
    return None


SLOTS: dict[str, Slot] = {
    s.kind: s
    for s in (
        Slot("number", _numbers, _numbers_reportable, _numbers_close, _number_about, _number_value),
        Slot("day", _days, _days_reportable, _days_close, lambda key: "on which day", _day_value),
        Slot("month", _months, _days_reportable, _days_close, lambda key: "in which month", _month_value),
        Slot("clock", _clocks, _days_reportable, _moment_close, lambda key: "at what time", _clock_value),
        Slot("place", _places, lambda a, b, d: True, _score_close("conflict_score"), lambda key: "where", _place_value),
        Slot("facility", _facilities, lambda a, b, d: False, _score_close("conflict_score"), lambda key: "where", _none),
        Slot("speaker", _speakers, _speakers_reportable, _quotes_close, lambda key: "who said it", _speaker_value),
        Slot("polarity", _polarity, None, _score_close("conflict_score"), lambda key: "whether it happened", _none),
        Slot("quote", _quotes, None, _score_close("conflict_score"), lambda key: "what was said", _none),
        Slot("content", _content, lambda a, b, d: False, _score_close("conflict_score"), lambda key: "what is said", _none),
        Slot("modality", _modality, None, _score_close("conflict_score"), lambda key: "whether it happened or is planned", _none),
    )
}


def disagreements(
    a: Statement, b: Statement, limits: Mapping[str, float], kinds: Sequence[str] | None = None
) -> list[Disagreement]:
    """Every slot on which ``a`` and ``b`` disagree (``limits``: the ``[claims]`` settings the slots
    read, such as ``quote_overlap``; ``kinds``: the slot kinds to check, default all)."""
    out: list[Disagreement] = []
    for name in kinds if kinds is not None else SLOTS:
        out.extend(SLOTS[name].disagree(a, b, limits))
    return out


def slot_of(d: Disagreement) -> Slot:
    return SLOTS["day" if d.kind in ("date", "weekday") else d.kind]


__all__ = ["Disagreement", "Slot", "SLOTS", "disagreements", "slot_of", "day_of", "day_label", "place_of", "plural"]
